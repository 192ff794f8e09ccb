//! The matching engine: every opportunity against every alert profile at once, through a reverse
//! index over the profiles (CPV prefix → profiles, NUTS prefix → profiles, keyword stem →
//! profiles), never a loop over them.

use serde::{Deserialize, Serialize};

use crate::alert::{AlertProfile, Target};

/// Why a profile matched, shown to the member ("CPV 33140000 under your 331").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The opportunity's `code` lies under the profile's `prefix`.
    Cpv { code: String, prefix: String },
    /// The opportunity's region `code` lies under the profile's `prefix`.
    Nuts { code: String, prefix: String },
    /// The profile's `keyword` occurs in the opportunity's text in `lang`.
    Keyword { keyword: String, lang: String },
    /// Innovation procurement, which the profile asked for.
    Innovation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    pub profile: i64,
    /// 1..=100, higher is better.
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// The reverse index over a set of profiles.
pub struct Matcher {
    profiles: Vec<AlertProfile>,
}

impl Matcher {
    pub fn new(profiles: Vec<AlertProfile>) -> Self {
        Matcher { profiles }
    }

    /// Every profile that matches, sorted by profile id.
    pub fn matches(&self, target: &Target) -> Vec<Match> {
        naive(&self.profiles, target)
    }
}

/// The reference: every profile checked one by one. Same answers as [`Matcher`], slower.
pub fn naive(profiles: &[AlertProfile], target: &Target) -> Vec<Match> {
    let _ = (profiles, target);
    todo!("matching helper")
}
