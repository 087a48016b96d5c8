//! Who may do what. Every use case in `service` names its [`Action`] and asks
//! [`authorize`] before it reads or writes anything; handlers never decide.

use crate::{Actor, CityId, CityRole, UserId};

/// Something a person wants to do, with the records it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Read what a city has published: open to everyone once published.
    ViewPublishedCity { city: CityId, published: bool },
    /// Read the city's internal workspace (everything not yet published).
    ViewCityWorkspace(CityId),
    /// Enter or change the city's assessment data.
    EditCityData(CityId),
    /// Change the city's own settings (name, publication).
    EditCitySettings(CityId),
    /// See members, invite people, change roles, remove members.
    ManageMembers(CityId),
    /// Read the city's audit log.
    ViewCityAudit(CityId),
    /// Read the contact details residents left with their input (never
    /// public, never for moderators): the city's admins.
    ViewResidentContact(CityId),
    /// Read the audit log of the whole instance.
    ViewPlatformAudit,
    /// Add a city to this instance.
    CreateCity,
    /// See and manage every account on the instance.
    ManagePlatformUsers,
    /// Disable someone's account: `target` is that person, with their roles.
    DisableUser { target: &'a crate::Principal },
    /// Change one's own password, language and API tokens.
    ManageOwnAccount,
    /// Read one KPI assessment with its entries and questions: the city's
    /// team, and the verifier assigned to that assessment.
    ViewAssessment {
        city: CityId,
        assigned_verifier: Option<UserId>,
    },
    /// Assign an assessment's verifier, or open a new revision of a verified
    /// one: decisions for the city's admins.
    SteerAssessment(CityId),
    /// Review an assessment's KPIs: only its assigned verifier.
    VerifyAssessment {
        city: CityId,
        assigned_verifier: Option<UserId>,
    },
    /// Load a new version of a KPI framework for every city on the instance.
    LoadFramework,
    /// Edit, add or revert entries of the knowledge base every city reads.
    EditKnowledgeBase,
    /// Run a procurement's evaluation and award: set and freeze the criteria,
    /// assign evaluators, receive bids, record the consensus, award. The
    /// city's admins.
    SteerProcurement(CityId),
    /// Read a procurement's bids and scores: the city's admins, and the
    /// evaluators assigned to it who declared no conflict of interest.
    ViewBids {
        city: CityId,
        cleared_evaluators: &'a [UserId],
    },
    /// Score bids independently: only an assigned evaluator who declared no
    /// conflict of interest (the role alone opens nothing).
    ScoreBids {
        city: CityId,
        cleared_evaluators: &'a [UserId],
    },
    /// Declare one's interests before seeing any bid: an assigned evaluator.
    DeclareInterests {
        city: CityId,
        assigned_evaluators: &'a [UserId],
    },
    /// Work the city's participation inbox: read residents' requests with
    /// their moderation state, hide or show them with a reason, change their
    /// status with notes. Contact details stay out of it.
    ModerateParticipation(CityId),
    /// Register or revoke the client apps (Open311 `api_key`s) trusted to
    /// submit requests for the city.
    ManageClientApps(CityId),
    /// Create, edit, publish and close the city's priority consultations and
    /// keep its population profile: the city's admins and data editors.
    ManageConsultations(CityId),
    /// Enter a resident's paper, phone or in-person answer on their behalf.
    RecordAssistedInput(CityId),
    /// Read a consultation's results by group and the representativeness
    /// dashboard (aggregates with small cells suppressed): the city's team.
    ViewConsultationResults(CityId),
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("sign in to do this")]
    Unauthenticated,
    #[error("you are not allowed to do this")]
    Forbidden,
}

/// Decide whether `actor` may perform `action`.
pub fn authorize(actor: &Actor, action: Action<'_>) -> Result<(), Denied> {
    if let Action::ViewPublishedCity {
        published: true, ..
    } = action
    {
        return Ok(());
    }
    let Some(principal) = actor.principal() else {
        return Err(Denied::Unauthenticated);
    };
    if principal.platform_admin {
        return match action {
            Action::DisableUser { target } if target.user_id == principal.user_id => {
                Err(Denied::Forbidden)
            }
            _ => Ok(()),
        };
    }
    let has = |city: CityId, allowed: &[CityRole]| {
        principal
            .role_in(city)
            .is_some_and(|role| allowed.contains(&role))
    };
    use CityRole::*;
    let allowed = match action {
        Action::ViewPublishedCity { city, .. } => has(city, &[CityAdmin, DataEditor, Viewer]),
        Action::ViewCityWorkspace(city) => has(city, &[CityAdmin, DataEditor, Viewer]),
        Action::EditCityData(city)
        | Action::ModerateParticipation(city)
        | Action::ManageConsultations(city)
        | Action::RecordAssistedInput(city) => has(city, &[CityAdmin, DataEditor]),
        Action::ViewConsultationResults(city) => has(city, &[CityAdmin, DataEditor, Viewer]),
        Action::EditCitySettings(city)
        | Action::ManageMembers(city)
        | Action::ViewCityAudit(city)
        | Action::ManageClientApps(city) => has(city, &[CityAdmin]),
        Action::ViewPlatformAudit
        | Action::CreateCity
        | Action::ManagePlatformUsers
        | Action::LoadFramework
        | Action::EditKnowledgeBase => false,
        Action::DisableUser { target } => may_disable(principal, target),
        Action::ManageOwnAccount => true,
        Action::ViewAssessment {
            city,
            assigned_verifier,
        } => {
            has(city, &[CityAdmin, DataEditor, Viewer])
                || is_assigned_verifier(principal, city, assigned_verifier)
        }
        Action::SteerAssessment(city) => has(city, &[CityAdmin]),
        Action::SteerProcurement(city) => has(city, &[CityAdmin]),
        Action::ViewResidentContact(city) => has(city, &[CityAdmin]),
        Action::ViewBids {
            city,
            cleared_evaluators,
        } => has(city, &[CityAdmin]) || is_listed_member(principal, city, cleared_evaluators),
        Action::ScoreBids {
            city,
            cleared_evaluators: evaluators,
        }
        | Action::DeclareInterests {
            city,
            assigned_evaluators: evaluators,
        } => is_listed_member(principal, city, evaluators),
        Action::VerifyAssessment {
            city,
            assigned_verifier,
        } => is_assigned_verifier(principal, city, assigned_verifier),
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// A verifier acts on an assessment only while they hold the verifier role in
/// its city *and* are the one assigned to it: the role alone opens nothing.
fn is_assigned_verifier(
    principal: &crate::Principal,
    city: CityId,
    assigned: Option<UserId>,
) -> bool {
    principal.role_in(city) == Some(CityRole::Verifier) && assigned == Some(principal.user_id)
}

/// An evaluator acts on a procurement only while they are a member of its
/// city *and* on its list (assigned, or assigned and cleared of conflicts).
fn is_listed_member(principal: &crate::Principal, city: CityId, listed: &[UserId]) -> bool {
    principal.role_in(city).is_some() && listed.contains(&principal.user_id)
}

/// A city admin may disable an account only when every city that account
/// belongs to is one they administer: an account shared with another city is
/// that city's business too, so it goes to a platform admin.
fn may_disable(admin: &crate::Principal, target: &crate::Principal) -> bool {
    target.user_id != admin.user_id
        && !target.platform_admin
        && !target.memberships.is_empty()
        && target
            .memberships
            .iter()
            .all(|(city, _)| admin.role_in(*city) == Some(CityRole::CityAdmin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Principal, UserId};

    const HOME: CityId = CityId(1);
    const OTHER: CityId = CityId(2);

    fn member(id: i64, role: CityRole) -> Principal {
        Principal {
            user_id: UserId(id),
            platform_admin: false,
            memberships: vec![(HOME, role)],
        }
    }

    fn platform_admin() -> Principal {
        Principal {
            user_id: UserId(99),
            platform_admin: true,
            memberships: vec![],
        }
    }

    /// The whole matrix for one city: each role, each action, own city and another.
    #[test]
    fn role_matrix_for_own_and_other_city() {
        use CityRole::*;
        // (action builder, roles allowed in their own city)
        type Case = (
            &'static str,
            fn(CityId) -> Action<'static>,
            &'static [CityRole],
        );
        let cases: [Case; 11] = [
            (
                "view unpublished city",
                |c| Action::ViewPublishedCity {
                    city: c,
                    published: false,
                },
                &[CityAdmin, DataEditor, Viewer],
            ),
            (
                "workspace",
                Action::ViewCityWorkspace,
                &[CityAdmin, DataEditor, Viewer],
            ),
            ("edit data", Action::EditCityData, &[CityAdmin, DataEditor]),
            ("settings", Action::EditCitySettings, &[CityAdmin]),
            ("members", Action::ManageMembers, &[CityAdmin]),
            ("audit", Action::ViewCityAudit, &[CityAdmin]),
            (
                "moderate participation",
                Action::ModerateParticipation,
                &[CityAdmin, DataEditor],
            ),
            ("client apps", Action::ManageClientApps, &[CityAdmin]),
            (
                "manage consultations",
                Action::ManageConsultations,
                &[CityAdmin, DataEditor],
            ),
            (
                "assisted entry",
                Action::RecordAssistedInput,
                &[CityAdmin, DataEditor],
            ),
            (
                "consultation results",
                Action::ViewConsultationResults,
                &[CityAdmin, DataEditor, Viewer],
            ),
        ];
        for (name, build, allowed) in cases {
            for role in CityRole::ALL {
                let actor = Actor::User(member(5, role));
                let own = authorize(&actor, build(HOME));
                assert_eq!(
                    own.is_ok(),
                    allowed.contains(&role),
                    "{name} as {role} in own city"
                );
                assert_eq!(
                    authorize(&actor, build(OTHER)),
                    Err(Denied::Forbidden),
                    "{name} as {role} in other city"
                );
            }
            assert_eq!(
                authorize(&Actor::Anonymous, build(HOME)),
                Err(Denied::Unauthenticated),
                "{name} anonymous"
            );
            assert!(
                authorize(&Actor::User(platform_admin()), build(OTHER)).is_ok(),
                "{name} platform admin"
            );
        }
    }

    #[test]
    fn only_the_assigned_verifier_reviews_an_assessment() {
        let verifier = Actor::User(member(7, CityRole::Verifier));
        let view = |assigned| Action::ViewAssessment {
            city: HOME,
            assigned_verifier: assigned,
        };
        let verify = |assigned| Action::VerifyAssessment {
            city: HOME,
            assigned_verifier: assigned,
        };
        assert!(authorize(&verifier, view(Some(UserId(7)))).is_ok());
        assert!(authorize(&verifier, verify(Some(UserId(7)))).is_ok());
        for other in [None, Some(UserId(8))] {
            assert_eq!(authorize(&verifier, view(other)), Err(Denied::Forbidden));
            assert_eq!(authorize(&verifier, verify(other)), Err(Denied::Forbidden));
        }
        // Assigned, but in another city: nothing.
        let elsewhere = Action::VerifyAssessment {
            city: OTHER,
            assigned_verifier: Some(UserId(7)),
        };
        assert_eq!(authorize(&verifier, elsewhere), Err(Denied::Forbidden));
        // The city's own team reads it but never verifies its own data.
        for role in [CityRole::CityAdmin, CityRole::DataEditor, CityRole::Viewer] {
            let actor = Actor::User(member(7, role));
            assert!(authorize(&actor, view(Some(UserId(7)))).is_ok());
            assert_eq!(
                authorize(&actor, verify(Some(UserId(7)))),
                Err(Denied::Forbidden),
                "{role}"
            );
        }
        let admin = Actor::User(member(1, CityRole::CityAdmin));
        assert!(authorize(&admin, Action::SteerAssessment(HOME)).is_ok());
        let editor = Actor::User(member(2, CityRole::DataEditor));
        assert_eq!(
            authorize(&editor, Action::SteerAssessment(HOME)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&admin, Action::LoadFramework),
            Err(Denied::Forbidden)
        );
        assert!(authorize(&Actor::User(platform_admin()), Action::LoadFramework).is_ok());
    }

    #[test]
    fn only_cleared_evaluators_see_and_score_bids() {
        let cleared = [UserId(7)];
        let view = |city| Action::ViewBids {
            city,
            cleared_evaluators: &cleared,
        };
        let score = |city| Action::ScoreBids {
            city,
            cleared_evaluators: &cleared,
        };
        let declare = |city| Action::DeclareInterests {
            city,
            assigned_evaluators: &cleared,
        };
        // (who, view, score, declare) in the procurement's own city.
        let table: [(Principal, bool, bool, bool); 6] = [
            // A cleared evaluator, whatever their role in the city.
            (member(7, CityRole::Verifier), true, true, true),
            (member(7, CityRole::Viewer), true, true, true),
            // The admin steers and reads the bids, but scores only if cleared.
            (member(1, CityRole::CityAdmin), true, false, false),
            (member(7, CityRole::CityAdmin), true, true, true),
            // Not on the list (or not yet cleared): nothing.
            (member(8, CityRole::DataEditor), false, false, false),
            (member(8, CityRole::Verifier), false, false, false),
        ];
        for (who, can_view, can_score, can_declare) in table {
            let actor = Actor::User(who.clone());
            let label = format!("user {} as {:?}", who.user_id, who.memberships);
            assert_eq!(
                authorize(&actor, view(HOME)).is_ok(),
                can_view,
                "view {label}"
            );
            assert_eq!(
                authorize(&actor, score(HOME)).is_ok(),
                can_score,
                "score {label}"
            );
            assert_eq!(
                authorize(&actor, declare(HOME)).is_ok(),
                can_declare,
                "declare {label}"
            );
            // Listed, but the procurement belongs to another city: nothing.
            for action in [view(OTHER), score(OTHER), declare(OTHER)] {
                assert_eq!(authorize(&actor, action), Err(Denied::Forbidden), "{label}");
            }
        }
        assert_eq!(
            authorize(&Actor::Anonymous, view(HOME)),
            Err(Denied::Unauthenticated)
        );
        let admin = Actor::User(member(1, CityRole::CityAdmin));
        let editor = Actor::User(member(2, CityRole::DataEditor));
        assert!(authorize(&admin, Action::SteerProcurement(HOME)).is_ok());
        assert_eq!(
            authorize(&editor, Action::SteerProcurement(HOME)),
            Err(Denied::Forbidden)
        );
        assert!(authorize(&Actor::User(platform_admin()), score(OTHER)).is_ok());
    }

    #[test]
    fn published_city_is_open_to_everyone() {
        let action = Action::ViewPublishedCity {
            city: HOME,
            published: true,
        };
        assert!(authorize(&Actor::Anonymous, action).is_ok());
    }

    #[test]
    fn platform_actions_need_a_platform_admin() {
        for action in [
            Action::CreateCity,
            Action::ViewPlatformAudit,
            Action::ManagePlatformUsers,
            Action::EditKnowledgeBase,
        ] {
            assert_eq!(
                authorize(&Actor::Anonymous, action.clone()),
                Err(Denied::Unauthenticated)
            );
            assert_eq!(
                authorize(&Actor::User(member(1, CityRole::CityAdmin)), action.clone()),
                Err(Denied::Forbidden)
            );
            assert!(authorize(&Actor::User(platform_admin()), action).is_ok());
        }
    }

    #[test]
    fn city_admin_disables_only_people_wholly_inside_their_cities() {
        let admin = Actor::User(member(1, CityRole::CityAdmin));
        let editor = member(2, CityRole::DataEditor);
        assert!(authorize(&admin, Action::DisableUser { target: &editor }).is_ok());

        let mut shared = member(3, CityRole::Viewer);
        shared.memberships.push((OTHER, CityRole::Viewer));
        assert_eq!(
            authorize(&admin, Action::DisableUser { target: &shared }),
            Err(Denied::Forbidden)
        );

        let himself = member(1, CityRole::CityAdmin);
        assert_eq!(
            authorize(&admin, Action::DisableUser { target: &himself }),
            Err(Denied::Forbidden)
        );

        let editor_actor = Actor::User(member(4, CityRole::DataEditor));
        assert_eq!(
            authorize(&editor_actor, Action::DisableUser { target: &editor }),
            Err(Denied::Forbidden)
        );

        let pa = platform_admin();
        assert_eq!(
            authorize(
                &Actor::User(pa.clone()),
                Action::DisableUser { target: &pa }
            ),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn only_the_citys_admins_read_residents_contact_details() {
        for role in CityRole::ALL {
            let actor = Actor::User(member(5, role));
            assert_eq!(
                authorize(&actor, Action::ViewResidentContact(HOME)).is_ok(),
                role == CityRole::CityAdmin,
                "{role}"
            );
            assert!(authorize(&actor, Action::ViewResidentContact(OTHER)).is_err());
        }
        assert_eq!(
            authorize(&Actor::Anonymous, Action::ViewResidentContact(HOME)),
            Err(Denied::Unauthenticated)
        );
    }
}
