//! What residents may read of the digital-divide module without an account:
//! the surveys a published city has published (their suppressed report is
//! [`Civitas::divide_report`]'s), and the city's inclusion plan once one of
//! its surveys is published. The city's team sees everything, published or
//! not, through the same calls.

use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{CityRow, InclusionActionRow, SurveyDatasetRow};

impl Civitas {
    /// The city, if the visitor may see it (its team, or anyone once it is
    /// published), and whether the visitor is of its team.
    pub(super) async fn divide_city(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<(CityRow, bool), ServiceError> {
        let row = self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let team =
            policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city))).is_ok();
        if !team && !row.published {
            return Err(ServiceError::NotFound);
        }
        Ok((row, team))
    }

    /// The city's surveys a visitor may read: all of them for its team,
    /// the published ones of a published city for everyone else.
    pub async fn readable_surveys(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<SurveyDatasetRow>, ServiceError> {
        let (_, team) = self.divide_city(visitor, city).await?;
        let all = self.store.survey_datasets(city).await?;
        Ok(if team {
            all
        } else {
            all.into_iter().filter(|d| d.published).collect()
        })
    }

    /// A survey's description (never its rows) for whoever may read its
    /// report: the city's team, or anyone once it and its city are published.
    pub async fn readable_survey(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<SurveyDatasetRow, ServiceError> {
        let dataset = self
            .store
            .survey_dataset(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (_, team) = self
            .divide_city(visitor, dataset.city_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        if !team && !dataset.published {
            return Err(ServiceError::NotFound);
        }
        Ok(dataset)
    }

    /// The inclusion plan as residents read it: public once the city (itself
    /// published) has published a survey; its team always sees it.
    pub async fn public_inclusion_plan(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<InclusionActionRow>, ServiceError> {
        let (_, team) = self.divide_city(visitor, city).await?;
        if !team
            && !self
                .store
                .survey_datasets(city)
                .await?
                .iter()
                .any(|d| d.published)
        {
            return Err(ServiceError::NotFound);
        }
        Ok(self.store.inclusion_actions(city).await?)
    }
}
