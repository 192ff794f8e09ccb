//! What a procurement notice says once parsed: the fields a member needs to decide whether to
//! bid, in every language the notice carries. Produced by [`crate::eforms::parse`].

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// The three eForms document kinds (the XML root element).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeForm {
    /// `PriorInformationNotice`: planning.
    PriorInformation,
    /// `ContractNotice`: a competition open to tenders.
    Contract,
    /// `ContractAwardNotice`: the result.
    ContractAward,
    /// `BusinessRegistrationInformationNotice` (subtypes X01, X02): the registration of a
    /// European economic interest grouping or European company. No buyer, no lot.
    BusinessRegistration,
}

/// Texts in several languages. Languages are ISO 639-1 codes in lower case ("es", "en", "eu"),
/// converted from eForms' three-letter codes ("SPA", "ENG", "EUS"); a code with no two-letter
/// form is kept in lower case ("gle" stays "ga" only where ISO 639-1 has it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts(pub Vec<(String, String)>);

impl Texts {
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, t)| t.as_str())
    }

    /// The text in `lang`, else English, else the first one present.
    pub fn best(&self, lang: &str) -> Option<&str> {
        self.get(lang)
            .or_else(|| self.get("en"))
            .or_else(|| self.0.first().map(|(_, t)| t.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An amount of money. `cents` are minor units (hundredths) to keep sums exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub cents: i64,
    /// ISO 4217, upper case ("EUR").
    pub currency: String,
}

/// An organisation named in the notice (buyer, winner, review body…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The notice-local id ("ORG-0001").
    pub id: String,
    pub name: Texts,
    /// ISO 3166-1 alpha-3 as eForms writes it ("ESP").
    pub country: Option<String>,
    /// NUTS 2021 code of its address ("ES213").
    pub nuts: Option<String>,
    pub city: Option<String>,
    /// `buyer-legal-type` code ("body-pl", "cga"…), buyers only.
    pub legal_type: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
}

/// A lot (eForms always has at least one, `LOT-0001`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lot {
    /// "LOT-0001" (or "GLO-0001"/"PAR-0000" for the parts of a PIN).
    pub id: String,
    pub title: Texts,
    pub description: Texts,
    /// Main CPV code, 8 digits, no check digit ("33140000").
    pub cpv_main: Option<String>,
    pub cpv_additional: Vec<String>,
    /// NUTS codes of the place of performance.
    pub places: Vec<String>,
    pub estimated_value: Option<Money>,
    /// Tender (or request to participate) deadline.
    pub deadline: Option<OffsetDateTime>,
    /// `contract-nature` code: "supplies", "services", "works".
    pub nature: Option<String>,
    /// `innovative-acquisition` code other than "none" ("proc-innov", "prod-innov", "rd-act").
    pub innovation: Option<String>,
}

/// Who won what (result notices).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Award {
    pub lot_id: String,
    /// Winning tenderers' organisations (ids into `Notice::parties`).
    pub winners: Vec<String>,
    pub value: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The notice identifier (a UUID, `cbc:ID schemeName="notice-id"`).
    pub id: String,
    /// `cbc:VersionID` ("01").
    pub version: String,
    pub form: NoticeForm,
    /// eForms notice subtype ("16" = contract notice, standard regime, directive 2014/24/EU).
    pub subtype: String,
    /// `cbc:NoticeTypeCode` ("cn-standard", "can-standard", "pin-only"…).
    pub notice_type: String,
    /// The notice this one changes (`efbc:ChangedNoticeIdentifier`), for change notices.
    pub changes: Option<String>,
    /// The notice's own language ("en").
    pub language: String,
    pub issue_date: Option<Date>,
    /// Set once the Publications Office has published it.
    pub publication_date: Option<Date>,
    /// The publication number ("00123456-2024"), once published.
    pub publication_id: Option<String>,
    /// The procurement procedure's title and description (the lots carry their own).
    pub title: Texts,
    pub description: Texts,
    /// `procurement-procedure-type` code ("open", "restricted", "neg-w-call"…).
    pub procedure: Option<String>,
    /// The procedure's main CPV code and additional ones.
    pub cpv_main: Option<String>,
    pub cpv_additional: Vec<String>,
    /// Place of performance of the procedure as a whole.
    pub places: Vec<String>,
    pub estimated_value: Option<Money>,
    /// Total value awarded (result notices).
    pub awarded_value: Option<Money>,
    /// Every organisation in the notice; `buyers` and awards point into it by id.
    pub parties: Vec<Party>,
    pub buyers: Vec<String>,
    pub lots: Vec<Lot>,
    pub awards: Vec<Award>,
    /// Procurement documents, buyer profile and submission URLs, deduplicated, in document order.
    pub links: Vec<String>,
}

impl Notice {
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    /// The first buyer.
    pub fn buyer(&self) -> Option<&Party> {
        self.buyers.first().and_then(|id| self.party(id))
    }

    /// Every CPV code of the procedure and its lots, deduplicated.
    pub fn all_cpv(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let lots = self
            .lots
            .iter()
            .flat_map(|l| l.cpv_main.iter().chain(&l.cpv_additional));
        for c in self.cpv_main.iter().chain(&self.cpv_additional).chain(lots) {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }

    /// Every place of performance (procedure and lots), deduplicated.
    pub fn all_places(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self
            .places
            .iter()
            .chain(self.lots.iter().flat_map(|l| &l.places))
        {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }

    /// The earliest deadline of any lot.
    pub fn deadline(&self) -> Option<OffsetDateTime> {
        self.lots.iter().filter_map(|l| l.deadline).min()
    }

    /// Estimated value of the procedure, else the sum of the lots' when all share a currency.
    pub fn value(&self) -> Option<Money> {
        if let Some(v) = &self.estimated_value {
            return Some(v.clone());
        }
        let mut values = self.lots.iter().filter_map(|l| l.estimated_value.as_ref());
        let first = values.next()?.clone();
        values.try_fold(first, |acc, v| {
            (v.currency == acc.currency).then(|| Money {
                cents: acc.cents.saturating_add(v.cents),
                currency: acc.currency.clone(),
            })
        })
    }

    /// Innovation procurement: any lot declares an innovative acquisition.
    pub fn innovation(&self) -> bool {
        self.lots.iter().any(|l| l.innovation.is_some())
    }
}
