//! Text kept in several languages (descriptions, names of groups and typologies).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One value per language code. Stored as a JSON object in a text column so both databases
/// treat it the same way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MultiText(pub BTreeMap<String, String>);

/// A text picked for a reader: `fallback` names the language actually shown when the wanted one
/// was missing, so pages can mark it instead of silently showing another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked<'a> {
    pub text: &'a str,
    pub fallback: Option<&'a str>,
}

impl MultiText {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn with(mut self, lang: &str, text: &str) -> Self {
        self.set(lang, text);
        self
    }
    /// Empty strings remove the language, so a cleared field falls back again.
    pub fn set(&mut self, lang: &str, text: &str) {
        let t = text.trim();
        if t.is_empty() {
            self.0.remove(lang);
        } else {
            self.0.insert(lang.to_string(), t.to_string());
        }
    }
    pub fn get(&self, lang: &str) -> &str {
        self.0.get(lang).map(String::as_str).unwrap_or("")
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The text in `lang`, else in the first of `preferred` that has one, else any.
    pub fn pick<'a>(&'a self, lang: &str, preferred: &[&str]) -> Option<Picked<'a>> {
        if let Some(t) = self.0.get(lang) {
            return Some(Picked {
                text: t,
                fallback: None,
            });
        }
        preferred
            .iter()
            .find_map(|l| self.0.get_key_value(*l))
            .or_else(|| self.0.iter().next())
            .map(|(l, t)| Picked {
                text: t,
                fallback: Some(l),
            })
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }
    /// Lenient on purpose: a corrupt cell shows as empty rather than failing a whole page.
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_language_or_marks_the_fallback() {
        let t = MultiText::new().with("es", "Hola").with("en", "Hello");
        assert_eq!(t.pick("es", &["en"]).map(|p| p.text), Some("Hola"));
        let p = t.pick("eu", &["es"]).expect("fallback");
        assert_eq!((p.text, p.fallback), ("Hola", Some("es")));
        let p = t.pick("fr", &["de"]).expect("any");
        assert_eq!(p.fallback, Some("en"));
        assert!(MultiText::new().pick("es", &["en"]).is_none());
    }

    #[test]
    fn clearing_a_language_removes_it_and_json_round_trips() {
        let mut t = MultiText::new().with("es", "Hola");
        t.set("es", "  ");
        assert!(t.is_empty());
        let t = MultiText::new().with("fr", "Santé « numérique »");
        assert_eq!(MultiText::from_json(&t.to_json()), t);
        assert!(MultiText::from_json("not json").is_empty());
    }
}
