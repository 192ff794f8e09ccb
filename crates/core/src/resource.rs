//! Resource maps: the funding instruments, notified bodies, service providers, training
//! programmes, technology capabilities, living labs and biobanks a cluster curates. Each resource
//! says whom it fits ([`Fit`]); [`score`] tells whether it fits one member and why.
//!
//! Criteria are of two sorts. *Hard* ones exclude: a resource for companies is not shown to a
//! hospital, a call for TRL 4–6 is not shown to a member at TRL 8, a regional programme is not
//! shown outside its region, an MDR-only notified body is not shown to a maker of IVDs only, a
//! closed call is shown to nobody. A criterion the member has not told us about (no TRL in the
//! profile) excludes nothing. *Every* criterion that matches adds to the score with a
//! [`Reason`], which pages translate ("you make MDR class IIb devices; you are in ES21").

use crate::error::{Errors, FieldError, Result};
use crate::model::{EntityType, OrgSize};
use crate::parse::{Email, Name, NutsCode, Slug, Website, iso_date, optional, parse_date};
use crate::profile::{Certification, Profile, Stage};
use crate::{MultiText, fold};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

code_enum!(
    /// What a resource is. Technology capabilities are the services and equipment of technology and research centres.
    Kind, "resource-kind" {
    Funding = "funding",
    NotifiedBody = "notified_body",
    RegulatoryService = "regulatory_service",
    TestingService = "testing_service",
    Training = "training",
    TechnologyCapability = "technology_capability",
    LivingLab = "living_lab",
    Biobank = "biobank",
});

code_enum!(
    /// The sort of funding a `funding` resource is.
    FundingType, "funding-type" {
    Grant = "grant",
    RegionalProgramme = "regional_programme",
    EuProgramme = "eu_programme",
    PublicInvestor = "public_investor",
    PrivateInvestor = "private_investor",
    SeedCapital = "seed_capital",
});

code_enum!(
    /// Staff publish resources; members suggest them, and staff approve or reject suggestions.
    Status, "resource-status" {
    Suggested = "suggested",
    Published = "published",
    Rejected = "rejected",
});

code_enum!(
    /// The EU regulations on medical devices (2017/745) and in-vitro diagnostics (2017/746).
    Regulation, "regulation" {
    Mdr = "mdr",
    Ivdr = "ivdr",
});

impl Kind {
    /// What people call this kind of resource in our languages, so a need written as "organismo
    /// notificado", "biobanque" or "funding" meets the resources of that kind.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Funding => "funding financiación financiacion financement finantzaketa",
            Kind::NotifiedBody => {
                "notified body organismo notificado organisme notifié erakunde jakinarazlea certification"
            }
            Kind::RegulatoryService => {
                "regulatory regulatorio réglementaire arautzailea regulatory affairs"
            }
            Kind::TestingService => "testing ensayos essais saiakuntzak laboratory laboratorio",
            Kind::Training => "training formación formation prestakuntza",
            Kind::TechnologyCapability => {
                "technology tecnología technologie teknologia research investigación"
            }
            Kind::LivingLab => "living lab validation validación validation balidazioa",
            Kind::Biobank => "biobank biobanco biobanque biobankua samples muestras échantillons",
        }
    }
}

impl Regulation {
    /// The regulation a device class (`mdr_iib`, `ivdr_c`) belongs to.
    pub fn of_class(class: &str) -> Option<Regulation> {
        if class.starts_with("mdr_") {
            Some(Regulation::Mdr)
        } else if class.starts_with("ivdr_") {
            Some(Regulation::Ivdr)
        } else {
            None
        }
    }

    /// Device classes whose conformity assessment needs a notified body: MDR IIa, IIb and III,
    /// IVDR B, C and D (class I and class A are self-declared unless sterile or measuring).
    pub fn notified_body_classes(self) -> &'static [&'static str] {
        match self {
            Regulation::Mdr => &["mdr_iia", "mdr_iib", "mdr_iii"],
            Regulation::Ivdr => &["ivdr_b", "ivdr_c", "ivdr_d"],
        }
    }
}

/// The device classes of MDR and IVDR, in order.
pub fn device_classes() -> Vec<&'static str> {
    Certification::ALL
        .iter()
        .filter_map(|c| c.device_class())
        .collect()
}

/// Whom a resource fits, stored as JSON in the `fit` column. Empty lists mean "anyone".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_type: Option<FundingType>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entity_types: Vec<EntityType>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sizes: Vec<OrgSize>,
    /// Subsector codes of the cluster's vocabulary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subsectors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trl_min: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trl_max: Option<u8>,
    /// `mdr_i` … `mdr_iii`, `ivdr_a` … `ivdr_d`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub device_classes: Vec<String>,
    /// NUTS codes or prefixes (ES21, FRI15) and ISO country codes (ES, PT).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub territories: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regulations: Vec<Regulation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Came from a list nobody has checked against the authority (the notified-body seed list):
    /// pages say so next to it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
}

impl Fit {
    /// Lenient on purpose: a corrupt cell fits anyone rather than failing a page.
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
    /// The TRL range as written on pages ("4–7", "≥ 6", "≤ 3"), if any.
    pub fn trl_range(&self) -> Option<String> {
        match (self.trl_min, self.trl_max) {
            (Some(a), Some(b)) if a == b => Some(a.to_string()),
            (Some(a), Some(b)) => Some(format!("{a}–{b}")),
            (Some(a), None) => Some(format!("≥ {a}")),
            (None, Some(b)) => Some(format!("≤ {b}")),
            (None, None) => None,
        }
    }
}

/// What we know of a member that matters for fit: from the organisation, its membership of
/// the cluster (subsectors) and its profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemberFacts {
    pub entity_type: Option<EntityType>,
    pub size: Option<OrgSize>,
    pub subsectors: Vec<String>,
    pub stage: Option<Stage>,
    pub trl: Option<u8>,
    /// Device classes the member makes (its MDR/IVDR certifications).
    pub device_classes: Vec<String>,
    /// NUTS code.
    pub territory: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// Folded words of its need tags (chosen words, in any language).
    pub needs: Vec<String>,
    /// Folded words of its needs as written, per language: the same need written in three
    /// languages counts once, in the language that matches best.
    pub need_text: BTreeMap<String, Vec<String>>,
}

/// Filler words (four letters or more) of our languages, never taken for a need.
const STOPWORDS: &[&str] = &[
    "para",
    "como",
    "sobre",
    "entre",
    "nuestro",
    "nuestra",
    "nuestros",
    "nuestras",
    "buscamos",
    "necesitamos",
    "queremos",
    "tenemos",
    "estamos",
    "desde",
    "hasta",
    "with",
    "from",
    "that",
    "this",
    "looking",
    "need",
    "needs",
    "want",
    "into",
    "their",
    "they",
    "have",
    "pour",
    "avec",
    "dans",
    "nous",
    "notre",
    "nos",
    "besoin",
    "cherchons",
    "recherchons",
    "souhaitons",
    "sont",
    "eta",
    "behar",
    "dugu",
    "dute",
    "gure",
    "bilatzen",
    "nahi",
    "more",
    "also",
    "other",
    "otros",
    "otras",
    "autres",
    // Words too general to say what is needed.
    "apoyo",
    "ayuda",
    "ayudas",
    "support",
    "help",
    "aide",
    "aides",
    "laguntza",
    "laguntzak",
    "empresa",
    "empresas",
    "company",
    "companies",
    "entreprise",
    "entreprises",
    "enpresa",
    "enpresak",
    "partners",
    "socios",
    "partenaires",
    "bazkideak",
    "proyecto",
    "proyectos",
    "project",
    "projects",
    "projet",
    "projets",
];

/// Need words that are not country names ("we sell in France" is not a need of France).
fn need_words(s: &str, min: usize) -> impl Iterator<Item = String> + '_ {
    words(s, min).filter(|w| crate::country::lookup(w).is_none())
}

/// The folded words of a text that may stand for a need or match one.
fn words(s: &str, min: usize) -> impl Iterator<Item = String> + '_ {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= min && !STOPWORDS.contains(w))
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}

impl MemberFacts {
    pub fn new(
        entity_type: Option<EntityType>,
        size: Option<OrgSize>,
        territory: Option<String>,
        country: Option<String>,
        subsectors: Vec<String>,
        profile: &Profile,
    ) -> Self {
        // Tags are chosen words: short ones (MDR, CE, GMP) count. Free text gives longer words only.
        let mut needs: Vec<String> = Vec::new();
        for w in profile.need_tags.iter().flat_map(|t| need_words(t, 3)) {
            if needs.len() < 30 && !needs.contains(&w) {
                needs.push(w);
            }
        }
        let mut need_text = BTreeMap::new();
        for (lang, text) in &profile.needs.0 {
            let mut ws: Vec<String> = Vec::new();
            for w in need_words(text, 5) {
                if ws.len() < 30 && !ws.contains(&w) {
                    ws.push(w);
                }
            }
            if !ws.is_empty() {
                need_text.insert(lang.clone(), ws);
            }
        }
        let country = country
            .map(|c| c.to_uppercase())
            .or_else(|| territory.as_ref().map(|t| t.chars().take(2).collect()));
        MemberFacts {
            entity_type,
            size,
            subsectors,
            stage: profile.stage,
            trl: profile.trl,
            device_classes: profile
                .certifications
                .iter()
                .filter_map(|c| c.device_class())
                .map(str::to_string)
                .collect(),
            territory: territory.map(|t| t.to_uppercase()),
            country,
            needs,
            need_text,
        }
    }

    /// The regulations the member's devices fall under.
    pub fn regulations(&self) -> Vec<Regulation> {
        let mut out = Vec::new();
        for r in self
            .device_classes
            .iter()
            .filter_map(|c| Regulation::of_class(c))
        {
            if !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }
}

/// Why a resource fits a member. Pages translate each with the key `resource-reason-<kind>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Reason {
    DeviceClass(String),
    Regulation(Regulation),
    Subsector(String),
    Need(String),
    Stage(Stage),
    Trl(u8),
    Territory(String),
    EntityType(EntityType),
    Size(OrgSize),
    /// The provider is in the member's country.
    SameCountry(String),
    /// An open call that closes within [`SOON_DAYS`] days (ISO date).
    ClosesSoon(String),
}

/// How many days before its closing date a call counts as closing soon.
pub const SOON_DAYS: i64 = 45;

impl Reason {
    /// The snake_case name of the reason, as in the API and the translation keys.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::DeviceClass(_) => "device_class",
            Reason::Regulation(_) => "regulation",
            Reason::Subsector(_) => "subsector",
            Reason::Need(_) => "need",
            Reason::Stage(_) => "stage",
            Reason::Trl(_) => "trl",
            Reason::Territory(_) => "territory",
            Reason::EntityType(_) => "entity_type",
            Reason::Size(_) => "size",
            Reason::SameCountry(_) => "same_country",
            Reason::ClosesSoon(_) => "closes_soon",
        }
    }
    /// The value the reason is about, as a code (translated by the page where it is one).
    pub fn value(&self) -> String {
        match self {
            Reason::DeviceClass(s)
            | Reason::Subsector(s)
            | Reason::Need(s)
            | Reason::Territory(s)
            | Reason::SameCountry(s)
            | Reason::ClosesSoon(s) => s.clone(),
            Reason::Regulation(r) => r.as_str().into(),
            Reason::Stage(s) => s.as_str().into(),
            Reason::Trl(n) => n.to_string(),
            Reason::EntityType(e) => e.as_str().into(),
            Reason::Size(s) => s.as_str().into(),
        }
    }
    /// What the reason adds to the score: what the member makes and works in weighs more than
    /// what kind of body it is.
    pub fn weight(&self) -> u32 {
        match self {
            Reason::DeviceClass(_) => 4,
            Reason::Regulation(_) | Reason::Subsector(_) | Reason::ClosesSoon(_) => 3,
            Reason::Need(_) | Reason::Stage(_) | Reason::Trl(_) | Reason::Territory(_) => 2,
            Reason::EntityType(_) | Reason::Size(_) | Reason::SameCountry(_) => 1,
        }
    }
    /// Reasons that only sharpen the order of resources that fit for another reason.
    fn secondary(&self) -> bool {
        matches!(self, Reason::SameCountry(_) | Reason::ClosesSoon(_))
    }
}

/// A resource as the ranking sees it.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    pub fit: &'a Fit,
    /// Name, provider, description (every language) and tags: what needs are matched against.
    pub text: &'a str,
    /// The provider's country.
    pub country: Option<&'a str>,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
}

/// At most this many needs count for one resource, so a long wish list does not drown the rest.
const MAX_NEEDS: usize = 3;

/// Two folded words meet when equal, or when both are long and share their first six letters
/// (a crude stem across languages: regulatory/regulation, financiación/financing, clínico/clinical).
fn meets(need: &str, word: &str) -> bool {
    if need == word {
        return true;
    }
    let (n, w): (Vec<char>, Vec<char>) = (need.chars().collect(), word.chars().collect());
    n.len() >= 6 && w.len() >= 6 && n[..6] == w[..6]
}

/// Whether `offer` fits `member` on `today`: `None` when a hard criterion excludes it or nothing
/// about the member matches; otherwise the score and the reasons, weightiest first.
pub fn score(offer: &Offer<'_>, member: &MemberFacts, today: Date) -> Option<(u32, Vec<Reason>)> {
    let fit = offer.fit;
    if offer.closes_on.is_some_and(|c| c < today) {
        return None;
    }
    let mut reasons = Vec::new();
    // Hard criteria: a known fact outside the list excludes.
    if !fit.entity_types.is_empty()
        && let Some(e) = member.entity_type
    {
        if !fit.entity_types.contains(&e) {
            return None;
        }
        reasons.push(Reason::EntityType(e));
    }
    if !fit.sizes.is_empty()
        && let Some(s) = member.size
    {
        if !fit.sizes.contains(&s) {
            return None;
        }
        reasons.push(Reason::Size(s));
    }
    if !fit.stages.is_empty()
        && let Some(s) = member.stage
    {
        if !fit.stages.contains(&s) {
            return None;
        }
        reasons.push(Reason::Stage(s));
    }
    if (fit.trl_min.is_some() || fit.trl_max.is_some())
        && let Some(t) = member.trl
    {
        if fit.trl_min.is_some_and(|m| t < m) || fit.trl_max.is_some_and(|m| t > m) {
            return None;
        }
        reasons.push(Reason::Trl(t));
    }
    if !fit.territories.is_empty() && (member.territory.is_some() || member.country.is_some()) {
        let hit = fit.territories.iter().find(|t| {
            member
                .territory
                .as_deref()
                .is_some_and(|m| m.starts_with(t.as_str()))
                || member.country.as_deref() == Some(t.as_str())
        });
        match hit {
            Some(t) => reasons.push(Reason::Territory(
                member.territory.clone().unwrap_or_else(|| t.clone()),
            )),
            None => return None,
        }
    }
    let member_regs = member.regulations();
    if !fit.regulations.is_empty()
        && !member_regs.is_empty()
        && !member_regs.iter().any(|r| fit.regulations.contains(r))
    {
        return None;
    }
    // Soft criteria: count when they match.
    for c in &member.device_classes {
        if fit.device_classes.contains(c) {
            reasons.push(Reason::DeviceClass(c.clone()));
        }
    }
    for r in member_regs {
        let by_class = reasons
            .iter()
            .any(|x| matches!(x, Reason::DeviceClass(c) if Regulation::of_class(c) == Some(r)));
        if fit.regulations.contains(&r) && !by_class {
            reasons.push(Reason::Regulation(r));
        }
    }
    for s in &member.subsectors {
        if fit.subsectors.contains(s) {
            reasons.push(Reason::Subsector(s.clone()));
        }
    }
    if !member.needs.is_empty() || !member.need_text.is_empty() {
        let text: Vec<String> = words(offer.text, 3).collect();
        let hit = |need: &String| text.iter().any(|w| meets(need, w));
        let mut matched: Vec<String> = member.needs.iter().filter(|n| hit(n)).cloned().collect();
        // The language of the needs' text that adds most (a word already matched as a tag
        // does not count twice).
        let best = member
            .need_text
            .values()
            .map(|ws| {
                ws.iter()
                    .filter(|w| hit(w) && !matched.iter().any(|m| meets(m, w)))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .fold(
                Vec::new(),
                |best, ws| if ws.len() > best.len() { ws } else { best },
            );
        matched.extend(best);
        reasons.extend(matched.into_iter().take(MAX_NEEDS).map(Reason::Need));
    }
    if !reasons.iter().any(|r| !r.secondary()) {
        return None;
    }
    if let (Some(p), Some(m)) = (offer.country, member.country.as_deref())
        && p.eq_ignore_ascii_case(m)
    {
        reasons.push(Reason::SameCountry(m.to_string()));
    }
    if let Some(c) = offer.closes_on
        && (c - today).whole_days() <= SOON_DAYS
        && offer.opens_on.is_none_or(|o| o <= today)
    {
        reasons.push(Reason::ClosesSoon(iso_date(c)));
    }
    // Weightiest first; the order within a weight is the order above.
    reasons.sort_by_key(|r| std::cmp::Reverse(r.weight()));
    Some((reasons.iter().map(Reason::weight).sum(), reasons))
}

/// A resource as typed in a form or sent to the API: lists of codes are arrays, free lists
/// (territories, tags) comma-separated strings, so a form with errors shows again as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    pub kind: String,
    pub funding_type: String,
    pub code: String,
    pub name: String,
    pub provider: String,
    pub description: MultiText,
    pub url: String,
    pub email: String,
    pub country: String,
    pub opens_on: String,
    pub closes_on: String,
    pub entity_types: Vec<String>,
    pub sizes: Vec<String>,
    pub subsectors: Vec<String>,
    pub stages: Vec<String>,
    pub trl_min: String,
    pub trl_max: String,
    pub device_classes: Vec<String>,
    pub territories: String,
    pub regulations: Vec<String>,
    pub tags: String,
    pub unverified: bool,
}

/// A valid resource.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceInput {
    pub kind: Kind,
    pub code: Option<String>,
    pub name: Name,
    pub provider: Option<String>,
    pub description: MultiText,
    pub url: Option<Website>,
    pub email: Option<Email>,
    pub country: Option<String>,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    pub fit: Fit,
}

const MAX_TEXT: usize = 5000;
const MAX_TAGS: usize = 30;

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Parses every code of a list, keeping the first of duplicates.
fn codes<T: PartialEq>(
    e: &mut Errors,
    field: &str,
    list: &[String],
    parse: impl Fn(&str, &str) -> std::result::Result<T, FieldError>,
) -> Vec<T> {
    let mut out = Vec::new();
    for v in list.iter().filter(|v| !v.trim().is_empty()) {
        if let Some(x) = e.take(parse(field, v))
            && !out.contains(&x)
        {
            out.push(x);
        }
    }
    out
}

fn trl(e: &mut Errors, field: &str, s: &str) -> Option<u8> {
    let t = optional(Some(s))?;
    match t.parse::<u8>() {
        Ok(n) if (1..=9).contains(&n) => Some(n),
        _ => {
            e.push(FieldError::new(field, "invalid_trl").detail(t.to_string()));
            None
        }
    }
}

/// A territory: a NUTS code or prefix (ES21, FRI15, PT11), a country code (ES) or a country's
/// name (España, Portugal).
pub fn parse_territory(field: &str, s: &str) -> std::result::Result<String, FieldError> {
    let t = s.trim();
    if t.chars().count() <= 5 && !t.contains(' ') {
        NutsCode::parse(field, t)
            .map(NutsCode::into_inner)
            .map_err(|_| FieldError::new(field, "invalid_territory").detail(t.to_string()))
    } else {
        crate::country::lookup(t)
            .map(str::to_string)
            .ok_or_else(|| FieldError::new(field, "invalid_territory").detail(t.to_string()))
    }
}

impl ResourceForm {
    /// The form of a stored resource, to edit it.
    #[allow(clippy::too_many_arguments)]
    pub fn of(
        kind: &str,
        code: Option<&str>,
        name: &str,
        provider: Option<&str>,
        description: MultiText,
        url: Option<&str>,
        email: Option<&str>,
        country: Option<&str>,
        opens_on: Option<&str>,
        closes_on: Option<&str>,
        fit: &Fit,
    ) -> Self {
        let s = |v: Option<&str>| v.unwrap_or_default().to_string();
        let list = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
        ResourceForm {
            kind: kind.into(),
            funding_type: fit
                .funding_type
                .map(|f| f.as_str().to_string())
                .unwrap_or_default(),
            code: s(code),
            name: name.into(),
            provider: s(provider),
            description,
            url: s(url),
            email: s(email),
            country: s(country),
            opens_on: s(opens_on),
            closes_on: s(closes_on),
            entity_types: list(fit.entity_types.iter().map(|x| x.as_str()).collect()),
            sizes: list(fit.sizes.iter().map(|x| x.as_str()).collect()),
            subsectors: fit.subsectors.clone(),
            stages: list(fit.stages.iter().map(|x| x.as_str()).collect()),
            trl_min: fit.trl_min.map(|t| t.to_string()).unwrap_or_default(),
            trl_max: fit.trl_max.map(|t| t.to_string()).unwrap_or_default(),
            device_classes: fit.device_classes.clone(),
            territories: fit.territories.join(", "),
            regulations: list(fit.regulations.iter().map(|x| x.as_str()).collect()),
            tags: fit.tags.join(", "),
            unverified: fit.unverified,
        }
    }

    /// Every problem at once, each naming its field. `subsectors` are the codes of the
    /// cluster's vocabulary.
    pub fn parse(&self, subsectors: &[String]) -> Result<ResourceInput> {
        let mut e = Errors::new();
        let kind = e.take(Kind::parse("kind", &self.kind));
        let funding_type = match optional(Some(&self.funding_type)) {
            Some(f) => e.take(FundingType::parse("funding_type", f)),
            None => None,
        };
        if kind == Some(Kind::Funding)
            && funding_type.is_none()
            && self.funding_type.trim().is_empty()
        {
            e.push(FieldError::new("funding_type", "required"));
        }
        let code = optional(Some(&self.code)).and_then(|c| {
            e.take(Slug::parse("code", &c.to_lowercase()))
                .map(Slug::into_inner)
        });
        let name = e.take(Name::parse("name", &self.name));
        let provider = optional(Some(&self.provider))
            .and_then(|p| e.take(Name::parse("provider", p)).map(Name::into_inner));
        let mut description = MultiText::new();
        for (lang, text) in &self.description.0 {
            if text.chars().count() > MAX_TEXT {
                e.push(FieldError::new(format!("description_{lang}"), "too_long").detail("5000"));
            }
            description.set(lang, text);
        }
        let url = optional(Some(&self.url)).and_then(|v| e.take(Website::parse("url", v)));
        let email = optional(Some(&self.email)).and_then(|v| e.take(Email::parse("email", v)));
        let country = optional(Some(&self.country)).and_then(|v| {
            e.take(
                crate::country::lookup(v)
                    .map(str::to_string)
                    .ok_or_else(|| FieldError::new("country", "unknown_country").detail(v)),
            )
        });
        let opens_on =
            optional(Some(&self.opens_on)).and_then(|v| e.take(parse_date("opens_on", v)));
        let closes_on =
            optional(Some(&self.closes_on)).and_then(|v| e.take(parse_date("closes_on", v)));
        if let (Some(o), Some(c)) = (opens_on, closes_on)
            && c < o
        {
            e.push(FieldError::new("closes_on", "end_before_start"));
        }
        let trl_min = trl(&mut e, "trl_min", &self.trl_min);
        let trl_max = trl(&mut e, "trl_max", &self.trl_max);
        if let (Some(a), Some(b)) = (trl_min, trl_max)
            && a > b
        {
            e.push(FieldError::new("trl_max", "trl_min_above_max").detail(format!("{a} > {b}")));
        }
        let classes = device_classes();
        let device_classes = codes(&mut e, "device_classes", &self.device_classes, |f, v| {
            let c = v.trim().to_lowercase().replace(['-', ' '], "_");
            classes
                .iter()
                .find(|k| **k == c)
                .map(|k| k.to_string())
                .ok_or_else(|| FieldError::new(f, "unknown_value").detail(v.trim().to_string()))
        });
        let subsectors = codes(&mut e, "subsectors", &self.subsectors, |f, v| {
            let v = v.trim();
            subsectors
                .iter()
                .find(|s| s.as_str() == v)
                .cloned()
                .ok_or_else(|| FieldError::new(f, "unknown_value").detail(v.to_string()))
        });
        let mut territories: Vec<String> = Vec::new();
        for t in split(&self.territories) {
            if let Some(t) = e.take(parse_territory("territories", t))
                && !territories.contains(&t)
            {
                territories.push(t);
            }
        }
        let mut tags: Vec<String> = Vec::new();
        for t in split(&self.tags) {
            if t.chars().count() > 80 {
                e.push(FieldError::new("tags", "too_long").detail(t.to_string()));
            } else if !tags.iter().any(|x| fold(x) == fold(t)) {
                tags.push(t.to_string());
            }
        }
        if tags.len() > MAX_TAGS {
            e.push(FieldError::new("tags", "too_many_tags").detail(MAX_TAGS.to_string()));
        }
        let fit = Fit {
            funding_type: funding_type.filter(|_| kind == Some(Kind::Funding)),
            entity_types: codes(
                &mut e,
                "entity_types",
                &self.entity_types,
                EntityType::parse,
            ),
            sizes: codes(&mut e, "sizes", &self.sizes, OrgSize::parse),
            subsectors,
            stages: codes(&mut e, "stages", &self.stages, Stage::parse),
            trl_min,
            trl_max,
            device_classes,
            territories,
            regulations: codes(&mut e, "regulations", &self.regulations, Regulation::parse),
            tags,
            unverified: self.unverified,
        };
        e.into_result()?;
        match (kind, name) {
            (Some(kind), Some(name)) => Ok(ResourceInput {
                kind,
                code,
                name,
                provider,
                description,
                url,
                email,
                country,
                opens_on,
                closes_on,
                fit,
            }),
            _ => Err(crate::Error::Internal(
                "unreachable: errors without field errors".into(),
            )),
        }
    }
}

/// One row of a notified-body list (`nb_number,name,country,regulations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifiedBody {
    /// Four digits, as NANDO writes them (0123).
    pub number: String,
    pub name: Name,
    pub country: String,
    pub regulations: Vec<Regulation>,
}

impl NotifiedBody {
    /// The resource code of a notified body in a cluster's map.
    pub fn code(&self) -> String {
        format!("nb-{}", self.number)
    }

    /// Parses one CSV record (already split into cells); errors carry `line`.
    pub fn parse(cells: &[&str], line: usize) -> std::result::Result<Self, Vec<FieldError>> {
        let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
        let mut errs = Vec::new();
        let number = cell(0);
        if number.is_empty() {
            errs.push(FieldError::new("nb_number", "required").at_line(line));
        } else if number.len() != 4 || !number.chars().all(|c| c.is_ascii_digit()) {
            errs.push(
                FieldError::new("nb_number", "invalid_nb_number")
                    .detail(number)
                    .at_line(line),
            );
        }
        let name = Name::parse("name", cell(1)).map_err(|e| errs.push(e.at_line(line)));
        let country = match crate::country::lookup(cell(2)) {
            Some(c) => Some(c.to_string()),
            None => {
                let e = if cell(2).is_empty() {
                    FieldError::new("country", "required")
                } else {
                    FieldError::new("country", "unknown_country").detail(cell(2))
                };
                errs.push(e.at_line(line));
                None
            }
        };
        let mut regulations = Vec::new();
        for r in cell(3)
            .split([';', '|', ' '])
            .filter(|r| !r.trim().is_empty())
        {
            match Regulation::parse("regulations", r) {
                Ok(r) if !regulations.contains(&r) => regulations.push(r),
                Ok(_) => {}
                Err(e) => errs.push(e.at_line(line)),
            }
        }
        if regulations.is_empty() && !errs.iter().any(|e| e.field == "regulations") {
            errs.push(FieldError::new("regulations", "required").at_line(line));
        }
        match (name, country) {
            (Ok(name), Some(country)) if errs.is_empty() => Ok(NotifiedBody {
                number: number.to_string(),
                name,
                country,
                regulations,
            }),
            _ => Err(errs),
        }
    }

    /// What a notified body fits: makers of the device classes that need one under the
    /// regulations it is designated for.
    pub fn fit(&self, unverified: bool) -> Fit {
        Fit {
            regulations: self.regulations.clone(),
            device_classes: self
                .regulations
                .iter()
                .flat_map(|r| r.notified_body_classes())
                .map(|c| c.to_string())
                .collect(),
            unverified,
            ..Fit::default()
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 03 - 01);

    fn offer<'a>(fit: &'a Fit, text: &'a str) -> Offer<'a> {
        Offer {
            fit,
            text,
            country: None,
            opens_on: None,
            closes_on: None,
        }
    }

    fn maker() -> MemberFacts {
        let profile = Profile {
            certifications: vec![Certification::Iso13485, Certification::MdrIib],
            trl: Some(7),
            stage: Some(Stage::Growth),
            need_tags: vec!["regulatory".into(), "clinical trials".into()],
            needs: MultiText::new().with("es", "Buscamos financiación para la certificación"),
            ..Default::default()
        };
        MemberFacts::new(
            Some(EntityType::Company),
            Some(OrgSize::Small),
            Some("ES212".into()),
            None,
            vec!["medical_devices".into()],
            &profile,
        )
    }

    #[test]
    fn member_facts_gather_profile_and_organisation() {
        let m = maker();
        assert_eq!(m.device_classes, vec!["mdr_iib"]);
        assert_eq!(m.country.as_deref(), Some("ES"));
        assert_eq!(m.regulations(), vec![Regulation::Mdr]);
        assert_eq!(m.needs, vec!["regulatory", "clinical", "trials"]);
        assert_eq!(m.need_text["es"], vec!["financiacion", "certificacion"]);
    }

    #[test]
    fn a_need_written_in_several_languages_counts_once() {
        let profile = Profile {
            needs: MultiText::new()
                .with("es", "Buscamos un organismo notificado")
                .with("en", "We look for a notified body")
                .with("fr", "Nous cherchons un organisme notifié"),
            ..Default::default()
        };
        let m = MemberFacts::new(None, None, None, None, Vec::new(), &profile);
        let fit = Fit::default();
        let text = format!("TÜV SÜD {}", Kind::NotifiedBody.words());
        let (_, reasons) = score(&offer(&fit, &text), &m, TODAY).unwrap();
        assert_eq!(
            reasons,
            vec![
                Reason::Need("organismo".into()),
                Reason::Need("notificado".into())
            ]
        );
    }

    #[test]
    fn hard_criteria_exclude_and_unknown_facts_do_not() {
        let m = maker();
        let hospitals = Fit {
            entity_types: vec![EntityType::Hospital],
            subsectors: vec!["medical_devices".into()],
            ..Default::default()
        };
        assert_eq!(score(&offer(&hospitals, ""), &m, TODAY), None);
        let early = Fit {
            trl_min: Some(3),
            trl_max: Some(5),
            subsectors: vec!["medical_devices".into()],
            ..Default::default()
        };
        assert_eq!(score(&offer(&early, ""), &m, TODAY), None);
        let mut unknown_trl = m.clone();
        unknown_trl.trl = None;
        assert!(score(&offer(&early, ""), &unknown_trl, TODAY).is_some());
        let galicia = Fit {
            territories: vec!["ES11".into(), "PT".into()],
            subsectors: vec!["medical_devices".into()],
            ..Default::default()
        };
        assert_eq!(score(&offer(&galicia, ""), &m, TODAY), None);
        let ivd_only = Fit {
            regulations: vec![Regulation::Ivdr],
            ..Default::default()
        };
        assert_eq!(score(&offer(&ivd_only, ""), &m, TODAY), None);
        let seed = Fit {
            stages: vec![Stage::Idea, Stage::Startup],
            ..Default::default()
        };
        assert_eq!(score(&offer(&seed, ""), &m, TODAY), None);
    }

    #[test]
    fn closed_calls_are_excluded_and_closing_ones_rank_higher() {
        let m = maker();
        let fit = Fit {
            entity_types: vec![EntityType::Company],
            ..Default::default()
        };
        let mut o = offer(&fit, "");
        o.closes_on = Some(date!(2026 - 02 - 28));
        assert_eq!(score(&o, &m, TODAY), None);
        o.closes_on = Some(date!(2026 - 03 - 20));
        let (soon, reasons) = score(&o, &m, TODAY).unwrap();
        assert_eq!(reasons[0], Reason::ClosesSoon("2026-03-20".into()));
        o.closes_on = Some(date!(2026 - 09 - 30));
        let (later, _) = score(&o, &m, TODAY).unwrap();
        assert!(soon > later, "{soon} vs {later}");
        // Closing soon alone is not a reason to show a resource.
        let other = Fit {
            entity_types: vec![EntityType::Company],
            ..Default::default()
        };
        let mut hospital = m.clone();
        hospital.entity_type = None;
        let mut o = offer(&other, "");
        o.closes_on = Some(date!(2026 - 03 - 20));
        assert_eq!(score(&o, &hospital, TODAY), None);
    }

    #[test]
    fn scores_by_what_matches_with_a_reason_for_each() {
        let m = maker();
        let nb = NotifiedBody {
            number: "0318".into(),
            name: Name::parse("name", "CNCPS").unwrap(),
            country: "ES".into(),
            regulations: vec![Regulation::Mdr, Regulation::Ivdr],
        };
        let fit = nb.fit(true);
        let mut o = offer(&fit, "Centro Nacional de Certificación");
        o.country = Some("ES");
        let (s, reasons) = score(&o, &m, TODAY).unwrap();
        assert_eq!(
            reasons,
            vec![
                Reason::DeviceClass("mdr_iib".into()),
                Reason::Need("certificacion".into()),
                Reason::SameCountry("ES".into()),
            ]
        );
        assert_eq!(s, 4 + 2 + 1);
        let regional = Fit {
            territories: vec!["ES21".into()],
            entity_types: vec![EntityType::Company],
            sizes: vec![OrgSize::Micro, OrgSize::Small, OrgSize::Medium],
            trl_min: Some(6),
            subsectors: vec!["medical_devices".into(), "ivd".into()],
            ..Default::default()
        };
        let (_, reasons) = score(
            &offer(&regional, "Regulatory affairs support programme"),
            &m,
            TODAY,
        )
        .unwrap();
        assert_eq!(
            reasons,
            vec![
                Reason::Subsector("medical_devices".into()),
                Reason::Trl(7),
                Reason::Territory("ES212".into()),
                Reason::Need("regulatory".into()),
                Reason::EntityType(EntityType::Company),
                Reason::Size(OrgSize::Small),
            ]
        );
        // Nothing about the member matches: not shown.
        let nothing = Fit {
            subsectors: vec!["pharma_dermo".into()],
            ..Default::default()
        };
        assert_eq!(score(&offer(&nothing, "Biobanco"), &m, TODAY), None);
    }

    fn form() -> ResourceForm {
        ResourceForm {
            kind: "funding".into(),
            funding_type: "regional_programme".into(),
            name: "Hazitek".into(),
            provider: "SPRI".into(),
            description: MultiText::new().with("es", "Ayudas a la I+D empresarial"),
            url: "www.spri.eus".into(),
            opens_on: "2026-03-01".into(),
            closes_on: "2026-05-15".into(),
            entity_types: vec!["company".into()],
            sizes: vec!["small".into(), "Small".into(), "medium".into()],
            subsectors: vec!["medical_devices".into()],
            trl_min: "4".into(),
            trl_max: "8".into(),
            device_classes: vec!["MDR IIb".into()],
            territories: "ES21, Portugal".into(),
            regulations: vec!["mdr".into()],
            tags: "I+D, innovación, i+d".into(),
            ..Default::default()
        }
    }

    #[test]
    fn parses_a_resource_form() {
        let i = form().parse(&["medical_devices".into()]).unwrap();
        assert_eq!(i.kind, Kind::Funding);
        assert_eq!(i.fit.funding_type, Some(FundingType::RegionalProgramme));
        assert_eq!(i.fit.sizes, vec![OrgSize::Small, OrgSize::Medium]);
        assert_eq!(i.fit.device_classes, vec!["mdr_iib"]);
        assert_eq!(i.fit.territories, vec!["ES21", "PT"]);
        assert_eq!(i.fit.tags, vec!["I+D", "innovación"]);
        assert_eq!(i.fit.trl_range().as_deref(), Some("4–8"));
        assert_eq!(i.url.unwrap().as_str(), "https://www.spri.eus");
        let back = Fit::from_json(&i.fit.to_json());
        assert_eq!(back, i.fit);
        assert_eq!(Fit::from_json("{}"), Fit::default());
        assert_eq!(Fit::default().to_json(), "{}");
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = ResourceForm {
            kind: "spaceship".into(),
            name: " ".into(),
            url: "not a url".into(),
            email: "nobody".into(),
            country: "Atlantis".into(),
            opens_on: "2026-05-01".into(),
            closes_on: "2026-04-01".into(),
            trl_min: "8".into(),
            trl_max: "3".into(),
            entity_types: vec!["dragon".into()],
            device_classes: vec!["mdr_iv".into()],
            subsectors: vec!["astrology".into()],
            stages: vec!["teenage".into()],
            regulations: vec!["gdpr".into()],
            territories: "ES21, Mordor land".into(),
            ..Default::default()
        };
        let crate::Error::Validation(errs) = f.parse(&["biotech".into()]).unwrap_err() else {
            panic!("expected validation errors")
        };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "kind",
            "name",
            "url",
            "email",
            "country",
            "closes_on",
            "trl_max",
            "entity_types",
            "device_classes",
            "subsectors",
            "stages",
            "regulations",
            "territories",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
        let e = ResourceForm {
            kind: "funding".into(),
            name: "X".into(),
            trl_min: "12".into(),
            ..Default::default()
        }
        .parse(&[])
        .unwrap_err();
        let crate::Error::Validation(errs) = e else {
            panic!()
        };
        assert!(
            errs.iter()
                .any(|e| e.field == "funding_type" && e.code == "required")
        );
        assert!(
            errs.iter()
                .any(|e| e.field == "trl_min" && e.code == "invalid_trl")
        );
    }

    #[test]
    fn reads_notified_body_rows() {
        let nb = NotifiedBody::parse(&["0459", "GMED SAS", "FR", "MDR;IVDR"], 2).unwrap();
        assert_eq!(nb.code(), "nb-0459");
        assert_eq!(nb.regulations, vec![Regulation::Mdr, Regulation::Ivdr]);
        let fit = nb.fit(true);
        assert!(fit.unverified);
        assert!(fit.device_classes.contains(&"ivdr_d".to_string()));
        assert!(!fit.device_classes.contains(&"mdr_i".to_string()));
        let errs = NotifiedBody::parse(&["45", "", "Atlantis", "GDPR"], 7).unwrap_err();
        let got: Vec<(&str, &str, Option<usize>)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str(), e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("nb_number", "invalid_nb_number", Some(7)),
                ("name", "required", Some(7)),
                ("country", "unknown_country", Some(7)),
                ("regulations", "unknown_value", Some(7)),
            ]
        );
    }

    #[test]
    fn territories_are_nuts_codes_or_countries() {
        assert_eq!(parse_territory("t", "es21").unwrap(), "ES21");
        assert_eq!(parse_territory("t", "FRI15").unwrap(), "FRI15");
        assert_eq!(parse_territory("t", "Portugal").unwrap(), "PT");
        assert_eq!(
            parse_territory("t", "Middle earth").unwrap_err().code,
            "invalid_territory"
        );
    }
}
