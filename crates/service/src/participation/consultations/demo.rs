//! The demo city's open consultation, "What should our digital roadmap do
//! first?", with 240 answers (web, paper, phone, in person), voluntary
//! demographics skewed the way online participation usually is (fewer older
//! residents, some districts barely heard), a few proposals and comments, and
//! a population profile whose source says "demo". Generated from a fixed
//! seed, so every demo looks the same.

use super::{AGE_BANDS, DISABILITY, GENDERS};
use crate::secrets::{new_secret, token_hash};
use crate::{Civitas, ServiceError};
use civitas_store::{
    BallotChoice, Demographics, NewBallot, NewComment, NewConsultation, NewOption, OutcomeUpdate,
};

const QUESTION: &str = "What should our digital roadmap do first?";
const DESCRIPTION: &str = "The city is drawing up its People-Centred Digital Roadmap. Put these \
five first steps in the order you would do them (1 for the first). You can rank only the ones \
you care about. The results go to the city council with the roadmap.";
const OPTIONS: [(&str, &str); 5] = [
    (
        "Free Wi-Fi in libraries and community centres",
        "Public places where anyone can get online without paying.",
    ),
    (
        "Digital skills courses for older residents",
        "Free, patient courses close to home, with printed guides.",
    ),
    (
        "Every city service online, in every language",
        "Forms you can fill in on a phone, in the languages spoken here.",
    ),
    (
        "Affordable home broadband in underserved districts",
        "Work with providers so every household can afford a connection.",
    ),
    (
        "Open data on city spending",
        "Publish what the city spends, month by month, for anyone to check.",
    ),
];
/// The demo population profile, plausible for a mid-sized European city.
const PROFILE: [(&str, &str, f64); 11] = [
    ("age_band", "under-18", 18.0),
    ("age_band", "18-29", 16.0),
    ("age_band", "30-44", 20.0),
    ("age_band", "45-64", 26.0),
    ("age_band", "65-74", 11.0),
    ("age_band", "75-plus", 9.0),
    ("gender", "woman", 51.0),
    ("gender", "man", 48.0),
    ("gender", "another", 1.0),
    ("disability", "yes", 16.0),
    ("disability", "no", 84.0),
];
/// Demo proposals and comments: (kind, text, hidden reason).
const COMMENTS: [(&str, &str, Option<&str>); 5] = [
    (
        "proposal",
        "Lend tablets from the library, like books, with a short lesson.",
        None,
    ),
    (
        "comment",
        "My mother cannot use the online forms; please keep a phone line.",
        None,
    ),
    (
        "proposal",
        "Put the council's agendas online a week before each meeting.",
        None,
    ),
    (
        "comment",
        "The clerk at the Eastgate office was rude to me, her name is on the door.",
        Some("It names a member of staff. Please write to the complaints office instead."),
    ),
    ("proposal", "Free Wi-Fi at bus stops in Green Valley.", None),
];

/// "You said, we did" for the consultation and one proposal: (proposal text,
/// or none for the consultation itself; roadmap action title; decision;
/// timeline: (hours ago, status, note)).
type DemoOutcome = (
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static [(i64, &'static str, Option<&'static str>)],
);
const OUTCOMES: [DemoOutcome; 2] = [
    (
        None,
        "Fibre and public Wi-Fi for underserved districts",
        "Free Wi-Fi in libraries and community centres leads the ranking so far; the roadmap's \
         Wi-Fi action starts with them.",
        &[
            (300, "received", None),
            (
                72,
                "under-consideration",
                Some("First results shown to the council's digital committee."),
            ),
        ],
    ),
    (
        Some("Lend tablets from the library, like books, with a short lesson."),
        "Digital skills hubs in public libraries",
        "The library skills hubs will lend tablets with a first lesson from the autumn.",
        &[
            (200, "received", None),
            (
                48,
                "planned",
                Some("Added to the skills hubs' plan for next year."),
            ),
        ],
    ),
];

/// A small deterministic generator (PCG-style LCG), so the demo is stable.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// An index drawn with these weights.
    fn pick(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut roll = self.next() % total.max(1);
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }
}

impl Civitas {
    pub(crate) async fn load_demo_consultations(&self, city_id: i64) -> Result<(), ServiceError> {
        let change = self.change_by_system("demo loader");
        let now = change.at;
        let day = 86_400;
        let opens_at = (now / day - 14) * day;
        let new = NewConsultation {
            city_id,
            question: QUESTION.into(),
            description: DESCRIPTION.into(),
            mode: "rank".into(),
            opens_at,
            closes_at: (now / day + 30) * day + day - 1,
            options: OPTIONS
                .iter()
                .map(|(label, description)| NewOption {
                    label: (*label).into(),
                    description: (*description).into(),
                })
                .collect(),
        };
        let consultation = self.store.create_consultation(&change, &new).await?;
        self.store
            .set_consultation_status(&change, consultation.id, "open")
            .await?;
        let options = self.store.consultation_options(consultation.id).await?;
        let districts = self.store.districts(city_id).await?;
        let shares: Vec<(String, String, f64)> = PROFILE
            .iter()
            .map(|(d, g, s)| (d.to_string(), g.to_string(), *s))
            .collect();
        self.store
            .set_population_profile(&change, city_id, &shares, "demo")
            .await?;

        let mut rng = Seeded(20_260_101);
        // Old Town, Riverside, North Hills, Harbour, University Quarter,
        // Eastgate, Green Valley, Southfield: Harbour and Green Valley barely heard.
        let district_weights = [15, 18, 12, 3, 22, 14, 2, 12];
        let mut ballots = Vec::new();
        for i in 0..240 {
            let channel = match i {
                0..200 => "web",
                200..220 => "paper",
                220..232 => "phone",
                _ => "in-person",
            };
            let assisted = channel != "web";
            let age_weights: [u64; 6] = if assisted {
                [0, 2, 8, 20, 35, 35]
            } else {
                [2, 30, 35, 25, 6, 2]
            };
            let age = rng.pick(&age_weights);
            let gives_age = rng.next() % 100 < 88;
            let gender = rng.pick(&[46, 51, 3]);
            let gives_gender = rng.next() % 100 < 85;
            let district = rng.pick(&district_weights);
            let gives_district = rng.next() % 100 < 80;
            let disability = rng.pick(&if assisted { [30, 70] } else { [6, 94] });
            let gives_disability = rng.next() % 100 < 75;
            // Older residents put skills courses first, younger ones Wi-Fi and
            // online services; everyone cares about broadband.
            let mut scores: Vec<(u64, usize)> = (0..options.len())
                .map(|o| {
                    let base: u64 = match (o, age) {
                        (1, 4 | 5) => 90,
                        (1, _) => 25,
                        (0, 0..=2) => 70,
                        (2, 1..=3) => 65,
                        (3, _) => 55,
                        (4, _) => 20,
                        _ => 35,
                    };
                    (base + rng.next() % 60, o)
                })
                .collect();
            scores.sort_by_key(|s| std::cmp::Reverse(s.0));
            let ranked = if rng.next() % 100 < 30 {
                3
            } else {
                options.len()
            };
            let choices = scores
                .iter()
                .take(ranked)
                .enumerate()
                .map(|(rank, (_, o))| BallotChoice {
                    option_id: options[*o].id,
                    rank: rank as i64 + 1,
                })
                .collect();
            let demographics = Demographics {
                age_band: gives_age.then(|| AGE_BANDS[age].to_string()),
                gender: gives_gender.then(|| GENDERS[gender].to_string()),
                district_id: gives_district
                    .then(|| districts.get(district).map(|d| d.id))
                    .flatten(),
                disability: gives_disability.then(|| DISABILITY[disability].to_string()),
            };
            let comment = COMMENTS
                .get(i / 40)
                .filter(|_| i % 40 == 7)
                .map(|(kind, body, _)| NewComment {
                    kind: (*kind).into(),
                    body: (*body).into(),
                });
            ballots.push(NewBallot {
                consultation_id: consultation.id,
                channel: channel.into(),
                choices,
                receipt_hash: token_hash(&super::super::new_receipt_code()),
                device_hash: None,
                recorded_by: None,
                demographics,
                demographics_key: new_secret("d_"),
                comment,
            });
        }
        self.store
            .import_ballots(&change, consultation.id, &ballots)
            .await?;
        for comment in self.store.consultation_comments(consultation.id).await? {
            if let Some((_, _, Some(reason))) = COMMENTS.iter().find(|c| c.1 == comment.body) {
                self.store
                    .set_comment_hidden(&change, comment.id, true, Some(reason))
                    .await?;
            }
        }
        self.load_demo_consultation_outcomes(city_id, consultation.id)
            .await
    }

    async fn load_demo_consultation_outcomes(
        &self,
        city_id: i64,
        consultation_id: i64,
    ) -> Result<(), ServiceError> {
        let change = self.change_by_system("demo loader");
        let actions = self.store.roadmap_actions(city_id).await?;
        let comments = self.store.consultation_comments(consultation_id).await?;
        for (proposal, action, decision, timeline) in OUTCOMES {
            let (kind, input_id) = match proposal {
                Some(text) => (
                    "proposal",
                    comments
                        .iter()
                        .find(|c| c.body == text)
                        .ok_or(ServiceError::Internal("demo proposal"))?
                        .id,
                ),
                None => ("consultation", consultation_id),
            };
            let action = actions
                .iter()
                .find(|a| a.title == action)
                .ok_or(ServiceError::Internal("demo roadmap action"))?
                .id;
            for (hours, status, note) in timeline {
                let mut at = change.clone();
                at.at -= hours * 3600;
                let update = OutcomeUpdate {
                    city_id,
                    input_kind: kind.into(),
                    input_id,
                    status: (*status).into(),
                    roadmap_action_id: Some(action),
                    decision: Some(decision.into()),
                    note: note.map(str::to_string),
                };
                self.store.set_outcome(&at, &update).await?;
            }
        }
        Ok(())
    }
}
