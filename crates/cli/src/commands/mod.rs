//! One module per subcommand family. Each exposes a clap `Command` enum and `run`.

pub mod kb;
pub mod kpi;
pub mod participation;
pub mod procurement;
pub mod server;
pub mod survey;
pub mod user;
