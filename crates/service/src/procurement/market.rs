//! Inform the market: the prior-information notice (public and accessible
//! once published, for a published city) and the record of market
//! engagement. Once the criteria are frozen they are published with it, and
//! after award the result is announced on it.

use super::ENGAGEMENT_KINDS;
use crate::error::Checks;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_procurement::CriteriaSet;
use civitas_store::{EngagementFields, EngagementRow, ProcurementRow, RequirementRow};
use serde::Serialize;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct NoticeForm {
    pub notice: String,
    pub questions_deadline: String,
    pub submission_deadline: String,
    /// `yes` to make the notice public.
    pub published: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct EngagementForm {
    pub held_on: String,
    pub kind: String,
    pub participants: String,
    pub summary: String,
}

/// What anyone may read about a procurement whose notice is published.
#[derive(Debug, Clone, Serialize)]
pub struct PublicNotice {
    pub id: i64,
    pub city_slug: String,
    pub city_name: String,
    pub title: String,
    pub reference: String,
    pub need: String,
    pub end_users: String,
    pub procedure: String,
    pub payment_approach: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    pub notice: String,
    pub questions_deadline: Option<String>,
    pub submission_deadline: Option<String>,
    pub stage: String,
    pub outcomes: Vec<civitas_store::ProcurementOutcome>,
    pub requirements: Vec<RequirementRow>,
    pub engagements: Vec<EngagementRow>,
    /// Published once frozen, with the price formula.
    pub criteria: Option<CriteriaSet>,
    pub price_formula_description: Option<String>,
    /// After award: the winner and every admitted bid's total.
    pub award: Option<PublicAward>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicAward {
    pub bidder: String,
    pub awarded_at: i64,
    pub note: String,
    /// (rank, bidder, total) of the admitted bids.
    pub ranking: Vec<(u32, String, f64)>,
}

fn optional_date(field: &'static str, raw: &str) -> Result<Option<String>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        raw => crate::strategy::calendar_date(field, raw).map(Some),
    }
}

impl Civitas {
    /// Writes the prior-information notice, and publishes or withdraws it.
    pub async fn save_procurement_notice(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &NoticeForm,
    ) -> Result<ProcurementRow, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::EditCityData)
            .await?;
        let mut checks = Checks::default();
        let notice = checks.take(validation::optional_text("notice", &form.notice, 20_000));
        let questions = checks.take(optional_date(
            "questions_deadline",
            &form.questions_deadline,
        ));
        let submission = checks.take(optional_date(
            "submission_deadline",
            &form.submission_deadline,
        ));
        if let (Some(Some(q)), Some(Some(s))) = (&questions, &submission)
            && s < q
        {
            checks.push(FieldError {
                field: "submission_deadline",
                problem: Problem::Required,
            });
        }
        let published = matches!(form.published.trim(), "yes" | "true" | "on" | "1");
        if published && notice.as_deref().is_some_and(str::is_empty) {
            checks.push(FieldError {
                field: "notice",
                problem: Problem::Required,
            });
        }
        checks.finish()?;
        let (Some(notice), Some(questions), Some(submission)) = (notice, questions, submission)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let mut fields = row.fields.clone();
        fields.notice = notice;
        fields.questions_deadline = questions;
        fields.submission_deadline = submission;
        fields.notice_published = published;
        Ok(self
            .store
            .update_procurement(&self.change_by(visitor), id, "save-notice", &fields, None)
            .await?)
    }

    /// Records one market-engagement activity.
    pub async fn add_procurement_engagement(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &EngagementForm,
    ) -> Result<EngagementRow, ServiceError> {
        self.procurement_for(visitor, id, Action::EditCityData)
            .await?;
        let mut checks = Checks::default();
        let held_on = checks.take(crate::strategy::calendar_date("held_on", &form.held_on));
        let kind = form.kind.trim();
        if !ENGAGEMENT_KINDS.contains(&kind) {
            checks.push(FieldError {
                field: "kind",
                problem: Problem::Required,
            });
        }
        let participants = checks.take(validation::optional_text(
            "participants",
            &form.participants,
            2000,
        ));
        let summary = checks.take(validation::required_text("summary", &form.summary, 8000));
        checks.finish()?;
        let (Some(held_on), Some(participants), Some(summary)) = (held_on, participants, summary)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        Ok(self
            .store
            .add_engagement(
                &self.change_by(visitor),
                id,
                &EngagementFields {
                    held_on,
                    kind: kind.to_string(),
                    participants,
                    summary,
                },
            )
            .await?)
    }

    /// The published notices of a published city, for anyone.
    pub async fn published_procurement_notices(
        &self,
        visitor: &Visitor,
        city_slug: &str,
    ) -> Result<Vec<PublicNotice>, ServiceError> {
        let city = self
            .store
            .city_by_slug(city_slug)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.published_notices_of(visitor, city).await
    }

    /// The same, by the city's id (the API's way to name a city).
    pub async fn published_procurement_notices_of_city(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<PublicNotice>, ServiceError> {
        let city = self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        self.published_notices_of(visitor, city).await
    }

    async fn published_notices_of(
        &self,
        visitor: &Visitor,
        city: civitas_store::CityRow,
    ) -> Result<Vec<PublicNotice>, ServiceError> {
        policy::authorize(
            &visitor.actor,
            Action::ViewPublishedCity {
                city: CityId(city.id),
                published: city.published,
            },
        )
        .map_err(|_| ServiceError::NotFound)?;
        let mut notices = Vec::new();
        for row in self.store.procurements(city.id).await? {
            if row.fields.notice_published {
                notices.push(self.public_notice(&city, row).await?);
            }
        }
        Ok(notices)
    }

    /// One published notice, for anyone; unpublished ones do not exist here.
    pub async fn published_procurement_notice(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<PublicNotice, ServiceError> {
        let row = self
            .store
            .procurement(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = self
            .store
            .city(row.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::ViewPublishedCity {
                city: CityId(city.id),
                published: city.published,
            },
        )
        .map_err(|_| ServiceError::NotFound)?;
        if !row.fields.notice_published {
            return Err(ServiceError::NotFound);
        }
        self.public_notice(&city, row).await
    }

    async fn public_notice(
        &self,
        city: &civitas_store::CityRow,
        row: ProcurementRow,
    ) -> Result<PublicNotice, ServiceError> {
        let frozen = row.fields.criteria_frozen_at.is_some();
        let criteria = if frozen {
            super::evaluation::stored_criteria(&row)?
        } else {
            None
        };
        let award = match (row.fields.awarded_bid_id, row.fields.awarded_at) {
            (Some(bid_id), Some(at)) => {
                let result = self.stored_result(&row).await?;
                let bids = self.store.bids(row.id).await?;
                let bidder = bids
                    .iter()
                    .find(|b| b.id == bid_id)
                    .map(|b| b.fields.bidder.clone())
                    .unwrap_or_default();
                Some(PublicAward {
                    bidder,
                    awarded_at: at,
                    note: row.fields.award_note.clone(),
                    ranking: result
                        .map(|r| {
                            r.evaluation
                                .ranking
                                .iter()
                                .filter_map(|b| Some((b.rank?, b.bidder.clone(), b.total?)))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            }
            _ => None,
        };
        let f = row.fields.clone();
        Ok(PublicNotice {
            id: row.id,
            city_slug: city.slug.clone(),
            city_name: city.name.clone(),
            price_formula_description: frozen
                .then(|| super::evaluation::stored_formula(&row).map(|p| p.describe()))
                .transpose()?,
            criteria,
            requirements: self.store.requirements(row.id).await?,
            engagements: self.store.engagements(row.id).await?,
            award,
            title: f.title,
            reference: f.reference,
            need: f.need,
            end_users: f.end_users,
            procedure: f.procedure,
            payment_approach: f.payment_approach,
            budget: f.budget,
            currency: f.currency,
            notice: f.notice,
            questions_deadline: f.questions_deadline,
            submission_deadline: f.submission_deadline,
            stage: f.stage,
            outcomes: f.outcomes,
        })
    }
}
