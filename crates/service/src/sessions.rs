//! Signing in and out, and turning a session cookie or API token into an [`Actor`].

use crate::secrets::{new_secret, token_hash, verify_against_dummy, verify_password};
use crate::{Civitas, ServiceError};
use civitas_domain::{Actor, CityId, CityRole, Principal, UserId};
use civitas_store::{AuditEvent, Change, SessionRow, UserRow};

/// How long a session lasts.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Ended after this long without a request (ASVS 7.3.1).
    pub idle_seconds: i64,
    /// Ended this long after sign-in whatever happens (ASVS 7.3.2).
    pub absolute_seconds: i64,
}

impl Default for SessionPolicy {
    fn default() -> SessionPolicy {
        SessionPolicy {
            idle_seconds: 30 * 60,
            absolute_seconds: 12 * 60 * 60,
        }
    }
}

/// A successful sign-in: the secret for the cookie, and who it is.
#[derive(Debug)]
pub struct SignedIn {
    pub session_token: String,
    pub user: UserRow,
}

/// The person behind a request, with their account when signed in.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub actor: Actor,
    pub user: Option<UserRow>,
}

impl Visitor {
    pub fn anonymous() -> Visitor {
        Visitor {
            actor: Actor::Anonymous,
            user: None,
        }
    }
}

/// How often a session's last-seen time is written: not on every request.
const TOUCH_EVERY_SECONDS: i64 = 60;

impl Civitas {
    /// Checks the password and opens a new session (a new secret every time,
    /// so a session fixed before sign-in is never reused).
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
    ) -> Result<SignedIn, ServiceError> {
        let now = self.now();
        let email = email.trim().to_lowercase();
        if let Some(wait) = self.throttle.wait(&email, address, now) {
            return Err(ServiceError::Throttled(wait));
        }
        let account = self.store.user_by_email(&email).await?;
        let verified = match &account {
            Some(user) => verify_password(password, &user.password_hash) && !user.disabled,
            None => {
                verify_against_dummy(password);
                false
            }
        };
        let Some(user) = account.filter(|_| verified) else {
            self.throttle.failed(&email, address, now);
            let change = Change {
                actor_user_id: None,
                actor_label: email.clone(),
                at: now,
            };
            let event = AuditEvent {
                city_id: None,
                entity: "session".into(),
                entity_id: String::new(),
                action: "sign-in-failed".into(),
                detail: Some(serde_json::json!({"address": address})),
            };
            self.store.record_event(&change, &event).await?;
            return Err(ServiceError::BadCredentials);
        };
        self.throttle.succeeded(&email);
        let secret = new_secret("");
        let session = SessionRow {
            token_hash: token_hash(&secret),
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
        };
        self.store.create_session(&session).await?;
        let change = Change {
            actor_user_id: Some(user.id),
            actor_label: user.email.clone(),
            at: now,
        };
        let event = AuditEvent {
            city_id: None,
            entity: "session".into(),
            entity_id: user.id.to_string(),
            action: "sign-in".into(),
            detail: None,
        };
        self.store.record_event(&change, &event).await?;
        Ok(SignedIn {
            session_token: secret,
            user,
        })
    }

    pub async fn sign_out(&self, session_token: &str) -> Result<(), ServiceError> {
        let hash = token_hash(session_token);
        if let Some(session) = self.store.session(&hash).await? {
            self.store.delete_session(&hash).await?;
            if let Some(user) = self.store.user(session.user_id).await? {
                let change = Change {
                    actor_user_id: Some(user.id),
                    actor_label: user.email,
                    at: self.now(),
                };
                let event = AuditEvent {
                    city_id: None,
                    entity: "session".into(),
                    entity_id: user.id.to_string(),
                    action: "sign-out".into(),
                    detail: None,
                };
                self.store.record_event(&change, &event).await?;
            }
        }
        Ok(())
    }

    /// The visitor behind a session cookie; anonymous when the session is
    /// unknown, expired or belongs to a disabled account.
    pub async fn session_actor(&self, session_token: &str) -> Result<Visitor, ServiceError> {
        let now = self.now();
        let hash = token_hash(session_token);
        let Some(session) = self.store.session(&hash).await? else {
            return Ok(Visitor::anonymous());
        };
        let policy = self.session_policy;
        if now - session.last_seen_at >= policy.idle_seconds
            || now - session.created_at >= policy.absolute_seconds
        {
            self.store.delete_session(&hash).await?;
            return Ok(Visitor::anonymous());
        }
        if now - session.last_seen_at >= TOUCH_EVERY_SECONDS {
            self.store.touch_session(&hash, now).await?;
        }
        self.visitor_for(session.user_id).await
    }

    /// The visitor behind an API bearer token; anonymous when it is unknown or revoked.
    pub async fn token_actor(&self, bearer: &str) -> Result<Visitor, ServiceError> {
        let Some(token) = self.store.api_token_by_hash(&token_hash(bearer)).await? else {
            return Ok(Visitor::anonymous());
        };
        if token.revoked_at.is_some() {
            return Ok(Visitor::anonymous());
        }
        let now = self.now();
        if token
            .last_used_at
            .is_none_or(|t| now - t >= TOUCH_EVERY_SECONDS)
        {
            self.store.touch_api_token(token.id, now).await?;
        }
        self.visitor_for(token.user_id).await
    }

    pub(crate) async fn visitor_for(&self, user_id: i64) -> Result<Visitor, ServiceError> {
        let Some(user) = self.store.user(user_id).await? else {
            return Ok(Visitor::anonymous());
        };
        if user.disabled {
            return Ok(Visitor::anonymous());
        }
        let principal = self.principal_of(&user).await?;
        Ok(Visitor {
            actor: Actor::User(principal),
            user: Some(user),
        })
    }

    pub(crate) async fn principal_of(&self, user: &UserRow) -> Result<Principal, ServiceError> {
        let memberships = self
            .store
            .memberships_of_user(user.id)
            .await?
            .into_iter()
            .filter_map(|m| CityRole::parse(&m.role).map(|role| (CityId(m.city_id), role)))
            .collect();
        Ok(Principal {
            user_id: UserId(user.id),
            platform_admin: user.platform_admin,
            memberships,
        })
    }
}
