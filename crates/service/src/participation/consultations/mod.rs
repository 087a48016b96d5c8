//! Priority consultations: the city asks a question with options
//! ("What should our digital roadmap do first?"), residents vote for one or
//! rank them without an account ([`ballots`]), optionally with a proposal or
//! comment and voluntary demographics kept apart from the answer; staff enter
//! paper, phone and in-person answers flagged by channel; the city reads the
//! results overall and by group, and who took part against its population,
//! with cells of fewer than [`K`] people suppressed ([`results`]).
//!
//! A consultation is a `draft` (only the team sees it), then `open`
//! (published: residents answer between its opening and closing dates),
//! then `closed` (by the team, or by its closing date passing); the public
//! sees the overall result once it is closed.

mod ballots;
mod demo;
mod results;

pub use ballots::{
    BallotForm, BallotOutcome, BallotReceipt, BallotSubmitter, DuplicateKind, PER_ADDRESS,
    PER_CONSULTATION,
};
pub use results::{
    BORDA_NOTE, Cell, ConsultationResults, GroupRow, GroupTable, OptionResult, Representation,
    RepresentationRow, RepresentationTable, Suppressed,
};

use super::time::{iso8601, parse_iso8601};
use crate::error::Checks;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{
    CityRow, CommentRow, ConsultationOptionRow, ConsultationRow, DistrictRow, NewConsultation,
    NewOption, PopulationShareRow,
};

/// Cells of fewer than this many participants are never shown.
pub const K: usize = 5;
/// Age bands residents may choose from.
pub const AGE_BANDS: [&str; 6] = ["under-18", "18-29", "30-44", "45-64", "65-74", "75-plus"];
pub const GENDERS: [&str; 3] = ["woman", "man", "another"];
pub const DISABILITY: [&str; 2] = ["yes", "no"];
/// How an answer reached the city: the web form, or staff on a resident's behalf.
pub const CHANNELS: [&str; 4] = ["web", "paper", "phone", "in-person"];
pub const ASSISTED_CHANNELS: [&str; 3] = ["paper", "phone", "in-person"];
pub const MAX_OPTIONS: usize = 12;
pub const MAX_COMMENT: usize = 2000;

/// Where a consultation stands for residents right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Draft,
    /// Published, before its opening date.
    Upcoming,
    Open,
    /// Closed by the team, or past its closing date.
    Closed,
}

impl Phase {
    pub fn of(c: &ConsultationRow, now: i64) -> Phase {
        match c.status.as_str() {
            "draft" => Phase::Draft,
            "closed" => Phase::Closed,
            _ if now > c.closes_at => Phase::Closed,
            _ if now < c.opens_at => Phase::Upcoming,
            _ => Phase::Open,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::Upcoming => "upcoming",
            Phase::Open => "open",
            Phase::Closed => "closed",
        }
    }
}

/// A consultation with its options, as a page shows it.
#[derive(Debug, Clone)]
pub struct ConsultationView {
    pub city: CityRow,
    pub consultation: ConsultationRow,
    pub options: Vec<ConsultationOptionRow>,
    pub phase: Phase,
    pub districts: Vec<DistrictRow>,
}

impl ConsultationView {
    /// The opening and closing days as `YYYY-MM-DD`.
    pub fn opens_on(&self) -> String {
        day(self.consultation.opens_at)
    }
    pub fn closes_on(&self) -> String {
        day(self.consultation.closes_at)
    }
}

/// A day as `YYYY-MM-DD` (UTC).
pub fn day(unix_seconds: i64) -> String {
    iso8601(unix_seconds)[..10].to_string()
}

/// The city's form for a consultation, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ConsultationForm {
    pub question: String,
    pub description: String,
    /// `vote` or `rank`.
    pub mode: String,
    /// `YYYY-MM-DD`.
    pub opens_on: String,
    pub closes_on: String,
    /// One option per line; an explanation may follow a vertical bar `|`.
    pub options: String,
}

impl ConsultationForm {
    pub fn from_row(c: &ConsultationRow, options: &[ConsultationOptionRow]) -> ConsultationForm {
        ConsultationForm {
            question: c.question.clone(),
            description: c.description.clone(),
            mode: c.mode.clone(),
            opens_on: day(c.opens_at),
            closes_on: day(c.closes_at),
            options: options
                .iter()
                .map(|o| {
                    if o.description.is_empty() {
                        o.label.clone()
                    } else {
                        format!("{} | {}", o.label, o.description)
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Checks every field at once.
    fn check(&self, city_id: i64) -> Result<NewConsultation, ServiceError> {
        let mut checks = Checks::default();
        let question = checks.take(validation::required_text("question", &self.question, 300));
        let description = checks.take(validation::optional_text(
            "description",
            &self.description,
            4000,
        ));
        let mode = self.mode.trim();
        if !matches!(mode, "vote" | "rank") {
            checks.push(field("mode", Problem::Required));
        }
        let opens = parse_day(&self.opens_on);
        if opens.is_none() {
            checks.push(field("opens_on", Problem::Required));
        }
        let closes = parse_day(&self.closes_on).map(|d| d + 86_399);
        match (opens, closes) {
            (_, None) => checks.push(field("closes_on", Problem::Required)),
            (Some(o), Some(c)) if c < o => checks.push(field("closes_on", Problem::Required)),
            _ => {}
        }
        let mut options: Vec<NewOption> = Vec::new();
        let mut options_ok = true;
        for line in self
            .options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let (label, description) = match line.split_once('|') {
                Some((l, d)) => (l.trim(), d.trim()),
                None => (line, ""),
            };
            if label.is_empty()
                || label.chars().count() > 200
                || description.chars().count() > 500
                || options
                    .iter()
                    .any(|o| o.label.to_lowercase() == label.to_lowercase())
            {
                options_ok = false;
            }
            options.push(NewOption {
                label: label.to_string(),
                description: description.to_string(),
            });
        }
        if !options_ok || options.len() < 2 || options.len() > MAX_OPTIONS {
            checks.push(field("options", Problem::Required));
        }
        checks.finish()?;
        let (Some(question), Some(description), Some(opens_at), Some(closes_at)) =
            (question, description, opens, closes)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        Ok(NewConsultation {
            city_id,
            question,
            description,
            mode: mode.to_string(),
            opens_at,
            closes_at,
            options,
        })
    }
}

fn parse_day(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    (raw.len() == 10).then(|| parse_iso8601(raw)).flatten()
}

pub(crate) fn field(field: &'static str, problem: Problem) -> FieldError {
    FieldError { field, problem }
}

/// A moderator's decision on a proposal or comment.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CommentModeration {
    /// `hide` or `show`.
    pub action: String,
    pub reason: String,
}

/// The population profile form: a share per group, in percent, and the source.
#[derive(Debug, Clone, Default)]
pub struct ProfileForm {
    /// (dimension, group, typed share)
    pub shares: Vec<(String, String, String)>,
    pub source: String,
}

/// The groups of each dimension the profile covers (districts come from the city).
pub fn profile_groups() -> [(&'static str, &'static [&'static str]); 3] {
    [
        ("age_band", &AGE_BANDS),
        ("gender", &GENDERS),
        ("disability", &DISABILITY),
    ]
}

/// Everything the team's page of one consultation shows.
#[derive(Debug, Clone)]
pub struct TeamConsultation {
    pub view: ConsultationView,
    pub ballots: usize,
    pub comments: Vec<CommentRow>,
}

impl Civitas {
    /// A consultation as residents see it. Drafts exist only for the city's team.
    pub async fn consultation_view(
        &self,
        visitor: &Visitor,
        city: &CityRow,
        id: i64,
    ) -> Result<ConsultationView, ServiceError> {
        let consultation = self
            .store
            .consultation(id)
            .await?
            .filter(|c| c.city_id == city.id)
            .ok_or(ServiceError::NotFound)?;
        let phase = Phase::of(&consultation, self.now());
        if phase == Phase::Draft
            && policy::authorize(&visitor.actor, Action::ManageConsultations(CityId(city.id)))
                .is_err()
        {
            return Err(ServiceError::NotFound);
        }
        self.consultation_view_of(city.clone(), consultation).await
    }

    async fn consultation_view_of(
        &self,
        city: CityRow,
        consultation: ConsultationRow,
    ) -> Result<ConsultationView, ServiceError> {
        let options = self.store.consultation_options(consultation.id).await?;
        let districts = self.store.districts(city.id).await?;
        Ok(ConsultationView {
            phase: Phase::of(&consultation, self.now()),
            city,
            consultation,
            options,
            districts,
        })
    }

    /// The consultation and its city for a team member allowed `action`.
    async fn team_consultation(
        &self,
        visitor: &Visitor,
        id: i64,
        action: fn(CityId) -> Action<'static>,
    ) -> Result<ConsultationView, ServiceError> {
        let consultation = self
            .store
            .consultation(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(&visitor.actor, action(CityId(consultation.city_id)))?;
        let city = self
            .store
            .city(consultation.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.consultation_view_of(city, consultation).await
    }

    /// Published consultations of a city, newest first, with their phase.
    pub async fn public_consultations(
        &self,
        city: &CityRow,
    ) -> Result<Vec<(ConsultationRow, Phase)>, ServiceError> {
        let mut list = self.consultations_with_phase(city.id).await?;
        list.retain(|(_, p)| *p != Phase::Draft);
        Ok(list)
    }

    /// Every consultation of the city, drafts too, for its team.
    pub async fn team_consultations(
        &self,
        visitor: &Visitor,
        city: &CityRow,
    ) -> Result<Vec<(ConsultationRow, Phase)>, ServiceError> {
        policy::authorize(
            &visitor.actor,
            Action::ViewConsultationResults(CityId(city.id)),
        )?;
        self.consultations_with_phase(city.id).await
    }

    async fn consultations_with_phase(
        &self,
        city_id: i64,
    ) -> Result<Vec<(ConsultationRow, Phase)>, ServiceError> {
        let now = self.now();
        Ok(self
            .store
            .consultations(city_id)
            .await?
            .into_iter()
            .map(|c| {
                let phase = Phase::of(&c, now);
                (c, phase)
            })
            .collect())
    }

    /// Whether the visitor may create and edit the city's consultations.
    pub fn may_manage_consultations(&self, visitor: &Visitor, city_id: i64) -> bool {
        policy::authorize(&visitor.actor, Action::ManageConsultations(CityId(city_id))).is_ok()
    }

    /// Whether the visitor may enter answers on residents' behalf.
    pub fn may_record_assisted(&self, visitor: &Visitor, city_id: i64) -> bool {
        policy::authorize(&visitor.actor, Action::RecordAssistedInput(CityId(city_id))).is_ok()
    }

    /// Whether the visitor may moderate the city's inputs and set what
    /// became of them ("you said, we did").
    pub fn may_moderate_participation(&self, visitor: &Visitor, city_id: i64) -> bool {
        policy::authorize(
            &visitor.actor,
            Action::ModerateParticipation(CityId(city_id)),
        )
        .is_ok()
    }

    /// A new draft consultation.
    pub async fn create_consultation(
        &self,
        visitor: &Visitor,
        city_id: i64,
        form: &ConsultationForm,
    ) -> Result<ConsultationRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageConsultations(CityId(city_id)))?;
        let new = form.check(city_id)?;
        Ok(self
            .store
            .create_consultation(&self.change_by(visitor), &new)
            .await?)
    }

    /// Rewrites a draft (published consultations keep their question and
    /// options: residents have answered them).
    pub async fn update_consultation(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &ConsultationForm,
    ) -> Result<ConsultationRow, ServiceError> {
        let view = self
            .team_consultation(visitor, id, Action::ManageConsultations)
            .await?;
        if view.consultation.status != "draft" {
            return Err(ServiceError::Invalid(vec![field(
                "question",
                Problem::Locked,
            )]));
        }
        let new = form.check(view.city.id)?;
        Ok(self
            .store
            .update_consultation(&self.change_by(visitor), id, &new)
            .await?)
    }

    /// `publish` a draft (residents can answer between its dates) or `close`
    /// an open consultation now.
    pub async fn set_consultation_state(
        &self,
        visitor: &Visitor,
        id: i64,
        action: &str,
    ) -> Result<ConsultationRow, ServiceError> {
        let view = self
            .team_consultation(visitor, id, Action::ManageConsultations)
            .await?;
        let status = match (action, view.consultation.status.as_str()) {
            ("publish", "draft") => "open",
            ("close", "open") => "closed",
            _ => {
                return Err(ServiceError::Invalid(vec![field(
                    "action",
                    Problem::Locked,
                )]));
            }
        };
        Ok(self
            .store
            .set_consultation_status(&self.change_by(visitor), id, status)
            .await?)
    }

    /// The team's page of one consultation: state, ballots so far, proposals
    /// and comments to moderate.
    pub async fn team_consultation_page(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<TeamConsultation, ServiceError> {
        let view = self
            .team_consultation(visitor, id, Action::ViewConsultationResults)
            .await?;
        let ballots = self.store.ballot_tallies(id).await?.len();
        let comments = if policy::authorize(
            &visitor.actor,
            Action::ModerateParticipation(CityId(view.city.id)),
        )
        .is_ok()
        {
            self.store.consultation_comments(id).await?
        } else {
            Vec::new()
        };
        Ok(TeamConsultation {
            view,
            ballots,
            comments,
        })
    }

    /// The consultation for the team's edit and assisted-entry forms.
    pub async fn consultation_for(
        &self,
        visitor: &Visitor,
        id: i64,
        assisted: bool,
    ) -> Result<ConsultationView, ServiceError> {
        let action = if assisted {
            Action::RecordAssistedInput
        } else {
            Action::ManageConsultations
        };
        self.team_consultation(visitor, id, action).await
    }

    /// Hides a proposal or comment with a reason its author sees, or shows it again.
    pub async fn moderate_comment(
        &self,
        visitor: &Visitor,
        consultation_id: i64,
        comment_id: i64,
        form: &CommentModeration,
    ) -> Result<CommentRow, ServiceError> {
        self.team_consultation(visitor, consultation_id, Action::ModerateParticipation)
            .await?;
        let comment = self
            .store
            .consultation_comment(comment_id)
            .await?
            .filter(|c| c.consultation_id == consultation_id)
            .ok_or(ServiceError::NotFound)?;
        let change = self.change_by(visitor);
        match form.action.as_str() {
            "hide" => {
                let reason = validation::required_text("reason", &form.reason, 500)
                    .map_err(|_| field("reason", Problem::ReasonRequired))?;
                Ok(self
                    .store
                    .set_comment_hidden(&change, comment.id, true, Some(&reason))
                    .await?)
            }
            "show" => Ok(self
                .store
                .set_comment_hidden(&change, comment.id, false, None)
                .await?),
            _ => Err(ServiceError::Invalid(vec![field(
                "action",
                Problem::Required,
            )])),
        }
    }

    /// Proposals and comments anyone may read: never hidden ones, newest first.
    pub async fn public_comments(
        &self,
        view: &ConsultationView,
        limit: usize,
    ) -> Result<Vec<CommentRow>, ServiceError> {
        let mut comments: Vec<CommentRow> = self
            .store
            .consultation_comments(view.consultation.id)
            .await?
            .into_iter()
            .filter(|c| !c.hidden)
            .collect();
        comments.reverse();
        comments.truncate(limit);
        Ok(comments)
    }

    /// The city's population profile (age, gender, disability shares with
    /// their source), for its team.
    pub async fn population_profile(
        &self,
        visitor: &Visitor,
        city_id: i64,
    ) -> Result<Vec<PopulationShareRow>, ServiceError> {
        policy::authorize(
            &visitor.actor,
            Action::ViewConsultationResults(CityId(city_id)),
        )?;
        Ok(self.store.population_profile(city_id).await?)
    }

    /// Replaces the population profile. Each dimension's shares, when given,
    /// must add up to 100 % (± 1 for rounding); a source is required.
    pub async fn set_population_profile(
        &self,
        visitor: &Visitor,
        city_id: i64,
        form: &ProfileForm,
    ) -> Result<(), ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageConsultations(CityId(city_id)))?;
        let mut checks = Checks::default();
        let source = checks.take(validation::required_text("source", &form.source, 300));
        let mut shares = Vec::new();
        for (dimension, groups) in profile_groups() {
            let mut total = 0.0;
            let mut given = 0;
            let mut ok = true;
            for group in groups {
                let typed = form
                    .shares
                    .iter()
                    .find(|(d, g, _)| d == dimension && g == group)
                    .map(|(_, _, v)| v.as_str())
                    .unwrap_or_default();
                match validation::optional_number(dimension, typed) {
                    Ok(Some(v)) if (0.0..=100.0).contains(&v) => {
                        total += v;
                        given += 1;
                        shares.push((dimension.to_string(), group.to_string(), v));
                    }
                    Ok(None) => {}
                    _ => ok = false,
                }
            }
            if !ok || (given > 0 && (total - 100.0).abs() > 1.0) {
                checks.push(field(dimension, Problem::NotANumber));
            }
        }
        checks.finish()?;
        let source = source.unwrap_or_default();
        Ok(self
            .store
            .set_population_profile(&self.change_by(visitor), city_id, &shares, &source)
            .await?)
    }
}
