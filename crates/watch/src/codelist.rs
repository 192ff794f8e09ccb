//! Reference data: CPV 2008 and the eForms code lists (Genericode), NUTS 2021 among them, with
//! labels in every EU language the list carries.
//!
//! The lists ship inside the binary (`crates/watch/data/`, gzipped; see its README for where each
//! file comes from) and are parsed once, on first use, by [`get`]. [`parse_genericode`] reads the
//! same format from files people supply, refusing anything that is not a Genericode code list.
//!
//! Languages are ISO 639-1 codes in lower case ("es", "eu", "en"); the Genericode label columns
//! are named by the three-letter codes eForms uses (`spa_label`), converted with [`iso639_3`].
//!
//! NUTS: [`CodeLists::nuts`] is the NUTS 2021 list of the SDK (2,121 codes, levels 0 to 3, the
//! extra-regio `CCZ`/`CCZZ`/`CCZZZ` codes included). Notices written since 2024 also use NUTS 2024
//! level-3 codes (`PT191`, `DEG0V`), which the SDK 1.15.1 lists per country; they ship as
//! `nuts-2024-lvl3.csv`, and [`CodeLists::nuts_known`] is the rule the eForms parser applies.

mod genericode;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

pub use genericode::{CodeListError, parse_genericode};

/// One Genericode code list: codes, their names, parents and labels per language.
#[derive(Debug, Clone)]
pub struct CodeList {
    /// `Identification/ShortName` ("Nuts", "Country").
    pub short_name: String,
    /// `Identification/LongName` without an `Identifier` attribute ("nuts").
    pub long_name: Option<String>,
    /// `Identification/Version`.
    pub version: Option<String>,
    /// Three-letter language of each label column, lower case, in column order.
    label_langs: Vec<Box<str>>,
    rows: Vec<Row>,
    index: HashMap<Box<str>, u32>,
}

/// A row of a [`CodeList`].
#[derive(Debug, Clone)]
pub struct Row {
    pub code: Box<str>,
    /// The `Name` column, if any.
    pub name: Option<Box<str>>,
    /// The `parentCode` column, if any.
    pub parent: Option<Box<str>>,
    /// One entry per label column of the list (see [`CodeList::label_languages`]).
    labels: Box<[Option<Box<str>>]>,
}

impl CodeList {
    pub(crate) fn new(
        short_name: String,
        long_name: Option<String>,
        version: Option<String>,
        label_langs: Vec<Box<str>>,
        rows: Vec<Row>,
    ) -> Result<CodeList, (String, usize)> {
        let mut index = HashMap::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            if index.insert(r.code.clone(), i as u32).is_some() {
                return Err((r.code.to_string(), i));
            }
        }
        Ok(CodeList {
            short_name,
            long_name,
            version,
            label_langs,
            rows,
            index,
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    pub fn row(&self, code: &str) -> Option<&Row> {
        self.index.get(code).map(|&i| &self.rows[i as usize])
    }

    /// Every code, in the list's order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|r| &*r.code)
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The three-letter languages (lower case) the list has label columns for.
    pub fn label_languages(&self) -> impl Iterator<Item = &str> {
        self.label_langs.iter().map(|l| &**l)
    }

    /// The label of `code` in `lang` (ISO 639-1 "es", or three letters "spa"), else the English
    /// label, else the `Name` column. `None` for an unknown code.
    pub fn label(&self, code: &str, lang: &str) -> Option<&str> {
        let row = self.row(code)?;
        self.label_exact(row, lang)
            .or_else(|| self.label_exact(row, "eng"))
            .or(row.name.as_deref())
    }

    fn label_exact<'s>(&'s self, row: &'s Row, lang: &str) -> Option<&'s str> {
        let lang3 = lang_column(lang)?;
        let col = self
            .label_langs
            .iter()
            .position(|l| l.eq_ignore_ascii_case(lang3))?;
        row.labels.get(col)?.as_deref()
    }

    /// The `Name` column of `code`.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.row(code)?.name.as_deref()
    }

    /// The `parentCode` of `code` (NUTS "ES21" → "ES2").
    pub fn parent(&self, code: &str) -> Option<&str> {
        self.row(code)?.parent.as_deref()
    }

    /// Depth in the `parentCode` hierarchy: 0 for a code without parent (a NUTS country), 3 for
    /// a NUTS level-3 region. `None` for an unknown code.
    pub fn level(&self, code: &str) -> Option<u8> {
        let mut row = self.row(code)?;
        let mut level = 0u8;
        while let Some(p) = row.parent.as_deref() {
            match self.row(p) {
                Some(r) if level < 32 => {
                    level += 1;
                    row = r;
                }
                _ => break,
            }
        }
        Some(level)
    }

    /// Whether any code starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.rows.iter().any(|r| r.code.starts_with(prefix))
    }
}

impl Row {
    pub(crate) fn new(
        code: Box<str>,
        name: Option<Box<str>>,
        parent: Option<Box<str>>,
        labels: Box<[Option<Box<str>>]>,
    ) -> Row {
        Row {
            code,
            name,
            parent,
            labels,
        }
    }
}

/// The three-letter column language for `lang` ("es" → "spa", "SPA" → "spa").
fn lang_column(lang: &str) -> Option<&str> {
    match lang.len() {
        2 => iso639_3(lang),
        3 => Some(lang),
        _ => None,
    }
}

/// One CPV 2008 code.
#[derive(Debug, Clone)]
pub struct CpvCode {
    /// Eight digits, no check digit ("33140000").
    pub code: Box<str>,
    pub label_en: Box<str>,
    /// How many leading digits are significant (2 for a division, 8 for a leaf).
    pub significant: u8,
}

/// The CPV 2008 vocabulary, sorted by code.
#[derive(Debug, Clone)]
pub struct Cpv {
    codes: Vec<CpvCode>,
}

impl Cpv {
    /// Parses `code8,label_en,significant_digits` CSV (with a header line).
    pub fn from_csv(csv: &str) -> Result<Cpv, String> {
        let mut codes = Vec::with_capacity(9_500);
        for (n, line) in csv.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let fields = split_csv_line(line);
            let [code, label, sig] = fields.as_slice() else {
                return Err(format!("line {}: expected 3 fields", n + 1));
            };
            let significant: u8 = sig
                .parse()
                .map_err(|_| format!("line {}: bad significant_digits `{sig}`", n + 1))?;
            if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) || significant > 8 {
                return Err(format!("line {}: bad CPV code `{code}`", n + 1));
            }
            codes.push(CpvCode {
                code: code.as_str().into(),
                label_en: label.as_str().into(),
                significant,
            });
        }
        codes.sort_by(|a, b| a.code.cmp(&b.code));
        if codes.windows(2).any(|w| w[0].code == w[1].code) {
            return Err("duplicate CPV code".into());
        }
        Ok(Cpv { codes })
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &CpvCode> {
        self.codes.iter()
    }

    /// `code` may carry its check digit ("33140000-2").
    pub fn get(&self, code: &str) -> Option<&CpvCode> {
        let code = strip_check_digit(code);
        self.codes
            .binary_search_by(|c| (*c.code).cmp(code))
            .ok()
            .map(|i| &self.codes[i])
    }

    pub fn contains(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// The English label.
    pub fn label(&self, code: &str) -> Option<&str> {
        self.get(code).map(|c| &*c.label_en)
    }

    /// The significant-digit prefix: "33140000" → "3314". For a code not in the vocabulary,
    /// the code without its trailing zeros (at least two digits).
    pub fn prefix<'c>(&self, code: &'c str) -> &'c str {
        let code = strip_check_digit(code);
        match self.get(code) {
            Some(c) => &code[..c.significant as usize],
            None => {
                let t = code.trim_end_matches('0');
                if t.len() < 2 && code.len() >= 2 {
                    &code[..2]
                } else {
                    t
                }
            }
        }
    }

    /// The nearest broader code: "33141000" → "33140000", "33100000" → "33000000"; `None` for a
    /// division or an unknown code.
    pub fn parent(&self, code: &str) -> Option<&str> {
        let c = self.get(code)?;
        let sig = c.significant as usize;
        (2..sig).rev().find_map(|n| self.lookup(&c.code[..n]))
    }

    /// The code a prefix stands for: "331" → "33100000", "3314" → "33140000". Also accepts a
    /// full code. `None` when the zero-padded prefix is not a code.
    pub fn lookup(&self, prefix: &str) -> Option<&str> {
        let prefix = strip_check_digit(prefix);
        if prefix.is_empty() || prefix.len() > 8 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut full = [b'0'; 8];
        full[..prefix.len()].copy_from_slice(prefix.as_bytes());
        let full = std::str::from_utf8(&full).ok()?;
        self.get(full).map(|c| &*c.code)
    }

    /// Whether any code starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let i = self.codes.partition_point(|c| *c.code < *prefix);
        self.codes
            .get(i)
            .is_some_and(|c| c.code.starts_with(prefix))
    }
}

fn strip_check_digit(code: &str) -> &str {
    let code = code.trim();
    match code.split_once('-') {
        Some((c, d)) if d.len() == 1 => c,
        _ => code,
    }
}

/// Splits one CSV line with `"quoted, fields"` and `""` escapes.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(3);
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The lists, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Nuts,
    Country,
    Currency,
    Subtype,
    NoticeType,
    Procedure,
    LegalType,
    Nature,
    Language,
}

impl List {
    pub const ALL: [List; 9] = [
        List::Nuts,
        List::Country,
        List::Currency,
        List::Subtype,
        List::NoticeType,
        List::Procedure,
        List::LegalType,
        List::Nature,
        List::Language,
    ];

    /// The eForms list name ("nuts", "country", "notice-subtype"…).
    pub fn name(self) -> &'static str {
        match self {
            List::Nuts => "nuts",
            List::Country => "country",
            List::Currency => "currency",
            List::Subtype => "notice-subtype",
            List::NoticeType => "notice-type",
            List::Procedure => "procurement-procedure-type",
            List::LegalType => "buyer-legal-type",
            List::Nature => "contract-nature",
            List::Language => "language",
        }
    }
}

/// Every list the watch uses.
#[derive(Debug)]
pub struct CodeLists {
    nuts: CodeList,
    /// NUTS 2024 level-3 codes (sorted) with their English names.
    nuts2024: Vec<(Box<str>, Box<str>)>,
    country: CodeList,
    currency: CodeList,
    subtype: CodeList,
    notice_type: CodeList,
    procedure: CodeList,
    legal_type: CodeList,
    nature: CodeList,
    language: CodeList,
    cpv: Cpv,
}

static LISTS: OnceLock<CodeLists> = OnceLock::new();

/// The embedded lists, parsed on first use.
pub fn get() -> &'static CodeLists {
    LISTS.get_or_init(|| match CodeLists::load() {
        Ok(l) => l,
        // The data is compiled in and checked by the tests: failing here is a build defect.
        Err(e) => panic!("embedded code lists are broken: {e}"),
    })
}

macro_rules! data {
    ($f:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $f))
    };
}

fn gunzip(name: &str, gz: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(gz.len() * 12);
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(out)
}

fn embedded_list(name: &str, gz: &[u8]) -> Result<CodeList, String> {
    let xml = gunzip(name, gz)?;
    parse_genericode(&xml).map_err(|e| format!("{name}: {e}"))
}

impl CodeLists {
    fn load() -> Result<CodeLists, String> {
        let cpv = gunzip("cpv_2008_en.csv", data!("cpv_2008_en.csv.gz"))?;
        let cpv = std::str::from_utf8(&cpv).map_err(|e| format!("cpv: {e}"))?;
        let nuts2024_csv = std::str::from_utf8(data!("nuts-2024-lvl3.csv"))
            .map_err(|e| format!("nuts-2024-lvl3.csv: {e}"))?;
        let mut nuts2024: Vec<(Box<str>, Box<str>)> = nuts2024_csv
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let f = split_csv_line(l);
                let code = f.first().map(|s| s.as_str()).unwrap_or_default();
                let label = f.get(1).map(|s| s.as_str()).unwrap_or_default();
                (code.into(), label.into())
            })
            .collect();
        nuts2024.sort();
        Ok(CodeLists {
            nuts: embedded_list("nuts", data!("nuts.from-sdk-1.8.5.gc.gz"))?,
            nuts2024,
            country: embedded_list("country", data!("country.gc.gz"))?,
            currency: embedded_list("currency", data!("currency.gc.gz"))?,
            subtype: embedded_list("notice-subtype", data!("notice-subtype.gc.gz"))?,
            notice_type: embedded_list("notice-type", data!("notice-type.gc.gz"))?,
            procedure: embedded_list(
                "procurement-procedure-type",
                data!("procurement-procedure-type.gc.gz"),
            )?,
            legal_type: embedded_list("buyer-legal-type", data!("buyer-legal-type.gc.gz"))?,
            nature: embedded_list("contract-nature", data!("contract-nature.gc.gz"))?,
            language: embedded_list("language", data!("language.gc.gz"))?,
            cpv: Cpv::from_csv(cpv)?,
        })
    }

    pub fn list(&self, list: List) -> &CodeList {
        match list {
            List::Nuts => &self.nuts,
            List::Country => &self.country,
            List::Currency => &self.currency,
            List::Subtype => &self.subtype,
            List::NoticeType => &self.notice_type,
            List::Procedure => &self.procedure,
            List::LegalType => &self.legal_type,
            List::Nature => &self.nature,
            List::Language => &self.language,
        }
    }

    /// NUTS 2021 (2,121 codes, with the `parentCode` hierarchy).
    pub fn nuts(&self) -> &CodeList {
        &self.nuts
    }
    /// ISO 3166-1 alpha-3 countries as eForms writes them ("ESP").
    pub fn country(&self) -> &CodeList {
        &self.country
    }
    /// ISO 4217 currencies.
    pub fn currency(&self) -> &CodeList {
        &self.currency
    }
    /// eForms notice subtypes ("16", "E3", "X01").
    pub fn subtype(&self) -> &CodeList {
        &self.subtype
    }
    /// eForms notice types ("cn-standard").
    pub fn notice_type(&self) -> &CodeList {
        &self.notice_type
    }
    /// Procurement procedure types ("open", "neg-w-call").
    pub fn procedure(&self) -> &CodeList {
        &self.procedure
    }
    /// Buyer legal types ("body-pl", "cga").
    pub fn legal_type(&self) -> &CodeList {
        &self.legal_type
    }
    /// Contract nature ("works", "supplies", "services").
    pub fn nature(&self) -> &CodeList {
        &self.nature
    }
    /// Languages, three-letter codes as eForms writes them ("SPA").
    pub fn language(&self) -> &CodeList {
        &self.language
    }
    /// CPV 2008.
    pub fn cpv(&self) -> &Cpv {
        &self.cpv
    }

    pub fn cpv_label(&self, code: &str) -> Option<&str> {
        self.cpv.label(code)
    }

    /// See [`Cpv::prefix`].
    pub fn cpv_prefix<'c>(&self, code: &'c str) -> &'c str {
        self.cpv.prefix(code)
    }

    pub fn cpv_parent(&self, code: &str) -> Option<&str> {
        self.cpv.parent(code)
    }

    /// See [`Cpv::lookup`]: "331" → "33100000".
    pub fn cpv_lookup(&self, prefix: &str) -> Option<&str> {
        self.cpv.lookup(prefix)
    }

    pub fn cpv_has_prefix(&self, prefix: &str) -> bool {
        self.cpv.has_prefix(prefix)
    }

    fn nuts2024_get(&self, code: &str) -> Option<&str> {
        self.nuts2024
            .binary_search_by(|(c, _)| (**c).cmp(code))
            .ok()
            .map(|i| &*self.nuts2024[i].1)
    }

    /// Whether a NUTS code is one a notice may carry:
    /// 1. a code of the NUTS 2021 list (levels 0–3, extra-regio `ESZ`/`ESZZ`/`ESZZZ` included);
    /// 2. a NUTS 2024 level-3 code of the SDK's per-country lists (`PT191`, `DEG0V`, `UA111`),
    ///    or the level-1/level-2 code above one of them (`PT19`, `PT1`);
    /// 3. an extra-regio code `CCZ`, `CCZZ` or `CCZZZ` for a country `CC` that NUTS covers.
    ///
    /// Anything else (`XX000`, `ES9`, lower case) is unknown.
    pub fn nuts_known(&self, code: &str) -> bool {
        if self.nuts.contains(code) || self.nuts2024_get(code).is_some() {
            return true;
        }
        let b = code.as_bytes();
        if !(3..=5).contains(&b.len()) {
            return false;
        }
        let country = &code[..2];
        if b[2..].iter().all(|&c| c == b'Z') {
            return self.nuts.contains(country) || self.nuts2024_has_prefix(country);
        }
        b.len() < 5 && self.nuts2024_has_prefix(code)
    }

    fn nuts2024_has_prefix(&self, prefix: &str) -> bool {
        let i = self.nuts2024.partition_point(|(c, _)| **c < *prefix);
        self.nuts2024
            .get(i)
            .is_some_and(|(c, _)| c.starts_with(prefix))
    }

    /// A NUTS code at any level (2021, or 2024 level 3) or a country's two-letter prefix that
    /// NUTS uses starts with `prefix` (at least two characters).
    pub fn nuts_has_prefix(&self, prefix: &str) -> bool {
        prefix.len() >= 2 && (self.nuts.has_prefix(prefix) || self.nuts2024_has_prefix(prefix))
    }

    /// Label of a NUTS code in `lang` (most NUTS labels exist in the national language only,
    /// given as the English label), from the 2021 list, else the 2024 level-3 lists.
    pub fn nuts_label(&self, code: &str, lang: &str) -> Option<&str> {
        self.nuts
            .label(code, lang)
            .or_else(|| self.nuts2024_get(code))
    }

    /// The parent region of a NUTS code ("ES213" → "ES21"); for a 2024 code not in the 2021
    /// list, the longest shorter code that is known ("PT191" → "PT1").
    pub fn nuts_parent(&self, code: &str) -> Option<&str> {
        if let Some(p) = self.nuts.parent(code) {
            return Some(p);
        }
        if self.nuts.contains(code) || self.nuts2024_get(code).is_none() {
            return None;
        }
        (2..code.len())
            .rev()
            .find_map(|n| self.nuts.row(&code[..n]).map(|r| &*r.code))
    }

    /// NUTS level: 0 for a country ("ES"), 3 for "ES213". Known codes only.
    pub fn nuts_level(&self, code: &str) -> Option<u8> {
        if let Some(l) = self.nuts.level(code) {
            return Some(l);
        }
        self.nuts_known(code).then(|| (code.len() - 2) as u8)
    }
}

/// eForms three-letter language codes (ISO 639-2/T, with the ISO 639-2/B synonyms some senders
/// use) and their ISO 639-1 form, for every language of the eForms `language` list that has one.
const LANGS: &[(&str, &str)] = &[
    ("AFR", "af"),
    ("AKA", "ak"),
    ("AMH", "am"),
    ("ARA", "ar"),
    ("AYM", "ay"),
    ("AZE", "az"),
    ("BEL", "be"),
    ("BEN", "bn"),
    ("BIS", "bi"),
    ("BOD", "bo"),
    ("BOS", "bs"),
    ("BRE", "br"),
    ("BUL", "bg"),
    ("CAT", "ca"),
    ("CES", "cs"),
    ("CHA", "ch"),
    ("COR", "kw"),
    ("COS", "co"),
    ("CYM", "cy"),
    ("DAN", "da"),
    ("DEU", "de"),
    ("DIV", "dv"),
    ("DZO", "dz"),
    ("ELL", "el"),
    ("ENG", "en"),
    ("EST", "et"),
    ("EUS", "eu"),
    ("EWE", "ee"),
    ("FAO", "fo"),
    ("FAS", "fa"),
    ("FIJ", "fj"),
    ("FIN", "fi"),
    ("FRA", "fr"),
    ("FRY", "fy"),
    ("FUL", "ff"),
    ("GLA", "gd"),
    ("GLE", "ga"),
    ("GLG", "gl"),
    ("GLV", "gv"),
    ("GRN", "gn"),
    ("HAT", "ht"),
    ("HAU", "ha"),
    ("HEB", "he"),
    ("HIN", "hi"),
    ("HMO", "ho"),
    ("HRV", "hr"),
    ("HUN", "hu"),
    ("HYE", "hy"),
    ("IBO", "ig"),
    ("IND", "id"),
    ("ISL", "is"),
    ("ITA", "it"),
    ("JPN", "ja"),
    ("KAL", "kl"),
    ("KAT", "ka"),
    ("KAZ", "kk"),
    ("KHM", "km"),
    ("KIN", "rw"),
    ("KIR", "ky"),
    ("KON", "kg"),
    ("KOR", "ko"),
    ("KUR", "ku"),
    ("LAO", "lo"),
    ("LAT", "la"),
    ("LAV", "lv"),
    ("LIN", "ln"),
    ("LIT", "lt"),
    ("LTZ", "lb"),
    ("MAH", "mh"),
    ("MKD", "mk"),
    ("MLG", "mg"),
    ("MLT", "mt"),
    ("MON", "mn"),
    ("MRI", "mi"),
    ("MSA", "ms"),
    ("MYA", "my"),
    ("NAU", "na"),
    ("NBL", "nr"),
    ("NEP", "ne"),
    ("NLD", "nl"),
    ("NNO", "nn"),
    ("NOB", "nb"),
    ("NOR", "no"),
    ("NYA", "ny"),
    ("OCI", "oc"),
    ("OSS", "os"),
    ("PAN", "pa"),
    ("POL", "pl"),
    ("POR", "pt"),
    ("PUS", "ps"),
    ("QUE", "qu"),
    ("ROH", "rm"),
    ("RON", "ro"),
    ("RUN", "rn"),
    ("RUS", "ru"),
    ("SAG", "sg"),
    ("SIN", "si"),
    ("SLK", "sk"),
    ("SLV", "sl"),
    ("SME", "se"),
    ("SMO", "sm"),
    ("SOM", "so"),
    ("SOT", "st"),
    ("SPA", "es"),
    ("SQI", "sq"),
    ("SRP", "sr"),
    ("SSW", "ss"),
    ("SWA", "sw"),
    ("SWE", "sv"),
    ("TAM", "ta"),
    ("TGK", "tg"),
    ("THA", "th"),
    ("TIR", "ti"),
    ("TON", "to"),
    ("TSN", "tn"),
    ("TSO", "ts"),
    ("TUK", "tk"),
    ("TUR", "tr"),
    ("UKR", "uk"),
    ("URD", "ur"),
    ("UZB", "uz"),
    ("VEN", "ve"),
    ("VIE", "vi"),
    ("WLN", "wa"),
    ("WOL", "wo"),
    ("XHO", "xh"),
    ("YID", "yi"),
    ("YOR", "yo"),
    ("ZHO", "zh"),
    ("ZUL", "zu"),
];

/// ISO 639-2/B synonyms (only converted to 639-1, never produced).
const LANGS_B: &[(&str, &str)] = &[
    ("ALB", "sq"),
    ("ARM", "hy"),
    ("BAQ", "eu"),
    ("BUR", "my"),
    ("CHI", "zh"),
    ("CZE", "cs"),
    ("DUT", "nl"),
    ("FRE", "fr"),
    ("GEO", "ka"),
    ("GER", "de"),
    ("GRE", "el"),
    ("ICE", "is"),
    ("MAC", "mk"),
    ("MAO", "mi"),
    ("MAY", "ms"),
    ("PER", "fa"),
    ("RUM", "ro"),
    ("SLO", "sk"),
    ("TIB", "bo"),
    ("WEL", "cy"),
];

/// eForms three-letter language code ("SPA", "eus") → ISO 639-1 ("es", "eu"). `None` for a
/// language without a two-letter code (Montenegrin "CNR", Upper Sorbian "HSB") or an unknown one.
pub fn iso639_1(code3: &str) -> Option<&'static str> {
    if code3.len() != 3 {
        return None;
    }
    LANGS
        .iter()
        .chain(LANGS_B)
        .find(|(c, _)| c.eq_ignore_ascii_case(code3))
        .map(|(_, two)| *two)
}

/// ISO 639-1 ("es") → the three-letter code eForms uses, in lower case ("spa").
pub fn iso639_3(code2: &str) -> Option<&'static str> {
    if code2.len() != 2 {
        return None;
    }
    static LOWER: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    let lower = LOWER.get_or_init(|| {
        LANGS
            .iter()
            .map(|(c3, c2)| (c3.to_ascii_lowercase(), *c2))
            .collect()
    });
    lower
        .iter()
        .find(|(_, c2)| c2.eq_ignore_ascii_case(code2))
        .map(|(c3, _)| {
            // The strings live as long as the OnceLock, i.e. forever.
            let s: &'static str = c3.as_str();
            s
        })
}

/// The language tag a notice text gets: ISO 639-1 when there is one, else the three-letter code
/// in lower case ("CNR" → "cnr").
pub fn lang_tag(code3: &str) -> String {
    match iso639_1(code3) {
        Some(two) => two.to_string(),
        None => code3.to_ascii_lowercase(),
    }
}
