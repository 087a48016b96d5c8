//! "You said, we did" in the demo city: two more residents' requests, and
//! what became of four requests, three of them through the demo roadmap's
//! actions, each with a dated timeline.

use crate::secrets::token_hash;
use crate::{Civitas, ServiceError};
use civitas_store::{NewServiceRequest, OutcomeUpdate, RequestContact, RequestFilter};

/// (service, description, address, hours ago)
const MORE_REQUESTS: &[(&str, &str, &str, i64)] = &[
    (
        "digital-service",
        "There is no public Wi-Fi in Eastgate; I send my job applications with my phone's data.",
        "Eastgate",
        400,
    ),
    (
        "digital-service",
        "I would like help to learn the city's online forms; I have never used a computer.",
        "Online",
        500,
    ),
];

/// (start of the request's description, roadmap action title, decision,
/// timeline: (hours ago, status, note))
type DemoOutcome = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [(i64, &'static str, Option<&'static str>)],
);
const OUTCOMES: &[DemoOutcome] = &[
    (
        "There is no public Wi-Fi in Eastgate",
        Some("Fibre and public Wi-Fi for underserved districts"),
        Some(
            "Public Wi-Fi at the Eastgate library and community centre, in the first phase of the roll-out.",
        ),
        &[
            (390, "received", None),
            (
                300,
                "under-consideration",
                Some(
                    "Compared with the district's household survey: Eastgate has the lowest home Internet access.",
                ),
            ),
            (200, "planned", None),
            (48, "in-progress", Some("Works started at the library.")),
        ],
    ),
    (
        "I would like help to learn",
        Some("Digital skills hubs in public libraries"),
        Some(
            "Weekly help sessions in the library skills hubs, with volunteers who speak the city's main languages.",
        ),
        &[(480, "received", None), (240, "planned", None)],
    ),
    (
        "The bin collection calendar",
        Some("One-stop portal for resident services"),
        Some(
            "The new resident portal publishes the collection calendar in every language the city enables.",
        ),
        &[(4, "under-consideration", None), (2, "planned", None)],
    ),
    (
        "The lamp outside the library",
        None,
        Some("Lamp replaced; streetlights are checked every month from now on."),
        &[
            (70, "in-progress", None),
            (68, "done", Some("Lamp replaced on Tuesday.")),
        ],
    ),
];

impl Civitas {
    pub(crate) async fn load_demo_outcomes(&self, city_id: i64) -> Result<(), ServiceError> {
        let change = self.change_by_system("demo loader");
        let services = self.store.services(city_id).await?;
        for (code, description, address, hours) in MORE_REQUESTS {
            let mut at = change.clone();
            at.at -= hours * 3600;
            let service = services
                .iter()
                .find(|s| s.code == *code)
                .ok_or(ServiceError::Internal("demo service"))?;
            let new = NewServiceRequest {
                city_id,
                service_id: service.id,
                description: (*description).into(),
                address: Some((*address).into()),
                lat: None,
                long: None,
                contact: RequestContact::default(),
                channel: "web".into(),
                client_app_id: None,
                fingerprint: format!("demo-{hours}"),
                receipt_hash: token_hash(&super::new_receipt_code()),
            };
            self.store.create_service_request(&at, &new).await?;
        }
        let requests = self
            .store
            .service_requests(&RequestFilter {
                city_id,
                include_hidden: true,
                limit: 100,
                ..RequestFilter::default()
            })
            .await?;
        let actions = self.store.roadmap_actions(city_id).await?;
        for (start, action, decision, timeline) in OUTCOMES {
            let request = requests
                .iter()
                .find(|r| r.description.starts_with(start))
                .ok_or(ServiceError::Internal("demo request"))?;
            let action = match action {
                Some(title) => Some(
                    actions
                        .iter()
                        .find(|a| a.title == *title)
                        .ok_or(ServiceError::Internal("demo roadmap action"))?
                        .id,
                ),
                None => None,
            };
            for (hours, status, note) in *timeline {
                let mut at = change.clone();
                at.at -= hours * 3600;
                let update = OutcomeUpdate {
                    city_id,
                    input_kind: "request".into(),
                    input_id: request.id,
                    status: (*status).into(),
                    roadmap_action_id: action,
                    decision: decision.map(str::to_string),
                    note: note.map(str::to_string),
                };
                self.store.set_outcome(&at, &update).await?;
            }
        }
        Ok(())
    }
}
