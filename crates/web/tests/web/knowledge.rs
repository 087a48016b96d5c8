//! The knowledge base's pages and API: search by GET parameters with marked
//! matches, the English fallback marker, pagination, an entry with its chain
//! both ways, browsing, and a platform admin's edit, preview, refusal of a
//! bad file, save, search for the new words, history and revert.

use crate::harness::{App, Who};

const ENTRY: &str = "accessible-digital-services";

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn search_page_marks_matches_filters_by_get_and_pages() {
    let app = App::new().await;
    let page = app
        .get("/knowledge?q=donn%C3%A9es+ouvertes&lang=fr", Who::Anonymous)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<mark>"), "matches are marked");
    assert!(page.body.contains("lang=\"fr\""));
    assert!(
        page.body.contains("value=\"données ouvertes\""),
        "the query stays in the box"
    );

    // Spanish readers get English text, marked as such.
    let spanish = app
        .get("/knowledge?q=datos+abiertos&lang=es", Who::Anonymous)
        .await;
    assert!(spanish.body.contains("class=\"kb-fallback\""));

    // Filters are GET parameters: a shared link shows the same results.
    let filtered = app
        .get(
            "/knowledge?pillar=financing-funding&kind=solution",
            Who::Anonymous,
        )
        .await;
    assert_eq!(filtered.status, 200);
    assert!(
        filtered
            .body
            .contains("name=\"pillar\" value=\"financing-funding\" checked")
    );
    assert!(
        filtered
            .body
            .contains("name=\"kind\" value=\"solution\" checked")
    );
    assert!(
        !filtered.body.contains("kb-kind-challenge\">"),
        "only solutions"
    );

    // Every entry, ten a page, with a link to the next page that keeps the filters.
    let first = app.get("/knowledge?kind=resource", Who::Anonymous).await;
    assert_eq!(count(&first.body, "class=\"kb-result\""), 10);
    assert!(
        first
            .body
            .contains("href=\"/knowledge?kind=resource&#38;page=2\" rel=\"next\"")
    );
    let second = app
        .get("/knowledge?kind=resource&page=2", Who::Anonymous)
        .await;
    assert!(second.body.contains("rel=\"prev\""));

    // A value that names nothing is said, not an error.
    let stale = app
        .get("/knowledge?topic=watr&sdg=99", Who::Anonymous)
        .await;
    assert_eq!(stale.status, 200);
    assert!(stale.body.contains("topic=watr"));
    assert!(stale.body.contains("sdg=99"));
}

#[tokio::test]
async fn entry_page_shows_the_chain_both_ways_sources_and_tags() {
    let app = App::new().await;
    let page = app
        .get(&format!("/knowledge/{ENTRY}"), Who::Anonymous)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Challenges this solution answers"));
    assert!(page.body.contains("Resources for this solution"));
    assert!(
        page.body
            .contains("href=\"/knowledge/wcag-22-accessibility\"")
    );
    assert!(
        page.body
            .contains("href=\"/knowledge/digital-services-not-accessible\"")
    );
    assert!(
        page.body
            .contains("href=\"/knowledge?topic=digital-inclusion\"")
    );
    assert!(page.body.contains("Sources"));
    assert!(!page.body.contains("/edit\""), "no edit link for visitors");

    let french = app
        .get(&format!("/knowledge/{ENTRY}?lang=fr"), Who::Anonymous)
        .await;
    assert!(
        french
            .body
            .contains("lang=\"fr\" dir=\"ltr\">Rendre les services")
    );
    let arabic = app
        .get(&format!("/knowledge/{ENTRY}?lang=ar"), Who::Anonymous)
        .await;
    assert!(
        arabic.body.contains("class=\"kb-fallback\""),
        "shown in English"
    );

    let admin = app
        .get(&format!("/knowledge/{ENTRY}"), Who::PlatformAdmin)
        .await;
    assert!(
        admin
            .body
            .contains(&format!("href=\"/knowledge/{ENTRY}/edit\""))
    );
    assert_eq!(
        app.get("/knowledge/no-such-entry", Who::Anonymous)
            .await
            .status,
        404
    );

    let browse = app.get("/knowledge/browse", Who::Anonymous).await;
    assert_eq!(browse.status, 200);
    assert!(
        browse
            .body
            .contains("href=\"/knowledge?pillar=financing-funding\"")
    );
    assert!(browse.body.contains("href=\"/knowledge?topic=water\""));
}

#[tokio::test]
async fn a_platform_admin_edits_previews_saves_finds_and_reverts_an_entry() {
    let app = App::new().await;
    let path = format!("/knowledge/{ENTRY}/edit");
    let form = app.get(&path, Who::PlatformAdmin).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("<textarea id=\"field-toml\" name=\"toml\"")
    );
    let shipped = app
        .api(
            "GET",
            &format!("/api/v1/knowledge/entries/{ENTRY}/file"),
            Who::PlatformAdmin,
            None,
        )
        .await;
    let file: serde_json::Value = serde_json::from_str(&shipped.body).expect("json");
    let text = file["toml"].as_str().expect("toml").to_string();

    // A bad file: every problem by file and field, nothing stored.
    let broken = text.replace("topics = [\"digital-inclusion\"]", "topics = [\"wifi\"]");
    let refused = app
        .post(
            &path,
            Who::PlatformAdmin,
            &[("toml", &broken), ("action", "save")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("solution/accessible-digital-services.toml")
    );
    assert!(
        refused
            .body
            .contains("field `topics[0]`: unknown topic `wifi`")
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert!(
        refused.body.contains("topics = [&#34;wifi&#34;]")
            || refused.body.contains("topics = [&quot;wifi&quot;]"),
        "the text as typed comes back"
    );

    // A preview shows the entry without saving.
    let edited = text.replace(
        "title = \"Make city digital services accessible",
        "title = \"Wombat-proof kiosks: make city digital services accessible",
    );
    let preview = app
        .post(
            &path,
            Who::PlatformAdmin,
            &[
                ("toml", &edited.replace('\n', "\r\n")),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("<h3>Wombat-proof kiosks"));
    let nothing = app.get("/knowledge?q=wombat", Who::Anonymous).await;
    assert!(!nothing.body.contains(ENTRY));

    let saved = app
        .post(
            &path,
            Who::PlatformAdmin,
            &[("toml", &edited.replace('\n', "\r\n")), ("action", "save")],
        )
        .await;
    assert_eq!(
        (saved.status, saved.location()),
        (303, format!("{path}?notice=saved").as_str())
    );
    let found = app.get("/knowledge?q=wombat", Who::Anonymous).await;
    assert!(found.body.contains(&format!("href=\"/knowledge/{ENTRY}\"")));
    assert!(found.body.contains("<mark>Wombat</mark>"));

    let edits = app.get("/knowledge/edits", Who::PlatformAdmin).await;
    assert_eq!(edits.status, 200);
    assert!(edits.body.contains(&format!("/knowledge/{ENTRY}/edit")));
    let history = app
        .get(&format!("{path}?notice=saved"), Who::PlatformAdmin)
        .await;
    assert!(history.body.contains("class=\"notice\""));
    assert!(
        history
            .body
            .contains(&format!("href=\"/knowledge/{ENTRY}/revert\""))
    );

    let confirm = app
        .get(&format!("/knowledge/{ENTRY}/revert"), Who::PlatformAdmin)
        .await;
    assert_eq!(confirm.status, 200);
    let reverted = app
        .post(
            &format!("/knowledge/{ENTRY}/revert"),
            Who::PlatformAdmin,
            &[],
        )
        .await;
    assert_eq!(reverted.status, 303);
    let gone = app.get("/knowledge?q=wombat", Who::Anonymous).await;
    assert!(!gone.body.contains(ENTRY));
    assert_eq!(
        app.get(&format!("/knowledge/{ENTRY}/revert"), Who::PlatformAdmin)
            .await
            .status,
        404,
        "nothing left to revert"
    );
}

#[tokio::test]
async fn a_platform_admin_adds_an_entry_through_the_page() {
    let app = App::new().await;
    let file = app
        .api(
            "GET",
            &format!("/api/v1/knowledge/entries/{ENTRY}/file"),
            Who::PlatformAdmin,
            None,
        )
        .await;
    let text: serde_json::Value = serde_json::from_str(&file.body).expect("json");
    let added = text["toml"]
        .as_str()
        .expect("toml")
        .replace(&format!("id = \"{ENTRY}\""), "id = \"numbat-help-desk\"")
        .replace(
            "title = \"Make city",
            "title = \"Numbat help desk: make city",
        );
    let taken = app
        .post(
            "/knowledge/new",
            Who::PlatformAdmin,
            &[("id", ENTRY), ("toml", &added), ("action", "save")],
        )
        .await;
    assert_eq!(taken.status, 422);
    let saved = app
        .post(
            "/knowledge/new",
            Who::PlatformAdmin,
            &[
                ("id", "numbat-help-desk"),
                ("toml", &added),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let entry = app.get("/knowledge/numbat-help-desk", Who::Anonymous).await;
    assert_eq!(entry.status, 200);
    assert!(entry.body.contains("Added on this platform."));
}

#[tokio::test]
async fn the_api_searches_reads_suggests_and_lets_admins_edit() {
    let app = App::new().await;
    let search = app
        .api(
            "GET",
            "/api/v1/knowledge/search?q=open+data&kind=solution&per_page=3",
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(search.status, 200);
    let json: serde_json::Value = serde_json::from_str(&search.body).expect("json");
    assert_eq!(json["hits"].as_array().map(Vec::len), Some(3));
    assert!(
        json["hits"][0]["title"]["segments"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["mark"] == true))
    );
    let bad = app
        .api(
            "GET",
            "/api/v1/knowledge/search?topic=watr",
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("topic=watr"));

    let entry = app
        .api(
            "GET",
            &format!("/api/v1/knowledge/entries/{ENTRY}?lang=es"),
            Who::Anonymous,
            None,
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&entry.body).expect("json");
    assert_eq!(
        (json["language"].as_str(), json["fallback"].as_bool()),
        (Some("en"), Some(true))
    );
    assert!(
        json["linked_from"]
            .as_array()
            .is_some_and(|l| !l.is_empty())
    );

    let suggested = app
        .api(
            "POST",
            "/api/v1/knowledge/suggestions",
            Who::Anonymous,
            Some(serde_json::json!({"gap_elements": ["di-dpi-building-blocks"], "findings": ["affordability"], "lang": "fr"})),
        )
        .await;
    assert_eq!(suggested.status, 200);
    let json: serde_json::Value = serde_json::from_str(&suggested.body).expect("json");
    assert!(
        json["suggestions"][0]["reasons"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );

    let file = app
        .api(
            "GET",
            &format!("/api/v1/knowledge/entries/{ENTRY}/file"),
            Who::PlatformAdmin,
            None,
        )
        .await;
    let text = serde_json::from_str::<serde_json::Value>(&file.body).expect("json")["toml"]
        .as_str()
        .expect("toml")
        .to_string();
    let broken = app
        .api(
            "PUT",
            &format!("/api/v1/knowledge/entries/{ENTRY}"),
            Who::PlatformAdmin,
            Some(serde_json::json!({"toml": text.replace("sdgs = [10, 11]", "sdgs = [10, 18]")})),
        )
        .await;
    assert_eq!(broken.status, 422);
    let json: serde_json::Value = serde_json::from_str(&broken.body).expect("json");
    assert_eq!(
        json["problems"][0]["file"],
        "solution/accessible-digital-services.toml"
    );
    assert!(
        json["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("field `sdgs[1]`"))
    );

    let edited = text.replace(
        "title = \"Make city",
        "title = \"Platypus counters: make city",
    );
    let saved = app
        .api(
            "PUT",
            &format!("/api/v1/knowledge/entries/{ENTRY}"),
            Who::PlatformAdmin,
            Some(serde_json::json!({"toml": edited})),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let found = app
        .api(
            "GET",
            "/api/v1/knowledge/search?q=platypus",
            Who::Anonymous,
            None,
        )
        .await;
    assert!(found.body.contains(ENTRY));
    let reverted = app
        .api(
            "DELETE",
            &format!("/api/v1/knowledge/entries/{ENTRY}"),
            Who::PlatformAdmin,
            None,
        )
        .await;
    assert_eq!(reverted.status, 204);
    let edits = app
        .api("GET", "/api/v1/knowledge/edits", Who::PlatformAdmin, None)
        .await;
    let json: serde_json::Value = serde_json::from_str(&edits.body).expect("json");
    assert_eq!(json["edits"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["changes"][0]["action"], "revert");
}
