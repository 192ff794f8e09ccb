//! The rich profile of an organisation: what it can do, what it needs, what it makes and holds,
//! and who to call about what. Each field has its own visibility, chosen by the organisation.

use crate::error::{Errors, FieldError, Result};
use crate::model::EntityType;
use crate::multitext::MultiText;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_enum!(
    /// Who may read a profile field. `public`: anyone, also on the public site and in other clusters' searches; `members`: users
    /// of the clusters the organisation belongs to; `staff`: their staff and the organisation itself.
    Visibility, "visibility" {
    Public = "public",
    Members = "members",
    Staff = "staff",
});

code_enum!(
    /// Quality and regulatory certifications that decide who can sell what in health.
    Certification, "certification" {
    Iso13485 = "iso13485",
    Iso9001 = "iso9001",
    Iso27001 = "iso27001",
    Iso15189 = "iso15189",
    Gmp = "gmp",
    Glp = "glp",
    MdrI = "mdr_i",
    MdrIia = "mdr_iia",
    MdrIib = "mdr_iib",
    MdrIii = "mdr_iii",
    IvdrA = "ivdr_a",
    IvdrB = "ivdr_b",
    IvdrC = "ivdr_c",
    IvdrD = "ivdr_d",
});

impl Certification {
    /// The MDR/IVDR device class this certification is evidence of, if any.
    pub fn device_class(self) -> Option<&'static str> {
        let s = self.as_str();
        (s.starts_with("mdr_") || s.starts_with("ivdr_")).then_some(s)
    }
}

code_enum!(
    /// Where in the health value chain an organisation works.
    ValueChainStage, "value-chain" {
    Research = "research",
    Development = "development",
    ClinicalValidation = "clinical_validation",
    Regulatory = "regulatory",
    Manufacturing = "manufacturing",
    Distribution = "distribution",
    Services = "services",
    Care = "care",
});

code_enum!(
    /// How far a company has come: funding and support fit differently at each stage.
    Stage, "stage" {
    Idea = "idea",
    Startup = "startup",
    Growth = "growth",
    Consolidated = "consolidated",
});

/// Someone to ask about one topic (sales, R&D, regulatory, press…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub topic: String,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub capabilities: MultiText,
    pub capability_tags: Vec<String>,
    pub needs: MultiText,
    pub need_tags: Vec<String>,
    /// Products and services, one per line.
    pub products: MultiText,
    pub technologies: Vec<String>,
    pub certifications: Vec<Certification>,
    pub trl: Option<u8>,
    pub stage: Option<Stage>,
    pub markets: Vec<String>,
    /// ISO 3166 alpha-2 codes.
    pub export_countries: Vec<String>,
    pub value_chain: Vec<ValueChainStage>,
    pub rd_areas: Vec<String>,
    /// Equipment and facilities (research centres and hospitals).
    pub equipment: MultiText,
    pub contacts: Vec<Contact>,
}

/// Every field that has its own visibility, in the order forms show them. `description` is the
/// organisation's own description (always public, as it was before profiles existed).
pub const FIELDS: &[&str] = &[
    "capabilities",
    "needs",
    "products",
    "technologies",
    "certifications",
    "trl",
    "stage",
    "markets",
    "export_countries",
    "value_chain",
    "rd_areas",
    "equipment",
    "contacts",
    "logo",
];

/// Visibility chosen per field; fields not mentioned take their default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VisibilityMap(pub BTreeMap<String, Visibility>);

impl VisibilityMap {
    /// Needs and contacts are shared with fellow members by default; the rest is a shop window.
    pub fn default_for(field: &str) -> Visibility {
        match field {
            "needs" | "contacts" => Visibility::Members,
            _ => Visibility::Public,
        }
    }
    pub fn get(&self, field: &str) -> Visibility {
        self.0
            .get(field)
            .copied()
            .unwrap_or_else(|| Self::default_for(field))
    }
    /// Whether a reader allowed up to `level` sees `field`.
    pub fn shows(&self, field: &str, level: Visibility) -> bool {
        rank(self.get(field)) <= rank(level)
    }
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }
}

fn rank(v: Visibility) -> u8 {
    match v {
        Visibility::Public => 0,
        Visibility::Members => 1,
        Visibility::Staff => 2,
    }
}

impl Profile {
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// The same profile with the fields a reader at `level` may not see emptied.
    pub fn visible(&self, vis: &VisibilityMap, level: Visibility) -> Profile {
        let mut p = self.clone();
        let hide = |f: &str| !vis.shows(f, level);
        if hide("capabilities") {
            p.capabilities = MultiText::new();
            p.capability_tags.clear();
        }
        if hide("needs") {
            p.needs = MultiText::new();
            p.need_tags.clear();
        }
        if hide("products") {
            p.products = MultiText::new();
        }
        if hide("technologies") {
            p.technologies.clear();
        }
        if hide("certifications") {
            p.certifications.clear();
        }
        if hide("trl") {
            p.trl = None;
        }
        if hide("stage") {
            p.stage = None;
        }
        if hide("markets") {
            p.markets.clear();
        }
        if hide("export_countries") {
            p.export_countries.clear();
        }
        if hide("value_chain") {
            p.value_chain.clear();
        }
        if hide("rd_areas") {
            p.rd_areas.clear();
        }
        if hide("equipment") {
            p.equipment = MultiText::new();
        }
        if hide("contacts") {
            p.contacts.clear();
        }
        p
    }

    /// How complete the profile is (0–100) and what is missing, weighed by what matters for
    /// this kind of organisation: equipment for research centres and hospitals, certifications
    /// and TRL for companies. `has` tells about the parts kept outside the profile.
    pub fn completeness(&self, entity: EntityType, has: &Basics) -> (u8, Vec<&'static str>) {
        let makes_products = matches!(entity, EntityType::Company);
        let has_facilities = matches!(
            entity,
            EntityType::ResearchCentre
                | EntityType::TechnologyCentre
                | EntityType::Hospital
                | EntityType::University
        );
        let items: Vec<(&'static str, u32, bool)> = vec![
            ("description", 3, has.description),
            ("website", 1, has.website),
            ("logo", 1, has.logo),
            (
                "capabilities",
                3,
                !self.capabilities.is_empty() || !self.capability_tags.is_empty(),
            ),
            (
                "needs",
                2,
                !self.needs.is_empty() || !self.need_tags.is_empty(),
            ),
            ("products", 2, !self.products.is_empty()),
            ("technologies", 2, !self.technologies.is_empty()),
            (
                "certifications",
                if makes_products { 2 } else { 0 },
                !self.certifications.is_empty(),
            ),
            (
                "trl",
                if makes_products { 1 } else { 0 },
                self.trl.is_some(),
            ),
            ("markets", 1, !self.markets.is_empty()),
            ("value_chain", 1, !self.value_chain.is_empty()),
            ("rd_areas", 1, !self.rd_areas.is_empty()),
            (
                "equipment",
                if has_facilities { 2 } else { 0 },
                !self.equipment.is_empty(),
            ),
            ("contacts", 2, !self.contacts.is_empty()),
        ];
        let total: u32 = items.iter().map(|(_, w, _)| w).sum();
        let got: u32 = items
            .iter()
            .filter(|(_, _, ok)| *ok)
            .map(|(_, w, _)| w)
            .sum();
        let missing = items
            .iter()
            .filter(|(_, w, ok)| *w > 0 && !ok)
            .map(|(f, _, _)| *f)
            .collect();
        ((got * 100 / total.max(1)) as u8, missing)
    }

    /// Every tag-like word of the profile, for search and matching.
    pub fn tags(&self) -> Vec<String> {
        self.capability_tags
            .iter()
            .chain(&self.need_tags)
            .chain(&self.technologies)
            .chain(&self.rd_areas)
            .chain(&self.markets)
            .cloned()
            .collect()
    }
}

/// The parts of completeness that live on the organisation rather than in its profile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Basics {
    pub description: bool,
    pub website: bool,
    pub logo: bool,
}

/// A profile as typed in a form or sent to the API: lists are comma- or line-separated strings,
/// so a form with errors can be shown again exactly as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub capabilities: MultiText,
    pub capability_tags: String,
    pub needs: MultiText,
    pub need_tags: String,
    pub products: MultiText,
    pub technologies: String,
    pub certifications: Vec<String>,
    pub trl: String,
    pub stage: String,
    pub markets: String,
    pub export_countries: String,
    pub value_chain: Vec<String>,
    pub rd_areas: String,
    pub equipment: MultiText,
    pub contacts: Vec<Contact>,
    /// Field → visibility code.
    pub visibility: BTreeMap<String, String>,
}

const MAX_TEXT: usize = 5000;
const MAX_TAGS: usize = 50;

impl ProfileForm {
    pub fn from_profile(p: &Profile, vis: &VisibilityMap) -> Self {
        Self {
            capabilities: p.capabilities.clone(),
            capability_tags: p.capability_tags.join(", "),
            needs: p.needs.clone(),
            need_tags: p.need_tags.join(", "),
            products: p.products.clone(),
            technologies: p.technologies.join(", "),
            certifications: p
                .certifications
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
            trl: p.trl.map(|t| t.to_string()).unwrap_or_default(),
            stage: p.stage.map(|s| s.as_str().to_string()).unwrap_or_default(),
            markets: p.markets.join(", "),
            export_countries: p.export_countries.join(", "),
            value_chain: p
                .value_chain
                .iter()
                .map(|v| v.as_str().to_string())
                .collect(),
            rd_areas: p.rd_areas.join(", "),
            equipment: p.equipment.clone(),
            contacts: p.contacts.clone(),
            visibility: FIELDS
                .iter()
                .map(|f| (f.to_string(), vis.get(f).as_str().to_string()))
                .collect(),
        }
    }

    /// Every problem at once, each naming its field.
    pub fn parse(&self) -> Result<(Profile, VisibilityMap)> {
        let mut e = Errors::new();
        let mut p = Profile::default();
        for (field, src, dst) in [
            ("capabilities", &self.capabilities, &mut p.capabilities),
            ("needs", &self.needs, &mut p.needs),
            ("products", &self.products, &mut p.products),
            ("equipment", &self.equipment, &mut p.equipment),
        ] {
            for (lang, text) in &src.0 {
                if text.chars().count() > MAX_TEXT {
                    e.push(FieldError::new(format!("{field}_{lang}"), "too_long").detail("5000"));
                }
                dst.set(lang, text);
            }
        }
        for (field, src, dst) in [
            (
                "capability_tags",
                &self.capability_tags,
                &mut p.capability_tags,
            ),
            ("need_tags", &self.need_tags, &mut p.need_tags),
            ("technologies", &self.technologies, &mut p.technologies),
            ("markets", &self.markets, &mut p.markets),
            ("rd_areas", &self.rd_areas, &mut p.rd_areas),
        ] {
            match tags(field, src) {
                Ok(t) => *dst = t,
                Err(x) => e.push(x),
            }
        }
        for c in &self.certifications {
            if let Some(c) = e.take(Certification::parse("certifications", c))
                && !p.certifications.contains(&c)
            {
                p.certifications.push(c);
            }
        }
        for v in &self.value_chain {
            if let Some(v) = e.take(ValueChainStage::parse("value_chain", v))
                && !p.value_chain.contains(&v)
            {
                p.value_chain.push(v);
            }
        }
        let trl = self.trl.trim();
        if !trl.is_empty() {
            match trl.parse::<u8>() {
                Ok(n) if (1..=9).contains(&n) => p.trl = Some(n),
                _ => e.push(FieldError::new("trl", "out_of_range").detail("1–9")),
            }
        }
        if !self.stage.trim().is_empty() {
            p.stage = e.take(Stage::parse("stage", &self.stage));
        }
        for c in split(&self.export_countries) {
            match crate::country::lookup(c) {
                Some(code) if !p.export_countries.iter().any(|x| x == code) => {
                    p.export_countries.push(code.to_string())
                }
                Some(_) => {}
                None => e.push(
                    FieldError::new("export_countries", "unknown_country").detail(c.to_string()),
                ),
            }
        }
        for (i, c) in self.contacts.iter().enumerate() {
            let c = Contact {
                topic: c.topic.trim().to_string(),
                name: c.name.trim().to_string(),
                email: c.email.trim().to_string(),
                phone: c.phone.trim().to_string(),
            };
            if c == Contact::default() {
                continue;
            }
            if c.topic.is_empty() {
                e.push(FieldError::new(format!("contact_{i}_topic"), "required"));
            }
            if c.name.is_empty() {
                e.push(FieldError::new(format!("contact_{i}_name"), "required"));
            }
            if !c.email.is_empty() {
                e.take(crate::parse::Email::parse(
                    &format!("contact_{i}_email"),
                    &c.email,
                ));
            }
            p.contacts.push(c);
        }
        let mut vis = VisibilityMap::default();
        for (field, v) in &self.visibility {
            if !FIELDS.contains(&field.as_str()) {
                e.push(FieldError::new(
                    format!("visibility_{field}"),
                    "unknown_value",
                ));
                continue;
            }
            if let Some(v) = e.take(Visibility::parse(&format!("visibility_{field}"), v))
                && v != VisibilityMap::default_for(field)
            {
                vis.0.insert(field.clone(), v);
            }
        }
        e.into_result()?;
        Ok((p, vis))
    }
}

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A comma-separated list of short tags, deduplicated case-insensitively, order kept.
fn tags(field: &str, s: &str) -> std::result::Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for t in split(s) {
        if t.chars().count() > 80 {
            return Err(FieldError::new(field, "too_long").detail(t.to_string()));
        }
        if !out.iter().any(|x| crate::fold(x) == crate::fold(t)) {
            out.push(t.to_string());
        }
    }
    if out.len() > MAX_TAGS {
        return Err(FieldError::new(field, "too_many").detail(MAX_TAGS.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form() -> ProfileForm {
        ProfileForm {
            capabilities: MultiText::new().with("es", "Diseño de implantes"),
            capability_tags: "implantes, Implantes, impresión 3D".into(),
            technologies: "titanio; 3D".into(),
            certifications: vec!["iso13485".into(), "mdr_iib".into()],
            trl: "7".into(),
            export_countries: "FR, Portugal".into(),
            value_chain: vec!["manufacturing".into()],
            visibility: [("needs".to_string(), "staff".to_string())].into(),
            ..Default::default()
        }
    }

    #[test]
    fn parses_lists_codes_and_visibility() {
        let (p, vis) = form().parse().unwrap();
        assert_eq!(p.capability_tags, vec!["implantes", "impresión 3D"]);
        assert_eq!(p.technologies, vec!["titanio", "3D"]);
        assert_eq!(
            p.certifications,
            vec![Certification::Iso13485, Certification::MdrIib]
        );
        assert_eq!(p.trl, Some(7));
        assert_eq!(p.export_countries, vec!["FR", "PT"]);
        assert_eq!(vis.get("needs"), Visibility::Staff);
        assert_eq!(vis.get("contacts"), Visibility::Members);
        assert_eq!(vis.get("products"), Visibility::Public);
    }

    #[test]
    fn reports_every_bad_field() {
        let f = ProfileForm {
            trl: "12".into(),
            certifications: vec!["iso99999".into()],
            export_countries: "Atlantis".into(),
            contacts: vec![Contact {
                topic: "ventas".into(),
                email: "not-an-email".into(),
                ..Default::default()
            }],
            visibility: [("trl".to_string(), "everyone".to_string())].into(),
            ..Default::default()
        };
        let crate::Error::Validation(errs) = f.parse().unwrap_err() else {
            panic!("expected validation errors")
        };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "trl",
            "certifications",
            "export_countries",
            "contact_0_name",
            "contact_0_email",
            "visibility_trl",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn visible_hides_what_the_reader_may_not_see() {
        let (mut p, vis) = form().parse().unwrap();
        p.needs.set("es", "Buscamos socio clínico");
        p.contacts.push(Contact {
            topic: "ventas".into(),
            name: "Ane".into(),
            ..Default::default()
        });
        let public = p.visible(&vis, Visibility::Public);
        assert!(public.needs.is_empty() && public.contacts.is_empty());
        assert_eq!(public.trl, Some(7));
        let members = p.visible(&vis, Visibility::Members);
        assert!(members.needs.is_empty(), "needs are staff-only here");
        assert_eq!(members.contacts.len(), 1);
        assert_eq!(
            p.visible(&vis, Visibility::Staff).needs.get("es"),
            "Buscamos socio clínico"
        );
    }

    #[test]
    fn completeness_weighs_by_entity_type() {
        let (p, _) = form().parse().unwrap();
        let basics = Basics {
            description: true,
            website: true,
            logo: false,
        };
        let (company, missing) = p.completeness(EntityType::Company, &basics);
        let (hospital, _) = p.completeness(EntityType::Hospital, &basics);
        assert!(company > hospital, "{company} vs {hospital}");
        assert!(missing.contains(&"logo") && missing.contains(&"contacts"));
        assert!(!missing.contains(&"equipment"));
        let (empty, _) = Profile::default().completeness(EntityType::Company, &Basics::default());
        assert_eq!(empty, 0);
    }
}
