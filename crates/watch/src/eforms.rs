//! eForms (UBL 2.3 + eForms extensions) notice parser: streaming, tolerant of optional parts,
//! strict on what it reports.
//!
//! One pass of quick-xml's `Reader` over the bytes, no DOM. Elements are recognised by namespace
//! (whatever prefix the document binds to it, `cbc:` in the SDK examples) and local name, and by
//! their position under the root, so a `cbc:Name` is a procedure title only directly under the
//! root's `cac:ProcurementProject`.
//!
//! Safety: UTF-8 only, any `<!DOCTYPE` is refused (so no DTD, no entity expansion: only the five
//! predefined entities and numeric character references are resolved), documents over 50 MB,
//! texts over 1 MB and nesting over 256 levels are refused.
//!
//! Checks: every code the watch uses is looked up in its list (country, currency, notice subtype,
//! notice type, procedure type, buyer legal type, contract nature, language, NUTS, CPV; NUTS by
//! [`CodeLists::nuts_known`](crate::codelist::CodeLists::nuts_known)); fields read may not be
//! empty; each notice must carry what its kind requires (id, version, subtype, type, language,
//! issue date; a buyer, a procedure title and a lot except where the kind has none); references
//! (buyers, winners) must point at organisations of the notice; the subtype must match the root
//! element and notice type; contract notices under the 2014/24, 2014/25 and 2009/81 directives
//! may only use the procedures those directives allow.

mod values;
pub(crate) mod xml;

#[cfg(test)]
mod tests;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use time::Date;

use crate::codelist::{self, CodeLists, List};
use crate::notice::{Award, Lot, Money, Notice, NoticeForm, Party, Texts};
use values::{DateOff, TimeOff, combine, parse_cents, parse_date, parse_time, web_url};
use xml::Prelude;

/// Why a document is not a notice we can use. Every variant says why, and where when there is
/// a where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("empty document")]
    Empty,
    #[error("document is {size} bytes, over the {limit} byte (50 MB) limit")]
    TooLarge { size: usize, limit: usize },
    /// Not well-formed XML (or not UTF-8).
    #[error("not XML: {reason} at line {line}")]
    NotXml { reason: String, line: usize },
    #[error("truncated document: {reason} (line {line})")]
    Truncated { reason: String, line: usize },
    #[error(
        "DOCTYPE declarations are refused (no DTD processing, no entity expansion) at line {line}"
    )]
    Doctype { line: usize },
    #[error(
        "entity reference `&{name};` at line {line} is refused: only the five predefined XML entities and numeric character references are allowed (no DTD processing)"
    )]
    Entity { name: String, line: usize },
    #[error("text of {element} at line {line} is longer than 1 MB")]
    TextTooLong { element: String, line: usize },
    #[error("elements nested deeper than {limit} levels at line {line}")]
    TooDeep { limit: usize, line: usize },
    /// Well-formed XML of another kind.
    #[error(
        "root element `{root}` is not an eForms notice (ContractNotice, ContractAwardNotice, PriorInformationNotice, BusinessRegistrationInformationNotice){detail}"
    )]
    NotEforms { root: String, detail: String },
    #[error("unknown {list} code `{value}` in {path} at line {line}")]
    UnknownCode {
        list: &'static str,
        value: String,
        path: String,
        line: usize,
    },
    #[error("empty {field} ({path}) at line {line}: eForms fields may not be empty")]
    EmptyValue {
        field: &'static str,
        path: String,
        line: usize,
    },
    #[error("invalid {field} `{value}` in {path} at line {line}: {reason}")]
    InvalidValue {
        field: &'static str,
        value: String,
        path: String,
        line: usize,
        reason: String,
    },
    /// Mandatory parts absent; each entry names one ("missing notice id (cbc:ID
    /// schemeName=notice-id)", "no lot (…)").
    #[error("incomplete notice: {}", .0.join("; "))]
    Incomplete(Vec<String>),
    /// The parts are there but do not fit together (dangling reference, subtype of another
    /// form, procedure the directive does not allow, the same field twice).
    #[error("{reason} (line {line})")]
    Inconsistent { reason: String, line: usize },
}

impl NoticeError {
    /// The line the error is about, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            NoticeError::NotXml { line, .. }
            | NoticeError::Truncated { line, .. }
            | NoticeError::Doctype { line }
            | NoticeError::Entity { line, .. }
            | NoticeError::TextTooLong { line, .. }
            | NoticeError::TooDeep { line, .. }
            | NoticeError::UnknownCode { line, .. }
            | NoticeError::EmptyValue { line, .. }
            | NoticeError::InvalidValue { line, .. }
            | NoticeError::Inconsistent { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Parses one eForms notice.
pub fn parse(xml: &[u8]) -> Result<Notice, NoticeError> {
    let text = match xml::prelude(xml) {
        Ok(t) => t,
        Err(Prelude::Empty) => return Err(NoticeError::Empty),
        Err(Prelude::TooLarge(size)) => {
            return Err(NoticeError::TooLarge {
                size,
                limit: xml::MAX_DOC,
            });
        }
        Err(Prelude::Utf16) => {
            return Err(NoticeError::NotXml {
                reason: "UTF-16 is not supported (eForms notices are UTF-8)".into(),
                line: 1,
            });
        }
        Err(Prelude::NotUtf8(pos)) => {
            return Err(NoticeError::NotXml {
                reason: "invalid UTF-8 (eForms notices are UTF-8)".into(),
                line: xml::line_at(xml, pos),
            });
        }
    };
    let mut p = Parser::new(text.as_bytes());
    p.run(text)?;
    p.finish()
}

// ---------------------------------------------------------------------------------------------
// Element recognition

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ns {
    /// The document's own namespace (the root's).
    Doc,
    Cbc,
    Cac,
    Ext,
    Efext,
    Efac,
    Efbc,
    Other,
}

fn ns_of(uri: &str, root_ns: Option<&str>) -> Ns {
    match uri {
        "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" => Ns::Cbc,
        "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" => Ns::Cac,
        "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" => Ns::Ext,
        "http://data.europa.eu/p27/eforms-ubl-extensions/1" => Ns::Efext,
        "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1" => Ns::Efac,
        "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1" => Ns::Efbc,
        u if Some(u) == root_ns => Ns::Doc,
        _ => Ns::Other,
    }
}

/// The elements the parser cares about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    Other,
    Root,
    /// A `cbc:`/`efbc:` `…Amount` the parser does not read (its currency is still checked).
    Amount,
    // ext, efext
    UblExtensions,
    UblExtension,
    ExtensionContent,
    EformsExtension,
    // efac
    NoticeSubType,
    Organizations,
    Organization,
    Company,
    Changes,
    ContractModification,
    Publication,
    NoticeResult,
    LotResult,
    LotTender,
    TenderingParty,
    Tenderer,
    TenderLot,
    // efbc
    ChangedNoticeIdentifier,
    NoticePublicationId,
    PublicationDate,
    OverallApproximateFrameworkContractsAmount,
    // cac
    ContractingParty,
    ContractingPartyType,
    Party,
    PartyIdentification,
    PartyName,
    PostalAddress,
    Country,
    Contact,
    ProcurementProject,
    ProcurementProjectLot,
    TenderingProcess,
    MainCommodityClassification,
    AdditionalCommodityClassification,
    RealizedLocation,
    Address,
    RequestedTenderTotal,
    TenderSubmissionDeadlinePeriod,
    ParticipationRequestReceptionPeriod,
    ProcurementAdditionalType,
    CallForTendersDocumentReference,
    Attachment,
    ExternalReference,
    TenderRecipientParty,
    AuctionTerms,
    LegalMonetaryTotal,
    Language,
    // cbc
    Id,
    VersionId,
    IssueDate,
    NoticeTypeCode,
    NoticeLanguageCode,
    ContractFolderId,
    SubTypeCode,
    Name,
    Description,
    ProcedureCode,
    ProcurementTypeCode,
    ItemClassificationCode,
    CountrySubentityCode,
    IdentificationCode,
    CityName,
    WebsiteUri,
    ElectronicMail,
    PartyTypeCode,
    EstimatedOverallContractAmount,
    EndDate,
    EndTime,
    TotalAmount,
    Uri,
    BuyerProfileUri,
    EndpointId,
    AuctionUri,
    AccessToolsUri,
    PayableAmount,
    TenderResultCode,
}

impl T {
    /// Basic components: text only.
    fn is_basic(self) -> bool {
        matches!(
            self,
            T::Amount
                | T::ChangedNoticeIdentifier
                | T::NoticePublicationId
                | T::PublicationDate
                | T::OverallApproximateFrameworkContractsAmount
        ) || self as u8 >= T::Id as u8
    }
}

fn classify(ns: Ns, local: &[u8]) -> T {
    match ns {
        Ns::Cbc => match local {
            b"ID" => T::Id,
            b"Name" => T::Name,
            b"Description" => T::Description,
            b"IdentificationCode" => T::IdentificationCode,
            b"CountrySubentityCode" => T::CountrySubentityCode,
            b"CityName" => T::CityName,
            b"ItemClassificationCode" => T::ItemClassificationCode,
            b"ProcurementTypeCode" => T::ProcurementTypeCode,
            b"ElectronicMail" => T::ElectronicMail,
            b"WebsiteURI" => T::WebsiteUri,
            b"EndDate" => T::EndDate,
            b"EndTime" => T::EndTime,
            b"URI" => T::Uri,
            b"EndpointID" => T::EndpointId,
            b"VersionID" => T::VersionId,
            b"IssueDate" => T::IssueDate,
            b"NoticeTypeCode" => T::NoticeTypeCode,
            b"NoticeLanguageCode" => T::NoticeLanguageCode,
            b"ContractFolderID" => T::ContractFolderId,
            b"SubTypeCode" => T::SubTypeCode,
            b"ProcedureCode" => T::ProcedureCode,
            b"PartyTypeCode" => T::PartyTypeCode,
            b"EstimatedOverallContractAmount" => T::EstimatedOverallContractAmount,
            b"TotalAmount" => T::TotalAmount,
            b"BuyerProfileURI" => T::BuyerProfileUri,
            b"AuctionURI" => T::AuctionUri,
            b"AccessToolsURI" => T::AccessToolsUri,
            b"PayableAmount" => T::PayableAmount,
            b"TenderResultCode" => T::TenderResultCode,
            l if l.ends_with(b"Amount") => T::Amount,
            _ => T::Other,
        },
        Ns::Cac => match local {
            b"PartyIdentification" => T::PartyIdentification,
            b"PartyName" => T::PartyName,
            b"PostalAddress" => T::PostalAddress,
            b"Country" => T::Country,
            b"Contact" => T::Contact,
            b"Party" => T::Party,
            b"ContractingParty" => T::ContractingParty,
            b"ContractingPartyType" => T::ContractingPartyType,
            b"ProcurementProject" => T::ProcurementProject,
            b"ProcurementProjectLot" => T::ProcurementProjectLot,
            b"TenderingProcess" => T::TenderingProcess,
            b"MainCommodityClassification" => T::MainCommodityClassification,
            b"AdditionalCommodityClassification" => T::AdditionalCommodityClassification,
            b"RealizedLocation" => T::RealizedLocation,
            b"Address" => T::Address,
            b"RequestedTenderTotal" => T::RequestedTenderTotal,
            b"TenderSubmissionDeadlinePeriod" => T::TenderSubmissionDeadlinePeriod,
            b"ParticipationRequestReceptionPeriod" => T::ParticipationRequestReceptionPeriod,
            b"ProcurementAdditionalType" => T::ProcurementAdditionalType,
            b"CallForTendersDocumentReference" => T::CallForTendersDocumentReference,
            b"Attachment" => T::Attachment,
            b"ExternalReference" => T::ExternalReference,
            b"TenderRecipientParty" => T::TenderRecipientParty,
            b"AuctionTerms" => T::AuctionTerms,
            b"LegalMonetaryTotal" => T::LegalMonetaryTotal,
            b"Language" => T::Language,
            _ => T::Other,
        },
        Ns::Efac => match local {
            b"Organization" => T::Organization,
            b"Company" => T::Company,
            b"Organizations" => T::Organizations,
            b"NoticeSubType" => T::NoticeSubType,
            b"Changes" => T::Changes,
            b"ContractModification" => T::ContractModification,
            b"Publication" => T::Publication,
            b"NoticeResult" => T::NoticeResult,
            b"LotResult" => T::LotResult,
            b"LotTender" => T::LotTender,
            b"TenderingParty" => T::TenderingParty,
            b"Tenderer" => T::Tenderer,
            b"TenderLot" => T::TenderLot,
            _ => T::Other,
        },
        Ns::Efbc => match local {
            b"ChangedNoticeIdentifier" => T::ChangedNoticeIdentifier,
            b"NoticePublicationID" => T::NoticePublicationId,
            b"PublicationDate" => T::PublicationDate,
            b"OverallApproximateFrameworkContractsAmount" => {
                T::OverallApproximateFrameworkContractsAmount
            }
            l if l.ends_with(b"Amount") => T::Amount,
            _ => T::Other,
        },
        Ns::Ext => match local {
            b"UBLExtensions" => T::UblExtensions,
            b"UBLExtension" => T::UblExtension,
            b"ExtensionContent" => T::ExtensionContent,
            _ => T::Other,
        },
        Ns::Efext => match local {
            b"EformsExtension" => T::EformsExtension,
            _ => T::Other,
        },
        Ns::Doc | Ns::Other => T::Other,
    }
}

/// Procedure-level or lot-level part of the notice.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tgt {
    Proc,
    Lot,
}

/// A text the parser reads, and what it means there.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Leaf {
    NoticeId,
    Version,
    IssueDate,
    NoticeType,
    NoticeLang,
    FolderId,
    SubType,
    ChangedNotice,
    PubId,
    PubDate,
    OrgId,
    OrgName,
    OrgCity,
    OrgNuts,
    OrgCountry,
    OrgWebsite,
    OrgEmail,
    BuyerId,
    BuyerLegalType,
    Link,
    Title(Tgt),
    Desc(Tgt),
    Nature(Tgt),
    CpvMain(Tgt),
    CpvAdd(Tgt),
    Place(Tgt),
    Value(Tgt),
    Innovation,
    Procedure,
    LotId,
    DeadlineDate,
    DeadlineTime,
    RequestDate,
    RequestTime,
    NrTotal,
    NrApprox,
    LrCode,
    LrTender,
    LrLot,
    LtId,
    LtTpa,
    LtAmount,
    LtLot,
    TpId,
    TpTenderer,
    /// Anywhere else: only checked against its list.
    Check(List),
    CheckCpv,
}

impl Leaf {
    fn field(self) -> &'static str {
        match self {
            Leaf::NoticeId => "notice id",
            Leaf::Version => "notice version",
            Leaf::IssueDate => "issue date",
            Leaf::NoticeType => "notice type",
            Leaf::NoticeLang => "notice language",
            Leaf::FolderId => "procedure identifier",
            Leaf::SubType => "notice subtype",
            Leaf::ChangedNotice => "changed notice id",
            Leaf::PubId => "publication number",
            Leaf::PubDate => "publication date",
            Leaf::OrgId => "organisation id",
            Leaf::OrgName => "organisation name",
            Leaf::OrgCity => "organisation city",
            Leaf::OrgNuts | Leaf::Place(_) | Leaf::Check(List::Nuts) => "NUTS code",
            Leaf::OrgCountry | Leaf::Check(List::Country) => "country code",
            Leaf::OrgWebsite => "organisation website",
            Leaf::OrgEmail => "organisation e-mail",
            Leaf::BuyerId => "buyer id",
            Leaf::BuyerLegalType | Leaf::Check(List::LegalType) => "buyer legal type",
            Leaf::Link => "URL",
            Leaf::Title(_) => "title",
            Leaf::Desc(_) => "description",
            Leaf::Nature(_) | Leaf::Check(List::Nature) => "contract nature",
            Leaf::CpvMain(_) | Leaf::CpvAdd(_) | Leaf::CheckCpv => "CPV code",
            Leaf::Value(_) => "estimated value",
            Leaf::Innovation => "innovative acquisition code",
            Leaf::Procedure | Leaf::Check(List::Procedure) => "procedure type",
            Leaf::LotId => "lot id",
            Leaf::DeadlineDate | Leaf::RequestDate => "deadline date",
            Leaf::DeadlineTime | Leaf::RequestTime => "deadline time",
            Leaf::NrTotal => "total awarded value",
            Leaf::NrApprox => "approximate framework value",
            Leaf::LrCode => "winner selection status",
            Leaf::LrTender | Leaf::LtId => "tender id",
            Leaf::LrLot | Leaf::LtLot => "lot id",
            Leaf::LtTpa | Leaf::TpId => "tendering party id",
            Leaf::LtAmount => "tender value",
            Leaf::TpTenderer => "tenderer id",
            Leaf::Check(List::Language) => "language code",
            Leaf::Check(List::Currency) => "currency",
            Leaf::Check(List::Subtype) => "notice subtype",
            Leaf::Check(List::NoticeType) => "notice type",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parser state

struct Frame {
    tag: T,
    /// Byte offset of the `<` of the start tag.
    pos: usize,
    name_len: usize,
}

#[derive(Default)]
struct Attrs {
    lang: String,
    has_lang: bool,
    list: String,
    has_list: bool,
    scheme: String,
    has_scheme: bool,
    currency: String,
    has_currency: bool,
}

struct Cap {
    leaf: Leaf,
    /// Stack index of the captured element.
    depth: usize,
}

#[derive(Default)]
struct OrgB {
    pos: usize,
    party: Party,
    has_id: bool,
}

#[derive(Default)]
struct CpB {
    legal: Option<String>,
    ids: Vec<(String, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LotKind {
    Lot,
    Group,
    Unknown,
}

struct LotB {
    pos: usize,
    kind: LotKind,
    lot: Lot,
    has_id: bool,
    deadline: (Option<DateOff>, Option<TimeOff>),
    request: (Option<DateOff>, Option<TimeOff>),
}

#[derive(Default)]
struct LotResultB {
    pos: usize,
    lot: Option<String>,
    code: Option<String>,
    tenders: Vec<String>,
}

#[derive(Default)]
struct LotTenderB {
    pos: usize,
    id: Option<String>,
    lot: Option<String>,
    tpa: Option<String>,
    amount: Option<Money>,
}

#[derive(Default)]
struct TpB {
    pos: usize,
    id: Option<String>,
    orgs: Vec<String>,
}

struct Found<T> {
    value: Option<T>,
    pos: usize,
}

impl<T> Default for Found<T> {
    fn default() -> Self {
        Found {
            value: None,
            pos: 0,
        }
    }
}

impl<T> Found<T> {
    fn set(&mut self, v: T, pos: usize) {
        if self.value.is_none() {
            self.value = Some(v);
            self.pos = pos;
        }
    }
}

struct Parser<'a> {
    input: &'a [u8],
    lists: &'static CodeLists,
    stack: Vec<Frame>,
    /// Namespace bindings in scope: prefix, namespace, stack depth that declared it.
    ns: Vec<(Vec<u8>, Ns, usize)>,
    root_ns: Option<String>,
    form: Option<NoticeForm>,
    root_closed: bool,
    text: String,
    text_len: usize,
    cap: Option<Cap>,
    attrs: Attrs,
    /// Whether the current Main/AdditionalCommodityClassification got a code.
    cls_code: bool,

    id: Found<String>,
    version: Found<String>,
    issue_date: Found<Date>,
    notice_type: Found<String>,
    language: Found<String>,
    subtype: Found<String>,
    changes: Option<String>,
    pub_id: Option<String>,
    pub_date: Option<Date>,
    procedure: Found<String>,
    title: Texts,
    description: Texts,
    cpv_main: Option<String>,
    cpv_additional: Vec<String>,
    places: Vec<String>,
    estimated_value: Option<Money>,
    total: Option<Money>,
    approx: Option<Money>,
    links: Vec<String>,

    org: Option<OrgB>,
    parties: Vec<(Party, usize)>,
    cp: Option<CpB>,
    cps: Vec<CpB>,
    lot: Option<LotB>,
    lots: Vec<Lot>,
    lot_result: Option<LotResultB>,
    lot_results: Vec<LotResultB>,
    lot_tender: Option<LotTenderB>,
    lot_tenders: Vec<LotTenderB>,
    tp: Option<TpB>,
    tps: Vec<TpB>,
}

fn err_not_xml(reason: impl Into<String>, line: usize) -> NoticeError {
    NoticeError::NotXml {
        reason: reason.into(),
        line,
    }
}

impl<'a> Parser<'a> {
    fn new(input: &'a [u8]) -> Self {
        Parser {
            input,
            lists: codelist::get(),
            stack: Vec::with_capacity(32),
            ns: Vec::with_capacity(8),
            root_ns: None,
            form: None,
            root_closed: false,
            text: String::with_capacity(256),
            text_len: 0,
            cap: None,
            attrs: Attrs::default(),
            cls_code: false,
            id: Found::default(),
            version: Found::default(),
            issue_date: Found::default(),
            notice_type: Found::default(),
            language: Found::default(),
            subtype: Found::default(),
            changes: None,
            pub_id: None,
            pub_date: None,
            procedure: Found::default(),
            title: Texts::default(),
            description: Texts::default(),
            cpv_main: None,
            cpv_additional: Vec::new(),
            places: Vec::new(),
            estimated_value: None,
            total: None,
            approx: None,
            links: Vec::new(),
            org: None,
            parties: Vec::new(),
            cp: None,
            cps: Vec::new(),
            lot: None,
            lots: Vec::new(),
            lot_result: None,
            lot_results: Vec::new(),
            lot_tender: None,
            lot_tenders: Vec::new(),
            tp: None,
            tps: Vec::new(),
        }
    }

    fn line(&self, pos: usize) -> usize {
        xml::line_at(self.input, pos)
    }

    fn qname(&self, f: &Frame) -> &str {
        let start = f.pos + 1;
        let end = (start + f.name_len).min(self.input.len());
        std::str::from_utf8(&self.input[start.min(end)..end]).unwrap_or("?")
    }

    /// `parent/child` names of the element at stack index `i`.
    fn path_at(&self, i: usize) -> String {
        let mut out = String::new();
        if i > 0
            && let Some(p) = self.stack.get(i - 1)
        {
            out.push_str(self.qname(p));
            out.push('/');
        }
        if let Some(f) = self.stack.get(i) {
            out.push_str(self.qname(f));
        }
        out
    }

    fn at(&self, i: usize) -> T {
        self.stack.get(i).map_or(T::Other, |f| f.tag)
    }

    fn in_root_ext(&self) -> bool {
        self.at(1) == T::UblExtensions
            && self.at(2) == T::UblExtension
            && self.at(3) == T::ExtensionContent
            && self.at(4) == T::EformsExtension
    }

    fn run(&mut self, text: &'a str) -> Result<(), NoticeError> {
        let mut reader = Reader::from_str(text);
        loop {
            let before = reader.buffer_position() as usize;
            let ev = match reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let (reason, truncated) = xml::describe(&e);
                    let line = self.line(reader.error_position() as usize);
                    return Err(if truncated {
                        NoticeError::Truncated { reason, line }
                    } else {
                        err_not_xml(reason, line)
                    });
                }
            };
            match ev {
                Event::Start(e) => self.start(&e, before)?,
                Event::Empty(e) => {
                    self.start(&e, before)?;
                    self.end()?;
                }
                Event::End(_) => self.end()?,
                Event::Text(t) => self.text(&t, before)?,
                Event::CData(t) => self.text(&t, before)?,
                Event::GeneralRef(r) => match xml::resolve_ref(&r) {
                    Ok(c) => {
                        if self.stack.is_empty() {
                            return Err(err_not_xml(
                                "text outside the root element",
                                self.line(before),
                            ));
                        }
                        self.text_len += c.len_utf8();
                        if self.capturing() {
                            self.text.push(c);
                        }
                    }
                    Err(name) => {
                        return Err(NoticeError::Entity {
                            name,
                            line: self.line(before),
                        });
                    }
                },
                Event::DocType(_) => {
                    return Err(NoticeError::Doctype {
                        line: self.line(before),
                    });
                }
                Event::Decl(d) => {
                    if let Some(enc) = xml::foreign_encoding(&d) {
                        return Err(err_not_xml(
                            format!("encoding `{enc}` is not supported (eForms notices are UTF-8)"),
                            self.line(before),
                        ));
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => break,
            }
        }
        if self.form.is_none() {
            return Err(err_not_xml("no root element", 1));
        }
        if let Some(f) = self.stack.last() {
            return Err(NoticeError::Truncated {
                reason: format!(
                    "the document ends inside `{}`, opened at line {}",
                    self.qname(f),
                    self.line(f.pos)
                ),
                line: self.line(self.input.len()),
            });
        }
        Ok(())
    }

    fn capturing(&self) -> bool {
        self.cap
            .as_ref()
            .is_some_and(|c| c.depth + 1 == self.stack.len())
    }

    fn text(&mut self, raw: &[u8], before: usize) -> Result<(), NoticeError> {
        if self.stack.is_empty() {
            if raw.iter().all(|b| b.is_ascii_whitespace()) {
                return Ok(());
            }
            return Err(err_not_xml(
                "text outside the root element",
                self.line(before + raw.iter().take_while(|b| b.is_ascii_whitespace()).count()),
            ));
        }
        self.text_len += raw.len();
        if self.text_len > xml::MAX_TEXT {
            let f = &self.stack[self.stack.len() - 1];
            return Err(NoticeError::TextTooLong {
                element: self.qname(f).to_string(),
                line: self.line(f.pos),
            });
        }
        if self.capturing() {
            let s = std::str::from_utf8(raw)
                .map_err(|_| err_not_xml("invalid UTF-8", self.line(before)))?;
            if s.contains('\r') {
                self.text
                    .push_str(&s.replace("\r\n", "\n").replace('\r', "\n"));
            } else {
                self.text.push_str(s);
            }
        }
        Ok(())
    }

    fn resolve_prefix(&self, prefix: &[u8]) -> Option<Ns> {
        self.ns
            .iter()
            .rev()
            .find(|(p, _, _)| p.as_slice() == prefix)
            .map(|(_, n, _)| *n)
    }

    fn start(&mut self, e: &BytesStart<'_>, pos: usize) -> Result<(), NoticeError> {
        let depth = self.stack.len();
        if depth >= xml::MAX_DEPTH {
            return Err(NoticeError::TooDeep {
                limit: xml::MAX_DEPTH,
                line: self.line(pos),
            });
        }
        if self.root_closed {
            return Err(err_not_xml("more than one root element", self.line(pos)));
        }
        if let Some(c) = &self.cap
            && c.depth < depth
        {
            let f = &self.stack[c.depth];
            return Err(NoticeError::InvalidValue {
                field: c.leaf.field(),
                value: String::from_utf8_lossy(e.name().as_ref()).to_string(),
                path: self.path_at(c.depth),
                line: self.line(pos),
                reason: format!(
                    "element inside {} (opened at line {}), which holds text only",
                    self.qname(f),
                    self.line(f.pos)
                ),
            });
        }
        let name = e.name();
        let decls = xml::ns_decls(e).map_err(|r| err_not_xml(r, self.line(pos)))?;
        if depth == 0 {
            self.root(e, &decls)?;
        }
        for (p, uri) in &decls {
            let ns = ns_of(uri, self.root_ns.as_deref());
            self.ns.push((p.clone(), ns, depth));
        }
        let (prefix, local) = match name.as_ref().iter().position(|&b| b == b':') {
            Some(i) => (&name.as_ref()[..i], &name.as_ref()[i + 1..]),
            None => (&[][..], name.as_ref()),
        };
        let tag = if depth == 0 {
            T::Root
        } else {
            match self.resolve_prefix(prefix) {
                Some(ns) => classify(ns, local),
                None if prefix.is_empty() => T::Other,
                None => {
                    return Err(err_not_xml(
                        format!(
                            "namespace prefix `{}` of `{}` is not declared",
                            String::from_utf8_lossy(prefix),
                            String::from_utf8_lossy(name.as_ref())
                        ),
                        self.line(pos),
                    ));
                }
            }
        };
        self.stack.push(Frame {
            tag,
            pos,
            name_len: name.as_ref().len(),
        });
        self.text.clear();
        self.text_len = 0;
        self.cap = None;
        self.open(tag, depth);
        if tag.is_basic() {
            self.read_attrs(e, pos)?;
            if self.attrs.has_currency {
                let cur = std::mem::take(&mut self.attrs.currency);
                let r = self.check_code(List::Currency, &cur, depth);
                self.attrs.currency = cur;
                r?;
            }
            if let Some(leaf) = self.leaf_for(tag, depth) {
                self.cap = Some(Cap { leaf, depth });
            }
        }
        Ok(())
    }

    fn root(&mut self, e: &BytesStart<'_>, decls: &[(Vec<u8>, String)]) -> Result<(), NoticeError> {
        let name = e.name();
        let qname = String::from_utf8_lossy(name.as_ref()).to_string();
        let local = e.local_name();
        let prefix = name
            .prefix()
            .map(|p| p.as_ref().to_vec())
            .unwrap_or_default();
        let ns = decls
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, u)| u.clone());
        let form = match local.as_ref() {
            b"ContractNotice" => NoticeForm::Contract,
            b"ContractAwardNotice" => NoticeForm::ContractAward,
            b"PriorInformationNotice" => NoticeForm::PriorInformation,
            b"BusinessRegistrationInformationNotice" => NoticeForm::BusinessRegistration,
            _ => {
                let detail = match &ns {
                    Some(u) => format!("; its namespace is {u}"),
                    None => String::new(),
                };
                return Err(NoticeError::NotEforms {
                    root: qname,
                    detail,
                });
            }
        };
        let expected = if form == NoticeForm::BusinessRegistration {
            "http://data.europa.eu/p27/eforms-business-registration-information-notice/1"
                .to_string()
        } else {
            format!(
                "urn:oasis:names:specification:ubl:schema:xsd:{}-2",
                String::from_utf8_lossy(local.as_ref())
            )
        };
        match ns {
            Some(u) if u == expected => {}
            Some(u) => {
                return Err(NoticeError::NotEforms {
                    root: qname,
                    detail: format!("; it is in namespace {u}, not {expected}"),
                });
            }
            None => {
                return Err(NoticeError::NotEforms {
                    root: qname,
                    detail: format!("; it has no namespace (expected {expected})"),
                });
            }
        }
        self.root_ns = Some(expected);
        self.form = Some(form);
        Ok(())
    }

    fn read_attrs(&mut self, e: &BytesStart<'_>, pos: usize) -> Result<(), NoticeError> {
        let a = &mut self.attrs;
        a.has_lang = false;
        a.has_list = false;
        a.has_scheme = false;
        a.has_currency = false;
        if e.attributes_raw().iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(());
        }
        for at in e.attributes().with_checks(false) {
            let at = at.map_err(|er| {
                err_not_xml(
                    format!("bad attribute: {er}"),
                    xml::line_at(self.input, pos),
                )
            })?;
            let (buf, flag) = match at.key.as_ref() {
                b"languageID" => (&mut a.lang, &mut a.has_lang),
                b"listName" => (&mut a.list, &mut a.has_list),
                b"schemeName" => (&mut a.scheme, &mut a.has_scheme),
                b"currencyID" => (&mut a.currency, &mut a.has_currency),
                _ => continue,
            };
            buf.clear();
            *flag = true;
            if at.value.contains(&b'&') {
                match at.unescape_value() {
                    Ok(v) => buf.push_str(v.trim()),
                    Err(er) => {
                        return Err(err_not_xml(
                            format!("attribute value: {er}"),
                            xml::line_at(self.input, pos),
                        ));
                    }
                }
            } else {
                match std::str::from_utf8(&at.value) {
                    Ok(v) => buf.push_str(v.trim()),
                    Err(_) => {
                        return Err(err_not_xml("invalid UTF-8", xml::line_at(self.input, pos)));
                    }
                }
            }
        }
        Ok(())
    }

    /// The project (procedure or lot) the element at `d` belongs to, and the stack index of
    /// that `cac:ProcurementProject`.
    fn project(&self) -> Option<(Tgt, usize)> {
        match (self.at(1), self.at(2)) {
            (T::ProcurementProject, _) => Some((Tgt::Proc, 1)),
            (T::ProcurementProjectLot, T::ProcurementProject) => Some((Tgt::Lot, 2)),
            _ => None,
        }
    }

    fn list_is(&self, name: &str) -> bool {
        self.attrs.has_list && self.attrs.list == name
    }

    fn leaf_for(&self, t: T, d: usize) -> Option<Leaf> {
        let parent = self.at(d - 1);
        // Root children.
        if d == 1 {
            return match t {
                T::Id => Some(Leaf::NoticeId),
                T::VersionId => Some(Leaf::Version),
                T::IssueDate => Some(Leaf::IssueDate),
                T::NoticeTypeCode => Some(Leaf::NoticeType),
                T::NoticeLanguageCode => Some(Leaf::NoticeLang),
                T::ContractFolderId => Some(Leaf::FolderId),
                _ => None,
            };
        }
        if d >= 6 && self.in_root_ext() {
            let leaf = match (self.at(5), t, d) {
                (T::NoticeSubType, T::SubTypeCode, 6) => Some(Leaf::SubType),
                (T::Changes | T::ContractModification, T::ChangedNoticeIdentifier, 6) => {
                    Some(Leaf::ChangedNotice)
                }
                (T::Publication, T::NoticePublicationId, 6) => Some(Leaf::PubId),
                (T::Publication, T::PublicationDate, 6) => Some(Leaf::PubDate),
                (T::Organizations, _, 8..)
                    if self.at(6) == T::Organization && self.at(7) == T::Company =>
                {
                    match (d, self.at(8), t) {
                        (8, _, T::WebsiteUri) => Some(Leaf::OrgWebsite),
                        (9, T::PartyIdentification, T::Id) => Some(Leaf::OrgId),
                        (9, T::PartyName, T::Name) => Some(Leaf::OrgName),
                        (9, T::PostalAddress, T::CityName) => Some(Leaf::OrgCity),
                        (9, T::PostalAddress, T::CountrySubentityCode) => Some(Leaf::OrgNuts),
                        (10, T::PostalAddress, T::IdentificationCode)
                            if self.at(9) == T::Country =>
                        {
                            Some(Leaf::OrgCountry)
                        }
                        (9, T::Contact, T::ElectronicMail) => Some(Leaf::OrgEmail),
                        _ => None,
                    }
                }
                (T::NoticeResult, T::TotalAmount, 6) => Some(Leaf::NrTotal),
                (T::NoticeResult, T::OverallApproximateFrameworkContractsAmount, 6) => {
                    Some(Leaf::NrApprox)
                }
                (T::NoticeResult, _, 7..) => match (self.at(6), d, parent, t) {
                    (T::LotResult, 7, _, T::TenderResultCode) => Some(Leaf::LrCode),
                    (T::LotResult, 8, T::LotTender, T::Id) => Some(Leaf::LrTender),
                    (T::LotResult, 8, T::TenderLot, T::Id) => Some(Leaf::LrLot),
                    (T::LotTender, 7, _, T::Id) => Some(Leaf::LtId),
                    (T::LotTender, 8, T::TenderingParty, T::Id) => Some(Leaf::LtTpa),
                    (T::LotTender, 8, T::LegalMonetaryTotal, T::PayableAmount) => {
                        Some(Leaf::LtAmount)
                    }
                    (T::LotTender, 8, T::TenderLot, T::Id) => Some(Leaf::LtLot),
                    (T::TenderingParty, 7, _, T::Id) => Some(Leaf::TpId),
                    (T::TenderingParty, 8, T::Tenderer, T::Id) => Some(Leaf::TpTenderer),
                    _ => None,
                },
                _ => None,
            };
            if leaf.is_some() {
                return leaf;
            }
        }
        match self.at(1) {
            T::ContractingParty => match (d, t) {
                (2, T::BuyerProfileUri) => return Some(Leaf::Link),
                (3, T::PartyTypeCode)
                    if parent == T::ContractingPartyType && self.list_is("buyer-legal-type") =>
                {
                    return Some(Leaf::BuyerLegalType);
                }
                (4, T::Id) if self.at(2) == T::Party && parent == T::PartyIdentification => {
                    return Some(Leaf::BuyerId);
                }
                _ => {}
            },
            T::TenderingProcess if d == 2 && t == T::ProcedureCode => {
                return Some(Leaf::Procedure);
            }
            T::ProcurementProjectLot => match (d, self.at(2), self.at(3), t) {
                (2, _, _, T::Id) => return Some(Leaf::LotId),
                (4, T::TenderingProcess, T::TenderSubmissionDeadlinePeriod, T::EndDate) => {
                    return Some(Leaf::DeadlineDate);
                }
                (4, T::TenderingProcess, T::TenderSubmissionDeadlinePeriod, T::EndTime) => {
                    return Some(Leaf::DeadlineTime);
                }
                (4, T::TenderingProcess, T::ParticipationRequestReceptionPeriod, T::EndDate) => {
                    return Some(Leaf::RequestDate);
                }
                (4, T::TenderingProcess, T::ParticipationRequestReceptionPeriod, T::EndTime) => {
                    return Some(Leaf::RequestTime);
                }
                _ => {}
            },
            _ => {}
        }
        if let Some((tgt, b)) = self.project() {
            let leaf = match (d - b, t) {
                (1, T::Name) => Some(Leaf::Title(tgt)),
                (1, T::Description) => Some(Leaf::Desc(tgt)),
                (1, T::ProcurementTypeCode) if self.list_is("contract-nature") => {
                    Some(Leaf::Nature(tgt))
                }
                (2, T::ItemClassificationCode) if self.is_cpv_list() => match parent {
                    T::MainCommodityClassification => Some(Leaf::CpvMain(tgt)),
                    T::AdditionalCommodityClassification => Some(Leaf::CpvAdd(tgt)),
                    _ => None,
                },
                (2, T::ProcurementTypeCode)
                    if parent == T::ProcurementAdditionalType
                        && tgt == Tgt::Lot
                        && self.list_is("innovative-acquisition") =>
                {
                    Some(Leaf::Innovation)
                }
                (2, T::EstimatedOverallContractAmount) if parent == T::RequestedTenderTotal => {
                    Some(Leaf::Value(tgt))
                }
                (3, T::CountrySubentityCode)
                    if parent == T::Address && self.at(b + 1) == T::RealizedLocation =>
                {
                    Some(Leaf::Place(tgt))
                }
                _ => None,
            };
            if leaf.is_some() {
                return leaf;
            }
        }
        // Links wherever they are.
        match t {
            T::Uri
                if parent == T::ExternalReference
                    && self.at(d - 2) == T::Attachment
                    && self.at(d - 3) == T::CallForTendersDocumentReference =>
            {
                return Some(Leaf::Link);
            }
            T::EndpointId if parent == T::TenderRecipientParty => return Some(Leaf::Link),
            T::AuctionUri | T::AccessToolsUri | T::BuyerProfileUri => return Some(Leaf::Link),
            _ => {}
        }
        // Codes checked wherever they are.
        match t {
            T::IdentificationCode if parent == T::Country => Some(Leaf::Check(List::Country)),
            T::CountrySubentityCode => Some(Leaf::Check(List::Nuts)),
            T::ItemClassificationCode if self.is_cpv_list() => Some(Leaf::CheckCpv),
            T::ProcedureCode => Some(Leaf::Check(List::Procedure)),
            T::PartyTypeCode if self.list_is("buyer-legal-type") => {
                Some(Leaf::Check(List::LegalType))
            }
            T::ProcurementTypeCode if self.list_is("contract-nature") => {
                Some(Leaf::Check(List::Nature))
            }
            T::Id if parent == T::Language => Some(Leaf::Check(List::Language)),
            T::NoticeLanguageCode => Some(Leaf::Check(List::Language)),
            _ => None,
        }
    }

    fn is_cpv_list(&self) -> bool {
        !self.attrs.has_list || self.attrs.list == "cpv" || self.attrs.list.is_empty()
    }

    /// Aggregates opening.
    fn open(&mut self, t: T, d: usize) {
        let pos = self.stack[d].pos;
        match (t, d) {
            (T::ContractingParty, 1) => self.cp = Some(CpB::default()),
            (T::ProcurementProjectLot, 1) => {
                self.lot = Some(LotB {
                    pos,
                    kind: LotKind::Unknown,
                    lot: Lot::default(),
                    has_id: false,
                    deadline: (None, None),
                    request: (None, None),
                })
            }
            (T::MainCommodityClassification | T::AdditionalCommodityClassification, _) => {
                self.cls_code = false
            }
            (T::Organization, 6) if self.at(5) == T::Organizations && self.in_root_ext() => {
                self.org = Some(OrgB {
                    pos,
                    ..OrgB::default()
                })
            }
            (T::LotResult | T::LotTender | T::TenderingParty, 6)
                if self.at(5) == T::NoticeResult && self.in_root_ext() =>
            {
                match t {
                    T::LotResult => {
                        self.lot_result = Some(LotResultB {
                            pos,
                            ..LotResultB::default()
                        })
                    }
                    T::LotTender => {
                        self.lot_tender = Some(LotTenderB {
                            pos,
                            ..LotTenderB::default()
                        })
                    }
                    _ => {
                        self.tp = Some(TpB {
                            pos,
                            ..TpB::default()
                        })
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self) -> Result<(), NoticeError> {
        let d = self.stack.len() - 1;
        if let Some(cap) = self.cap.take()
            && cap.depth == d
        {
            let value = std::mem::take(&mut self.text);
            let r = self.leaf(cap.leaf, value.trim(), d);
            self.text = value;
            self.text.clear();
            r?;
        }
        let f = &self.stack[d];
        let (t, pos) = (f.tag, f.pos);
        self.close(t, d, pos)?;
        self.stack.pop();
        while self.ns.last().is_some_and(|(_, _, nd)| *nd == d) {
            self.ns.pop();
        }
        self.text_len = 0;
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        Ok(())
    }

    /// Aggregates closing.
    fn close(&mut self, t: T, d: usize, pos: usize) -> Result<(), NoticeError> {
        match (t, d) {
            (T::ContractingParty, 1) => {
                if let Some(cp) = self.cp.take() {
                    self.cps.push(cp);
                }
            }
            (T::ProcurementProjectLot, 1) => {
                if let Some(l) = self.lot.take() {
                    self.finish_lot(l)?;
                }
            }
            (T::MainCommodityClassification | T::AdditionalCommodityClassification, _)
                if !self.cls_code =>
            {
                return Err(NoticeError::Inconsistent {
                    reason: format!(
                        "{} has no CPV code (cbc:ItemClassificationCode listName=cpv)",
                        self.path_at(d)
                    ),
                    line: self.line(pos),
                });
            }
            (T::Organization, 6) if self.org.is_some() => {
                if let Some(o) = self.org.take() {
                    if !o.has_id {
                        return Err(NoticeError::Inconsistent {
                            reason: format!(
                                "{} has no organisation id (efac:Company/cac:PartyIdentification/cbc:ID)",
                                self.qname(&self.stack[d])
                            ),
                            line: self.line(o.pos),
                        });
                    }
                    if let Some((_, other)) = self.parties.iter().find(|(p, _)| p.id == o.party.id)
                    {
                        return Err(NoticeError::Inconsistent {
                            reason: format!(
                                "organisation id {} is used twice (lines {} and {})",
                                o.party.id,
                                self.line(*other),
                                self.line(o.pos)
                            ),
                            line: self.line(o.pos),
                        });
                    }
                    self.parties.push((o.party, o.pos));
                }
            }
            (T::LotResult, 6) => {
                if let Some(r) = self.lot_result.take() {
                    self.lot_results.push(r);
                }
            }
            (T::LotTender, 6) => {
                if let Some(r) = self.lot_tender.take() {
                    self.lot_tenders.push(r);
                }
            }
            (T::TenderingParty, 6) => {
                if let Some(r) = self.tp.take() {
                    self.tps.push(r);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish_lot(&mut self, mut l: LotB) -> Result<(), NoticeError> {
        if !l.has_id {
            return Err(NoticeError::Inconsistent {
                reason: "cac:ProcurementProjectLot has no cbc:ID".into(),
                line: self.line(l.pos),
            });
        }
        match l.kind {
            LotKind::Group => return Ok(()),
            LotKind::Unknown => {
                return Err(NoticeError::InvalidValue {
                    field: "lot id",
                    value: l.lot.id,
                    path: "cac:ProcurementProjectLot/cbc:ID".into(),
                    line: self.line(l.pos),
                    reason: "schemeName must be Lot, Part or LotsGroup".into(),
                });
            }
            LotKind::Lot => {}
        }
        if let Some(other) = self.lots.iter().find(|o| o.id == l.lot.id) {
            return Err(NoticeError::Inconsistent {
                reason: format!("lot {} is defined twice", other.id),
                line: self.line(l.pos),
            });
        }
        l.lot.deadline = combine(l.deadline).or_else(|| combine(l.request));
        self.lots.push(l.lot);
        Ok(())
    }

    fn check_code(&self, list: List, value: &str, d: usize) -> Result<(), NoticeError> {
        let known = match list {
            List::Nuts => self.lists.nuts_known(value),
            _ => self.lists.list(list).contains(value),
        };
        if known {
            return Ok(());
        }
        Err(NoticeError::UnknownCode {
            list: list.name(),
            value: value.to_string(),
            path: self.path_at(d),
            line: self.line(self.stack[d].pos),
        })
    }

    fn check_cpv(&self, value: &str, d: usize) -> Result<String, NoticeError> {
        if value.len() == 8 && self.lists.cpv().contains(value) {
            return Ok(value.to_string());
        }
        Err(NoticeError::UnknownCode {
            list: "cpv",
            value: value.to_string(),
            path: self.path_at(d),
            line: self.line(self.stack[d].pos),
        })
    }

    fn invalid(&self, leaf: Leaf, value: &str, d: usize, reason: impl Into<String>) -> NoticeError {
        NoticeError::InvalidValue {
            field: leaf.field(),
            value: value.chars().take(200).collect(),
            path: self.path_at(d),
            line: self.line(self.stack[d].pos),
            reason: reason.into(),
        }
    }

    /// The language of a text element: its `languageID` (checked, converted to ISO 639-1), or
    /// "" for "the notice's language", filled in at the end.
    fn text_lang(&self, d: usize) -> Result<String, NoticeError> {
        if !self.attrs.has_lang {
            return Ok(String::new());
        }
        let upper;
        let mut l = self.attrs.lang.as_str();
        if !self.lists.language().contains(l) && l.bytes().any(|b| b.is_ascii_lowercase()) {
            upper = l.to_ascii_uppercase();
            l = upper.as_str();
        }
        if !self.lists.language().contains(l) {
            return Err(NoticeError::UnknownCode {
                list: "language",
                value: l.to_string(),
                path: format!("{} languageID", self.path_at(d)),
                line: self.line(self.stack[d].pos),
            });
        }
        Ok(codelist::lang_tag(l))
    }

    fn push_text(
        &self,
        texts: &mut Texts,
        leaf: Leaf,
        value: &str,
        d: usize,
    ) -> Result<(), NoticeError> {
        let lang = self.text_lang(d)?;
        if texts.0.iter().any(|(l, _)| *l == lang) {
            return Err(NoticeError::Inconsistent {
                reason: format!(
                    "{} given twice in language {} ({})",
                    leaf.field(),
                    if lang.is_empty() {
                        "of the notice"
                    } else {
                        lang.as_str()
                    },
                    self.path_at(d)
                ),
                line: self.line(self.stack[d].pos),
            });
        }
        texts.0.push((lang, value.to_string()));
        Ok(())
    }

    fn money(&self, leaf: Leaf, value: &str, d: usize) -> Result<Money, NoticeError> {
        if !self.attrs.has_currency {
            return Err(self.invalid(leaf, value, d, "the amount has no currencyID"));
        }
        let cents = parse_cents(value).map_err(|r| self.invalid(leaf, value, d, r))?;
        Ok(Money {
            cents,
            currency: self.attrs.currency.clone(),
        })
    }

    fn link(&mut self, value: &str, d: usize) -> Result<(), NoticeError> {
        let Some(url) = web_url(value) else {
            return Err(self.invalid(Leaf::Link, value, d, "not a web address"));
        };
        if !self.links.contains(&url) {
            self.links.push(url);
        }
        Ok(())
    }

    /// A captured text element ends.
    fn leaf(&mut self, leaf: Leaf, value: &str, d: usize) -> Result<(), NoticeError> {
        let pos = self.stack[d].pos;
        if value.is_empty() {
            return Err(NoticeError::EmptyValue {
                field: leaf.field(),
                path: self.path_at(d),
                line: self.line(pos),
            });
        }
        match leaf {
            Leaf::NoticeId => self.id.set(value.to_string(), pos),
            Leaf::Version => self.version.set(value.to_string(), pos),
            Leaf::IssueDate => {
                let (date, _) = parse_date(value).map_err(|r| self.invalid(leaf, value, d, r))?;
                self.issue_date.set(date, pos);
            }
            Leaf::NoticeType => {
                self.check_code(List::NoticeType, value, d)?;
                self.notice_type.set(value.to_string(), pos);
            }
            Leaf::NoticeLang => {
                self.check_code(List::Language, value, d)?;
                self.language.set(value.to_string(), pos);
            }
            Leaf::FolderId => {}
            Leaf::SubType => {
                self.check_code(List::Subtype, value, d)?;
                self.subtype.set(value.to_string(), pos);
            }
            Leaf::ChangedNotice => {
                if self.changes.is_none() {
                    self.changes = Some(value.to_string());
                }
            }
            Leaf::PubId => self.pub_id = Some(value.to_string()),
            Leaf::PubDate => {
                let (date, _) = parse_date(value).map_err(|r| self.invalid(leaf, value, d, r))?;
                self.pub_date = Some(date);
            }
            Leaf::OrgId => {
                if let Some(o) = self.org.as_mut()
                    && !o.has_id
                {
                    o.party.id = value.to_string();
                    o.has_id = true;
                }
            }
            Leaf::OrgName => {
                let mut names = self.org.as_mut().map(|o| std::mem::take(&mut o.party.name));
                let r = match names.as_mut() {
                    Some(n) => self.push_text(n, leaf, value, d),
                    None => Ok(()),
                };
                if let (Some(o), Some(n)) = (self.org.as_mut(), names) {
                    o.party.name = n;
                }
                r?;
            }
            Leaf::OrgCity => {
                if let Some(o) = self.org.as_mut() {
                    o.party.city.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::OrgNuts => {
                self.check_code(List::Nuts, value, d)?;
                if let Some(o) = self.org.as_mut() {
                    o.party.nuts.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::OrgCountry => {
                self.check_code(List::Country, value, d)?;
                if let Some(o) = self.org.as_mut() {
                    o.party.country.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::OrgWebsite => {
                let Some(url) = web_url(value) else {
                    return Err(self.invalid(leaf, value, d, "not a web address"));
                };
                if let Some(o) = self.org.as_mut() {
                    o.party.website.get_or_insert(url);
                }
            }
            Leaf::OrgEmail => {
                if !value.contains('@') {
                    return Err(self.invalid(leaf, value, d, "not an e-mail address"));
                }
                if let Some(o) = self.org.as_mut() {
                    o.party.email.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::BuyerId => {
                if let Some(cp) = self.cp.as_mut() {
                    cp.ids.push((value.to_string(), pos));
                }
            }
            Leaf::BuyerLegalType => {
                self.check_code(List::LegalType, value, d)?;
                if let Some(cp) = self.cp.as_mut() {
                    cp.legal.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::Link => self.link(value, d)?,
            Leaf::Title(tgt) | Leaf::Desc(tgt) => {
                let is_title = matches!(leaf, Leaf::Title(_));
                let mut texts = match (tgt, is_title) {
                    (Tgt::Proc, true) => std::mem::take(&mut self.title),
                    (Tgt::Proc, false) => std::mem::take(&mut self.description),
                    (Tgt::Lot, true) => self
                        .lot
                        .as_mut()
                        .map(|l| std::mem::take(&mut l.lot.title))
                        .unwrap_or_default(),
                    (Tgt::Lot, false) => self
                        .lot
                        .as_mut()
                        .map(|l| std::mem::take(&mut l.lot.description))
                        .unwrap_or_default(),
                };
                let r = self.push_text(&mut texts, leaf, value, d);
                match (tgt, is_title) {
                    (Tgt::Proc, true) => self.title = texts,
                    (Tgt::Proc, false) => self.description = texts,
                    (Tgt::Lot, true) => {
                        if let Some(l) = self.lot.as_mut() {
                            l.lot.title = texts;
                        }
                    }
                    (Tgt::Lot, false) => {
                        if let Some(l) = self.lot.as_mut() {
                            l.lot.description = texts;
                        }
                    }
                }
                r?;
            }
            Leaf::Nature(tgt) => {
                self.check_code(List::Nature, value, d)?;
                if tgt == Tgt::Lot
                    && let Some(l) = self.lot.as_mut()
                {
                    l.lot.nature.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::CpvMain(tgt) | Leaf::CpvAdd(tgt) => {
                let code = self.check_cpv(value, d)?;
                self.cls_code = true;
                let main = matches!(leaf, Leaf::CpvMain(_));
                let (slot_main, slot_add) = match tgt {
                    Tgt::Proc => (&mut self.cpv_main, &mut self.cpv_additional),
                    Tgt::Lot => match self.lot.as_mut() {
                        Some(l) => (&mut l.lot.cpv_main, &mut l.lot.cpv_additional),
                        None => return Ok(()),
                    },
                };
                if main {
                    if let Some(prev) = slot_main {
                        let prev = prev.clone();
                        return Err(NoticeError::Inconsistent {
                            reason: format!(
                                "a second main CPV code {code} where {prev} is already the main one ({})",
                                self.path_at(d)
                            ),
                            line: self.line(pos),
                        });
                    }
                    *slot_main = Some(code);
                } else if !slot_add.contains(&code) {
                    slot_add.push(code);
                }
            }
            Leaf::Place(tgt) => {
                self.check_code(List::Nuts, value, d)?;
                let places = match tgt {
                    Tgt::Proc => &mut self.places,
                    Tgt::Lot => match self.lot.as_mut() {
                        Some(l) => &mut l.lot.places,
                        None => return Ok(()),
                    },
                };
                if !places.iter().any(|p| p == value) {
                    places.push(value.to_string());
                }
            }
            Leaf::Value(tgt) => {
                let m = self.money(leaf, value, d)?;
                match tgt {
                    Tgt::Proc => {
                        self.estimated_value.get_or_insert(m);
                    }
                    Tgt::Lot => {
                        if let Some(l) = self.lot.as_mut() {
                            l.lot.estimated_value.get_or_insert(m);
                        }
                    }
                }
            }
            Leaf::Innovation => {
                if value != "none"
                    && let Some(l) = self.lot.as_mut()
                {
                    l.lot.innovation.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::Procedure => {
                self.check_code(List::Procedure, value, d)?;
                self.procedure.set(value.to_string(), pos);
            }
            Leaf::LotId => {
                let kind = match self.attrs.scheme.as_str() {
                    _ if !self.attrs.has_scheme => LotKind::Unknown,
                    "Lot" | "Part" => LotKind::Lot,
                    "LotsGroup" => LotKind::Group,
                    _ => LotKind::Unknown,
                };
                if let Some(l) = self.lot.as_mut()
                    && !l.has_id
                {
                    l.lot.id = value.to_string();
                    l.has_id = true;
                    l.kind = kind;
                }
            }
            Leaf::DeadlineDate | Leaf::RequestDate => {
                let v = parse_date(value).map_err(|r| self.invalid(leaf, value, d, r))?;
                if let Some(l) = self.lot.as_mut() {
                    let slot = if leaf == Leaf::DeadlineDate {
                        &mut l.deadline.0
                    } else {
                        &mut l.request.0
                    };
                    slot.get_or_insert(v);
                }
            }
            Leaf::DeadlineTime | Leaf::RequestTime => {
                let v = parse_time(value).map_err(|r| self.invalid(leaf, value, d, r))?;
                if let Some(l) = self.lot.as_mut() {
                    let slot = if leaf == Leaf::DeadlineTime {
                        &mut l.deadline.1
                    } else {
                        &mut l.request.1
                    };
                    slot.get_or_insert(v);
                }
            }
            Leaf::NrTotal => {
                let m = self.money(leaf, value, d)?;
                self.total.get_or_insert(m);
            }
            Leaf::NrApprox => {
                let m = self.money(leaf, value, d)?;
                self.approx.get_or_insert(m);
            }
            Leaf::LrCode => {
                if let Some(r) = self.lot_result.as_mut() {
                    r.code.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::LrTender => {
                if let Some(r) = self.lot_result.as_mut() {
                    r.tenders.push(value.to_string());
                }
            }
            Leaf::LrLot => {
                if let Some(r) = self.lot_result.as_mut() {
                    r.lot.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::LtId => {
                if let Some(r) = self.lot_tender.as_mut() {
                    r.id.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::LtTpa => {
                if let Some(r) = self.lot_tender.as_mut() {
                    r.tpa.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::LtAmount => {
                let m = self.money(leaf, value, d)?;
                if let Some(r) = self.lot_tender.as_mut() {
                    r.amount.get_or_insert(m);
                }
            }
            Leaf::LtLot => {
                if let Some(r) = self.lot_tender.as_mut() {
                    r.lot.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::TpId => {
                if let Some(r) = self.tp.as_mut() {
                    r.id.get_or_insert_with(|| value.to_string());
                }
            }
            Leaf::TpTenderer => {
                if let Some(r) = self.tp.as_mut()
                    && !r.orgs.iter().any(|o| o == value)
                {
                    r.orgs.push(value.to_string());
                }
            }
            Leaf::Check(list) => self.check_code(list, value, d)?,
            Leaf::CheckCpv => {
                self.check_cpv(value, d)?;
                self.cls_code = true;
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // The whole notice

    fn finish(mut self) -> Result<Notice, NoticeError> {
        let form = self.form.ok_or_else(|| err_not_xml("no root element", 1))?;
        let brin = form == NoticeForm::BusinessRegistration;
        let pin_buyer = self.notice_type.value.as_deref() == Some("pin-buyer");
        let mut missing = Vec::new();
        if self.id.value.is_none() {
            missing.push("missing notice id (cbc:ID schemeName=notice-id)");
        }
        if self.version.value.is_none() {
            missing.push("missing notice version (cbc:VersionID)");
        }
        if self.subtype.value.is_none() {
            missing.push("missing notice subtype (efac:NoticeSubType/cbc:SubTypeCode)");
        }
        if self.notice_type.value.is_none() {
            missing.push("missing notice type (cbc:NoticeTypeCode)");
        }
        if self.language.value.is_none() {
            missing.push("missing notice language (cbc:NoticeLanguageCode)");
        }
        if self.issue_date.value.is_none() {
            missing.push("missing issue date (cbc:IssueDate)");
        }
        if !brin {
            if !self.cps.iter().any(|c| !c.ids.is_empty()) {
                missing.push(
                    "no buyer (cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID)",
                );
            }
            if self.title.is_empty() {
                missing.push("no procedure title (cac:ProcurementProject/cbc:Name)");
            }
            if self.lots.is_empty() && !pin_buyer {
                missing.push(
                    "no lot (cac:ProcurementProjectLot with cbc:ID schemeName=\"Lot\" or \"Part\")",
                );
            }
        }
        if !missing.is_empty() {
            return Err(NoticeError::Incomplete(
                missing.into_iter().map(String::from).collect(),
            ));
        }
        let subtype = self.subtype.value.clone().unwrap_or_default();
        let notice_type = self.notice_type.value.clone().unwrap_or_default();
        self.check_subtype(form, &subtype, &notice_type)?;

        // Buyers and their legal type.
        let mut buyers: Vec<String> = Vec::new();
        for cp in &self.cps {
            for (id, pos) in &cp.ids {
                let Some((party, _)) = self.parties.iter_mut().find(|(p, _)| p.id == *id) else {
                    return Err(NoticeError::Inconsistent {
                        reason: format!(
                            "buyer {id} (cac:ContractingParty) is not an organisation of efac:Organizations"
                        ),
                        line: xml::line_at(self.input, *pos),
                    });
                };
                if party.legal_type.is_none() {
                    party.legal_type = cp.legal.clone();
                }
                if !buyers.contains(id) {
                    buyers.push(id.clone());
                }
            }
        }

        let awards = self.awards()?;

        // Texts without languageID are in the notice's language.
        let lang = codelist::lang_tag(self.language.value.as_deref().unwrap_or_default());
        let fill = |t: &mut Texts| {
            for (l, _) in &mut t.0 {
                if l.is_empty() {
                    l.clone_from(&lang);
                }
            }
        };
        fill(&mut self.title);
        fill(&mut self.description);
        for (p, _) in &mut self.parties {
            fill(&mut p.name);
        }
        for l in &mut self.lots {
            fill(&mut l.title);
            fill(&mut l.description);
        }

        Ok(Notice {
            id: self.id.value.unwrap_or_default(),
            version: self.version.value.unwrap_or_default(),
            form,
            subtype,
            notice_type,
            changes: self.changes,
            language: lang,
            issue_date: self.issue_date.value,
            publication_date: self.pub_date,
            publication_id: self.pub_id,
            title: self.title,
            description: self.description,
            procedure: self.procedure.value,
            cpv_main: self.cpv_main,
            cpv_additional: self.cpv_additional,
            places: self.places,
            estimated_value: self.estimated_value,
            awarded_value: self.total.or(self.approx),
            parties: self.parties.into_iter().map(|(p, _)| p).collect(),
            buyers,
            lots: self.lots,
            awards,
            links: self.links,
        })
    }

    fn check_subtype(
        &self,
        form: NoticeForm,
        subtype: &str,
        notice_type: &str,
    ) -> Result<(), NoticeError> {
        let line = xml::line_at(self.input, self.subtype.pos);
        let Some(&(_, doc, ty)) = SUBTYPES.iter().find(|(s, _, _)| *s == subtype) else {
            return Ok(());
        };
        let (want, root) = match doc {
            "PIN" => (NoticeForm::PriorInformation, "PriorInformationNotice"),
            "CN" => (NoticeForm::Contract, "ContractNotice"),
            "CAN" => (NoticeForm::ContractAward, "ContractAwardNotice"),
            _ => (
                NoticeForm::BusinessRegistration,
                "BusinessRegistrationInformationNotice",
            ),
        };
        if want != form {
            return Err(NoticeError::Inconsistent {
                reason: format!(
                    "notice subtype {subtype} ({ty}) is a {root} but the root element is {}",
                    root_name(form)
                ),
                line,
            });
        }
        if ty != notice_type {
            return Err(NoticeError::Inconsistent {
                reason: format!(
                    "notice subtype {subtype} has notice type {ty}, but cbc:NoticeTypeCode (line {}) says {notice_type}",
                    xml::line_at(self.input, self.notice_type.pos)
                ),
                line,
            });
        }
        if let Some(proc) = &self.procedure.value {
            let allowed: &[&str] = match subtype {
                "16" | "17" => &[
                    "open",
                    "restricted",
                    "neg-w-call",
                    "comp-dial",
                    "innovation",
                ],
                "18" => &["restricted", "neg-w-call", "comp-dial"],
                _ => &[],
            };
            if !allowed.is_empty() && !allowed.contains(&proc.as_str()) {
                let directive = match subtype {
                    "16" => "Directive 2014/24/EU",
                    "17" => "Directive 2014/25/EU",
                    _ => "Directive 2009/81/EC",
                };
                return Err(NoticeError::Inconsistent {
                    reason: format!(
                        "procedure type `{proc}` is not allowed in a contract notice of subtype {subtype} ({directive} allows {})",
                        allowed.join(", ")
                    ),
                    line: xml::line_at(self.input, self.procedure.pos),
                });
            }
        }
        Ok(())
    }

    /// Results: lot result → tenders → tendering parties → tenderers (organisations).
    fn awards(&self) -> Result<Vec<Award>, NoticeError> {
        let line = |pos: usize| xml::line_at(self.input, pos);
        let mut awards = Vec::with_capacity(self.lot_results.len());
        for r in &self.lot_results {
            let Some(lot_id) = &r.lot else {
                return Err(NoticeError::Inconsistent {
                    reason: "efac:LotResult has no efac:TenderLot/cbc:ID".into(),
                    line: line(r.pos),
                });
            };
            let mut award = Award {
                lot_id: lot_id.clone(),
                ..Award::default()
            };
            // Winners: the tenders of a result that selected one ("selec-w"), or of a result
            // without a status (direct awards, modifications). Value: the sum of their
            // `PayableAmount`s when they share a currency.
            let won = matches!(r.code.as_deref(), None | Some("selec-w"));
            let mut value: Option<Money> = None;
            let mut mixed = false;
            for tid in &r.tenders {
                let Some(t) = self
                    .lot_tenders
                    .iter()
                    .find(|t| t.id.as_deref() == Some(tid.as_str()))
                else {
                    return Err(NoticeError::Inconsistent {
                        reason: format!(
                            "efac:LotResult for lot {lot_id} refers to tender {tid}, which no efac:LotTender defines"
                        ),
                        line: line(r.pos),
                    });
                };
                if !won {
                    continue;
                }
                // A tender for a group of lots counts for its winners, not for this lot's value.
                let this_lot = t.lot.as_ref().is_none_or(|l| l == lot_id);
                if let Some(a) = t.amount.as_ref().filter(|_| this_lot) {
                    match &mut value {
                        None => value = Some(a.clone()),
                        Some(v) if v.currency == a.currency => {
                            v.cents = v.cents.saturating_add(a.cents)
                        }
                        Some(_) => mixed = true,
                    }
                }
                let Some(tpa) = &t.tpa else { continue };
                let Some(tp) = self
                    .tps
                    .iter()
                    .find(|p| p.id.as_deref() == Some(tpa.as_str()))
                else {
                    return Err(NoticeError::Inconsistent {
                        reason: format!(
                            "tender {tid} refers to tendering party {tpa}, which no efac:TenderingParty defines"
                        ),
                        line: line(t.pos),
                    });
                };
                for org in &tp.orgs {
                    if !self.parties.iter().any(|(p, _)| p.id == *org) {
                        return Err(NoticeError::Inconsistent {
                            reason: format!(
                                "tenderer {org} of tendering party {tpa} is not an organisation of efac:Organizations"
                            ),
                            line: line(tp.pos),
                        });
                    }
                    if !award.winners.contains(org) {
                        award.winners.push(org.clone());
                    }
                }
            }
            award.value = if mixed { None } else { value };
            awards.push(award);
        }
        Ok(awards)
    }
}

fn root_name(form: NoticeForm) -> &'static str {
    match form {
        NoticeForm::PriorInformation => "PriorInformationNotice",
        NoticeForm::Contract => "ContractNotice",
        NoticeForm::ContractAward => "ContractAwardNotice",
        NoticeForm::BusinessRegistration => "BusinessRegistrationInformationNotice",
    }
}

/// Notice subtypes: document type and notice type (SDK 1.15.1 `notice-types.json`).
const SUBTYPES: &[(&str, &str, &str)] = &[
    ("1", "PIN", "pin-buyer"),
    ("2", "PIN", "pin-buyer"),
    ("3", "PIN", "pin-buyer"),
    ("4", "PIN", "pin-only"),
    ("5", "PIN", "pin-only"),
    ("6", "PIN", "pin-only"),
    ("7", "PIN", "pin-rtl"),
    ("8", "PIN", "pin-rtl"),
    ("9", "PIN", "pin-rtl"),
    ("10", "PIN", "pin-cfc-standard"),
    ("11", "PIN", "pin-cfc-standard"),
    ("12", "PIN", "pin-cfc-social"),
    ("13", "PIN", "pin-cfc-social"),
    ("14", "PIN", "pin-cfc-social"),
    ("15", "CN", "qu-sy"),
    ("16", "CN", "cn-standard"),
    ("17", "CN", "cn-standard"),
    ("18", "CN", "cn-standard"),
    ("19", "CN", "cn-standard"),
    ("20", "CN", "cn-social"),
    ("21", "CN", "cn-social"),
    ("22", "CN", "subco"),
    ("23", "CN", "cn-desg"),
    ("24", "CN", "cn-desg"),
    ("25", "CAN", "veat"),
    ("26", "CAN", "veat"),
    ("27", "CAN", "veat"),
    ("28", "CAN", "veat"),
    ("29", "CAN", "can-standard"),
    ("30", "CAN", "can-standard"),
    ("31", "CAN", "can-standard"),
    ("32", "CAN", "can-standard"),
    ("33", "CAN", "can-social"),
    ("34", "CAN", "can-social"),
    ("35", "CAN", "can-social"),
    ("36", "CAN", "can-desg"),
    ("37", "CAN", "can-desg"),
    ("38", "CAN", "can-modif"),
    ("39", "CAN", "can-modif"),
    ("40", "CAN", "can-modif"),
    ("CEI", "PIN", "pin-cfc-standard"),
    ("E1", "PIN", "pmc"),
    ("E2", "PIN", "pin-only"),
    ("E3", "CN", "cn-standard"),
    ("E4", "CAN", "can-standard"),
    ("E5", "CAN", "compl"),
    ("E6", "CAN", "can-modif"),
    ("T01", "PIN", "pin-tran"),
    ("T02", "CAN", "can-tran"),
    ("X01", "BRIN", "brin-eeig"),
    ("X02", "BRIN", "brin-ecs"),
];
