//! Year-round partner suggestions: needs of one organisation against the capabilities, equipment and services of others, scored with the reasons shown.
//!
//! Every organisation is a [`Party`]: what it needs and what it offers as analysed terms (stems
//! per language, made by the caller with the watch crate's Snowball analysis, so this module
//! stays free of text analysis), its technologies, the CPV subtrees of its subsectors, its
//! value-chain stages and its territory. A [`Scorer`] scores one seeker against one candidate
//! and says why ([`Reason`]); [`Combined`] adds several scorers into one ranking and [`rank`]
//! orders the candidates. Two scorers exist: [`Lexical`] (shared terms between the seeker's
//! needs and the candidate's offer, weighted by how rare each term is among the cluster's
//! offers) and [`Taxonomy`] (technologies, CPV overlap, complementary value-chain position,
//! territory). A semantic scorer (embeddings) would be one more `Scorer` added to `Combined`:
//! callers keep calling [`rank`] and rendering [`Reason`]s.

use crate::model::EntityType;
use crate::profile::ValueChainStage;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Analysed words: language code → stem → the word as the organisation wrote it (the first
/// form seen), which is what reasons show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Terms(pub BTreeMap<String, BTreeMap<String, String>>);

impl Terms {
    pub fn add(&mut self, lang: &str, stem: &str, word: &str) {
        self.0
            .entry(lang.to_string())
            .or_default()
            .entry(stem.to_string())
            .or_insert_with(|| word.to_string());
    }
    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeMap::is_empty)
    }
    fn lang(&self, lang: &str) -> Option<&BTreeMap<String, String>> {
        self.0.get(lang)
    }
}

/// One organisation as the scorers see it: only what the reader may see of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Party {
    pub organisation_id: i64,
    pub name: String,
    pub entity_type: Option<EntityType>,
    /// NUTS code (ES213).
    pub territory: Option<String>,
    /// Its needs and need tags.
    pub needs: Terms,
    /// Its capabilities and their tags, equipment, products and services, technologies, R&D areas.
    pub offers: Terms,
    pub technologies: Vec<String>,
    /// CPV prefixes of its subsectors ("331").
    pub cpv: Vec<String>,
    pub value_chain: Vec<ValueChainStage>,
}

/// Why a candidate is suggested. Pages translate each with `partners-reason-<code>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Reason {
    /// Words of the seeker's needs found in the candidate's offer, as the seeker wrote them,
    /// rarest first.
    SharedTerms(Vec<String>),
    /// A technology both work with.
    Technology(String),
    /// A CPV subtree both work in (the longer of the two prefixes).
    Cpv(String),
    /// The seeker's stage and the candidate's, complementary in the value chain.
    ValueChain {
        from: ValueChainStage,
        to: ValueChainStage,
    },
    /// Both are in this NUTS region (at least NUTS 2).
    Territory(String),
}

impl Reason {
    pub fn code(&self) -> &'static str {
        match self {
            Reason::SharedTerms(_) => "shared_terms",
            Reason::Technology(_) => "technology",
            Reason::Cpv(_) => "cpv",
            Reason::ValueChain { .. } => "value_chain",
            Reason::Territory(_) => "territory",
        }
    }
    /// Reasons that say something the candidate offers meets the seeker; the others only
    /// sharpen the order.
    fn primary(&self) -> bool {
        matches!(self, Reason::SharedTerms(_) | Reason::Technology(_))
    }
}

/// A score and its reasons. Scores of different scorers add up; higher is better.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scored {
    pub score: f64,
    pub reasons: Vec<Reason>,
}

impl Scored {
    /// Worth suggesting: something offered meets a need (shared terms, a technology), or both
    /// work in the same CPV subtree from complementary places of the value chain.
    pub fn qualifies(&self) -> bool {
        let has = |f: fn(&Reason) -> bool| self.reasons.iter().any(f);
        has(Reason::primary)
            || (has(|r| matches!(r, Reason::Cpv(_)))
                && has(|r| matches!(r, Reason::ValueChain { .. })))
    }
}

/// Scores what `candidate` offers against what `seeker` needs. `None`: nothing to say.
pub trait Scorer: Send + Sync {
    fn score(&self, seeker: &Party, candidate: &Party) -> Option<Scored>;
}

/// At most this many shared terms are named in a reason.
const MAX_TERMS: usize = 5;
/// Terms found in more offers than this share of the cluster's say nothing about fit.
const COMMON: f64 = 0.5;

/// Shared terms between the seeker's needs and the candidate's offer, in the language where
/// they share most, each weighted by its inverse document frequency over the offers of every
/// candidate of the cluster (a term every profile uses weighs nothing).
#[derive(Debug, Clone, Default)]
pub struct Lexical {
    /// Number of offers a (language, stem) appears in.
    df: BTreeMap<(String, String), u32>,
    n: u32,
    /// The reader's language: its shared words are the ones named when it has any (the
    /// score is the best language's either way, so the order is the same for every reader).
    prefer: String,
}

impl Lexical {
    pub fn new(parties: &[Party]) -> Self {
        let mut df: BTreeMap<(String, String), u32> = BTreeMap::new();
        for p in parties {
            for (lang, stems) in &p.offers.0 {
                for stem in stems.keys() {
                    *df.entry((lang.clone(), stem.clone())).or_default() += 1;
                }
            }
        }
        Lexical {
            df,
            n: parties.len() as u32,
            prefer: String::new(),
        }
    }

    /// Names the shared words in `lang` when the seeker and the candidate share some there.
    pub fn in_language(mut self, lang: &str) -> Self {
        self.prefer = lang.to_string();
        self
    }

    fn idf(&self, lang: &str, stem: &str) -> f64 {
        let df = self
            .df
            .get(&(lang.to_string(), stem.to_string()))
            .copied()
            .unwrap_or(1);
        if self.n >= 4 && f64::from(df) > COMMON * f64::from(self.n) {
            return 0.0;
        }
        ((1.0 + f64::from(self.n)) / f64::from(df)).ln().max(0.1)
    }
}

/// Two stems meet when equal, when the shorter (four letters or more) begins the longer and
/// is at most two letters shorter (Spanish "imag" of "imagen" and "imagen" of "imágenes",
/// which the stemmer leaves apart once accents are folded), or when both are long and share
/// their first seven letters (English "diagnosi" of "diagnosis" and "diagnost" of "diagnostic").
pub fn meets(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    if short.len() >= 4 && long.len() - short.len() <= 2 && long[..short.len()] == short[..] {
        return true;
    }
    short.len() >= 7 && long[..7] == short[..7]
}

impl Scorer for Lexical {
    fn score(&self, seeker: &Party, candidate: &Party) -> Option<Scored> {
        let mut best: Option<(f64, Vec<(f64, String)>)> = None;
        let mut preferred: Option<Vec<(f64, String)>> = None;
        for (lang, needs) in &seeker.needs.0 {
            let Some(offers) = candidate.offers.lang(lang) else {
                continue;
            };
            let mut hits: Vec<(f64, String)> = Vec::new();
            for (stem, word) in needs {
                let hit = if offers.contains_key(stem) {
                    Some(stem)
                } else {
                    offers.keys().find(|o| meets(stem, o))
                };
                if let Some(o) = hit {
                    let w = self.idf(lang, o);
                    if w > 0.0 && !hits.iter().any(|(_, x)| x == word) {
                        hits.push((w, word.clone()));
                    }
                }
            }
            let total: f64 = hits.iter().map(|(w, _)| w).sum();
            if total > 0.0 && *lang == self.prefer {
                preferred = Some(hits.clone());
            }
            if total > 0.0 && best.as_ref().is_none_or(|(b, _)| total > *b) {
                best = Some((total, hits));
            }
        }
        let (score, best_hits) = best?;
        let mut hits = preferred.unwrap_or(best_hits);
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Some(Scored {
            score,
            reasons: vec![Reason::SharedTerms(
                hits.into_iter().take(MAX_TERMS).map(|(_, w)| w).collect(),
            )],
        })
    }
}

/// Position in the health value chain, for complementarity.
fn chain_partners(s: ValueChainStage) -> &'static [ValueChainStage] {
    use ValueChainStage::*;
    match s {
        Research => &[Development, ClinicalValidation, Manufacturing],
        Development => &[Research, ClinicalValidation, Regulatory, Manufacturing],
        ClinicalValidation => &[Development, Manufacturing],
        Regulatory => &[Development, Manufacturing],
        Manufacturing => &[
            Research,
            Development,
            ClinicalValidation,
            Distribution,
            Care,
        ],
        Distribution => &[Manufacturing, Care],
        Services => &[Care, Manufacturing],
        Care => &[Research, Development, Manufacturing, Distribution, Services],
    }
}

/// The first stage of the seeker and a stage of the candidate that complete each other (R&D ↔
/// manufacturing ↔ distribution ↔ care), where the candidate brings a stage the seeker lacks.
pub fn complementary(
    seeker: &[ValueChainStage],
    candidate: &[ValueChainStage],
) -> Option<(ValueChainStage, ValueChainStage)> {
    for a in seeker {
        for b in candidate {
            if !seeker.contains(b) && chain_partners(*a).contains(b) {
                return Some((*a, *b));
            }
        }
    }
    None
}

/// Taxonomies: shared technologies, overlapping CPV subtrees (from subsectors), complementary
/// value-chain position, same territory.
#[derive(Debug, Clone, Copy, Default)]
pub struct Taxonomy;

const TECHNOLOGY: f64 = 1.5;
const CPV: f64 = 0.75;
const VALUE_CHAIN: f64 = 1.5;
const TERRITORY: f64 = 0.5;

impl Scorer for Taxonomy {
    fn score(&self, seeker: &Party, candidate: &Party) -> Option<Scored> {
        let mut s = Scored::default();
        let theirs: BTreeSet<String> = candidate
            .technologies
            .iter()
            .map(|t| crate::fold(t.trim()))
            .collect();
        let mut seen = BTreeSet::new();
        for t in &seeker.technologies {
            let k = crate::fold(t.trim());
            if !k.is_empty() && theirs.contains(&k) && seen.insert(k) && seen.len() <= 3 {
                s.score += TECHNOLOGY;
                s.reasons.push(Reason::Technology(t.trim().to_string()));
            }
        }
        let mut cpv: Vec<String> = Vec::new();
        for a in &seeker.cpv {
            for b in &candidate.cpv {
                let hit = if b.starts_with(a.as_str()) {
                    Some(b)
                } else if a.starts_with(b.as_str()) {
                    Some(a)
                } else {
                    None
                };
                if let Some(h) = hit
                    && !cpv.contains(h)
                    && cpv.len() < 2
                {
                    cpv.push(h.clone());
                }
            }
        }
        for c in cpv {
            s.score += CPV;
            s.reasons.push(Reason::Cpv(c));
        }
        if let Some((from, to)) = complementary(&seeker.value_chain, &candidate.value_chain) {
            s.score += VALUE_CHAIN;
            s.reasons.push(Reason::ValueChain { from, to });
        }
        if let (Some(a), Some(b)) = (&seeker.territory, &candidate.territory) {
            let common: String = a
                .chars()
                .zip(b.chars())
                .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
                .map(|(x, _)| x.to_ascii_uppercase())
                .collect();
            if common.len() >= 4 {
                s.score += TERRITORY;
                s.reasons.push(Reason::Territory(common));
            }
        }
        (!s.reasons.is_empty()).then_some(s)
    }
}

/// Several scorers, each with a weight: the scores add up, the reasons are put together
/// (every scorer's in the order the scorers were given).
#[derive(Default)]
pub struct Combined {
    parts: Vec<(f64, Box<dyn Scorer>)>,
}

impl Combined {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn with(mut self, weight: f64, scorer: impl Scorer + 'static) -> Self {
        self.parts.push((weight, Box::new(scorer)));
        self
    }
    /// The lexical and taxonomy scorers over these parties (the cluster's members), naming
    /// shared words in `lang` where it can.
    pub fn standard(parties: &[Party], lang: &str) -> Self {
        Combined::new()
            .with(1.0, Lexical::new(parties).in_language(lang))
            .with(1.0, Taxonomy)
    }
}

impl Scorer for Combined {
    fn score(&self, seeker: &Party, candidate: &Party) -> Option<Scored> {
        let mut out = Scored::default();
        let mut any = false;
        for (w, s) in &self.parts {
            if let Some(x) = s.score(seeker, candidate) {
                any = true;
                out.score += w * x.score;
                out.reasons.extend(x.reasons);
            }
        }
        any.then_some(out)
    }
}

/// A candidate worth introducing to the seeker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub organisation_id: i64,
    pub name: String,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// The candidates that qualify for `seeker`, best first (then by folded name, then id, so the
/// order is the same on every call); never the seeker itself.
pub fn rank(scorer: &dyn Scorer, seeker: &Party, candidates: &[Party]) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = candidates
        .iter()
        .filter(|c| c.organisation_id != seeker.organisation_id)
        .filter_map(|c| {
            let s = scorer.score(seeker, c)?;
            s.qualifies().then(|| Suggestion {
                organisation_id: c.organisation_id,
                name: c.name.clone(),
                // Two decimals: what is shown and compared, so float noise never reorders.
                score: (s.score * 100.0).round() / 100.0,
                reasons: s.reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| crate::fold(&a.name).cmp(&crate::fold(&b.name)))
            .then_with(|| a.organisation_id.cmp(&b.organisation_id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueChainStage::*;

    /// A stand-in for the Snowball analysis: folded words of five letters or more, cut to six.
    fn terms(lang: &str, text: &str) -> Terms {
        let mut t = Terms::default();
        for w in crate::fold(text).split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() >= 5 {
                let stem: String = w.chars().take(6).collect();
                t.add(lang, &stem, w);
            }
        }
        t
    }

    fn party(id: i64, name: &str, needs: &str, offers: &str) -> Party {
        Party {
            organisation_id: id,
            name: name.into(),
            needs: terms("es", needs),
            offers: terms("es", offers),
            ..Default::default()
        }
    }

    fn cluster() -> Vec<Party> {
        let mut hospital = party(1, "Hospital", "diagnóstico por imagen", "atención clínica");
        hospital.value_chain = vec![Care];
        hospital.territory = Some("ES213".into());
        let mut imaging = party(2, "Imaging SL", "", "software de imagen diagnóstica");
        imaging.value_chain = vec![Manufacturing];
        imaging.territory = Some("ES212".into());
        let pharma = party(3, "Pharma SA", "", "fármacos genéricos");
        let lab = party(4, "Lab", "", "ensayos de diagnóstico clínico");
        let other = party(5, "Otro", "", "software de gestión");
        vec![hospital, imaging, pharma, lab, other]
    }

    #[test]
    fn a_need_finds_the_capability_with_reasons() {
        let all = cluster();
        let scorer = Combined::standard(&all, "es");
        let out = rank(&scorer, &all[0], &all);
        assert_eq!(out[0].name, "Imaging SL");
        assert!(
            matches!(&out[0].reasons[0], Reason::SharedTerms(w) if w.contains(&"imagen".to_string()))
        );
        assert!(out[0].reasons.contains(&Reason::ValueChain {
            from: Care,
            to: Manufacturing
        }));
        assert!(out[0].reasons.contains(&Reason::Territory("ES21".into())));
        assert!(out.iter().all(|s| s.organisation_id != 1), "never itself");
        assert!(out.iter().all(|s| s.name != "Pharma SA"), "nothing shared");
        assert_eq!(out, rank(&scorer, &all[0], &all), "same order every time");
    }

    #[test]
    fn place_and_chain_alone_do_not_qualify_but_cpv_with_chain_does() {
        let mut a = party(1, "A", "", "");
        a.value_chain = vec![Research];
        a.territory = Some("ES21".into());
        a.cpv = vec!["331".into()];
        let mut b = party(2, "B", "", "");
        b.value_chain = vec![Manufacturing];
        b.territory = Some("ES21".into());
        let all = vec![a.clone(), b.clone()];
        assert!(rank(&Combined::standard(&all, "es"), &a, &all).is_empty());
        b.cpv = vec!["3314".into()];
        let all = vec![a.clone(), b];
        let out = rank(&Combined::standard(&all, "es"), &a, &all);
        assert_eq!(out.len(), 1);
        assert!(out[0].reasons.contains(&Reason::Cpv("3314".into())));
    }

    #[test]
    fn shared_words_are_named_in_the_readers_language() {
        let mut a = party(1, "A", "imagen diagnóstica", "");
        a.needs.add("en", "imaging", "imaging");
        a.needs.add("en", "diagnosis", "diagnosis");
        let mut b = party(2, "B", "", "imagen");
        b.offers.add("en", "imaging", "imaging");
        b.offers.add("en", "diagnosis", "diagnosis");
        let all = vec![a.clone(), b];
        let es = rank(&Combined::standard(&all, "es"), &a, &all);
        let en = rank(&Combined::standard(&all, "en"), &a, &all);
        assert_eq!(es[0].reasons[0], Reason::SharedTerms(vec!["imagen".into()]));
        assert!(
            matches!(&en[0].reasons[0], Reason::SharedTerms(w) if w.contains(&"imaging".to_string()))
        );
        assert_eq!(
            es[0].score, en[0].score,
            "the order does not depend on the reader"
        );
    }

    #[test]
    fn technologies_meet_folded() {
        let mut a = party(1, "A", "", "");
        a.technologies = vec!["Inteligencia Artificial".into()];
        let mut b = party(2, "B", "", "");
        b.technologies = vec!["inteligencia artificial".into(), "qPCR".into()];
        let all = vec![a.clone(), b];
        let out = rank(&Combined::standard(&all, "es"), &a, &all);
        assert_eq!(
            out[0].reasons,
            vec![Reason::Technology("Inteligencia Artificial".into())]
        );
    }

    #[test]
    fn terms_every_offer_uses_weigh_nothing() {
        let mut all: Vec<Party> = (1..=6)
            .map(|i| party(i, &format!("P{i}"), "", "servicios sanitarios"))
            .collect();
        all[0].needs = terms("es", "servicios");
        assert!(rank(&Combined::standard(&all, "es"), &all[0].clone(), &all).is_empty());
    }

    #[test]
    fn stems_meet_across_derivations() {
        assert!(meets("imag", "imagen"));
        assert!(meets("diagnosi", "diagnost"));
        assert!(!meets("care", "carefully"));
        assert!(!meets("imag", "imaginacion"));
        assert!(!meets("diagn", "diagnost"));
    }

    #[test]
    fn complementarity_needs_a_stage_the_seeker_lacks() {
        assert_eq!(
            complementary(&[Research], &[Manufacturing]),
            Some((Research, Manufacturing))
        );
        assert_eq!(complementary(&[Manufacturing], &[Manufacturing]), None);
        assert_eq!(
            complementary(&[Care, Manufacturing], &[Manufacturing]),
            None
        );
    }
}
