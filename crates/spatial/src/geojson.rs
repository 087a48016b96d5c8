//! Reading district boundaries from a GeoJSON FeatureCollection (RFC 7946).

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::names::normalize_name;

/// At most this many districts (features) in one file.
pub const MAX_DISTRICTS: usize = 500;
/// At most this many positions (vertices) in one file, all districts together.
pub const MAX_POSITIONS: usize = 200_000;

/// Properties tried, in this order, when no name property is given.
pub const NAME_PROPERTIES: [&str; 6] = ["name", "NAME", "district", "DISTRICT", "nom", "nombre"];

/// A position: longitude then latitude in degrees (WGS 84), as in GeoJSON.
/// Projected coordinates (pixels) use the same type: x then y.
pub type Position = [f64; 2];

/// One polygon: an exterior ring and its holes. Rings are closed (first position repeated at
/// the end) and have at least four positions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Polygon {
    pub exterior: Vec<Position>,
    pub holes: Vec<Vec<Position>>,
}

/// A district: its name and its polygons (one for a Polygon, several for a MultiPolygon).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct District {
    /// The name as written in the file, trimmed.
    pub name: String,
    /// Index of the feature in the file's `features` array.
    pub feature_index: usize,
    pub polygons: Vec<Polygon>,
}

/// The districts of a city, in file order, with unique names (compared ignoring case and
/// accents). Made by [`read_districts`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Districts {
    districts: Vec<District>,
}

/// A longitude/latitude (or x/y) bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BoundingBox {
    pub min: Position,
    pub max: Position,
}

impl Districts {
    pub fn iter(&self) -> std::slice::Iter<'_, District> {
        self.districts.iter()
    }

    pub fn as_slice(&self) -> &[District] {
        &self.districts
    }

    pub fn len(&self) -> usize {
        self.districts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.districts.is_empty()
    }

    /// The district called `name`, compared ignoring case, accents and surrounding spaces.
    pub fn get(&self, name: &str) -> Option<&District> {
        let key = normalize_name(name);
        self.districts
            .iter()
            .find(|d| normalize_name(&d.name) == key)
    }

    /// The districts' names in file order.
    pub fn names(&self) -> Vec<&str> {
        self.districts.iter().map(|d| d.name.as_str()).collect()
    }

    /// Number of positions in all rings of all districts.
    pub fn position_count(&self) -> usize {
        self.districts
            .iter()
            .flat_map(|d| &d.polygons)
            .map(|p| p.exterior.len() + p.holes.iter().map(Vec::len).sum::<usize>())
            .sum()
    }

    /// The bounding box of every exterior ring, `None` when there are no districts.
    pub fn bounding_box(&self) -> Option<BoundingBox> {
        let mut points = self
            .districts
            .iter()
            .flat_map(|d| &d.polygons)
            .flat_map(|p| &p.exterior);
        let first = *points.next()?;
        let mut b = BoundingBox {
            min: first,
            max: first,
        };
        for p in points {
            b.min = [b.min[0].min(p[0]), b.min[1].min(p[1])];
            b.max = [b.max[0].max(p[0]), b.max[1].max(p[1])];
        }
        Some(b)
    }
}

impl<'a> IntoIterator for &'a Districts {
    type Item = &'a District;
    type IntoIter = std::slice::Iter<'a, District>;
    fn into_iter(self) -> Self::IntoIter {
        self.districts.iter()
    }
}

/// Which feature an error is about: its index in `features` and, once known, its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeatureRef {
    pub index: usize,
    pub name: Option<String>,
}

impl fmt::Display for FeatureRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "features[{}]", self.index)?;
        if let Some(name) = &self.name {
            write!(f, " (\"{name}\")")?;
        }
        Ok(())
    }
}

/// Which ring of a feature's geometry: `polygon` is set for a MultiPolygon; ring 0 is the
/// exterior, 1… are holes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RingRef {
    pub polygon: Option<usize>,
    pub ring: usize,
}

impl fmt::Display for RingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.polygon {
            write!(f, "polygon {p}, ")?;
        }
        if self.ring == 0 {
            write!(f, "ring 0 (exterior)")
        } else {
            write!(f, "ring {} (hole)", self.ring)
        }
    }
}

/// Why a GeoJSON file of district boundaries was refused. Every message says where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    #[error("the file is not JSON: {message} at line {line}, column {column}")]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the file is not a GeoJSON FeatureCollection: {found}")]
    NotFeatureCollection { found: String },
    #[error("the FeatureCollection has no features")]
    NoFeatures,
    #[error("too many districts: the file has {count} features and at most {limit} are accepted")]
    TooManyDistricts { count: usize, limit: usize },
    #[error(
        "too many positions: the boundaries have more than {limit} positions in all; simplify \
         them (for example with mapshaper's -simplify) and upload the file again"
    )]
    TooManyPositions { limit: usize },
    #[error("{feature}: {problem}")]
    Feature {
        feature: FeatureRef,
        problem: FeatureProblem,
    },
}

/// What is wrong with one feature.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeatureProblem {
    #[error("is not a Feature (its \"type\" is {found})")]
    NotAFeature { found: String },
    #[error("has no geometry")]
    NoGeometry,
    #[error(
        "has unsupported geometry type `{kind}`: district boundaries must be Polygon or MultiPolygon"
    )]
    UnsupportedGeometry { kind: String },
    #[error("has no name property (looked for {}; {})", list(.looked_for), has(.available))]
    NoName {
        looked_for: Vec<String>,
        /// The feature's property names, in byte order.
        available: Vec<String>,
    },
    #[error("has an empty name in property `{property}`")]
    EmptyName { property: String },
    #[error("has a name property `{property}` that is not text but {found}")]
    NameNotText { property: String, found: String },
    #[error(
        "has the same district name as features[{first}] (\"{first_name}\"); names are compared \
         ignoring case and accents"
    )]
    DuplicateName { first: usize, first_name: String },
    #[error(
        "{at}, position {position}: longitude {lon}, latitude {lat} is outside WGS 84 \
         (longitude -180 to 180, latitude -90 to 90); GeoJSON must use WGS 84 longitude/latitude \
         (RFC 7946), so the file may be in a projected coordinate system"
    )]
    OutOfRange {
        at: RingRef,
        position: usize,
        lon: f64,
        lat: f64,
    },
    #[error(
        "{at} has {positions} positions; a ring needs at least 4 (a triangle and its first \
         position repeated at the end)"
    )]
    ShortRing { at: RingRef, positions: usize },
    #[error(
        "{at} is not closed: its last position [{}, {}] differs from its first [{}, {}]",
        .last[0], .last[1], .first[0], .first[1]
    )]
    UnclosedRing {
        at: RingRef,
        first: Position,
        last: Position,
    },
    #[error("has malformed coordinates: {detail}")]
    BadCoordinates { detail: String },
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn has(names: &[String]) -> String {
    if names.is_empty() {
        "it has no properties".to_string()
    } else {
        format!("it has {}", list(names))
    }
}

/// A JSON value's kind, for messages: `"Point"` for a string, "a number", "null" …
fn describe(v: Option<&Value>) -> String {
    match v {
        None => "missing".to_string(),
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(Value::Null) => "null".to_string(),
        Some(Value::Bool(_)) => "a boolean".to_string(),
        Some(Value::Number(_)) => "a number".to_string(),
        Some(Value::Array(_)) => "an array".to_string(),
        Some(Value::Object(_)) => "an object".to_string(),
    }
}

/// Read district boundaries from a GeoJSON FeatureCollection of Polygon and MultiPolygon
/// features in WGS 84 longitude/latitude (RFC 7946).
///
/// The district name comes from `name_property`, or when `None` from the first of
/// [`NAME_PROPERTIES`] the feature has. Names are trimmed and must be unique ignoring case
/// and accents. Positions may carry an altitude, which is ignored. Ring orientation is not
/// checked (maps are drawn with the even-odd rule). At most [`MAX_DISTRICTS`] features and
/// [`MAX_POSITIONS`] positions are accepted.
pub fn read_districts(geojson: &[u8], name_property: Option<&str>) -> Result<Districts, GeoError> {
    let root: Value = serde_json::from_slice(geojson).map_err(|e| GeoError::NotJson {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let Some(obj) = root.as_object() else {
        return Err(GeoError::NotFeatureCollection {
            found: format!("the top level is {}, not an object", describe(Some(&root))),
        });
    };
    match obj.get("type") {
        Some(Value::String(t)) if t == "FeatureCollection" => {}
        other => {
            return Err(GeoError::NotFeatureCollection {
                found: format!("its \"type\" is {}", describe(other)),
            });
        }
    }
    let features = match obj.get("features") {
        Some(Value::Array(a)) => a,
        other => {
            return Err(GeoError::NotFeatureCollection {
                found: format!("its \"features\" is {}, not an array", describe(other)),
            });
        }
    };
    if features.is_empty() {
        return Err(GeoError::NoFeatures);
    }
    if features.len() > MAX_DISTRICTS {
        return Err(GeoError::TooManyDistricts {
            count: features.len(),
            limit: MAX_DISTRICTS,
        });
    }
    let mut districts: Vec<District> = Vec::with_capacity(features.len());
    let mut keys: Vec<String> = Vec::with_capacity(features.len());
    let mut positions = 0usize;
    for (index, feature) in features.iter().enumerate() {
        let fail = |name: Option<&str>, problem| GeoError::Feature {
            feature: FeatureRef {
                index,
                name: name.map(str::to_string),
            },
            problem,
        };
        let Some(f) = feature.as_object() else {
            return Err(fail(
                None,
                FeatureProblem::NotAFeature {
                    found: describe(Some(feature)),
                },
            ));
        };
        match f.get("type") {
            Some(Value::String(t)) if t == "Feature" => {}
            other => {
                return Err(fail(
                    None,
                    FeatureProblem::NotAFeature {
                        found: describe(other),
                    },
                ));
            }
        }
        let name = feature_name(f, name_property).map_err(|p| fail(None, p))?;
        let key = normalize_name(&name);
        if let Some(first) = keys.iter().position(|k| *k == key) {
            return Err(fail(
                Some(&name),
                FeatureProblem::DuplicateName {
                    first: districts[first].feature_index,
                    first_name: districts[first].name.clone(),
                },
            ));
        }
        let polygons = match f.get("geometry") {
            None | Some(Value::Null) => return Err(fail(Some(&name), FeatureProblem::NoGeometry)),
            Some(g) => read_geometry(g, &mut positions).map_err(|e| match e {
                GeometryError::Problem(p) => fail(Some(&name), p),
                GeometryError::TooManyPositions => GeoError::TooManyPositions {
                    limit: MAX_POSITIONS,
                },
            })?,
        };
        keys.push(key);
        districts.push(District {
            name,
            feature_index: index,
            polygons,
        });
    }
    Ok(Districts { districts })
}

/// serde_json appends " at line L column C"; the error says that itself.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn feature_name(
    f: &Map<String, Value>,
    name_property: Option<&str>,
) -> Result<String, FeatureProblem> {
    let props = match f.get("properties") {
        Some(Value::Object(p)) => Some(p),
        _ => None,
    };
    let looked_for: Vec<&str> = match name_property {
        Some(p) => vec![p],
        None => NAME_PROPERTIES.to_vec(),
    };
    let found = props.and_then(|p| looked_for.iter().find_map(|k| p.get(*k).map(|v| (*k, v))));
    let Some((property, value)) = found else {
        return Err(FeatureProblem::NoName {
            looked_for: looked_for.iter().map(|s| s.to_string()).collect(),
            available: props
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default(),
        });
    };
    let name = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(FeatureProblem::NameNotText {
                property: property.to_string(),
                found: describe(Some(other)),
            });
        }
    };
    if name.is_empty() {
        return Err(FeatureProblem::EmptyName {
            property: property.to_string(),
        });
    }
    Ok(name)
}

enum GeometryError {
    Problem(FeatureProblem),
    TooManyPositions,
}

impl From<FeatureProblem> for GeometryError {
    fn from(p: FeatureProblem) -> Self {
        GeometryError::Problem(p)
    }
}

fn bad(detail: impl Into<String>) -> GeometryError {
    GeometryError::Problem(FeatureProblem::BadCoordinates {
        detail: detail.into(),
    })
}

fn read_geometry(g: &Value, positions: &mut usize) -> Result<Vec<Polygon>, GeometryError> {
    let Some(g) = g.as_object() else {
        return Err(bad(format!("the geometry is {}", describe(Some(g)))));
    };
    let kind = match g.get("type") {
        Some(Value::String(t)) => t.as_str(),
        other => {
            return Err(bad(format!(
                "the geometry's \"type\" is {}",
                describe(other)
            )));
        }
    };
    let coords = || match g.get("coordinates") {
        Some(Value::Array(a)) => Ok(a),
        other => Err(bad(format!(
            "the {kind}'s \"coordinates\" is {}, not an array",
            describe(other)
        ))),
    };
    match kind {
        "Polygon" => Ok(vec![read_polygon(coords()?, None, positions)?]),
        "MultiPolygon" => {
            let polys = coords()?;
            if polys.is_empty() {
                return Err(bad("the MultiPolygon has no polygons"));
            }
            polys
                .iter()
                .enumerate()
                .map(|(i, p)| match p {
                    Value::Array(rings) => read_polygon(rings, Some(i), positions),
                    other => Err(bad(format!(
                        "polygon {i} is {}, not an array of rings",
                        describe(Some(other))
                    ))),
                })
                .collect()
        }
        other => Err(FeatureProblem::UnsupportedGeometry {
            kind: other.to_string(),
        }
        .into()),
    }
}

fn read_polygon(
    rings: &[Value],
    polygon: Option<usize>,
    positions: &mut usize,
) -> Result<Polygon, GeometryError> {
    if rings.is_empty() {
        let which = polygon.map_or_else(|| "the Polygon".to_string(), |p| format!("polygon {p}"));
        return Err(bad(format!("{which} has no rings")));
    }
    let mut out = Vec::with_capacity(rings.len());
    for (ring, value) in rings.iter().enumerate() {
        let at = RingRef { polygon, ring };
        let Value::Array(points) = value else {
            return Err(bad(format!(
                "{at} is {}, not an array of positions",
                describe(Some(value))
            )));
        };
        *positions += points.len();
        if *positions > MAX_POSITIONS {
            return Err(GeometryError::TooManyPositions);
        }
        let mut ring_positions = Vec::with_capacity(points.len());
        for (i, p) in points.iter().enumerate() {
            let pos = match p.as_array().map(Vec::as_slice) {
                Some([lon, lat, ..]) => match (lon.as_f64(), lat.as_f64()) {
                    (Some(lon), Some(lat)) => [lon, lat],
                    _ => {
                        return Err(bad(format!("{at}, position {i} is not a pair of numbers")));
                    }
                },
                _ => {
                    return Err(bad(format!(
                        "{at}, position {i} is {}, not [longitude, latitude]",
                        describe(Some(p))
                    )));
                }
            };
            if !(-180.0..=180.0).contains(&pos[0]) || !(-90.0..=90.0).contains(&pos[1]) {
                return Err(FeatureProblem::OutOfRange {
                    at,
                    position: i,
                    lon: pos[0],
                    lat: pos[1],
                }
                .into());
            }
            ring_positions.push(pos);
        }
        if ring_positions.len() < 4 {
            return Err(FeatureProblem::ShortRing {
                at,
                positions: ring_positions.len(),
            }
            .into());
        }
        let (first, last) = (ring_positions[0], ring_positions[ring_positions.len() - 1]);
        if first != last {
            return Err(FeatureProblem::UnclosedRing { at, first, last }.into());
        }
        out.push(ring_positions);
    }
    let mut rings = out.into_iter();
    let exterior = rings.next().unwrap_or_default();
    Ok(Polygon {
        exterior,
        holes: rings.collect(),
    })
}
