//! Accounts: the first administrator, passwords, language, API tokens, disabling.

use crate::error::Checks;
use crate::secrets::{hash_password, new_secret, token_hash, verify_password};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, policy};
use civitas_store::{ApiTokenRow, NewApiToken, NewUser, StoreError, UserRow};

/// Languages the interface is translated into.
pub const LANGUAGES: [&str; 4] = ["en", "fr", "es", "ar"];

impl Civitas {
    /// Creates an account from the command line (the first platform admin,
    /// or anyone on a server with no mail). The operator is the actor.
    pub async fn add_user_as_operator(
        &self,
        email: &str,
        display_name: &str,
        password: &str,
        platform_admin: bool,
    ) -> Result<UserRow, ServiceError> {
        let mut checks = Checks::default();
        let email = checks.take(validation::email("email", email));
        let name = checks.take(validation::required_text("name", display_name, 120));
        checks.take(validation::new_password("password", password));
        checks.finish()?;
        // finish() returned Ok, so every check passed and both are present.
        let (Some(email), Some(display_name)) = (email, name) else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let user = NewUser {
            email,
            display_name,
            password_hash: self.hash(password)?,
            platform_admin,
        };
        self.store
            .create_user(&self.change_by_system("cli"), &user)
            .await
            .map_err(|e| already_taken(e, "email"))
    }

    /// Sets a password from the command line (an operator resetting access).
    pub async fn set_password_as_operator(
        &self,
        email: &str,
        password: &str,
    ) -> Result<(), ServiceError> {
        validation::new_password("password", password)?;
        let user = self
            .store
            .user_by_email(&email.trim().to_lowercase())
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.store
            .set_password_hash(
                &self.change_by_system("cli"),
                user.id,
                &self.hash(password)?,
            )
            .await?;
        self.store.delete_sessions_of_user(user.id, None).await?;
        Ok(())
    }

    /// Changes one's own password; ends every other session of the account.
    pub async fn change_password(
        &self,
        visitor: &Visitor,
        session_token: Option<&str>,
        current: &str,
        new: &str,
        confirm: &str,
    ) -> Result<u64, ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageOwnAccount)?;
        let user = visitor.user.as_ref().ok_or(ServiceError::NotFound)?;
        let mut checks = Checks::default();
        if !verify_password(current, &user.password_hash) {
            checks.push(FieldError {
                field: "current_password",
                problem: Problem::WrongPassword,
            });
        }
        checks.take(validation::new_password("new_password", new));
        if new != confirm {
            checks.push(FieldError {
                field: "confirm_password",
                problem: Problem::PasswordsDiffer,
            });
        }
        checks.finish()?;
        self.store
            .set_password_hash(&self.change_by(visitor), user.id, &self.hash(new)?)
            .await?;
        let keep = session_token.map(token_hash);
        Ok(self
            .store
            .delete_sessions_of_user(user.id, keep.as_deref())
            .await?)
    }

    /// Remembers the interface language a signed-in person chose.
    pub async fn set_language(
        &self,
        visitor: &Visitor,
        language: &str,
    ) -> Result<(), ServiceError> {
        if !LANGUAGES.contains(&language) {
            return Err(FieldError {
                field: "lang",
                problem: Problem::UnknownLanguage,
            }
            .into());
        }
        if let Some(user) = &visitor.user {
            self.store.set_user_language(user.id, language).await?;
        }
        Ok(())
    }

    /// Creates an API token; the secret is returned once and never stored.
    pub async fn create_api_token(
        &self,
        visitor: &Visitor,
        name: &str,
    ) -> Result<(ApiTokenRow, String), ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageOwnAccount)?;
        let user = visitor.user.as_ref().ok_or(ServiceError::NotFound)?;
        let name = validation::required_text("name", name, 80)?;
        let secret = new_secret("cvt_");
        let token = NewApiToken {
            user_id: user.id,
            name,
            token_hash: token_hash(&secret),
        };
        let row = self
            .store
            .create_api_token(&self.change_by(visitor), &token)
            .await?;
        Ok((row, secret))
    }

    pub async fn api_tokens(&self, visitor: &Visitor) -> Result<Vec<ApiTokenRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageOwnAccount)?;
        let user = visitor.user.as_ref().ok_or(ServiceError::NotFound)?;
        Ok(self.store.api_tokens_of_user(user.id).await?)
    }

    /// Revokes one of one's own tokens (someone else's is "not found").
    pub async fn revoke_api_token(
        &self,
        visitor: &Visitor,
        token_id: i64,
    ) -> Result<(), ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageOwnAccount)?;
        let user = visitor.user.as_ref().ok_or(ServiceError::NotFound)?;
        Ok(self
            .store
            .revoke_api_token(&self.change_by(visitor), user.id, token_id)
            .await?)
    }

    /// Every account on the instance (platform admins only).
    pub async fn users(&self, visitor: &Visitor) -> Result<Vec<UserRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ManagePlatformUsers)?;
        Ok(self.store.users().await?)
    }

    /// Disables or re-enables an account. Disabling ends its sessions and
    /// revokes its tokens at once.
    pub async fn set_user_disabled(
        &self,
        visitor: &Visitor,
        user_id: i64,
        disabled: bool,
    ) -> Result<(), ServiceError> {
        let target = self
            .store
            .user(user_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let principal = self.principal_of(&target).await?;
        policy::authorize(&visitor.actor, Action::DisableUser { target: &principal })?;
        Ok(self
            .store
            .set_user_disabled(&self.change_by(visitor), user_id, disabled)
            .await?)
    }

    pub(crate) fn hash(&self, password: &str) -> Result<String, ServiceError> {
        hash_password(password).map_err(|e| {
            ServiceError::Store(StoreError::Database(format!(
                "password hashing failed: {e}"
            )))
        })
    }
}

/// A unique-value conflict becomes a message on the field that caused it.
pub(crate) fn already_taken(error: StoreError, field: &'static str) -> ServiceError {
    match error {
        StoreError::Conflict(_) => ServiceError::Invalid(vec![FieldError {
            field,
            problem: Problem::AlreadyTaken,
        }]),
        other => other.into(),
    }
}

impl Civitas {
    /// Gives an account a role in a city, from the command line.
    pub async fn grant_role_as_operator(
        &self,
        user_id: i64,
        city_slug: &str,
        role: &str,
    ) -> Result<(), ServiceError> {
        let role = validation::role("role", role)?;
        let city = self
            .store
            .city_by_slug(city_slug)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(self
            .store
            .set_membership(
                &self.change_by_system("cli"),
                user_id,
                city.id,
                role.as_str(),
            )
            .await?)
    }
}
