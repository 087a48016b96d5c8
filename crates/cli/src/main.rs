//! The `civitas` binary. Thin glue: parse flags, pick the backend, call a subcommand.
//! Every failure prints one line on standard error and exits with code 2.

mod commands;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "civitas", version, about = "People-centred digital transformation toolkit for cities")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
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
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Kpi(c) => commands::kpi::run(c),
        Command::Survey(c) => commands::survey::run(c),
        Command::Procurement(c) => commands::procurement::run(c),
        Command::Kb(c) => commands::kb::run(c),
    };
    if let Err(error) = result {
        eprintln!("error: {error:#}");
        std::process::exit(2);
    }
}
