//! Alert profiles: what a member organisation wants to hear about, and the opportunity as the
//! matching engine sees it.

use serde::{Deserialize, Serialize};

/// What kind of opportunity. eForms notices map to the first three by their form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityKind {
    /// Prior information notice: a tender is coming.
    Planning,
    /// Contract notice: open for tenders.
    Tender,
    /// Contract award notice: who won.
    Award,
    /// Call for proposals (grants, programmes).
    Call,
    Fair,
    PartnerSearch,
    /// International market opportunity.
    Market,
}

impl OpportunityKind {
    pub const ALL: [OpportunityKind; 7] = [
        Self::Planning,
        Self::Tender,
        Self::Award,
        Self::Call,
        Self::Fair,
        Self::PartnerSearch,
        Self::Market,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planning => "planning",
            Self::Tender => "tender",
            Self::Award => "award",
            Self::Call => "call",
            Self::Fair => "fair",
            Self::PartnerSearch => "partner_search",
            Self::Market => "market",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One alert profile. Topic criteria (CPV codes, keywords) say what it is about: an opportunity
/// matches when any of them hits. Filters (regions, value, kinds, innovation) then narrow: an
/// empty filter lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertProfile {
    pub id: i64,
    /// CPV prefixes by significant digits: "331" covers 33100000…33199999-style codes
    /// ("33100000" written in full also covers its subtree, trailing zeros being insignificant).
    pub cpv: Vec<String>,
    /// NUTS prefixes: "ES2" covers ES21, ES211… A country's ISO alpha-2 is the level-0 prefix.
    pub nuts: Vec<String>,
    /// Keywords or phrases in any language; matched on stems.
    pub keywords: Vec<String>,
    /// Value range in whole euros, inclusive. Opportunities without a value, or with a value in
    /// another currency, pass: a missing figure is no reason to miss a tender.
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    /// Empty means every kind.
    pub kinds: Vec<OpportunityKind>,
    pub innovation_only: bool,
}

/// An opportunity as the matching engine sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: i64,
    pub kind: Option<OpportunityKind>,
    /// 8-digit CPV codes.
    pub cpv: Vec<String>,
    /// NUTS codes of the buyer and of the places of performance.
    pub nuts: Vec<String>,
    /// (language, text): titles and descriptions in every language present; "" for unknown.
    pub texts: Vec<(String, String)>,
    /// Value in euro cents, if known and in euros.
    pub value_eur_cents: Option<i64>,
    pub innovation: bool,
}
