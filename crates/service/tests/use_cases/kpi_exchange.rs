//! A whole assessment exported as CSV and XLSX and imported back, on every
//! backend: the round trip is exact, a bad file changes nothing and names every
//! bad cell, and the verifier's decisions survive where the numbers did not change.

use civitas_service::kpi::{EntryForm, ExchangeFormat, InputForm};
use civitas_service::{Civitas, FixedClock, ServiceError, Visitor};
use civitas_store::{AssessmentRow, CityInputRow, KpiEntryRow};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

struct Demo {
    admin: Visitor,
    editor: Visitor,
    viewer: Visitor,
    assessments: Vec<AssessmentRow>,
}

impl Demo {
    fn year(&self, year: i64) -> i64 {
        self.assessments
            .iter()
            .find(|a| a.year == year)
            .expect("demo year")
            .id
    }
}

async fn demo(civitas: &Civitas) -> Demo {
    let logins = civitas
        .load_demo_if_empty()
        .await
        .expect("demo")
        .expect("empty");
    let sign_in = |role: &str| {
        let login = logins.iter().find(|l| l.role == role).expect("role");
        async move {
            let signed_in = civitas
                .sign_in(&login.email, &login.password, "10.0.0.1")
                .await
                .expect("sign in");
            civitas
                .session_actor(&signed_in.session_token)
                .await
                .expect("visitor")
        }
    };
    let admin = sign_in("city-admin").await;
    let editor = sign_in("data-editor").await;
    let viewer = sign_in("viewer").await;
    let city = civitas
        .city_by_slug(&admin, "demo-city")
        .await
        .expect("city");
    let assessments = civitas
        .assessments(&admin, city.city.id)
        .await
        .expect("assessments");
    Demo {
        admin,
        editor,
        viewer,
        assessments,
    }
}

/// What an import must restore: every stored field but the time of change.
async fn stored(
    civitas: &Civitas,
    visitor: &Visitor,
    id: i64,
) -> (Vec<CityInputRow>, Vec<KpiEntryRow>) {
    let mut inputs = civitas.city_inputs(visitor, id).await.expect("inputs");
    inputs.sort_by(|a, b| a.input.cmp(&b.input));
    let mut entries = civitas.kpi_entries(visitor, id).await.expect("entries");
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    for e in &mut entries {
        e.updated_at = 0;
    }
    (inputs, entries)
}

#[tokio::test]
async fn export_then_import_gives_back_the_same_assessment_in_csv_and_xlsx() {
    for backend in backends() {
        let database = fresh(backend).await;
        let clock = Arc::new(FixedClock::at(1_700_000_000));
        let civitas = Civitas::new(database.store.clone(), clock.clone());
        let d = demo(&civitas).await;
        let draft = d.year(2025);
        let original = stored(&civitas, &d.editor, draft).await;
        assert!(!original.1.is_empty(), "the demo draft has entries");

        for format in [ExchangeFormat::Csv, ExchangeFormat::Xlsx] {
            let file = civitas
                .export_assessment(&d.editor, draft, format)
                .await
                .expect("export");
            assert_eq!(
                file.file_name,
                format!("demo-city-kpi-2025-r1.{}", format.extension())
            );
            assert_eq!(file.content_type, format.content_type());

            // Change the draft after the export: one entry, one city input.
            clock.advance(60);
            let first = original.1[0].key.clone();
            civitas
                .save_entries(
                    &d.editor,
                    draft,
                    &[(
                        first.clone(),
                        EntryForm {
                            value: "1".into(),
                            source: "changed".into(),
                            ..Default::default()
                        },
                    )],
                )
                .await
                .expect("change an entry");
            civitas
                .save_city_inputs(
                    &d.editor,
                    draft,
                    &[(
                        original.0[0].input.clone(),
                        InputForm {
                            value: "123".into(),
                            source: "changed".into(),
                        },
                    )],
                )
                .await
                .expect("change an input");
            assert_ne!(stored(&civitas, &d.editor, draft).await, original);

            // The preview counts the change and writes nothing.
            let preview = civitas
                .preview_import(&d.editor, draft, &file.file_name, &file.bytes)
                .await
                .expect("preview");
            assert_eq!(preview.format, Some(format));
            assert_eq!(preview.entries_changed, 1, "{preview:?}");
            assert_eq!(preview.inputs_changed, 1, "{preview:?}");
            assert_eq!(preview.entries_added + preview.entries_removed, 0);
            assert_eq!(preview.entries_unchanged, original.1.len() - 1);
            assert!(preview.replaces_existing);
            assert_ne!(stored(&civitas, &d.editor, draft).await, original);

            let done = civitas
                .import_assessment(&d.editor, draft, &file.file_name, &file.bytes)
                .await
                .expect("import");
            assert_eq!(done, preview);
            assert_eq!(
                stored(&civitas, &d.editor, draft).await,
                original,
                "{format:?} round trip on {backend:?}"
            );
            // Importing the same file again changes nothing.
            let again = civitas
                .preview_import(&d.editor, draft, &file.file_name, &file.bytes)
                .await
                .expect("again");
            assert!(!again.changes_anything(), "{again:?}");
        }
        database.drop_database().await;
    }
}

#[tokio::test]
async fn a_file_with_three_bad_cells_changes_nothing_and_names_all_three() {
    for backend in backends() {
        let database = fresh(backend).await;
        let civitas = Civitas::new(
            database.store.clone(),
            Arc::new(FixedClock::at(1_700_000_000)),
        );
        let d = demo(&civitas).await;
        let draft = d.year(2025);
        let before = stored(&civitas, &d.editor, draft).await;
        let file = civitas
            .export_assessment(&d.editor, draft, ExchangeFormat::Csv)
            .await
            .expect("export");
        let text = String::from_utf8(file.bytes).expect("utf-8");
        // Break three cells on the first three KPI lines: a numerator that is
        // text, a quality grade that does not exist, a not_reported that is
        // neither yes nor no.
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let header: Vec<String> = lines[0]
            .trim_start_matches('\u{feff}')
            .split(',')
            .map(str::to_string)
            .collect();
        let column = |name: &str| header.iter().position(|h| h == name).expect("column");
        let kpi_rows: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with("kpi,"))
            .map(|(i, _)| i)
            .take(3)
            .collect();
        let breaks = [
            ("numerator", "twelve"),
            ("quality", "great"),
            ("not_reported", "maybe"),
        ];
        for (row, (name, bad)) in kpi_rows.iter().zip(breaks) {
            let mut record = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(lines[*row].as_bytes())
                .records()
                .next()
                .expect("record")
                .expect("parses")
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>();
            record[column(name)] = bad.to_string();
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(&record).expect("write");
            lines[*row] = String::from_utf8(writer.into_inner().expect("bytes"))
                .expect("utf-8")
                .trim_end()
                .to_string();
        }
        let bad = lines.join("\n");
        let result = civitas
            .import_assessment(&d.editor, draft, "broken.csv", bad.as_bytes())
            .await;
        let Err(ServiceError::BadFile(problems)) = result else {
            panic!("expected a bad file, got {result:?}");
        };
        assert_eq!(problems.len(), 3, "{problems:?}");
        for ((row, (name, _)), problem) in kpi_rows.iter().zip(breaks).zip(&problems) {
            assert_eq!(problem.file, "broken.csv");
            assert!(
                problem.message.contains(&format!("row {}", row + 1))
                    && problem.message.contains(&format!("column {name}")),
                "{problem:?}"
            );
        }
        assert_eq!(
            stored(&civitas, &d.editor, draft).await,
            before,
            "nothing changed on {backend:?}"
        );

        // A file for another year is refused, naming the year.
        let other_year = civitas
            .export_assessment(&d.editor, d.year(2024), ExchangeFormat::Xlsx)
            .await
            .expect("export 2024");
        let result = civitas
            .import_assessment(&d.editor, draft, "2024.xlsx", &other_year.bytes)
            .await;
        let Err(ServiceError::BadFile(problems)) = result else {
            panic!("expected a year mismatch, got {result:?}");
        };
        assert!(problems[0].message.contains("year"), "{problems:?}");
        // Not a spreadsheet at all.
        let result = civitas
            .import_assessment(&d.editor, draft, "x.xlsx", b"PK\x03\x04 not a zip")
            .await;
        assert!(
            matches!(result, Err(ServiceError::BadFile(_))),
            "{result:?}"
        );
        assert_eq!(stored(&civitas, &d.editor, draft).await, before);
        database.drop_database().await;
    }
}

#[tokio::test]
async fn only_editors_import_and_only_into_a_draft_keeping_unchanged_decisions() {
    for backend in backends() {
        let database = fresh(backend).await;
        let civitas = Civitas::new(
            database.store.clone(),
            Arc::new(FixedClock::at(1_700_000_000)),
        );
        let d = demo(&civitas).await;
        let verified = d.year(2023);
        let file = civitas
            .export_assessment(&d.viewer, verified, ExchangeFormat::Csv)
            .await
            .expect("viewers export");
        // Locked while verified, and while with the verifier.
        for (id, bytes) in [(verified, &file.bytes)] {
            let result = civitas
                .import_assessment(&d.editor, id, "a.csv", bytes)
                .await;
            assert!(
                matches!(result, Err(ServiceError::Invalid(_))),
                "{result:?}"
            );
        }
        let submitted = civitas
            .export_assessment(&d.editor, d.year(2024), ExchangeFormat::Csv)
            .await
            .expect("export 2024");
        let result = civitas
            .import_assessment(&d.editor, d.year(2024), "b.csv", &submitted.bytes)
            .await;
        assert!(
            matches!(result, Err(ServiceError::Invalid(_))),
            "{result:?}"
        );
        // Viewers and anonymous visitors may not import; anonymous may not export.
        let draft = d.year(2025);
        let draft_file = civitas
            .export_assessment(&d.editor, draft, ExchangeFormat::Csv)
            .await
            .expect("export");
        let result = civitas
            .import_assessment(&d.viewer, draft, "c.csv", &draft_file.bytes)
            .await;
        assert!(matches!(result, Err(ServiceError::Denied(_))), "{result:?}");
        let anonymous = Visitor::anonymous();
        assert!(
            civitas
                .export_assessment(&anonymous, draft, ExchangeFormat::Csv)
                .await
                .is_err()
        );

        // A new revision of the verified year is a draft whose entries keep
        // their decisions; importing its own export keeps every one, and a
        // changed number drops only that entry's decision.
        civitas
            .open_revision(&d.admin, verified, "A corrected source")
            .await
            .expect("revision");
        let file = civitas
            .export_assessment(&d.editor, verified, ExchangeFormat::Csv)
            .await
            .expect("export revision");
        assert!(
            file.file_name.ends_with("-2023-r2.csv"),
            "{}",
            file.file_name
        );
        let done = civitas
            .import_assessment(&d.editor, verified, &file.file_name, &file.bytes)
            .await
            .expect("import");
        assert_eq!(done.decisions_reset, 0);
        let entries = civitas
            .kpi_entries(&d.editor, verified)
            .await
            .expect("entries");
        assert!(
            entries
                .iter()
                .filter(|e| !e.not_reported)
                .all(|e| e.verified == Some(true))
        );
        let target = entries
            .iter()
            .find(|e| e.value.is_some() && e.numerator.is_none())
            .expect("an entry given as a value");
        let text = String::from_utf8(file.bytes).expect("utf-8");
        let old_value = format!("{}", target.value.expect("value"));
        let label = if target.key.data_point.is_empty() {
            format!("kpi,,{},,", target.key.kpi)
        } else {
            format!("kpi,,{},{},", target.key.kpi, target.key.data_point)
        };
        let changed: Vec<String> = text
            .lines()
            .map(|line| {
                if line.starts_with(&label) {
                    line.replacen(&format!(",{old_value},"), ",0.5,", 1)
                } else {
                    line.to_string()
                }
            })
            .collect();
        let changed = changed.join("\n");
        assert_ne!(changed, text.trim_end(), "the value was found: {label}");
        let done = civitas
            .import_assessment(&d.editor, verified, "changed.csv", changed.as_bytes())
            .await
            .expect("import changed");
        assert_eq!(done.decisions_reset, 1, "{done:?}");
        let after = civitas
            .kpi_entries(&d.editor, verified)
            .await
            .expect("entries");
        for e in after.iter().filter(|e| !e.not_reported) {
            let expected = if e.key == target.key {
                None
            } else {
                Some(true)
            };
            assert_eq!(e.verified, expected, "{:?}", e.key);
        }
        database.drop_database().await;
    }
}
