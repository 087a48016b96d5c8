//! Reads TOML tables field by field, recording a [`ContentError`] that names the file and the
//! dotted field path for anything missing, mistyped or unknown. Hand-rolled rather than serde
//! so that one bad file yields every problem in it, each with its exact field.

use std::collections::BTreeMap;

use toml::{Table, Value};

use crate::entry::{Provenance, Source};
use crate::error::ContentError;
use crate::framework::{Label, Labels};
use crate::language::Language;

pub(crate) struct Fields<'a> {
    file: &'a str,
    prefix: String,
    table: &'a Table,
    read: Vec<&'a str>,
}

impl<'a> Fields<'a> {
    pub fn new(file: &'a str, table: &'a Table) -> Self {
        Fields::nested(file, String::new(), table)
    }

    fn nested(file: &'a str, prefix: String, table: &'a Table) -> Self {
        Fields {
            file,
            prefix,
            table,
            read: Vec::new(),
        }
    }

    /// The dotted path of `key` inside this table, e.g. `pillars[1].elements[0].id`.
    pub fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    pub fn error(&self, key: &str, problem: impl Into<String>) -> ContentError {
        ContentError::field(self.file, self.path(key), problem)
    }

    fn get(&mut self, key: &'a str) -> Option<&'a Value> {
        let value = self.table.get(key);
        if value.is_some() {
            self.read.push(key);
        }
        value
    }

    /// The underlying table, for tables whose keys are data (glossary entries).
    pub fn raw(&self) -> &'a Table {
        self.table
    }

    /// A required, non-blank string.
    pub fn string(&mut self, key: &'a str, errors: &mut Vec<ContentError>) -> Option<String> {
        match self.get(key) {
            None => {
                errors.push(self.error(key, "missing: expected text"));
                None
            }
            Some(value) => self.non_blank(key, value, errors),
        }
    }

    /// An optional string; present but blank is an error.
    pub fn optional_string(
        &mut self,
        key: &'a str,
        errors: &mut Vec<ContentError>,
    ) -> Option<String> {
        let value = self.get(key)?;
        self.non_blank(key, value, errors)
    }

    fn non_blank(
        &self,
        key: &str,
        value: &Value,
        errors: &mut Vec<ContentError>,
    ) -> Option<String> {
        match value.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(_) => {
                errors.push(self.error(key, "is blank: expected text"));
                None
            }
            None => {
                errors.push(self.error(key, format!("expected text, found {}", kind_of(value))));
                None
            }
        }
    }

    pub fn bool(&mut self, key: &'a str, errors: &mut Vec<ContentError>) -> Option<bool> {
        match self.get(key) {
            None => {
                errors.push(self.error(key, "missing: expected true or false"));
                None
            }
            Some(Value::Boolean(b)) => Some(*b),
            Some(other) => {
                errors.push(self.error(
                    key,
                    format!("expected true or false, found {}", kind_of(other)),
                ));
                None
            }
        }
    }

    pub fn integer(&mut self, key: &'a str, errors: &mut Vec<ContentError>) -> Option<i64> {
        match self.get(key) {
            None => {
                errors.push(self.error(key, "missing: expected a whole number"));
                None
            }
            Some(Value::Integer(n)) => Some(*n),
            Some(other) => {
                errors.push(self.error(
                    key,
                    format!("expected a whole number, found {}", kind_of(other)),
                ));
                None
            }
        }
    }

    /// An optional list of strings (absent = empty).
    pub fn string_list(&mut self, key: &'a str, errors: &mut Vec<ContentError>) -> Vec<String> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            errors.push(self.error(
                key,
                format!("expected a list of text, found {}", kind_of(value)),
            ));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                _ => errors.push(self.error(
                    &format!("{key}[{i}]"),
                    format!("expected non-blank text, found {}", kind_of(item)),
                )),
            }
        }
        out
    }

    /// An optional list of whole numbers (absent = empty).
    pub fn integer_list(&mut self, key: &'a str, errors: &mut Vec<ContentError>) -> Vec<i64> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            errors.push(self.error(
                key,
                format!("expected a list of numbers, found {}", kind_of(value)),
            ));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_integer() {
                Some(n) => out.push(n),
                None => errors.push(self.error(
                    &format!("{key}[{i}]"),
                    format!("expected a whole number, found {}", kind_of(item)),
                )),
            }
        }
        out
    }

    /// A required sub-table.
    pub fn table(&mut self, key: &'a str, errors: &mut Vec<ContentError>) -> Option<Fields<'a>> {
        match self.get(key) {
            None => {
                errors.push(self.error(key, "missing: expected a table"));
                None
            }
            Some(Value::Table(t)) => Some(Fields::nested(self.file, self.path(key), t)),
            Some(other) => {
                errors.push(self.error(key, format!("expected a table, found {}", kind_of(other))));
                None
            }
        }
    }

    /// A required array of tables (`[[key]]`), possibly empty.
    pub fn tables(&mut self, key: &'a str, errors: &mut Vec<ContentError>) -> Vec<Fields<'a>> {
        let Some(value) = self.get(key) else {
            errors.push(self.error(key, format!("missing: expected one or more [[{key}]]")));
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            errors.push(self.error(
                key,
                format!("expected a list of tables, found {}", kind_of(value)),
            ));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = self.path(&format!("{key}[{i}]"));
            match item.as_table() {
                Some(t) => out.push(Fields::nested(self.file, path, t)),
                None => errors.push(ContentError::field(
                    self.file,
                    path,
                    format!("expected a table, found {}", kind_of(item)),
                )),
            }
        }
        out
    }

    /// Every key that is a language code, with its table.
    pub fn language_tables(
        &mut self,
        errors: &mut Vec<ContentError>,
    ) -> BTreeMap<Language, Fields<'a>> {
        let mut out = BTreeMap::new();
        for (key, value) in self.table {
            let Ok(language) = key.parse::<Language>() else {
                continue;
            };
            // Only exact codes count: `pt-BR` would parse but must not be a table name.
            if language.code() != key {
                continue;
            }
            self.read.push(key);
            match value.as_table() {
                Some(t) => {
                    out.insert(language, Fields::nested(self.file, self.path(key), t));
                }
                None => errors.push(self.error(
                    key,
                    format!("expected a table of text, found {}", kind_of(value)),
                )),
            }
        }
        out
    }

    /// `[provenance]`: sources (each with title and optional url), inferred flag, optional note.
    pub fn provenance(&mut self, errors: &mut Vec<ContentError>) -> Option<Provenance> {
        let mut table = self.table("provenance", errors)?;
        let mut sources = Vec::new();
        for mut source in table.tables("sources", errors) {
            let title = source.string("title", errors);
            let url = source.optional_string("url", errors);
            source.finish(errors);
            if let Some(title) = title {
                sources.push(Source { title, url });
            }
        }
        if sources.is_empty() && table.table.contains_key("sources") {
            errors.push(table.error("sources", "is empty: name at least one source"));
        }
        let inferred = table.bool("inferred", errors);
        let note = table.optional_string("note", errors);
        table.finish(errors);
        Some(Provenance {
            sources,
            inferred: inferred?,
            note,
        })
    }

    /// Language tables holding `name` and optional `description`.
    pub fn labels(
        &mut self,
        required: &[Language],
        need_description: bool,
        errors: &mut Vec<ContentError>,
    ) -> Labels {
        let mut labels = Labels::new();
        for (language, mut table) in self.language_tables(errors) {
            let name = table.string("name", errors);
            let description = if need_description && required.contains(&language) {
                table.string("description", errors)
            } else {
                table.optional_string("description", errors)
            };
            table.finish(errors);
            if let Some(name) = name {
                labels.insert(language, Label { name, description });
            }
        }
        for language in required {
            if !self.table.contains_key(language.code()) {
                errors.push(self.error(
                    language.code(),
                    format!("missing: text in {} is required", language.code()),
                ));
            }
        }
        labels
    }

    /// Reports every key that nothing read: usually a typo.
    pub fn finish(self, errors: &mut Vec<ContentError>) {
        for key in self.table.keys() {
            if !self.read.contains(&key.as_str()) {
                errors.push(self.error(key, "unknown field"));
            }
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "text",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}
