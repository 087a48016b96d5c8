//! The demo city loaded by `civitas serve --demo` into an empty database, so a
//! first look at Civitas shows a realistic city rather than empty pages.

use crate::{Civitas, ServiceError};
use civitas_store::{NewCity, NewDistrict, NewUser};

/// A login created for the demo, printed once on the terminal.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub role: String,
}

/// Districts with populations and areas in the range of a mid-sized city.
const DISTRICTS: &[(&str, i64, f64)] = &[
    ("Old Town", 38_400, 4.1),
    ("Riverside", 61_900, 9.8),
    ("North Hills", 54_200, 21.5),
    ("Harbour", 47_300, 12.2),
    ("University Quarter", 42_800, 6.4),
    ("Eastgate", 73_600, 18.9),
    ("Green Valley", 36_100, 27.3),
    ("Southfield", 58_000, 24.6),
];

/// People on the demo city's team, by role.
const PEOPLE: &[(&str, &str, Option<&str>)] = &[
    ("admin@demo.civitas.example", "Platform Administrator", None),
    (
        "amina@demo.civitas.example",
        "Amina Diallo",
        Some("city-admin"),
    ),
    (
        "lucas@demo.civitas.example",
        "Lucas Moreau",
        Some("data-editor"),
    ),
    (
        "sofia@demo.civitas.example",
        "Sofía Herrera",
        Some("verifier"),
    ),
    ("omar@demo.civitas.example", "Omar Haddad", Some("viewer")),
];

impl Civitas {
    /// Loads the demo city when the database is empty. Returns the logins it
    /// created, or `None` when the database already held data.
    pub async fn load_demo_if_empty(&self) -> Result<Option<Vec<DemoLogin>>, ServiceError> {
        if !self.store.is_empty().await? {
            return Ok(None);
        }
        let change = self.change_by_system("demo loader");
        let population = DISTRICTS.iter().map(|d| d.1).sum();
        let city = NewCity {
            slug: "demo-city".into(),
            name: "Demo City".into(),
            country: "Demoland".into(),
            population: Some(population),
            published: true,
        };
        let city = self.store.create_city(&change, &city).await?;
        for (name, population, area) in DISTRICTS {
            let district = NewDistrict {
                city_id: city.id,
                name: (*name).into(),
                population: Some(*population),
                area_km2: Some(*area),
            };
            self.store.add_district(&change, &district).await?;
        }
        let mut logins = Vec::new();
        let mut verifier_id = None;
        for (email, name, role) in PEOPLE {
            let password = crate::secrets::new_secret("")[..16].to_string();
            let user = NewUser {
                email: (*email).into(),
                display_name: (*name).into(),
                password_hash: self.hash(&password)?,
                platform_admin: role.is_none(),
            };
            let user = self.store.create_user(&change, &user).await?;
            if let Some(role) = role {
                self.store
                    .set_membership(&change, user.id, city.id, role)
                    .await?;
                if *role == "verifier" {
                    verifier_id = Some(user.id);
                }
            }
            logins.push(DemoLogin {
                email: (*email).into(),
                password,
                role: role.unwrap_or("platform-admin").into(),
            });
        }
        if let Some(verifier_id) = verifier_id {
            self.load_demo_assessments(city.id, verifier_id).await?;
        }
        self.load_demo_divide(city.id).await?;
        self.load_demo_strategy(city.id).await?;
        self.load_demo_participation(city.id).await?;
        self.load_demo_consultations(city.id).await?;
        self.load_demo_procurement(city.id).await?;
        Ok(Some(logins))
    }
}
