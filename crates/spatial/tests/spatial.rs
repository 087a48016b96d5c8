//! Integration tests: reading GeoJSON and its errors, projection and geometry, the choropleth
//! SVG (structure, accessibility, fills, escaping, palette), name matching, the demo city.

use civitas_spatial::geometry::{area, centroid, contains, label_point, ring_area, simplify_ring};
use civitas_spatial::{
    Choropleth, Class, DistrictValue, Districts, FeatureProblem, Frame, GeoError, HALO, INK, LINE,
    MAX_DISTRICTS, MAX_POSITIONS, NumberFormat, Projection, choropleth_svg, class_of,
    contrast_ratio, match_report, normalize_name, palette, read_districts, relative_luminance,
    same_name,
};

/// Three districts: a square, a MultiPolygon (two squares, one with a hole) and an L shape;
/// names with accents.
const HAND_MADE: &str = r#"{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"name": "Saint-Étienne", "pop": 1200},
     "geometry": {"type": "Polygon", "coordinates":
       [[[4.90, 45.70], [4.95, 45.70], [4.95, 45.75], [4.90, 45.75], [4.90, 45.70]]]}},
    {"type": "Feature", "properties": {"name": "Bellevue-Château"},
     "geometry": {"type": "MultiPolygon", "coordinates": [
       [[[4.95, 45.70], [5.00, 45.70], [5.00, 45.75], [4.95, 45.75], [4.95, 45.70]],
        [[4.97, 45.72], [4.98, 45.72], [4.98, 45.73], [4.97, 45.73], [4.97, 45.72]]],
       [[[5.01, 45.70], [5.02, 45.70], [5.02, 45.71], [5.01, 45.71], [5.01, 45.70]]]
     ]}},
    {"type": "Feature", "properties": {"name": "  Les Pâquis  "},
     "geometry": {"type": "Polygon", "coordinates":
       [[[4.90, 45.75], [5.00, 45.75], [5.00, 45.76], [4.91, 45.76], [4.91, 45.80],
         [4.90, 45.80], [4.90, 45.75]]]}}
  ]
}"#;

fn hand_made() -> Districts {
    read_districts(HAND_MADE.as_bytes(), None).expect("hand-made file reads")
}

fn demo_city() -> Districts {
    let bytes = include_bytes!("fixtures/demo-city-districts.geojson");
    read_districts(bytes, None).expect("demo city reads")
}

/// A FeatureCollection of one feature with these properties and this geometry (JSON text).
fn one_feature(properties: &str, geometry: &str) -> String {
    format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "properties": {properties}, "geometry": {geometry}}}]}}"#
    )
}

fn square(lon: f64, lat: f64, size: f64) -> String {
    format!(
        "[[[{lon}, {lat}], [{}, {lat}], [{}, {}], [{lon}, {}], [{lon}, {lat}]]]",
        lon + size,
        lon + size,
        lat + size,
        lat + size
    )
}

fn error_of(json: &str) -> GeoError {
    read_districts(json.as_bytes(), None).expect_err("the file is refused")
}

fn message_of(json: &str) -> String {
    error_of(json).to_string()
}

// ---------------------------------------------------------------- reading

#[test]
fn reads_polygons_multipolygons_holes_and_accented_names() {
    let d = hand_made();
    assert_eq!(d.len(), 3);
    assert_eq!(
        d.names(),
        ["Saint-Étienne", "Bellevue-Château", "Les Pâquis"]
    );
    let bellevue = d
        .get("bellevue-chateau")
        .expect("found ignoring case and accents");
    assert_eq!(bellevue.feature_index, 1);
    assert_eq!(bellevue.polygons.len(), 2);
    assert_eq!(bellevue.polygons[0].holes.len(), 1);
    assert_eq!(bellevue.polygons[0].exterior.len(), 5);
    assert_eq!(bellevue.polygons[1].holes.len(), 0);
    assert_eq!(d.position_count(), 5 + 5 + 5 + 5 + 7);
    let b = d.bounding_box().expect("a box");
    assert_eq!(b.min, [4.90, 45.70]);
    assert_eq!(b.max, [5.02, 45.80]);
}

#[test]
fn name_comes_from_the_given_property_or_the_first_usual_one() {
    let json = one_feature(
        r#"{"nombre": "Centro", "NAME": "CENTRE", "code": 7}"#,
        &format!(
            r#"{{"type": "Polygon", "coordinates": {}}}"#,
            square(4.9, 45.7, 0.01)
        ),
    );
    // NAME comes before nombre in the fallback order.
    let d = read_districts(json.as_bytes(), None).expect("reads");
    assert_eq!(d.names(), ["CENTRE"]);
    let d = read_districts(json.as_bytes(), Some("nombre")).expect("reads");
    assert_eq!(d.names(), ["Centro"]);
    // A numeric code is accepted as a name.
    let d = read_districts(json.as_bytes(), Some("code")).expect("reads");
    assert_eq!(d.names(), ["7"]);
}

#[test]
fn altitude_is_ignored() {
    let json = one_feature(
        r#"{"name": "Hill"}"#,
        r#"{"type": "Polygon", "coordinates": [[[4.9, 45.7, 210], [5.0, 45.7, 220], [5.0, 45.8, 230], [4.9, 45.7, 210]]]}"#,
    );
    let d = read_districts(json.as_bytes(), None).expect("reads");
    assert_eq!(d.as_slice()[0].polygons[0].exterior[1], [5.0, 45.7]);
}

#[test]
fn error_not_json() {
    assert_eq!(
        message_of("{\"type\": \"FeatureCollection\",\n  \"features\": [}"),
        "the file is not JSON: expected value at line 2, column 16"
    );
    assert!(matches!(error_of(""), GeoError::NotJson { line: 1, .. }));
}

#[test]
fn error_not_a_feature_collection() {
    assert_eq!(
        message_of(r#"{"type": "Feature", "geometry": null}"#),
        "the file is not a GeoJSON FeatureCollection: its \"type\" is \"Feature\""
    );
    assert_eq!(
        message_of("[1, 2]"),
        "the file is not a GeoJSON FeatureCollection: the top level is an array, not an object"
    );
    assert_eq!(
        message_of(r#"{"type": "FeatureCollection", "features": {}}"#),
        "the file is not a GeoJSON FeatureCollection: its \"features\" is an object, not an array"
    );
    assert_eq!(
        message_of(r#"{"type": "FeatureCollection", "features": []}"#),
        "the FeatureCollection has no features"
    );
}

#[test]
fn error_feature_is_not_a_feature() {
    assert_eq!(
        message_of(r#"{"type": "FeatureCollection", "features": [{"type": "Point"}]}"#),
        "features[0]: is not a Feature (its \"type\" is \"Point\")"
    );
}

#[test]
fn error_no_geometry() {
    let json = one_feature(r#"{"name": "Riverside"}"#, "null");
    assert_eq!(
        message_of(&json),
        "features[0] (\"Riverside\"): has no geometry"
    );
    let json = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Harbour"}}]}"#;
    assert!(matches!(
        error_of(json),
        GeoError::Feature {
            problem: FeatureProblem::NoGeometry,
            ..
        }
    ));
}

#[test]
fn error_unsupported_geometry_names_the_type() {
    let json = one_feature(
        r#"{"name": "Ring road"}"#,
        r#"{"type": "LineString", "coordinates": [[4.9, 45.7], [5.0, 45.8]]}"#,
    );
    assert_eq!(
        message_of(&json),
        "features[0] (\"Ring road\"): has unsupported geometry type `LineString`: district \
         boundaries must be Polygon or MultiPolygon"
    );
}

#[test]
fn error_no_name_lists_the_properties_it_has() {
    let poly = format!(
        r#"{{"type": "Polygon", "coordinates": {}}}"#,
        square(4.9, 45.7, 0.01)
    );
    let ok = one_feature(r#"{"name": "Old Town"}"#, &poly);
    let bad = one_feature(r#"{"id": 3, "LIBELLE": "Croix-Rousse"}"#, &poly);
    // The second feature has no name: the error names index 1.
    let json = format!(
        r#"{{"type": "FeatureCollection", "features": [{}, {}]}}"#,
        &ok[ok.find("[{").expect("features") + 1..ok.rfind("]}").expect("end")],
        &bad[bad.find("[{").expect("features") + 1..bad.rfind("]}").expect("end")],
    );
    assert_eq!(
        message_of(&json),
        "features[1]: has no name property (looked for `name`, `NAME`, `district`, `DISTRICT`, \
         `nom`, `nombre`; it has `LIBELLE`, `id`)"
    );
    let err = read_districts(json.as_bytes(), Some("NOM_QUARTIER")).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "features[0]: has no name property (looked for `NOM_QUARTIER`; it has `name`)"
    );
    let none = one_feature("null", &poly);
    assert_eq!(
        message_of(&none),
        "features[0]: has no name property (looked for `name`, `NAME`, `district`, `DISTRICT`, \
         `nom`, `nombre`; it has no properties)"
    );
}

#[test]
fn error_empty_or_non_text_name() {
    let poly = format!(
        r#"{{"type": "Polygon", "coordinates": {}}}"#,
        square(4.9, 45.7, 0.01)
    );
    assert_eq!(
        message_of(&one_feature(r#"{"name": "   "}"#, &poly)),
        "features[0]: has an empty name in property `name`"
    );
    assert_eq!(
        message_of(&one_feature(r#"{"name": null}"#, &poly)),
        "features[0]: has a name property `name` that is not text but null"
    );
}

#[test]
fn error_duplicate_name_ignoring_case_and_accents() {
    let json = HAND_MADE.replace("Les Pâquis", "SAINT-ETIENNE");
    assert_eq!(
        message_of(&json),
        "features[2] (\"SAINT-ETIENNE\"): has the same district name as features[0] \
         (\"Saint-Étienne\"); names are compared ignoring case and accents"
    );
}

#[test]
fn error_coordinates_out_of_range_suggests_a_projected_file() {
    // Lambert-93 metres instead of degrees.
    let json = one_feature(
        r#"{"name": "Presqu'île"}"#,
        r#"{"type": "Polygon", "coordinates": [[[842000, 6519000], [843000, 6519000], [843000, 6520000], [842000, 6519000]]]}"#,
    );
    assert_eq!(
        message_of(&json),
        "features[0] (\"Presqu'île\"): ring 0 (exterior), position 0: longitude 842000, \
         latitude 6519000 is outside WGS 84 (longitude -180 to 180, latitude -90 to 90); \
         GeoJSON must use WGS 84 longitude/latitude (RFC 7946), so the file may be in a \
         projected coordinate system"
    );
    let json = one_feature(
        r#"{"name": "North"}"#,
        r#"{"type": "Polygon", "coordinates": [[[4.9, 45.7], [5.0, 45.7], [5.0, 95.0], [4.9, 45.7]]]}"#,
    );
    assert!(message_of(&json).contains("position 2: longitude 5, latitude 95 is outside WGS 84"));
}

#[test]
fn error_ring_with_fewer_than_four_positions() {
    let json = one_feature(
        r#"{"name": "Sliver"}"#,
        r#"{"type": "MultiPolygon", "coordinates": [[[[4.9, 45.7], [5.0, 45.7], [5.0, 45.8], [4.9, 45.7]]], [[[4.9, 45.7], [5.0, 45.7], [4.9, 45.7]]]]}"#,
    );
    assert_eq!(
        message_of(&json),
        "features[0] (\"Sliver\"): polygon 1, ring 0 (exterior) has 3 positions; a ring needs \
         at least 4 (a triangle and its first position repeated at the end)"
    );
}

#[test]
fn error_unclosed_ring() {
    let json = one_feature(
        r#"{"name": "Open"}"#,
        r#"{"type": "Polygon", "coordinates": [[[4.9, 45.7], [5.0, 45.7], [5.0, 45.8], [4.9, 45.7]], [[4.95, 45.72], [4.96, 45.72], [4.96, 45.73], [4.95, 45.73]]]}"#,
    );
    assert_eq!(
        message_of(&json),
        "features[0] (\"Open\"): ring 1 (hole) is not closed: its last position [4.95, 45.73] \
         differs from its first [4.95, 45.72]"
    );
}

#[test]
fn error_malformed_coordinates() {
    let json = one_feature(
        r#"{"name": "Odd"}"#,
        r#"{"type": "Polygon", "coordinates": [[[4.9, 45.7], [5.0], [5.0, 45.8], [4.9, 45.7]]]}"#,
    );
    assert_eq!(
        message_of(&json),
        "features[0] (\"Odd\"): has malformed coordinates: ring 0 (exterior), position 1 is an \
         array, not [longitude, latitude]"
    );
    let json = one_feature(
        r#"{"name": "Empty"}"#,
        r#"{"type": "Polygon", "coordinates": []}"#,
    );
    assert_eq!(
        message_of(&json),
        "features[0] (\"Empty\"): has malformed coordinates: the Polygon has no rings"
    );
    let json = one_feature(
        r#"{"name": "Text"}"#,
        r#"{"type": "Polygon", "coordinates": "x"}"#,
    );
    assert!(message_of(&json).contains("the Polygon's \"coordinates\" is \"x\", not an array"));
}

#[test]
fn error_too_many_districts() {
    let feature = |i: usize| {
        format!(
            r#"{{"type": "Feature", "properties": {{"name": "D{i}"}}, "geometry": {{"type": "Polygon", "coordinates": {}}}}}"#,
            square(4.0 + i as f64 * 0.001, 45.0, 0.001)
        )
    };
    let features: Vec<String> = (0..=MAX_DISTRICTS).map(feature).collect();
    let json = format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    );
    assert_eq!(
        message_of(&json),
        "too many districts: the file has 501 features and at most 500 are accepted"
    );
    // Exactly the limit is fine.
    let json = format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features[..MAX_DISTRICTS].join(",")
    );
    assert_eq!(
        read_districts(json.as_bytes(), None)
            .expect("500 districts are accepted")
            .len(),
        MAX_DISTRICTS
    );
}

#[test]
fn error_too_many_positions() {
    // One ring of MAX_POSITIONS + 1 positions around a circle.
    let n = MAX_POSITIONS;
    let mut ring: Vec<String> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            format!(
                "[{:.6}, {:.6}]",
                4.9 + 0.05 * a.cos(),
                45.7 + 0.05 * a.sin()
            )
        })
        .collect();
    ring.push(ring[0].clone());
    let json = one_feature(
        r#"{"name": "Coastline"}"#,
        &format!(
            r#"{{"type": "Polygon", "coordinates": [[{}]]}}"#,
            ring.join(",")
        ),
    );
    assert_eq!(
        message_of(&json),
        "too many positions: the boundaries have more than 200000 positions in all; simplify \
         them (for example with mapshaper's -simplify) and upload the file again"
    );
}

// ---------------------------------------------------------------- geometry

#[test]
fn projection_keeps_the_aspect_ratio_and_fits_the_box() {
    let d = demo_city();
    let b = d.bounding_box().expect("a box");
    let frame = Frame {
        x: 100.0,
        y: 20.0,
        width: 500.0,
        height: 400.0,
        margin: 10.0,
    };
    let p = Projection::fit(b, frame);
    let nw = p.project_exact([b.min[0], b.max[1]]);
    let se = p.project_exact([b.max[0], b.min[1]]);
    // North-west is up and left: y is flipped.
    assert!(nw[0] < se[0] && nw[1] < se[1]);
    let (w, h) = (se[0] - nw[0], se[1] - nw[1]);
    // Ground ratio with cos(middle latitude).
    let k = ((b.min[1] + b.max[1]) / 2.0).to_radians().cos();
    let ground = (b.max[0] - b.min[0]) * k / (b.max[1] - b.min[1]);
    assert!((w / h - ground).abs() < 1e-9, "{} vs {ground}", w / h);
    // Fits inside the frame less its margin, touching it on one axis, centred on the other.
    let eps = 1e-9;
    assert!(nw[0] >= 110.0 - eps && se[0] <= 590.0 + eps);
    assert!(nw[1] >= 30.0 - eps && se[1] <= 410.0 + eps);
    let touches_w = (w - 480.0).abs() < 1e-6;
    let touches_h = (h - 380.0).abs() < 1e-6;
    assert!(touches_w || touches_h);
    assert!(((nw[0] - 110.0) - (590.0 - se[0])).abs() < 1e-6);
    assert!(((nw[1] - 30.0) - (410.0 - se[1])).abs() < 1e-6);
    // Rounded projection: 0.1 px.
    let r = p.project([4.9312345, 45.7654321]);
    for v in r {
        assert!(((v * 10.0).round() - v * 10.0).abs() < 1e-9, "{v}");
    }
}

#[test]
fn area_centroid_and_label_point() {
    let square = vec![[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]];
    assert_eq!(ring_area(&square), 16.0);
    let clockwise: Vec<_> = square.iter().rev().copied().collect();
    assert_eq!(ring_area(&clockwise), -16.0);
    let hole = vec![[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0], [1.0, 1.0]];
    assert_eq!(area(&clockwise, std::slice::from_ref(&hole)), 15.0);
    assert_eq!(centroid(&square, &[]), Some([2.0, 2.0]));
    // The hole pulls the centroid away from it, whatever the orientations.
    let c = centroid(&clockwise, &[hole]).expect("centroid");
    assert!(c[0] > 2.0 && c[1] > 2.0);
    // A C shape: its centroid lies in the gap, the label point does not.
    let c_shape = vec![
        [0.0, 0.0],
        [10.0, 0.0],
        [10.0, 2.0],
        [2.0, 2.0],
        [2.0, 8.0],
        [10.0, 8.0],
        [10.0, 10.0],
        [0.0, 10.0],
        [0.0, 0.0],
    ];
    let c = centroid(&c_shape, &[]).expect("centroid");
    assert!(!contains(&c_shape, &[], c));
    let l = label_point(&c_shape, &[]).expect("label point");
    assert!(contains(&c_shape, &[], l), "{l:?}");
}

#[test]
fn simplification_drops_near_collinear_points_and_keeps_the_ring_closed() {
    let mut ring = Vec::new();
    for i in 0..=100 {
        ring.push([f64::from(i), if i % 2 == 0 { 0.0 } else { 0.2 }]);
    }
    ring.extend([[100.0, 50.0], [0.0, 50.0], [0.0, 0.0]]);
    let s = simplify_ring(&ring, 0.5);
    assert_eq!(s.first(), s.last());
    assert_eq!(s.len(), 5, "{s:?}");
    // Below the tolerance nothing is lost that matters; above it the wiggles stay.
    assert!(simplify_ring(&ring, 0.1).len() > 90);
}

// ---------------------------------------------------------------- choropleth

fn values(pairs: &[(&str, DistrictValue)]) -> Vec<(String, DistrictValue)> {
    pairs.iter().map(|(n, v)| (n.to_string(), *v)).collect()
}

fn map_of(values: Vec<(String, DistrictValue)>, classes: Vec<Class>) -> Choropleth {
    Choropleth {
        title: "Share of residents using the Internet".into(),
        description: "By district, household survey 2025; hatched: suppressed".into(),
        values,
        classes,
        legend_title: "Residents using the Internet".into(),
        suppressed_label: "Suppressed (too few respondents)".into(),
        no_data_label: "No data".into(),
        format: NumberFormat::percent(1),
        rtl: false,
        simplify: true,
    }
}

fn five_classes() -> Vec<Class> {
    Class::from_breaks(
        50.0,
        &[60.0, 70.0, 80.0, 90.0, 100.0],
        &NumberFormat::percent(0),
    )
}

fn attr<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or_default()
}

fn child_title(node: roxmltree::Node<'_, '_>) -> String {
    node.children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn svg_is_accessible_xml_with_one_path_per_district_and_fills_by_class() {
    let d = hand_made();
    let map = map_of(
        values(&[
            ("saint-etienne", DistrictValue::Value(74.2)),
            ("BELLEVUE-CHATEAU", DistrictValue::Value(95.0)),
            ("Les Paquis", DistrictValue::Suppressed),
        ]),
        five_classes(),
    );
    let svg = choropleth_svg(&d, &map);
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let root = xml.root_element();
    assert_eq!(attr(root, "role"), "img");
    let labelled: Vec<&str> = attr(root, "aria-labelledby").split(' ').collect();
    assert_eq!(labelled.len(), 2);
    let by_id = |id: &str| {
        xml.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .expect("referenced id exists")
    };
    assert!(by_id(labelled[0]).has_tag_name("title"));
    assert_eq!(
        by_id(labelled[0]).text(),
        Some("Share of residents using the Internet")
    );
    assert!(by_id(labelled[1]).has_tag_name("desc"));

    let paths: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .collect();
    assert_eq!(paths.len(), 3, "one path per district");
    let p5 = palette(5);
    assert_eq!(p5, ["#fde725", "#5dc863", "#21908c", "#3b528b", "#440154"]);
    // 74.2 → 70–80, the third class; 95 → the fifth; suppressed → hatched.
    assert_eq!(attr(paths[0], "fill"), p5[2]);
    assert_eq!(child_title(paths[0]), "Saint-Étienne: 74.2 %");
    assert_eq!(attr(paths[1], "fill"), p5[4]);
    assert_eq!(child_title(paths[1]), "Bellevue-Château: 95.0 %");
    let hatch = attr(paths[2], "fill");
    assert!(hatch.starts_with("url(#civitas-map-hatch-"), "{hatch}");
    assert!(by_id(&hatch[5..hatch.len() - 1]).has_tag_name("pattern"));
    assert_eq!(
        child_title(paths[2]),
        "Les Pâquis: Suppressed (too few respondents)"
    );
    // The MultiPolygon with a hole: three subpaths; the map uses the even-odd rule.
    assert_eq!(attr(paths[1], "d").matches('M').count(), 3);
    assert!(svg.contains("fill-rule=\"evenodd\""));

    // Labels: hidden from screen readers (each path's title says it), dark on a white halo,
    // and the suppressed one says so in words.
    let labels = xml
        .descendants()
        .find(|n| n.attribute("class") == Some("labels"))
        .expect("labels group");
    assert_eq!(attr(labels, "aria-hidden"), "true");
    assert_eq!(attr(labels, "fill"), INK);
    assert_eq!(attr(labels, "stroke"), HALO);
    assert_eq!(attr(labels, "paint-order"), "stroke");
    let label_text: Vec<String> = labels
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| {
            t.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(
        label_text,
        [
            "Saint-Étienne|74.2 %",
            "Bellevue-Château|95.0 %",
            "Les Pâquis|Suppressed (too|few respondents)"
        ]
    );

    // Legend: five classes, then suppressed and no data, each with a swatch and its text.
    let swatches: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("rect") && attr(*n, "class").starts_with("swatch"))
        .collect();
    assert_eq!(swatches.len(), 7);
    for (i, s) in swatches[..5].iter().enumerate() {
        assert_eq!(attr(*s, "fill"), p5[i]);
    }
    assert_eq!(attr(swatches[5], "fill"), hatch);
    assert!(attr(swatches[6], "fill").starts_with("url(#civitas-map-nodata-"));
    let legend_texts: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.ancestors()
                .any(|a| a.attribute("class") == Some("legend"))
        })
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        legend_texts,
        [
            "Residents using the",
            "Internet",
            "50 % – 60 %",
            "60 % – 70 %",
            "70 % – 80 %",
            "80 % – 90 %",
            "90 % – 100 %",
            "Suppressed (too few",
            "respondents)",
            "No data"
        ]
    );
}

#[test]
fn districts_without_a_value_are_dotted_and_labelled_no_data() {
    let d = hand_made();
    let map = map_of(
        values(&[
            ("Saint-Étienne", DistrictValue::Value(55.0)),
            ("Atlantis", DistrictValue::Value(99.0)),
            ("Les Pâquis", DistrictValue::NoData),
        ]),
        five_classes(),
    );
    let svg = choropleth_svg(&d, &map);
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let paths: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .collect();
    assert_eq!(attr(paths[0], "fill"), palette(5)[0]);
    for p in &paths[1..] {
        assert!(attr(*p, "fill").starts_with("url(#civitas-map-nodata-"));
        assert!(child_title(*p).ends_with(": No data"));
    }
}

#[test]
fn names_are_escaped() {
    let json = HAND_MADE.replace("Saint-Étienne", r#"<Nord & \"Sud\">"#);
    let d = read_districts(json.as_bytes(), None).expect("reads");
    assert_eq!(d.names()[0], r#"<Nord & "Sud">"#);
    let mut map = map_of(
        values(&[(r#"<Nord & "Sud">"#, DistrictValue::Value(61.0))]),
        five_classes(),
    );
    map.title = "Map & <legend>".into();
    map.legend_title = "'quoted' & <b>".into();
    let svg = choropleth_svg(&d, &map);
    assert!(!svg.contains("<Nord"));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;Nord &amp; &quot;Sud&quot;&gt;"));
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let first = xml
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .expect("a path");
    assert_eq!(child_title(first), r#"<Nord & "Sud">: 61.0 %"#);
    assert!(
        xml.descendants()
            .any(|n| n.text() == Some("'quoted' & <b>"))
    );
}

#[test]
fn output_is_deterministic_and_ids_differ_between_maps() {
    let d = demo_city();
    let map = demo_map();
    let a = choropleth_svg(&d, &map);
    assert_eq!(a, choropleth_svg(&d, &map));
    let mut other = demo_map();
    other.title = "Share of households with a computer".into();
    let b = choropleth_svg(&d, &other);
    let id = |svg: &str| {
        let i = svg.find("civitas-map-title-").expect("id");
        svg[i..i + 26].to_string()
    };
    assert_ne!(id(&a), id(&b));
}

#[test]
fn right_to_left_puts_the_legend_on_the_left() {
    let d = demo_city();
    let mut map = demo_map();
    map.rtl = true;
    map.legend_title = "نسبة السكان الذين يستخدمون الإنترنت".into();
    let svg = choropleth_svg(&d, &map);
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let swatch_x: Vec<f64> = xml
        .descendants()
        .filter(|n| attr(*n, "class").starts_with("swatch"))
        .map(|n| attr(n, "x").parse().expect("number"))
        .collect();
    assert!(swatch_x.iter().all(|x| *x < 240.0), "{swatch_x:?}");
    assert!(svg.contains("direction=\"rtl\""));
    let ltr = choropleth_svg(&d, &demo_map());
    assert!(!ltr.contains("direction=\"rtl\""));
}

#[test]
fn classes_equal_intervals_quantiles_and_formats() {
    let pct = NumberFormat::percent(1);
    let c = Class::equal_intervals(&[52.0, 61.0, 70.0, 92.0, f64::NAN], 4, &pct);
    let uppers: Vec<f64> = c.iter().map(|c| c.upper).collect();
    assert_eq!(uppers, [62.0, 72.0, 82.0, 92.0]);
    assert_eq!(c[0].label, "52.0 % – 62.0 %");
    assert_eq!(Class::equal_intervals(&[5.0, 5.0], 5, &pct).len(), 1);
    assert!(Class::equal_intervals(&[], 5, &pct).is_empty());

    let q = Class::quantiles(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 4, &pct);
    let uppers: Vec<f64> = q.iter().map(|c| c.upper).collect();
    assert_eq!(uppers, [3.0, 5.0, 7.0, 9.0]);
    // Ties merge classes.
    let tied: Vec<f64> = Class::quantiles(&[1.0, 1.0, 1.0, 2.0], 4, &pct)
        .iter()
        .map(|c| c.upper)
        .collect();
    assert_eq!(tied, [1.0, 1.25, 2.0]);

    // Upper bounds are inclusive; above the last class is the last class.
    assert_eq!(class_of(&q, 3.0), Some(0));
    assert_eq!(class_of(&q, 3.01), Some(1));
    assert_eq!(class_of(&q, 0.0), Some(0));
    assert_eq!(class_of(&q, 100.0), Some(3));
    assert_eq!(class_of(&q, f64::NAN), None);
    assert_eq!(class_of(&[], 1.0), None);

    let fr = NumberFormat {
        decimals: 1,
        decimal_separator: ',',
        suffix: "\u{202f}%".into(),
    };
    assert_eq!(fr.format(74.25), "74,2\u{202f}%");
    assert_eq!(NumberFormat::percent(1).format(-0.04), "0.0 %");
}

#[test]
fn palette_is_sequential_and_labels_and_lines_have_contrast() {
    for n in 1..=9 {
        let p = palette(n);
        assert_eq!(p.len(), n);
        // Light to dark without reversal, so the order survives greyscale printing.
        for w in p.windows(2) {
            assert!(
                relative_luminance(w[0]) >= relative_luminance(w[1]),
                "{n} classes: {} then {}",
                w[0],
                w[1]
            );
        }
    }
    for n in 2..=7 {
        for w in palette(n).windows(2) {
            assert!(
                relative_luminance(w[0]) > relative_luminance(w[1]),
                "{n} classes"
            );
        }
    }
    // Labels are ink on a white halo: WCAG AAA (7:1) for text, whatever fill is under them.
    assert!(contrast_ratio(INK, HALO) >= 7.0);
    // Borders, hatching and dots on white and on the lightest fill: WCAG 1.4.11 (3:1).
    assert!(contrast_ratio(LINE, "#ffffff") >= 3.0);
    assert!(contrast_ratio(LINE, palette(5)[0]) >= 3.0);
    // Without the halo, dark ink on the darkest class would be unreadable: that is why there
    // is a halo.
    assert!(contrast_ratio(INK, palette(5)[4]) < 3.0);
}

// ---------------------------------------------------------------- matching

#[test]
fn match_report_ignores_case_accents_and_spaces() {
    let d = hand_made();
    let vals = values(&[
        ("  SAINT-ETIENNE ", DistrictValue::Value(70.0)),
        ("les   paquis", DistrictValue::Suppressed),
        ("Atlantis", DistrictValue::Value(1.0)),
        ("Saint-Étienne", DistrictValue::Value(71.0)),
    ]);
    let r = match_report(&d, &vals);
    assert_eq!(
        r.matched,
        [
            ("  SAINT-ETIENNE ".to_string(), "Saint-Étienne".to_string()),
            ("les   paquis".to_string(), "Les Pâquis".to_string()),
        ]
    );
    assert_eq!(r.unknown, ["Atlantis"]);
    assert_eq!(r.missing, ["Bellevue-Château"]);
    assert_eq!(r.duplicates, ["Saint-Étienne"]);
    assert!(!r.is_complete());

    // Works on any value type, e.g. the survey's estimates.
    let plain: Vec<(String, Option<f64>)> =
        d.names().iter().map(|n| (n.to_uppercase(), None)).collect();
    assert!(match_report(&d, &plain).is_complete());

    assert_eq!(normalize_name(" Ñuñoa\u{2019}s  ÉCOLE "), "nunoa's ecole");
    assert!(same_name("Québec", "QUEBEC"));
    assert!(!same_name("Old Town", "Oldtown"));
}

// ---------------------------------------------------------------- the demo city

const DEMO_NAMES: [&str; 8] = [
    "Old Town",
    "Riverside",
    "North Hills",
    "Harbour",
    "University Quarter",
    "Eastgate",
    "Green Valley",
    "Southfield",
];

fn demo_map() -> Choropleth {
    let vals = values(&[
        ("Old Town", DistrictValue::Value(81.4)),
        ("Riverside", DistrictValue::Value(74.2)),
        ("North Hills", DistrictValue::Value(68.9)),
        ("Harbour", DistrictValue::Value(58.3)),
        ("University Quarter", DistrictValue::Value(93.6)),
        ("Eastgate", DistrictValue::Value(63.5)),
        ("Green Valley", DistrictValue::Suppressed),
    ]);
    let estimates: Vec<f64> = vals
        .iter()
        .filter_map(|(_, v)| match v {
            DistrictValue::Value(x) => Some(*x),
            _ => None,
        })
        .collect();
    let format = NumberFormat::percent(1);
    let classes = Class::equal_intervals(&estimates, 5, &format);
    let mut map = map_of(vals, classes);
    map.format = format;
    map
}

#[test]
fn demo_city_fixture_has_the_demo_districts_sharing_borders() {
    let d = demo_city();
    assert_eq!(d.names(), DEMO_NAMES);
    let b = d.bounding_box().expect("a box");
    assert!(b.min[0] >= 4.85 && b.max[0] <= 5.05, "{b:?}");
    assert!(b.min[1] >= 45.70 && b.max[1] <= 45.82, "{b:?}");
    assert_eq!(d.get("Harbour").expect("Harbour").polygons.len(), 2);
    assert_eq!(
        d.get("Green Valley").expect("Green Valley").polygons[0]
            .holes
            .len(),
        1
    );
    // Neighbours share border positions exactly.
    let positions = |name: &str| -> Vec<[f64; 2]> {
        d.get(name)
            .expect("district")
            .polygons
            .iter()
            .flat_map(|p| p.exterior.clone())
            .collect()
    };
    let shared = |a: &str, b: &str| {
        let pb = positions(b);
        positions(a).iter().filter(|p| pb.contains(p)).count()
    };
    assert!(shared("Old Town", "Riverside") >= 3);
    assert!(shared("Old Town", "Eastgate") >= 3);
    assert!(shared("Harbour", "Riverside") >= 3);
    assert_eq!(shared("Harbour", "Eastgate"), 0);
    // Each district's label point lies in that district and in no other: no overlaps there.
    for district in &d {
        let big = district
            .polygons
            .iter()
            .max_by(|a, b| area(&a.exterior, &a.holes).total_cmp(&area(&b.exterior, &b.holes)))
            .expect("a polygon");
        let p = label_point(&big.exterior, &big.holes).expect("label point");
        let inside: Vec<&str> = d
            .iter()
            .filter(|o| {
                o.polygons
                    .iter()
                    .any(|q| contains(&q.exterior, &q.holes, p))
            })
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(inside, [district.name.as_str()]);
    }
}

#[test]
fn demo_city_map_is_written_for_people_to_look_at() {
    let d = demo_city();
    let map = demo_map();
    let svg = choropleth_svg(&d, &map);
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let paths: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .collect();
    assert_eq!(paths.len(), 8);
    let titles: Vec<String> = paths.iter().map(|p| child_title(*p)).collect();
    assert_eq!(titles[1], "Riverside: 74.2 %");
    assert_eq!(titles[6], "Green Valley: Suppressed (too few respondents)");
    assert_eq!(titles[7], "Southfield: No data");
    // Every coordinate lies within the map's side of the canvas (0–560 wide).
    let view: Vec<f64> = attr(xml.root_element(), "viewBox")
        .split(' ')
        .map(|v| v.parse().expect("number"))
        .collect();
    for p in &paths {
        let numbers: Vec<f64> = attr(*p, "d")
            .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("number"))
            .collect();
        for xy in numbers.chunks(2) {
            assert!((16.0..=544.0).contains(&xy[0]), "x {}", xy[0]);
            assert!(
                xy[1] >= 16.0 - 1e-9 && xy[1] <= view[3] - 16.0,
                "y {}",
                xy[1]
            );
        }
    }
    // Simplification makes the file smaller and changes nothing else.
    let mut full = demo_map();
    full.simplify = false;
    let unsimplified = choropleth_svg(&d, &full);
    assert!(svg.len() < unsimplified.len());
    assert_eq!(
        roxmltree::Document::parse(&unsimplified)
            .expect("well-formed")
            .descendants()
            .filter(|n| n.has_tag_name("path"))
            .count(),
        8
    );

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/civitas-spatial");
    std::fs::create_dir_all(&dir).expect("target directory");
    std::fs::write(dir.join("demo-city-choropleth.svg"), &svg).expect("write SVG");
    let mut rtl = demo_map();
    rtl.rtl = true;
    rtl.legend_title = "نسبة السكان الذين يستخدمون الإنترنت".into();
    rtl.suppressed_label = "محجوب (عدد قليل من المستجيبين)".into();
    rtl.no_data_label = "لا توجد بيانات".into();
    std::fs::write(
        dir.join("demo-city-choropleth-rtl.svg"),
        choropleth_svg(&d, &rtl),
    )
    .expect("write SVG");
}
