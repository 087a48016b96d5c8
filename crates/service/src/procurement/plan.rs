//! Plan: open a procurement linked to a roadmap action, state the need and the
//! outcomes (which KPIs it should move and by how much), pick requirements
//! from the people-centred checklist and add the city's own.

use super::{PAYMENT_APPROACHES, PROCEDURES, STAGES, checklist, cleared, invalid};
use crate::error::Checks;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_procurement::{CriteriaSet, PriceFormula};
use civitas_store::{
    CityRow, CriteriaChangeRow, EngagementRow, EvaluatorRow, MilestoneRow, ProcurementFields,
    ProcurementOutcome, ProcurementRow, RequirementFields, RequirementRow,
};
use serde::Serialize;

/// One outcome as a form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub kpi: String,
    pub data_point: String,
    pub target: String,
    pub target_year: String,
    pub description: String,
}

/// A requirement the city writes itself.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct OwnRequirementForm {
    pub title: String,
    pub description: String,
}

/// The plan as a form or the API sends it, before checking.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct PlanForm {
    pub title: String,
    pub reference: String,
    /// Id of a roadmap action of the same city, or empty.
    pub roadmap_action_id: String,
    pub need: String,
    pub end_users: String,
    pub procedure: String,
    pub payment_approach: String,
    pub budget: String,
    pub currency: String,
    pub outcomes: Vec<OutcomeForm>,
    /// Ids of checklist requirements picked.
    pub requirements: Vec<String>,
    pub own_requirements: Vec<OwnRequirementForm>,
}

/// A city's procurements.
#[derive(Debug, Clone, Serialize)]
pub struct ProcurementList {
    pub city: CityRow,
    pub procurements: Vec<ProcurementRow>,
    pub can_edit: bool,
}

/// Everything about one procurement that its reader may see. Bids and scores
/// are in [`super::BidsView`], for those allowed to see them.
#[derive(Debug, Clone, Serialize)]
pub struct ProcurementView {
    pub procurement: ProcurementRow,
    pub city: CityRow,
    /// The linked roadmap action's title.
    pub roadmap_action: Option<(i64, String)>,
    pub criteria: Option<CriteriaSet>,
    pub criteria_csv: String,
    pub price_formula: PriceFormula,
    pub price_formula_description: String,
    pub ahp: Option<super::AhpRecord>,
    pub criteria_changes: Vec<CriteriaChangeRow>,
    pub requirements: Vec<RequirementRow>,
    pub engagements: Vec<EngagementRow>,
    pub evaluators: Vec<EvaluatorRow>,
    pub milestones: Vec<MilestoneRow>,
    /// Plan, notice, engagement, delivery: the city's admins and editors.
    pub can_edit: bool,
    /// Criteria, evaluators, bids, consensus, award: the city's admins.
    pub can_steer: bool,
    /// The visitor's own evaluator record, when assigned.
    pub me: Option<EvaluatorRow>,
    /// May open the bids page.
    pub can_view_bids: bool,
}

impl Civitas {
    fn checked_plan(
        &self,
        form: &PlanForm,
        city: i64,
        roadmap: &[civitas_store::RoadmapActionRow],
    ) -> Result<(PlanParts, Vec<RequirementFields>), ServiceError> {
        let mut checks = Checks::default();
        let title = checks.take(validation::required_text("title", &form.title, 200));
        let reference = checks.take(validation::optional_text("reference", &form.reference, 60));
        let need = checks.take(validation::required_text("need", &form.need, 8000));
        let end_users = checks.take(validation::optional_text(
            "end_users",
            &form.end_users,
            8000,
        ));
        let roadmap_action_id = match form.roadmap_action_id.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(id) if roadmap.iter().any(|a| a.id == id && a.city_id == city) => Some(id),
                _ => {
                    checks.push(FieldError {
                        field: "roadmap_action_id",
                        problem: Problem::Required,
                    });
                    None
                }
            },
        };
        let procedure = form.procedure.trim();
        if !PROCEDURES.contains(&procedure) {
            checks.push(FieldError {
                field: "procedure",
                problem: Problem::Required,
            });
        }
        let payment = form.payment_approach.trim();
        if !PAYMENT_APPROACHES.contains(&payment) {
            checks.push(FieldError {
                field: "payment_approach",
                problem: Problem::Required,
            });
        }
        let budget = checks.take(validation::optional_number("budget", &form.budget));
        if budget.flatten().is_some_and(|b| b <= 0.0) {
            checks.push(FieldError {
                field: "budget",
                problem: Problem::NotAPositiveNumber,
            });
        }
        let currency = checks.take(validation::optional_currency("currency", &form.currency));
        let catalogue = civitas_indicators::Framework::u4ssc_2017()
            .map_err(|_| ServiceError::Internal("KPI framework"))?;
        let mut outcomes = Vec::new();
        for o in form.outcomes.iter().filter(|o| !o.kpi.trim().is_empty()) {
            let data_point = o.data_point.trim();
            let dp = (!data_point.is_empty()).then_some(data_point);
            if catalogue.measure(o.kpi.trim(), dp).is_err() {
                checks.push(FieldError {
                    field: "outcomes",
                    problem: Problem::Required,
                });
                continue;
            }
            let target = checks.take(validation::optional_number("outcomes", &o.target));
            let Some(Some(target)) = target else {
                if target.is_some() {
                    checks.push(FieldError {
                        field: "outcomes",
                        problem: Problem::NotANumber,
                    });
                }
                continue;
            };
            let target_year = match o.target_year.trim() {
                "" => None,
                raw => checks.take(validation::year("outcomes", raw)),
            };
            let description =
                checks.take(validation::optional_text("outcomes", &o.description, 1000));
            outcomes.push(ProcurementOutcome {
                kpi: o.kpi.trim().to_string(),
                data_point: data_point.to_string(),
                target,
                target_year,
                description: description.unwrap_or_default(),
            });
        }
        let list = checklist()?;
        let mut requirements = Vec::new();
        for id in &form.requirements {
            match list.requirements.iter().find(|r| r.id == id.trim()) {
                Some(r)
                    if !requirements
                        .iter()
                        .any(|x: &RequirementFields| x.checklist_id.as_deref() == Some(&r.id)) =>
                {
                    requirements.push(RequirementFields {
                        checklist_id: Some(r.id.clone()),
                        title: r.title.clone(),
                        description: r.description.clone(),
                    })
                }
                Some(_) => {}
                None => checks.push(FieldError {
                    field: "requirements",
                    problem: Problem::Required,
                }),
            }
        }
        for own in form
            .own_requirements
            .iter()
            .filter(|o| !o.title.trim().is_empty() || !o.description.trim().is_empty())
        {
            let title = checks.take(validation::required_text(
                "own_requirements",
                &own.title,
                200,
            ));
            let description = checks.take(validation::optional_text(
                "own_requirements",
                &own.description,
                4000,
            ));
            if let (Some(title), Some(description)) = (title, description) {
                requirements.push(RequirementFields {
                    checklist_id: None,
                    title,
                    description,
                });
            }
        }
        checks.finish()?;
        let (
            Some(title),
            Some(reference),
            Some(need),
            Some(end_users),
            Some(budget),
            Some(currency),
        ) = (title, reference, need, end_users, budget, currency)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        Ok((
            PlanParts {
                title,
                reference,
                roadmap_action_id,
                need,
                end_users,
                procedure: procedure.to_string(),
                payment_approach: payment.to_string(),
                budget,
                currency,
                outcomes,
            },
            requirements,
        ))
    }

    /// A city's procurements, newest first: its team.
    pub async fn procurements(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<ProcurementList, ServiceError> {
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
        let city_row = self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        Ok(ProcurementList {
            city: city_row,
            procurements: self.store.procurements(city).await?,
            can_edit: policy::authorize(&visitor.actor, Action::EditCityData(CityId(city))).is_ok(),
        })
    }

    /// Opens a procurement at the plan stage.
    pub async fn create_procurement(
        &self,
        visitor: &Visitor,
        city: i64,
        form: &PlanForm,
    ) -> Result<ProcurementRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let roadmap = self.store.roadmap_actions(city).await?;
        let (plan, requirements) = self.checked_plan(form, city, &roadmap)?;
        let mut fields = ProcurementFields {
            title: String::new(),
            reference: String::new(),
            roadmap_action_id: None,
            need: String::new(),
            end_users: String::new(),
            procedure: String::new(),
            payment_approach: String::new(),
            budget: None,
            currency: None,
            outcomes: Vec::new(),
            stage: "plan".into(),
            notice_published: false,
            notice: String::new(),
            questions_deadline: None,
            submission_deadline: None,
            criteria: None,
            price_formula: serde_json::to_string(&PriceFormula::LowestPriceRatio)
                .map_err(|_| ServiceError::Internal("price formula"))?,
            abnormally_low_ratio: civitas_procurement::evaluation::DEFAULT_ABNORMALLY_LOW_RATIO,
            ahp: None,
            criteria_frozen_at: None,
            bids_opened_at: None,
            awarded_bid_id: None,
            award_note: String::new(),
            awarded_at: None,
            go_live_date: None,
        };
        plan.apply(&mut fields);
        Ok(self
            .store
            .save_procurement_plan(&self.change_by(visitor), city, None, &fields, &requirements)
            .await?)
    }

    /// Changes the plan (need, outcomes, requirements …) before award.
    pub async fn update_procurement_plan(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &PlanForm,
    ) -> Result<ProcurementRow, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::EditCityData)
            .await?;
        if row.fields.awarded_at.is_some() {
            return Err(invalid("title", Problem::Locked));
        }
        let roadmap = self.store.roadmap_actions(row.city_id).await?;
        let (plan, requirements) = self.checked_plan(form, row.city_id, &roadmap)?;
        let mut fields = row.fields.clone();
        plan.apply(&mut fields);
        Ok(self
            .store
            .save_procurement_plan(
                &self.change_by(visitor),
                row.city_id,
                Some(id),
                &fields,
                &requirements,
            )
            .await?)
    }

    /// Moves to the next stage. Inform the market: the city's editors;
    /// evaluate and award: the admins, with the criteria frozen; closing the
    /// contract: the admins, after award. Delivery starts with the award.
    pub async fn advance_procurement_stage(
        &self,
        visitor: &Visitor,
        id: i64,
        stage: &str,
    ) -> Result<ProcurementRow, ServiceError> {
        let (row, _) = self.load_procurement(visitor, id).await?;
        let city = CityId(row.city_id);
        let current = STAGES.iter().position(|s| *s == row.fields.stage);
        let next = STAGES.iter().position(|s| *s == stage);
        let (Some(current), Some(next)) = (current, next) else {
            return Err(invalid("stage", Problem::Required));
        };
        match stage {
            "inform-market" => policy::authorize(&visitor.actor, Action::EditCityData(city))?,
            _ => policy::authorize(&visitor.actor, Action::SteerProcurement(city))?,
        }
        let allowed = match stage {
            "inform-market" => current == 0,
            "evaluate-award" => current == 1 && row.fields.criteria_frozen_at.is_some(),
            "closed" => current == 3,
            _ => false,
        };
        if !allowed || next <= current {
            return Err(invalid("stage", Problem::Locked));
        }
        let mut fields = row.fields.clone();
        fields.stage = stage.to_string();
        Ok(self
            .store
            .update_procurement(&self.change_by(visitor), id, "advance-stage", &fields, None)
            .await?)
    }

    /// One procurement for its team or its evaluators.
    pub async fn procurement(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<ProcurementView, ServiceError> {
        let (row, evaluators) = self.load_procurement(visitor, id).await?;
        let city = CityId(row.city_id);
        let city_row = self
            .store
            .city(row.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let roadmap_action = match row.fields.roadmap_action_id {
            Some(action) => self
                .store
                .roadmap_action(action)
                .await?
                .map(|a| (a.id, a.title)),
            None => None,
        };
        let criteria = super::evaluation::stored_criteria(&row)?;
        let price_formula = super::evaluation::stored_formula(&row)?;
        let me = visitor
            .user
            .as_ref()
            .and_then(|u| evaluators.iter().find(|e| e.user_id == u.id).cloned());
        let list = cleared(&evaluators);
        let can_view_bids = policy::authorize(
            &visitor.actor,
            Action::ViewBids {
                city,
                cleared_evaluators: &list,
            },
        )
        .is_ok();
        Ok(ProcurementView {
            criteria_csv: criteria
                .as_ref()
                .map(super::criteria_csv)
                .unwrap_or_default(),
            criteria,
            price_formula_description: price_formula.describe(),
            price_formula,
            ahp: row
                .fields
                .ahp
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok()),
            criteria_changes: self.store.criteria_changes(id).await?,
            requirements: self.store.requirements(id).await?,
            engagements: self.store.engagements(id).await?,
            milestones: self.store.milestones(id).await?,
            can_edit: policy::authorize(&visitor.actor, Action::EditCityData(city)).is_ok(),
            can_steer: policy::authorize(&visitor.actor, Action::SteerProcurement(city)).is_ok(),
            me,
            can_view_bids,
            evaluators,
            roadmap_action,
            city: city_row,
            procurement: row,
        })
    }
}

/// The checked plan fields.
struct PlanParts {
    title: String,
    reference: String,
    roadmap_action_id: Option<i64>,
    need: String,
    end_users: String,
    procedure: String,
    payment_approach: String,
    budget: Option<f64>,
    currency: Option<String>,
    outcomes: Vec<ProcurementOutcome>,
}

impl PlanParts {
    fn apply(self, fields: &mut ProcurementFields) {
        fields.title = self.title;
        fields.reference = self.reference;
        fields.roadmap_action_id = self.roadmap_action_id;
        fields.need = self.need;
        fields.end_users = self.end_users;
        fields.procedure = self.procedure;
        fields.payment_approach = self.payment_approach;
        fields.budget = self.budget;
        fields.currency = self.currency;
        fields.outcomes = self.outcomes;
    }
}
