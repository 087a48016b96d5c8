//! The schema changes this binary carries, embedded so a deployment is one file.
//!
//! Each backend has its own folder with the same file names; the lists below
//! must name every file in both (a test checks), in order.

use civitas_store::Backend;
use sqlx::migrate::{Migration, MigrationType, Migrator};

struct Step {
    version: i64,
    description: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const STEPS: &[Step] = &[
    Step {
        version: 1,
        description: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Step {
        version: 2,
        description: "kpi_assessment",
        sqlite: include_str!("../migrations/sqlite/0002_kpi_assessment.sql"),
        postgres: include_str!("../migrations/postgres/0002_kpi_assessment.sql"),
    },
    Step {
        version: 3,
        description: "strategy",
        sqlite: include_str!("../migrations/sqlite/0003_strategy.sql"),
        postgres: include_str!("../migrations/postgres/0003_strategy.sql"),
    },
    Step {
        version: 4,
        description: "knowledge",
        sqlite: include_str!("../migrations/sqlite/0004_knowledge.sql"),
        postgres: include_str!("../migrations/postgres/0004_knowledge.sql"),
    },
    Step {
        version: 5,
        description: "digital_divide",
        sqlite: include_str!("../migrations/sqlite/0005_digital_divide.sql"),
        postgres: include_str!("../migrations/postgres/0005_digital_divide.sql"),
    },
    Step {
        version: 6,
        description: "procurement",
        sqlite: include_str!("../migrations/sqlite/0006_procurement.sql"),
        postgres: include_str!("../migrations/postgres/0006_procurement.sql"),
    },
    Step {
        version: 7,
        description: "participation",
        sqlite: include_str!("../migrations/sqlite/0007_participation.sql"),
        postgres: include_str!("../migrations/postgres/0007_participation.sql"),
    },
    Step {
        version: 8,
        description: "consultations",
        sqlite: include_str!("../migrations/sqlite/0008_consultations.sql"),
        postgres: include_str!("../migrations/postgres/0008_consultations.sql"),
    },
    Step {
        version: 9,
        description: "participation_outcomes",
        sqlite: include_str!("../migrations/sqlite/0009_participation_outcomes.sql"),
        postgres: include_str!("../migrations/postgres/0009_participation_outcomes.sql"),
    },
    Step {
        version: 10,
        description: "consultation_outcomes",
        sqlite: include_str!("../migrations/sqlite/0010_consultation_outcomes.sql"),
        postgres: include_str!("../migrations/postgres/0010_consultation_outcomes.sql"),
    },
];

pub(crate) fn migrator(backend: Backend) -> Migrator {
    let migrations = STEPS
        .iter()
        .map(|step| {
            let sql = match backend {
                Backend::Sqlite => step.sqlite,
                Backend::Postgres => step.postgres,
            };
            Migration::new(
                step.version,
                step.description.into(),
                MigrationType::Simple,
                sqlx::SqlStr::from_static(sql),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(folder: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(folder);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_backends_carry_the_same_migration_files_and_all_are_listed() {
        let sqlite = files("sqlite");
        assert_eq!(sqlite, files("postgres"));
        let listed: Vec<String> = STEPS
            .iter()
            .map(|s| format!("{:04}_{}.sql", s.version, s.description))
            .collect();
        assert_eq!(sqlite, listed);
    }
}
