//! The life of a KPI assessment: a draft the city fills in, submitted to its
//! verifier, verified and then locked. Corrections to a verified assessment
//! open a new revision with a stated reason, so what was verified is never
//! silently changed.

use serde::{Deserialize, Serialize};

/// Where an assessment stands in the verification workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentStatus {
    /// The city is entering data.
    Draft,
    /// With the verifier: KPI-by-KPI review, questions and answers.
    Submitted,
    /// Every reported KPI reviewed; the assessment is locked.
    Verified,
}

impl AssessmentStatus {
    pub const ALL: [AssessmentStatus; 3] = [
        AssessmentStatus::Draft,
        AssessmentStatus::Submitted,
        AssessmentStatus::Verified,
    ];

    /// The stable spelling used in storage, URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentStatus::Draft => "draft",
            AssessmentStatus::Submitted => "submitted",
            AssessmentStatus::Verified => "verified",
        }
    }

    pub fn parse(text: &str) -> Option<AssessmentStatus> {
        AssessmentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }

    /// Whether the city may change a KPI entry (or a city input) now.
    ///
    /// While the verifier reviews, the city may still answer by correcting an
    /// entry the verifier has not accepted; an accepted entry stays as it was
    /// verified unless the verifier reopens it.
    pub fn city_may_edit(self, entry_verified: Option<bool>) -> bool {
        match self {
            AssessmentStatus::Draft => true,
            AssessmentStatus::Submitted => entry_verified != Some(true),
            AssessmentStatus::Verified => false,
        }
    }

    /// Whether the verifier may review entries and ask questions now.
    pub fn verifier_may_review(self) -> bool {
        self == AssessmentStatus::Submitted
    }
}

impl std::fmt::Display for AssessmentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step from one status to another, and who takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The city hands the assessment to its verifier.
    Submit,
    /// The verifier hands it back for more work before finishing.
    ReturnToCity,
    /// The verifier has reviewed every reported KPI and closes the review.
    CompleteVerification,
    /// The city opens a new revision of a verified assessment (needs a reason).
    OpenRevision,
}

impl Transition {
    pub fn from(self) -> AssessmentStatus {
        match self {
            Transition::Submit => AssessmentStatus::Draft,
            Transition::ReturnToCity | Transition::CompleteVerification => {
                AssessmentStatus::Submitted
            }
            Transition::OpenRevision => AssessmentStatus::Verified,
        }
    }

    pub fn to(self) -> AssessmentStatus {
        match self {
            Transition::Submit => AssessmentStatus::Submitted,
            Transition::ReturnToCity | Transition::OpenRevision => AssessmentStatus::Draft,
            Transition::CompleteVerification => AssessmentStatus::Verified,
        }
    }

    /// The name written in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::ReturnToCity => "return-to-city",
            Transition::CompleteVerification => "complete-verification",
            Transition::OpenRevision => "open-revision",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in AssessmentStatus::ALL {
            assert_eq!(AssessmentStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(AssessmentStatus::parse("published"), None);
    }

    #[test]
    fn verified_assessment_is_locked_and_accepted_entries_stay() {
        use AssessmentStatus::*;
        assert!(Draft.city_may_edit(Some(true)));
        assert!(Submitted.city_may_edit(None));
        assert!(Submitted.city_may_edit(Some(false)));
        assert!(!Submitted.city_may_edit(Some(true)));
        for verified in [None, Some(true), Some(false)] {
            assert!(!Verified.city_may_edit(verified));
        }
        assert!(Submitted.verifier_may_review());
        assert!(!Draft.verifier_may_review() && !Verified.verifier_may_review());
    }

    #[test]
    fn transitions_chain_from_draft_back_to_draft() {
        let path = [
            Transition::Submit,
            Transition::CompleteVerification,
            Transition::OpenRevision,
        ];
        let mut status = AssessmentStatus::Draft;
        for step in path {
            assert_eq!(step.from(), status, "{step:?}");
            status = step.to();
        }
        assert_eq!(status, AssessmentStatus::Draft);
        assert_eq!(Transition::ReturnToCity.to(), AssessmentStatus::Draft);
    }
}
