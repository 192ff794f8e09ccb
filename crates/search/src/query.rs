//! From the query text and filters to a tantivy query.
//!
//! The text is not tagged with a language: each word is looked up in every language field (each
//! with its own analyzer), the name (boost 3), the tags (1.5 folded, 1 stemmed), plus a fuzzy
//! match on the name's words (Levenshtein 1 for words of 4 to 7 characters, 2 from 8; a
//! transposition counts 1). Every word must match somewhere (AND), except function words
//! (`analysis::is_stopword`), which only add to the score. `"quoted words"` are phrases.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{self, FOLD, LANGUAGES, MULTI};
use crate::schema::Fields;
use crate::{Filters, View, view_key};

const NAME_BOOST: f32 = 3.0;
const TAGS_BOOST: f32 = 1.5;

#[derive(Debug, PartialEq)]
pub(crate) enum Clause {
    Word(String),
    Phrase(String),
}

/// Splits the text into words and quoted phrases (an unclosed quote runs to the end).
pub(crate) fn parse(text: &str) -> Vec<Clause> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '“' | '”' | '«' | '»' | '„' => '"',
            c => c,
        })
        .collect();
    let mut out = Vec::new();
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 1 {
            if !part.trim().is_empty() {
                out.push(Clause::Phrase(part.trim().to_string()));
            }
        } else {
            out.extend(part.split_whitespace().map(|w| Clause::Word(w.to_string())));
        }
    }
    out
}

pub(crate) struct Analyzers {
    fold: TextAnalyzer,
    multi: TextAnalyzer,
    /// Same order as `analysis::LANGUAGES` and `Fields::texts`.
    texts: Vec<TextAnalyzer>,
}

impl Analyzers {
    pub(crate) fn new() -> Self {
        Analyzers {
            fold: analysis::analyzer(FOLD),
            multi: analysis::analyzer(MULTI),
            texts: LANGUAGES.iter().map(|l| analysis::analyzer(l.2)).collect(),
        }
    }
}

/// The text in one field: a term (any of its variants) or a phrase.
fn field_query(field: Field, analyzer: &mut TextAnalyzer, text: &str) -> Option<Box<dyn Query>> {
    let groups = analysis::positions(analyzer, text);
    match groups.len() {
        0 => None,
        1 => {
            let mut terms: Vec<Box<dyn Query>> = groups[0]
                .iter()
                .map(|v| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, v),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn Query>
                })
                .collect();
            if terms.len() == 1 {
                terms.pop()
            } else {
                Some(Box::new(BooleanQuery::union(terms)))
            }
        }
        _ => {
            // The first variant of every word is always indexed (see analysis.rs); the last one
            // is the accent-aware stem when there is one.
            let first: Vec<Term> = groups
                .iter()
                .map(|g| Term::from_field_text(field, &g[0]))
                .collect();
            let last: Vec<Term> = groups
                .iter()
                .map(|g| Term::from_field_text(field, g.last().unwrap_or(&g[0])))
                .collect();
            if first == last {
                Some(Box::new(PhraseQuery::new(first)))
            } else {
                Some(Box::new(BooleanQuery::union(vec![
                    Box::new(PhraseQuery::new(first)),
                    Box::new(PhraseQuery::new(last)),
                ])))
            }
        }
    }
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// A word or a phrase in any field. `None` when it has no token at all (punctuation).
/// The flag tells whether it is a single function word.
fn clause_query(
    fields: &Fields,
    an: &mut Analyzers,
    text: &str,
    fuzzy: bool,
) -> Option<(Box<dyn Query>, bool)> {
    let name_groups = analysis::positions(&mut an.fold, text);
    let stopword = name_groups.len() == 1 && analysis::is_stopword(&name_groups[0][0]);
    let mut subs: Vec<Box<dyn Query>> = Vec::new();
    if let Some(q) = field_query(fields.name, &mut an.fold, text) {
        subs.push(boosted(q, NAME_BOOST));
    }
    if let Some(q) = field_query(fields.tags, &mut an.fold, text) {
        subs.push(boosted(q, TAGS_BOOST));
    }
    if let Some(q) = field_query(fields.tags_multi, &mut an.multi, text) {
        subs.push(q);
    }
    for (field, analyzer) in fields.texts.iter().zip(an.texts.iter_mut()) {
        if let Some(q) = field_query(*field, analyzer, text) {
            subs.push(q);
        }
    }
    if fuzzy && name_groups.len() == 1 {
        let word = &name_groups[0][0];
        let chars = word.chars().count();
        if chars >= 4 {
            let distance = if chars >= 8 { 2 } else { 1 };
            subs.push(Box::new(FuzzyTermQuery::new(
                Term::from_field_text(fields.name, word),
                distance,
                true,
            )));
        }
    }
    if subs.is_empty() {
        None
    } else {
        Some((Box::new(BooleanQuery::union(subs)), stopword))
    }
}

/// The scoring part of a search; `None` when the text has nothing to look for.
pub(crate) fn text_query(
    fields: &Fields,
    an: &mut Analyzers,
    text: &str,
) -> Option<Box<dyn Query>> {
    let mut clauses = Vec::new();
    for clause in parse(text) {
        let built = match &clause {
            Clause::Word(w) => clause_query(fields, an, w, true),
            Clause::Phrase(p) => clause_query(fields, an, p, false).map(|(q, _)| (q, false)),
        };
        clauses.extend(built);
    }
    if clauses.is_empty() {
        return None;
    }
    let all_stop = clauses.iter().all(|(_, stop)| *stop);
    let subs = clauses
        .into_iter()
        .map(|(q, stop)| {
            (
                if stop && !all_stop {
                    Occur::Should
                } else {
                    Occur::Must
                },
                q,
            )
        })
        .collect();
    Some(Box::new(BooleanQuery::new(subs)))
}

fn set(values: &[String], field: Field, upper: bool) -> Option<Box<dyn Query>> {
    let terms: Vec<Term> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| {
            if upper {
                Term::from_field_text(field, &v.to_uppercase())
            } else {
                Term::from_field_text(field, v)
            }
        })
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(Box::new(TermSetQuery::new(terms)))
    }
}

/// The visibility wall (unless `view_filter` is false) and the facet filters, each scoring 0.
pub(crate) fn filter_queries(
    fields: &Fields,
    views: &[View],
    filters: &Filters,
    view_filter: bool,
) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    let keys: Vec<Term> = views
        .iter()
        .filter_map(|v| view_key(v.cluster_id, v.tier))
        .map(|k| Term::from_field_i64(fields.view, k))
        .collect();
    if !view_filter {
        // The caller keeps to the views another way (see `SearchIndex::coverage`).
    } else if keys.len() == 1 {
        out.extend(
            keys.into_iter()
                .map(|k| Box::new(TermQuery::new(k, IndexRecordOption::Basic)) as Box<dyn Query>),
        );
    } else {
        out.push(Box::new(TermSetQuery::new(keys)));
    }
    out.extend(set(&filters.subsectors, fields.subsector, false));
    out.extend(set(&filters.entity_types, fields.entity_type, false));
    out.extend(set(&filters.typologies, fields.typology, false));
    out.extend(set(&filters.territories, fields.territory_prefix, true));
    out.extend(set(&filters.certifications, fields.certification, false));
    out.extend(set(&filters.value_chains, fields.value_chain, false));
    if let Some(min) = filters.trl_min {
        out.push(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_u64(fields.trl, u64::from(min))),
            Bound::Unbounded,
        )));
    }
    out.into_iter()
        .map(|q| Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_phrases() {
        assert_eq!(
            parse(r#"salud "dispositivos  médicos" bilbao "abierta"#),
            vec![
                Clause::Word("salud".into()),
                Clause::Phrase("dispositivos  médicos".into()),
                Clause::Word("bilbao".into()),
                Clause::Phrase("abierta".into()),
            ]
        );
        assert_eq!(parse("“a b”"), vec![Clause::Phrase("a b".into())]);
        assert!(parse("  \"\" ").is_empty());
    }
}
