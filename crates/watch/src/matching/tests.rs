#![allow(clippy::unwrap_used)]

use super::*;
use crate::alert::OpportunityKind::{Award, Planning, Tender};

fn profile(id: i64) -> AlertProfile {
    AlertProfile {
        id,
        ..AlertProfile::default()
    }
}

fn target(id: i64) -> Target {
    Target {
        id,
        kind: Some(Tender),
        ..Target::default()
    }
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn texts(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .collect()
}

/// Matcher and naive agree, and the answer is returned.
fn run(profiles: &[AlertProfile], t: &Target) -> Vec<Match> {
    let m = Matcher::new(profiles.to_vec());
    let got = m.matches(t);
    assert_eq!(got, naive(profiles, t), "matcher and naive differ on {t:?}");
    got
}

fn one(p: &AlertProfile, t: &Target) -> Option<Match> {
    let mut all = run(std::slice::from_ref(p), t);
    assert!(all.len() <= 1);
    all.pop()
}

fn cpv_reason(code: &str, prefix: &str) -> Reason {
    Reason::Cpv {
        code: code.into(),
        prefix: prefix.into(),
    }
}

fn kw_reason(keyword: &str, lang: &str) -> Reason {
    Reason::Keyword {
        keyword: keyword.into(),
        lang: lang.into(),
    }
}

fn nuts_reason(code: &str, prefix: &str) -> Reason {
    Reason::Nuts {
        code: code.into(),
        prefix: prefix.into(),
    }
}

#[test]
fn cpv_prefix_rule() {
    assert_eq!(cpv_prefix("331").as_deref(), Some("331"));
    assert_eq!(cpv_prefix("33100000").as_deref(), Some("331"));
    assert_eq!(cpv_prefix("33000000").as_deref(), Some("33"));
    assert_eq!(cpv_prefix("03000000").as_deref(), Some("03"));
    assert_eq!(cpv_prefix("00000000").as_deref(), Some("00"));
    assert_eq!(cpv_prefix("3310").as_deref(), Some("3310"));
    assert_eq!(cpv_prefix("33100").as_deref(), Some("33100"));
    assert_eq!(cpv_prefix("33140000-2").as_deref(), Some("3314"));
    assert_eq!(cpv_prefix(" 33141110 ").as_deref(), Some("3314111"));
    assert_eq!(cpv_prefix("33141118").as_deref(), Some("33141118"));
    assert_eq!(cpv_prefix("3"), None);
    assert_eq!(cpv_prefix("331400001"), None);
    assert_eq!(cpv_prefix("33a"), None);
    assert_eq!(cpv_prefix(""), None);
    assert_eq!(cpv_prefix("-2"), None);
}

#[test]
fn cpv_prefix_covers_its_subtree() {
    let mut p = profile(1);
    p.cpv = s(&["331"]);
    let mut t = target(1);
    t.cpv = s(&["45000000", "33141110"]);
    let m = one(&p, &t).unwrap();
    assert_eq!(m.reasons, [cpv_reason("33141110", "331")]);
    assert_eq!(m.score, 25);

    // a full code stands for its significant digits
    p.cpv = s(&["33100000"]);
    assert_eq!(
        one(&p, &t).unwrap().reasons,
        [cpv_reason("33141110", "33100000")]
    );
    // …and with its check digit
    p.cpv = s(&["33140000-2"]);
    let m = one(&p, &t).unwrap();
    assert_eq!(m.reasons, [cpv_reason("33141110", "33140000-2")]);
    assert_eq!(m.score, 30);
    // digits typed short are significant as typed
    p.cpv = s(&["3310"]);
    assert_eq!(one(&p, &t), None);
    p.cpv = s(&["3314"]);
    assert!(one(&p, &t).is_some());
    // a sibling or an invalid entry does not match
    p.cpv = s(&["332", "3", "abc", ""]);
    assert_eq!(one(&p, &t), None);
    // the opportunity's code may carry its check digit too
    p.cpv = s(&["33141118"]);
    t.cpv = s(&["33141118-4"]);
    let m = one(&p, &t).unwrap();
    assert_eq!(m.reasons, [cpv_reason("33141118-4", "33141118")]);
    assert_eq!(m.score, 50);
}

#[test]
fn cpv_reasons_one_per_prefix() {
    let mut p = profile(1);
    p.cpv = s(&["33", "331", "33100000", "45"]);
    let mut t = target(1);
    t.cpv = s(&["33600000", "33141110", "33141000"]);
    let m = one(&p, &t).unwrap();
    // "33100000" is "331" again: one entry; each prefix names the first code under it
    assert_eq!(
        m.reasons,
        [cpv_reason("33600000", "33"), cpv_reason("33141110", "331")]
    );
    assert_eq!(m.score, 25, "the deepest prefix counts");
}

#[test]
fn keywords_match_stems_in_the_texts_language() {
    let mut p = profile(1);
    p.keywords = s(&["diagnóstico"]);
    for text in [
        "Equipos de diagnósticos",
        "DIAGNOSTICO precoz",
        "diagno\u{301}stico",
    ] {
        let t = Target {
            texts: texts(&[("es", text)]),
            ..target(1)
        };
        let m = one(&p, &t).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(m.reasons, [kw_reason("diagnóstico", "es")]);
        assert_eq!(m.score, 20);
    }
    let t = Target {
        texts: texts(&[("es", "diagnosis clínica")]),
        ..target(1)
    };
    assert_eq!(one(&p, &t), None);

    p.keywords = s(&["medical imaging"]);
    let t = Target {
        texts: texts(&[("en", "Supply of Medical Imaging equipment")]),
        ..target(1)
    };
    assert_eq!(
        one(&p, &t).unwrap().reasons,
        [kw_reason("medical imaging", "en")]
    );
    // a phrase: consecutive, in order, within one text
    for v in [
        texts(&[("en", "imaging for medical use")]),
        texts(&[("en", "medical and imaging")]),
        texts(&[("en", "medical"), ("en", "imaging")]),
    ] {
        let t = Target {
            texts: v,
            ..target(1)
        };
        assert_eq!(one(&p, &t), None);
    }
}

#[test]
fn keywords_in_galician_and_unknown_languages_are_folded_not_stemmed() {
    let mut p = profile(1);
    p.keywords = s(&["diagnóstico"]);
    let t = Target {
        texts: texts(&[("gl", "diagnosticos"), ("", "Diagnostico")]),
        ..target(1)
    };
    assert_eq!(one(&p, &t).unwrap().reasons, [kw_reason("diagnóstico", "")]);
}

#[test]
fn keyword_reasons_per_language_and_distinct_keywords_score() {
    let mut p = profile(1);
    p.keywords = s(&["hospital", "  ", "—", "scanner", "hospital", "  Scanner "]);
    let t = Target {
        texts: texts(&[
            ("es", "Escáner para el hospital"),
            ("en", "Scanners for hospitals"),
            ("es", "Hospitales"),
            ("fr", "rien"),
        ]),
        ..target(1)
    };
    let m = one(&p, &t).unwrap();
    assert_eq!(
        m.reasons,
        [
            kw_reason("hospital", "es"),
            kw_reason("hospital", "en"),
            kw_reason("scanner", "en"),
            kw_reason("Scanner", "en"),
        ]
    );
    // three distinct entries hit ("scanner" and "Scanner" are two entries)
    assert_eq!(m.score, 40);
}

#[test]
fn nuts_filter() {
    let mut p = profile(1);
    p.cpv = s(&["33"]);
    p.nuts = s(&["ES2", "pt", "ES21"]);
    let mut t = target(1);
    t.cpv = s(&["33100000"]);
    t.nuts = s(&["FR101", "es213"]);
    let m = one(&p, &t).unwrap();
    assert_eq!(
        m.reasons,
        [
            cpv_reason("33100000", "33"),
            nuts_reason("es213", "ES2"),
            nuts_reason("es213", "ES21"),
        ]
    );
    assert_eq!(m.score, 20 + 6);

    t.nuts = s(&["PT11"]);
    let m = one(&p, &t).unwrap();
    assert_eq!(m.reasons[1], nuts_reason("PT11", "PT"));
    assert_eq!(m.score, 20 + 2);

    t.nuts = s(&["ES11", "FR"]);
    assert_eq!(one(&p, &t), None);
    t.nuts.clear();
    assert_eq!(one(&p, &t), None, "no region fails a region filter");

    // no filter: no NUTS reason
    p.nuts = s(&[" "]);
    t.nuts = s(&["ES213"]);
    assert_eq!(one(&p, &t).unwrap().reasons, [cpv_reason("33100000", "33")]);
}

#[test]
fn value_filter_in_whole_euros() {
    let mut p = profile(1);
    p.keywords = s(&["laboratory"]);
    p.min_value = Some(1_000);
    p.max_value = Some(50_000);
    let mut t = target(1);
    t.texts = texts(&[("en", "Laboratory")]);
    for (cents, ok) in [
        (Some(100_000), true),
        (Some(99_999), false),
        (Some(5_000_000), true),
        (Some(5_000_001), false),
        (None, true),
    ] {
        t.value_eur_cents = cents;
        assert_eq!(one(&p, &t).is_some(), ok, "{cents:?}");
    }
}

#[test]
fn kinds_filter() {
    let mut p = profile(1);
    p.cpv = s(&["85"]);
    p.kinds = vec![Planning, Tender];
    let mut t = target(1);
    t.cpv = s(&["85100000"]);
    for (kind, ok) in [
        (Some(Tender), true),
        (Some(Planning), true),
        (Some(Award), false),
        (None, false),
    ] {
        t.kind = kind;
        assert_eq!(one(&p, &t).is_some(), ok, "{kind:?}");
    }
    p.kinds.clear();
    assert!(one(&p, &t).is_some(), "no kinds: every kind, unknown too");
}

#[test]
fn innovation_only() {
    let mut p = profile(1);
    p.cpv = s(&["73"]);
    p.innovation_only = true;
    let mut t = target(1);
    t.cpv = s(&["73100000"]);
    assert_eq!(one(&p, &t), None);
    t.innovation = true;
    let m = one(&p, &t).unwrap();
    assert_eq!(
        m.reasons,
        [cpv_reason("73100000", "73"), Reason::Innovation]
    );
    assert_eq!(m.score, 22);
}

#[test]
fn a_profile_without_topic_criteria_matches_nothing() {
    let mut p = profile(1);
    p.nuts = s(&["ES"]);
    p.cpv = s(&["x", "1"]);
    p.keywords = s(&["", "…"]);
    let t = Target {
        cpv: s(&["33100000"]),
        nuts: s(&["ES213"]),
        texts: texts(&[("es", "… x 1")]),
        ..target(1)
    };
    assert_eq!(one(&p, &t), None);
    assert_eq!(one(&profile(2), &t), None);
}

#[test]
fn score_formula() {
    assert_eq!(score(0, 1, 0, false), 20);
    assert_eq!(score(3, 0, 4, false), 31);
    assert_eq!(score(8, 3, 5, true), 100);
    assert_eq!(score(8, 9, 9, true), 100);
    assert_eq!(score(2, 2, 2, false), 20 + 30 + 2);
    assert_eq!(score(0, 0, 0, false), 1);
}

#[test]
fn results_sorted_by_id_and_every_reason_together() {
    let mut a = profile(30);
    a.cpv = s(&["331"]);
    let mut b = profile(10);
    b.keywords = s(&["diagnóstico por imagen"]);
    b.nuts = s(&["ES21"]);
    b.innovation_only = true;
    b.cpv = s(&["33100000"]);
    let mut c = profile(20);
    c.keywords = s(&["veterinary"]);
    let mut d = profile(10); // same id again: kept, in input order
    d.cpv = s(&["33"]);
    let t = Target {
        cpv: s(&["33141000"]),
        nuts: s(&["ES213"]),
        texts: texts(&[("es", "Equipos de diagnóstico por imagen")]),
        innovation: true,
        ..target(7)
    };
    let got = run(&[a, b, c, d], &t);
    let ids: Vec<i64> = got.iter().map(|m| m.profile).collect();
    assert_eq!(ids, [10, 10, 30]);
    assert_eq!(
        got[0].reasons,
        [
            cpv_reason("33141000", "33100000"),
            nuts_reason("ES213", "ES21"),
            kw_reason("diagnóstico por imagen", "es"),
            Reason::Innovation,
        ]
    );
    assert_eq!(got[0].score, 25 + 20 + 6 + 2);
    assert_eq!(got[1].reasons, [cpv_reason("33141000", "33")]);
}

#[test]
fn matcher_basics() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Matcher>();
    let m = Matcher::new(Vec::new());
    assert!(m.is_empty());
    assert_eq!(m.matches(&target(1)), []);
    let mut p = profile(1);
    p.keywords = s(&["data data"]);
    let m = Matcher::new(vec![p.clone(), profile(2)]);
    assert_eq!(m.len(), 2);
    let t = Target {
        texts: texts(&[("en", "big data data lake"), ("en", "data")]),
        ..target(1)
    };
    // one scratch, several matchers and targets
    let mut scratch = Scratch::new();
    let other = Matcher::new(vec![profile(5)]);
    for _ in 0..3 {
        assert_eq!(m.matches_with(&t, &mut scratch), naive(&[p.clone()], &t));
        assert_eq!(m.matches_with(&t, &mut scratch).len(), 1);
        assert_eq!(other.matches_with(&t, &mut scratch), []);
    }
}

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const CODES: &[&str] = &[
    "33100000", "33110000", "33111000", "33111600", "33140000", "33141000", "33141110", "33141120",
    "33600000", "33690000", "38000000", "38430000", "38434000", "45000000", "45215100", "73100000",
    "73110000", "85100000", "85110000", "85140000", "03000000", "03110000",
];
const NUTS: &[&str] = &[
    "ES", "ES2", "ES21", "ES211", "ES212", "ES213", "ES3", "ES30", "ES300", "PT", "PT1", "PT11",
    "PT111", "FR", "FRI", "FRI1", "FRI15", "FR10", "FR101", "es213",
];
const WORDS: &[&str] = &[
    "diagnóstico",
    "diagnósticos",
    "diagnostico",
    "imagen",
    "imágenes",
    "medical",
    "Medical",
    "imaging",
    "equipment",
    "equipo",
    "equipos",
    "hôpital",
    "hôpitaux",
    "hospital",
    "hospitales",
    "serviços",
    "servicos",
    "saúde",
    "de",
    "por",
    "the",
    "laboratorio",
    "laboratory",
    "laboratories",
    "análisis",
    "clínicos",
    "ospitaleak",
    "ospitalea",
    "data",
    "œuvre",
    "Straße",
    "3D",
    "e2e",
];
const LANGS: &[&str] = &["es", "en", "fr", "pt", "eu", "gl", "", "de", "ES", "en-GB"];
const SEPARATORS: &[&str] = &[" ", " ", " ", ", ", "-", " — ", "'", ". "];

fn phrase(rng: &mut Rng, max_words: usize) -> String {
    let n = 1 + rng.below(max_words);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str(rng.pick::<&str>(SEPARATORS));
        }
        out.push_str(rng.pick::<&str>(WORDS));
    }
    out
}

fn random_profile(rng: &mut Rng, id: i64) -> AlertProfile {
    let mut p = profile(id);
    for _ in 0..rng.below(3) {
        let code = *rng.pick(CODES);
        let entry = match rng.below(6) {
            0 => code.to_string(),
            1 => format!("{code}-{}", rng.below(10)),
            2 => code[..2 + rng.below(5)].to_string(),
            3 => cpv_prefix(code).unwrap(),
            4 => ["", "3", "33x", "123456789"][rng.below(4)].to_string(),
            _ => format!(" {} ", &code[..3]),
        };
        p.cpv.push(entry);
    }
    for _ in 0..rng.below(3) {
        p.keywords.push(if rng.chance(10) {
            " … ".to_string()
        } else {
            phrase(rng, 3)
        });
    }
    if rng.chance(40) {
        for _ in 0..1 + rng.below(2) {
            p.nuts.push(rng.pick(NUTS).to_string());
        }
    }
    if rng.chance(30) {
        p.min_value = Some(rng.below(100_000) as i64);
    }
    if rng.chance(30) {
        p.max_value = Some(rng.below(1_000_000) as i64);
    }
    if rng.chance(30) {
        for _ in 0..1 + rng.below(2) {
            p.kinds.push(*rng.pick(&OpportunityKind::ALL));
        }
    }
    p.innovation_only = rng.chance(10);
    p
}

fn random_target(rng: &mut Rng, id: i64) -> Target {
    let mut t = target(id);
    t.kind = if rng.chance(10) {
        None
    } else {
        Some(*rng.pick(&OpportunityKind::ALL))
    };
    for _ in 0..rng.below(4) {
        let code = rng.pick(CODES);
        t.cpv.push(if rng.chance(10) {
            format!("{code}-1")
        } else {
            code.to_string()
        });
    }
    for _ in 0..rng.below(3) {
        t.nuts.push(rng.pick(NUTS).to_string());
    }
    for _ in 0..rng.below(4) {
        let lang = rng.pick(LANGS).to_string();
        t.texts.push((lang, phrase(rng, 12)));
    }
    if rng.chance(70) {
        t.value_eur_cents = Some(rng.below(100_000_000) as i64);
    }
    t.innovation = rng.chance(30);
    t
}

#[test]
fn random_profiles_and_targets_agree_with_naive() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let profiles: Vec<AlertProfile> = (0..400)
        .map(|i| random_profile(&mut rng, (i * 7919 % 400) as i64 / 2))
        .collect();
    let matcher = Matcher::new(profiles.clone());
    let mut scratch = Scratch::new();
    let (mut matched, mut reasons) = (0, 0);
    for id in 0..300 {
        let t = random_target(&mut rng, id);
        let got = matcher.matches_with(&t, &mut scratch);
        assert_eq!(got, naive(&profiles, &t), "target {t:?}");
        assert_eq!(got, matcher.matches(&t));
        matched += got.len();
        reasons += got.iter().map(|m| m.reasons.len()).sum::<usize>();
        for m in &got {
            assert!((1..=100).contains(&m.score));
        }
    }
    // the draw exercises something
    assert!(matched > 1_000, "{matched} matches");
    assert!(reasons > matched, "{reasons} reasons");
}
