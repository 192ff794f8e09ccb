//! A first alert profile proposed from what the cluster already knows of a member: its
//! subsectors give CPV subtrees, its capability and product tags give keywords, its address
//! gives the country. The member then edits it.

use crate::alert::AlertForm;

/// Subsector words → CPV prefixes (by significant digits). Subsector codes are the cluster's
/// own; these words cover the health clusters' usual ones.
const SUBSECTOR_CPV: &[(&str, &[&str])] = &[
    // 336 pharmaceutical products; 3363 dermatological
    ("pharma", &["336"]),
    ("dermo", &["3363"]),
    // 731 research and experimental development; 33696 reagents
    ("biotech", &["731", "33696"]),
    // 331 medical equipments; 3314 medical consumables
    ("device", &["331"]),
    ("dispositivo", &["331"]),
    // in-vitro diagnostics: reagents and laboratory analysers
    ("ivd", &["33696", "38434"]),
    ("diagnos", &["33696", "38434"]),
    // 48814 medical information systems; 7222 IT strategy and consulting
    ("ehealth", &["48814", "7222"]),
    ("digital", &["48814"]),
    // 851 health services
    ("healthcare", &["851"]),
    ("sanitaria", &["851"]),
    // 853 social work services
    ("sociosanitaria", &["853"]),
    ("social", &["853"]),
];

/// Proposal for a member with these subsector codes, capability/product tags and territory
/// (a NUTS code or a country code: its first two letters become the region filter).
pub fn propose(
    name: &str,
    subsectors: &[String],
    tags: &[String],
    territory: Option<&str>,
) -> AlertForm {
    let mut cpv: Vec<&str> = Vec::new();
    for s in subsectors {
        let s = s.to_lowercase();
        for (word, prefixes) in SUBSECTOR_CPV {
            if s.contains(word) {
                for p in *prefixes {
                    if !cpv.contains(p) {
                        cpv.push(p);
                    }
                }
            }
        }
    }
    let mut keywords: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim();
        if !t.is_empty()
            && !keywords.iter().any(|k| k.eq_ignore_ascii_case(t))
            && keywords.len() < 12
        {
            keywords.push(t.to_string());
        }
    }
    let nuts = territory
        .map(|t| t.trim().to_ascii_uppercase())
        .filter(|t| t.len() >= 2)
        .map(|t| t[..2].to_string())
        .unwrap_or_default();
    AlertForm {
        name: name.to_string(),
        cpv: cpv.join(" "),
        nuts,
        keywords: keywords.join("\n"),
        kinds: vec!["planning".into(), "tender".into()],
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsectors_tags_and_place_make_a_profile() {
        let f = propose(
            "Licitaciones",
            &["medical_devices".into(), "ivd".into()],
            &[
                "diagnóstico".into(),
                "Diagnóstico".into(),
                "imagen médica".into(),
            ],
            Some("ES213"),
        );
        assert_eq!(f.cpv, "331 33696 38434");
        assert_eq!(f.keywords, "diagnóstico\nimagen médica");
        assert_eq!(f.nuts, "ES");
        assert_eq!(f.kinds, vec!["planning", "tender"]);
    }

    #[test]
    fn nothing_known_proposes_nothing_to_match_on() {
        let f = propose("x", &["other".into()], &[], None);
        assert!(f.cpv.is_empty() && f.keywords.is_empty() && f.nuts.is_empty());
    }
}
