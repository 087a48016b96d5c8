//! Signing in and out through the pages, languages, and forms that keep input.

use crate::harness::{App, CSRF, Who};
use axum::body::Body;
use axum::http::{Request, header};

async fn sign_in(
    app: &App,
    email: &str,
    password: &str,
    fixed_session: &str,
) -> crate::harness::Answer {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", CSRF),
            ("email", email),
            ("password", password),
            ("next", "/cities/demo-city"),
        ])
        .finish();
    let request = Request::post("/login")
        .header(
            header::COOKIE,
            format!("__Host-civitas_csrf={CSRF}; __Host-civitas_session={fixed_session}"),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

#[tokio::test]
async fn sign_in_sets_a_fresh_host_cookie_and_sign_out_ends_it() {
    let app = App::new().await;
    app.civitas
        .add_user_as_operator("ana@city.example", "Ana", "a long passphrase", false)
        .await
        .expect("user");
    let answer = sign_in(
        &app,
        "ana@city.example",
        "a long passphrase",
        "planted-by-attacker",
    )
    .await;
    assert_eq!(
        (answer.status, answer.location()),
        (303, "/cities/demo-city")
    );
    let cookie = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-civitas_session="))
        .expect("session cookie");
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let session = answer.cookie("__Host-civitas_session").expect("value");
    assert_ne!(
        session, "planted-by-attacker",
        "a session is never adopted from the browser"
    );
    assert_eq!(session.len(), 64);

    let cookies = format!("__Host-civitas_csrf={CSRF}; __Host-civitas_session={session}");
    let account = app
        .send(
            Request::get("/account")
                .header(header::COOKIE, &cookies)
                .body(Body::empty())
                .expect("r"),
        )
        .await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("ana@city.example"));

    let logout = Request::post("/logout")
        .header(header::COOKIE, &cookies)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={CSRF}")))
        .expect("r");
    let out = app.send(logout).await;
    assert_eq!(out.status, 303);
    assert!(
        out.set_cookies()
            .iter()
            .any(|c| c.starts_with("__Host-civitas_session=;") && c.contains("Max-Age=0"))
    );
    let after = app
        .send(
            Request::get("/account")
                .header(header::COOKIE, &cookies)
                .body(Body::empty())
                .expect("r"),
        )
        .await;
    assert_eq!(after.status, 303, "the old cookie no longer works");
}

#[tokio::test]
async fn a_wrong_password_re_renders_the_form_with_the_email_kept() {
    let app = App::new().await;
    let answer = sign_in(&app, "amina@demo.civitas.example", "not it", "").await;
    assert_eq!(answer.status, 401);
    assert!(
        answer
            .body
            .contains(r#"value="amina@demo.civitas.example""#),
        "the e-mail is kept"
    );
    assert!(answer.body.contains(r#"aria-invalid="true""#));
    assert!(
        answer
            .body
            .contains("The e-mail address or the password is not right.")
    );
}

#[tokio::test]
async fn the_language_follows_the_browser_then_the_choice_sticks() {
    let app = App::new().await;
    let first = app
        .send(
            Request::get("/")
                .header(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9,en;q=0.5")
                .body(Body::empty())
                .expect("r"),
        )
        .await;
    assert!(first.body.contains(r#"<html lang="fr" dir="ltr">"#));
    let switch = app
        .post(
            "/language",
            Who::Anonymous,
            &[("lang", "ar"), ("next", "/cities/demo-city")],
        )
        .await;
    assert_eq!(
        (switch.status, switch.location()),
        (303, "/cities/demo-city")
    );
    let chosen = switch
        .cookie("__Host-civitas_lang")
        .expect("language cookie");
    let page = app
        .get_with(
            "/cities/demo-city",
            Who::Anonymous,
            &format!("__Host-civitas_lang={chosen}"),
        )
        .await;
    assert!(page.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(
        page.body.contains("الأحياء"),
        "the districts heading is in Arabic"
    );
    assert!(
        page.body.contains("٦١٬٩٠٠"),
        "numbers use Arabic digits and grouping"
    );
    let hostile = app
        .post(
            "/language",
            Who::Anonymous,
            &[("lang", "fr"), ("next", "//evil.example")],
        )
        .await;
    assert_eq!(hostile.location(), "/");
}

#[tokio::test]
async fn an_invitation_form_with_bad_values_keeps_what_was_typed() {
    let app = App::new().await;
    let answer = app
        .post(
            "/cities/demo-city/invitations",
            Who::CityAdmin,
            &[("email", "not-an-email"), ("role", "viewer")],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains(r#"value="not-an-email""#));
    assert!(answer.body.contains(r#"id="field-email-error""#));
    assert!(
        answer
            .body
            .contains("Enter an e-mail address like name@example.org.")
    );
}

#[tokio::test]
async fn sign_in_is_throttled_after_repeated_failures() {
    let app = App::new().await;
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, "omar@demo.civitas.example", "wrong", "")
                .await
                .status,
            401
        );
    }
    let throttled = sign_in(&app, "omar@demo.civitas.example", "wrong", "").await;
    assert_eq!(throttled.status, 429);
    assert!(throttled.body.contains("Too many attempts"));
}
