//! `civitas participation purge`: the retention sweep `civitas serve` runs
//! every hour, on demand (or as a dry run that only counts).

use crate::commands::server::open;
use crate::config::ConfigArgs;
use civitas_service::participation::CityPurge;
use civitas_service::{Civitas, SystemClock};
use std::sync::Arc;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Delete residents' personal data whose retention period has ended (the
    /// contact details of requests, and the demographics of answers to
    /// consultations, closed longer ago than the city's period, 12 months
    /// unless it set another). The anonymised requests and the answers stay;
    /// each city with deletions gets an audit line with the counts.
    Purge {
        /// Count what would be deleted, delete nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(config: &ConfigArgs, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Purge { dry_run } => {
            let store = Arc::new(open(config).await?);
            let civitas = Civitas::new(store.clone(), Arc::new(SystemClock));
            let report = civitas
                .purge_expired_personal_data(dry_run)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            print!("{}", describe(&report, dry_run));
            store.close().await;
            Ok(())
        }
    }
}

/// One line per city, then the total.
pub fn describe(report: &[CityPurge], dry_run: bool) -> String {
    let verb = if dry_run {
        "would be deleted"
    } else {
        "deleted"
    };
    let mut text = String::new();
    for city in report {
        text.push_str(&format!(
            "{}: contact details of {} request(s) and demographics of {} consultation answer(s) {verb} (closed before {}, retention {} months)\n",
            city.city,
            city.counts.request_contacts,
            city.consultation_demographics,
            civitas_service::participation::time::iso8601(city.closed_before),
            city.months
        ));
    }
    let total: i64 = report.iter().map(|c| c.counts.request_contacts).sum();
    let answers: i64 = report.iter().map(|c| c.consultation_demographics).sum();
    text.push_str(&format!(
        "Total: contact details of {total} request(s) and demographics of {answers} consultation answer(s) {verb}{}.\n",
        if dry_run {
            " (dry run: nothing was changed)"
        } else {
            ""
        }
    ));
    text
}
