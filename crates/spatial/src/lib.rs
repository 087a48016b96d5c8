//! District boundaries and maps for Civitas (engine: pure Rust, no I/O).
//!
//! Data in, `String` out. A city uploads its district boundaries as GeoJSON; the
//! digital-divide module draws an indicator by district on them.
//!
//! - [`read_districts`]: a GeoJSON FeatureCollection (RFC 7946, WGS 84 longitude/latitude) of
//!   Polygon and MultiPolygon features → [`Districts`], or a [`GeoError`] that names the
//!   feature and says what is wrong with it.
//! - [`choropleth_svg`]: the indicator by district as an SVG choropleth — equirectangular
//!   projection fitted to the canvas, a colour-blind-safe sequential palette ([`palette`]),
//!   suppressed districts hatched and districts without data dotted (and both labelled, so
//!   colour is never the only cue), labels on a white halo, a legend beside the map.
//! - [`match_report`]: which names of a table of values match no district of the file, and
//!   which districts have no value, comparing names ignoring case and accents.
//! - [`geometry`]: the projection, areas, centroids, label points and Douglas–Peucker
//!   simplification the map is drawn with.
//!
//! Maps follow the project convention for charts: SVG with `role="img"`, `<title>` and
//! `<desc>` referenced by `aria-labelledby`, a `<title>` per district; the page that shows the
//! map also shows the values as a table. Texts are drawn as given: the caller translates.
//!
//! Dependencies: `serde_json` reads the file (no geo crate: the little geometry needed is in
//! [`geometry`]); `unicode-normalization` folds accents when matching names.
//!
//! # Example
//!
//! ```
//! use civitas_spatial::{Choropleth, Class, DistrictValue, NumberFormat, choropleth_svg,
//!     match_report, read_districts};
//!
//! let geojson = r#"{"type": "FeatureCollection", "features": [
//!   {"type": "Feature", "properties": {"name": "Vieux Quartier"},
//!    "geometry": {"type": "Polygon", "coordinates":
//!      [[[4.85, 45.70], [4.95, 45.70], [4.95, 45.80], [4.85, 45.80], [4.85, 45.70]]]}},
//!   {"type": "Feature", "properties": {"name": "Rivière"},
//!    "geometry": {"type": "Polygon", "coordinates":
//!      [[[4.95, 45.70], [5.05, 45.70], [5.05, 45.80], [4.95, 45.80], [4.95, 45.70]]]}}
//! ]}"#;
//! let districts = read_districts(geojson.as_bytes(), None)?;
//! assert_eq!(districts.names(), ["Vieux Quartier", "Rivière"]);
//!
//! let values = vec![
//!     ("vieux quartier".to_string(), DistrictValue::Value(81.5)),
//!     ("RIVIERE".to_string(), DistrictValue::Suppressed),
//! ];
//! assert!(match_report(&districts, &values).is_complete());
//!
//! let format = NumberFormat::percent(1);
//! let map = Choropleth {
//!     title: "Share of residents using the Internet".into(),
//!     description: "By district, household survey 2025".into(),
//!     classes: Class::equal_intervals(&[60.0, 100.0], 4, &format),
//!     values,
//!     legend_title: "Residents using the Internet".into(),
//!     suppressed_label: "Suppressed (too few respondents)".into(),
//!     no_data_label: "No data".into(),
//!     format,
//!     rtl: false,
//!     simplify: true,
//! };
//! let svg = choropleth_svg(&districts, &map);
//! assert!(svg.contains("role=\"img\""));
//! assert!(svg.contains("<title>Vieux Quartier: 81.5 %</title>"));
//! # Ok::<(), civitas_spatial::GeoError>(())
//! ```

mod choropleth;
mod geojson;
pub mod geometry;
mod names;

pub use choropleth::{
    Choropleth, Class, DistrictValue, HALO, INK, LINE, NumberFormat, SIMPLIFY_TOLERANCE_PX,
    choropleth_svg, class_of, contrast_ratio, palette, relative_luminance,
};
pub use geojson::{
    BoundingBox, District, Districts, FeatureProblem, FeatureRef, GeoError, MAX_DISTRICTS,
    MAX_POSITIONS, NAME_PROPERTIES, Polygon, Position, RingRef, read_districts,
};
pub use geometry::{Frame, Projection};
pub use names::{MatchReport, match_report, normalize_name, same_name};
