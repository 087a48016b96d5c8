//! "You said, we did": the city links a resident's input to what it decided
//! (a written decision, a roadmap action, or both) with a status whose every
//! change is dated on a public timeline. Inputs are named by kind and id, so
//! a service request, a consultation's proposal or a whole consultation can
//! each carry an outcome. Residents read it on their receipt and on the
//! city's public page, which never shows hidden inputs or personal data.

use crate::error::Checks;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{
    CityRow, CommentRow, ConsultationOutcomeRow, ConsultationRow, OutcomeEventRow, OutcomeRow,
    OutcomeUpdate, RequestOutcomeRow, RoadmapActionRow, ServiceRequestRow,
};

/// An outcome's statuses, in the order a resident's input moves through them.
pub const OUTCOME_STATUSES: [&str; 6] = [
    "received",
    "under-consideration",
    "planned",
    "in-progress",
    "done",
    "declined",
];
/// Most outcomes the public page lists.
const PUBLIC_LIMIT: i64 = 200;

/// The kinds of resident input an outcome can belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Request,
    Proposal,
    Consultation,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Request => "request",
            InputKind::Proposal => "proposal",
            InputKind::Consultation => "consultation",
        }
    }

    pub fn parse(text: &str) -> Option<InputKind> {
        [
            InputKind::Request,
            InputKind::Proposal,
            InputKind::Consultation,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// What the city's team sends to set an outcome, before checking.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub status: String,
    /// A roadmap action id of the city, or empty for none.
    pub roadmap_action: String,
    pub decision: String,
    /// Said on the timeline with this change.
    pub note: String,
}

/// An outcome with its dated timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutcomeView {
    pub outcome: OutcomeRow,
    pub events: Vec<OutcomeEventRow>,
}

/// One line of the public "you said, we did" page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PublicOutcome {
    pub input: RequestOutcomeRow,
    pub events: Vec<OutcomeEventRow>,
}

/// One consultation or proposal line of the public "you said, we did" page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PublicConsultationOutcome {
    pub input: ConsultationOutcomeRow,
    pub events: Vec<OutcomeEventRow>,
}

/// A proposal with its consultation, as the team sets its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalInput {
    pub consultation: ConsultationRow,
    pub proposal: CommentRow,
}

fn field(field: &'static str, problem: Problem) -> FieldError {
    FieldError { field, problem }
}

impl Civitas {
    /// The outcome of a request the caller may already see (its receipt, a
    /// public request, the moderation page), with its timeline.
    pub async fn request_outcome(
        &self,
        request: &ServiceRequestRow,
    ) -> Result<Option<OutcomeView>, ServiceError> {
        self.outcome_view(InputKind::Request, request.id).await
    }

    /// The outcome of a consultation, once the city set one (callers show
    /// it only where the consultation itself may be seen).
    pub async fn consultation_outcome(
        &self,
        consultation: &ConsultationRow,
    ) -> Result<Option<OutcomeView>, ServiceError> {
        self.outcome_view(InputKind::Consultation, consultation.id)
            .await
    }

    /// The outcome of a proposal, for its author's receipt (who also sees
    /// whether it was hidden) and the city's team; never for a comment.
    pub async fn proposal_outcome(
        &self,
        proposal: &CommentRow,
    ) -> Result<Option<OutcomeView>, ServiceError> {
        if proposal.kind != "proposal" {
            return Ok(None);
        }
        self.outcome_view(InputKind::Proposal, proposal.id).await
    }

    /// A consultation whose outcome the caller may set (the city's moderators).
    pub async fn outcome_consultation(
        &self,
        visitor: &Visitor,
        consultation_id: i64,
    ) -> Result<ConsultationRow, ServiceError> {
        let consultation = self
            .store
            .consultation(consultation_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::ModerateParticipation(CityId(consultation.city_id)),
        )?;
        Ok(consultation)
    }

    /// A visible proposal of the consultation whose outcome the caller may
    /// set (the city's moderators).
    pub async fn outcome_proposal(
        &self,
        visitor: &Visitor,
        consultation_id: i64,
        proposal_id: i64,
    ) -> Result<ProposalInput, ServiceError> {
        let consultation = self.outcome_consultation(visitor, consultation_id).await?;
        let proposal = self
            .store
            .consultation_comment(proposal_id)
            .await?
            .filter(|p| p.consultation_id == consultation.id && p.kind == "proposal" && !p.hidden)
            .ok_or(ServiceError::NotFound)?;
        Ok(ProposalInput {
            consultation,
            proposal,
        })
    }

    /// Sets what the city made of a consultation (its result, e.g. the
    /// winning priority and the roadmap action it became).
    pub async fn set_consultation_outcome(
        &self,
        visitor: &Visitor,
        consultation_id: i64,
        form: &OutcomeForm,
    ) -> Result<OutcomeView, ServiceError> {
        let consultation = self.outcome_consultation(visitor, consultation_id).await?;
        self.set_outcome(
            visitor,
            consultation.city_id,
            InputKind::Consultation,
            consultation.id,
            form,
        )
        .await
    }

    /// Sets what became of a resident's proposal to a consultation.
    pub async fn set_proposal_outcome(
        &self,
        visitor: &Visitor,
        consultation_id: i64,
        proposal_id: i64,
        form: &OutcomeForm,
    ) -> Result<OutcomeView, ServiceError> {
        let input = self
            .outcome_proposal(visitor, consultation_id, proposal_id)
            .await?;
        self.set_outcome(
            visitor,
            input.consultation.city_id,
            InputKind::Proposal,
            input.proposal.id,
            form,
        )
        .await
    }

    async fn outcome_view(
        &self,
        kind: InputKind,
        id: i64,
    ) -> Result<Option<OutcomeView>, ServiceError> {
        let Some(outcome) = self.store.outcome(kind.as_str(), id).await? else {
            return Ok(None);
        };
        let events = self.store.outcome_events(outcome.id).await?;
        Ok(Some(OutcomeView { outcome, events }))
    }

    /// The roadmap actions an input can be linked to (the city's team).
    pub async fn outcome_actions(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<RoadmapActionRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ModerateParticipation(CityId(city)))?;
        Ok(self.store.roadmap_actions(city).await?)
    }

    /// Sets what became of a service request (the city's moderators).
    pub async fn set_request_outcome(
        &self,
        visitor: &Visitor,
        request_id: i64,
        form: &OutcomeForm,
    ) -> Result<OutcomeView, ServiceError> {
        let (request, _) = self.moderated_request(visitor, request_id).await?;
        self.set_outcome(
            visitor,
            request.city_id,
            InputKind::Request,
            request.id,
            form,
        )
        .await
    }

    /// Sets the outcome of any input of the city: checks the input is the
    /// city's, the status, the roadmap action (the city's own) and the texts,
    /// then stores it with its timeline line and audit line.
    pub async fn set_outcome(
        &self,
        visitor: &Visitor,
        city: i64,
        kind: InputKind,
        input_id: i64,
        form: &OutcomeForm,
    ) -> Result<OutcomeView, ServiceError> {
        policy::authorize(&visitor.actor, Action::ModerateParticipation(CityId(city)))?;
        match kind {
            InputKind::Request => match self.store.service_request(input_id).await? {
                Some(r) if r.city_id == city => {}
                _ => return Err(ServiceError::NotFound),
            },
            InputKind::Proposal => {
                let proposal = self
                    .store
                    .consultation_comment(input_id)
                    .await?
                    .filter(|p| p.kind == "proposal" && !p.hidden)
                    .ok_or(ServiceError::NotFound)?;
                match self.store.consultation(proposal.consultation_id).await? {
                    Some(c) if c.city_id == city => {}
                    _ => return Err(ServiceError::NotFound),
                }
            }
            InputKind::Consultation => match self.store.consultation(input_id).await? {
                Some(c) if c.city_id == city => {}
                _ => return Err(ServiceError::NotFound),
            },
        }
        let mut checks = Checks::default();
        let status = form.status.trim();
        if !OUTCOME_STATUSES.contains(&status) {
            checks.push(field("status", Problem::Required));
        }
        let action = match form.roadmap_action.trim() {
            "" => None,
            raw => {
                let id = raw.parse::<i64>().ok();
                match id {
                    Some(id) => match self.store.roadmap_action(id).await? {
                        Some(a) if a.city_id == city => Some(a.id),
                        _ => {
                            checks.push(field("roadmap_action", Problem::Required));
                            None
                        }
                    },
                    None => {
                        checks.push(field("roadmap_action", Problem::NotANumber));
                        None
                    }
                }
            }
        };
        let decision = checks.take(validation::optional_text("decision", &form.decision, 2000));
        let note = checks.take(validation::optional_text("note", &form.note, 1000));
        checks.finish()?;
        let update = OutcomeUpdate {
            city_id: city,
            input_kind: kind.as_str().to_string(),
            input_id,
            status: status.to_string(),
            roadmap_action_id: action,
            decision: decision.filter(|d| !d.is_empty()),
            note: note.filter(|n| !n.is_empty()),
        };
        self.store
            .set_outcome(&self.change_by(visitor), &update)
            .await?;
        self.outcome_view(kind, input_id)
            .await?
            .ok_or(ServiceError::Internal("outcome just stored"))
    }

    /// The city's public "you said, we did": what became of residents'
    /// visible inputs, most recently changed first, each with its timeline.
    /// No contact details, no hidden inputs.
    pub async fn you_said_we_did(
        &self,
        city: &CityRow,
    ) -> Result<Vec<PublicOutcome>, ServiceError> {
        let rows = self
            .store
            .public_request_outcomes(city.id, PUBLIC_LIMIT)
            .await?;
        let mut list = Vec::with_capacity(rows.len());
        for input in rows {
            let events = self.store.outcome_events(input.outcome.id).await?;
            list.push(PublicOutcome { input, events });
        }
        Ok(list)
    }
}

impl Civitas {
    /// The consultations and proposals part of "you said, we did": the
    /// outcomes of published consultations and of their visible proposals,
    /// most recently changed first, each with its timeline. A hidden
    /// proposal's outcome is never listed.
    pub async fn you_said_we_did_consultations(
        &self,
        city: &CityRow,
    ) -> Result<Vec<PublicConsultationOutcome>, ServiceError> {
        let rows = self
            .store
            .public_consultation_outcomes(city.id, PUBLIC_LIMIT)
            .await?;
        let mut list = Vec::with_capacity(rows.len());
        for input in rows {
            let events = self.store.outcome_events(input.outcome.id).await?;
            list.push(PublicConsultationOutcome { input, events });
        }
        Ok(list)
    }
}
