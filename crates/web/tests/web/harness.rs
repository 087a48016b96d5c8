//! A fresh application per test: SQLite database, demo city, a second
//! (unpublished) city with its own admin, and a session and API token for
//! every kind of visitor.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, header};
use civitas_service::{Civitas, SystemClock};
use civitas_store_tests::{TestDatabase, fresh};
use civitas_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Anonymous,
    PlatformAdmin,
    CityAdmin,
    DataEditor,
    Verifier,
    Viewer,
    /// The admin of another city: a stranger to the demo city.
    OtherCityAdmin,
}

impl Who {
    pub const ALL: [Who; 7] = [
        Who::Anonymous,
        Who::Viewer,
        Who::Verifier,
        Who::DataEditor,
        Who::OtherCityAdmin,
        Who::CityAdmin,
        Who::PlatformAdmin,
    ];
}

pub const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
pub const PASSWORD: &str = "other city passphrase";

pub struct App {
    pub router: Router,
    pub civitas: Civitas,
    pub db: Database,
    sessions: HashMap<Who, String>,
    tokens: HashMap<Who, String>,
    pub ids: HashMap<&'static str, i64>,
    /// A valid invitation link secret to the demo city.
    pub invitation: String,
}

/// The database behind an application: prepared from scratch, or a copy of one.
pub enum Database {
    Fresh(TestDatabase),
    Copy {
        store: Arc<civitas_store_sql::SqlStore>,
        _dir: tempfile::TempDir,
    },
}

impl Database {
    pub fn store(&self) -> &Arc<civitas_store_sql::SqlStore> {
        match self {
            Database::Fresh(db) => &db.store,
            Database::Copy { store, .. } => store,
        }
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent, for binary answers (PDF, XLSX).
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies().iter().find_map(|c| {
            c.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
        })
    }
}

impl App {
    pub async fn new() -> App {
        let db = fresh(civitas_store::Backend::Sqlite).await;
        let civitas = Civitas::new(db.store.clone(), Arc::new(SystemClock));
        let logins = civitas
            .load_demo_if_empty()
            .await
            .expect("demo")
            .expect("empty database");
        let admin = civitas
            .sign_in(&logins[0].email, &logins[0].password, "test")
            .await
            .expect("platform admin signs in");
        let platform = civitas
            .session_actor(&admin.session_token)
            .await
            .expect("visitor");
        let other = civitas
            .create_city(
                &platform,
                &civitas_service::cities::CityForm {
                    slug: "other-city".into(),
                    name: "Other City".into(),
                    country: "Elsewhere".into(),
                    population: "1000".into(),
                    published: false,
                },
            )
            .await
            .expect("other city");
        let other_admin = civitas
            .add_user_as_operator("boss@other.example", "Other Boss", PASSWORD, false)
            .await
            .expect("other admin");
        civitas
            .grant_role_as_operator(other_admin.id, "other-city", "city-admin")
            .await
            .expect("role");

        let mut sessions = HashMap::new();
        let mut tokens = HashMap::new();
        let mut ids = HashMap::new();
        let mut credentials: Vec<(Who, String, String)> = logins
            .iter()
            .map(|l| {
                let who = match l.role.as_str() {
                    "platform-admin" => Who::PlatformAdmin,
                    "city-admin" => Who::CityAdmin,
                    "data-editor" => Who::DataEditor,
                    "verifier" => Who::Verifier,
                    _ => Who::Viewer,
                };
                (who, l.email.clone(), l.password.clone())
            })
            .collect();
        credentials.push((
            Who::OtherCityAdmin,
            other_admin.email.clone(),
            PASSWORD.into(),
        ));
        for (who, email, password) in credentials {
            let signed_in = civitas
                .sign_in(&email, &password, "test")
                .await
                .expect("sign in");
            let visitor = civitas
                .session_actor(&signed_in.session_token)
                .await
                .expect("visitor");
            let (_, token) = civitas
                .create_api_token(&visitor, "tests")
                .await
                .expect("token");
            if who == Who::DataEditor {
                ids.insert("editor", signed_in.user.id);
            }
            sessions.insert(who, signed_in.session_token);
            tokens.insert(who, token);
        }
        let demo = civitas
            .city_by_slug(&platform, "demo-city")
            .await
            .expect("demo city");
        ids.insert("demo", demo.city.id);
        // The demo's assessments: 2025 draft, 2024 with the verifier, 2023 verified.
        for assessment in
            civitas_store::AssessmentStore::assessments_of_city(db.store.as_ref(), demo.city.id)
                .await
                .expect("demo assessments")
        {
            let name = match assessment.status.as_str() {
                "draft" => "draft",
                "submitted" => "submitted",
                _ => "verified",
            };
            ids.insert(name, assessment.id);
        }
        // The demo's open maturity round (2026; the 2025 one is closed) and
        // the first action of its roadmap.
        let rounds = civitas_store::StrategyStore::maturity_rounds(db.store.as_ref(), demo.city.id)
            .await
            .expect("demo rounds");
        let open = rounds
            .iter()
            .find(|r| r.closed_at.is_none())
            .expect("an open round");
        ids.insert("round", open.id);
        let actions =
            civitas_store::StrategyStore::roadmap_actions(db.store.as_ref(), demo.city.id)
                .await
                .expect("demo roadmap");
        ids.insert("action", actions.first().expect("a roadmap action").id);
        // The demo's procurement, evaluating three bids: the admin has
        // submitted her scores, the editor has not declared yet.
        let procurements =
            civitas_store::ProcurementStore::procurements(db.store.as_ref(), demo.city.id)
                .await
                .expect("demo procurements");
        ids.insert(
            "procurement",
            procurements.first().expect("a demo procurement").id,
        );
        // The demo's open consultation (a ranking with 240 answers).
        let consultations =
            civitas_store::ConsultationStore::consultations(db.store.as_ref(), demo.city.id)
                .await
                .expect("demo consultations");
        let consultation = consultations.first().expect("a demo consultation").id;
        ids.insert("consultation", consultation);
        // One of its visible proposals.
        let comments = civitas_store::ConsultationStore::consultation_comments(
            db.store.as_ref(),
            consultation,
        )
        .await
        .expect("demo proposals");
        ids.insert(
            "proposal",
            comments
                .iter()
                .find(|c| c.kind == "proposal" && !c.hidden)
                .expect("a demo proposal")
                .id,
        );
        ids.insert("other", other.id);
        let (_, invitation) = civitas
            .invite(&platform, demo.city.id, "newcomer@demo.example", "viewer")
            .await
            .expect("invite");
        let state = AppState::new(civitas.clone(), WebConfig::default());
        App {
            router: civitas_web::router(state),
            civitas,
            db: Database::Fresh(db),
            sessions,
            tokens,
            ids,
            invitation,
        }
    }

    /// An independent copy of this application's database and sessions
    /// (SQLite's `VACUUM INTO`), far cheaper than preparing another one.
    pub async fn fork(&self) -> App {
        let dir = tempfile::tempdir().expect("temporary directory");
        let file = dir.path().join("copy.db");
        self.db
            .store()
            .execute_trusted(&format!("VACUUM INTO '{}'", file.display()))
            .await
            .expect("copy database");
        let store = Arc::new(
            civitas_store_sql::SqlStore::connect(&format!("sqlite://{}", file.display()))
                .await
                .expect("open copy"),
        );
        let civitas = Civitas::new(store.clone(), Arc::new(SystemClock));
        let state = AppState::new(civitas.clone(), WebConfig::default());
        App {
            router: civitas_web::router(state),
            civitas,
            db: Database::Copy { store, _dir: dir },
            sessions: self.sessions.clone(),
            tokens: self.tokens.clone(),
            ids: self.ids.clone(),
            invitation: self.invitation.clone(),
        }
    }

    /// `{demo}`, `{other}`, `{editor}`, `{invitation}`, the demo's assessments
    /// `{draft}`, `{submitted}`, `{verified}`, its open maturity round `{round}`,
    /// a roadmap action `{action}` and its procurement `{procurement}` in a
    /// path become real ids.
    pub fn path(&self, template: &str) -> String {
        let mut path = template.replace("{invitation}", &self.invitation);
        for (name, id) in &self.ids {
            path = path.replace(&format!("{{{name}}}"), &id.to_string());
        }
        path
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response: Response<Body> = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// The Cookie header a browser of `who` sends.
    pub fn cookie_header(&self, who: Who) -> String {
        self.cookies(who, "")
    }

    fn cookies(&self, who: Who, extra: &str) -> String {
        let mut cookie = format!("__Host-civitas_csrf={CSRF}");
        if let Some(session) = self.sessions.get(&who) {
            cookie.push_str(&format!("; __Host-civitas_session={session}"));
        }
        if !extra.is_empty() {
            cookie.push_str("; ");
            cookie.push_str(extra);
        }
        cookie
    }

    /// A page request as a browser sends it, with the visitor's cookies.
    pub async fn get(&self, path: &str, who: Who) -> Answer {
        self.get_with(path, who, "").await
    }

    pub async fn get_with(&self, path: &str, who: Who, extra_cookies: &str) -> Answer {
        let request = Request::get(path)
            .header(header::COOKIE, self.cookies(who, extra_cookies))
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    /// A form submission with the right CSRF token.
    pub async fn post(&self, path: &str, who: Who, fields: &[(&str, &str)]) -> Answer {
        let mut form: Vec<(&str, &str)> = vec![("csrf", CSRF)];
        form.extend_from_slice(fields);
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let request = Request::post(path)
            .header(header::COOKIE, self.cookies(who, ""))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// An API call with the visitor's bearer token (none for anonymous).
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        who: Who,
        json: Option<serde_json::Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = self.tokens.get(&who) {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match json {
            Some(value) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).expect("request")).await
    }
}
