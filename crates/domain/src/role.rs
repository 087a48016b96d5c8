//! The roles a person holds in one city. Platform administration is a flag on
//! the account, not a city role, because it spans every city.

use serde::{Deserialize, Serialize};

/// What a member may do inside one city, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CityRole {
    /// Runs the city's workspace: members, publication, every module.
    CityAdmin,
    /// Enters and edits assessment data.
    DataEditor,
    /// External reviewer: sees only the assessments assigned to them.
    Verifier,
    /// Reads the city's workspace, changes nothing.
    Viewer,
}

impl CityRole {
    pub const ALL: [CityRole; 4] = [
        CityRole::CityAdmin,
        CityRole::DataEditor,
        CityRole::Verifier,
        CityRole::Viewer,
    ];

    /// The stable spelling used in storage, URLs, the API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            CityRole::CityAdmin => "city-admin",
            CityRole::DataEditor => "data-editor",
            CityRole::Verifier => "verifier",
            CityRole::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<CityRole> {
        CityRole::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

impl std::fmt::Display for CityRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_spelling() {
        for role in CityRole::ALL {
            assert_eq!(CityRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(CityRole::parse("mayor"), None);
    }
}
