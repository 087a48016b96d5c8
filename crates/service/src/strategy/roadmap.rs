//! The People-Centred Digital Roadmap: actions with owner, budget, funding
//! source, dates, status, dependencies, the KPIs and targets that will show
//! success and the pillar elements they answer; the stakeholder map across
//! government levels and sectors with RACI roles; and the views the city
//! reads it through (by pillar, by funding source, progress against KPIs).

use super::knowledge;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{
    ActionFields, ActionKpiRow, ActionRoleRow, NewStakeholder, RoadmapActionRow, StakeholderRow,
};
use serde::Serialize;

pub const FUNDING_SOURCES: [&str; 7] = [
    "municipal-budget",
    "national-programme",
    "grant",
    "ppp",
    "bond",
    "loan",
    "other",
];
pub const STATUSES: [&str; 5] = ["planned", "in-progress", "done", "delayed", "cancelled"];
pub const ROLES: [&str; 4] = ["responsible", "accountable", "consulted", "informed"];
pub const STAKEHOLDER_LEVELS: [&str; 4] = ["municipal", "regional", "national", "international"];
pub const SECTORS: [&str; 4] = ["government", "civil-society", "private", "academia"];

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StakeholderForm {
    pub name: String,
    pub level: String,
    pub sector: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ActionKpiForm {
    pub kpi: String,
    pub data_point: String,
    pub target: String,
    pub target_year: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ActionRoleForm {
    pub stakeholder: String,
    pub role: String,
}

/// An action as a form or the API sends it, before checking.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub title: String,
    pub description: String,
    pub owner: String,
    pub budget: String,
    pub currency: String,
    pub funding_source: String,
    pub start_date: String,
    pub end_date: String,
    pub status: String,
    /// Ids of actions that must finish first.
    pub depends_on: Vec<String>,
    pub elements: Vec<String>,
    pub kpis: Vec<ActionKpiForm>,
    pub roles: Vec<ActionRoleForm>,
}

/// How one linked KPI moved: from the first assessment that reported it to
/// the latest, against the action's target.
#[derive(Debug, Clone, Serialize)]
pub struct KpiProgress {
    pub kpi: String,
    pub data_point: String,
    pub baseline: Option<(i64, f64)>,
    pub latest: Option<(i64, f64)>,
    pub target: Option<f64>,
    pub target_year: Option<i64>,
    /// Share of the way from baseline to target covered, 0–100 (None when
    /// it cannot be said: no target, one value, or baseline at target).
    pub progress_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionProgress {
    pub action_id: i64,
    pub kpis: Vec<KpiProgress>,
}

/// Money per funding source and currency.
#[derive(Debug, Clone, Serialize)]
pub struct FundingTotal {
    pub funding_source: String,
    pub currency: Option<String>,
    pub total: f64,
    pub actions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Roadmap {
    pub city_id: i64,
    pub city_name: String,
    pub actions: Vec<RoadmapActionRow>,
    pub stakeholders: Vec<StakeholderRow>,
    /// Pillar id → the actions answering one of its elements.
    pub by_pillar: Vec<(String, Vec<i64>)>,
    pub by_funding: Vec<FundingTotal>,
    pub progress: Vec<ActionProgress>,
    pub can_edit: bool,
}

fn one_of(field: &'static str, raw: &str, allowed: &[&str]) -> Result<String, FieldError> {
    let value = raw.trim();
    if allowed.contains(&value) {
        Ok(value.to_string())
    } else {
        Err(FieldError {
            field,
            problem: Problem::Required,
        })
    }
}

/// A `YYYY-MM-DD` date that exists.
pub(crate) fn calendar_date(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let bad = FieldError {
        field,
        problem: Problem::Required,
    };
    let text = raw.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad);
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(bad);
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad),
    };
    if text.len() != 10 || !(1990..=2200).contains(&y) || d == 0 || d > days {
        return Err(bad);
    }
    Ok(text.to_string())
}

impl Civitas {
    pub async fn stakeholders(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<StakeholderRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
        Ok(self.store.stakeholders(city).await?)
    }

    pub async fn add_stakeholder(
        &self,
        visitor: &Visitor,
        city: i64,
        form: &StakeholderForm,
    ) -> Result<StakeholderRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        let mut checks = crate::error::Checks::default();
        let name = checks.take(validation::required_text("name", &form.name, 200));
        let level = checks.take(one_of("level", &form.level, &STAKEHOLDER_LEVELS));
        let sector = checks.take(one_of("sector", &form.sector, &SECTORS));
        checks.finish()?;
        let (Some(name), Some(level), Some(sector)) = (name, level, sector) else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        self.store
            .add_stakeholder(
                &self.change_by(visitor),
                &NewStakeholder {
                    city_id: city,
                    name,
                    level,
                    sector,
                },
            )
            .await
            .map_err(|e| crate::accounts::already_taken(e, "name"))
    }

    /// Checks an action form against the city's actions, stakeholders, the
    /// pillar framework and the KPI catalogue; every problem at once.
    async fn checked_action(
        &self,
        city: i64,
        editing: Option<i64>,
        form: &ActionForm,
    ) -> Result<ActionFields, ServiceError> {
        let mut checks = crate::error::Checks::default();
        let title = checks.take(validation::required_text("title", &form.title, 200));
        let description = checks.take(validation::optional_text(
            "description",
            &form.description,
            8000,
        ));
        let owner = checks.take(validation::required_text("owner", &form.owner, 200));
        let budget = checks.take(validation::optional_number("budget", &form.budget));
        if budget.flatten().is_some_and(|b| b < 0.0) {
            checks.push(FieldError {
                field: "budget",
                problem: Problem::NotAPositiveNumber,
            });
        }
        let currency = checks.take(validation::optional_currency("currency", &form.currency));
        let funding = checks.take(one_of(
            "funding_source",
            &form.funding_source,
            &FUNDING_SOURCES,
        ));
        let status = checks.take(one_of(
            "status",
            if form.status.trim().is_empty() {
                "planned"
            } else {
                &form.status
            },
            &STATUSES,
        ));
        let start = checks.take(calendar_date("start_date", &form.start_date));
        let end = checks.take(calendar_date("end_date", &form.end_date));
        if let (Some(s), Some(e)) = (&start, &end)
            && e < s
        {
            checks.push(FieldError {
                field: "end_date",
                problem: Problem::Required,
            });
        }
        let actions = self.store.roadmap_actions(city).await?;
        let mut depends_on = Vec::new();
        for raw in form.depends_on.iter().filter(|d| !d.trim().is_empty()) {
            match raw.trim().parse::<i64>() {
                Ok(id) if Some(id) != editing && actions.iter().any(|a| a.id == id) => {
                    depends_on.push(id)
                }
                _ => checks.push(FieldError {
                    field: "depends_on",
                    problem: Problem::Required,
                }),
            }
        }
        depends_on.sort_unstable();
        depends_on.dedup();
        if let Some(me) = editing
            && creates_cycle(&actions, me, &depends_on)
        {
            checks.push(FieldError {
                field: "depends_on",
                problem: Problem::Required,
            });
        }
        let index = knowledge()?;
        let pillars = index.kb().framework();
        let mut elements: Vec<String> = Vec::new();
        for e in form
            .elements
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty())
        {
            if pillars.element(e).is_some() {
                if !elements.iter().any(|x| x == e) {
                    elements.push(e.to_string());
                }
            } else {
                checks.push(FieldError {
                    field: "elements",
                    problem: Problem::Required,
                });
            }
        }
        let catalogue = civitas_indicators::Framework::u4ssc_2017()
            .map_err(|_| ServiceError::Internal("KPI framework"))?;
        let mut kpis: Vec<ActionKpiRow> = Vec::new();
        for k in form.kpis.iter().filter(|k| !k.kpi.trim().is_empty()) {
            let data_point = (!k.data_point.trim().is_empty()).then_some(k.data_point.as_str());
            let Ok(measure) = catalogue.measure(&k.kpi, data_point) else {
                checks.push(FieldError {
                    field: "kpis",
                    problem: Problem::Required,
                });
                continue;
            };
            let target = checks.take(validation::optional_number("kpis", &k.target));
            let year = match k.target_year.trim() {
                "" => Some(None),
                raw => checks.take(validation::year("kpis", raw).map(Some)),
            };
            if let (Some(target), Some(target_year)) = (target, year) {
                let row = ActionKpiRow {
                    kpi: measure.kpi.code.clone(),
                    data_point: measure.data_point_id().unwrap_or("").to_string(),
                    target,
                    target_year,
                };
                if !kpis
                    .iter()
                    .any(|x| x.kpi == row.kpi && x.data_point == row.data_point)
                {
                    kpis.push(row);
                }
            }
        }
        let stakeholders = self.store.stakeholders(city).await?;
        let mut roles: Vec<ActionRoleRow> = Vec::new();
        for r in form
            .roles
            .iter()
            .filter(|r| !r.stakeholder.trim().is_empty())
        {
            let who = r
                .stakeholder
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| stakeholders.iter().any(|s| s.id == *id));
            match (who, one_of("roles", &r.role, &ROLES)) {
                (Some(stakeholder_id), Ok(role)) => {
                    let row = ActionRoleRow {
                        stakeholder_id,
                        role,
                    };
                    if !roles.contains(&row) {
                        roles.push(row);
                    }
                }
                _ => checks.push(FieldError {
                    field: "roles",
                    problem: Problem::Required,
                }),
            }
        }
        checks.finish()?;
        let (Some(title), Some(description), Some(owner), Some(budget), Some(currency)) =
            (title, description, owner, budget, currency)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let (Some(funding_source), Some(status), Some(start_date), Some(end_date)) =
            (funding, status, start, end)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        Ok(ActionFields {
            title,
            description,
            owner,
            budget,
            currency,
            funding_source,
            start_date,
            end_date,
            status,
            depends_on,
            elements,
            kpis,
            roles,
        })
    }

    pub async fn create_roadmap_action(
        &self,
        visitor: &Visitor,
        city: i64,
        form: &ActionForm,
    ) -> Result<RoadmapActionRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let fields = self.checked_action(city, None, form).await?;
        Ok(self
            .store
            .create_roadmap_action(&self.change_by(visitor), city, &fields)
            .await?)
    }

    pub async fn roadmap_action(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<RoadmapActionRow, ServiceError> {
        let action = self
            .store
            .roadmap_action(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::ViewCityWorkspace(CityId(action.city_id)),
        )
        .map_err(|_| ServiceError::NotFound)?;
        Ok(action)
    }

    pub async fn update_roadmap_action(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &ActionForm,
    ) -> Result<RoadmapActionRow, ServiceError> {
        let existing = self.roadmap_action(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(existing.city_id)),
        )?;
        let fields = self
            .checked_action(existing.city_id, Some(id), form)
            .await?;
        Ok(self
            .store
            .update_roadmap_action(&self.change_by(visitor), id, &fields)
            .await?)
    }

    /// Deletes an action; the audit log keeps it whole. Actions that depend on
    /// it lose that dependency.
    pub async fn delete_roadmap_action(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<(), ServiceError> {
        let existing = self.roadmap_action(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(existing.city_id)),
        )?;
        Ok(self
            .store
            .delete_roadmap_action(&self.change_by(visitor), id)
            .await?)
    }

    /// The whole roadmap with its views.
    pub async fn roadmap(&self, visitor: &Visitor, city: i64) -> Result<Roadmap, ServiceError> {
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
        let city_row = self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let actions = self.store.roadmap_actions(city).await?;
        let index = knowledge()?;
        let by_pillar = index
            .kb()
            .framework()
            .pillars
            .iter()
            .map(|p| {
                let ids = actions
                    .iter()
                    .filter(|a| {
                        a.elements
                            .iter()
                            .any(|e| p.elements.iter().any(|x| &x.id == e))
                    })
                    .map(|a| a.id)
                    .collect();
                (p.id.clone(), ids)
            })
            .collect();
        let mut by_funding: Vec<FundingTotal> = Vec::new();
        for a in actions.iter().filter(|a| a.status != "cancelled") {
            let slot = match by_funding
                .iter()
                .position(|f| f.funding_source == a.funding_source && f.currency == a.currency)
            {
                Some(i) => i,
                None => {
                    by_funding.push(FundingTotal {
                        funding_source: a.funding_source.clone(),
                        currency: a.currency.clone(),
                        total: 0.0,
                        actions: 0,
                    });
                    by_funding.len() - 1
                }
            };
            by_funding[slot].total += a.budget.unwrap_or(0.0);
            by_funding[slot].actions += 1;
        }
        by_funding.sort_by(|a, b| {
            let rank = |s: &str| FUNDING_SOURCES.iter().position(|x| *x == s);
            rank(&a.funding_source)
                .cmp(&rank(&b.funding_source))
                .then(a.currency.cmp(&b.currency))
        });
        let history = self.kpi_history(visitor, city).await?;
        let progress = actions
            .iter()
            .map(|a| ActionProgress {
                action_id: a.id,
                kpis: a.kpis.iter().map(|k| kpi_progress(k, &history)).collect(),
            })
            .collect();
        Ok(Roadmap {
            city_id: city,
            city_name: city_row.name,
            can_edit: policy::authorize(&visitor.actor, Action::EditCityData(CityId(city))).is_ok(),
            actions,
            stakeholders: self.store.stakeholders(city).await?,
            by_pillar,
            by_funding,
            progress,
        })
    }
}

fn kpi_progress(link: &ActionKpiRow, history: &[(String, String, i64, f64)]) -> KpiProgress {
    let values: Vec<(i64, f64)> = history
        .iter()
        .filter(|(k, dp, _, _)| *k == link.kpi && *dp == link.data_point)
        .map(|(_, _, year, value)| (*year, *value))
        .collect();
    let baseline = values.first().copied();
    let latest = values.last().copied();
    let progress_pct = match (baseline, latest, link.target) {
        (Some((by, b)), Some((ly, l)), Some(t)) if ly > by && (t - b).abs() > f64::EPSILON => {
            Some(((l - b) / (t - b) * 100.0).clamp(0.0, 100.0))
        }
        _ => None,
    };
    KpiProgress {
        kpi: link.kpi.clone(),
        data_point: link.data_point.clone(),
        baseline,
        latest,
        target: link.target,
        target_year: link.target_year,
        progress_pct,
    }
}

/// Whether making `me` depend on `on` closes a loop (`on` already waits for `me`).
fn creates_cycle(actions: &[RoadmapActionRow], me: i64, on: &[i64]) -> bool {
    let mut stack: Vec<i64> = on.to_vec();
    let mut seen = Vec::new();
    while let Some(id) = stack.pop() {
        if id == me {
            return true;
        }
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(a) = actions.iter().find(|a| a.id == id) {
            stack.extend(a.depends_on.iter().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: i64, depends_on: Vec<i64>) -> RoadmapActionRow {
        RoadmapActionRow {
            id,
            city_id: 1,
            title: String::new(),
            description: String::new(),
            owner: String::new(),
            budget: None,
            currency: None,
            funding_source: "grant".into(),
            start_date: String::new(),
            end_date: String::new(),
            status: "planned".into(),
            updated_at: 0,
            depends_on,
            elements: vec![],
            kpis: vec![],
            roles: vec![],
        }
    }

    #[test]
    fn dates_are_real_calendar_days() {
        assert!(calendar_date("d", "2028-02-29").is_ok());
        for bad in [
            "2027-02-29",
            "2026-13-01",
            "2026-1-1",
            "26-01-01",
            "2026-04-31",
            "soon",
        ] {
            assert!(calendar_date("d", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_dependency_loop_is_refused() {
        let actions = vec![action(1, vec![]), action(2, vec![1]), action(3, vec![2])];
        assert!(creates_cycle(&actions, 1, &[3]), "1 → 3 → 2 → 1");
        assert!(!creates_cycle(&actions, 3, &[1]));
    }

    #[test]
    fn progress_is_the_share_of_the_way_to_the_target() {
        let link = ActionKpiRow {
            kpi: "K".into(),
            data_point: String::new(),
            target: Some(100.0),
            target_year: Some(2030),
        };
        let history = vec![
            ("K".to_string(), String::new(), 2023, 80.0),
            ("K".to_string(), String::new(), 2025, 85.0),
        ];
        let p = kpi_progress(&link, &history);
        assert_eq!(p.baseline, Some((2023, 80.0)));
        assert_eq!(p.latest, Some((2025, 85.0)));
        assert_eq!(p.progress_pct, Some(25.0));
        // Lower-is-better targets work the same way: 20 → 15 toward 10 is half.
        let lower = ActionKpiRow {
            target: Some(10.0),
            ..link
        };
        let history = vec![
            ("K".to_string(), String::new(), 2023, 20.0),
            ("K".to_string(), String::new(), 2025, 15.0),
        ];
        assert_eq!(kpi_progress(&lower, &history).progress_pct, Some(50.0));
    }
}
