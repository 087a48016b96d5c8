//! An assessment's life: created for a year (optionally carrying last year's
//! sources), settings, submission to the assigned verifier, the verifier's
//! return or completion, and a new revision of a verified assessment.

use super::catalogue::DEFAULT_TARGETS;
use crate::error::Checks;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, AssessmentStatus, CityId, CityRole, Transition, UserId, policy};
use civitas_store::{
    AssessmentRow, AssessmentSettings, CityInputRow, CityRow, KpiEntryRow, NewAssessment,
    StatusChange, StoreError,
};
use serde::Serialize;

/// What the form for a new assessment says, before checking.
#[derive(Debug, Clone, Default)]
pub struct AssessmentForm {
    pub year: String,
    /// Carry last year's sources (never its values) into the new assessment.
    pub start_from_previous: bool,
}

/// What a city admin may change on an assessment.
#[derive(Debug, Clone, Default)]
pub struct AssessmentSettingsForm {
    pub target_set: String,
    pub currency: String,
    /// The verifier's user id, or empty for none.
    pub verifier: String,
    pub compare_with_peers: bool,
}

/// An assessment as one visitor may see it, with what they may do to it.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    pub assessment: AssessmentRow,
    pub status: AssessmentStatus,
    pub city: CityRow,
    pub verifier_name: Option<String>,
    /// Enter or change data now (the city's editors, in an editable status).
    pub can_edit: bool,
    /// Submit for verification.
    pub can_submit: bool,
    /// Settings, verifier, new revision (the city's admins).
    pub can_steer: bool,
    /// Review KPIs (the assigned verifier, while submitted).
    pub can_verify: bool,
}

impl Civitas {
    /// The assessments of a city this visitor may open, newest year first. A
    /// verifier sees only those assigned to them.
    pub async fn assessments(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<AssessmentRow>, ServiceError> {
        let all = self.store.assessments_of_city(city).await?;
        let visible: Vec<AssessmentRow> = all
            .into_iter()
            .filter(|a| policy::authorize(&visitor.actor, view_action(a)).is_ok())
            .collect();
        if visible.is_empty() {
            // Only members learn that a city has no assessments.
            let member = visitor
                .actor
                .principal()
                .is_some_and(|p| p.platform_admin || p.role_in(CityId(city)).is_some());
            if !member {
                policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
            }
        }
        Ok(visible)
    }

    /// One assessment, if this visitor may open it; `NotFound` otherwise, so
    /// that strangers cannot probe which assessments exist.
    pub async fn assessment(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<AssessmentView, ServiceError> {
        let assessment = self
            .store
            .assessment(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(&visitor.actor, view_action(&assessment)).map_err(
            |denied| match denied {
                civitas_domain::Denied::Unauthenticated => ServiceError::Denied(denied),
                civitas_domain::Denied::Forbidden => ServiceError::NotFound,
            },
        )?;
        self.view_of(visitor, assessment).await
    }

    pub(crate) async fn view_of(
        &self,
        visitor: &Visitor,
        assessment: AssessmentRow,
    ) -> Result<AssessmentView, ServiceError> {
        let city = self
            .store
            .city(assessment.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let status = status_of(&assessment)?;
        let allowed = |action| policy::authorize(&visitor.actor, action).is_ok();
        let city_id = CityId(assessment.city_id);
        let editor = allowed(Action::EditCityData(city_id));
        let verifier_name = match assessment.verifier_user_id {
            Some(id) => self.store.user(id).await?.map(|u| u.display_name),
            None => None,
        };
        Ok(AssessmentView {
            can_edit: editor && status != AssessmentStatus::Verified,
            can_submit: editor && status == AssessmentStatus::Draft,
            can_steer: allowed(Action::SteerAssessment(city_id)),
            can_verify: status.verifier_may_review() && allowed(verify_action(&assessment)),
            status,
            verifier_name,
            city,
            assessment,
        })
    }

    /// Starts the assessment of one year. With `start_from_previous`, every
    /// source of the latest earlier year is carried over, never its values.
    pub async fn create_assessment(
        &self,
        visitor: &Visitor,
        city: i64,
        form: &AssessmentForm,
    ) -> Result<AssessmentRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let year = validation::year("year", &form.year)?;
        let mut new = NewAssessment {
            city_id: city,
            year,
            framework: self.default_framework_key()?,
            target_set: DEFAULT_TARGETS.to_string(),
            currency: None,
            inputs: Vec::new(),
            entries: Vec::new(),
        };
        if form.start_from_previous {
            let previous = self
                .store
                .assessments_of_city(city)
                .await?
                .into_iter()
                .filter(|a| a.year < year)
                .max_by_key(|a| a.year);
            if let Some(previous) = previous {
                new.framework = previous.framework.clone();
                new.target_set = previous.target_set.clone();
                new.currency = previous.currency.clone();
                new.inputs = self
                    .store
                    .city_inputs(previous.id)
                    .await?
                    .into_iter()
                    .filter(|i| !i.source.is_empty())
                    .map(|i| CityInputRow { value: None, ..i })
                    .collect();
                let now = self.now();
                new.entries = self
                    .store
                    .kpi_entries(previous.id)
                    .await?
                    .into_iter()
                    .filter(|e| !e.source.is_empty())
                    .map(|e| KpiEntryRow {
                        key: e.key,
                        numerator: None,
                        denominator: None,
                        value: None,
                        source: e.source,
                        note: String::new(),
                        quality: None,
                        not_reported: false,
                        not_reported_reason: String::new(),
                        verified: None,
                        updated_at: now,
                    })
                    .collect();
            }
        }
        self.store
            .create_assessment(&self.change_by(visitor), &new)
            .await
            .map_err(|e| crate::accounts::already_taken(e, "year"))
    }

    /// Target set, currency, verifier and the peer-comparison opt-in.
    pub async fn update_assessment_settings(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &AssessmentSettingsForm,
    ) -> Result<AssessmentRow, ServiceError> {
        let view = self.assessment(visitor, id).await?;
        let city = view.assessment.city_id;
        policy::authorize(&visitor.actor, Action::SteerAssessment(CityId(city)))?;
        if view.status == AssessmentStatus::Verified {
            return Err(locked("target_set"));
        }
        let mut checks = Checks::default();
        let currency = checks.take(validation::optional_currency("currency", &form.currency));
        let target_set = if form.target_set.trim().is_empty() {
            DEFAULT_TARGETS.to_string()
        } else {
            form.target_set.trim().to_string()
        };
        if let Err(ServiceError::Invalid(errors)) =
            self.check_target_set_key(city, &target_set).await
        {
            errors.into_iter().for_each(|e| checks.push(e));
        }
        let verifier = match form.verifier.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(user) if self.is_city_verifier(city, user).await? => Some(user),
                _ => {
                    checks.push(FieldError {
                        field: "verifier",
                        problem: Problem::NotAVerifier,
                    });
                    None
                }
            },
        };
        checks.finish()?;
        let settings = AssessmentSettings {
            target_set,
            currency: currency.flatten(),
            verifier_user_id: verifier,
            compare_with_peers: form.compare_with_peers,
        };
        Ok(self
            .store
            .update_assessment_settings(&self.change_by(visitor), id, &settings)
            .await?)
    }

    async fn is_city_verifier(&self, city: i64, user: i64) -> Result<bool, ServiceError> {
        Ok(self.store.members_of_city(city).await?.iter().any(|m| {
            m.user.id == user && m.role == CityRole::Verifier.as_str() && !m.user.disabled
        }))
    }

    /// The members who can be assigned as verifier.
    pub async fn verifier_candidates(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<civitas_store::UserRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::SteerAssessment(CityId(city)))?;
        Ok(self
            .store
            .members_of_city(city)
            .await?
            .into_iter()
            .filter(|m| m.role == CityRole::Verifier.as_str() && !m.user.disabled)
            .map(|m| m.user)
            .collect())
    }

    /// The city hands the assessment to its verifier.
    pub async fn submit_assessment(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<AssessmentRow, ServiceError> {
        let view = self.assessment(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.assessment.city_id)),
        )?;
        if view.assessment.verifier_user_id.is_none() {
            return Err(ServiceError::Invalid(vec![FieldError {
                field: "verifier",
                problem: Problem::NotAVerifier,
            }]));
        }
        self.move_assessment(visitor, &view, Transition::Submit, None)
            .await
    }

    /// The verifier hands it back to the city for more work.
    pub async fn return_assessment(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<AssessmentRow, ServiceError> {
        let view = self.assessment(visitor, id).await?;
        policy::authorize(&visitor.actor, verify_action(&view.assessment))?;
        self.move_assessment(visitor, &view, Transition::ReturnToCity, None)
            .await
    }

    /// The verifier closes the review once every reported KPI is marked
    /// verified or not; the assessment is then locked.
    pub async fn complete_verification(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<AssessmentRow, ServiceError> {
        let view = self.assessment(visitor, id).await?;
        policy::authorize(&visitor.actor, verify_action(&view.assessment))?;
        let pending = self
            .store
            .kpi_entries(id)
            .await?
            .iter()
            .filter(|e| super::entries::is_reported(e) && e.verified.is_none())
            .count();
        if pending > 0 {
            return Err(ServiceError::Invalid(vec![FieldError {
                field: "review",
                problem: Problem::ReviewIncomplete,
            }]));
        }
        self.move_assessment(visitor, &view, Transition::CompleteVerification, None)
            .await
    }

    /// A city admin reopens a verified assessment as a new revision; the
    /// reason is kept with it and in the audit log.
    pub async fn open_revision(
        &self,
        visitor: &Visitor,
        id: i64,
        reason: &str,
    ) -> Result<AssessmentRow, ServiceError> {
        let view = self.assessment(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::SteerAssessment(CityId(view.assessment.city_id)),
        )?;
        let reason = validation::optional_text("reason", reason, 2000)?;
        if reason.is_empty() {
            return Err(ServiceError::Invalid(vec![FieldError {
                field: "reason",
                problem: Problem::ReasonRequired,
            }]));
        }
        self.move_assessment(visitor, &view, Transition::OpenRevision, Some(&reason))
            .await
    }

    async fn move_assessment(
        &self,
        visitor: &Visitor,
        view: &AssessmentView,
        step: Transition,
        reason: Option<&str>,
    ) -> Result<AssessmentRow, ServiceError> {
        if view.status != step.from() {
            return Err(locked("status"));
        }
        let change = StatusChange {
            from: step.from().as_str(),
            to: step.to().as_str(),
            action: step.as_str(),
            new_revision_reason: reason,
        };
        self.store
            .change_assessment_status(&self.change_by(visitor), view.assessment.id, &change)
            .await
            .map_err(|e| match e {
                // Someone else moved it between our read and our write.
                StoreError::Conflict(_) => locked("status"),
                other => other.into(),
            })
    }
}

pub(crate) fn status_of(assessment: &AssessmentRow) -> Result<AssessmentStatus, ServiceError> {
    AssessmentStatus::parse(&assessment.status).ok_or(ServiceError::Internal("assessment status"))
}

pub(crate) fn view_action(assessment: &AssessmentRow) -> Action<'static> {
    Action::ViewAssessment {
        city: CityId(assessment.city_id),
        assigned_verifier: assessment.verifier_user_id.map(UserId),
    }
}

pub(crate) fn verify_action(assessment: &AssessmentRow) -> Action<'static> {
    Action::VerifyAssessment {
        city: CityId(assessment.city_id),
        assigned_verifier: assessment.verifier_user_id.map(UserId),
    }
}

pub(crate) fn locked(field: &'static str) -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field,
        problem: Problem::Locked,
    }])
}
