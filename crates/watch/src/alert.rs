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

/// An alert profile as typed in the form or sent to the API, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertForm {
    pub name: String,
    /// CPV codes or prefixes separated by spaces, commas or new lines.
    pub cpv: String,
    /// NUTS codes or prefixes, separated the same way.
    pub nuts: String,
    /// One keyword or phrase per line (or separated by commas).
    pub keywords: String,
    pub min_value: String,
    pub max_value: String,
    pub kinds: Vec<String>,
    pub innovation_only: bool,
}

/// A checked alert profile, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertInput {
    pub name: String,
    pub profile: AlertProfile,
}

const MAX_ENTRIES: usize = 200;

impl AlertForm {
    /// Every problem at once, each naming its field and the offending value. CPV and NUTS
    /// entries must exist in the code lists (a prefix must start at least one real code).
    pub fn parse(&self) -> Result<AlertInput, Vec<clusterhub_core::FieldError>> {
        use clusterhub_core::FieldError;
        let mut errs = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errs.push(FieldError::new("name", "required"));
        } else if name.chars().count() > 120 {
            errs.push(FieldError::new("name", "too_long").detail("120"));
        }
        let mut cpv = Vec::new();
        for raw in split_codes(&self.cpv) {
            match crate::codes::cpv_prefix_of(raw) {
                Some(p) if !cpv.contains(&p) => cpv.push(p),
                Some(_) => {}
                None => errs.push(FieldError::new("cpv", "unknown_cpv").detail(raw)),
            }
        }
        let mut nuts = Vec::new();
        for raw in split_codes(&self.nuts) {
            let code = raw.to_ascii_uppercase();
            if crate::codes::is_region(&code) {
                if !nuts.contains(&code) {
                    nuts.push(code);
                }
            } else {
                errs.push(FieldError::new("nuts", "unknown_nuts").detail(raw));
            }
        }
        let mut keywords: Vec<String> = Vec::new();
        for k in self
            .keywords
            .split(['\n', ','])
            .map(|k| k.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|k| !k.is_empty())
        {
            if k.chars().count() > 80 {
                errs.push(FieldError::new("keywords", "too_long").detail(k));
            } else if !k.chars().any(char::is_alphanumeric) {
                errs.push(FieldError::new("keywords", "no_word").detail(k));
            } else if !keywords.iter().any(|o| o.eq_ignore_ascii_case(&k)) {
                keywords.push(k);
            }
        }
        for (field, n) in [
            ("cpv", cpv.len()),
            ("nuts", nuts.len()),
            ("keywords", keywords.len()),
        ] {
            if n > MAX_ENTRIES {
                errs.push(FieldError::new(field, "too_many").detail(MAX_ENTRIES.to_string()));
            }
        }
        let min_value = parse_euros("min_value", &self.min_value, &mut errs);
        let max_value = parse_euros("max_value", &self.max_value, &mut errs);
        if let (Some(lo), Some(hi)) = (min_value, max_value)
            && lo > hi
        {
            errs.push(FieldError::new("max_value", "below_minimum").detail(hi.to_string()));
        }
        let mut kinds = Vec::new();
        for k in &self.kinds {
            match OpportunityKind::parse(k) {
                Some(k) if !kinds.contains(&k) => kinds.push(k),
                Some(_) => {}
                None => errs.push(FieldError::new("kinds", "unknown_kind").detail(k)),
            }
        }
        kinds.sort();
        if cpv.is_empty() && keywords.is_empty() && errs.is_empty() {
            // Regions and values alone would match every notice of a region.
            errs.push(FieldError::new("cpv", "topic_required"));
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(AlertInput {
            name: name.to_string(),
            profile: AlertProfile {
                id: 0,
                cpv,
                nuts,
                keywords,
                min_value,
                max_value,
                kinds,
                innovation_only: self.innovation_only,
            },
        })
    }

    /// The form showing a stored profile.
    pub fn from_profile(name: &str, p: &AlertProfile) -> Self {
        AlertForm {
            name: name.to_string(),
            cpv: p.cpv.join(" "),
            nuts: p.nuts.join(" "),
            keywords: p.keywords.join("\n"),
            min_value: p.min_value.map(|v| v.to_string()).unwrap_or_default(),
            max_value: p.max_value.map(|v| v.to_string()).unwrap_or_default(),
            kinds: p.kinds.iter().map(|k| k.as_str().to_string()).collect(),
            innovation_only: p.innovation_only,
        }
    }
}

fn split_codes(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|c| !c.is_empty())
}

/// Whole euros; spaces, dots and commas as thousands separators are allowed ("1.500.000").
fn parse_euros(field: &str, s: &str, errs: &mut Vec<clusterhub_core::FieldError>) -> Option<i64> {
    let t = s.trim().trim_end_matches('€').trim();
    if t.is_empty() {
        return None;
    }
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | ',' | '\u{a0}' | '\u{202f}'))
        .collect();
    match digits.parse::<i64>() {
        Ok(v) if v >= 0 && digits.chars().all(|c| c.is_ascii_digit()) => Some(v),
        _ => {
            errs.push(clusterhub_core::FieldError::new(field, "not_a_number").detail(s));
            None
        }
    }
}
