//! The one place cookies are read and written, so their attributes cannot drift.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The names of our cookies; `__Host-` binds them to this exact origin
/// (no Domain, Path=/, Secure), so a sibling subdomain cannot plant them.
pub struct CookieNames {
    pub session: &'static str,
    pub csrf: &'static str,
    pub language: &'static str,
}

pub fn names(secure: bool) -> CookieNames {
    if secure {
        CookieNames {
            session: "__Host-civitas_session",
            csrf: "__Host-civitas_csrf",
            language: "__Host-civitas_lang",
        }
    } else {
        CookieNames {
            session: "civitas_session",
            csrf: "civitas_csrf",
            language: "civitas_lang",
        }
    }
}

/// The value of cookie `name` in the request, if present.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// A `Set-Cookie` value. `max_age` of `None` makes a browser-session cookie;
/// `Some(0)` deletes it.
pub fn set(name: &str, value: &str, secure: bool, http_only: bool, max_age: Option<i64>) -> String {
    let mut cookie = format!("{name}={value}; Path=/; SameSite=Lax");
    if secure {
        cookie.push_str("; Secure");
    }
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    cookie
}

/// Adds a cookie made by [`set`] to a response.
pub fn append(
    response: &mut axum::response::Response,
    name: &str,
    value: &str,
    secure: bool,
    max_age: Option<i64>,
) {
    if let Ok(header) = set(name, value, secure, true, max_age).parse() {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, header);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            "a=1; __Host-civitas_session=abc; b=2"
                .parse()
                .expect("header"),
        );
        assert_eq!(
            read(&headers, "__Host-civitas_session").as_deref(),
            Some("abc")
        );
        assert_eq!(read(&headers, "missing"), None);
    }

    #[test]
    fn host_cookies_are_secure_path_root_without_domain() {
        let cookie = set("__Host-x", "v", true, true, None);
        assert_eq!(cookie, "__Host-x=v; Path=/; SameSite=Lax; Secure; HttpOnly");
    }
}
