//! The digital inclusion plan: for each gap the city chose to act on, a
//! co-created action with owner, budget, delivery framework (government
//! network, public–private partnership or community network), finance model,
//! timeline and the indicator and target that will show progress.

use super::indicator_catalogue;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{InclusionActionFields, InclusionActionRow};

pub const DELIVERY_FRAMEWORKS: [&str; 3] = [
    "government-network",
    "public-private-partnership",
    "community-network",
];

/// An inclusion action as a form or the API sends it, before checking.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InclusionActionForm {
    pub gap: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub budget: String,
    pub currency: String,
    pub delivery: String,
    pub finance_model: String,
    pub start_date: String,
    pub end_date: String,
    pub indicator: String,
    pub target: String,
    pub status: String,
}

fn problem(field: &'static str) -> FieldError {
    FieldError {
        field,
        problem: Problem::Required,
    }
}

impl Civitas {
    fn checked_inclusion_action(
        &self,
        form: &InclusionActionForm,
    ) -> Result<InclusionActionFields, ServiceError> {
        let mut checks = crate::error::Checks::default();
        let gap = checks.take(validation::required_text("gap", &form.gap, 200));
        let title = checks.take(validation::required_text("title", &form.title, 200));
        let description = checks.take(validation::optional_text(
            "description",
            &form.description,
            8000,
        ));
        let owner = checks.take(validation::required_text("owner", &form.owner, 200));
        let budget = checks.take(validation::optional_number("budget", &form.budget));
        if budget.flatten().is_some_and(|b| b < 0.0) {
            checks.push(FieldError {
                field: "budget",
                problem: Problem::NotAPositiveNumber,
            });
        }
        let currency = checks.take(validation::optional_currency("currency", &form.currency));
        let delivery = form.delivery.trim();
        if !DELIVERY_FRAMEWORKS.contains(&delivery) {
            checks.push(problem("delivery"));
        }
        let finance_model = checks.take(validation::optional_text(
            "finance_model",
            &form.finance_model,
            500,
        ));
        let start = checks.take(crate::strategy::calendar_date(
            "start_date",
            &form.start_date,
        ));
        let end = checks.take(crate::strategy::calendar_date("end_date", &form.end_date));
        if let (Some(s), Some(e)) = (&start, &end)
            && e < s
        {
            checks.push(problem("end_date"));
        }
        let indicator = form.indicator.trim();
        if !indicator_catalogue()?.iter().any(|i| i.id == indicator) {
            checks.push(problem("indicator"));
        }
        let target = checks.take(validation::optional_number("target", &form.target));
        if target
            .flatten()
            .is_some_and(|t| !(0.0..=100.0).contains(&t))
        {
            checks.push(problem("target"));
        }
        let status = if form.status.trim().is_empty() {
            "planned"
        } else {
            form.status.trim()
        };
        if !crate::strategy::STATUSES.contains(&status) {
            checks.push(problem("status"));
        }
        checks.finish()?;
        let (Some(gap), Some(title), Some(description), Some(owner), Some(budget), Some(currency)) =
            (gap, title, description, owner, budget, currency)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let (Some(finance_model), Some(start_date), Some(end_date), Some(target)) =
            (finance_model, start, end, target)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        Ok(InclusionActionFields {
            gap,
            title,
            description,
            owner,
            budget,
            currency,
            delivery: delivery.to_string(),
            finance_model,
            start_date,
            end_date,
            indicator: indicator.to_string(),
            target,
            status: status.to_string(),
        })
    }

    pub async fn inclusion_plan(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<InclusionActionRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
        Ok(self.store.inclusion_actions(city).await?)
    }

    pub async fn create_inclusion_action(
        &self,
        visitor: &Visitor,
        city: i64,
        form: &InclusionActionForm,
    ) -> Result<InclusionActionRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let fields = self.checked_inclusion_action(form)?;
        Ok(self
            .store
            .create_inclusion_action(&self.change_by(visitor), city, &fields)
            .await?)
    }

    pub async fn inclusion_action(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<InclusionActionRow, ServiceError> {
        let action = self
            .store
            .inclusion_action(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::ViewCityWorkspace(CityId(action.city_id)),
        )
        .map_err(|_| ServiceError::NotFound)?;
        Ok(action)
    }

    pub async fn update_inclusion_action(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &InclusionActionForm,
    ) -> Result<InclusionActionRow, ServiceError> {
        let existing = self.inclusion_action(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(existing.city_id)),
        )?;
        let fields = self.checked_inclusion_action(form)?;
        Ok(self
            .store
            .update_inclusion_action(&self.change_by(visitor), id, &fields)
            .await?)
    }

    pub async fn delete_inclusion_action(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<(), ServiceError> {
        let existing = self.inclusion_action(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(existing.city_id)),
        )?;
        Ok(self
            .store
            .delete_inclusion_action(&self.change_by(visitor), id)
            .await?)
    }
}
