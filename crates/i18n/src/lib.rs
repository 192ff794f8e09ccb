//! Translations (Fluent catalogues embedded in the binary), locale negotiation, and formatting of
//! numbers and dates the way each language writes them.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

pub mod format;

/// Languages we ship, in the order the language picker shows them.
pub const LOCALES: &[&str] = &["es", "eu", "en", "fr"];

/// One catalogue per language, assembled from a file per area so areas can grow apart.
macro_rules! catalogue {
    ($lang:literal) => {
        concat!(
            include_str!(concat!("../locales/", $lang, "/main.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/plan.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/survey.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/directory.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/resources.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/desk.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/watch.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/events.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/b2b.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/missions.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/partners.ftl")),
        )
    };
}

const SOURCES: &[(&str, &str)] = &[
    ("es", catalogue!("es")),
    ("eu", catalogue!("eu")),
    ("en", catalogue!("en")),
    ("fr", catalogue!("fr")),
];

pub struct I18n {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl I18n {
    /// Panics only if an embedded catalogue does not parse, which the tests catch first.
    #[allow(clippy::expect_used)]
    pub fn new() -> Self {
        let mut bundles = HashMap::new();
        for (lang, src) in SOURCES {
            let id: LanguageIdentifier = lang.parse().expect("valid language id");
            let mut b = FluentBundle::new_concurrent(vec![id]);
            // Isolation marks around placeables confuse screen readers and tests alike.
            b.set_use_isolating(false);
            let res = FluentResource::try_new(src.to_string()).expect("catalogue parses");
            b.add_resource(res).expect("no duplicate keys");
            bundles.insert(*lang, b);
        }
        Self { bundles }
    }

    /// The message, or the key itself so a missing translation is visible, never blank.
    pub fn t(&self, lang: &str, key: &str) -> String {
        self.t_args(lang, key, &[])
    }

    pub fn t_args(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(bundle) = self.bundles.get(lang).or_else(|| self.bundles.get("en")) else {
            return key.to_string();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(
                pattern,
                if args.is_empty() { None } else { Some(&fa) },
                &mut errors,
            )
            .into_owned()
    }

    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(key))
    }

    /// All message ids of one catalogue, for the parity test.
    pub fn keys(lang: &str) -> Vec<String> {
        let src = SOURCES
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, s)| *s)
            .unwrap_or("");
        src.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }
}

impl Default for I18n {
    fn default() -> Self {
        Self::new()
    }
}

/// Picks a supported language: explicit `?lang=`, then the user's preference, then the cookie,
/// then Accept-Language (by quality), then the cluster's default, then English.
pub fn negotiate(
    query: Option<&str>,
    user: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
    cluster_default: Option<&str>,
) -> &'static str {
    chosen(query, user, cookie, accept_language)
        .or_else(|| cluster_default.and_then(supported))
        .unwrap_or("en")
}

/// The language the visitor asked for in any way, if it is one we ship.
pub fn chosen(
    query: Option<&str>,
    user: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> Option<&'static str> {
    for c in [query, user, cookie].into_iter().flatten() {
        if let Some(l) = supported(c) {
            return Some(l);
        }
    }
    if let Some(al) = accept_language {
        let mut prefs: Vec<(f32, &str)> = al
            .split(',')
            .filter_map(|part| {
                let mut it = part.trim().split(';');
                let tag = it.next()?.trim();
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        prefs.sort_by(|a, b| b.0.total_cmp(&a.0));
        return prefs.iter().find_map(|(_, tag)| supported(tag));
    }
    None
}

fn supported(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next()?.to_lowercase();
    LOCALES.iter().copied().find(|l| *l == primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_has_every_key() {
        let en = I18n::keys("en");
        assert!(en.len() > 50, "English catalogue looks truncated");
        for lang in LOCALES {
            let keys = I18n::keys(lang);
            let missing: Vec<_> = en.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !en.contains(k)).collect();
            assert!(missing.is_empty(), "{lang} is missing {missing:?}");
            assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        }
    }

    #[test]
    fn catalogues_parse_and_translate() {
        let i = I18n::new();
        for lang in LOCALES {
            assert!(i.has(lang, "nav-directory"), "{lang}");
        }
        assert_ne!(i.t("es", "nav-directory"), i.t("en", "nav-directory"));
        assert_eq!(i.t("en", "no-such-key"), "no-such-key");
        let s = i.t_args(
            "en",
            "directory-count",
            &[("count", 3.into()), ("formatted", "3".into())],
        );
        assert!(s.contains('3'), "{s}");
    }

    #[test]
    fn negotiation_order() {
        assert_eq!(negotiate(Some("eu"), Some("fr"), None, None, None), "eu");
        assert_eq!(negotiate(Some("xx"), Some("fr"), None, None, None), "fr");
        assert_eq!(negotiate(None, None, Some("es"), Some("fr"), None), "es");
        assert_eq!(
            negotiate(
                None,
                None,
                None,
                Some("de-DE,fr;q=0.5,eu;q=0.9"),
                Some("es")
            ),
            "eu"
        );
        assert_eq!(negotiate(None, None, None, Some("de"), Some("fr")), "fr");
        assert_eq!(negotiate(None, None, None, None, None), "en");
    }
}
