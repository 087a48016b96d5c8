//! People in a city: invitations by one-time link, roles, removal.

use crate::error::Checks;
use crate::secrets::{new_secret, token_hash};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, CityId, CityRole, policy, validation};
use civitas_store::{InvitationRow, MemberRow, NewInvitation, NewUser, UserRow};

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;

/// An invitation as the invited person sees it before accepting.
#[derive(Debug, Clone)]
pub struct InvitationPreview {
    pub invitation: InvitationRow,
    pub city_name: String,
    /// An account already exists for this address: accepting adds the role to it.
    pub existing_account: bool,
}

impl Civitas {
    pub async fn members(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<MemberRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageMembers(CityId(city)))?;
        Ok(self.store.members_of_city(city).await?)
    }

    pub async fn invitations(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<InvitationRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageMembers(CityId(city)))?;
        Ok(self.store.invitations_of_city(city).await?)
    }

    /// Invites a person to a city with a role. Returns the secret for the
    /// one-time link; only its hash is stored, so it is shown once.
    pub async fn invite(
        &self,
        visitor: &Visitor,
        city: i64,
        email: &str,
        role: &str,
    ) -> Result<(InvitationRow, String), ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageMembers(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        self.create_invitation(self.change_by(visitor), city, email, role)
            .await
    }

    /// What an invitation link offers, if it is still valid.
    pub async fn invitation_preview(
        &self,
        secret: &str,
    ) -> Result<InvitationPreview, ServiceError> {
        let invitation = self.valid_invitation(secret).await?;
        let city = self
            .store
            .city(invitation.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let existing_account = self.store.user_by_email(&invitation.email).await?.is_some();
        Ok(InvitationPreview {
            invitation,
            city_name: city.name,
            existing_account,
        })
    }

    /// Accepts an invitation: creates the account with the chosen name and
    /// password (or, for an existing account, checks its password) and adds
    /// the role. The link then stops working.
    pub async fn accept_invitation(
        &self,
        secret: &str,
        display_name: &str,
        password: &str,
        confirm: &str,
    ) -> Result<UserRow, ServiceError> {
        let invitation = self.valid_invitation(secret).await?;
        let existing = self.store.user_by_email(&invitation.email).await?;
        let mut checks = Checks::default();
        let new_user = match &existing {
            Some(account) => {
                if !crate::secrets::verify_password(password, &account.password_hash) {
                    checks.push(validation::FieldError {
                        field: "password",
                        problem: validation::Problem::WrongPassword,
                    });
                }
                checks.finish()?;
                NewUser {
                    email: account.email.clone(),
                    display_name: account.display_name.clone(),
                    password_hash: account.password_hash.clone(),
                    platform_admin: account.platform_admin,
                }
            }
            None => {
                let name = checks.take(validation::required_text("name", display_name, 120));
                checks.take(validation::new_password("password", password));
                if password != confirm {
                    checks.push(validation::FieldError {
                        field: "confirm_password",
                        problem: validation::Problem::PasswordsDiffer,
                    });
                }
                checks.finish()?;
                NewUser {
                    email: invitation.email.clone(),
                    display_name: name.unwrap_or_default(),
                    password_hash: self.hash(password)?,
                    platform_admin: false,
                }
            }
        };
        let change = civitas_store::Change {
            actor_user_id: None,
            actor_label: invitation.email.clone(),
            at: self.now(),
        };
        self.store
            .accept_invitation(&change, invitation.id, &new_user)
            .await
            .map_err(|e| match e {
                civitas_store::StoreError::NotFound(_) => ServiceError::InvitationUsed,
                other => other.into(),
            })
    }

    async fn valid_invitation(&self, secret: &str) -> Result<InvitationRow, ServiceError> {
        let invitation = self
            .store
            .invitation_by_token_hash(&token_hash(secret))
            .await?
            .ok_or(ServiceError::InvitationUsed)?;
        if invitation.accepted_at.is_some() || invitation.expires_at <= self.now() {
            return Err(ServiceError::InvitationUsed);
        }
        Ok(invitation)
    }

    pub async fn change_role(
        &self,
        visitor: &Visitor,
        city: i64,
        user_id: i64,
        role: &str,
    ) -> Result<(), ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageMembers(CityId(city)))?;
        let role = validation::role("role", role)?;
        let members = self.store.members_of_city(city).await?;
        if !members.iter().any(|m| m.user.id == user_id) {
            return Err(ServiceError::NotFound);
        }
        if role != CityRole::CityAdmin {
            keeps_an_admin(&members, user_id)?;
        }
        Ok(self
            .store
            .set_membership(&self.change_by(visitor), user_id, city, role.as_str())
            .await?)
    }

    pub async fn remove_member(
        &self,
        visitor: &Visitor,
        city: i64,
        user_id: i64,
    ) -> Result<(), ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageMembers(CityId(city)))?;
        keeps_an_admin(&self.store.members_of_city(city).await?, user_id)?;
        Ok(self
            .store
            .remove_membership(&self.change_by(visitor), user_id, city)
            .await?)
    }
}

/// Refuses a change that would take the role away from the city's last
/// enabled administrator: nobody could then manage its people.
fn keeps_an_admin(members: &[MemberRow], leaving: i64) -> Result<(), ServiceError> {
    let others = members
        .iter()
        .filter(|m| {
            m.user.id != leaving && m.role == CityRole::CityAdmin.as_str() && !m.user.disabled
        })
        .count();
    let leaving_is_admin = members
        .iter()
        .any(|m| m.user.id == leaving && m.role == CityRole::CityAdmin.as_str());
    if leaving_is_admin && others == 0 {
        return Err(validation::FieldError {
            field: "role",
            problem: validation::Problem::LastCityAdmin,
        }
        .into());
    }
    Ok(())
}

impl Civitas {
    /// Invites a person from the command line (no mail server can be
    /// assumed): returns the invitation and the secret for its link.
    pub async fn invite_as_operator(
        &self,
        city_slug: &str,
        email: &str,
        role: &str,
    ) -> Result<(InvitationRow, String), ServiceError> {
        let city = self
            .store
            .city_by_slug(city_slug)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.create_invitation(self.change_by_system("cli"), city.id, email, role)
            .await
    }

    /// Checks the e-mail and role, then stores an invitation valid for
    /// `INVITATION_DAYS`. Returns the secret for its link; only its hash is kept.
    async fn create_invitation(
        &self,
        change: civitas_store::Change,
        city_id: i64,
        email: &str,
        role: &str,
    ) -> Result<(InvitationRow, String), ServiceError> {
        let mut checks = Checks::default();
        let email = checks.take(validation::email("email", email));
        let role = checks.take(validation::role("role", role));
        checks.finish()?;
        let (Some(email), Some(role)) = (email, role) else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let secret = new_secret("");
        let invitation = NewInvitation {
            token_hash: token_hash(&secret),
            city_id,
            email,
            role: role.as_str().to_string(),
            expires_at: self.now() + INVITATION_DAYS * 24 * 3600,
        };
        let row = self.store.create_invitation(&change, &invitation).await?;
        Ok((row, secret))
    }
}
