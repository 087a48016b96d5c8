//! Every route × every kind of visitor × own city / other city, against the
//! expected answer. A new route needs a row here (the OpenAPI test checks the
//! API half of this table against the generated document).

use crate::harness::{App, Who};

/// What a visitor should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// This status code.
    Status(u16),
    /// A redirect to the sign-in page.
    SignIn,
}
use Expect::*;

pub struct Row {
    pub method: &'static str,
    pub path: &'static str,
    /// Form fields or JSON body.
    pub body: Body,
    /// The answer for each visitor, in the order of `Who::ALL`:
    /// anonymous, viewer, verifier, data editor, other city's admin, city admin, platform admin.
    pub expect: [Expect; 7],
}

pub enum Body {
    None,
    Form(&'static [(&'static str, &'static str)]),
    Json(&'static str),
}

const fn everyone(e: Expect) -> [Expect; 7] {
    [e, e, e, e, e, e, e]
}

/// Signed-in people get `ok`; anonymous visitors go to sign in.
const fn signed_in(ok: Expect) -> [Expect; 7] {
    [SignIn, ok, ok, ok, ok, ok, ok]
}

/// Only the demo city's admin and platform admins; others are refused.
const fn city_admin(ok: Expect, anonymous: Expect) -> [Expect; 7] {
    let no = Status(403);
    [anonymous, no, no, no, no, ok, ok]
}

const fn platform_only(ok: Expect, anonymous: Expect) -> [Expect; 7] {
    let no = Status(403);
    [anonymous, no, no, no, no, no, ok]
}

/// A consultation's results and the team's pages: the demo city's admins,
/// editors and viewers; the verifier and the other city's admin are refused.
const CONSULTATION_READERS: [Expect; 7] = [
    SignIn,
    Status(200),
    Status(403),
    Status(200),
    Status(403),
    Status(200),
    Status(200),
];

/// Creating, publishing, assisted entry and moderation: the demo city's
/// admins and data editors.
const fn consultation_managers(ok: Expect) -> [Expect; 7] {
    let no = Status(403);
    [SignIn, no, no, ok, no, ok, ok]
}

/// An assessment of the demo city, read by its team and assigned verifier;
/// the other city's admin learns nothing (404).
const KPI_READERS: [Expect; 7] = [
    Status(401),
    Status(200),
    Status(200),
    Status(200),
    Status(404),
    Status(200),
    Status(200),
];

/// Results that are not public: 404 for anyone outside, signed in or not.
const KPI_PRIVATE_RESULTS: [Expect; 7] = [
    Status(404),
    Status(200),
    Status(200),
    Status(200),
    Status(404),
    Status(200),
    Status(200),
];

/// The demo city's assessments as a list: the other city's admin is refused.
const KPI_MEMBERS: [Expect; 7] = [
    Status(401),
    Status(200),
    Status(200),
    Status(200),
    Status(403),
    Status(200),
    Status(200),
];

/// Data entry on a demo assessment: its editors and admins.
const KPI_EDITORS: [Expect; 7] = kpi_team(Status(200), Status(200), Status(200));

/// A new assessment of the demo city: its editors and admins.
const KPI_CITY_EDITORS: [Expect; 7] = [
    Status(401),
    Status(403),
    Status(403),
    Status(201),
    Status(403),
    Status(201),
    Status(201),
];

/// A write on one demo assessment: viewers and the verifier are refused, the
/// other city's admin gets 404; `editor` for the data editor, `admin` for the
/// city and platform admins.
const fn kpi_team(editor: Expect, admin: Expect, platform: Expect) -> [Expect; 7] {
    let no = Status(403);
    [Status(401), no, no, editor, Status(404), admin, platform]
}

/// The review of a submitted assessment: its assigned verifier (and platform admins).
const fn kpi_verifier(ok: Expect) -> [Expect; 7] {
    let no = Status(403);
    [Status(401), no, ok, no, Status(404), no, ok]
}

/// One procurement of the demo city, read by its team (its viewers
/// included); strangers to it learn nothing (404), anonymous callers 401.
const PROCUREMENT_TEAM: [Expect; 7] = [
    Status(401),
    Status(200),
    Status(404),
    Status(200),
    Status(404),
    Status(200),
    Status(200),
];

/// A write on the demo procurement by its editors and admins (plan, notice,
/// engagement, delivery).
const fn procurement_editors(ok: Expect) -> [Expect; 7] {
    let no = Status(403);
    [Status(401), no, Status(404), ok, Status(404), ok, ok]
}

/// What only the city's admins steer (criteria, evaluators, bids, consensus,
/// award) and the bids they see; the editor has not declared yet.
const fn procurement_admins(ok: Expect) -> [Expect; 7] {
    let no = Status(403);
    [Status(401), no, Status(404), no, Status(404), ok, ok]
}

/// The demo city's team and platform admins see it; anonymous visitors get
/// `anonymous`, the other city's admin a 404 (it does not exist for them).
const fn team_only(ok: Expect, anonymous: Expect) -> [Expect; 7] {
    [anonymous, ok, ok, ok, Status(404), ok, ok]
}

/// Those who may change the demo city's data (its editors and admins, and
/// platform admins); its viewers and verifier are refused.
const fn editors_only(ok: Expect) -> [Expect; 7] {
    let no = Status(403);
    [SignIn, no, no, ok, Status(404), ok, ok]
}

/// The digital divide's team pages: its members read them; anonymous
/// visitors sign in; the verifier and the other city's admin are refused.
const DIVIDE_TEAM: [Expect; 7] = [
    SignIn,
    Status(200),
    Status(403),
    Status(200),
    Status(403),
    Status(200),
    Status(200),
];

/// Digital-divide writes by the city's editors and admins.
const fn divide_editors(ok: Expect) -> [Expect; 7] {
    let no = Status(403);
    [SignIn, no, no, ok, no, ok, ok]
}

const DIVIDE_EDITORS_422: [Expect; 7] = divide_editors(Status(422));

/// Digital-divide publication and deletion: the city's admins.
const fn divide_admins(ok: Expect) -> [Expect; 7] {
    city_admin(ok, SignIn)
}

/// A survey or action read through the API by its city's team; 404 for
/// anyone else, so its existence is not revealed.
const DIVIDE_API_TEAM: [Expect; 7] = [
    Status(404),
    Status(200),
    Status(404),
    Status(200),
    Status(404),
    Status(200),
    Status(200),
];

/// API writes by the city's editors and admins, on the city.
const fn divide_api_editors(ok: Expect) -> [Expect; 7] {
    let no = Status(403);
    [Status(401), no, no, ok, no, ok, ok]
}

/// API writes on one survey or action: 404 for those outside the team;
/// `editor` for the data editor, `admin` for the city and platform admins.
const fn divide_api_survey_writers(editor: Expect, admin: Expect) -> [Expect; 7] {
    let hidden = Status(404);
    [hidden, Status(403), hidden, editor, hidden, admin, admin]
}

pub const PAGES: &[Row] = &[
    // Knowledge base: open to everyone; editing for platform admins.
    Row {
        method: "GET",
        path: "/knowledge?q=open+data&lang=fr&kind=solution&pillar=financing-funding",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/knowledge/browse",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/knowledge/accessible-digital-services",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/knowledge/edits",
        body: Body::None,
        expect: platform_only(Status(200), SignIn),
    },
    Row {
        method: "GET",
        path: "/knowledge/new",
        body: Body::None,
        expect: platform_only(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/knowledge/new",
        body: Body::Form(&[("id", "brand-new"), ("toml", "id = "), ("action", "save")]),
        expect: platform_only(Status(422), SignIn),
    },
    Row {
        method: "GET",
        path: "/knowledge/accessible-digital-services/edit",
        body: Body::None,
        expect: platform_only(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/knowledge/accessible-digital-services/edit",
        body: Body::Form(&[("toml", "id = "), ("action", "preview")]),
        expect: platform_only(Status(422), SignIn),
    },
    // Nothing is edited in the demo: nothing to revert.
    Row {
        method: "GET",
        path: "/knowledge/accessible-digital-services/revert",
        body: Body::None,
        expect: platform_only(Status(404), SignIn),
    },
    Row {
        method: "POST",
        path: "/knowledge/accessible-digital-services/revert",
        body: Body::Form(&[]),
        expect: platform_only(Status(404), SignIn),
    },
    Row {
        method: "GET",
        path: "/",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/login",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "POST",
        path: "/logout",
        body: Body::Form(&[]),
        expect: everyone(Status(303)),
    },
    Row {
        method: "POST",
        path: "/language",
        body: Body::Form(&[("lang", "fr"), ("next", "/")]),
        expect: everyone(Status(303)),
    },
    Row {
        method: "GET",
        path: "/account",
        body: Body::None,
        expect: signed_in(Status(200)),
    },
    Row {
        method: "POST",
        path: "/account/password",
        body: Body::Form(&[
            ("current_password", "wrong"),
            ("new_password", "a new passphrase"),
            ("confirm_password", "a new passphrase"),
        ]),
        expect: signed_in(Status(422)),
    },
    Row {
        method: "POST",
        path: "/account/tokens",
        body: Body::Form(&[("name", "script")]),
        expect: signed_in(Status(200)),
    },
    Row {
        method: "POST",
        path: "/account/tokens/999999/revoke",
        body: Body::Form(&[]),
        expect: signed_in(Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    // The other city is unpublished: it does not exist for strangers.
    Row {
        method: "GET",
        path: "/cities/other-city",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/settings",
        body: Body::None,
        expect: city_admin(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/settings",
        body: Body::Form(&[
            ("name", "Demo City"),
            ("country", "Demoland"),
            ("population", "412300"),
            ("published", "yes"),
        ]),
        expect: city_admin(Status(303), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/members",
        body: Body::None,
        expect: city_admin(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/invitations",
        body: Body::Form(&[("email", "someone@demo.example"), ("role", "viewer")]),
        expect: city_admin(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/members/{editor}/role",
        body: Body::Form(&[("role", "viewer")]),
        expect: city_admin(Status(303), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/members/{editor}/remove",
        body: Body::None,
        expect: city_admin(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/members/{editor}/remove",
        body: Body::Form(&[]),
        expect: city_admin(Status(303), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/members/{editor}/disable",
        body: Body::None,
        expect: city_admin(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/members/{editor}/disable",
        body: Body::Form(&[]),
        expect: city_admin(Status(303), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/audit",
        body: Body::None,
        expect: city_admin(Status(200), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/other-city/audit",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/invitations/{invitation}",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/invitations/not-a-real-link",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "POST",
        path: "/invitations/{invitation}",
        body: Body::Form(&[
            ("name", "New Person"),
            ("password", "a long passphrase"),
            ("confirm_password", "a long passphrase"),
        ]),
        expect: everyone(Status(303)),
    },
    Row {
        method: "GET",
        path: "/admin",
        body: Body::None,
        expect: platform_only(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/admin/cities",
        body: Body::Form(&[
            ("name", "Third City"),
            ("slug", "third-city"),
            ("country", "X"),
            ("population", ""),
        ]),
        expect: platform_only(Status(303), SignIn),
    },
    Row {
        method: "GET",
        path: "/admin/users/{editor}/disable",
        body: Body::None,
        expect: platform_only(Status(200), SignIn),
    },
    // Disabling is decided per target: the demo city's admin may disable
    // someone who belongs only to their city, whichever page they use.
    Row {
        method: "POST",
        path: "/admin/users/{editor}/disable",
        body: Body::Form(&[]),
        expect: city_admin(Status(303), SignIn),
    },
    Row {
        method: "POST",
        path: "/admin/users/{editor}/enable",
        body: Body::Form(&[]),
        expect: city_admin(Status(303), SignIn),
    },
    Row {
        method: "GET",
        path: "/admin/audit",
        body: Body::None,
        expect: platform_only(Status(200), SignIn),
    },
    Row {
        method: "GET",
        path: "/healthz",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/metrics",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/static/civitas.css",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/static/kpi-check.js",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/no-such-page",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    // KPI data entry and verification (pages/kpi/entry.rs)
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(200),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments",
        body: Body::Form(&[("year", "2026")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(200),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/submit",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(404),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/settings",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(403),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/settings",
        body: Body::Form(&[
            ("target_set", "default"),
            ("currency", "EUR"),
            ("verifier", ""),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(403),
            Status(404),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/revision",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(403),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{verified}/revision",
        body: Body::Form(&[("reason", "Corrected figures")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(403),
            Status(404),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/inputs",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(200),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/inputs",
        body: Body::Form(&[
            ("population-value", "420000"),
            ("population-source", "Register"),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(404),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/categories/ICT/ICT",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(200),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/categories/ICT/ICT",
        body: Body::Form(&[("m0-present", "1"), ("m0-numerator", "150000")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(404),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/categories/ICT/ICT/check",
        body: Body::Form(&[("m0-present", "1"), ("m0-numerator", "150000")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/evidence",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(200),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/evidence",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(400),
            Status(404),
            Status(400),
            Status(400),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/evidence/999999",
        body: Body::None,
        expect: [
            SignIn,
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(404),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/evidence/999999/delete",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(404),
            Status(404),
            Status(404),
            Status(404),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/evidence/999999/delete",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(404),
            Status(404),
            Status(404),
            Status(404),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{submitted}/verification",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(200),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{submitted}/verification/questions",
        body: Body::Form(&[
            ("kpi", "EC: ICT: ICT: 1C"),
            ("data_point", ""),
            ("body", "Which survey?"),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(303),
            Status(403),
            Status(404),
            Status(403),
            Status(303),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{submitted}/verification/answers",
        body: Body::Form(&[
            ("kpi", "EC: ICT: ICT: 1C"),
            ("data_point", ""),
            ("body", "The 2024 wave."),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(404),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{submitted}/verification/decisions",
        body: Body::Form(&[
            ("kpi", "EC: ICT: ICT: 1C"),
            ("data_point", ""),
            ("decision", "verified"),
            ("body", ""),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(303),
            Status(403),
            Status(404),
            Status(403),
            Status(303),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{submitted}/verification/complete",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(422),
            Status(403),
            Status(404),
            Status(403),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{submitted}/verification/return",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(303),
            Status(403),
            Status(404),
            Status(403),
            Status(303),
        ],
    },
    // KPI results, snapshot, import and export (pages/kpi/results.rs)
    // Uploads are multipart: the plain form these rows send is refused with 400
    // once the visitor is allowed, so every refusal above 400 comes first.
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/results",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/results",
        body: Body::None,
        expect: team_only(Status(200), Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/sdg",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/sdg",
        body: Body::None,
        expect: team_only(Status(200), Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/trends",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/trends",
        body: Body::None,
        expect: team_only(Status(200), Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/peers",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/peers",
        body: Body::None,
        expect: team_only(Status(200), Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/snapshot",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/snapshot",
        body: Body::None,
        expect: team_only(Status(200), Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/snapshot.pdf",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/snapshot.pdf",
        body: Body::None,
        expect: team_only(Status(200), Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/export.csv",
        body: Body::None,
        expect: team_only(Status(200), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/export.csv",
        body: Body::None,
        expect: team_only(Status(200), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/export.xlsx",
        body: Body::None,
        expect: team_only(Status(200), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/export.xlsx",
        body: Body::None,
        expect: team_only(Status(200), SignIn),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{draft}/import",
        body: Body::None,
        expect: editors_only(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/assessments/{verified}/import",
        body: Body::None,
        expect: editors_only(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/import",
        body: Body::None,
        expect: editors_only(Status(400)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/assessments/{draft}/import/confirm",
        body: Body::None,
        expect: editors_only(Status(400)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/targets",
        body: Body::None,
        // The verifier is external: assigned assessments only, not the workspace.
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/targets",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(400),
            Status(403),
            Status(400),
            Status(400),
        ],
    },
    Row {
        method: "GET",
        path: "/admin/frameworks",
        body: Body::None,
        expect: platform_only(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/admin/frameworks",
        body: Body::None,
        expect: platform_only(Status(400), SignIn),
    },
    // Strategy. The demo's open 2026 round and its first roadmap action; strangers
    // are refused before anything is looked up (strategy.rs checks a closed round).
    Row {
        method: "GET",
        path: "/cities/demo-city/maturity",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/maturity",
        body: Body::Form(&[("name", "Round"), ("default_target", "3")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/maturity/{round}",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/maturity/{round}/results",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/maturity/{round}/respondents",
        body: Body::Form(&[("name", "Finance"), ("kind", "department")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/maturity/{round}/consensus",
        body: Body::Form(&[("element", "vs-baseline-needs"), ("level", "2")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/maturity/{round}/close",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/maturity/{round}/close",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    // The questionnaire needs no account: its link is the key.
    Row {
        method: "GET",
        path: "/maturity/mq_not-a-link",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "POST",
        path: "/maturity/mq_not-a-link",
        body: Body::Form(&[("intent", "save")]),
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/roadmap",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/roadmap/stakeholders",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/roadmap/export",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/roadmap.pdf",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/roadmap/stakeholders",
        body: Body::Form(&[
            ("name", "Agency"),
            ("level", "regional"),
            ("sector", "government"),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/roadmap/actions/new",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/roadmap/actions",
        body: Body::Form(&[("title", ""), ("intent", "save")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(422),
            Status(403),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/roadmap/actions/{action}",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/roadmap/actions/{action}",
        body: Body::Form(&[("title", "x")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(422),
            Status(403),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/roadmap/actions/{action}/delete",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/roadmap/actions/{action}/delete",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    // Digital divide: the demo city's published survey is 1, its plan's actions 1 and 2.
    Row {
        method: "GET",
        path: "/cities/demo-city/divide",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    // Not multipart: who may upload is checked first, then the name is missing.
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/surveys",
        body: Body::Form(&[("name", "")]),
        expect: DIVIDE_EDITORS_422,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1",
        body: Body::None,
        expect: DIVIDE_TEAM,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/public",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/results.csv",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/declare",
        body: Body::None,
        expect: divide_editors(Status(200)),
    },
    // An empty mapping: the service says to map at least one indicator.
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/1/declare",
        body: Body::Form(&[("weight", "weight")]),
        expect: DIVIDE_EDITORS_422,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/publish",
        body: Body::None,
        expect: divide_admins(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/1/publish",
        body: Body::Form(&[]),
        expect: divide_admins(Status(303)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/unpublish",
        body: Body::None,
        expect: divide_admins(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/1/unpublish",
        body: Body::Form(&[]),
        expect: divide_admins(Status(303)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/delete",
        body: Body::None,
        expect: divide_admins(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/1/delete",
        body: Body::Form(&[]),
        expect: divide_admins(Status(303)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/map?indicator=internet-use",
        body: Body::None,
        expect: DIVIDE_TEAM,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/1/taxonomy?rank=people",
        body: Body::None,
        expect: DIVIDE_TEAM,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/boundaries",
        body: Body::None,
        expect: DIVIDE_TEAM,
    },
    // Not multipart: no file, which the service refuses.
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/boundaries",
        body: Body::Form(&[]),
        expect: DIVIDE_EDITORS_422,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/plan",
        body: Body::None,
        expect: DIVIDE_TEAM,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/plan/new?gap=internet-use%2Fgender%2Ffemale",
        body: Body::None,
        expect: divide_editors(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/plan",
        body: Body::Form(&[("title", "")]),
        expect: DIVIDE_EDITORS_422,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/plan/1",
        body: Body::None,
        expect: divide_editors(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/plan/1",
        body: Body::Form(&[("title", "")]),
        expect: DIVIDE_EDITORS_422,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/plan/1/delete",
        body: Body::None,
        expect: divide_editors(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/divide/plan/1/delete",
        body: Body::Form(&[]),
        expect: divide_editors(Status(303)),
    },
    // The plan is public once the (published) city has published a survey.
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/plan/export",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/divide/plan.pdf",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/static/divide-upload.js",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    // Participation: residents need no account; the queue is for the demo
    // city's editors and admins, client apps for its admins.
    Row {
        method: "GET",
        path: "/cities/demo-city/report",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/report",
        body: Body::Form(&[
            ("service_code", "waste"),
            ("description", "Bins not emptied"),
            ("address_string", "Elm Street 9"),
        ]),
        expect: everyone(Status(303)),
    },
    Row {
        method: "GET",
        path: "/cities/other-city/report",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/receipts",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/receipts/AAAA-BBBB-CCCC-DDDD",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/receipts/AAAA-BBBB-CCCC-DDDD/download",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "POST",
        path: "/receipts/AAAA-BBBB-CCCC-DDDD/erase",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/requests/1",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/requests/1",
        body: Body::Form(&[
            ("action", "status"),
            ("status", "closed"),
            ("notes", "Done"),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/apps",
        body: Body::Form(&[("name", "FixMyStreet")]),
        expect: city_admin(Status(201), SignIn),
    },
    // "You said, we did": public for a published city; the answer to a
    // request is the moderators'; the retention period is the admins'.
    Row {
        method: "GET",
        path: "/cities/demo-city/you-said-we-did",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/other-city/you-said-we-did",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/requests/1/outcome",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/requests/2/outcome",
        body: Body::Form(&[("status", "planned"), ("note", "On the list")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/retention",
        body: Body::None,
        expect: city_admin(Status(200), SignIn),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/retention",
        body: Body::Form(&[("months", "6")]),
        expect: city_admin(Status(303), SignIn),
    },
    // Open311 GeoReport v2 acts as an anonymous resident or a client app,
    // whoever sends it (open311.rs tests keys, errors and limits).
    Row {
        method: "GET",
        path: "/open311/v2/services.json",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/open311/v2/services/waste.xml",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/open311/v2/requests.json",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/open311/v2/requests/1.xml",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "POST",
        path: "/open311/v2/requests.json",
        body: Body::Form(&[
            ("service_code", "waste"),
            ("description", "Bins not emptied"),
            ("address_string", "Elm Street 9"),
        ]),
        expect: everyone(Status(201)),
    },
    // Consultations: residents answer without an account; the demo city's
    // editors and admins manage and enter assisted answers, its whole team
    // (viewers too) reads results; the verifier and the other city's admin
    // are refused.
    Row {
        method: "GET",
        path: "/cities/demo-city/consultations",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/other-city/consultations",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/consultations/{consultation}",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/consultations/{consultation}",
        body: Body::Form(&[("age_band", "75-plus")]),
        expect: everyone(Status(422)),
    },
    Row {
        method: "GET",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD/change",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "POST",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD/change",
        body: Body::Form(&[("choice", "1")]),
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD/erase",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "POST",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD/erase",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD/demographics/erase",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "POST",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD/demographics/erase",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/ballots/AAAA-BBBB-CCCC-DDDD/download",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations",
        body: Body::None,
        expect: CONSULTATION_READERS,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/new",
        body: Body::None,
        expect: consultation_managers(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/consultations/new",
        body: Body::Form(&[
            ("question", "Which park first?"),
            ("mode", "vote"),
            ("opens_on", "2026-01-01"),
            ("closes_on", "2026-02-01"),
            ("options", "North Park\nRiver Park"),
        ]),
        expect: consultation_managers(Status(303)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}",
        body: Body::None,
        expect: CONSULTATION_READERS,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}/edit",
        body: Body::None,
        expect: consultation_managers(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/consultations/{consultation}/edit",
        body: Body::Form(&[("question", "Published questions are locked")]),
        expect: consultation_managers(Status(422)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/consultations/{consultation}/state",
        body: Body::Form(&[("action", "close")]),
        expect: consultation_managers(Status(303)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}/assisted",
        body: Body::None,
        expect: consultation_managers(Status(200)),
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/consultations/{consultation}/assisted",
        body: Body::Form(&[("channel", "paper")]),
        expect: consultation_managers(Status(422)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}/results",
        body: Body::None,
        expect: CONSULTATION_READERS,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}/results.csv",
        body: Body::None,
        expect: CONSULTATION_READERS,
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}/representation",
        body: Body::None,
        expect: CONSULTATION_READERS,
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/consultations/{consultation}/comments/1",
        body: Body::Form(&[("action", "show")]),
        expect: consultation_managers(Status(303)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}/outcome",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/consultations/{consultation}/outcome",
        body: Body::Form(&[("status", "planned"), ("note", "On the list")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/consultations/{consultation}/proposals/{proposal}/outcome",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/consultations/{consultation}/proposals/{proposal}/outcome",
        body: Body::Form(&[("status", "planned"), ("note", "On the list")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(303),
            Status(403),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/participation/population",
        body: Body::None,
        expect: CONSULTATION_READERS,
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/participation/population",
        body: Body::Form(&[
            ("source", "Census 2021"),
            ("gender:woman", "51"),
            ("gender:man", "49"),
        ]),
        expect: consultation_managers(Status(303)),
    },
    // Procurement: the demo's procurement evaluates three bids; the editor is an
    // evaluator who has not declared yet, the admin one who submitted. Strangers
    // to it (the verifier, the other city's admin) learn nothing (404).
    Row {
        method: "GET",
        path: "/cities/demo-city/procurement",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/procurement/new",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/cities/demo-city/procurement",
        body: Body::Form(&[("title", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(403),
            Status(422),
            Status(403),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}/plan",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/plan",
        body: Body::Form(&[("title", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(422),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    // Closing waits for the award.
    Row {
        method: "POST",
        path: "/procurement/{procurement}/stage",
        body: Body::Form(&[("stage", "closed")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/notice",
        body: Body::Form(&[("notice", "Market day moved"), ("published", "yes")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(303),
            Status(404),
            Status(303),
            Status(303),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/engagements",
        body: Body::Form(&[("summary", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(422),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}/criteria",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/criteria",
        body: Body::Form(&[
            (
                "criteria",
                "criterion,weight,kind\nQuality,50,quality\nPrice,40,price\n",
            ),
            ("reason", "Clarification"),
        ]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    // Frozen: a new derivation needs a reason.
    Row {
        method: "POST",
        path: "/procurement/{procurement}/ahp",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/freeze",
        body: Body::Form(&[]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}/bids",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/bids",
        body: Body::Form(&[("bidder", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/evaluators",
        body: Body::Form(&[("user_id", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    // The admin submitted already; nobody else may score yet.
    Row {
        method: "POST",
        path: "/procurement/{procurement}/scores",
        body: Body::Form(&[("rows", "0")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/consensus",
        body: Body::Form(&[("rows", "0")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/award",
        body: Body::Form(&[("bid_id", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}/declaration",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(403),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/declaration",
        body: Body::Form(&[("conflict", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(422),
            Status(404),
            Status(422),
            Status(404),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}/report",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}/report.pdf",
        body: Body::None,
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(403),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/procurement/{procurement}/delivery",
        body: Body::None,
        expect: [
            SignIn,
            Status(200),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    // Delivery starts with the award: until then it is locked.
    Row {
        method: "POST",
        path: "/procurement/{procurement}/milestones",
        body: Body::Form(&[("title", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(422),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/milestones/1",
        body: Body::Form(&[("title", "")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(422),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/obligations/1",
        body: Body::Form(&[("status", "met")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(422),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "POST",
        path: "/procurement/{procurement}/go-live",
        body: Body::Form(&[("go_live_date", "2026-09-01")]),
        expect: [
            SignIn,
            Status(403),
            Status(404),
            Status(422),
            Status(404),
            Status(422),
            Status(422),
        ],
    },
    // The prior-information pages are public for a published city.
    Row {
        method: "GET",
        path: "/cities/demo-city/tenders",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/cities/demo-city/tenders/{procurement}",
        body: Body::None,
        expect: everyone(Status(200)),
    },
];

pub const API: &[Row] = &[
    // Knowledge base (entry ids here are numbers so the OpenAPI check reads
    // them as `{id}`; no entry has one, knowledge.rs reads real ones).
    Row {
        method: "GET",
        path: "/api/v1/knowledge/search?q=water&lang=fr&pillar=financing-funding",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/knowledge/entries/404",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/knowledge/entries/404",
        body: Body::Json(r#"{"toml": "id = "}"#),
        expect: platform_only(Status(422), Status(401)),
    },
    Row {
        method: "DELETE",
        path: "/api/v1/knowledge/entries/404",
        body: Body::None,
        expect: platform_only(Status(404), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/knowledge/entries/404/file",
        body: Body::None,
        expect: platform_only(Status(404), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/knowledge/topics?lang=ar",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/knowledge/pillars",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "POST",
        path: "/api/v1/knowledge/suggestions",
        body: Body::Json(
            r#"{"gap_elements": ["di-dpi-building-blocks"], "findings": ["affordability"]}"#,
        ),
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/knowledge/edits",
        body: Body::None,
        expect: platform_only(Status(200), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/openapi.json",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/me",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(200),
            Status(200),
            Status(200),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/users",
        body: Body::None,
        expect: platform_only(Status(200), Status(401)),
    },
    Row {
        method: "POST",
        path: "/api/v1/users/{editor}/disable",
        body: Body::None,
        expect: city_admin(Status(204), Status(401)),
    },
    Row {
        method: "POST",
        path: "/api/v1/users/{editor}/enable",
        body: Body::None,
        expect: city_admin(Status(204), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "POST",
        path: "/api/v1/cities",
        body: Body::Json(r#"{"slug":"api-city","name":"API City","country":"X","population":5}"#),
        expect: platform_only(Status(201), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{other}",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/members",
        body: Body::None,
        expect: city_admin(Status(200), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{other}/members",
        body: Body::None,
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/invitations",
        body: Body::Json(r#"{"email":"api@demo.example","role":"viewer"}"#),
        expect: city_admin(Status(201), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/audit?city_id={demo}",
        body: Body::None,
        expect: city_admin(Status(200), Status(401)),
    },
    Row {
        method: "GET",
        path: "/api/v1/audit",
        body: Body::None,
        expect: platform_only(Status(200), Status(401)),
    },
    // KPI assessment API (api/kpi)
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/assessments",
        body: Body::None,
        expect: KPI_MEMBERS,
    },
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/assessments",
        body: Body::Json(r#"{"year":2026,"start_from_previous":true}"#),
        expect: KPI_CITY_EDITORS,
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}",
        body: Body::None,
        expect: KPI_READERS,
    },
    Row {
        method: "PATCH",
        path: "/api/v1/assessments/{draft}/settings",
        body: Body::Json(r#"{"compare_with_peers":true,"currency":"EUR"}"#),
        expect: kpi_team(Status(403), Status(200), Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/verifiers",
        body: Body::None,
        expect: city_admin(Status(200), Status(401)),
    },
    Row {
        method: "POST",
        path: "/api/v1/assessments/{draft}/submit",
        body: Body::None,
        expect: KPI_EDITORS,
    },
    // Only the assigned verifier (and platform admins) steer the review.
    Row {
        method: "POST",
        path: "/api/v1/assessments/{submitted}/return",
        body: Body::None,
        expect: kpi_verifier(Status(200)),
    },
    Row {
        method: "POST",
        path: "/api/v1/assessments/{submitted}/complete",
        body: Body::None,
        expect: kpi_verifier(Status(422)),
    },
    Row {
        method: "POST",
        path: "/api/v1/assessments/{verified}/revisions",
        body: Body::Json(r#"{"reason":"The census was revised"}"#),
        expect: kpi_team(Status(403), Status(201), Status(201)),
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}/inputs",
        body: Body::None,
        expect: KPI_READERS,
    },
    Row {
        method: "PUT",
        path: "/api/v1/assessments/{draft}/inputs",
        body: Body::Json(
            r#"{"inputs":[{"input":"population","value":412300,"source":"Register"}]}"#,
        ),
        expect: KPI_EDITORS,
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}/entries",
        body: Body::None,
        expect: KPI_READERS,
    },
    Row {
        method: "PUT",
        path: "/api/v1/assessments/{draft}/entries",
        body: Body::Json(
            r#"{"entries":[{"kpi":"EN: EN: AQ: 1C","data_point":"PM2.5","value":9.5}]}"#,
        ),
        expect: KPI_EDITORS,
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}/evidence",
        body: Body::None,
        expect: KPI_READERS,
    },
    // Not a multipart body: the service still answers who may upload first.
    Row {
        method: "POST",
        path: "/api/v1/assessments/{draft}/evidence",
        body: Body::Json("{}"),
        expect: kpi_team(Status(422), Status(422), Status(422)),
    },
    // The demo has no evidence files; kpi_api.rs reads and deletes real ones.
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}/evidence/999999",
        body: Body::None,
        expect: [
            Status(401),
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(404),
        ],
    },
    Row {
        method: "DELETE",
        path: "/api/v1/assessments/{draft}/evidence/999999",
        body: Body::None,
        expect: kpi_team(Status(404), Status(404), Status(404)),
    },
    Row {
        method: "POST",
        path: "/api/v1/assessments/{submitted}/reviews",
        body: Body::Json(r#"{"kpi":"EN: EN: AQ: 1C","data_point":"PM2.5","decision":"verified"}"#),
        expect: kpi_verifier(Status(201)),
    },
    Row {
        method: "POST",
        path: "/api/v1/assessments/{submitted}/questions",
        body: Body::Json(
            r#"{"kpi":"EN: EN: AQ: 1C","data_point":"PM2.5","body":"Which stations?"}"#,
        ),
        expect: kpi_verifier(Status(201)),
    },
    Row {
        method: "POST",
        path: "/api/v1/assessments/{submitted}/answers",
        body: Body::Json(r#"{"kpi":"EN: EN: AQ: 1C","data_point":"PM2.5","body":"All of them."}"#),
        expect: kpi_team(Status(201), Status(201), Status(201)),
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{submitted}/notes",
        body: Body::None,
        expect: KPI_READERS,
    },
    // Results of a draft exist only for its team; a published verified
    // assessment's are public.
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}/results",
        body: Body::None,
        expect: KPI_PRIVATE_RESULTS,
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{verified}/results",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{submitted}/results/sdg",
        body: Body::None,
        expect: KPI_PRIVATE_RESULTS,
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{verified}/results/sdg",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/kpi-trend",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{other}/kpi-trend",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}/peers",
        body: Body::None,
        expect: KPI_PRIVATE_RESULTS,
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{verified}/peers",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    // The city's workspace: its members, not the (outside) verifier.
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/target-sets",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    // A JSON body is no CSV file: writers get 422, everyone else is refused first.
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/target-sets?name=Ours",
        body: Body::Json("{}"),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(422),
            Status(403),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/assessments/{draft}/export?format=xlsx",
        body: Body::None,
        expect: KPI_READERS,
    },
    // A JSON body is no exported file: writers get 422 with its problems.
    Row {
        method: "POST",
        path: "/api/v1/assessments/{draft}/import?dry_run=true",
        body: Body::Json("{}"),
        expect: kpi_team(Status(422), Status(422), Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/kpi-frameworks",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(200),
            Status(200),
            Status(200),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/kpi-frameworks",
        body: Body::Json("{}"),
        expect: platform_only(Status(422), Status(401)),
    },
    // Participation: anyone reads a published city's visible requests and
    // outcomes (contact details only reach its admins, participation.rs
    // checks); its admins and editors moderate and answer; its admins set
    // the retention period. The other city is unpublished: 404 outside it.
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/service-requests",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{other}/service-requests",
        body: Body::None,
        expect: [
            Status(404),
            Status(404),
            Status(404),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/service-requests/1",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "POST",
        path: "/api/v1/service-requests/1/status",
        body: Body::Json(r#"{"status":"closed","notes":"Done"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/service-requests/1/moderation",
        body: Body::Json(r#"{"action":"hide","reason":"Personal data in the text"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/service-requests/1/outcome",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/service-requests/2/outcome",
        body: Body::Json(r#"{"status":"under-consideration","note":"Asked the operator"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "PUT",
        path: "/api/v1/consultations/{consultation}/outcome",
        body: Body::Json(r#"{"status":"planned","note":"On the list"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "PUT",
        path: "/api/v1/consultations/{consultation}/proposals/{proposal}/outcome",
        body: Body::Json(r#"{"status":"planned","note":"On the list"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/outcomes",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/consultation-outcomes",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/participation/retention",
        body: Body::None,
        expect: city_admin(Status(200), Status(401)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/cities/{demo}/participation/retention",
        body: Body::Json(r#"{"months":6}"#),
        expect: city_admin(Status(200), Status(401)),
    },
    // Strategy. The demo's open round and first roadmap action: 404 to anyone who
    // may not see them, so no answer reveals that they exist.
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/maturity-rounds",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/maturity-rounds",
        body: Body::Json(r#"{"name":"Round"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(201),
            Status(403),
            Status(201),
            Status(201),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/maturity-rounds/{round}",
        body: Body::None,
        expect: [
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/maturity-rounds/{round}/report",
        body: Body::None,
        expect: [
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/maturity-rounds/{round}/close",
        body: Body::None,
        expect: [
            Status(404),
            Status(403),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/maturity-rounds/{round}/respondents",
        body: Body::Json(r#"{"name":"Finance"}"#),
        expect: [
            Status(404),
            Status(403),
            Status(404),
            Status(201),
            Status(404),
            Status(201),
            Status(201),
        ],
    },
    Row {
        method: "PUT",
        path: "/api/v1/maturity-rounds/{round}/consensus",
        body: Body::Json(r#"{"element":"vs-baseline-needs","level":2}"#),
        expect: [
            Status(404),
            Status(403),
            Status(404),
            Status(204),
            Status(404),
            Status(204),
            Status(204),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/questionnaires/404404",
        body: Body::None,
        expect: everyone(Status(404)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/questionnaires/404404",
        body: Body::Json(r#"{"answers":[]}"#),
        expect: everyone(Status(404)),
    },
    Row {
        method: "GET",
        path: "/api/v1/roadmap-actions/{action}",
        body: Body::None,
        expect: [
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "PUT",
        path: "/api/v1/roadmap-actions/{action}",
        body: Body::Json(
            r#"{"title":"x","owner":"y","funding_source":"grant","start_date":"2026-01-01","end_date":"2026-02-01"}"#,
        ),
        expect: [
            Status(404),
            Status(403),
            Status(404),
            Status(200),
            Status(404),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "DELETE",
        path: "/api/v1/roadmap-actions/{action}",
        body: Body::None,
        expect: [
            Status(404),
            Status(403),
            Status(404),
            Status(204),
            Status(404),
            Status(204),
            Status(204),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/stakeholders",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/stakeholders",
        body: Body::Json(r#"{"name":"Agency","level":"regional","sector":"government"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(201),
            Status(403),
            Status(201),
            Status(201),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/roadmap",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/roadmap/actions",
        body: Body::Json(
            r#"{"title":"","owner":"","funding_source":"","start_date":"","end_date":""}"#,
        ),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(422),
            Status(403),
            Status(422),
            Status(422),
        ],
    },
    // Digital divide: the demo city's published survey is 1, its plan's actions 1 and 2.
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/divide/surveys",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    // A JSON body is no upload: who may upload is checked first, then the name is missing.
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/divide/surveys",
        body: Body::Json("{}"),
        expect: divide_api_editors(Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/divide/surveys/1",
        body: Body::None,
        expect: DIVIDE_API_TEAM,
    },
    Row {
        method: "PUT",
        path: "/api/v1/divide/surveys/1/declaration",
        body: Body::Json(r#"{"design": {}, "mapping": {"indicators": [], "breakdowns": []}}"#),
        expect: divide_api_survey_writers(Status(422), Status(422)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/divide/surveys/1/published",
        body: Body::Json(r#"{"published": false}"#),
        expect: divide_api_survey_writers(Status(403), Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/divide/surveys/1/report",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "DELETE",
        path: "/api/v1/divide/surveys/1",
        body: Body::None,
        expect: divide_api_survey_writers(Status(403), Status(204)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/divide/boundaries",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    // `{}` is JSON but no FeatureCollection.
    Row {
        method: "PUT",
        path: "/api/v1/cities/{demo}/divide/boundaries?name_property=name",
        body: Body::Json("{}"),
        expect: divide_api_editors(Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/divide/inclusion-actions",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/divide/inclusion-actions",
        body: Body::Json("{}"),
        expect: divide_api_editors(Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/divide/inclusion-actions/1",
        body: Body::None,
        expect: DIVIDE_API_TEAM,
    },
    Row {
        method: "PUT",
        path: "/api/v1/divide/inclusion-actions/1",
        body: Body::Json("{}"),
        expect: divide_api_survey_writers(Status(422), Status(422)),
    },
    Row {
        method: "DELETE",
        path: "/api/v1/divide/inclusion-actions/1",
        body: Body::None,
        expect: divide_api_survey_writers(Status(204), Status(204)),
    },
    // Procurement: the demo's procurement evaluates three bids (ids 1–3); the
    // editor is an evaluator who has not declared yet, the admin one who
    // submitted. api/procurement.rs and procurement_api.rs check the rest.
    Row {
        method: "GET",
        path: "/api/v1/procurement-checklist",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/procurements",
        body: Body::None,
        expect: [
            Status(401),
            Status(200),
            Status(403),
            Status(200),
            Status(403),
            Status(200),
            Status(200),
        ],
    },
    Row {
        method: "POST",
        path: "/api/v1/cities/{demo}/procurements",
        body: Body::Json(r#"{"title":"","need":"","procedure":"","payment_approach":""}"#),
        expect: [
            Status(401),
            Status(403),
            Status(403),
            Status(422),
            Status(403),
            Status(422),
            Status(422),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/procurements/{procurement}",
        body: Body::None,
        expect: PROCUREMENT_TEAM,
    },
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}",
        body: Body::Json(r#"{"title":"","need":"","procedure":"","payment_approach":""}"#),
        expect: procurement_editors(Status(422)),
    },
    // Closing waits for the award.
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/stage",
        body: Body::Json(r#"{"stage":"closed"}"#),
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/notice",
        body: Body::Json(r#"{"notice":"Market day moved","published":true}"#),
        expect: procurement_editors(Status(200)),
    },
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/engagements",
        body: Body::Json(r#"{"held_on":"","kind":"","summary":""}"#),
        expect: procurement_editors(Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/cities/{demo}/tenders",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/tenders/{procurement}",
        body: Body::None,
        expect: everyone(Status(200)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/criteria",
        body: Body::Json(
            r#"{"criteria":[{"criterion":"Quality","weight":50,"kind":"quality"},{"criterion":"Price","weight":40,"kind":"price"}],"reason":"Clarification"}"#,
        ),
        expect: procurement_admins(Status(422)),
    },
    // Frozen: a new derivation needs a reason.
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/ahp",
        body: Body::Json(r#"{"criteria":[],"matrix":[]}"#),
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/criteria/freeze",
        body: Body::None,
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/evaluators",
        body: Body::Json(r#"{"user_id":0}"#),
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "DELETE",
        path: "/api/v1/procurements/{procurement}/evaluators/{editor}",
        body: Body::None,
        expect: procurement_admins(Status(204)),
    },
    // The editor declares; the admin declared and submitted already; the
    // platform admin is no evaluator of it.
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/declaration",
        body: Body::Json(r#"{"conflict":false,"declaration":"No links to any bidder"}"#),
        expect: [
            Status(401),
            Status(403),
            Status(404),
            Status(200),
            Status(404),
            Status(422),
            Status(404),
        ],
    },
    Row {
        method: "GET",
        path: "/api/v1/procurements/{procurement}/bids",
        body: Body::None,
        expect: procurement_admins(Status(200)),
    },
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/bids",
        body: Body::Json(r#"{"bidder":"","price":0,"received_on":""}"#),
        expect: procurement_admins(Status(422)),
    },
    // A score was submitted: no bid may be withdrawn any more.
    Row {
        method: "DELETE",
        path: "/api/v1/procurements/{procurement}/bids/1",
        body: Body::None,
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/procurements/{procurement}/scores/mine",
        body: Body::None,
        expect: procurement_admins(Status(200)),
    },
    // The admin's sheet is submitted, so locked.
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/scores/mine",
        body: Body::Json(r#"{"scores":[]}"#),
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/procurements/{procurement}/evaluation",
        body: Body::None,
        expect: procurement_admins(Status(200)),
    },
    // The editor has not submitted: no consensus yet.
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/consensus",
        body: Body::Json(r#"{"rows":[]}"#),
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/award",
        body: Body::Json(r#"{"bid_id":0}"#),
        expect: procurement_admins(Status(422)),
    },
    Row {
        method: "GET",
        path: "/api/v1/procurements/{procurement}/report",
        body: Body::None,
        expect: procurement_admins(Status(200)),
    },
    Row {
        method: "GET",
        path: "/api/v1/procurements/{procurement}/delivery",
        body: Body::None,
        expect: PROCUREMENT_TEAM,
    },
    // Delivery starts with the award: until then it is locked.
    Row {
        method: "POST",
        path: "/api/v1/procurements/{procurement}/milestones",
        body: Body::Json(r#"{"title":"Catalogue live","due_date":"2026-09-01"}"#),
        expect: procurement_editors(Status(422)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/milestones/1",
        body: Body::Json(r#"{"title":"Catalogue live","due_date":"2026-09-01"}"#),
        expect: procurement_editors(Status(422)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/obligations/1",
        body: Body::Json(r#"{"status":"met"}"#),
        expect: procurement_editors(Status(422)),
    },
    Row {
        method: "PUT",
        path: "/api/v1/procurements/{procurement}/go-live",
        body: Body::Json(r#"{"go_live_date":"2026-09-01"}"#),
        expect: procurement_editors(Status(422)),
    },
];

async fn answer(app: &App, row: &Row, who: Who) -> Expect {
    let path = app.path(row.path);
    let answer = if row.path.starts_with("/api/") {
        let json = match row.body {
            Body::Json(text) => Some(serde_json::from_str(text).expect("row JSON")),
            _ => None,
        };
        app.api(row.method, &path, who, json).await
    } else {
        match (row.method, &row.body) {
            ("GET", _) => app.get(&path, who).await,
            (_, Body::Form(fields)) => app.post(&path, who, fields).await,
            _ => app.post(&path, who, &[]).await,
        }
    };
    if answer.status == 303 && answer.location().starts_with("/login?next=") {
        SignIn
    } else {
        Status(answer.status)
    }
}

/// Reads run on one application; each state-changing cell gets a fresh one
/// so one visitor's success cannot change what the next one sees.
#[tokio::test]
async fn every_route_answers_every_visitor_as_the_policy_says() {
    let shared = App::new().await;
    let mut failures = Vec::new();
    for row in PAGES.iter().chain(API) {
        for (who, expected) in Who::ALL.into_iter().zip(row.expect) {
            let got = if row.method == "GET" {
                answer(&shared, row, who).await
            } else {
                let app = shared.fork().await;
                answer(&app, row, who).await
            };
            if got != expected {
                failures.push(format!(
                    "{} {} as {who:?}: expected {expected:?}, got {got:?}",
                    row.method, row.path
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
