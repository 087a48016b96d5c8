//! `civitas user add` and `civitas user password`: accounts from the command line.

use crate::commands::server::open;
use crate::config::ConfigArgs;
use anyhow::{Context, bail};
use civitas_service::{Civitas, ServiceError, SystemClock};
use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Create an account. The password is read from standard input, or asked for
    /// at the terminal; never from a flag (flags end up in shell history).
    Add {
        /// The person's e-mail address (their sign-in name)
        #[arg(long)]
        email: String,
        /// platform-admin, or a city role (city-admin, data-editor, verifier, viewer) with --city
        #[arg(long)]
        role: String,
        /// The city (its short name, e.g. demo-city) for a city role
        #[arg(long)]
        city: Option<String>,
        /// The name shown in Civitas [default: the part of the e-mail before @]
        #[arg(long)]
        name: Option<String>,
    },
    /// Invite a person to a city: prints a one-time link, valid for 7 days,
    /// to send them yourself (Civitas assumes no mail server).
    Invite {
        #[arg(long)]
        email: String,
        /// The city's short name, e.g. demo-city
        #[arg(long)]
        city: String,
        /// city-admin, data-editor, verifier or viewer
        #[arg(long)]
        role: String,
        /// The address people reach Civitas at [default: http://127.0.0.1:8080]
        #[arg(long, env = "CIVITAS_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Set a new password for an account (read like `add`); ends its sessions.
    Password {
        #[arg(long)]
        email: String,
    },
}

pub async fn run(config: &ConfigArgs, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Add {
            email,
            role,
            city,
            name,
        } => {
            let platform_admin = role == "platform-admin";
            if !platform_admin && civitas_domain::CityRole::parse(&role).is_none() {
                bail!(
                    "--role {role:?} is not a role: use platform-admin, city-admin, data-editor, verifier or viewer"
                );
            }
            if !platform_admin && city.is_none() {
                bail!(
                    "--role {role} is a city role: add --city SLUG (for example --city demo-city)"
                );
            }
            let password = read_password()?;
            let store = Arc::new(open(config).await?);
            let civitas = Civitas::new(store.clone(), Arc::new(SystemClock));
            let name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
            let user = civitas
                .add_user_as_operator(&email, &name, &password, platform_admin)
                .await
                .map_err(explain)?;
            if let Some(city) = city.filter(|_| !platform_admin) {
                civitas.grant_role_as_operator(user.id, &city, &role).await.map_err(|e| match e {
                    ServiceError::NotFound => anyhow::anyhow!("--city {city:?}: no city has this short name (the account {} was created without a role)", user.email),
                    other => explain(other),
                })?;
            }
            println!("Created the account {} ({role}).", user.email);
            store.close().await;
            Ok(())
        }
        Command::Invite {
            email,
            city,
            role,
            public_url,
        } => {
            let store = Arc::new(open(config).await?);
            let civitas = Civitas::new(store.clone(), Arc::new(SystemClock));
            let (invitation, secret) = civitas
                .invite_as_operator(&city, &email, &role)
                .await
                .map_err(|e| match e {
                    ServiceError::NotFound => {
                        anyhow::anyhow!("--city {city:?}: no city has this short name")
                    }
                    other => explain(other),
                })?;
            let base = public_url
                .or(config.file()?.public_url)
                .unwrap_or_else(|| "http://127.0.0.1:8080".into());
            println!(
                "Invitation for {} as {} in {city}. Send this link (it works once, for 7 days):",
                invitation.email, invitation.role
            );
            println!("{}/invitations/{secret}", base.trim_end_matches('/'));
            store.close().await;
            Ok(())
        }
        Command::Password { email } => {
            let password = read_password()?;
            let store = Arc::new(open(config).await?);
            let civitas = Civitas::new(store.clone(), Arc::new(SystemClock));
            civitas
                .set_password_as_operator(&email, &password)
                .await
                .map_err(|e| match e {
                    ServiceError::NotFound => {
                        anyhow::anyhow!("--email {email:?}: no account has this address")
                    }
                    other => explain(other),
                })?;
            println!("The password of {email} has been changed and its sessions ended.");
            store.close().await;
            Ok(())
        }
    }
}

/// From a terminal: asked twice without echo. From a pipe: the first line.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").context("cannot read the password")?;
        let second = rpassword::prompt_password("Repeat the password: ")
            .context("cannot read the password")?;
        if first != second {
            bail!("the two passwords differ; nothing was changed");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        if password.is_empty() {
            bail!(
                "no password on standard input: pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | civitas user add …`"
            );
        }
        Ok(password)
    }
}

/// Field errors as one readable line.
fn explain(error: ServiceError) -> anyhow::Error {
    match error {
        ServiceError::Invalid(fields) => {
            let text: Vec<String> = fields
                .iter()
                .map(|f| format!("--{}: {}", f.field.replace('_', "-"), f.problem))
                .collect();
            anyhow::anyhow!("{}; nothing was changed", text.join("; "))
        }
        other => anyhow::anyhow!("{other}"),
    }
}
