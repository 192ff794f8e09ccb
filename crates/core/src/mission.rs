//! Trade missions and fairs: delegation, stand participation and follow-up outcomes.
//!
//! A mission or a fair is an event (kind `mission` or `fair`) with a target country and sector.
//! Its delegation is the member organisations (and their people) that registered and were
//! confirmed, plus those staff add directly. At a fair, organisations may share a grouped stand:
//! each has its share of the area and of the cost. After the trip each organisation of the
//! delegation reports its outcomes (contacts, meetings, offers, agreements, business value).
//! Forms are parsed whole here, every problem naming its field, figures read as people write
//! them in their language ("12,5" m², "1.500,00" €).

use crate::error::{Errors, FieldError, Result};
use crate::parse::parse_figure;
use serde::{Deserialize, Serialize};

/// Follow-up outcomes of one delegation organisation, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub contacts: String,
    pub meetings: String,
    pub offers: String,
    pub agreements: String,
    pub business_value: String,
    pub note: String,
}

/// Valid outcomes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub contacts: i64,
    pub meetings: i64,
    pub offers: i64,
    pub agreements: i64,
    /// Euro cents.
    pub business_value_cents: i64,
    pub note: String,
}

const MAX_COUNT: i64 = 1_000_000;
/// A thousand million euros: anything above is a typing mistake.
const MAX_CENTS: i64 = 100_000_000_000;
const MAX_NOTE: usize = 5000;

/// A count: empty is 0, otherwise a whole number from 0 up.
fn count(e: &mut Errors, field: &str, s: &str) -> i64 {
    let t = s.trim();
    if t.is_empty() {
        return 0;
    }
    match t.parse::<i64>() {
        Ok(n) if n < 0 => {
            e.push(FieldError::new(field, "negative"));
            0
        }
        Ok(n) if n > MAX_COUNT => {
            e.push(FieldError::new(field, "out_of_range"));
            0
        }
        Ok(n) => n,
        Err(_) => {
            e.push(FieldError::new(field, "invalid_number").detail(t));
            0
        }
    }
}

/// An amount of money as written in `lang` ("1.500,50 €"): cents; empty is 0.
pub fn money(e: &mut Errors, lang: &str, field: &str, s: &str) -> i64 {
    let t = s.trim();
    if t.is_empty() {
        return 0;
    }
    match parse_figure(lang, t) {
        Some(v) if v < 0.0 => {
            e.push(FieldError::new(field, "negative"));
            0
        }
        Some(v) if v * 100.0 > MAX_CENTS as f64 => {
            e.push(FieldError::new(field, "out_of_range"));
            0
        }
        Some(v) => (v * 100.0).round() as i64,
        None => {
            e.push(FieldError::new(field, "invalid_number").detail(t));
            0
        }
    }
}

/// An area in m² as written in `lang` ("12,5"): hundredths of m²; empty is 0.
pub fn area(e: &mut Errors, lang: &str, field: &str, s: &str) -> i64 {
    let t = s
        .trim()
        .trim_end_matches("m²")
        .trim_end_matches("m2")
        .trim();
    if t.is_empty() {
        return 0;
    }
    match parse_figure(lang, t) {
        Some(v) if v < 0.0 => {
            e.push(FieldError::new(field, "negative"));
            0
        }
        Some(v) if v > 100_000.0 => {
            e.push(FieldError::new(field, "out_of_range"));
            0
        }
        Some(v) => (v * 100.0).round() as i64,
        None => {
            e.push(FieldError::new(field, "invalid_number").detail(t));
            0
        }
    }
}

impl OutcomeForm {
    /// Every problem at once, each naming its field.
    pub fn parse(&self, lang: &str) -> Result<Outcome> {
        let mut e = Errors::new();
        let o = Outcome {
            contacts: count(&mut e, "contacts", &self.contacts),
            meetings: count(&mut e, "meetings", &self.meetings),
            offers: count(&mut e, "offers", &self.offers),
            agreements: count(&mut e, "agreements", &self.agreements),
            business_value_cents: money(&mut e, lang, "business_value", &self.business_value),
            note: self.note.trim().to_string(),
        };
        if o.note.chars().count() > MAX_NOTE {
            e.push(FieldError::new("note", "too_long").detail("5000"));
        }
        e.into_result()?;
        Ok(o)
    }

    /// The form of stored outcomes, figures written in `lang`.
    pub fn of(o: &Outcome, lang: &str) -> Self {
        let n = |v: i64| v.to_string();
        OutcomeForm {
            contacts: n(o.contacts),
            meetings: n(o.meetings),
            offers: n(o.offers),
            agreements: n(o.agreements),
            business_value: decimal(lang, o.business_value_cents),
            note: o.note.clone(),
        }
    }
}

/// Hundredths as a plain decimal in `lang` without grouping ("1500,5" or "1500.5"), which
/// [`parse_figure`] reads back the same.
pub fn decimal(lang: &str, hundredths: i64) -> String {
    let mark = if lang == "en" { '.' } else { ',' };
    let (int, frac) = (hundredths / 100, (hundredths % 100).abs());
    if frac == 0 {
        int.to_string()
    } else if frac % 10 == 0 {
        format!("{int}{mark}{}", frac / 10)
    } else {
        format!("{int}{mark}{frac:02}")
    }
}

/// A grouped stand at a fair, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StandForm {
    pub label: String,
    pub hall: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stand {
    pub label: String,
    pub hall: Option<String>,
}

impl StandForm {
    pub fn parse(&self) -> Result<Stand> {
        let mut e = Errors::new();
        let label = self.label.trim().to_string();
        if label.is_empty() {
            e.push(FieldError::new("label", "required"));
        } else if label.chars().count() > 200 {
            e.push(FieldError::new("label", "too_long"));
        }
        let hall = Some(self.hall.trim().to_string()).filter(|h| !h.is_empty());
        if hall.as_ref().is_some_and(|h| h.chars().count() > 200) {
            e.push(FieldError::new("hall", "too_long"));
        }
        e.into_result()?;
        Ok(Stand { label, hall })
    }
}

/// One organisation's part of a stand, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShareForm {
    pub stand: String,
    pub organisation: String,
    pub area: String,
    pub cost: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    pub stand_id: i64,
    pub organisation_id: i64,
    /// Hundredths of m².
    pub area_centi: i64,
    pub cost_cents: i64,
}

fn id(e: &mut Errors, field: &str, s: &str) -> i64 {
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => n,
        _ if s.trim().is_empty() => {
            e.push(FieldError::new(field, "required"));
            0
        }
        _ => {
            e.push(FieldError::new(field, "invalid_number").detail(s.trim()));
            0
        }
    }
}

impl ShareForm {
    pub fn parse(&self, lang: &str) -> Result<Share> {
        let mut e = Errors::new();
        let s = Share {
            stand_id: id(&mut e, "stand", &self.stand),
            organisation_id: id(&mut e, "organisation", &self.organisation),
            area_centi: area(&mut e, lang, "area", &self.area),
            cost_cents: money(&mut e, lang, "cost", &self.cost),
        };
        e.into_result()?;
        Ok(s)
    }
}

/// A delegate staff add directly, as typed: an organisation and, optionally, one of its people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DelegateForm {
    pub organisation: String,
    pub person: String,
}

impl DelegateForm {
    pub fn parse(&self) -> Result<(i64, Option<i64>)> {
        let mut e = Errors::new();
        let org = id(&mut e, "organisation", &self.organisation);
        let person = if self.person.trim().is_empty() {
            None
        } else {
            Some(id(&mut e, "person", &self.person))
        };
        e.into_result()?;
        Ok((org, person))
    }
}

/// Totals over the outcomes of a delegation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub organisations: i64,
    pub reported: i64,
    pub contacts: i64,
    pub meetings: i64,
    pub offers: i64,
    pub agreements: i64,
    pub business_value_cents: i64,
}

impl Totals {
    pub fn add(&mut self, o: &Outcome) {
        self.reported += 1;
        self.contacts += o.contacts;
        self.meetings += o.meetings;
        self.offers += o.offers;
        self.agreements += o.agreements;
        self.business_value_cents += o.business_value_cents;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn fields(r: Result<Outcome>) -> Vec<(String, String)> {
        match r {
            Err(Error::Validation(v)) => v.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn outcomes_parse_in_the_language() {
        let f = OutcomeForm {
            contacts: "12".into(),
            meetings: " 5 ".into(),
            offers: "".into(),
            agreements: "1".into(),
            business_value: "150.000,50 €".into(),
            note: "  Distributor in Boston  ".into(),
        };
        let o = f.parse("es").expect("valid");
        assert_eq!(
            (o.contacts, o.meetings, o.offers, o.agreements),
            (12, 5, 0, 1)
        );
        assert_eq!(o.business_value_cents, 15_000_050);
        assert_eq!(o.note, "Distributor in Boston");
        let en = OutcomeForm {
            business_value: "150,000.50".into(),
            ..Default::default()
        };
        assert_eq!(en.parse("en").expect("en").business_value_cents, 15_000_050);
        assert_eq!(OutcomeForm::of(&o, "es").business_value, "150000,5");
        assert_eq!(
            OutcomeForm::of(&o, "es").parse("es").expect("round trip"),
            o
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = OutcomeForm {
            contacts: "-3".into(),
            meetings: "many".into(),
            business_value: "12x".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(f.parse("es")),
            vec![
                ("contacts".into(), "negative".into()),
                ("meetings".into(), "invalid_number".into()),
                ("business_value".into(), "invalid_number".into()),
            ]
        );
        let neg = OutcomeForm {
            business_value: "-100".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(neg.parse("en")),
            vec![("business_value".into(), "negative".into())]
        );
    }

    #[test]
    fn shares_and_stands() {
        let s = ShareForm {
            stand: "3".into(),
            organisation: "7".into(),
            area: "12,5 m²".into(),
            cost: "4.500".into(),
        }
        .parse("es")
        .expect("share");
        assert_eq!((s.area_centi, s.cost_cents), (1250, 450_000));
        assert!(
            ShareForm {
                organisation: "x".into(),
                ..Default::default()
            }
            .parse("es")
            .is_err()
        );
        assert!(StandForm::default().parse().is_err());
        assert_eq!(decimal("en", 1250), "12.5");
    }
}
