//! Integration tests: SVG structure and accessibility, colours, PDF text and pagination.

use civitas_indicators::Framework;
use civitas_snapshot::{
    Band, INK, ItemStatus, KpiRow, Legend, ScoreLevel, ScoreRow, Shade, SnapshotDoc,
    SnapshotLabels, TrendChart, Wheel, WheelCategory, WheelDimension, WheelItem, band_colour,
    contrast_ratio, pdf_page_count, pdf_text, segment_angles, snapshot_pdf, trend_svg, wheel_svg,
    xml_escape,
};

fn band_of(i: usize) -> (Option<Band>, ItemStatus) {
    match i % 7 {
        0 | 5 => (Some(Band::AtLeast95), ItemStatus::Scored),
        1 => (Some(Band::From66To95), ItemStatus::Scored),
        2 => (Some(Band::From33To66), ItemStatus::Scored),
        3 => (Some(Band::Below33), ItemStatus::Scored),
        4 => (None, ItemStatus::NoTarget),
        _ => (None, ItemStatus::NotReported),
    }
}

fn score_of(items: &[(Option<Band>, ItemStatus)]) -> (Option<f64>, Option<Band>) {
    let scored: Vec<u8> = items
        .iter()
        .filter_map(|(b, _)| b.map(|b| b.points()))
        .collect();
    if scored.is_empty() {
        return (None, None);
    }
    let pct = f64::from(scored.iter().map(|&p| u32::from(p)).sum::<u32>()) * 100.0
        / (4.0 * scored.len() as f64);
    (Some(pct), Some(Band::from_pct(pct)))
}

/// The 91 U4SSC KPIs with deterministic bands; one item per KPI.
fn sample(city: &str, labels: SnapshotLabels, legend: Legend, rtl: bool) -> SnapshotDoc {
    let fw = Framework::u4ssc_2017().expect("framework");
    let mut dimensions = Vec::new();
    let mut scores = Vec::new();
    let mut kpis = Vec::new();
    let mut i = 0usize;
    for d in &fw.dimensions {
        let mut categories = Vec::new();
        let mut d_items = Vec::new();
        for sd in fw.sub_dimensions.iter().filter(|s| s.dimension == d.code) {
            let mut sd_items = Vec::new();
            let mut cat_rows = Vec::new();
            for c in fw.categories.iter().filter(|c| c.sub_dimension == sd.code) {
                let mut items = Vec::new();
                let mut c_items = Vec::new();
                for k in fw.kpis.iter().filter(|k| {
                    k.dimension == d.code && k.sub_dimension == sd.code && k.category == c.code
                }) {
                    let (band, status) = band_of(i);
                    i += 1;
                    c_items.push((band, status));
                    items.push(WheelItem {
                        label: k.code.clone(),
                        name: k.name.en().to_string(),
                        band,
                        status,
                    });
                    kpis.push(KpiRow {
                        code: k.code.clone(),
                        name: k.name.en().to_string(),
                        value: if status == ItemStatus::NotReported {
                            String::new()
                        } else {
                            format!("{},5 {}", 40 + i % 60, k.unit)
                        },
                        target: if status == ItemStatus::Scored {
                            format!("{} {}", 50 + i % 50, k.unit)
                        } else {
                            String::new()
                        },
                        achievement: band.map_or(String::new(), |_| format!("{} %", 20 + i % 80)),
                        band,
                        status,
                        verified: [Some(true), Some(false), None][i % 3],
                    });
                }
                let (pct, band) = score_of(&c_items);
                cat_rows.push(ScoreRow {
                    level: ScoreLevel::Category,
                    name: c.name.en().to_string(),
                    score: pct.map_or(String::new(), |p| format!("{p:.2} %")),
                    band,
                });
                categories.push(WheelCategory {
                    name: c.name.en().to_string(),
                    score_pct: pct,
                    band,
                    items,
                });
                sd_items.extend(c_items);
            }
            let (pct, band) = score_of(&sd_items);
            scores.push(ScoreRow {
                level: ScoreLevel::SubDimension,
                name: sd.name.en().to_string(),
                score: pct.map_or(String::new(), |p| format!("{p:.2} %")),
                band,
            });
            scores.extend(cat_rows);
            d_items.extend(sd_items);
        }
        let (pct, band) = score_of(&d_items);
        scores.push(ScoreRow {
            level: ScoreLevel::Dimension,
            name: d.name.en().to_string(),
            score: pct.map_or(String::new(), |p| format!("{p:.2} %")),
            band,
        });
        dimensions.push(WheelDimension {
            name: d.name.en().to_string(),
            score_pct: pct,
            band,
            categories,
        });
    }
    SnapshotDoc {
        city: city.to_string(),
        year: 2025,
        revision: 3,
        verified: false,
        language: if rtl { "ar".into() } else { "fr".into() },
        rtl,
        labels,
        wheel: Wheel {
            title: format!("Roue de référence U4SSC — {city}"),
            description: "Chaque segment extérieur est un KPI, coloré selon sa bande.".into(),
            dimensions,
            legend,
        },
        scores,
        kpis,
        framework_name: "U4SSC KPIs (ITU-T Y.4903), 2017".into(),
        target_set_name: "Cibles U4SSC par défaut".into(),
        generated_on: "2025-06-30".into(),
    }
}

fn french() -> SnapshotLabels {
    SnapshotLabels {
        document_title: "Instantané de la ville U4SSC".into(),
        year: "Année".into(),
        revision: "Révision".into(),
        verified: "Vérifié".into(),
        not_verified: "Non vérifié".into(),
        scores_heading: "Scores par dimension, sous-dimension et catégorie".into(),
        kpis_heading: "Tous les indicateurs clés de performance".into(),
        level: "Niveau".into(),
        name: "Nom".into(),
        score: "Score".into(),
        band: "Bande".into(),
        dimension: "Dimension".into(),
        sub_dimension: "Sous-dimension".into(),
        category: "Catégorie".into(),
        code: "Code".into(),
        value: "Valeur".into(),
        target: "Cible".into(),
        achievement: "Atteinte".into(),
        verified_column: "Vérifié".into(),
        yes: "oui".into(),
        no: "non".into(),
        not_applicable: "N/A".into(),
        framework: "Cadre".into(),
        target_set: "Jeu de cibles".into(),
        generated: "Généré le".into(),
        page: "Page".into(),
    }
}

fn arabic() -> SnapshotLabels {
    SnapshotLabels {
        document_title: "لمحة عن المدينة U4SSC".into(),
        year: "السنة".into(),
        revision: "المراجعة".into(),
        verified: "تم التحقق".into(),
        not_verified: "لم يتم التحقق".into(),
        scores_heading: "الدرجات حسب البعد والفئة".into(),
        kpis_heading: "جميع مؤشرات الأداء الرئيسية".into(),
        level: "المستوى".into(),
        name: "الاسم".into(),
        score: "الدرجة".into(),
        band: "النطاق".into(),
        dimension: "البعد".into(),
        sub_dimension: "البعد الفرعي".into(),
        category: "الفئة".into(),
        code: "الرمز".into(),
        value: "القيمة".into(),
        target: "الهدف".into(),
        achievement: "الإنجاز".into(),
        verified_column: "تم التحقق".into(),
        yes: "نعم".into(),
        no: "لا".into(),
        not_applicable: "غير متاح".into(),
        framework: "الإطار".into(),
        target_set: "مجموعة الأهداف".into(),
        generated: "تاريخ الإنشاء".into(),
        page: "صفحة".into(),
    }
}

fn french_legend() -> Legend {
    Legend {
        at_least_95: "95 % de la cible ou plus".into(),
        from_66_to_95: "66–95 % de la cible".into(),
        from_33_to_66: "33–66 % de la cible".into(),
        below_33: "Moins de 33 % de la cible".into(),
        no_target: "N/A (pas de cible)".into(),
        not_reported: "Non déclaré".into(),
    }
}

fn arabic_legend() -> Legend {
    Legend {
        at_least_95: "95٪ من الهدف أو أكثر".into(),
        from_66_to_95: "66–95٪ من الهدف".into(),
        from_33_to_66: "33–66٪ من الهدف".into(),
        below_33: "أقل من 33٪ من الهدف".into(),
        no_target: "لا يوجد هدف".into(),
        not_reported: "لم يبلغ عنه".into(),
    }
}

fn fr_doc() -> SnapshotDoc {
    sample("Besançon", french(), french_legend(), false)
}

fn tiny_wheel(label: &str) -> Wheel {
    Wheel {
        title: label.into(),
        description: label.into(),
        dimensions: vec![WheelDimension {
            name: label.into(),
            score_pct: Some(50.0),
            band: Some(Band::From33To66),
            categories: vec![WheelCategory {
                name: label.into(),
                score_pct: Some(50.0),
                band: Some(Band::From33To66),
                items: vec![WheelItem {
                    label: label.into(),
                    name: label.into(),
                    band: Some(Band::From33To66),
                    status: ItemStatus::Scored,
                }],
            }],
        }],
        legend: Legend::english(),
    }
}

#[test]
fn escape_handles_markup_characters() {
    assert_eq!(xml_escape("<&\"'>"), "&lt;&amp;&quot;&apos;&gt;");
    assert_eq!(xml_escape("Besançon\u{1}"), "Besançon");
}

#[test]
fn xss_label_is_escaped_and_svg_still_parses() {
    let evil = "<script>alert('x')</script>&\"";
    let svg = wheel_svg(&tiny_wheel(evil), false);
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;&quot;"));
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let trend = trend_svg(&TrendChart {
        title: evil.into(),
        description: evil.into(),
        points: vec![(2020, Some(40.0))],
        y_label: evil.into(),
    });
    assert!(!trend.contains("<script>"));
    roxmltree::Document::parse(&trend).expect("well-formed SVG");
}

#[test]
fn one_outer_segment_per_item_and_angles_sum_to_360() {
    let doc = fr_doc();
    let svg = wheel_svg(&doc.wheel, false);
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let items = xml
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("class") == Some("item"))
        .count();
    assert_eq!(items, 91);
    assert_eq!(doc.kpis.len(), 91);
    // Every segment carries a hover title.
    for path in xml.descendants().filter(|n| n.has_tag_name("path")) {
        assert!(path.children().any(|c| c.has_tag_name("title")));
    }
    let angles = segment_angles(&doc.wheel);
    assert_eq!(angles.len(), 91);
    let sum: f64 = angles.iter().map(|(a, b)| b - a).sum();
    assert!((sum - 360.0).abs() < 1e-9, "sum {sum}");
    assert!(angles.windows(2).all(|w| (w[0].1 - w[1].0).abs() < 1e-9));
}

#[test]
fn svg_is_accessible() {
    let svg = wheel_svg(&fr_doc().wheel, true);
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let root = xml.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let ids: Vec<&str> = root
        .attribute("aria-labelledby")
        .expect("labelledby")
        .split(' ')
        .collect();
    for id in ids {
        assert!(
            xml.descendants().any(|n| n.attribute("id") == Some(id)),
            "{id}"
        );
    }
    assert!(root.attribute("viewBox").is_some());
    assert!(svg.contains("direction=\"rtl\""));
    assert!(!wheel_svg(&fr_doc().wheel, false).contains("direction=\"rtl\""));
    // Legend text and marks.
    assert!(svg.contains("Non déclaré"));
}

#[test]
fn output_is_deterministic() {
    let doc = fr_doc();
    assert_eq!(wheel_svg(&doc.wheel, false), wheel_svg(&doc.wheel, false));
    assert_eq!(
        snapshot_pdf(&doc).expect("pdf"),
        snapshot_pdf(&doc).expect("pdf")
    );
}

#[test]
fn band_colours_and_text_contrast() {
    assert_eq!(band_colour(Band::AtLeast95), "#009e69");
    assert_eq!(band_colour(Band::From66To95), "#5ab47d");
    assert_eq!(band_colour(Band::From33To66), "#ddac42");
    assert_eq!(band_colour(Band::Below33), "#dd7947");
    assert_eq!(Shade::NoTarget.colour(), "#4ba0be");
    assert_eq!(Shade::NotReported.colour(), "#8a817a");
    let svg = wheel_svg(&fr_doc().wheel, false);
    assert!(svg.contains("fill=\"#ddac42\""));
    // Every fill that carries text, and the white page, against the ink: WCAG AA (4.5:1).
    for shade in [
        Shade::Band(Band::AtLeast95),
        Shade::Band(Band::From66To95),
        Shade::Band(Band::From33To66),
        Shade::Band(Band::Below33),
        Shade::NoTarget,
        Shade::NotReported,
    ] {
        let ratio = contrast_ratio(shade.colour(), INK);
        assert!(ratio >= 4.5, "{} on {}: {ratio}", INK, shade.colour());
    }
    assert!(contrast_ratio("#ffffff", INK) >= 4.5);
    // PDF table fills.
    assert!(contrast_ratio("#e4e1de", INK) >= 4.5);
    assert!(contrast_ratio("#f4f3f2", INK) >= 4.5);
    // White text on the darkest green would fail: that is why INK is dark.
    assert!(contrast_ratio("#009e69", "#ffffff") < 4.5);
}

#[test]
fn trend_chart_has_points_titles_and_gaps() {
    let svg = trend_svg(&TrendChart {
        title: "Accès Internet des ménages".into(),
        description: "Score 2020–2024".into(),
        points: vec![
            (2022, None),
            (2020, Some(40.0)),
            (2021, Some(70.123)),
            (2023, Some(96.0)),
            (2024, Some(99.0)),
        ],
        y_label: "% de la cible".into(),
    });
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(xml.root_element().attribute("role"), Some("img"));
    let circles = xml
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(circles, 4);
    assert!(svg.contains("<title>2021: 70.12 %</title>"));
    // The gap at 2022 splits the line in two polylines.
    assert_eq!(
        xml.descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .count(),
        2
    );
}

// --- PDF -----------------------------------------------------------------------------------

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn pdf_has_city_name_accents_and_expected_pages() {
    let doc = fr_doc();
    let pdf = snapshot_pdf(&doc).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Besançon"), "{text}");
    assert!(text.contains("Catégorie"));
    assert!(text.contains("Household Internet Access"));
    assert!(text.contains("Généré le: 2025-06-30"));
    let pages = pdf_page_count(&doc).expect("count");
    // Page 1: title, wheel, legend and the start of the score table, which ends on page 2;
    // the KPI table starts on a fresh page and its 91 rows at 7.5 pt take pages 3 to 5.
    assert_eq!(pages, EXPECTED_PAGES_91_KPIS);
    let count = format!("/Count {pages}");
    assert!(find(&pdf, count.as_bytes()).is_some());
    assert_eq!(text.matches("Page ").count(), pages);
}

const EXPECTED_PAGES_91_KPIS: usize = 5;

#[test]
fn pdf_arabic_is_shaped_and_right_to_left() {
    let doc = sample("الرياض", arabic(), arabic_legend(), true);
    let pdf = snapshot_pdf(&doc).expect("arabic pdf");
    let text = pdf_text(&pdf);
    // Shaped: Arabic letters are drawn with their contextual presentation glyphs, yet the
    // ToUnicode map gives back the logical letters.
    assert!(text.contains('ر') && text.contains('ي'), "{text}");
}

#[test]
fn pdf_refuses_text_the_font_cannot_draw() {
    let mut doc = fr_doc();
    doc.city = "東京".into();
    assert!(matches!(
        snapshot_pdf(&doc),
        Err(civitas_snapshot::PdfError::MissingGlyph('東'))
    ));
}

#[test]
fn pdf_xss_label_is_plain_text() {
    let mut doc = fr_doc();
    doc.city = "<script>alert('x')</script>".into();
    let pdf = snapshot_pdf(&doc).expect("pdf");
    assert!(pdf_text(&pdf).contains("<script>alert('x')</script>"));
}

/// Writes the wheel, a trend chart and the PDFs under target/snapshot-sample/ for people to look at.
#[test]
fn write_samples_for_people() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/snapshot-sample");
    std::fs::create_dir_all(&dir).expect("dir");
    let doc = fr_doc();
    std::fs::write(dir.join("wheel.svg"), wheel_svg(&doc.wheel, false)).expect("write");
    let ar = sample("الرياض", arabic(), arabic_legend(), true);
    std::fs::write(dir.join("wheel-ar.svg"), wheel_svg(&ar.wheel, true)).expect("write");
    std::fs::write(
        dir.join("trend.svg"),
        trend_svg(&TrendChart {
            title: "Accès Internet des ménages".into(),
            description: "Score 2019–2024".into(),
            points: vec![
                (2019, Some(25.0)),
                (2020, Some(40.0)),
                (2021, Some(70.0)),
                (2022, None),
                (2023, Some(90.0)),
                (2024, Some(97.5)),
            ],
            y_label: "% de la cible".into(),
        }),
    )
    .expect("write");
    let pdf = snapshot_pdf(&doc).expect("pdf");
    std::fs::write(dir.join("snapshot-fr.pdf"), &pdf).expect("write");
    std::fs::write(dir.join("snapshot-ar.pdf"), snapshot_pdf(&ar).expect("pdf")).expect("write");
    println!("snapshot-fr.pdf: {} bytes", pdf.len());
}
