//! `civitas survey`: being written; replaced by the real command.

#[derive(clap::Subcommand, Debug)]
pub enum Command {}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {}
}
