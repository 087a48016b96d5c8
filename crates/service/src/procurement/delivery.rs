//! Manage delivery: milestones and their acceptance, the supplier's
//! obligations (the requirements picked at planning) met or not, the go-live
//! date, and how the linked KPIs moved after it, read from the city's
//! assessments.

use super::{MILESTONE_STATUSES, OBLIGATION_STATUSES, invalid};
use crate::error::Checks;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{MilestoneFields, MilestoneRow, ProcurementRow, RequirementRow};
use serde::Serialize;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct MilestoneForm {
    pub title: String,
    pub due_date: String,
    pub status: String,
    pub acceptance_note: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ObligationForm {
    pub status: String,
    pub note: String,
}

/// How one outcome KPI moved: the last value before go-live and the latest
/// after it, against the procurement's target.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeProgress {
    pub kpi: String,
    pub data_point: String,
    pub target: f64,
    pub target_year: Option<i64>,
    /// (year, value) of the latest assessment before the go-live year.
    pub before: Option<(i64, f64)>,
    /// (year, value) of the latest assessment from the go-live year on.
    pub after: Option<(i64, f64)>,
    /// Share of the way from `before` to the target covered, 0–100.
    pub progress_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeliveryView {
    pub procurement: ProcurementRow,
    pub awarded_bidder: Option<String>,
    pub milestones: Vec<MilestoneRow>,
    pub obligations: Vec<RequirementRow>,
    /// (met, not met, open).
    pub obligation_counts: (usize, usize, usize),
    pub outcomes: Vec<OutcomeProgress>,
    pub can_edit: bool,
}

fn progress(
    outcome: &civitas_store::ProcurementOutcome,
    go_live_year: Option<i64>,
    history: &[(String, String, i64, f64)],
) -> OutcomeProgress {
    let values: Vec<(i64, f64)> = history
        .iter()
        .filter(|(k, dp, _, _)| *k == outcome.kpi && *dp == outcome.data_point)
        .map(|(_, _, y, v)| (*y, *v))
        .collect();
    let (before, after) = match go_live_year {
        Some(year) => (
            values.iter().rev().find(|(y, _)| *y < year).copied(),
            values.iter().rev().find(|(y, _)| *y >= year).copied(),
        ),
        None => (values.last().copied(), None),
    };
    let progress_pct = match (before, after) {
        (Some((_, b)), Some((_, a))) if (outcome.target - b).abs() > f64::EPSILON => {
            Some(((a - b) / (outcome.target - b) * 100.0).clamp(0.0, 100.0))
        }
        _ => None,
    };
    OutcomeProgress {
        kpi: outcome.kpi.clone(),
        data_point: outcome.data_point.clone(),
        target: outcome.target,
        target_year: outcome.target_year,
        before,
        after,
        progress_pct,
    }
}

impl Civitas {
    fn checked_milestone(form: &MilestoneForm) -> Result<MilestoneFields, ServiceError> {
        let mut checks = Checks::default();
        let title = checks.take(validation::required_text("title", &form.title, 200));
        let due = checks.take(crate::strategy::calendar_date("due_date", &form.due_date));
        let status = match form.status.trim() {
            "" => "planned",
            s => s,
        };
        if !MILESTONE_STATUSES.contains(&status) {
            checks.push(FieldError {
                field: "status",
                problem: Problem::Required,
            });
        }
        let note = checks.take(validation::optional_text(
            "acceptance_note",
            &form.acceptance_note,
            4000,
        ));
        if matches!(status, "accepted" | "rejected") && note.as_deref().is_some_and(str::is_empty) {
            checks.push(FieldError {
                field: "acceptance_note",
                problem: Problem::ReasonRequired,
            });
        }
        checks.finish()?;
        let (Some(title), Some(due_date), Some(acceptance_note)) = (title, due, note) else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        Ok(MilestoneFields {
            title,
            due_date,
            status: status.to_string(),
            acceptance_note,
        })
    }

    async fn delivery_procurement(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<ProcurementRow, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::EditCityData)
            .await?;
        if row.fields.awarded_at.is_none() {
            return Err(invalid("stage", Problem::Locked));
        }
        Ok(row)
    }

    pub async fn add_procurement_milestone(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &MilestoneForm,
    ) -> Result<MilestoneRow, ServiceError> {
        self.delivery_procurement(visitor, id).await?;
        let fields = Self::checked_milestone(form)?;
        Ok(self
            .store
            .add_milestone(&self.change_by(visitor), id, &fields)
            .await?)
    }

    /// Changes a milestone: accepted or rejected needs a note.
    pub async fn update_procurement_milestone(
        &self,
        visitor: &Visitor,
        id: i64,
        milestone_id: i64,
        form: &MilestoneForm,
    ) -> Result<MilestoneRow, ServiceError> {
        self.delivery_procurement(visitor, id).await?;
        if !self
            .store
            .milestones(id)
            .await?
            .iter()
            .any(|m| m.id == milestone_id)
        {
            return Err(ServiceError::NotFound);
        }
        let fields = Self::checked_milestone(form)?;
        Ok(self
            .store
            .update_milestone(&self.change_by(visitor), milestone_id, &fields)
            .await?)
    }

    /// Marks a supplier obligation met or not, with a note.
    pub async fn set_procurement_obligation(
        &self,
        visitor: &Visitor,
        id: i64,
        requirement_id: i64,
        form: &ObligationForm,
    ) -> Result<RequirementRow, ServiceError> {
        self.delivery_procurement(visitor, id).await?;
        if !self
            .store
            .requirements(id)
            .await?
            .iter()
            .any(|r| r.id == requirement_id)
        {
            return Err(ServiceError::NotFound);
        }
        let status = form.status.trim();
        if !OBLIGATION_STATUSES.contains(&status) {
            return Err(invalid("status", Problem::Required));
        }
        let note = validation::optional_text("note", &form.note, 4000)?;
        if status == "not-met" && note.is_empty() {
            return Err(invalid("note", Problem::ReasonRequired));
        }
        Ok(self
            .store
            .set_requirement_status(&self.change_by(visitor), requirement_id, status, &note)
            .await?)
    }

    /// Records the go-live date, from which the KPIs' movement is read.
    pub async fn set_procurement_go_live(
        &self,
        visitor: &Visitor,
        id: i64,
        date: &str,
    ) -> Result<ProcurementRow, ServiceError> {
        let row = self.delivery_procurement(visitor, id).await?;
        let date = match date.trim() {
            "" => None,
            raw => Some(crate::strategy::calendar_date("go_live_date", raw)?),
        };
        let mut fields = row.fields.clone();
        fields.go_live_date = date;
        Ok(self
            .store
            .update_procurement(&self.change_by(visitor), id, "go-live", &fields, None)
            .await?)
    }

    /// Delivery: milestones, obligations and the outcome KPIs' movement.
    pub async fn procurement_delivery(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<DeliveryView, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::ViewCityWorkspace)
            .await?;
        let obligations = self.store.requirements(id).await?;
        let count = |s: &str| obligations.iter().filter(|o| o.status == s).count();
        let go_live_year = row
            .fields
            .go_live_date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok());
        let history = self.kpi_history(visitor, row.city_id).await?;
        let awarded_bidder = match row.fields.awarded_bid_id {
            Some(b) => self
                .store
                .bids(id)
                .await?
                .into_iter()
                .find(|x| x.id == b)
                .map(|x| x.fields.bidder),
            None => None,
        };
        Ok(DeliveryView {
            outcomes: row
                .fields
                .outcomes
                .iter()
                .map(|o| progress(o, go_live_year, &history))
                .collect(),
            obligation_counts: (count("met"), count("not-met"), count("open")),
            milestones: self.store.milestones(id).await?,
            can_edit: policy::authorize(&visitor.actor, Action::EditCityData(CityId(row.city_id)))
                .is_ok(),
            obligations,
            awarded_bidder,
            procurement: row,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use civitas_store::ProcurementOutcome;

    #[test]
    fn movement_is_read_across_the_go_live_year() {
        let outcome = ProcurementOutcome {
            kpi: "K".into(),
            data_point: String::new(),
            target: 90.0,
            target_year: Some(2027),
            description: String::new(),
        };
        let history = vec![
            ("K".to_string(), String::new(), 2023, 60.0),
            ("K".to_string(), String::new(), 2024, 70.0),
            ("K".to_string(), String::new(), 2025, 80.0),
        ];
        let p = progress(&outcome, Some(2025), &history);
        assert_eq!(p.before, Some((2024, 70.0)));
        assert_eq!(p.after, Some((2025, 80.0)));
        assert_eq!(p.progress_pct, Some(50.0));
        let not_live = progress(&outcome, None, &history);
        assert_eq!(
            (not_live.before, not_live.after),
            (Some((2025, 80.0)), None)
        );
    }
}
