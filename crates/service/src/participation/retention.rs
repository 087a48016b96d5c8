//! Retention of residents' personal data: each city keeps contact details
//! (and, with consultations, demographics) for a period after the input is
//! closed, 12 months unless its admins set another; a sweep, run on a timer
//! by `civitas serve` and by `civitas participation purge`, deletes what has
//! expired, keeps the anonymised input, and audits how much it deleted.

use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_store::PurgeCounts;

/// Months personal data is kept after an input is closed, unless the city sets another period.
pub const DEFAULT_RETENTION_MONTHS: i64 = 12;
/// The longest period a city may set (ten years).
pub const MAX_RETENTION_MONTHS: i64 = 120;
/// An average Gregorian month in seconds (365.2425 days / 12).
const MONTH_SECONDS: i64 = 2_629_746;

/// One city's part of a sweep.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CityPurge {
    pub city: String,
    pub months: i64,
    /// Inputs closed before this moment (Unix seconds) lose their personal data.
    pub closed_before: i64,
    pub counts: PurgeCounts,
    /// Answers to consultations closed before then whose demographics were
    /// (or would be) deleted; the answers stay counted.
    pub consultation_demographics: i64,
}

impl Civitas {
    /// The city's retention period in months (the default when it set none).
    pub async fn retention_months(&self, city: i64) -> Result<i64, ServiceError> {
        Ok(self
            .store
            .retention_months(city)
            .await?
            .unwrap_or(DEFAULT_RETENTION_MONTHS))
    }

    /// The retention period as its admins see it.
    pub async fn retention_setting(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<i64, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCitySettings(CityId(city)))?;
        self.retention_months(city).await
    }

    /// Sets the retention period (the city's admins): whole months, 1 to 120.
    pub async fn set_retention(
        &self,
        visitor: &Visitor,
        city: i64,
        months: &str,
    ) -> Result<i64, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCitySettings(CityId(city)))?;
        let months = match validation::optional_positive_count("months", months)? {
            Some(m) if m <= MAX_RETENTION_MONTHS => m,
            Some(_) => {
                return Err(ServiceError::Invalid(vec![FieldError {
                    field: "months",
                    problem: Problem::NotAPositiveNumber,
                }]));
            }
            None => {
                return Err(ServiceError::Invalid(vec![FieldError {
                    field: "months",
                    problem: Problem::Required,
                }]));
            }
        };
        self.store
            .set_retention_months(&self.change_by(visitor), city, months)
            .await?;
        Ok(months)
    }

    /// The sweep over every city: with `dry_run`, counts what would be
    /// deleted; otherwise deletes it (one transaction and one audit line per
    /// city that had something to delete).
    pub async fn purge_expired_personal_data(
        &self,
        dry_run: bool,
    ) -> Result<Vec<CityPurge>, ServiceError> {
        let now = self.now();
        let change = self.change_by_system("retention sweep");
        let mut report = Vec::new();
        for city in self.store.cities().await? {
            let months = self.retention_months(city.id).await?;
            let closed_before = now - months * MONTH_SECONDS;
            let counts = if dry_run {
                self.store
                    .expired_personal_data(city.id, closed_before)
                    .await?
            } else {
                self.store
                    .purge_personal_data(&change, city.id, closed_before)
                    .await?
            };
            let consultation_demographics = if dry_run {
                self.store
                    .expired_consultation_demographics(city.id, closed_before)
                    .await?
            } else {
                self.store
                    .purge_consultation_demographics(&change, city.id, closed_before)
                    .await?
            };
            report.push(CityPurge {
                city: city.slug,
                months,
                closed_before,
                counts,
                consultation_demographics,
            });
        }
        Ok(report)
    }
}
