//! The city's district boundaries: a GeoJSON file checked by
//! `civitas_spatial::read_districts` (every problem names its feature and
//! ring), stored whole, read back as districts for the choropleth maps. The
//! city's team manages them; residents read them once the city is published,
//! with its published surveys.

use crate::{Civitas, FileProblem, ServiceError, Visitor};
use civitas_domain::{Action, CityId, policy};
use civitas_spatial::{Districts, read_districts};

/// Largest boundary file accepted (MAX_POSITIONS keeps the geometry small;
/// this bounds the properties around it).
pub const MAX_BOUNDARY_BYTES: usize = 20 * 1024 * 1024;

/// The stored boundaries of a city, read.
#[derive(Debug, Clone)]
pub struct DistrictBoundaries {
    pub city_id: i64,
    /// The file as uploaded.
    pub geojson: String,
    /// The feature property holding the names (None: the first of
    /// `civitas_spatial::NAME_PROPERTIES` each feature has).
    pub name_property: Option<String>,
    pub districts: Districts,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

impl DistrictBoundaries {
    /// District names, in file order.
    pub fn names(&self) -> Vec<String> {
        self.districts.iter().map(|d| d.name.clone()).collect()
    }
}

fn bad(file: &str, message: String) -> ServiceError {
    ServiceError::BadFile(vec![FileProblem::new(file, message)])
}

impl Civitas {
    /// Replaces the city's district boundaries after reading them whole: a
    /// file that does not read is refused with what is wrong and where, and
    /// the boundaries stored before stay.
    pub async fn save_district_boundaries(
        &self,
        visitor: &Visitor,
        city: i64,
        file_name: &str,
        bytes: &[u8],
        name_property: Option<&str>,
    ) -> Result<DistrictBoundaries, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        if bytes.is_empty() {
            return Err(bad(file_name, "the file is empty".into()));
        }
        if bytes.len() > MAX_BOUNDARY_BYTES {
            return Err(bad(file_name, "the file is larger than 20 MB".into()));
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(bad(file_name, "the file is not UTF-8 text".into()));
        };
        let name_property = name_property.map(str::trim).filter(|p| !p.is_empty());
        read_districts(bytes, name_property).map_err(|e| bad(file_name, e.to_string()))?;
        self.store
            .save_boundaries(&self.change_by(visitor), city, text, name_property)
            .await?;
        self.district_boundaries(visitor, city)
            .await?
            .ok_or(ServiceError::Internal("saved boundaries"))
    }

    /// The city's district boundaries, if uploaded: for its team, and for
    /// everyone once the city is published.
    pub async fn district_boundaries(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Option<DistrictBoundaries>, ServiceError> {
        self.divide_city(visitor, city).await?;
        let Some(row) = self.store.boundaries(city).await? else {
            return Ok(None);
        };
        let districts = read_districts(row.geojson.as_bytes(), row.name_property.as_deref())
            .map_err(|e| {
                tracing::error!(city, error = %e, "stored boundaries no longer read");
                ServiceError::Internal("stored boundaries")
            })?;
        Ok(Some(DistrictBoundaries {
            city_id: row.city_id,
            geojson: row.geojson,
            name_property: row.name_property,
            districts,
            uploaded_at: row.uploaded_at,
            uploaded_by: row.uploaded_by,
        }))
    }
}
