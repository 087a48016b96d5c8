//! Use cases end to end on real storage (SQLite, and PostgreSQL when configured).

use civitas_service::{Civitas, FixedClock, ServiceError};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

#[path = "use_cases/consultations.rs"]
mod consultations;
#[path = "use_cases/divide.rs"]
mod divide;
#[path = "use_cases/knowledge.rs"]
mod knowledge;
#[path = "use_cases/kpi_assessment.rs"]
mod kpi_assessment;
#[path = "use_cases/kpi_exchange.rs"]
mod kpi_exchange;
#[path = "use_cases/outcomes.rs"]
mod outcomes;
#[path = "use_cases/participation.rs"]
mod participation;
#[path = "use_cases/procurement.rs"]
mod procurement;
#[path = "use_cases/strategy.rs"]
mod strategy;
#[path = "use_cases/support.rs"]
mod support;

async fn app(
    backend: civitas_store::Backend,
) -> (Civitas, Arc<FixedClock>, civitas_store_tests::TestDatabase) {
    let database = fresh(backend).await;
    let clock = Arc::new(FixedClock::at(1_700_000_000));
    let civitas = Civitas::new(database.store.clone(), clock.clone());
    (civitas, clock, database)
}

#[tokio::test]
async fn sign_in_session_expiry_and_throttle() {
    for backend in backends() {
        let (civitas, clock, db) = app(backend).await;
        civitas
            .add_user_as_operator("Root@City.org", "Root", "a long passphrase", true)
            .await
            .expect("add");
        let wrong = civitas
            .sign_in("root@city.org", "not the passphrase", "10.0.0.1")
            .await;
        assert!(matches!(wrong, Err(ServiceError::BadCredentials)));
        let unknown = civitas
            .sign_in("nobody@city.org", "a long passphrase", "10.0.0.1")
            .await;
        assert!(matches!(unknown, Err(ServiceError::BadCredentials)));

        let first = civitas
            .sign_in("ROOT@city.org", "a long passphrase", "10.0.0.1")
            .await
            .expect("sign in");
        let second = civitas
            .sign_in("root@city.org", "a long passphrase", "10.0.0.1")
            .await
            .expect("again");
        assert_ne!(
            first.session_token, second.session_token,
            "every sign-in gets a new session"
        );
        let visitor = civitas
            .session_actor(&first.session_token)
            .await
            .expect("actor");
        assert!(visitor.actor.is_platform_admin());

        clock.advance(29 * 60);
        assert!(
            civitas
                .session_actor(&first.session_token)
                .await
                .expect("a")
                .user
                .is_some()
        );
        clock.advance(31 * 60);
        assert!(
            civitas
                .session_actor(&first.session_token)
                .await
                .expect("b")
                .user
                .is_none(),
            "idle timeout"
        );

        for _ in 0..5 {
            let _ = civitas.sign_in("root@city.org", "wrong", "10.0.0.2").await;
        }
        let throttled = civitas
            .sign_in("root@city.org", "a long passphrase", "10.0.0.2")
            .await;
        assert!(
            matches!(throttled, Err(ServiceError::Throttled(_))),
            "{throttled:?}"
        );
        db.drop_database().await;
    }
}

#[tokio::test]
async fn invitation_roles_and_disabling() {
    for backend in backends() {
        let (civitas, _clock, db) = app(backend).await;
        let logins = civitas
            .load_demo_if_empty()
            .await
            .expect("demo")
            .expect("was empty");
        assert!(
            civitas.load_demo_if_empty().await.expect("again").is_none(),
            "demo loads once"
        );
        let admin_login = logins
            .iter()
            .find(|l| l.role == "city-admin")
            .expect("city admin");
        let admin = civitas
            .sign_in(&admin_login.email, &admin_login.password, "127.0.0.1")
            .await
            .expect("sign in");
        let admin = civitas
            .session_actor(&admin.session_token)
            .await
            .expect("visitor");
        let city = civitas
            .city_by_slug(&admin, "demo-city")
            .await
            .expect("city");
        assert!(city.can_manage_members);
        assert_eq!(city.districts.len(), 8);

        let bad = civitas
            .invite(&admin, city.city.id, "not-an-email", "mayor")
            .await;
        match bad {
            Err(ServiceError::Invalid(errors)) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
                assert_eq!(fields, ["email", "role"]);
            }
            other => panic!("expected field errors, got {other:?}"),
        }
        let (_, secret) = civitas
            .invite(&admin, city.city.id, "new@city.org", "data-editor")
            .await
            .expect("invite");
        let preview = civitas.invitation_preview(&secret).await.expect("preview");
        assert_eq!(preview.city_name, "Demo City");
        let mismatch = civitas
            .accept_invitation(&secret, "New Person", "a long passphrase", "another")
            .await;
        assert!(matches!(mismatch, Err(ServiceError::Invalid(_))));
        let user = civitas
            .accept_invitation(
                &secret,
                "New Person",
                "a long passphrase",
                "a long passphrase",
            )
            .await
            .expect("accept");
        assert!(matches!(
            civitas
                .accept_invitation(&secret, "x", "a long passphrase", "a long passphrase")
                .await,
            Err(ServiceError::InvitationUsed)
        ));

        let newcomer = civitas
            .sign_in("new@city.org", "a long passphrase", "127.0.0.1")
            .await
            .expect("new sign in");
        let newcomer_visitor = civitas
            .session_actor(&newcomer.session_token)
            .await
            .expect("v");
        assert!(matches!(
            civitas.members(&newcomer_visitor, city.city.id).await,
            Err(ServiceError::Denied(_))
        ));

        civitas
            .set_user_disabled(&admin, user.id, true)
            .await
            .expect("disable");
        assert!(
            civitas
                .session_actor(&newcomer.session_token)
                .await
                .expect("v")
                .user
                .is_none(),
            "disabled: session ended"
        );
        assert!(matches!(
            civitas
                .sign_in("new@city.org", "a long passphrase", "127.0.0.1")
                .await,
            Err(ServiceError::BadCredentials)
        ));

        // The city's only admin can neither leave nor step down.
        let amina = admin.user.as_ref().map(|u| u.id).unwrap_or_default();
        let leave = civitas.remove_member(&admin, city.city.id, amina).await;
        assert!(matches!(leave, Err(ServiceError::Invalid(_))), "{leave:?}");
        let demote = civitas
            .change_role(&admin, city.city.id, amina, "viewer")
            .await;
        assert!(
            matches!(demote, Err(ServiceError::Invalid(_))),
            "{demote:?}"
        );

        let log = civitas
            .audit_log(&admin, Some(civitas_domain::CityId(city.city.id)), None)
            .await
            .expect("log");
        assert!(
            log.iter()
                .any(|l| l.entity == "invitation" && l.action == "accept")
        );
        db.drop_database().await;
    }
}
