//! Storage scenarios, each run on SQLite and (when configured) PostgreSQL.

use civitas_store::*;
use civitas_store_tests::on_every_backend;

#[path = "scenarios/assessments.rs"]
mod assessments;
#[path = "scenarios/consultations.rs"]
mod consultations;
#[path = "scenarios/divide.rs"]
mod divide;
#[path = "scenarios/knowledge.rs"]
mod knowledge;
#[path = "scenarios/outcomes.rs"]
mod outcomes;
#[path = "scenarios/participation.rs"]
mod participation;
#[path = "scenarios/procurement.rs"]
mod procurement;
#[path = "scenarios/strategy.rs"]
mod strategy;

fn by(label: &str, at: i64) -> Change {
    Change {
        actor_user_id: None,
        actor_label: label.to_string(),
        at,
    }
}

fn new_city(slug: &str) -> NewCity {
    NewCity {
        slug: slug.into(),
        name: format!("City {slug}"),
        country: "Nowhere".into(),
        population: Some(100_000),
        published: false,
    }
}

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: email.split('@').next().unwrap_or_default().into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        platform_admin: false,
    }
}

async fn audit_count(store: &dyn Store) -> usize {
    store
        .audit_log(&AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .map(|rows| rows.len())
        .unwrap_or(usize::MAX)
}

#[tokio::test]
async fn migrations_are_idempotent_and_durability_is_as_promised() {
    civitas_store_tests::on_every_backend(|store| async move {
        store.migrate().await.expect("second migrate is a no-op");
        assert!(store.is_empty().await.expect("empty"));
        let settings = store.durability_settings().await.expect("settings");
        let get = |name: &str| {
            settings
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        match store.backend() {
            Backend::Sqlite => {
                assert_eq!(get("journal_mode"), Some("wal"));
                assert_eq!(get("synchronous"), Some("2"), "FULL");
                assert_eq!(get("foreign_keys"), Some("1"));
                assert_eq!(get("busy_timeout"), Some("5000"));
            }
            Backend::Postgres => {
                assert_eq!(get("fsync"), Some("on"));
                assert_eq!(get("synchronous_commit"), Some("on"));
                assert_eq!(get("full_page_writes"), Some("on"));
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_city_is_created_once_per_slug_and_audited() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("test", 10), &new_city("alpha"))
            .await
            .expect("create");
        assert_eq!(city.slug, "alpha");
        assert!(!store.is_empty().await.expect("not empty"));
        let before = audit_count(store.as_ref()).await;
        let again = store.create_city(&by("test", 11), &new_city("alpha")).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        assert_eq!(
            audit_count(store.as_ref()).await,
            before,
            "a refused change leaves no audit line"
        );

        let update = CityUpdate {
            name: "Alpha".into(),
            country: "X".into(),
            population: Some(5),
            published: true,
        };
        let updated = store
            .update_city(&by("editor", 12), city.id, &update)
            .await
            .expect("update");
        assert!(updated.published);
        let log = store
            .audit_log(&AuditFilter {
                city_id: Some(city.id),
                limit: 10,
                ..Default::default()
            })
            .await
            .expect("log");
        let last = &log[0];
        assert_eq!(
            (last.action.as_str(), last.actor_label.as_str()),
            ("update", "editor")
        );
        assert_eq!(
            last.old_value
                .as_ref()
                .and_then(|v| v["published"].as_bool()),
            Some(false)
        );
        assert_eq!(
            last.new_value
                .as_ref()
                .and_then(|v| v["published"].as_bool()),
            Some(true)
        );

        store
            .add_district(
                &by("test", 13),
                &NewDistrict {
                    city_id: city.id,
                    name: "North".into(),
                    population: Some(7),
                    area_km2: Some(1.5),
                },
            )
            .await
            .expect("district");
        let districts = store.districts(city.id).await.expect("districts");
        assert_eq!(districts.len(), 1);
        assert_eq!(districts[0].area_km2, Some(1.5));
    })
    .await;
}

#[tokio::test]
async fn accounts_memberships_and_their_audit_trail() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("beta"))
            .await
            .expect("city");
        let ana = store
            .create_user(&by("t", 2), &new_user("ana@city.org"))
            .await
            .expect("user");
        assert!(matches!(
            store
                .create_user(&by("t", 3), &new_user("ana@city.org"))
                .await,
            Err(StoreError::Conflict("email"))
        ));
        assert_eq!(
            store
                .user_by_email("ana@city.org")
                .await
                .expect("find")
                .map(|u| u.id),
            Some(ana.id)
        );

        store
            .set_membership(&by("t", 4), ana.id, city.id, "viewer")
            .await
            .expect("add");
        store
            .set_membership(&by("t", 5), ana.id, city.id, "data-editor")
            .await
            .expect("change");
        let members = store.members_of_city(city.id).await.expect("members");
        assert_eq!(
            (members.len(), members[0].role.as_str()),
            (1, "data-editor")
        );
        let log = store
            .audit_log(&AuditFilter {
                city_id: Some(city.id),
                limit: 1,
                ..Default::default()
            })
            .await
            .expect("log");
        assert_eq!(log[0].action, "change-role");
        assert_eq!(
            log[0].old_value.as_ref().map(|v| v["role"].clone()),
            Some(serde_json::json!("viewer"))
        );

        store
            .remove_membership(&by("t", 6), ana.id, city.id)
            .await
            .expect("remove");
        assert!(
            store
                .memberships_of_user(ana.id)
                .await
                .expect("list")
                .is_empty()
        );
        assert!(matches!(
            store.remove_membership(&by("t", 7), ana.id, city.id).await,
            Err(StoreError::NotFound(_))
        ));

        // The audit log never holds a password hash.
        let everything = store
            .audit_log(&AuditFilter {
                limit: 500,
                ..Default::default()
            })
            .await
            .expect("log");
        assert!(
            everything
                .iter()
                .all(|row| !format!("{:?}{:?}", row.old_value, row.new_value).contains("argon2"))
        );
    })
    .await;
}

#[tokio::test]
async fn an_invitation_is_accepted_once() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("gamma"))
            .await
            .expect("city");
        let invitation = store
            .create_invitation(
                &by("admin", 2),
                &NewInvitation {
                    token_hash: "h1".into(),
                    city_id: city.id,
                    email: "bo@city.org".into(),
                    role: "viewer".into(),
                    expires_at: 100,
                },
            )
            .await
            .expect("invite");
        let found = store
            .invitation_by_token_hash("h1")
            .await
            .expect("find")
            .expect("exists");
        assert_eq!(found.accepted_at, None);
        let user = store
            .accept_invitation(
                &by("bo@city.org", 3),
                invitation.id,
                &new_user("bo@city.org"),
            )
            .await
            .expect("accept");
        assert_eq!(
            store.memberships_of_user(user.id).await.expect("m")[0].role,
            "viewer"
        );
        let again = store
            .accept_invitation(
                &by("bo@city.org", 4),
                invitation.id,
                &new_user("bo@city.org"),
            )
            .await;
        assert!(
            matches!(again, Err(StoreError::NotFound("invitation"))),
            "{again:?}"
        );

        // A second invitation for an existing account reuses it.
        let other = store
            .create_city(&by("t", 5), &new_city("delta"))
            .await
            .expect("city");
        let second = store
            .create_invitation(
                &by("admin", 6),
                &NewInvitation {
                    token_hash: "h2".into(),
                    city_id: other.id,
                    email: "bo@city.org".into(),
                    role: "data-editor".into(),
                    expires_at: 100,
                },
            )
            .await
            .expect("invite");
        let same = store
            .accept_invitation(&by("bo@city.org", 7), second.id, &new_user("bo@city.org"))
            .await
            .expect("accept");
        assert_eq!(same.id, user.id);
        assert_eq!(
            store.memberships_of_user(user.id).await.expect("m").len(),
            2
        );
        assert_eq!(
            store
                .invitations_of_city(city.id)
                .await
                .expect("list")
                .len(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_and_tokens() {
    on_every_backend(|store| async move {
        let user = store
            .create_user(&by("t", 1), &new_user("cy@city.org"))
            .await
            .expect("user");
        for hash in ["s1", "s2", "s3"] {
            store
                .create_session(&SessionRow {
                    token_hash: hash.into(),
                    user_id: user.id,
                    created_at: 1,
                    last_seen_at: 1,
                })
                .await
                .expect("session");
        }
        store.touch_session("s1", 50).await.expect("touch");
        assert_eq!(
            store
                .session("s1")
                .await
                .expect("get")
                .map(|s| s.last_seen_at),
            Some(50)
        );
        assert_eq!(
            store
                .delete_sessions_of_user(user.id, Some("s1"))
                .await
                .expect("others"),
            2
        );
        assert!(store.session("s2").await.expect("get").is_none());

        let token = store
            .create_api_token(
                &by("t", 2),
                &NewApiToken {
                    user_id: user.id,
                    name: "ci".into(),
                    token_hash: "t1".into(),
                },
            )
            .await
            .expect("token");
        assert!(
            matches!(
                store
                    .revoke_api_token(&by("t", 3), user.id + 1, token.id)
                    .await,
                Err(StoreError::NotFound(_))
            ),
            "only its owner revokes a token"
        );

        store
            .set_user_disabled(&by("admin", 4), user.id, true)
            .await
            .expect("disable");
        assert!(
            store
                .user(user.id)
                .await
                .expect("get")
                .is_some_and(|u| u.disabled)
        );
        assert!(store.session("s1").await.expect("get").is_none());
        let token = store
            .api_token_by_hash("t1")
            .await
            .expect("get")
            .expect("kept");
        assert_eq!(token.revoked_at, Some(4));
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_pages_backwards_and_filters_by_city() {
    on_every_backend(|store| async move {
        let a = store
            .create_city(&by("t", 1), &new_city("a"))
            .await
            .expect("a");
        let b = store
            .create_city(&by("t", 2), &new_city("b"))
            .await
            .expect("b");
        for i in 0..5 {
            let event = AuditEvent {
                city_id: Some(a.id),
                entity: "session".into(),
                entity_id: i.to_string(),
                action: "sign-in".into(),
                detail: None,
            };
            store
                .record_event(&by("t", 10 + i), &event)
                .await
                .expect("event");
        }
        let page = store
            .audit_log(&AuditFilter {
                city_id: Some(a.id),
                limit: 3,
                before_id: None,
            })
            .await
            .expect("page");
        assert_eq!(page.len(), 3);
        let rest = store
            .audit_log(&AuditFilter {
                city_id: Some(a.id),
                limit: 10,
                before_id: Some(page[2].id),
            })
            .await
            .expect("rest");
        assert_eq!(rest.len(), 3, "two more sign-ins and the city's creation");
        assert!(rest.iter().all(|r| r.city_id == Some(a.id)));
        let of_b = store
            .audit_log(&AuditFilter {
                city_id: Some(b.id),
                limit: 10,
                before_id: None,
            })
            .await
            .expect("b");
        assert_eq!(of_b.len(), 1);
    })
    .await;
}

/// Regression: concurrent writes on SQLite failed with "database is locked":
/// a transaction that reads before it writes began as a reader, and SQLite
/// refuses its upgrade to writer once another writer committed, without
/// waiting. Twelve read-then-write saves at once all succeed.
#[tokio::test]
async fn concurrent_read_then_write_transactions_all_succeed() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("concurrent"))
            .await
            .expect("city");
        let assessment = store
            .create_assessment(
                &by("t", 2),
                &NewAssessment {
                    city_id: city.id,
                    year: 2025,
                    framework: "u4ssc@2017.1".into(),
                    target_set: "default".into(),
                    currency: None,
                    inputs: vec![],
                    entries: vec![],
                },
            )
            .await
            .expect("assessment");
        let mut tasks = Vec::new();
        for i in 0..12 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                // Each save reads the assessment and its inputs, then writes.
                store
                    .save_city_input(
                        &by("t", 3 + i),
                        assessment.id,
                        &CityInputRow {
                            input: format!("input-{i}"),
                            value: Some(i as f64 + 1.0),
                            source: "test".into(),
                        },
                    )
                    .await
            }));
        }
        for task in tasks {
            task.await.expect("task").expect("every write succeeds");
        }
        assert_eq!(
            store
                .city_inputs(assessment.id)
                .await
                .expect("inputs")
                .len(),
            12
        );
    })
    .await;
}
