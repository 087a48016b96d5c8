//! Procurement the U4SSC way (*Procurement guidelines for smart sustainable
//! cities*, 2023), in four stages:
//!
//! * **plan** ([`plan`]): the need, who will use the service, the outcomes as
//!   U4SSC KPI targets, the procedure and budget, requirements picked from the
//!   people-centred checklist plus the city's own, linked to a roadmap action;
//! * **inform the market** ([`market`]): a public, accessible
//!   prior-information notice for published cities, and market engagement;
//! * **evaluate and award** ([`evaluation`]): criteria and weights (optionally
//!   from AHP, a consistency ratio over 0.10 refused) frozen and published
//!   before bids are seen, every later change with its reason; evaluators
//!   declare conflicts of interest before they see any bid and score alone;
//!   the panel agrees a consensus with a note per criterion; the
//!   `civitas_procurement` engine ranks, flags and analyses; the award;
//! * **manage delivery** ([`delivery`]): milestones and acceptance, supplier
//!   obligations met or not, and the linked KPIs' movement after go-live.
//!
//! Every change goes through the store with its audit line.

mod delivery;
mod evaluation;
mod market;
mod plan;

pub use delivery::{DeliveryView, MilestoneForm, ObligationForm, OutcomeProgress};
pub use evaluation::{
    AhpForm, AhpRecord, AwardForm, BidForm, BidsView, ConsensusForm, ConsensusRowForm,
    CriteriaForm, DeclarationForm, EvaluationReport, EvaluatorForm, FormulaEffect, FormulaRank,
    ProcurementResult, ScoreForm, ScoreSheetForm, SpreadView, criteria_csv, formula_key,
};
pub use market::{EngagementForm, NoticeForm, PublicNotice};
pub use plan::{OutcomeForm, OwnRequirementForm, PlanForm, ProcurementList, ProcurementView};

use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, Actor, CityId, Denied, UserId, policy};
use civitas_procurement::{Checklist, people_centred_checklist};
use civitas_store::{EvaluatorRow, ProcurementRow};
use std::sync::OnceLock;

pub const PROCEDURES: [&str; 5] = [
    "open",
    "restricted",
    "competitive-dialogue",
    "negotiated",
    "direct-award",
];
pub const PAYMENT_APPROACHES: [&str; 3] = ["fixed-price", "time-and-materials", "outcome-based"];
pub const STAGES: [&str; 5] = [
    "plan",
    "inform-market",
    "evaluate-award",
    "manage-delivery",
    "closed",
];
pub const ENGAGEMENT_KINDS: [&str; 5] = [
    "event",
    "meeting",
    "questions",
    "request-for-information",
    "other",
];
pub const MILESTONE_STATUSES: [&str; 4] = ["planned", "delivered", "accepted", "rejected"];
pub const OBLIGATION_STATUSES: [&str; 3] = ["open", "met", "not-met"];
/// Price formulas a city can choose, as forms and the API spell them.
pub const PRICE_FORMULAS: [&str; 3] = ["lowest", "linear", "log"];

/// The shipped people-centred checklist and the four stages.
pub fn checklist() -> Result<&'static Checklist, ServiceError> {
    static CHECKLIST: OnceLock<Option<Checklist>> = OnceLock::new();
    CHECKLIST
        .get_or_init(|| {
            people_centred_checklist()
                .map_err(|e| tracing::error!(error = %e, "the procurement checklist does not load"))
                .ok()
        })
        .as_ref()
        .ok_or(ServiceError::Internal("procurement checklist"))
}

/// Assigned evaluators who declared no conflict of interest.
pub(crate) fn cleared(evaluators: &[EvaluatorRow]) -> Vec<UserId> {
    evaluators
        .iter()
        .filter(|e| e.declared_at.is_some() && !e.conflict)
        .map(|e| UserId(e.user_id))
        .collect()
}

pub(crate) fn assigned(evaluators: &[EvaluatorRow]) -> Vec<UserId> {
    evaluators.iter().map(|e| UserId(e.user_id)).collect()
}

fn refused(actor: &Actor) -> ServiceError {
    if actor.principal().is_none() {
        ServiceError::Denied(Denied::Unauthenticated)
    } else {
        ServiceError::NotFound
    }
}

fn invalid(field: &'static str, problem: civitas_domain::validation::Problem) -> ServiceError {
    ServiceError::Invalid(vec![civitas_domain::validation::FieldError {
        field,
        problem,
    }])
}

/// A problem named by the engine (criteria, scores, consensus, AHP): the part
/// of the form, then what is wrong and where.
fn engine_problem(part: &str, message: impl std::fmt::Display) -> ServiceError {
    ServiceError::BadFile(vec![crate::FileProblem::new(part, message.to_string())])
}

impl Civitas {
    /// A procurement and its evaluators, for someone who may see it at all:
    /// the city's team, or an evaluator assigned to it. Others learn nothing.
    pub(crate) async fn load_procurement(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<(ProcurementRow, Vec<EvaluatorRow>), ServiceError> {
        let Some(row) = self.store.procurement(id).await? else {
            return Err(refused(&visitor.actor));
        };
        let evaluators = self.store.evaluators(id).await?;
        let city = CityId(row.city_id);
        let list = assigned(&evaluators);
        let team = policy::authorize(&visitor.actor, Action::ViewCityWorkspace(city)).is_ok();
        let evaluator = policy::authorize(
            &visitor.actor,
            Action::DeclareInterests {
                city,
                assigned_evaluators: &list,
            },
        )
        .is_ok();
        if team || evaluator {
            Ok((row, evaluators))
        } else {
            Err(refused(&visitor.actor))
        }
    }

    /// Loads and checks `action` on the procurement's city.
    pub(crate) async fn procurement_for(
        &self,
        visitor: &Visitor,
        id: i64,
        action: fn(CityId) -> Action<'static>,
    ) -> Result<(ProcurementRow, Vec<EvaluatorRow>), ServiceError> {
        let (row, evaluators) = self.load_procurement(visitor, id).await?;
        policy::authorize(&visitor.actor, action(CityId(row.city_id)))?;
        Ok((row, evaluators))
    }
}
