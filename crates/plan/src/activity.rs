//! An entry of the activity log as typed in a form or sent to the API, checked field by field.

use clusterhub_core::error::Errors;
use clusterhub_core::model::{ActivityKind, Counterpart, SUBTYPES, Scope};
use clusterhub_core::parse::{optional, parse_date};
use clusterhub_core::{Error, FieldError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use time::Date;

/// What the user sent, as text: forms keep it to show it again next to the errors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityInput {
    pub kind: String,
    pub subtype: String,
    pub scope: String,
    pub counterpart: String,
    pub external: bool,
    pub title: String,
    pub description: String,
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub attendees: String,
    /// Euros, e.g. `1500`, `1.500,50` or `1500.50`.
    pub amount: String,
    /// Plan items (pillar, line or action codes).
    pub items: Vec<String>,
    pub organisations: Vec<i64>,
    pub people: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub subtype: Option<&'static str>,
    pub scope: Option<Scope>,
    pub counterpart: Option<Counterpart>,
    pub external: bool,
    pub title: String,
    pub description: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub place: Option<String>,
    pub attendees: i64,
    pub amount_cents: i64,
    pub items: Vec<String>,
    pub organisations: Vec<i64>,
    pub people: Vec<i64>,
}

impl ActivityInput {
    /// Checks every field; `items` are the plan item codes that exist for the cluster.
    pub fn parse(&self, items: &HashSet<String>) -> Result<ActivityDraft, Error> {
        let mut errs = Errors::new();
        let kind = errs.take(ActivityKind::parse("kind", &self.kind));
        let subtype = kind.and_then(|k| {
            errs.take(k.parse_subtype("subtype", &self.subtype))
                .flatten()
                .map(|i| SUBTYPES[usize::from(i)])
        });
        let scope = match optional(Some(&self.scope)) {
            Some(s) => errs.take(Scope::parse("scope", s)),
            None => None,
        };
        let counterpart = match optional(Some(&self.counterpart)) {
            Some(s) => errs.take(Counterpart::parse("counterpart", s)),
            None => None,
        };
        let title = self.title.trim().to_string();
        if title.is_empty() {
            errs.push(FieldError::new("title", "required"));
        } else if title.chars().count() > 300 {
            errs.push(FieldError::new("title", "too_long"));
        }
        let starts_on = errs.take(parse_date("starts_on", &self.starts_on));
        let ends_on = match optional(Some(&self.ends_on)) {
            Some(s) => errs.take(parse_date("ends_on", s)),
            None => None,
        };
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            errs.push(FieldError::new("ends_on", "end_before_start"));
        }
        let attendees = match optional(Some(&self.attendees)) {
            None => 0,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if n >= 0 => n,
                Ok(_) => {
                    errs.push(FieldError::new("attendees", "negative").detail(s));
                    0
                }
                Err(_) => {
                    errs.push(FieldError::new("attendees", "not_a_number").detail(s));
                    0
                }
            },
        };
        let amount_cents = match optional(Some(&self.amount)) {
            None => 0,
            Some(s) => errs.take(parse_money("amount", s)).unwrap_or(0),
        };
        let mut links = Vec::new();
        for i in &self.items {
            let i = i.trim();
            if i.is_empty() {
                continue;
            }
            if items.contains(i) {
                links.push(i.to_string());
            } else {
                errs.push(FieldError::new("items", "unknown_plan_item").detail(i));
            }
        }
        links.sort();
        links.dedup();
        errs.into_result()?;
        let (Some(kind), Some(starts_on)) = (kind, starts_on) else {
            return Err(Error::Validation(vec![FieldError::new("kind", "required")]));
        };
        let mut organisations = self.organisations.clone();
        organisations.sort_unstable();
        organisations.dedup();
        let mut people = self.people.clone();
        people.sort_unstable();
        people.dedup();
        Ok(ActivityDraft {
            kind,
            subtype,
            scope,
            counterpart,
            external: self.external,
            title,
            description: self.description.trim().to_string(),
            starts_on,
            ends_on,
            place: optional(Some(&self.place)).map(str::to_string),
            attendees,
            amount_cents,
            items: links,
            organisations,
            people,
        })
    }
}

/// Euros to cents. Accepts `1500`, `1500.5`, `1.500,50`, `1,500.50` and `1 500,50`; refuses
/// negative amounts, which have no meaning in the log (income is its own kind).
pub fn parse_money(field: &str, s: &str) -> Result<i64, FieldError> {
    let t: String = s
        .trim()
        .trim_end_matches('€')
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if t.starts_with('-') {
        return Err(FieldError::new(field, "negative").detail(s.trim()));
    }
    // The last separator followed by one or two digits is the decimal one.
    let dec = t
        .rfind([',', '.'])
        .filter(|i| (1..=2).contains(&(t.len() - i - 1)));
    let (int, frac) = match dec {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t.as_str(), ""),
    };
    let int: String = int.chars().filter(|c| *c != '.' && *c != ',').collect();
    let bad = || FieldError::new(field, "not_a_number").detail(s.trim());
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let units: i64 = int.parse().map_err(|_| bad())?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
        _ => frac.parse().map_err(|_| bad())?,
    };
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(cents))
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_both_notations() {
        assert_eq!(parse_money("a", "1500"), Ok(150_000));
        assert_eq!(parse_money("a", "1.500,50"), Ok(150_050));
        assert_eq!(parse_money("a", "1,500.5"), Ok(150_050));
        assert_eq!(parse_money("a", "1 500 €"), Ok(150_000));
        assert_eq!(parse_money("a", "12.345"), Ok(1_234_500));
        assert_eq!(
            parse_money("a", "-5").map_err(|e| e.code),
            Err("negative".into())
        );
        assert!(parse_money("a", "abc").is_err());
    }

    #[test]
    fn refuses_negative_amounts_unknown_pillars_and_subtypes_of_other_kinds() {
        let items: HashSet<String> = ["talent".to_string()].into();
        let input = ActivityInput {
            kind: "training".into(),
            subtype: "breakfast".into(),
            title: "Curso MDR".into(),
            starts_on: "2025-03-01".into(),
            amount: "-100".into(),
            items: vec!["talent".into(), "marketing".into()],
            ..Default::default()
        };
        let Err(Error::Validation(errs)) = input.parse(&items) else {
            panic!("should fail");
        };
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("subtype", "unknown_value"),
                ("amount", "negative"),
                ("items", "unknown_plan_item")
            ]
        );
        let ok = ActivityInput {
            subtype: "course".into(),
            amount: "250,5".into(),
            items: vec!["talent".into()],
            ..input
        }
        .parse(&items)
        .expect("valid");
        assert_eq!((ok.subtype, ok.amount_cents), (Some("course"), 25_050));
    }
}
