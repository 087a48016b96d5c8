//! The demo city's procurement of an accessible open-data platform, at the
//! evaluate-and-award stage: planned with a KPI outcome and people-centred
//! requirements, its prior-information notice published with one market day,
//! criteria (three quality criteria with thresholds and the whole-life cost)
//! frozen and published, three bids received, and two evaluators: the city's
//! admin, who declared no conflict and submitted her scores, and its data
//! editor, who has not declared yet (and so sees no bid). Each step goes
//! through the service as the person who would take it, so the demo obeys
//! the same rules as everyone and its audit trail reads like a real one.

use crate::procurement::{
    BidForm, CriteriaForm, DeclarationForm, EngagementForm, EvaluatorForm, NoticeForm, OutcomeForm,
    OwnRequirementForm, PlanForm, ScoreForm, ScoreSheetForm,
};
use crate::{Civitas, ServiceError};

/// The published criteria, as the form and `civitas procurement evaluate` read them.
pub const DEMO_PROCUREMENT_CRITERIA: &str = "criterion,weight,kind,min_score,parent
Accessibility and inclusion,25,quality,50,
Open standards and exit plan,20,quality,50,
Delivery plan and skills transfer,15,quality,,
Whole-life cost,40,price,,
";

/// Bids received: bidder, whole-life cost (EUR), date received.
const BIDS: [(&str, &str, &str); 3] = [
    ("OpenCity Data Cooperative", "168000", "2026-03-04"),
    ("Metro Digital Services", "142500", "2026-03-05"),
    ("Civic Platforms SA", "96000", "2026-03-06"),
];

/// The admin's submitted scores per bid, in the order of the quality criteria.
const ADMIN_SCORES: [[(f64, &str); 3]; 3] = [
    [
        (
            85.0,
            "Tested with screen-reader users; Arabic and French interface from day one",
        ),
        (
            90.0,
            "CKAN and DCAT-AP; the exit plan hands over data and code",
        ),
        (75.0, "Six-month hand-over with two city staff trained"),
    ],
    [
        (70.0, "WCAG 2.2 AA promised, no user testing planned"),
        (65.0, "Open formats, but the harvester is proprietary"),
        (80.0, "Detailed plan with weekly demonstrations"),
    ],
    [
        (55.0, "Accessibility statement only"),
        (45.0, "Exports in open formats; no exit plan"),
        (60.0, "Plan without named staff"),
    ],
];

impl Civitas {
    pub(crate) async fn load_demo_procurement(&self, city: i64) -> Result<(), ServiceError> {
        let members = self.store.members_of_city(city).await?;
        let id_of = |role: &str| {
            members
                .iter()
                .find(|m| m.role == role)
                .map(|m| m.user.id)
                .ok_or(ServiceError::Internal("demo member"))
        };
        let admin = self.visitor_for(id_of("city-admin")?).await?;
        let editor_id = id_of("data-editor")?;
        let editor = self.visitor_for(editor_id).await?;
        let roadmap_action_id = self
            .store
            .roadmap_actions(city)
            .await?
            .first()
            .map(|a| a.id.to_string())
            .unwrap_or_default();
        let plan = PlanForm {
            title: "Accessible open data platform".into(),
            reference: "DC-2026-07".into(),
            roadmap_action_id,
            need: "Residents, journalists and community groups cannot find or reuse the city's \
                   data: it is scattered over department websites as PDF tables, and none of it \
                   works with a screen reader."
                .into(),
            end_users: "Residents (including blind and partially sighted people), journalists, \
                        researchers, start-ups and the city's own departments."
                .into(),
            procedure: "open".into(),
            payment_approach: "fixed-price".into(),
            budget: "180000".into(),
            currency: "EUR".into(),
            outcomes: vec![OutcomeForm {
                kpi: "EC: ICT: ICT: 1C".into(),
                target: "90".into(),
                target_year: "2028".into(),
                description: "More households online once public services and data are easier \
                              to reach"
                    .into(),
                ..OutcomeForm::default()
            }],
            requirements: [
                "open-standards",
                "data-ownership",
                "exit-plan",
                "privacy-dpia",
                "accessibility",
                "whole-life-cost",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            own_requirements: vec![OwnRequirementForm {
                title: "Interface in Arabic, French and Spanish".into(),
                description: "Every page and dataset description in the city's three languages."
                    .into(),
            }],
        };
        let p = self.create_procurement(&editor, city, &plan).await?;
        self.advance_procurement_stage(&editor, p.id, "inform-market")
            .await?;
        self.save_procurement_notice(
            &editor,
            p.id,
            &NoticeForm {
                notice: "Demo City will buy an accessible open data platform (DCAT-AP catalogue, \
                         open API, Arabic/French/Spanish interface). Suppliers are invited to a \
                         market day on 10 February 2026; questions are answered publicly."
                    .into(),
                questions_deadline: "2026-02-20".into(),
                submission_deadline: "2026-03-06".into(),
                published: "yes".into(),
            },
        )
        .await?;
        self.add_procurement_engagement(
            &editor,
            p.id,
            &EngagementForm {
                held_on: "2026-02-10".into(),
                kind: "event".into(),
                participants: "14 suppliers, 6 of them small firms; the disability council".into(),
                summary: "Suppliers asked for the data formats and the hosting rules; the \
                          disability council asked for user testing with screen readers, now a \
                          criterion."
                    .into(),
            },
        )
        .await?;
        self.set_procurement_criteria(
            &admin,
            p.id,
            &CriteriaForm {
                criteria: DEMO_PROCUREMENT_CRITERIA.into(),
                price_formula: "lowest".into(),
                ..CriteriaForm::default()
            },
        )
        .await?;
        self.freeze_procurement_criteria(&admin, p.id).await?;
        self.advance_procurement_stage(&admin, p.id, "evaluate-award")
            .await?;
        let mut bids = Vec::new();
        for (bidder, price, received_on) in BIDS {
            bids.push(
                self.add_procurement_bid(
                    &admin,
                    p.id,
                    &BidForm {
                        bidder: bidder.into(),
                        price: price.into(),
                        received_on: received_on.into(),
                        note: String::new(),
                    },
                )
                .await?,
            );
        }
        let admin_id = admin.user.as_ref().map(|u| u.id).unwrap_or_default();
        for user_id in [admin_id, editor_id] {
            self.assign_procurement_evaluator(
                &admin,
                p.id,
                &EvaluatorForm {
                    user_id: user_id.to_string(),
                },
            )
            .await?;
        }
        self.declare_procurement_interests(
            &admin,
            p.id,
            &DeclarationForm {
                conflict: "no".into(),
                declaration: "No links to any bidder.".into(),
            },
        )
        .await?;
        let criteria = [
            "Accessibility and inclusion",
            "Open standards and exit plan",
            "Delivery plan and skills transfer",
        ];
        let mut scores = Vec::new();
        for (bid, row) in bids.iter().zip(ADMIN_SCORES) {
            for (criterion, (score, why)) in criteria.iter().zip(row) {
                scores.push(ScoreForm {
                    bid_id: bid.id.to_string(),
                    criterion: (*criterion).into(),
                    score: score.to_string(),
                    justification: why.into(),
                });
            }
        }
        self.save_procurement_scores(
            &admin,
            p.id,
            &ScoreSheetForm {
                scores,
                submit: true,
            },
        )
        .await?;
        Ok(())
    }
}
