//! Where settings come from: flags first, then `CIVITAS_*` environment
//! variables (clap reads both), then an optional TOML file, then defaults.

use anyhow::Context;
use serde::Deserialize;
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://civitas.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// The settings a flag or variable can give; `None` when neither did.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ConfigArgs {
    /// Database URL: sqlite://FILE or postgres://USER@HOST:PORT/DATABASE [default: sqlite://civitas.db]
    #[arg(long, env = "CIVITAS_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// A TOML configuration file (see `civitas config example`)
    #[arg(long, env = "CIVITAS_CONFIG", global = true)]
    pub config: Option<PathBuf>,
}

/// The optional TOML file.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub public_url: Option<String>,
    pub secure_cookies: Option<bool>,
}

impl ConfigArgs {
    pub fn file(&self) -> anyhow::Result<FileConfig> {
        let Some(path) = &self.config else {
            return Ok(FileConfig::default());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
        toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("configuration file {}: {}", path.display(), e.message()))
    }

    pub fn database_url(&self, file: &FileConfig) -> String {
        self.database_url
            .clone()
            .or_else(|| file.database_url.clone())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string())
    }
}

pub const EXAMPLE: &str = r#"# Civitas configuration. Every setting is optional; flags and CIVITAS_*
# environment variables take precedence over this file.
# Use it with: civitas serve --config civitas.toml (or CIVITAS_CONFIG=civitas.toml)

# Where the data lives. SQLite needs nothing else; the file is created if missing.
# For PostgreSQL: "postgres://civitas@db.example.org:5432/civitas"
# (flag --database-url, variable CIVITAS_DATABASE_URL)
database_url = "sqlite://civitas.db"

# The address and port to listen on (flag --bind, variable CIVITAS_BIND).
# Keep 127.0.0.1 behind a reverse proxy that terminates TLS.
bind = "127.0.0.1:8080"

# The address people use to reach Civitas, for links it shows to copy, such as
# invitation links (flag --public-url, variable CIVITAS_PUBLIC_URL).
# Defaults to http:// and the bind address.
# public_url = "https://civitas.example.org"

# Cookies carry the Secure flag and the __Host- prefix. Browsers accept that
# over HTTPS and on http://127.0.0.1 or http://localhost. Only set this to
# false for plain HTTP on another host, which you should not do in production.
# (variable CIVITAS_SECURE_COOKIES)
secure_cookies = true
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_a_valid_configuration() {
        let parsed: Result<FileConfig, _> = toml::from_str(EXAMPLE);
        assert!(parsed.is_ok_and(|c| c.database_url.as_deref() == Some(DEFAULT_DATABASE_URL)));
    }
}
