//! The matching engine: every opportunity against every alert profile at once, through a reverse
//! index over the profiles (CPV prefix → profiles, keyword stem → profiles' phrases), never a loop
//! over them.
//!
//! # What matches
//!
//! A profile matches an opportunity when at least one of its **topic criteria** hits and every
//! one of its **filters** lets the opportunity through. A profile with no topic criteria (no
//! valid CPV entry and no keyword with a word in it) matches nothing: regions and values alone
//! would match every notice of a region.
//!
//! Topic criteria:
//!
//! - **CPV**: an entry is the code's significant digits, a prefix ([`cpv_prefix`]): "331" covers
//!   every code that starts with 331 (33100000, 33140000, 33141000…). A full 8-digit code names
//!   its own subtree, its trailing zeros being insignificant: "33100000" is "331", "33000000" is
//!   the division "33". Digits typed shorter than 8 are significant as typed: "3310" covers
//!   3310xxxx only. The check-digit form "33140000-2" is accepted ("3314"). Fewer than 2 digits
//!   (a division), more than 8, or anything but digits: the entry is ignored. The opportunity's
//!   codes are read the same way (leading digits, at most 8: "33140000-2" is 33140000).
//! - **Keywords**: a keyword or phrase in any language. For every text of the opportunity in
//!   language L, the keyword is analysed with L's analysis ([`crate::text`]: fold accents,
//!   lowercase, Snowball stem for es/en/fr/pt/eu) and hits when its tokens occur consecutively
//!   in the text's tokens, within one text. "diagnóstico" hits Spanish "diagnósticos" and
//!   "Diagnostico"; "medical imaging" hits English "Medical Imaging equipment" but not "imaging
//!   for medical use". A keyword with no letter or digit never hits.
//!
//! Filters (an empty filter lets everything through):
//!
//! - **NUTS**: case-insensitive prefixes ("ES2" covers ES21, ES213); the opportunity passes when
//!   any prefix covers any of its codes (buyer's or places of performance). An opportunity with
//!   no NUTS code fails a profile that has a NUTS filter.
//! - **Value** in whole euros, inclusive, against `value_eur_cents` (`min × 100 ≤ cents ≤ max ×
//!   100`). An opportunity without a value in euros passes.
//! - **Kinds**: the opportunity's kind must be listed; an opportunity of unknown kind fails a
//!   profile that lists kinds.
//! - **Innovation only**: the opportunity must be innovation procurement.
//!
//! # Score and reasons
//!
//! See [`score`] for the formula. Reasons come in this order: every CPV prefix of the profile
//! that hit, with the first of the opportunity's codes under it (one reason per prefix); when the
//! profile has a NUTS filter, every prefix of it that covers one of the opportunity's regions,
//! with the first such region; every keyword that hit, once per language it hit in (in the order
//! of the opportunity's texts); innovation, when the profile asked for innovation procurement
//! only. Prefixes and keywords are shown as the profile wrote them (trimmed).
//!
//! # How
//!
//! [`Matcher::new`] normalises the profiles into slots (sorted by profile id) and builds the
//! index: CPV prefix (as a number with its digit count) → (slot, entry); for each of the six
//! analyses ([`Analysis`]) every distinct keyword phrase as a list of token ids, posted under its
//! rarest token (the one fewest phrases share) with its offset in the phrase. Matching one
//! opportunity looks up the ≤ 7 prefixes of each of its CPV codes, analyses each text once, looks
//! every token up in the vocabulary of the keywords' tokens, and verifies the phrases posted
//! under it at that position. A profile touched for the first time in a call is checked against
//! the filters (NUTS, value, kinds, innovation) once, so filters run on candidates only. Hits go
//! into a reusable [`Scratch`] (generation-stamped arrays by slot and phrase, a hit list sorted
//! at the end), so a call allocates only its answer. [`naive`] is the reference: the obvious
//! loop over every profile, re-analysing keyword and text for every pair; both give identical
//! results (a seeded random test checks it).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::alert::{AlertProfile, OpportunityKind, Target};
use crate::text::{Analysis, Tokens, tokens};

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

/// The significant prefix of a profile's CPV entry (see the module documentation): "331" →
/// "331", "33100000" → "331", "33000000" → "33", "3310" → "3310", "33140000-2" → "3314",
/// " 331 " → "331". None for an entry that is not 2 to 8 digits (with an optional check digit).
pub fn cpv_prefix(entry: &str) -> Option<String> {
    let entry = entry.trim();
    let digits = entry.split_once('-').map_or(entry, |(d, _)| d).trim_end();
    if !(2..=8).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix = if digits.len() == 8 {
        let t = digits.trim_end_matches('0');
        if t.len() < 2 { &digits[..2] } else { t }
    } else {
        digits
    };
    Some(prefix.to_string())
}

/// The digits of an opportunity's CPV code that prefixes are compared with: its leading digits,
/// at most 8 ("33140000-2" → "33140000").
fn code_digits(code: &str) -> &str {
    let code = code.trim();
    let n = code.bytes().take(8).take_while(u8::is_ascii_digit).count();
    &code[..n]
}

/// Whether the NUTS `prefix` (upper case) covers the opportunity's region `code` (any case).
fn nuts_covers(prefix: &str, code: &str) -> bool {
    let code = code.trim();
    code.len() >= prefix.len()
        && code.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn kind_bit(kind: OpportunityKind) -> u8 {
    let i = OpportunityKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    1 << i
}

/// The filters of a profile but its NUTS prefixes, small and `Copy`: [`Matcher`] keeps them in
/// one dense array, checked for every candidate.
#[derive(Debug, Clone, Copy)]
struct Filter {
    /// `i64::MIN` / `i64::MAX` when open.
    min_cents: i64,
    max_cents: i64,
    /// Bit per [`OpportunityKind::ALL`] position; 0: every kind.
    kinds: u8,
    innovation_only: bool,
    /// The profile has a NUTS filter.
    nuts: bool,
}

impl Filter {
    /// Value, kinds and innovation.
    fn passes(&self, t: &Target) -> bool {
        if self.innovation_only && !t.innovation {
            return false;
        }
        if self.kinds != 0 && t.kind.is_none_or(|k| self.kinds & kind_bit(k) == 0) {
            return false;
        }
        t.value_eur_cents
            .is_none_or(|v| self.min_cents <= v && v <= self.max_cents)
    }
}

/// A profile's criteria, normalised. The same for [`Matcher`] and [`naive`].
#[derive(Debug, Clone)]
struct Criteria {
    id: i64,
    /// (significant prefix, entry as written), one per prefix, in the profile's order.
    cpv: Vec<(String, String)>,
    /// Upper case, trimmed, deduplicated; empty: no filter.
    nuts: Vec<String>,
    /// Trimmed, non-empty, deduplicated.
    keywords: Vec<String>,
    filter: Filter,
}

impl Criteria {
    fn new(p: &AlertProfile) -> Self {
        let mut cpv: Vec<(String, String)> = Vec::new();
        for entry in &p.cpv {
            if let Some(prefix) = cpv_prefix(entry)
                && !cpv.iter().any(|(q, _)| *q == prefix)
            {
                cpv.push((prefix, entry.trim().to_string()));
            }
        }
        let mut nuts: Vec<String> = Vec::new();
        for n in &p.nuts {
            let n = n.trim().to_ascii_uppercase();
            if !n.is_empty() && !nuts.contains(&n) {
                nuts.push(n);
            }
        }
        let mut keywords: Vec<String> = Vec::new();
        for k in &p.keywords {
            let k = k.trim();
            if !k.is_empty() && !keywords.iter().any(|o| o == k) {
                keywords.push(k.to_string());
            }
        }
        let filter = Filter {
            min_cents: p.min_value.map_or(i64::MIN, |v| v.saturating_mul(100)),
            max_cents: p.max_value.map_or(i64::MAX, |v| v.saturating_mul(100)),
            kinds: p.kinds.iter().fold(0, |acc, k| acc | kind_bit(*k)),
            innovation_only: p.innovation_only,
            nuts: !nuts.is_empty(),
        };
        Criteria {
            id: p.id,
            cpv,
            nuts,
            keywords,
            filter,
        }
    }

    /// Every filter: NUTS, value, kinds, innovation.
    fn passes(&self, t: &Target) -> bool {
        self.filter.passes(t) && self.nuts_pass(t)
    }

    fn nuts_pass(&self, t: &Target) -> bool {
        self.nuts.is_empty()
            || self
                .nuts
                .iter()
                .any(|p| t.nuts.iter().any(|code| nuts_covers(p, code)))
    }
}

/// The score of a match, 1..=100, the sum of four parts (then clamped):
///
/// - CPV: 0 without a CPV hit, else `10 + 5 × d` where `d` is the number of significant digits of
///   the deepest prefix that hit: a division (2 digits) 20, a group (3) 25, a class (4) 30, … a
///   full code (8) 50. Deeper is more specific.
/// - Keywords: 0 without, 20 for one distinct keyword hit, 30 for two, 40 for three or more
///   (languages it hit in do not count twice).
/// - NUTS: 0 when the profile has no NUTS filter, else `2 × (n − 1)`, at most 8, where `n` is the
///   length of the deepest prefix that covered the opportunity: a country 2, NUTS 1 4, NUTS 2 6,
///   NUTS 3 8.
/// - Innovation: 2 when the profile asked for innovation procurement only.
///
/// So a keyword alone scores 20, a CPV group with a NUTS 2 region 31, a full CPV code, three
/// keywords, a NUTS 3 region and innovation 100.
pub fn score(cpv_digits: usize, keywords: usize, nuts_len: usize, innovation: bool) -> u32 {
    let cpv = if cpv_digits == 0 {
        0
    } else {
        10 + 5 * cpv_digits.min(8)
    };
    let kw = match keywords {
        0 => 0,
        n => 10 + 10 * n.min(3),
    };
    let nuts = if nuts_len == 0 {
        0
    } else {
        2 * (nuts_len.min(5) - 1)
    };
    let total = cpv + kw + nuts + if innovation { 2 } else { 0 };
    u32::try_from(total.clamp(1, 100)).unwrap_or(100)
}

/// The match of profile `c`, which passed the filters, given its CPV hits (entry, index of the
/// first code under it), sorted by entry, one per entry, and its keyword hits (keyword, text
/// index), sorted. At least one hit.
fn build(c: &Criteria, t: &Target, cpv: &[(u32, u32)], kw: &[(u32, u32)]) -> Match {
    let mut reasons = Vec::with_capacity(cpv.len() + kw.len() + 2);
    let mut cpv_digits = 0;
    for &(e, ci) in cpv {
        let (prefix, shown) = &c.cpv[e as usize];
        cpv_digits = cpv_digits.max(prefix.len());
        reasons.push(Reason::Cpv {
            code: t.cpv[ci as usize].trim().to_string(),
            prefix: shown.clone(),
        });
    }
    let mut nuts_len = 0;
    for p in &c.nuts {
        if let Some(code) = t.nuts.iter().find(|code| nuts_covers(p, code)) {
            nuts_len = nuts_len.max(p.len());
            reasons.push(Reason::Nuts {
                code: code.trim().to_string(),
                prefix: p.clone(),
            });
        }
    }
    let mut distinct = 0;
    let mut run_start = reasons.len();
    let mut last = None;
    for &(k, ti) in kw {
        if last != Some(k) {
            last = Some(k);
            distinct += 1;
            run_start = reasons.len();
        }
        let lang = t.texts[ti as usize].0.trim();
        let seen = reasons[run_start..]
            .iter()
            .any(|r| matches!(r, Reason::Keyword { lang: l, .. } if l == lang));
        if !seen {
            reasons.push(Reason::Keyword {
                keyword: c.keywords[k as usize].clone(),
                lang: lang.to_string(),
            });
        }
    }
    let innovation = c.filter.innovation_only;
    if innovation {
        reasons.push(Reason::Innovation);
    }
    Match {
        profile: c.id,
        score: score(cpv_digits, distinct, nuts_len, innovation),
        reasons,
    }
}

/// FxHash (rustc's): keys here are short strings and integers, and SipHash would be most of a
/// lookup's cost.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A CPV prefix as a map key: its value and its digit count (so "03" and "3" differ).
fn cpv_key(digits: usize, value: u64) -> u64 {
    (value << 4) | digits as u64
}

fn cpv_key_of(prefix: &str) -> u64 {
    let value = prefix
        .bytes()
        .fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
    cpv_key(prefix.len(), value)
}

const NO_TOKEN: u32 = u32::MAX;

/// One distinct keyword phrase of one analysis.
#[derive(Debug, Default)]
struct Phrase {
    tokens: Box<[u32]>,
    /// (slot, keyword index) of every profile keyword that analyses to it.
    owners: Vec<(u32, u32)>,
}

/// The keywords of every profile as one analysis sees them.
#[derive(Debug, Default)]
struct KeywordIndex {
    /// Every token of every keyword → token id.
    vocab: FxMap<Box<str>, u32>,
    /// By token id: (phrase, offset of the token in the phrase) of the phrases keyed on it.
    postings: Vec<Vec<(u32, u32)>>,
    phrases: Vec<Phrase>,
}

impl KeywordIndex {
    fn build(analysis: Analysis, profiles: &[Criteria]) -> Self {
        let mut idx = KeywordIndex::default();
        let mut by_tokens: FxMap<Box<[u32]>, u32> = FxMap::default();
        let mut toks = Tokens::new();
        let mut ids: Vec<u32> = Vec::new();
        for (slot, c) in profiles.iter().enumerate() {
            for (k, kw) in c.keywords.iter().enumerate() {
                toks.analyse(analysis, kw);
                if toks.is_empty() {
                    continue;
                }
                ids.clear();
                for t in toks.iter() {
                    let next = idx.vocab.len() as u32;
                    ids.push(*idx.vocab.entry(t.into()).or_insert(next));
                }
                let next = idx.phrases.len() as u32;
                let p = *by_tokens.entry(ids.as_slice().into()).or_insert_with(|| {
                    idx.phrases.push(Phrase {
                        tokens: ids.as_slice().into(),
                        owners: Vec::new(),
                    });
                    next
                });
                idx.phrases[p as usize].owners.push((slot as u32, k as u32));
            }
        }
        // Post each phrase under its rarest token: the one the fewest phrases contain.
        let mut df = vec![0u32; idx.vocab.len()];
        for p in &idx.phrases {
            for (i, t) in p.tokens.iter().enumerate() {
                if !p.tokens[..i].contains(t) {
                    df[*t as usize] += 1;
                }
            }
        }
        idx.postings = vec![Vec::new(); idx.vocab.len()];
        for (pid, p) in idx.phrases.iter().enumerate() {
            let mut best = 0;
            for (i, t) in p.tokens.iter().enumerate() {
                if df[*t as usize] < df[p.tokens[best] as usize] {
                    best = i;
                }
            }
            idx.postings[p.tokens[best] as usize].push((pid as u32, best as u32));
        }
        idx
    }
}

/// One hit of one profile, before grouping: `kind` 0 = CPV (`a` entry, `b` code index), 1 =
/// keyword (`a` keyword index, `b` text index). Sorting groups by slot in reason order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    slot: u32,
    kind: u8,
    a: u32,
    b: u32,
}

/// Working memory of [`Matcher::matches_with`], reusable across calls and across matchers.
/// [`Matcher::matches`] keeps one per thread.
#[derive(Debug, Default)]
pub struct Scratch {
    tokens: Tokens,
    ids: Vec<u32>,
    /// Stamp of the call in which each slot was last checked against the filters…
    slot_stamp: Vec<u32>,
    /// …and whether it passed.
    slot_ok: Vec<bool>,
    /// Stamp of the text in which each phrase (of the text's analysis) last hit.
    phrase_stamp: Vec<u32>,
    stamp: u32,
    hits: Vec<Hit>,
    cpv: Vec<(u32, u32)>,
    kw: Vec<(u32, u32)>,
}

impl Scratch {
    pub fn new() -> Self {
        Self::default()
    }

    fn prepare(&mut self, slots: usize, phrases: usize) {
        if self.slot_stamp.len() < slots {
            self.slot_stamp.resize(slots, 0);
            self.slot_ok.resize(slots, false);
        }
        if self.phrase_stamp.len() < phrases {
            self.phrase_stamp.resize(phrases, 0);
        }
        // A call takes one stamp plus one per text; start over well before wrapping.
        if self.stamp > u32::MAX / 2 {
            self.slot_stamp.fill(0);
            self.phrase_stamp.fill(0);
            self.stamp = 0;
        }
        self.hits.clear();
    }

    fn next_stamp(&mut self) -> u32 {
        self.stamp += 1;
        self.stamp
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

/// The reverse index over a set of profiles. `Send + Sync`: share one between threads; each call
/// brings its own [`Scratch`] (or uses the calling thread's).
#[derive(Debug)]
pub struct Matcher {
    /// Profiles by slot, sorted by id (stable: equal ids keep their order).
    profiles: Vec<Criteria>,
    /// Their filters, by slot.
    filters: Vec<Filter>,
    /// CPV prefix ([`cpv_key`]) → (slot, entry).
    cpv: FxMap<u64, Vec<(u32, u32)>>,
    /// By [`Analysis::index`].
    keywords: Vec<KeywordIndex>,
    max_phrases: usize,
}

impl Matcher {
    pub fn new(profiles: Vec<AlertProfile>) -> Self {
        let mut slots: Vec<Criteria> = profiles.iter().map(Criteria::new).collect();
        slots.sort_by_key(|c| c.id);
        let mut cpv: FxMap<u64, Vec<(u32, u32)>> = FxMap::default();
        for (slot, c) in slots.iter().enumerate() {
            for (e, (prefix, _)) in c.cpv.iter().enumerate() {
                cpv.entry(cpv_key_of(prefix))
                    .or_default()
                    .push((slot as u32, e as u32));
            }
        }
        let keywords: Vec<KeywordIndex> = Analysis::ALL
            .iter()
            .map(|a| KeywordIndex::build(*a, &slots))
            .collect();
        let max_phrases = keywords.iter().map(|k| k.phrases.len()).max().unwrap_or(0);
        Matcher {
            filters: slots.iter().map(|c| c.filter).collect(),
            profiles: slots,
            cpv,
            keywords,
            max_phrases,
        }
    }

    /// Number of profiles.
    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// Every profile that matches, sorted by profile id, with its score and reasons.
    pub fn matches(&self, target: &Target) -> Vec<Match> {
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.matches_with(target, &mut s),
            Err(_) => self.matches_with(target, &mut Scratch::new()),
        })
    }

    /// [`Matcher::matches`] with working memory of the caller's.
    pub fn matches_with(&self, target: &Target, s: &mut Scratch) -> Vec<Match> {
        s.prepare(self.profiles.len(), self.max_phrases);
        let call = s.next_stamp();

        // Whether a slot passes the filters, checked the first time it is touched in this call.
        let admit = |s: &mut Scratch, slot: u32| -> bool {
            let i = slot as usize;
            if s.slot_stamp[i] != call {
                s.slot_stamp[i] = call;
                let f = &self.filters[i];
                s.slot_ok[i] = f.passes(target) && (!f.nuts || self.profiles[i].nuts_pass(target));
            }
            s.slot_ok[i]
        };

        for (ci, code) in target.cpv.iter().enumerate() {
            let mut value = 0u64;
            for (n, b) in code_digits(code).bytes().enumerate() {
                value = value * 10 + u64::from(b - b'0');
                if n == 0 {
                    continue;
                }
                if let Some(list) = self.cpv.get(&cpv_key(n + 1, value)) {
                    for &(slot, entry) in list {
                        if admit(s, slot) {
                            s.hits.push(Hit {
                                slot,
                                kind: 0,
                                a: entry,
                                b: ci as u32,
                            });
                        }
                    }
                }
            }
        }

        for (ti, (lang, text)) in target.texts.iter().enumerate() {
            let analysis = Analysis::for_lang(lang);
            let idx = &self.keywords[analysis.index()];
            if idx.phrases.is_empty() {
                continue;
            }
            s.tokens.analyse(analysis, text);
            let mut ids = std::mem::take(&mut s.ids);
            ids.clear();
            ids.extend(
                s.tokens
                    .iter()
                    .map(|t| idx.vocab.get(t).copied().unwrap_or(NO_TOKEN)),
            );
            let stamp = s.next_stamp();
            for (i, &id) in ids.iter().enumerate() {
                if id == NO_TOKEN {
                    continue;
                }
                for &(pid, off) in &idx.postings[id as usize] {
                    let Some(start) = i.checked_sub(off as usize) else {
                        continue;
                    };
                    let phrase = &idx.phrases[pid as usize];
                    if s.phrase_stamp[pid as usize] == stamp
                        || ids.get(start..start + phrase.tokens.len()) != Some(&phrase.tokens[..])
                    {
                        continue;
                    }
                    s.phrase_stamp[pid as usize] = stamp;
                    for &(slot, k) in &phrase.owners {
                        if admit(s, slot) {
                            s.hits.push(Hit {
                                slot,
                                kind: 1,
                                a: k,
                                b: ti as u32,
                            });
                        }
                    }
                }
            }
            s.ids = ids;
        }

        s.hits.sort_unstable();
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.hits.len() {
            let slot = s.hits[i].slot;
            s.cpv.clear();
            s.kw.clear();
            while let Some(h) = s.hits.get(i).filter(|h| h.slot == slot) {
                if h.kind == 0 {
                    // sorted by code index: the first code under the prefix comes first
                    if s.cpv.last().is_none_or(|(e, _)| *e != h.a) {
                        s.cpv.push((h.a, h.b));
                    }
                } else {
                    s.kw.push((h.a, h.b));
                }
                i += 1;
            }
            out.push(build(&self.profiles[slot as usize], target, &s.cpv, &s.kw));
        }
        out
    }
}

/// The reference: every profile checked one by one, the obvious way (normalise the profile,
/// check the filters, then every CPV entry against every code and every keyword against every
/// text, analysing both each time). Same answers as [`Matcher`], much slower.
pub fn naive(profiles: &[AlertProfile], target: &Target) -> Vec<Match> {
    let mut out = Vec::new();
    for p in profiles {
        let c = Criteria::new(p);
        if !c.passes(target) {
            continue;
        }
        let mut cpv = Vec::new();
        for (e, (prefix, _)) in c.cpv.iter().enumerate() {
            if let Some(ci) = target
                .cpv
                .iter()
                .position(|code| code_digits(code).starts_with(prefix.as_str()))
            {
                cpv.push((e as u32, ci as u32));
            }
        }
        let mut kw = Vec::new();
        for (k, keyword) in c.keywords.iter().enumerate() {
            for (ti, (lang, text)) in target.texts.iter().enumerate() {
                let needle = tokens(lang, keyword);
                let hay = tokens(lang, text);
                if !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle) {
                    kw.push((k as u32, ti as u32));
                }
            }
        }
        if cpv.is_empty() && kw.is_empty() {
            continue;
        }
        out.push(build(&c, target, &cpv, &kw));
    }
    out.sort_by_key(|m| m.profile);
    out
}

#[cfg(test)]
mod tests;
