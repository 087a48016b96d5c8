//! `civitas serve` and `civitas migrate`.

use crate::config::{ConfigArgs, DEFAULT_BIND};
use anyhow::{Context, bail};
use civitas_service::participation::CityPurge;
use civitas_service::{Civitas, SystemClock};
use civitas_store::Store;
use civitas_store_sql::{DatabaseUrl, SqlStore};
use civitas_web::{AppState, WebConfig};
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "CIVITAS_BIND")]
    bind: Option<String>,
    /// The address people reach Civitas at, for links it shows (default: http:// + bind address)
    #[arg(long, env = "CIVITAS_PUBLIC_URL")]
    public_url: Option<String>,
    /// Load the demo city (with its users) when the database is empty
    #[arg(long)]
    demo: bool,
    /// Cookies with Secure and __Host- (true); false only for plain HTTP off localhost
    #[arg(long, env = "CIVITAS_SECURE_COOKIES")]
    secure_cookies: Option<bool>,
}

/// Opens the database and brings its schema up to date.
pub async fn open(config: &ConfigArgs) -> anyhow::Result<SqlStore> {
    let file = config.file()?;
    let url = DatabaseUrl::parse(&config.database_url(&file))?;
    open_url(&url).await
}

async fn open_url(url: &DatabaseUrl) -> anyhow::Result<SqlStore> {
    let store = SqlStore::connect_to(url)
        .await
        .map_err(|e| anyhow::anyhow!("{e}. Check the URL and that the server is running"))?;
    store.migrate().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(store)
}

pub async fn migrate(config: &ConfigArgs) -> anyhow::Result<()> {
    let store = open(config).await?;
    let file = config.file()?;
    println!(
        "The database at {} is up to date.",
        DatabaseUrl::parse(&config.database_url(&file))?.shown()
    );
    store.close().await;
    Ok(())
}

pub async fn serve(config: &ConfigArgs, args: ServeArgs) -> anyhow::Result<()> {
    let file = config.file()?;
    let url = DatabaseUrl::parse(&config.database_url(&file))?;
    let bind = args
        .bind
        .or(file.bind)
        .unwrap_or_else(|| DEFAULT_BIND.to_string());
    let address: SocketAddr = bind.parse().with_context(|| {
        format!("--bind {bind:?} is not an address and port like 127.0.0.1:8080")
    })?;
    // Take the port before touching the database, so a port in use changes nothing.
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            bail!(
                "port {} is already in use on {}: stop the other program or choose another with --bind",
                address.port(),
                address.ip()
            )
        }
        Err(e) => bail!("cannot listen on {address}: {e}"),
    };
    let bound = listener.local_addr()?;
    let store = Arc::new(open_url(&url).await?);
    let civitas = Civitas::new(store.clone(), Arc::new(SystemClock));
    if args.demo {
        match civitas.load_demo_if_empty().await? {
            Some(logins) => {
                println!("Loaded the demo city \"Demo City\". Sign in with one of these accounts:");
                for login in logins {
                    println!(
                        "  {:<16} {:<32} password: {}",
                        login.role, login.email, login.password
                    );
                }
                println!(
                    "(These passwords are shown only now. Reset one with `civitas user password --email E`.)"
                );
            }
            None => {
                println!("The database already holds data, so the demo city was not loaded again.")
            }
        }
    }
    let public_url = args
        .public_url
        .or(file.public_url)
        .unwrap_or_else(|| format!("http://{bound}"));
    let web_config = WebConfig {
        secure_cookies: args.secure_cookies.or(file.secure_cookies).unwrap_or(true),
        public_url: public_url.trim_end_matches('/').to_string(),
    };
    spawn_retention_sweep(civitas.clone());
    let app = civitas_web::router(AppState::new(civitas, web_config));
    println!(
        "Civitas is running at {public_url} on {} ({}). Press Ctrl+C to stop.",
        store.backend().name(),
        url.shown()
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the server stopped with an error")?;
    store.close().await;
    println!("Civitas has stopped.");
    Ok(())
}

/// How often the server deletes residents' personal data whose retention
/// period has ended (also once at start).
const RETENTION_SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs the retention sweep now and then every hour; a failed sweep is
/// logged and tried again at the next tick.
fn spawn_retention_sweep(civitas: Civitas) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(RETENTION_SWEEP_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match civitas.purge_expired_personal_data(false).await {
                Ok(report) => {
                    let deleted = |c: &&CityPurge| {
                        c.counts.request_contacts > 0 || c.consultation_demographics > 0
                    };
                    for city in report.iter().filter(deleted) {
                        tracing::info!(
                            city = %city.city,
                            request_contacts = city.counts.request_contacts,
                            consultation_demographics = city.consultation_demographics,
                            "retention sweep deleted expired personal data"
                        );
                    }
                }
                Err(error) => tracing::warn!(%error, "retention sweep failed"),
            }
        }
    });
}

/// Ctrl+C or SIGTERM: finish the requests in flight, then stop.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
