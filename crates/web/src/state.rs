//! What every handler can reach.

use crate::i18n::I18n;
use crate::metrics::Metrics;
use civitas_service::Civitas;
use std::sync::Arc;

/// How this server is exposed.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`. Browsers accept `Secure` cookies from
    /// http://127.0.0.1 and http://localhost, so this stays on unless a
    /// deployment serves plain HTTP on another host (then cookies lose the
    /// `__Host-` prefix too, which requires `Secure`).
    pub secure_cookies: bool,
    /// The address people reach this server at, for links shown to copy
    /// (invitation links), without a trailing slash.
    pub public_url: String,
}

impl Default for WebConfig {
    fn default() -> WebConfig {
        WebConfig {
            secure_cookies: true,
            public_url: "http://127.0.0.1:8080".into(),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub civitas: Civitas,
    pub i18n: Arc<I18n>,
    pub metrics: Arc<Metrics>,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(civitas: Civitas, config: WebConfig) -> AppState {
        AppState {
            civitas,
            i18n: Arc::new(I18n::load()),
            metrics: Arc::new(Metrics::default()),
            config: Arc::new(config),
        }
    }
}
