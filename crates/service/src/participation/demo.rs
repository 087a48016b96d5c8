//! The demo city's services and a few requests at different stages, so the
//! Open311 API and the moderation queue show something on a first look.

use crate::secrets::token_hash;
use crate::{Civitas, ServiceError};
use civitas_store::{NewService, NewServiceRequest, RequestContact};

/// (code, name, description, keywords, group, agency)
const SERVICES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "streetlight",
        "Streetlight not working",
        "A street lamp that is out, flickering or damaged.",
        "lamp,light,dark",
        "Streets",
        "Public Works",
    ),
    (
        "pothole",
        "Pothole or damaged road",
        "A hole or crack in a road, cycle lane or pavement.",
        "road,pavement,hole",
        "Streets",
        "Public Works",
    ),
    (
        "waste",
        "Missed waste collection",
        "Household waste or recycling that was not collected.",
        "bin,rubbish,recycling",
        "Waste",
        "Sanitation",
    ),
    (
        "accessibility",
        "Barrier to access",
        "A step, blocked ramp or broken lift that stops people using a place or service.",
        "ramp,lift,wheelchair,step",
        "Access",
        "Inclusion Office",
    ),
    (
        "digital-service",
        "Problem with an online service",
        "A city website or app that does not work, is hard to use or is not in your language.",
        "website,app,online,language",
        "Digital services",
        "Digital Transformation Team",
    ),
];

/// (service, description, address, lat/long, status, note, hidden reason, hours ago)
type DemoRequest = (
    &'static str,
    &'static str,
    &'static str,
    Option<(f64, f64)>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    i64,
);
const REQUESTS: &[DemoRequest] = &[
    (
        "streetlight",
        "The lamp outside the library has been out for a week; the path is very dark.",
        "Library Square, Old Town",
        Some((45.4392, 12.3318)),
        "closed",
        Some("Lamp replaced on Tuesday."),
        None,
        72,
    ),
    (
        "accessibility",
        "The lift at Riverside station has been broken since Monday.",
        "Riverside station",
        None,
        "open",
        Some("Reported to the transport operator; repair expected this week."),
        None,
        30,
    ),
    (
        "digital-service",
        "The bin collection calendar is only in English.",
        "Online",
        None,
        "open",
        None,
        None,
        5,
    ),
];

impl Civitas {
    pub(crate) async fn load_demo_participation(&self, city_id: i64) -> Result<(), ServiceError> {
        let change = self.change_by_system("demo loader");
        let mut ids = std::collections::HashMap::new();
        for (code, name, description, keywords, group, agency) in SERVICES {
            let service = NewService {
                city_id,
                code: (*code).into(),
                name: (*name).into(),
                description: (*description).into(),
                keywords: (*keywords).into(),
                group: (*group).into(),
                notice: "We aim to answer within five working days.".into(),
                agency: (*agency).into(),
            };
            let row = self.store.create_service(&change, &service).await?;
            ids.insert(*code, row.id);
        }
        for (code, description, address, place, status, note, hidden, hours) in REQUESTS {
            let mut at = change.clone();
            at.at -= hours * 3600;
            let new = NewServiceRequest {
                city_id,
                service_id: ids
                    .get(code)
                    .copied()
                    .ok_or(ServiceError::Internal("demo service"))?,
                description: (*description).into(),
                address: Some((*address).into()),
                lat: place.map(|p| p.0),
                long: place.map(|p| p.1),
                contact: RequestContact::default(),
                channel: "web".into(),
                client_app_id: None,
                fingerprint: format!("demo-{code}"),
                receipt_hash: token_hash(&super::new_receipt_code()),
            };
            let request = self.store.create_service_request(&at, &new).await?;
            if note.is_some() || *status != "open" {
                at.at += 3600;
                self.store
                    .set_request_status(&at, request.id, status, *note)
                    .await?;
            }
            if let Some(reason) = hidden {
                self.store
                    .set_request_hidden(&at, request.id, true, Some(reason))
                    .await?;
            }
        }
        self.load_demo_outcomes(city_id).await?;
        Ok(())
    }
}
