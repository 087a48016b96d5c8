//! Service requests as the API reads them: the city's moderators see every
//! request with its moderation; everyone else sees only visible requests of
//! a published city. Contact details go only to the city's admins, never in
//! lists; the public timeline leaves out moderation lines.

use super::OutcomeView;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{CityRow, RequestContact, RequestEventRow, RequestFilter, ServiceRequestRow};

/// Most requests one API list returns.
const LIST_LIMIT: i64 = 1000;

/// One request with everything the caller may read about it.
#[derive(Debug, Clone)]
pub struct RequestDetail {
    pub request: ServiceRequestRow,
    pub events: Vec<RequestEventRow>,
    pub outcome: Option<OutcomeView>,
    /// Only for the city's admins.
    pub contact: Option<RequestContact>,
    /// The caller moderates this city's requests.
    pub staff: bool,
}

impl Civitas {
    /// A city by id that the visitor may read: published, or their own.
    pub async fn visible_city(&self, visitor: &Visitor, id: i64) -> Result<CityRow, ServiceError> {
        let city = self.store.city(id).await?.ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::ViewPublishedCity {
                city: CityId(city.id),
                published: city.published,
            },
        )
        .map_err(|_| ServiceError::NotFound)?;
        Ok(city)
    }

    fn moderates(visitor: &Visitor, city: i64) -> bool {
        policy::authorize(&visitor.actor, Action::ModerateParticipation(CityId(city))).is_ok()
    }

    /// The city's requests, newest first: all of them for its moderators,
    /// the visible ones of the last 90 days for anyone else. Never contact
    /// details.
    pub async fn requests_for(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<(Vec<ServiceRequestRow>, bool), ServiceError> {
        let city = self.visible_city(visitor, city).await?;
        if Self::moderates(visitor, city.id) {
            let filter = RequestFilter {
                city_id: city.id,
                include_hidden: true,
                limit: LIST_LIMIT,
                ..RequestFilter::default()
            };
            return Ok((self.store.service_requests(&filter).await?, true));
        }
        let list = self
            .public_service_requests(&city, &super::PublicFilter::default())
            .await?;
        Ok((list, false))
    }

    /// One request: a hidden one exists only for the city's moderators;
    /// contact details only for its admins.
    pub async fn request_for(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<RequestDetail, ServiceError> {
        let request = self
            .store
            .service_request(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = self.visible_city(visitor, request.city_id).await?;
        let staff = Self::moderates(visitor, city.id);
        if request.hidden && !staff {
            return Err(ServiceError::NotFound);
        }
        let mut events = self.store.request_events(id).await?;
        if !staff {
            events.retain(|e| !matches!(e.kind.as_str(), "hidden" | "shown"));
        }
        let contact =
            if policy::authorize(&visitor.actor, Action::ViewResidentContact(CityId(city.id)))
                .is_ok()
            {
                Some(self.store.request_contact(id).await?.unwrap_or_default())
            } else {
                None
            };
        let outcome = self.request_outcome(&request).await?;
        Ok(RequestDetail {
            request,
            events,
            outcome,
            contact,
            staff,
        })
    }
}
