//! One value written as Open311 JSON or XML: lists are JSON arrays and XML
//! elements named after the list holding elements named after each item.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Xml,
}

/// A value with the element names XML needs.
pub(crate) enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// (element name in XML, fields in order)
    Object(&'static str, Vec<(&'static str, Value)>),
    /// (element name in XML, items)
    List(&'static str, Vec<Value>),
}

impl Value {
    fn json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                serde_json::Value::from(*n as i64)
            }
            Value::Number(n) => serde_json::Value::from(*n),
            Value::Text(t) => serde_json::Value::String(t.clone()),
            Value::Object(_, fields) => serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_string(), v.json()))
                    .collect(),
            ),
            Value::List(_, items) => {
                serde_json::Value::Array(items.iter().map(Value::json).collect())
            }
        }
    }

    fn xml(&self, name: &str, out: &mut String) {
        out.push('<');
        out.push_str(name);
        out.push('>');
        match self {
            Value::Null => {}
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::Text(t) => escape(t, out),
            Value::Object(_, fields) => {
                for (k, v) in fields {
                    v.xml(k, out);
                }
            }
            Value::List(_, items) => {
                for item in items {
                    let item_name = match item {
                        Value::Object(n, _) | Value::List(n, _) => n,
                        _ => "item",
                    };
                    item.xml(item_name, out);
                }
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

pub(crate) fn render(format: Format, status: StatusCode, value: &Value) -> Response {
    let (body, content_type) = match format {
        Format::Json => (value.json().to_string(), "application/json; charset=utf-8"),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            let root = match value {
                Value::Object(n, _) | Value::List(n, _) => n,
                _ => "value",
            };
            value.xml(root, &mut out);
            (out, "text/xml; charset=utf-8")
        }
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_nests_lists_and_escapes_text() {
        let value = Value::List(
            "errors",
            vec![Value::Object(
                "error",
                vec![
                    ("code", Value::Number(400.0)),
                    ("description", Value::Text("a < b & \"c\"\u{1}".into())),
                ],
            )],
        );
        let mut out = String::new();
        value.xml("errors", &mut out);
        assert_eq!(
            out,
            "<errors><error><code>400</code><description>a &lt; b &amp; &quot;c&quot;</description></error></errors>"
        );
        assert_eq!(
            value.json().to_string(),
            r#"[{"code":400,"description":"a < b & \"c\"\u0001"}]"#
        );
    }
}
