//! What several use-case tests share.

use civitas_service::{Civitas, Visitor};

/// Loads the demo city into an empty database and signs in its city admin,
/// data editor and viewer: (city id, admin, editor, viewer).
pub async fn demo_team(civitas: &Civitas) -> (i64, Visitor, Visitor, Visitor) {
    let logins = civitas
        .load_demo_if_empty()
        .await
        .expect("demo")
        .expect("empty database");
    let mut visitors = Vec::new();
    for role in ["city-admin", "data-editor", "viewer"] {
        let login = logins.iter().find(|l| l.role == role).expect("login");
        let signed_in = civitas
            .sign_in(&login.email, &login.password, "10.0.0.1")
            .await
            .expect("sign in");
        visitors.push(
            civitas
                .session_actor(&signed_in.session_token)
                .await
                .expect("visitor"),
        );
    }
    let city = civitas
        .city_by_slug(&visitors[0], "demo-city")
        .await
        .expect("city")
        .city
        .id;
    let viewer = visitors.pop().expect("viewer");
    let editor = visitors.pop().expect("editor");
    let admin = visitors.pop().expect("admin");
    (city, admin, editor, viewer)
}
