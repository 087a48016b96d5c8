//! The verifier's KPI-by-KPI review: questions, the city's answers and
//! corrections, and a verified yes/no per KPI, each step in the audit log.

use super::assessments::{locked, verify_action};
use super::entries::canonical_key;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, AssessmentStatus, CityId, policy};
use civitas_store::{EntryKey, NewVerificationNote, VerificationNoteRow};

/// What the verifier decides about one KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewDecision {
    Verified,
    NotVerified,
    /// Back to "not reviewed", e.g. after the city corrected it.
    Reopened,
}

impl ReviewDecision {
    pub fn parse(text: &str) -> Option<ReviewDecision> {
        match text {
            "verified" => Some(ReviewDecision::Verified),
            "not-verified" => Some(ReviewDecision::NotVerified),
            "reopened" => Some(ReviewDecision::Reopened),
            _ => None,
        }
    }

    fn kind(self) -> &'static str {
        match self {
            ReviewDecision::Verified => "verified",
            ReviewDecision::NotVerified => "not-verified",
            ReviewDecision::Reopened => "reopened",
        }
    }

    fn verified(self) -> Option<bool> {
        match self {
            ReviewDecision::Verified => Some(true),
            ReviewDecision::NotVerified => Some(false),
            ReviewDecision::Reopened => None,
        }
    }
}

fn required_body(raw: &str) -> Result<String, ServiceError> {
    let body = validation::optional_text("body", raw, 4000)?;
    if body.is_empty() {
        return Err(ServiceError::Invalid(vec![FieldError {
            field: "body",
            problem: Problem::Required,
        }]));
    }
    Ok(body)
}

impl Civitas {
    /// The verifier marks one KPI verified or not (a reason is required for
    /// "not verified"), or reopens it.
    pub async fn review_entry(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        key: &EntryKey,
        decision: ReviewDecision,
        note: &str,
    ) -> Result<VerificationNoteRow, ServiceError> {
        let view = self.assessment(visitor, assessment_id).await?;
        policy::authorize(&visitor.actor, verify_action(&view.assessment))?;
        if !view.status.verifier_may_review() {
            return Err(locked("decision"));
        }
        let framework = self.framework(&view.assessment.framework).await?;
        let key = canonical_key(&framework, key)?;
        let body = if decision == ReviewDecision::Verified {
            validation::optional_text("body", note, 4000)?
        } else {
            required_body(note)?
        };
        let note = NewVerificationNote {
            assessment_id,
            key,
            kind: decision.kind().to_string(),
            body,
            revision: view.assessment.revision,
        };
        Ok(self
            .store
            .review_kpi_entry(&self.change_by(visitor), decision.verified(), &note)
            .await?)
    }

    /// The verifier asks the city a question about one KPI.
    pub async fn ask_question(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        key: &EntryKey,
        body: &str,
    ) -> Result<VerificationNoteRow, ServiceError> {
        let view = self.assessment(visitor, assessment_id).await?;
        policy::authorize(&visitor.actor, verify_action(&view.assessment))?;
        if !view.status.verifier_may_review() {
            return Err(locked("body"));
        }
        self.add_note(visitor, &view, key, "question", body).await
    }

    /// The city answers the verifier about one KPI (while it is with them).
    pub async fn answer_question(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        key: &EntryKey,
        body: &str,
    ) -> Result<VerificationNoteRow, ServiceError> {
        let view = self.assessment(visitor, assessment_id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.assessment.city_id)),
        )?;
        if view.status != AssessmentStatus::Submitted {
            return Err(locked("body"));
        }
        self.add_note(visitor, &view, key, "answer", body).await
    }

    async fn add_note(
        &self,
        visitor: &Visitor,
        view: &super::AssessmentView,
        key: &EntryKey,
        kind: &str,
        body: &str,
    ) -> Result<VerificationNoteRow, ServiceError> {
        let framework = self.framework(&view.assessment.framework).await?;
        let note = NewVerificationNote {
            assessment_id: view.assessment.id,
            key: canonical_key(&framework, key)?,
            kind: kind.to_string(),
            body: required_body(body)?,
            revision: view.assessment.revision,
        };
        Ok(self
            .store
            .add_verification_note(&self.change_by(visitor), &note)
            .await?)
    }

    /// Every question, answer and decision of an assessment, oldest first.
    pub async fn verification_notes(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
    ) -> Result<Vec<VerificationNoteRow>, ServiceError> {
        self.assessment(visitor, assessment_id).await?;
        Ok(self.store.verification_notes(assessment_id).await?)
    }
}
