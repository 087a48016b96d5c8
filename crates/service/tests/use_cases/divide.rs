//! The digital-divide module end to end on real storage: upload, declare,
//! report with suppression and parity, publication, the inclusion plan.

use civitas_service::divide::{
    DeclareForm, InclusionActionForm, IndicatorMapping, Suppression, SurveyUpload,
};
use civitas_service::{
    Civitas, DEMO_SURVEY, FixedClock, ServiceError, Visitor, demo_survey_declaration,
};
use civitas_store_tests::{backends, fresh};
use civitas_survey::{ColumnRequest, CsvMicrodata, Statistic};
use std::sync::Arc;

use crate::support::demo_team as demo;

#[tokio::test]
async fn upload_declare_report_publish_and_plan() {
    for backend in backends() {
        let database = fresh(backend).await;
        let civitas = Civitas::new(
            database.store.clone(),
            Arc::new(FixedClock::at(1_700_000_000)),
        );
        let (city, admin, editor, viewer) = demo(&civitas).await;

        let bad = civitas
            .upload_survey(
                &editor,
                city,
                SurveyUpload {
                    name: "Broken",
                    year: "2025",
                    file_name: "broken.csv",
                    bytes: b"a,b\n1,2\n3\n".to_vec(),
                },
            )
            .await;
        assert!(
            matches!(bad, Err(ServiceError::BadFile(ref p)) if p[0].message.contains("row 3")),
            "{bad:?}"
        );
        assert!(matches!(
            civitas
                .upload_survey(
                    &viewer,
                    city,
                    SurveyUpload {
                        name: "x",
                        year: "2025",
                        file_name: "x.csv",
                        bytes: DEMO_SURVEY.to_vec()
                    }
                )
                .await,
            Err(ServiceError::Denied(_))
        ));
        let dataset = civitas
            .upload_survey(
                &editor,
                city,
                SurveyUpload {
                    name: "Second wave",
                    year: "2026",
                    file_name: "wave2.csv",
                    bytes: DEMO_SURVEY.to_vec(),
                },
            )
            .await
            .expect("upload");
        assert_eq!(dataset.rows, 2400);

        let (design, mut mapping) = demo_survey_declaration();
        let good = mapping.clone();
        mapping.indicators.push(IndicatorMapping {
            indicator: "internet-use".into(),
            column: "no_such_column".into(),
            yes: vec!["1".into()],
        });
        mapping.indicators[0].yes = vec!["yes".into()];
        let refused = civitas
            .declare_survey(
                &editor,
                dataset.id,
                &DeclareForm {
                    design: design.clone(),
                    mapping,
                },
            )
            .await;
        let Err(ServiceError::BadFile(problems)) = refused else {
            panic!("expected file problems, got {refused:?}");
        };
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("no_such_column"))
        );
        // A column that exists but never says `yes`.
        let mut wrong_value = good.clone();
        wrong_value.indicators[0].yes = vec!["yes".into()];
        let refused = civitas
            .declare_survey(
                &editor,
                dataset.id,
                &DeclareForm {
                    design: design.clone(),
                    mapping: wrong_value,
                },
            )
            .await;
        assert!(
            matches!(refused, Err(ServiceError::BadFile(ref p)) if p[0].message.contains("never takes the value `yes`")),
            "{refused:?}"
        );
        civitas
            .declare_survey(
                &editor,
                dataset.id,
                &DeclareForm {
                    design,
                    mapping: good,
                },
            )
            .await
            .expect("declare");

        let report = civitas
            .divide_report(&viewer, dataset.id)
            .await
            .expect("report");
        // The overall share equals the engine's own estimate on the same file.
        let mut request = ColumnRequest {
            categorical: vec!["internet_use".into()],
            ..Default::default()
        };
        let (spec, _) = demo_survey_declaration();
        spec.request(&mut request);
        let mut data = CsvMicrodata::new(DEMO_SURVEY)
            .expect("csv")
            .read(&request)
            .expect("read");
        let survey = spec.build(&mut data).expect("design");
        let y = data
            .factor("internet_use")
            .expect("column")
            .indicator("1")
            .expect("yes");
        let direct = survey
            .estimate(Statistic::Mean, &y, None, None)
            .expect("mean");
        let overall = report
            .cells
            .iter()
            .find(|c| c.indicator == "internet-use" && c.breakdown.is_none())
            .expect("overall");
        assert_eq!(overall.estimate, Some(direct.estimates[0].estimate));
        assert_eq!(overall.n, 2400);
        // Every cell shown respects the rules; suppressed ones carry no value.
        for cell in &report.cells {
            match cell.suppressed {
                None => assert!(cell.n >= 30 && cell.estimate.is_some(), "{cell:?}"),
                Some(_) => assert!(cell.estimate.is_none() && cell.ci_low.is_none(), "{cell:?}"),
            }
        }
        assert!(
            report
                .cells
                .iter()
                .any(|c| c.suppressed == Some(Suppression::Disclosure)
                    || c.suppressed == Some(Suppression::Imprecise)
                    || c.suppressed == Some(Suppression::FewRespondents)),
            "small groups of 2,400 respondents get suppressed somewhere"
        );
        let parity = report
            .parity
            .iter()
            .find(|p| p.indicator == "internet-use")
            .expect("parity");
        assert!(
            parity.score < 1.0 && parity.ci_low < parity.score && parity.score < parity.ci_high
        );
        assert!(report.targets.iter().any(|t| t.indicator == "internet-use"));
        assert!(
            report
                .taxonomy
                .windows(2)
                .all(|w| w[0].gap_pp >= w[1].gap_pp)
        );
        assert!(
            report
                .taxonomy
                .iter()
                .any(|t| t.breakdown == "age_group" && t.group == "65+")
        );

        // Residents see it only once published.
        let anonymous = Visitor::anonymous();
        assert!(matches!(
            civitas.divide_report(&anonymous, dataset.id).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            civitas.publish_survey(&editor, dataset.id, true).await,
            Err(ServiceError::Denied(_))
        ));
        civitas
            .publish_survey(&admin, dataset.id, true)
            .await
            .expect("publish");
        let public = civitas
            .divide_report(&anonymous, dataset.id)
            .await
            .expect("public");
        assert_eq!(public.cells.len(), report.cells.len());

        // The inclusion plan.
        let form = InclusionActionForm {
            gap: "internet-use/age_group/65+".into(),
            title: "Digital helpers".into(),
            owner: "Libraries".into(),
            delivery: "community-network".into(),
            start_date: "2026-01-01".into(),
            end_date: "2026-12-31".into(),
            indicator: "internet-use".into(),
            target: "80".into(),
            ..Default::default()
        };
        let bad = InclusionActionForm {
            delivery: "satellite".into(),
            target: "180".into(),
            ..form.clone()
        };
        let Err(ServiceError::Invalid(errors)) =
            civitas.create_inclusion_action(&editor, city, &bad).await
        else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["delivery", "target"]);
        let action = civitas
            .create_inclusion_action(&editor, city, &form)
            .await
            .expect("action");
        assert_eq!(action.fields.status, "planned");
        let plan = civitas.inclusion_plan(&viewer, city).await.expect("plan");
        assert_eq!(plan.len(), 3, "the demo's two and this one");
        civitas
            .delete_inclusion_action(&editor, action.id)
            .await
            .expect("delete");
        civitas
            .delete_survey(&admin, dataset.id)
            .await
            .expect("delete survey");
        database.drop_database().await;
    }
}

/// Every shown cell, and the parity scores, of the demo survey's report
/// against R's `survey` (tests/fixtures/divide/expected.R): estimates to
/// 1e-9 relative, standard errors and interval ends to 1e-6.
#[tokio::test]
async fn report_matches_r_survey() {
    let database = fresh(civitas_store::Backend::Sqlite).await;
    let civitas = Civitas::new(
        database.store.clone(),
        Arc::new(FixedClock::at(1_700_000_000)),
    );
    let (city, _admin, _editor, viewer) = demo(&civitas).await;
    let dataset = civitas.survey_datasets(&viewer, city).await.expect("list")[0].id;
    let report = civitas
        .divide_report(&viewer, dataset)
        .await
        .expect("report");
    let expected = include_str!("../fixtures/divide/expected.csv");
    let mut reader = csv::Reader::from_reader(expected.as_bytes());
    let (mut compared, mut hidden) = (0, 0);
    for record in reader.records() {
        let r = record.expect("row");
        let (indicator, breakdown, group, field) = (&r[0], &r[1], &r[2], &r[3]);
        let want: f64 = r[4].parse().expect("number");
        let close = |got: f64, tolerance: f64| {
            let rel = (got - want).abs() / want.abs().max(1e-300);
            assert!(
                rel <= tolerance,
                "{indicator} {breakdown} {group} {field}: {got} vs R {want} ({rel:e})"
            );
        };
        if field.starts_with("parity") {
            let p = report
                .parity
                .iter()
                .find(|p| p.indicator == indicator)
                .expect("parity");
            if field == "parity" {
                close(p.score, 1e-9)
            } else {
                close(p.se, 1e-6)
            }
            compared += 1;
            continue;
        }
        let cell = report
            .cells
            .iter()
            .find(|c| {
                c.indicator == indicator
                    && c.breakdown.as_deref().unwrap_or("") == breakdown
                    && c.group.as_deref().unwrap_or("") == group
            })
            .unwrap_or_else(|| panic!("no cell {indicator} {breakdown} {group}"));
        let got = match field {
            "estimate" => cell.estimate,
            "se" => cell.se,
            "ci_low" => cell.ci_low,
            _ => cell.ci_high,
        };
        match got {
            Some(v) => {
                close(v, if field == "estimate" { 1e-9 } else { 1e-6 });
                compared += 1;
            }
            None => hidden += 1,
        }
    }
    assert!(compared > 150, "compared {compared}, suppressed {hidden}");
    database.drop_database().await;
}
