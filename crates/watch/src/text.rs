//! Text analysis for keyword matching: tokenise, lowercase, fold accents, stem in the text's
//! language. The same Snowball stemmers (`frostem`) as the directory search.
//!
//! One token per word, made in this order:
//!
//! 1. **Split** on every character that is not a letter or a digit (`char::is_alphanumeric`).
//!    Combining accents (U+0300–U+036F, text in decomposed form) stay inside the word and are
//!    dropped, so "diagno\u{301}stico" is one word.
//! 2. **Lowercase**, then **fold** accents ("Diagnósticos" → "diagnosticos", "œuvre" → "oeuvre",
//!    "straße" → "strasse", Greek "ά" → "α"; see [`fold_char`]).
//! 3. **Stem** the folded word with the Snowball stemmer of the text's language ("diagnosticos" →
//!    "diagnost"): Spanish, English, French, Portuguese and Basque. Galician, texts of unknown
//!    language ("") and every other language are folded only.
//!
//! Folding *before* stemming is deliberate: a word and its unaccented spelling always give the
//! same token ("diagnóstico", "diagnostico" and "DIAGNÓSTICOS" all give "diagnost"), which is
//! what a member who types keywords without accents expects. It costs a little conflation where a
//! stemmer needs the accent to recognise a suffix (Portuguese "informação" → "informaca" but
//! "informações" → "informaco"). It is also exactly PostgreSQL's `unaccent` dictionary followed by
//! its Snowball dictionary. (The directory search indexes both orders, two tokens per word; alert
//! keywords are phrases matched position by position, where one token per word keeps the rule
//! simple.)
//!
//! No stop words are removed and tokens have no length limit: positions are exact, so a phrase
//! matches only words that are really consecutive in the text.
//!
//! [`Tokens`] is a reusable buffer (one `String` for all tokens of a text), so analysing text
//! after text allocates nothing once it has grown; [`tokens`] is the one-shot convenience.

use frostem::{Algorithm, Stemmer};

/// How a language's text is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Analysis {
    Spanish,
    English,
    French,
    Portuguese,
    Basque,
    /// Lowercase and fold accents only: Galician, unknown ("") and every other language.
    Fold,
}

impl Analysis {
    pub const ALL: [Analysis; 6] = [
        Self::Spanish,
        Self::English,
        Self::French,
        Self::Portuguese,
        Self::Basque,
        Self::Fold,
    ];

    /// The analysis of a text in `lang`, an ISO 639-1 code in any case, optionally with a region
    /// ("es", "EN", "pt-BR"). Anything else, "" included, is folded only.
    pub fn for_lang(lang: &str) -> Analysis {
        let lang = lang.trim();
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        if base.len() != 2 {
            return Self::Fold;
        }
        match [
            base.as_bytes()[0].to_ascii_lowercase(),
            base.as_bytes()[1].to_ascii_lowercase(),
        ] {
            [b'e', b's'] => Self::Spanish,
            [b'e', b'n'] => Self::English,
            [b'f', b'r'] => Self::French,
            [b'p', b't'] => Self::Portuguese,
            [b'e', b'u'] => Self::Basque,
            _ => Self::Fold,
        }
    }

    /// Position in [`Analysis::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The language code it stems ("es"…), "" for [`Analysis::Fold`].
    pub fn lang(self) -> &'static str {
        match self {
            Self::Spanish => "es",
            Self::English => "en",
            Self::French => "fr",
            Self::Portuguese => "pt",
            Self::Basque => "eu",
            Self::Fold => "",
        }
    }

    fn stemmer(self) -> Option<Stemmer> {
        let alg = match self {
            Self::Spanish => Algorithm::Spanish,
            Self::English => Algorithm::English,
            Self::French => Algorithm::French,
            Self::Portuguese => Algorithm::Portuguese,
            Self::Basque => Algorithm::Basque,
            Self::Fold => return None,
        };
        Some(Stemmer::new(alg))
    }
}

/// The tokens of one text, kept in one buffer. Reuse it: [`Tokens::analyse`] clears it first.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// Every token, concatenated.
    buf: String,
    /// End of each token in `buf`.
    ends: Vec<u32>,
    /// The word being read (lowercased, folded).
    word: String,
}

impl Tokens {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the content with the tokens of `text` analysed with `analysis`.
    pub fn analyse(&mut self, analysis: Analysis, text: &str) {
        self.buf.clear();
        self.ends.clear();
        self.word.clear();
        let stemmer = analysis.stemmer();
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    self.word.push(c.to_ascii_lowercase());
                    continue;
                }
            } else if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    push_folded(l, &mut self.word);
                }
                continue;
            } else if is_combining_accent(c) {
                continue;
            }
            self.end_word(stemmer);
        }
        self.end_word(stemmer);
    }

    fn end_word(&mut self, stemmer: Option<Stemmer>) {
        if self.word.is_empty() {
            return;
        }
        match stemmer {
            Some(s) => self.buf.push_str(&s.stem(&self.word)),
            None => self.buf.push_str(&self.word),
        }
        self.word.clear();
        self.ends
            .push(u32::try_from(self.buf.len()).unwrap_or(u32::MAX));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th token. Panics when `i >= len()`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..self.ends[i] as usize]
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

/// The tokens of `text` in language `lang` (see the module documentation). Allocates; use
/// [`Tokens`] when analysing many texts.
pub fn tokens(lang: &str, text: &str) -> Vec<String> {
    let mut t = Tokens::new();
    t.analyse(Analysis::for_lang(lang), text);
    t.to_vec()
}

fn is_combining_accent(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn push_folded(c: char, out: &mut String) {
    if is_combining_accent(c) {
        // "İ" lowercases to "i" + U+0307
        return;
    }
    match fold_char(c) {
        Fold::One(f) => out.push(f),
        Fold::Two(a, b) => {
            out.push(a);
            out.push(b);
        }
    }
}

/// What a lowercase letter folds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    One(char),
    Two(char, char),
}

/// Folds the accents of a lowercase letter: Latin-1 Supplement and Latin Extended-A, Romanian
/// ș/ț ("é" → "e", "ñ" → "n", "ł" → "l", "œ" → "oe", "æ" → "ae", "ĳ" → "ij", "ß" → "ss", "þ" →
/// "th"), Greek tonos and dialytika ("ά" → "α"), Cyrillic "ё" → "е": the letters of the EU's
/// languages, folded as PostgreSQL's `unaccent` rules fold them. Every other character is
/// returned as it is.
pub fn fold_char(c: char) -> Fold {
    use Fold::{One, Two};
    if c.is_ascii() {
        return One(c);
    }
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => One('a'),
        'æ' => Two('a', 'e'),
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => One('c'),
        'ð' | 'ď' | 'đ' => One('d'),
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => One('e'),
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => One('g'),
        'ĥ' | 'ħ' => One('h'),
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => One('i'),
        'ĳ' => Two('i', 'j'),
        'ĵ' => One('j'),
        'ķ' => One('k'),
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => One('l'),
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => One('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => One('o'),
        'œ' => Two('o', 'e'),
        'ŕ' | 'ŗ' | 'ř' => One('r'),
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => One('s'),
        'ß' => Two('s', 's'),
        'ţ' | 'ť' | 'ŧ' | 'ț' => One('t'),
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => One('u'),
        'ŵ' => One('w'),
        'ý' | 'ÿ' | 'ŷ' => One('y'),
        'ź' | 'ż' | 'ž' => One('z'),
        'þ' => Two('t', 'h'),
        // Greek tonos and dialytika, Cyrillic ё (the two other scripts of EU notices)
        'ά' => One('α'),
        'έ' => One('ε'),
        'ή' => One('η'),
        'ί' | 'ϊ' | 'ΐ' => One('ι'),
        'ό' => One('ο'),
        'ύ' | 'ϋ' | 'ΰ' => One('υ'),
        'ώ' => One('ω'),
        'ё' => One('е'),
        c => One(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_accents_and_plurals_share_a_token() {
        assert_eq!(tokens("es", "Diagnósticos"), ["diagnost"]);
        assert_eq!(tokens("es", "diagnostico"), ["diagnost"]);
        assert_eq!(tokens("es", "DIAGNÓSTICO"), ["diagnost"]);
        assert_eq!(
            tokens("es", "Equipos de diagnóstico por imagen"),
            ["equip", "de", "diagnost", "por", "imag"]
        );
    }

    #[test]
    fn english_french_portuguese_basque() {
        assert_eq!(
            tokens("en", "Medical Imaging equipment"),
            ["medic", "imag", "equip"]
        );
        assert_eq!(tokens("fr", "équipements médicaux"), ["equip", "medical"]);
        assert_eq!(tokens("fr", "Hôpitaux"), tokens("fr", "hopital"));
        assert_eq!(tokens("pt", "serviços"), tokens("pt", "servico"));
        assert_eq!(tokens("eu", "ospitaleak"), ["ospitale"]);
    }

    #[test]
    fn other_languages_are_folded_only() {
        assert_eq!(
            tokens("gl", "Diagnósticos médicos"),
            ["diagnosticos", "medicos"]
        );
        assert_eq!(tokens("", "Straße Œuvre"), ["strasse", "oeuvre"]);
        assert_eq!(tokens("de", "Geräte"), ["gerate"]);
        assert_eq!(tokens("xx", "Łódź"), ["lodz"]);
        assert_eq!(tokens("el", "Υπηρεσίες ΥΓΕΊΑΣ"), ["υπηρεσιες", "υγειασ"]);
        assert_eq!(tokens("bg", "Ёлка"), ["елка"]);
    }

    #[test]
    fn language_codes() {
        assert_eq!(Analysis::for_lang("ES"), Analysis::Spanish);
        assert_eq!(Analysis::for_lang(" pt-BR "), Analysis::Portuguese);
        assert_eq!(Analysis::for_lang("en_GB"), Analysis::English);
        assert_eq!(Analysis::for_lang("eus"), Analysis::Fold);
        assert_eq!(Analysis::for_lang(""), Analysis::Fold);
        assert_eq!(Analysis::for_lang("gl"), Analysis::Fold);
        for (i, a) in Analysis::ALL.into_iter().enumerate() {
            assert_eq!(a.index(), i);
            assert_eq!(Analysis::for_lang(a.lang()), a);
        }
    }

    #[test]
    fn splitting() {
        assert_eq!(
            tokens("", "  São-João, d'œuvre; 3D…e2e  "),
            ["sao", "joao", "d", "oeuvre", "3d", "e2e"]
        );
        // decomposed accents stay in the word
        assert_eq!(tokens("es", "diagno\u{301}sticos"), ["diagnost"]);
        assert!(tokens("es", " — ¿? ").is_empty());
        assert!(tokens("en", "").is_empty());
    }

    #[test]
    fn buffer_is_reusable() {
        let mut t = Tokens::new();
        t.analyse(Analysis::English, "medical imaging");
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(1), "imag");
        t.analyse(Analysis::Spanish, "análisis clínicos");
        assert_eq!(t.to_vec(), ["analisis", "clinic"]);
        assert_eq!(t.iter().len(), 2);
        t.analyse(Analysis::Fold, "");
        assert!(t.is_empty());
    }
}
