//! Service desk rules (the one-stop shop): the areas of the catalogue, where a request stands and
//! how it may move, services and requests once checked, which files a request accepts (judged by
//! their content, not their name), the reference members quote (`BHC-12`) and when a request is
//! due. Pure: the repository and the pages build on these.

use crate::error::{Errors, FieldError, Result};
use crate::multitext::MultiText;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Times as stored, shared with every other capability.
pub use crate::parse::{parse_stamp, stamp};

code_enum!(
    /// What a service helps with. Each area is also the subtype of the `support` activity a
    /// closed request becomes, so the plan's "members supported in …" indicators count it.
    Area, "desk-area" {
    Regulatory = "regulatory",
    Funding = "funding",
    Talent = "talent",
    Internationalisation = "internationalisation",
    Commercialisation = "commercialisation",
    Data = "data",
    Other = "other",
});

impl Area {
    /// The subtype of the `support` activity (see `ActivityKind::subtypes`).
    pub fn subtype(self) -> &'static str {
        self.as_str()
    }
}

code_enum!(
    /// Where a request stands: `new` until staff look at it, `open` once triaged, waiting for
    /// the member or handed to a partner organisation, and finally `closed` with an outcome.
    Status, "request-status" {
    New = "new",
    Open = "open",
    WaitingMember = "waiting_member",
    WithPartner = "with_partner",
    Closed = "closed",
});

impl Status {
    pub fn is_closed(self) -> bool {
        self == Status::Closed
    }
    /// Staff move an open request between the open states freely. Closing needs an outcome and
    /// reopening is its own action, so neither happens here; nothing goes back to `new`.
    pub fn triage_to(self, next: Status) -> Result<(), FieldError> {
        let bad = || FieldError::new("status", "invalid_transition").detail(next.as_str());
        match (self, next) {
            (Status::Closed, _) => Err(FieldError::new("status", "request_closed")),
            (_, Status::Closed) => Err(bad()),
            (from, Status::New) if from != Status::New => Err(bad()),
            _ => Ok(()),
        }
    }
}

code_enum!(
    /// How a request ended.
    Outcome, "request-outcome" {
    Resolved = "resolved",
    Referred = "referred",
    NotPossible = "not_possible",
    Withdrawn = "withdrawn",
});

impl Outcome {
    /// A request the member withdrew gave no support; every other outcome is support given (a
    /// referral or a reasoned "not possible" is work done for the member) and is logged as a
    /// `support` activity.
    pub fn counts_as_support(self) -> bool {
        self != Outcome::Withdrawn
    }
}

code_enum!(
    /// How a request reached the desk.
    Source, "request-source" {
    Web = "web",
    Api = "api",
    Email = "email",
});

code_enum!(
    /// The e-mails a user can turn off on the notification preferences page.
    Event, "notification-event" {
    Opened = "request_opened",
    Assigned = "request_assigned",
    Partner = "request_partner",
    Message = "request_message",
    Closed = "request_closed",
});

// ---------------------------------------------------------------------------------------------
// Services

/// Languages a catalogue text may be written in.
pub const LANGUAGES: &[&str] = &["es", "eu", "en", "fr", "gl", "pt"];

/// A service as typed in the form or sent to the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceInput {
    pub code: String,
    pub area: String,
    pub name: MultiText,
    pub description: MultiText,
    /// Hours from opening to the promised answer, as typed.
    pub sla_hours: String,
    pub active: bool,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDraft {
    pub code: String,
    pub area: Area,
    pub name: MultiText,
    pub description: MultiText,
    pub sla_hours: i64,
    pub active: bool,
    pub position: i64,
}

/// A service code: lower-case letters, digits, `-` and `_`, up to 40 characters.
pub fn parse_code(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let ok = t.len() <= 40
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(t)
    } else {
        Err(FieldError::new(field, "invalid_code").detail(s.trim()))
    }
}

fn multitext(errs: &mut Errors, field: &str, t: &MultiText, required: bool, max: usize) {
    if required && t.0.values().all(|v| v.trim().is_empty()) {
        errs.push(FieldError::new(field, "required"));
    }
    for (lang, text) in &t.0 {
        if !LANGUAGES.contains(&lang.as_str()) {
            errs.push(FieldError::new(field, "unknown_language").detail(lang.clone()));
        } else if text.chars().count() > max {
            errs.push(FieldError::new(field, "too_long").detail(max.to_string()));
        }
    }
}

impl ServiceInput {
    pub fn parse(&self) -> Result<ServiceDraft> {
        let mut errs = Errors::new();
        let code = errs.take(parse_code("code", &self.code));
        let area = errs.take(Area::parse("area", &self.area));
        multitext(&mut errs, "name", &self.name, true, 200);
        multitext(&mut errs, "description", &self.description, false, 4000);
        let sla_hours = match self.sla_hours.trim().parse::<i64>() {
            Ok(h) if (1..=8760).contains(&h) => Some(h),
            Ok(_) => {
                errs.push(FieldError::new("sla_hours", "out_of_range").detail("1–8760"));
                None
            }
            Err(_) if self.sla_hours.trim().is_empty() => {
                errs.push(FieldError::new("sla_hours", "required"));
                None
            }
            Err(_) => {
                errs.push(
                    FieldError::new("sla_hours", "not_a_number").detail(self.sla_hours.trim()),
                );
                None
            }
        };
        let position = match self.position.trim() {
            "" => 0,
            p => errs
                .take(
                    p.parse::<i64>()
                        .map_err(|_| FieldError::new("position", "not_a_number").detail(p)),
                )
                .unwrap_or(0),
        };
        errs.into_result()?;
        let (Some(code), Some(area), Some(sla_hours)) = (code, area, sla_hours) else {
            return Err(crate::Error::invalid("code", "required"));
        };
        let clean = |t: &MultiText| {
            let mut out = MultiText::new();
            for (l, v) in &t.0 {
                out.set(l, v);
            }
            out
        };
        Ok(ServiceDraft {
            code,
            area,
            name: clean(&self.name),
            description: clean(&self.description),
            sla_hours,
            active: self.active,
            position,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Requests, messages, closing, rating

/// A request as a member (or staff on a member's behalf) opens it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestInput {
    /// The service's code.
    pub service: String,
    pub subject: String,
    pub body: String,
    /// Staff opening on behalf of a member say which one; members open for their own.
    pub organisation: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestDraft {
    pub service: String,
    pub subject: String,
    pub body: String,
    pub organisation: Option<i64>,
}

/// A one-line subject: required, up to 200 characters, no control characters.
pub fn parse_subject(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    if t.chars().count() > 200 {
        return Err(FieldError::new(field, "too_long").detail("200"));
    }
    if t.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid_characters"));
    }
    Ok(t.to_string())
}

/// The text of a message: up to 20 000 characters; empty only when files come with it.
pub fn parse_body(field: &str, s: &str, has_files: bool) -> Result<String, FieldError> {
    let t = s.trim().replace("\r\n", "\n");
    if t.is_empty() && !has_files {
        return Err(FieldError::new(field, "required"));
    }
    if t.chars().count() > 20_000 {
        return Err(FieldError::new(field, "too_long").detail("20000"));
    }
    Ok(t)
}

impl RequestInput {
    /// `has_files`: attachments come with the first message.
    pub fn parse(&self, has_files: bool) -> Result<RequestDraft> {
        let mut errs = Errors::new();
        let service = errs.take(parse_code("service", &self.service));
        let subject = errs.take(parse_subject("subject", &self.subject));
        let body = errs.take(parse_body("body", &self.body, has_files));
        errs.into_result()?;
        let (Some(service), Some(subject), Some(body)) = (service, subject, body) else {
            return Err(crate::Error::invalid("service", "required"));
        };
        Ok(RequestDraft {
            service,
            subject,
            body,
            organisation: self.organisation,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CloseInput {
    pub outcome: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CloseDraft {
    pub outcome: Outcome,
    pub note: String,
}

impl CloseInput {
    pub fn parse(&self) -> Result<CloseDraft> {
        let mut errs = Errors::new();
        let outcome = errs.take(Outcome::parse("outcome", &self.outcome));
        let note = self.note.trim().replace("\r\n", "\n");
        if note.chars().count() > 5000 {
            errs.push(FieldError::new("note", "too_long").detail("5000"));
        }
        errs.into_result()?;
        let Some(outcome) = outcome else {
            return Err(crate::Error::invalid("outcome", "required"));
        };
        Ok(CloseDraft { outcome, note })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RatingInput {
    /// 1 to 5, as typed (forms send text, the API a number turned into text).
    pub rating: String,
    pub comment: String,
}

impl RatingInput {
    pub fn parse(&self) -> Result<(i64, String)> {
        let mut errs = Errors::new();
        let r = self.rating.trim();
        let rating = match r.parse::<i64>() {
            Ok(n) if (1..=5).contains(&n) => Some(n),
            Ok(_) => {
                errs.push(FieldError::new("rating", "out_of_range").detail("1–5"));
                None
            }
            Err(_) if r.is_empty() => {
                errs.push(FieldError::new("rating", "required"));
                None
            }
            Err(_) => {
                errs.push(FieldError::new("rating", "not_a_number").detail(r));
                None
            }
        };
        let comment = self.comment.trim().to_string();
        if comment.chars().count() > 2000 {
            errs.push(FieldError::new("comment", "too_long").detail("2000"));
        }
        errs.into_result()?;
        let Some(rating) = rating else {
            return Err(crate::Error::invalid("rating", "required"));
        };
        Ok((rating, comment))
    }
}

// ---------------------------------------------------------------------------------------------
// Attachments

/// Largest file a request accepts, through any door (form, e-mail).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Files one message may carry.
pub const MAX_FILES: usize = 5;

code_enum!(
    /// The kinds of file a request accepts.
    FileKind, "file-kind" {
    Pdf = "pdf",
    Png = "png",
    Jpeg = "jpeg",
    Docx = "docx",
    Xlsx = "xlsx",
    Odt = "odt",
    Txt = "txt",
    Csv = "csv",
});

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Txt => "text/plain; charset=utf-8",
            FileKind::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The kind a file name claims by its extension.
    pub fn from_name(name: &str) -> Option<FileKind> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => FileKind::Pdf,
            "png" => FileKind::Png,
            "jpg" | "jpeg" => FileKind::Jpeg,
            "docx" => FileKind::Docx,
            "xlsx" => FileKind::Xlsx,
            "odt" => FileKind::Odt,
            "txt" => FileKind::Txt,
            "csv" => FileKind::Csv,
            _ => return None,
        })
    }

    /// Whether the bytes really are a file of this kind, judged by their magic numbers (and for
    /// the ZIP-based office formats, by the parts inside). Text is text in any 8-bit charset
    /// or UTF-8: no NUL bytes and no control characters but tab, line breaks and form feed.
    pub fn matches(self, b: &[u8]) -> bool {
        let zip = b.starts_with(b"PK\x03\x04");
        match self {
            FileKind::Pdf => b.starts_with(b"%PDF-"),
            FileKind::Png => b.starts_with(b"\x89PNG\r\n\x1a\n"),
            FileKind::Jpeg => b.starts_with(&[0xFF, 0xD8, 0xFF]),
            FileKind::Docx => zip && contains(b, b"word/document") && !is_odf(b),
            FileKind::Xlsx => zip && contains(b, b"xl/workbook") && !is_odf(b),
            FileKind::Odt => {
                zip && b.get(30..38) == Some(b"mimetype")
                    && b.get(38..77) == Some(b"application/vnd.oasis.opendocument.text")
            }
            FileKind::Txt | FileKind::Csv => {
                let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
                !b.iter()
                    .any(|&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C))
            }
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn is_odf(b: &[u8]) -> bool {
    b.get(30..38) == Some(b"mimetype")
}

/// A file that passed the checks.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFile {
    pub filename: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// The last path component of an uploaded name, without control characters, at most 200
/// characters; "attachment" when nothing is left.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let t: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    let t = t.trim();
    let t: String = if t.chars().count() > 200 {
        // Keep the extension, which decides the kind.
        let ext = t.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let keep = 200usize.saturating_sub(ext.chars().count() + 1);
        format!("{}.{ext}", t.chars().take(keep).collect::<String>())
    } else {
        t.to_string()
    };
    if t.is_empty() || t == "." || t == ".." {
        "attachment".into()
    } else {
        t
    }
}

/// Checks one file: size, an allowed extension, and content that is what the extension says.
/// Each refusal names the file (as `detail`) and the reason (as `code`).
pub fn check_file(field: &str, name: &str, bytes: Vec<u8>) -> Result<CheckedFile, FieldError> {
    let filename = clean_filename(name);
    let err = |code: &str| FieldError::new(field, code).detail(filename.clone());
    if bytes.is_empty() {
        return Err(err("file_empty"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err("file_too_large"));
    }
    let Some(kind) = FileKind::from_name(&filename) else {
        return Err(err("file_type_not_allowed"));
    };
    if !kind.matches(&bytes) {
        return Err(err("file_content_mismatch"));
    }
    Ok(CheckedFile {
        filename,
        kind,
        bytes,
    })
}

/// Checks every file of a message; all refusals at once, or every file accepted.
pub fn check_files(field: &str, files: Vec<(String, Vec<u8>)>) -> Result<Vec<CheckedFile>> {
    let mut errs = Errors::new();
    if files.len() > MAX_FILES {
        errs.push(FieldError::new(field, "too_many_files").detail(MAX_FILES.to_string()));
    }
    let mut out = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        if let Some(f) = errs.take(check_file(field, &name, bytes)) {
            out.push(f);
        }
    }
    errs.into_result()?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// References, addresses, time

/// What members quote and e-mail subjects carry: the cluster's slug in capitals and the
/// request's number in that cluster, `BHC-12`.
pub fn reference(slug: &str, number: i64) -> String {
    format!("{}-{number}", slug.to_uppercase())
}

/// The number of the first `[BHC-12]` of this cluster in an e-mail subject.
pub fn reference_in(subject: &str, slug: &str) -> Option<i64> {
    subject.split('[').skip(1).find_map(|part| {
        let inner = part.split_once(']')?.0.trim();
        let (prefix, n) = inner.rsplit_once('-')?;
        if !prefix.eq_ignore_ascii_case(slug) {
            return None;
        }
        n.trim().parse::<i64>().ok().filter(|n| *n > 0)
    })
}

/// Whether `recipient` is the desk address `desk`, plain (`Some(None)`) or plus-addressed
/// (`desk+regulatory@…` gives `Some(Some("regulatory"))`).
pub fn desk_tag(recipient: &str, desk: &str) -> Option<Option<String>> {
    let r = recipient.trim().to_lowercase();
    let d = desk.trim().to_lowercase();
    let (rl, rd) = r.rsplit_once('@')?;
    let (dl, dd) = d.rsplit_once('@')?;
    if rd != dd {
        return None;
    }
    if rl == dl {
        return Some(None);
    }
    let tag = rl.strip_prefix(dl)?.strip_prefix('+')?;
    Some(Some(tag.to_string()).filter(|t| !t.is_empty()))
}

/// When an answer is due: the service's hours after opening, counted on the calendar.
pub fn due_at(opened: OffsetDateTime, sla_hours: i64) -> OffsetDateTime {
    opened + time::Duration::hours(sla_hours)
}

/// Whole hours between two stored times (for first-response and resolution times).
pub fn hours_between(from: &str, to: &str) -> Option<i64> {
    let (a, b) = (parse_stamp(from)?, parse_stamp(to)?);
    Some((b - a).whole_hours())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActivityKind;

    #[test]
    fn every_area_is_a_support_subtype() {
        for a in Area::ALL {
            assert!(
                ActivityKind::Support.subtypes().contains(&a.subtype()),
                "{a}"
            );
        }
    }

    #[test]
    fn statuses_move_between_open_states_only() {
        assert!(Status::New.triage_to(Status::Open).is_ok());
        assert!(Status::Open.triage_to(Status::WithPartner).is_ok());
        assert!(Status::WaitingMember.triage_to(Status::Open).is_ok());
        assert!(Status::New.triage_to(Status::New).is_ok());
        assert_eq!(
            Status::Open.triage_to(Status::New).unwrap_err().code,
            "invalid_transition"
        );
        assert_eq!(
            Status::Open.triage_to(Status::Closed).unwrap_err().code,
            "invalid_transition"
        );
        assert_eq!(
            Status::Closed.triage_to(Status::Open).unwrap_err().code,
            "request_closed"
        );
        assert!(!Outcome::Withdrawn.counts_as_support());
        assert!(Outcome::Referred.counts_as_support());
    }

    #[test]
    fn services_are_checked_whole() {
        let bad = ServiceInput {
            code: "Regulatory MDR".into(),
            area: "legal".into(),
            sla_hours: "0".into(),
            ..Default::default()
        };
        let crate::Error::Validation(errs) = bad.parse().unwrap_err() else {
            panic!("validation")
        };
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("code", "invalid_code"),
                ("area", "unknown_value"),
                ("name", "required"),
                ("sla_hours", "out_of_range")
            ]
        );
        let ok = ServiceInput {
            code: " MDR-ce ".into(),
            area: "Regulatory".into(),
            name: MultiText::new().with("es", "Marcado CE").with("en", " "),
            sla_hours: "72".into(),
            active: true,
            ..Default::default()
        }
        .parse()
        .expect("valid");
        assert_eq!(ok.code, "mdr-ce");
        assert_eq!(ok.area, Area::Regulatory);
        assert_eq!(ok.name, MultiText::new().with("es", "Marcado CE"));
        assert_eq!(ok.sla_hours, 72);
    }

    #[test]
    fn requests_closing_and_ratings() {
        let r = RequestInput {
            service: "".into(),
            subject: "a\u{7}b".into(),
            ..Default::default()
        };
        let crate::Error::Validation(errs) = r.parse(false).unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["service", "subject", "body"]);
        let ok = RequestInput {
            service: "Funding".into(),
            subject: " Ayuda ".into(),
            body: "".into(),
            organisation: None,
        }
        .parse(true)
        .expect("a file may stand for the text");
        assert_eq!(
            (ok.service.as_str(), ok.subject.as_str()),
            ("funding", "Ayuda")
        );
        assert!(
            CloseInput {
                outcome: "lost".into(),
                note: String::new()
            }
            .parse()
            .is_err()
        );
        for (r, ok) in [
            ("0", false),
            ("6", false),
            ("x", false),
            ("", false),
            ("5", true),
        ] {
            let res = RatingInput {
                rating: r.into(),
                comment: String::new(),
            }
            .parse();
            assert_eq!(res.is_ok(), ok, "{r}");
        }
    }

    #[test]
    fn files_are_judged_by_their_content() {
        let pdf = b"%PDF-1.7\n...".to_vec();
        assert_eq!(
            check_file("f", "C:\\docs\\Informe.PDF", pdf.clone())
                .expect("pdf")
                .filename,
            "Informe.PDF"
        );
        let e = check_file("f", "informe.docx", pdf.clone()).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.detail.as_deref()),
            ("file_content_mismatch", Some("informe.docx"))
        );
        let e = check_file("f", "setup.exe", b"MZ\x90\x00".to_vec()).unwrap_err();
        assert_eq!(e.code, "file_type_not_allowed");
        let e = check_file("f", "big.pdf", vec![b'%'; MAX_FILE_BYTES + 1]).unwrap_err();
        assert_eq!(e.code, "file_too_large");
        assert_eq!(
            check_file("f", "x.txt", Vec::new()).unwrap_err().code,
            "file_empty"
        );
        assert!(check_file("f", "datos.csv", "año;importe\n2025;1.500,00\n".into()).is_ok());
        assert!(check_file("f", "datos.csv", b"a\x00b".to_vec()).is_err());
        assert!(check_file("f", "logo.png", b"\x89PNG\r\n\x1a\n\0\0".to_vec()).is_ok());
        assert!(check_file("f", "foto.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0]).is_ok());
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(&[0; 26]);
        docx.extend_from_slice(b"[Content_Types].xml....word/document.xml");
        assert!(check_file("f", "carta.docx", docx.clone()).is_ok());
        assert!(check_file("f", "carta.xlsx", docx).is_err());
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 26]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert!(check_file("f", "acta.odt", odt).is_ok());
        let Err(crate::Error::Validation(errs)) = check_files(
            "attachments",
            vec![
                ("a.pdf".into(), pdf),
                ("b.exe".into(), b"MZ".to_vec()),
                ("c.png".into(), b"GIF89a".to_vec()),
            ],
        ) else {
            panic!("refused")
        };
        assert_eq!(errs.len(), 2, "every refusal at once");
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename(""), "attachment");
    }

    #[test]
    fn references_addresses_and_times() {
        assert_eq!(reference("bhc", 12), "BHC-12");
        assert_eq!(reference_in("Re: [BHC-12] Marcado CE", "bhc"), Some(12));
        assert_eq!(reference_in("RE: [bhc-7]", "bhc"), Some(7));
        assert_eq!(reference_in("[CPB-3] x", "bhc"), None);
        assert_eq!(reference_in("[ext] [BHC-4]", "bhc"), Some(4));
        assert_eq!(reference_in("BHC-12", "bhc"), None);
        assert_eq!(desk_tag("Desk@BHC.demo", "desk@bhc.demo"), Some(None));
        assert_eq!(
            desk_tag("desk+regulatory@bhc.demo", "desk@bhc.demo"),
            Some(Some("regulatory".into()))
        );
        assert_eq!(desk_tag("desk@cpb.demo", "desk@bhc.demo"), None);
        assert_eq!(desk_tag("deskx@bhc.demo", "desk@bhc.demo"), None);
        let t = parse_stamp("2026-03-02T09:30:00Z").expect("stamp");
        assert_eq!(stamp(due_at(t, 48)), "2026-03-04T09:30:00Z");
        assert_eq!(
            hours_between("2026-03-02T09:30:00Z", "2026-03-03T11:00:00Z"),
            Some(25)
        );
    }
}
