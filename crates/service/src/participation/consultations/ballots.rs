//! Residents' answers: sent without an account (rate limits per address and
//! per consultation, a honeypot, duplicate detection that asks instead of
//! refusing), acknowledged with a receipt code only once stored; seen,
//! changed while the consultation is open, downloaded and erased with that
//! code, demographics erasable on their own. Staff enter paper, phone and
//! in-person answers under their own name, flagged by channel.

use super::super::limits::SubmissionLimits;
use super::super::{new_receipt_code, normalise_receipt, time::iso8601};
use super::{
    AGE_BANDS, ASSISTED_CHANNELS, ConsultationView, DISABILITY, GENDERS, MAX_COMMENT, Phase, field,
};
use crate::error::Checks;
use crate::secrets::{new_secret, token_hash};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, Problem};
use civitas_store::{BallotChoice, BallotRow, CommentRow, Demographics, NewBallot, NewComment};
use sha2::{Digest, Sha256};

/// Answers from one address to one consultation within ten minutes (a
/// household, a library's computers).
pub const PER_ADDRESS: usize = 10;
/// Answers to one consultation from everyone within ten minutes: far above
/// any real consultation's pace, a ceiling against a flood.
pub const PER_CONSULTATION: usize = 6000;

/// An answer as the form sends it, before checking.
#[derive(Debug, Clone, Default)]
pub struct BallotForm {
    /// The option voted for (vote mode): its id.
    pub choice: String,
    /// (option id, typed rank) in rank mode.
    pub ranks: Vec<(i64, String)>,
    /// `proposal` or `comment`.
    pub comment_kind: String,
    pub comment: String,
    pub age_band: String,
    pub gender: String,
    /// A district id of the city.
    pub district: String,
    pub disability: String,
    /// The honeypot: hidden from people, filled in by robots.
    pub website: String,
    /// "Send mine anyway" after a possible duplicate.
    pub confirm_duplicate: String,
    /// Assisted entry: `paper`, `phone` or `in-person`.
    pub channel: String,
}

impl BallotForm {
    /// Reads a form's fields; ranks come as `rank-{option id}`.
    pub fn from_pairs(pairs: &[(String, String)]) -> BallotForm {
        let mut form = BallotForm::default();
        for (name, value) in pairs {
            let slot = match name.as_str() {
                "choice" => &mut form.choice,
                "comment_kind" => &mut form.comment_kind,
                "comment" => &mut form.comment,
                "age_band" => &mut form.age_band,
                "gender" => &mut form.gender,
                "district" => &mut form.district,
                "disability" => &mut form.disability,
                "website" => &mut form.website,
                "confirm_duplicate" => &mut form.confirm_duplicate,
                "channel" => &mut form.channel,
                other => {
                    if let Some(id) = other
                        .strip_prefix("rank-")
                        .and_then(|i| i.parse::<i64>().ok())
                    {
                        form.ranks.push((id, value.clone()));
                    }
                    continue;
                }
            };
            *slot = value.clone();
        }
        form
    }

    /// What was sent, back in the form's shape (for the change form).
    pub fn from_sent(
        mode: &str,
        choices: &[BallotChoice],
        demographics: Option<&Demographics>,
        comment: Option<&CommentRow>,
    ) -> BallotForm {
        let d = demographics.cloned().unwrap_or_default();
        BallotForm {
            choice: if mode == "vote" {
                choices
                    .first()
                    .map(|c| c.option_id.to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            },
            ranks: if mode == "rank" {
                choices
                    .iter()
                    .map(|c| (c.option_id, c.rank.to_string()))
                    .collect()
            } else {
                Vec::new()
            },
            comment_kind: comment.map(|c| c.kind.clone()).unwrap_or_default(),
            comment: comment.map(|c| c.body.clone()).unwrap_or_default(),
            age_band: d.age_band.unwrap_or_default(),
            gender: d.gender.unwrap_or_default(),
            district: d.district_id.map(|i| i.to_string()).unwrap_or_default(),
            disability: d.disability.unwrap_or_default(),
            ..BallotForm::default()
        }
    }

    /// The rank typed for an option ("" when none).
    pub fn rank_of(&self, option_id: &i64) -> &str {
        self.ranks
            .iter()
            .find(|(id, _)| id == option_id)
            .map_or("", |(_, r)| r.as_str())
    }
}

/// Who is answering, as far as abuse resistance cares.
pub struct BallotSubmitter<'a> {
    /// The client's IP address.
    pub address: &'a str,
    /// The random token of this browser's ballot cookie, if it has one.
    pub device_token: Option<&'a str>,
}

/// Why an answer was not counted a second time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateKind {
    /// This browser already sent an answer to this consultation.
    SameBrowser,
    /// The same answer came from the same connection a few minutes ago.
    SameBallot,
}

#[derive(Debug)]
pub enum BallotOutcome {
    /// Stored (committed): the receipt code is shown once, only its hash is kept.
    Accepted {
        ballot: BallotRow,
        receipt: String,
        /// For the browser's ballot cookie.
        device_token: String,
    },
    /// Nothing stored; the resident is told and may send theirs anyway.
    Duplicate(DuplicateKind),
}

/// What the author of an answer sees through the receipt code.
#[derive(Debug, Clone)]
pub struct BallotReceipt {
    pub view: ConsultationView,
    pub ballot: BallotRow,
    pub choices: Vec<BallotChoice>,
    pub demographics: Option<Demographics>,
    pub comment: Option<CommentRow>,
}

impl BallotReceipt {
    /// The options chosen, in rank order: (rank, label).
    pub fn chosen(&self) -> Vec<(i64, String)> {
        self.choices
            .iter()
            .filter_map(|c| {
                self.view
                    .options
                    .iter()
                    .find(|o| o.id == c.option_id)
                    .map(|o| (c.rank, o.label.clone()))
            })
            .collect()
    }

    /// The district's name, if one was given.
    pub fn district_name(&self) -> Option<String> {
        let id = self.demographics.as_ref()?.district_id?;
        self.view
            .districts
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.clone())
    }
}

/// A checked answer.
struct Checked {
    choices: Vec<BallotChoice>,
    demographics: Demographics,
    comment: Option<NewComment>,
    channel: Option<String>,
}

fn one_of(checks: &mut Checks, name: &'static str, raw: &str, allowed: &[&str]) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if allowed.contains(&raw) {
        Some(raw.to_string())
    } else {
        checks.push(field(name, Problem::Required));
        None
    }
}

fn check(
    view: &ConsultationView,
    form: &BallotForm,
    assisted: bool,
) -> Result<Checked, ServiceError> {
    let mut checks = Checks::default();
    if !form.website.trim().is_empty() {
        checks.push(field("website", Problem::TooLong));
    }
    let options = &view.options;
    let mut choices = Vec::new();
    if view.consultation.mode == "vote" {
        match form
            .choice
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| options.iter().any(|o| o.id == *id))
        {
            Some(id) => choices.push(BallotChoice {
                option_id: id,
                rank: 1,
            }),
            None => checks.push(field("choice", Problem::Required)),
        }
    } else {
        let mut typed: Vec<(i64, i64)> = Vec::new();
        let mut ok = true;
        for o in options {
            let raw = form.rank_of(&o.id).trim();
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<i64>() {
                Ok(r) if r >= 1 && r <= options.len() as i64 => typed.push((r, o.id)),
                _ => ok = false,
            }
        }
        typed.sort();
        let distinct = typed.windows(2).all(|w| w[0].0 != w[1].0);
        if !ok || !distinct || typed.is_empty() {
            checks.push(field("choice", Problem::Required));
        }
        // Ranks 1, 3 become 1, 2: only the order counts.
        choices = typed
            .iter()
            .enumerate()
            .map(|(i, (_, id))| BallotChoice {
                option_id: *id,
                rank: i as i64 + 1,
            })
            .collect();
    }
    let comment = checks.take(validation::optional_text(
        "comment",
        &form.comment,
        MAX_COMMENT,
    ));
    let kind = match form.comment_kind.trim() {
        "proposal" => "proposal",
        _ => "comment",
    };
    let age_band = one_of(&mut checks, "age_band", &form.age_band, &AGE_BANDS);
    let gender = one_of(&mut checks, "gender", &form.gender, &GENDERS);
    let disability = one_of(&mut checks, "disability", &form.disability, &DISABILITY);
    let district_id = match form.district.trim() {
        "" => None,
        raw => match raw
            .parse::<i64>()
            .ok()
            .filter(|id| view.districts.iter().any(|d| d.id == *id))
        {
            Some(id) => Some(id),
            None => {
                checks.push(field("district", Problem::Required));
                None
            }
        },
    };
    let channel = if assisted {
        let channel = one_of(&mut checks, "channel", &form.channel, &ASSISTED_CHANNELS);
        if channel.is_none() && form.channel.trim().is_empty() {
            checks.push(field("channel", Problem::Required));
        }
        channel
    } else {
        None
    };
    checks.finish()?;
    Ok(Checked {
        choices,
        demographics: Demographics {
            age_band,
            gender,
            district_id,
            disability,
        },
        comment: comment.filter(|c| !c.is_empty()).map(|body| NewComment {
            kind: kind.to_string(),
            body,
        }),
        channel,
    })
}

/// The same answer to the same consultation from the same connection.
fn ballot_fingerprint(consultation_id: i64, address: &str, choices: &[BallotChoice]) -> String {
    let mut text = format!("{consultation_id}|{address}");
    for c in choices {
        text.push_str(&format!("|{}:{}", c.option_id, c.rank));
    }
    format!("ballot:{}", hex::encode(Sha256::digest(text.as_bytes())))
}

fn not_open() -> ServiceError {
    ServiceError::Invalid(vec![field("choice", Problem::Locked)])
}

/// Takes a slot under each key or none; answers the longest wait on refusal.
fn admit_all(limits: &SubmissionLimits, keys: &[(String, usize)], now: i64) -> Result<(), u64> {
    for (i, (key, limit)) in keys.iter().enumerate() {
        if let Err(wait) = limits.admit(key, *limit, now) {
            for (taken, _) in &keys[..i] {
                limits.release(taken);
            }
            return Err(wait);
        }
    }
    Ok(())
}

impl Civitas {
    /// Checks and stores a resident's answer sent on the web. The receipt is
    /// returned only after the transaction has committed.
    pub async fn submit_ballot(
        &self,
        view: &ConsultationView,
        form: &BallotForm,
        submitter: BallotSubmitter<'_>,
    ) -> Result<BallotOutcome, ServiceError> {
        if view.phase != Phase::Open {
            return Err(not_open());
        }
        let id = view.consultation.id;
        let keys = [
            (
                format!("consultation:{id}:address:{}", submitter.address),
                PER_ADDRESS,
            ),
            (format!("consultation:{id}"), PER_CONSULTATION),
        ];
        let now = self.now();
        admit_all(&self.participation_limits, &keys, now).map_err(ServiceError::Throttled)?;
        let outcome = self.store_ballot(view, form, &submitter, now).await;
        if !matches!(outcome, Ok(BallotOutcome::Accepted { .. })) {
            for (key, _) in &keys {
                self.participation_limits.release(key);
            }
        }
        outcome
    }

    async fn store_ballot(
        &self,
        view: &ConsultationView,
        form: &BallotForm,
        submitter: &BallotSubmitter<'_>,
        now: i64,
    ) -> Result<BallotOutcome, ServiceError> {
        let checked = check(view, form, false)?;
        let id = view.consultation.id;
        let device_token = submitter
            .device_token
            .filter(|t| t.len() >= 32 && t.len() <= 128)
            .map(str::to_string);
        let confirmed = !form.confirm_duplicate.trim().is_empty();
        if !confirmed
            && let Some(token) = &device_token
            && self
                .store
                .ballot_by_device(id, &token_hash(token))
                .await?
                .is_some()
        {
            return Ok(BallotOutcome::Duplicate(DuplicateKind::SameBrowser));
        }
        let fingerprint = ballot_fingerprint(id, submitter.address, &checked.choices);
        let fresh = self
            .participation_limits
            .admit(&fingerprint, 1, now)
            .is_ok();
        if !confirmed && !fresh {
            return Ok(BallotOutcome::Duplicate(DuplicateKind::SameBallot));
        }
        let device_token = device_token.unwrap_or_else(|| new_secret("b_"));
        let receipt = new_receipt_code();
        let new = NewBallot {
            consultation_id: id,
            channel: "web".into(),
            choices: checked.choices,
            receipt_hash: token_hash(&receipt),
            device_hash: Some(token_hash(&device_token)),
            recorded_by: None,
            demographics: checked.demographics,
            demographics_key: new_secret("d_"),
            comment: checked.comment,
        };
        let stored = self
            .store
            .create_ballot(&self.change_by_system("resident"), &new)
            .await;
        match stored {
            Ok(ballot) => Ok(BallotOutcome::Accepted {
                ballot,
                receipt,
                device_token,
            }),
            Err(e) => {
                if fresh {
                    self.participation_limits.release(&fingerprint);
                }
                Err(e.into())
            }
        }
    }

    /// A paper, phone or in-person answer entered by staff for a resident,
    /// under the staff member's name in the audit log. Answers the receipt
    /// code to hand to the resident.
    pub async fn record_assisted_ballot(
        &self,
        visitor: &Visitor,
        consultation_id: i64,
        form: &BallotForm,
    ) -> Result<(BallotRow, String), ServiceError> {
        let view = self
            .consultation_for(visitor, consultation_id, true)
            .await?;
        if view.phase != Phase::Open {
            return Err(not_open());
        }
        let checked = check(&view, form, true)?;
        let receipt = new_receipt_code();
        let new = NewBallot {
            consultation_id,
            channel: checked.channel.unwrap_or_else(|| "paper".into()),
            choices: checked.choices,
            receipt_hash: token_hash(&receipt),
            device_hash: None,
            recorded_by: visitor.user.as_ref().map(|u| u.id),
            demographics: checked.demographics,
            demographics_key: new_secret("d_"),
            comment: checked.comment,
        };
        let ballot = self
            .store
            .create_ballot(&self.change_by(visitor), &new)
            .await?;
        Ok((ballot, receipt))
    }

    /// The answer behind a receipt code, for its author only.
    pub async fn ballot_receipt(&self, code: &str) -> Result<BallotReceipt, ServiceError> {
        let hash = token_hash(&normalise_receipt(code));
        let ballot = self
            .store
            .ballot_by_receipt(&hash)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let consultation = self
            .store
            .consultation(ballot.consultation_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = self
            .store
            .city(consultation.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let view = self.consultation_view_of(city, consultation).await?;
        let choices = self.store.ballot_choices(ballot.id).await?;
        let demographics = match &ballot.demographics_key {
            Some(key) => self.store.demographics(key).await?,
            None => None,
        };
        let comment = self.store.ballot_comment(ballot.id).await?;
        Ok(BallotReceipt {
            view,
            ballot,
            choices,
            demographics,
            comment,
        })
    }

    /// Changes the answer behind a receipt code while the consultation is open.
    pub async fn change_ballot(
        &self,
        code: &str,
        form: &BallotForm,
    ) -> Result<BallotRow, ServiceError> {
        let receipt = self.ballot_receipt(code).await?;
        if receipt.view.phase != Phase::Open {
            return Err(not_open());
        }
        let checked = check(&receipt.view, form, false)?;
        Ok(self
            .store
            .update_ballot(
                &self.change_by_system("resident (receipt code)"),
                receipt.ballot.id,
                &checked.choices,
                &checked.demographics,
                &new_secret("d_"),
                checked.comment.as_ref(),
            )
            .await?)
    }

    /// Erases the answer behind a receipt code with its demographics and
    /// comment; it no longer counts. Returns what it belonged to.
    pub async fn erase_ballot(&self, code: &str) -> Result<ConsultationView, ServiceError> {
        let receipt = self.ballot_receipt(code).await?;
        self.store
            .erase_ballot(
                &self.change_by_system("resident (receipt code)"),
                receipt.ballot.id,
            )
            .await?;
        Ok(receipt.view)
    }

    /// Erases only the demographics of the answer behind a receipt code; the
    /// answer still counts.
    pub async fn erase_ballot_demographics(&self, code: &str) -> Result<(), ServiceError> {
        let receipt = self.ballot_receipt(code).await?;
        self.store
            .erase_ballot_demographics(
                &self.change_by_system("resident (receipt code)"),
                receipt.ballot.id,
            )
            .await?;
        Ok(())
    }

    /// Everything stored about the answer behind a receipt code, as JSON for
    /// its author to keep.
    pub async fn ballot_download(&self, code: &str) -> Result<serde_json::Value, ServiceError> {
        let r = self.ballot_receipt(code).await?;
        let district = r.district_name();
        let chosen: Vec<serde_json::Value> = r
            .chosen()
            .into_iter()
            .map(|(rank, label)| serde_json::json!({"rank": rank, "option": label}))
            .collect();
        Ok(serde_json::json!({
            "city": r.view.city.name,
            "consultation": r.view.consultation.question,
            "mode": r.view.consultation.mode,
            "answer_id": r.ballot.id.to_string(),
            "channel": r.ballot.channel,
            "sent_datetime": iso8601(r.ballot.submitted_at),
            "updated_datetime": iso8601(r.ballot.updated_at),
            "choices": chosen,
            "demographics": r.demographics.as_ref().map(|d| serde_json::json!({
                "age_band": d.age_band, "gender": d.gender, "district": district,
                "disability": d.disability,
            })),
            "comment": r.comment.as_ref().map(|c| serde_json::json!({
                "kind": c.kind, "text": c.body, "hidden": c.hidden, "hidden_reason": c.hidden_reason,
            })),
        }))
    }
}
