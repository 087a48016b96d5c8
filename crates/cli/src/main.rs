//! The `civitas` binary. Thin glue: parse flags, pick the backend, call a subcommand.
//! Every failure prints one line on standard error and exits with code 2.

mod commands;
mod config;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "civitas",
    version,
    about = "People-centred digital transformation toolkit for cities"
)]
struct Cli {
    #[command(flatten)]
    config: config::ConfigArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the Civitas web server (migrates the database first)
    Serve(commands::server::ServeArgs),
    /// Bring the database schema up to date, then exit
    Migrate,
    /// Manage accounts from the command line
    #[command(subcommand)]
    User(commands::user::Command),
    /// Configuration help
    #[command(subcommand)]
    Config(ConfigCommand),
    /// U4SSC KPI computations on files, offline
    #[command(subcommand)]
    Kpi(commands::kpi::Command),
    /// Design-based survey estimates on files, offline
    #[command(subcommand)]
    Survey(commands::survey::Command),
    /// Procurement bid evaluation on files, offline
    #[command(subcommand)]
    Procurement(commands::procurement::Command),
    /// Search the toolkit knowledge base, offline
    #[command(subcommand)]
    Kb(commands::kb::Command),
    /// Residents' participation: the retention sweep of personal data
    #[command(subcommand)]
    Participation(commands::participation::Command),
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Print a commented example configuration file
    Example,
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => server(|| commands::server::serve(&cli.config, args)),
        Command::Migrate => server(|| commands::server::migrate(&cli.config)),
        Command::User(c) => server(|| commands::user::run(&cli.config, c)),
        Command::Config(ConfigCommand::Example) => {
            print!("{}", config::EXAMPLE);
            Ok(())
        }
        Command::Kpi(c) => commands::kpi::run(c),
        Command::Survey(c) => commands::survey::run(c),
        Command::Procurement(c) => commands::procurement::run(c),
        Command::Kb(c) => commands::kb::run(c),
        Command::Participation(c) => server(|| commands::participation::run(&cli.config, c)),
    };
    if let Err(error) = result {
        eprintln!("error: {error:#}");
        std::process::exit(2);
    }
}

/// Runs a command that needs the database or the network on a Tokio runtime,
/// with logs on standard error (filter with CIVITAS_LOG, e.g. `debug`).
fn server<F, Fut>(command: F) -> anyhow::Result<()>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let filter = tracing_subscriber::EnvFilter::try_from_env("CIVITAS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,civitas_web=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(command())
}
