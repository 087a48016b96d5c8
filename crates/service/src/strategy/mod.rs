//! The strategy module: the five-pillar maturity self-assessment with its
//! gap analysis ([`maturity`]) and the people-centred digital roadmap
//! ([`roadmap`]). The pillars, elements and maturity scale are the knowledge
//! base's editable framework data, never hard-coded here.

mod maturity;
mod pillars;
mod roadmap;

pub use maturity::{
    AnswerForm, ConsensusForm, ElementResult, Gap, GapKpi, MaturityReport, PillarResult,
    Questionnaire, RespondentForm, RoundForm, RoundView,
};
pub use pillars::{
    Framework, Label, Labels, Language, MaturityLevel, Pillar, PillarElement, Provenance, Reason,
    Suggestion, label,
};
pub(crate) use roadmap::calendar_date;
pub use roadmap::{
    ActionForm, ActionKpiForm, ActionProgress, ActionRoleForm, FUNDING_SOURCES, FundingTotal,
    KpiProgress, ROLES, Roadmap, SECTORS, STAKEHOLDER_LEVELS, STATUSES, StakeholderForm,
};

use crate::ServiceError;
use civitas_knowledge::{KnowledgeBase, SearchIndex};
use std::sync::{Arc, OnceLock};

/// The shipped knowledge base's index, for the pillar framework and for
/// suggestions from gaps.
pub(crate) fn knowledge() -> Result<Arc<SearchIndex>, ServiceError> {
    static INDEX: OnceLock<Option<Arc<SearchIndex>>> = OnceLock::new();
    INDEX
        .get_or_init(|| match KnowledgeBase::shipped() {
            Ok(kb) => Some(Arc::new(SearchIndex::new(kb))),
            Err(error) => {
                tracing::error!(%error, "the shipped knowledge base does not load");
                None
            }
        })
        .clone()
        .ok_or(ServiceError::Internal("knowledge base"))
}
