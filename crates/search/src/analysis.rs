//! Text analysis: tokenizers registered on the index and the same chains used on query text.
//!
//! Every chain is `SimpleTokenizer` (splits on anything that is not alphanumeric) → drop tokens
//! longer than 40 bytes → lowercase → [optional stemming] → `AsciiFoldingFilter`.
//!
//! Stemming ([`StemVariants`]) emits up to two tokens at the same position for each word:
//! `fold(stem(word))` (the stemmer sees the accents it was written for: Portuguese
//! "informações" → "inform") and `stem(fold(word))` (what a query typed without accents
//! produces: "biotecnologia" → "biotecnologi"). A query word is analysed the same way and matches
//! when any of its variants is indexed, so "biotecnologia" finds "biotecnología" and
//! "informacao" finds "informação". Phrase queries use one variant per position (see
//! `query.rs`): `stem(fold(word))` is always indexed, so a phrase typed without accents matches.
//!
//! Languages: Spanish, English, French, Portuguese and Basque use the Snowball stemmers of the
//! `frostem` crate (the crate behind tantivy's own `stemmer` feature; tantivy's `Language` enum has
//! no Basque, so the filter here calls `frostem` directly, Basque included). Galician has no
//! Snowball stemmer: lowercase and accent folding only, like texts of unknown language.

use std::sync::Arc;

use frostem::{Algorithm, Stemmer};
use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Folded, unstemmed: names, tags, Galician and unknown-language texts.
pub(crate) const FOLD: &str = "ch_fold";
/// Tags stemmed with every stemmer at once (tags come in any language).
pub(crate) const MULTI: &str = "ch_multi";

/// The language fields: (language code, field name, analyzer name, stemmer).
pub(crate) const LANGUAGES: [(&str, &str, &str, Option<Algorithm>); 7] = [
    ("es", "text_es", "ch_es", Some(Algorithm::Spanish)),
    ("eu", "text_eu", "ch_eu", Some(Algorithm::Basque)),
    ("en", "text_en", "ch_en", Some(Algorithm::English)),
    ("fr", "text_fr", "ch_fr", Some(Algorithm::French)),
    ("gl", "text_gl", FOLD, None),
    ("pt", "text_pt", "ch_pt", Some(Algorithm::Portuguese)),
    ("", "text_xx", FOLD, None),
];

const MULTI_STEMMERS: [Algorithm; 4] = [
    Algorithm::Spanish,
    Algorithm::English,
    Algorithm::French,
    Algorithm::Portuguese,
];

fn chain(stemmers: &[Algorithm], plain: bool) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    if stemmers.is_empty() {
        base.filter(AsciiFoldingFilter).build()
    } else {
        base.filter(StemVariants {
            stemmers: stemmers.iter().map(|a| Stemmer::new(*a)).collect(),
            plain,
        })
        .filter(AsciiFoldingFilter)
        .build()
    }
}

/// The analyzer registered under `name`.
pub(crate) fn analyzer(name: &str) -> TextAnalyzer {
    if name == MULTI {
        return chain(&MULTI_STEMMERS, true);
    }
    match LANGUAGES.iter().find(|l| l.2 == name) {
        Some((_, _, _, Some(alg))) => chain(&[*alg], false),
        _ => chain(&[], false),
    }
}

/// Registers every analyzer the schema names.
pub(crate) fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(FOLD, analyzer(FOLD));
    manager.register(MULTI, analyzer(MULTI));
    for (_, _, name, alg) in LANGUAGES {
        if alg.is_some() {
            manager.register(name, analyzer(name));
        }
    }
}

/// Tokens of `text` grouped by position: each group holds the variants of one word.
pub(crate) fn positions(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut last = usize::MAX;
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        if token.position == last {
            if let Some(group) = out.last_mut()
                && !group.contains(&token.text)
            {
                group.push(token.text.clone());
            }
        } else {
            last = token.position;
            out.push(vec![token.text.clone()]);
        }
    }
    out
}

/// Lowercased, folded words of `text` joined by single spaces: the sort and completion key of names.
pub(crate) fn sort_key(text: &str) -> String {
    let mut analyzer = analyzer(FOLD);
    let mut out = String::with_capacity(text.len());
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stream.token().text);
    }
    out
}

/// Folds the accented Latin letters of the six languages (input already lowercased). Letters it
/// does not know pass through; the `AsciiFoldingFilter` that ends every chain folds the rest.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' | 'ē' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' | 'ī' => out.push('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => out.push('o'),
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// Stemming filter emitting the variants described in the module documentation.
#[derive(Clone)]
pub(crate) struct StemVariants {
    stemmers: Arc<[Stemmer]>,
    /// Also emit the folded, unstemmed word (for the tags' multi-language field).
    plain: bool,
}

impl StemVariants {
    fn variants(&self, word: &str, out: &mut Vec<String>) {
        out.clear();
        let folded = fold(word);
        let mut push = |v: String| {
            if !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        };
        if self.plain {
            push(folded.clone());
        }
        for s in self.stemmers.iter() {
            push(s.stem(&folded).into_owned());
            if folded != word {
                push(fold(&s.stem(word)));
            }
        }
        if out.is_empty() {
            out.push(folded);
        }
    }
}

impl TokenFilter for StemVariants {
    type Tokenizer<T: Tokenizer> = StemVariantsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemVariantsFilter<T> {
        StemVariantsFilter {
            inner,
            filter: self,
        }
    }
}

#[derive(Clone)]
pub(crate) struct StemVariantsFilter<T> {
    inner: T,
    filter: StemVariants,
}

impl<T: Tokenizer> Tokenizer for StemVariantsFilter<T> {
    type TokenStream<'a> = StemVariantsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemVariantsStream {
            tail: self.inner.token_stream(text),
            filter: &self.filter,
            pending: Vec::new(),
        }
    }
}

pub(crate) struct StemVariantsStream<'a, T> {
    tail: T,
    filter: &'a StemVariants,
    /// Variants still to emit at the current position, last first.
    pending: Vec<String>,
}

impl<T: TokenStream> TokenStream for StemVariantsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.pending.pop() {
            self.tail.token_mut().text = next;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let mut variants = Vec::with_capacity(3);
        self.filter.variants(&self.tail.token().text, &mut variants);
        variants.reverse();
        if let Some(first) = variants.pop() {
            self.tail.token_mut().text = first;
        }
        self.pending = variants;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Function words of the six languages. A query word in this list does not have to match
/// (it only adds to the score), unless every word of the query is one.
pub(crate) fn is_stopword(folded: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "al", "an", "and", "as", "at", "au", "aux", "by", "com", "con", "da", "das", "de",
        "del", "des", "do", "dos", "du", "e", "el", "em", "en", "et", "eta", "for", "from", "in",
        "la", "las", "le", "les", "lo", "los", "na", "nas", "no", "nos", "o", "of", "on", "or",
        "os", "ou", "para", "per", "por", "sur", "the", "to", "un", "una", "une", "uno", "with",
        "y",
    ];
    WORDS.binary_search(&folded).is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn groups(name: &str, text: &str) -> Vec<Vec<String>> {
        positions(&mut analyzer(name), text)
    }

    #[test]
    fn stopwords_are_sorted() {
        // binary_search needs it
        let mut sorted = vec![
            "a", "al", "an", "and", "as", "at", "au", "aux", "by", "com", "con", "da", "das", "de",
            "del", "des", "do", "dos", "du", "e", "el", "em", "en", "et", "eta", "for", "from",
            "in", "la", "las", "le", "les", "lo", "los", "na", "nas", "no", "nos", "o", "of", "on",
            "or", "os", "ou", "para", "per", "por", "sur", "the", "to", "un", "una", "une", "uno",
            "with", "y",
        ];
        sorted.sort_unstable();
        for w in &sorted {
            assert!(is_stopword(w), "{w}");
        }
        assert!(!is_stopword("salud"));
    }

    #[test]
    fn spanish_variants_share_a_stem() {
        assert_eq!(
            groups("ch_es", "Biotecnología"),
            vec![vec!["biotecnologi", "biotecnolog"]]
        );
        assert_eq!(groups("ch_es", "biotecnologia"), vec![vec!["biotecnologi"]]);
        assert_eq!(
            groups("ch_es", "dispositivos médicos"),
            vec![vec!["disposit"], vec!["medic"]]
        );
    }

    #[test]
    fn portuguese_and_basque() {
        assert_eq!(
            groups("ch_pt", "informações"),
            vec![vec!["informaco", "inform"]]
        );
        assert_eq!(groups("ch_eu", "ospitaleak"), vec![vec!["ospitale"]]);
    }

    #[test]
    fn fold_chain_and_sort_key() {
        assert_eq!(
            groups(FOLD, "Clínica  São-João"),
            vec![vec!["clinica"], vec!["sao"], vec!["joao"]]
        );
        assert_eq!(
            sort_key("  Osakidetza — Servicio Vasco de Salud "),
            "osakidetza servicio vasco de salud"
        );
    }

    #[test]
    fn multi_keeps_the_plain_word() {
        let g = groups(MULTI, "devices");
        assert_eq!(g.len(), 1);
        assert!(g[0].contains(&"devices".to_string()));
        assert!(g[0].contains(&"devic".to_string()));
    }
}
