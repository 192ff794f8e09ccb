//! Writing feeds: Atom 1.0 (RFC 4287) of a member's matched opportunities and iCalendar
//! (RFC 5545) of their deadlines.

use std::fmt::Write as _;

use time::{Duration, OffsetDateTime, UtcOffset};

/// An Atom feed. The feed's author (required by RFC 4287 when entries have none) is its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomFeed {
    /// A permanent IRI ("urn:uuid:…" or the feed's canonical URL).
    pub id: String,
    pub title: String,
    pub updated: OffsetDateTime,
    /// The feed's own URL (`rel="self"`).
    pub self_link: Option<String>,
    /// The HTML page the feed mirrors (`rel="alternate"`).
    pub alternate_link: Option<String>,
    pub entries: Vec<AtomEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomEntry {
    /// A permanent IRI, unique in the feed.
    pub id: String,
    pub title: String,
    /// Plain text.
    pub summary: String,
    /// The opportunity's page. Without one, the summary is also written as the entry's
    /// `content` (RFC 4287 requires one or the other).
    pub link: Option<String>,
    pub updated: OffsetDateTime,
    pub categories: Vec<String>,
}

/// The feed as an Atom 1.0 document (UTF-8, times in UTC).
pub fn atom(feed: &AtomFeed) -> String {
    let mut x = String::with_capacity(512 + feed.entries.len() * 512);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    element(&mut x, 1, "id", &feed.id);
    element(&mut x, 1, "title", &feed.title);
    element(&mut x, 1, "updated", &rfc3339_utc(feed.updated));
    x.push_str("  <author>\n");
    element(&mut x, 2, "name", &feed.title);
    x.push_str("  </author>\n");
    if let Some(href) = &feed.self_link {
        link(&mut x, 1, "self", "application/atom+xml", href);
    }
    if let Some(href) = &feed.alternate_link {
        link(&mut x, 1, "alternate", "text/html", href);
    }
    element(&mut x, 1, "generator", "ClusterHub");
    for e in &feed.entries {
        x.push_str("  <entry>\n");
        element(&mut x, 2, "id", &e.id);
        element(&mut x, 2, "title", &e.title);
        element(&mut x, 2, "updated", &rfc3339_utc(e.updated));
        if let Some(href) = &e.link {
            link(&mut x, 2, "alternate", "text/html", href);
        }
        for c in e.categories.iter().filter(|c| !c.trim().is_empty()) {
            let _ = writeln!(x, "    <category term=\"{}\"/>", escape_xml(c));
        }
        if !e.summary.is_empty() {
            element(&mut x, 2, "summary", &e.summary);
        }
        if e.link.is_none() {
            let _ = writeln!(
                x,
                "    <content type=\"text\">{}</content>",
                escape_xml(&e.summary)
            );
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

fn element(x: &mut String, depth: usize, name: &str, text: &str) {
    let _ = writeln!(
        x,
        "{:w$}<{name}>{}</{name}>",
        "",
        escape_xml(text),
        w = depth * 2
    );
}

fn link(x: &mut String, depth: usize, rel: &str, ty: &str, href: &str) {
    let _ = writeln!(
        x,
        "{:w$}<link rel=\"{rel}\" type=\"{ty}\" href=\"{}\"/>",
        "",
        escape_xml(href),
        w = depth * 2
    );
}

/// Text and attribute values: `& < > " '` escaped, characters XML 1.0 cannot carry (C0 controls
/// other than tab and newlines, U+FFFE, U+FFFF) dropped.
fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// "2025-03-01T09:00:00Z" (seconds precision).
fn rfc3339_utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

// --- iCalendar --------------------------------------------------------------------------------------

/// An iCalendar feed (one VCALENDAR). `name` is shown by calendar apps (`X-WR-CALNAME`, `NAME`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub name: String,
    pub events: Vec<CalEvent>,
}

/// One event: typically an opportunity's deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalEvent {
    /// Globally unique and stable across exports ("notice-<id>@host").
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub url: Option<String>,
    /// Written in UTC (`…Z`); with `all_day`, only its date (in its own offset) is written.
    pub start: OffsetDateTime,
    /// DTEND, written in UTC like `start`; ignored for all-day entries (one day long).
    pub end: Option<OffsetDateTime>,
    pub all_day: bool,
    /// LOCATION: a place, or an online link.
    pub location: Option<String>,
    /// When the event was last changed (DTSTAMP).
    pub stamp: OffsetDateTime,
    /// A display alarm this long before `start` (a day, for deadlines).
    pub alarm_before: Option<Duration>,
    /// STATUS:CANCELLED, so subscribed calendars show the entry as called off.
    pub cancelled: bool,
}

const PRODID: &str = "-//ClusterHub//Opportunity watch//EN";

/// The calendar as RFC 5545 text: CRLF line endings, lines folded at 75 octets (never inside a
/// UTF-8 character), TEXT values escaped.
pub fn icalendar(cal: &Calendar) -> String {
    let mut out = String::with_capacity(256 + cal.events.len() * 400);
    let mut line = |l: &str| fold(&mut out, l);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(&cal.name)));
    line(&format!("NAME:{}", escape_text(&cal.name)));
    for e in &cal.events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&e.uid)));
        line(&format!("DTSTAMP:{}", ical_utc(e.stamp)));
        if e.all_day {
            let day = e.start.date();
            line(&format!("DTSTART;VALUE=DATE:{}", ical_date(day)));
            if let Some(next) = day.next_day() {
                line(&format!("DTEND;VALUE=DATE:{}", ical_date(next)));
            }
        } else {
            line(&format!("DTSTART:{}", ical_utc(e.start)));
            if let Some(end) = e.end {
                line(&format!("DTEND:{}", ical_utc(end)));
            }
        }
        line(&format!("SUMMARY:{}", escape_text(&e.summary)));
        if e.cancelled {
            line("STATUS:CANCELLED");
        }
        if !e.description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        if let Some(place) = e.location.as_deref().filter(|p| !p.is_empty()) {
            line(&format!("LOCATION:{}", escape_text(place)));
        }
        if let Some(url) = &e.url {
            // A URI value: not TEXT-escaped; characters a content line cannot hold are dropped.
            let url: String = url.chars().filter(|c| !c.is_control()).collect();
            line(&format!("URL:{url}"));
        }
        if let Some(before) = e.alarm_before {
            line("BEGIN:VALARM");
            line("ACTION:DISPLAY");
            line(&format!("DESCRIPTION:{}", escape_text(&e.summary)));
            line(&format!("TRIGGER:-{}", ical_duration(before)));
            line("END:VALARM");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// RFC 5545 §3.3.11 TEXT: `\` `;` `,` and newlines escaped; other control characters (not
/// allowed in a content line) dropped, tabs kept.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded: at most 75 octets per physical line (the leading space of
/// a continuation counts), cut only between characters, each line ended by CRLF.
fn fold(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

fn ical_utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        ical_date(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn ical_date(d: time::Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A positive RFC 5545 duration ("P1D", "PT2H30M", "P1DT12H"); sub-second parts dropped.
fn ical_duration(d: Duration) -> String {
    let secs = d.whole_seconds().unsigned_abs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let mut out = String::from("P");
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if rem > 0 || days == 0 {
        out.push('T');
        if h > 0 {
            let _ = write!(out, "{h}H");
        }
        if m > 0 {
            let _ = write!(out, "{m}M");
        }
        if s > 0 || (h == 0 && m == 0) {
            let _ = write!(out, "{s}S");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::parse_feed;
    use time::macros::datetime;

    fn sample_feed() -> AtomFeed {
        AtomFeed {
            id: "https://bhc.example/watch/feeds/7.atom".into(),
            title: "Oportunidades de <Bioclúster> & cía".into(),
            updated: datetime!(2025-03-10 13:00:00 +1),
            self_link: Some("https://bhc.example/watch/feeds/7.atom?token=a&b=\"c\"".into()),
            alternate_link: Some("https://bhc.example/watch".into()),
            entries: vec![
                AtomEntry {
                    id: "urn:clusterhub:opportunity:1".into(),
                    title: "Suministro de reactivos <PCR> & kits — Osakidetza".into(),
                    summary: "Licitación abierta; plazo: 30 días.\nLote 1 'reactivos'".into(),
                    link: Some("https://bhc.example/watch/o/1?lang=es&x=1".into()),
                    updated: datetime!(2025-03-09 08:00:00 UTC),
                    categories: vec!["33696500".into(), "ES21".into(), " ".into()],
                },
                AtomEntry {
                    id: "urn:clusterhub:opportunity:2".into(),
                    title: "Deialdia: osasun berrikuntza \u{1}".into(),
                    summary: "Laguntzak".into(),
                    link: None,
                    updated: datetime!(2025-03-08 00:00:00 UTC),
                    categories: vec![],
                },
            ],
        }
    }

    #[test]
    fn atom_is_escaped_and_reads_back() {
        let xml = atom(&sample_feed());
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(xml.contains("<title>Oportunidades de &lt;Bioclúster&gt; &amp; cía</title>"));
        assert!(xml.contains("<updated>2025-03-10T12:00:00Z</updated>"));
        assert!(xml.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://bhc.example/watch/feeds/7.atom?token=a&amp;b=&quot;c&quot;\"/>"
        ));
        assert!(xml.contains("<category term=\"33696500\"/>"));
        assert!(!xml.contains("term=\" \""));
        assert!(!xml.contains('\u{1}'));
        // The entry without a link carries its text as content.
        assert!(xml.contains("<content type=\"text\">Laguntzak</content>"));

        let items = parse_feed(xml.as_bytes()).expect("own output parses");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].guid, "urn:clusterhub:opportunity:1");
        assert_eq!(
            items[0].title,
            "Suministro de reactivos <PCR> & kits — Osakidetza"
        );
        assert_eq!(
            items[0].summary,
            "Licitación abierta; plazo: 30 días. Lote 1 'reactivos'"
        );
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://bhc.example/watch/o/1?lang=es&x=1")
        );
        assert_eq!(items[0].updated, Some(datetime!(2025-03-09 08:00:00 UTC)));
        assert_eq!(items[0].categories, ["33696500", "ES21"]);
        assert_eq!(items[1].title, "Deialdia: osasun berrikuntza");
        assert_eq!(items[1].link, None);
        assert_eq!(items[1].summary, "Laguntzak");
    }

    /// Unfolds content lines and splits them into (name with parameters, value).
    fn unfold(ics: &str) -> Vec<(String, String)> {
        assert!(ics.ends_with("\r\n"));
        for physical in ics.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "line of {} octets: {physical:?}",
                physical.len()
            );
            assert!(!physical.contains('\n') && !physical.contains('\r'));
        }
        ics.replace("\r\n ", "")
            .replace("\r\n\t", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (name, value) = l.split_once(':').expect("name:value");
                (name.to_string(), value.to_string())
            })
            .collect()
    }

    fn unescape_text(v: &str) -> String {
        let mut out = String::new();
        let mut chars = v.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(c @ ('\\' | ';' | ',')) => out.push(c),
                    other => panic!("bad escape \\{other:?}"),
                }
            } else {
                assert!(c != ';' && c != ',', "unescaped {c:?} in {v:?}");
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn icalendar_folds_escapes_and_reads_back() {
        let long_eu = "Eusko Jaurlaritzaren deialdia: osasun-teknologietako berrikuntza \
                       proiektuetarako laguntzak, ikerketa eta garapenerako (I+G+b) — \
                       eskabideak aurkezteko epea: 2025eko apirilaren 30a; kontsultak: \
                       berrikuntza@euskadi.example, 945 01 80 00\\ gehiago";
        let long_es = "Ñandú: licitación «suministro de equipos de diagnóstico por imagen» — \
                       Osakidetza, Servicio Vasco de Salud; lotes 1–12, añadidos según pliego\r\n\
                       Segunda línea con acentos: áéíóú ÁÉÍÓÚ ñÑ üÜ €€€€€€€€€€€€€€€€€€€€€€€€€";
        let cal = Calendar {
            name: "Plazos, Bioclúster; socios".into(),
            events: vec![
                CalEvent {
                    uid: "notice-3f1c@bhc.example".into(),
                    summary: long_eu.into(),
                    description: long_es.into(),
                    url: Some("https://bhc.example/watch/o/1?a=1,2;b".into()),
                    start: datetime!(2025-04-30 14:00:00 +2),
                    end: None,
                    all_day: false,
                    location: None,
                    stamp: datetime!(2025-03-10 12:00:00 UTC),
                    alarm_before: Some(Duration::days(1)),
                    cancelled: false,
                },
                CalEvent {
                    uid: "call-9@bhc.example".into(),
                    summary: "Deadline".into(),
                    description: String::new(),
                    url: None,
                    start: datetime!(2025-05-01 23:30:00 -5),
                    end: None,
                    all_day: true,
                    location: None,
                    stamp: datetime!(2025-03-10 12:00:00 UTC),
                    alarm_before: Some(Duration::minutes(90)),
                    cancelled: true,
                },
            ],
        };
        let ics = icalendar(&cal);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        // Multibyte characters survive folding: every physical line is valid UTF-8 by
        // construction (a &str), and the folded text has more lines than the unfolded one.
        assert!(ics.split("\r\n").count() > unfold(&ics).len());
        let lines = unfold(&ics);
        let get = |name: &str| -> Vec<&str> {
            lines
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        assert_eq!(
            unescape_text(get("X-WR-CALNAME")[0]),
            "Plazos, Bioclúster; socios"
        );
        assert_eq!(get("SUMMARY").len(), 2);
        assert_eq!(unescape_text(get("SUMMARY")[0]), long_eu);
        assert_eq!(
            unescape_text(get("DESCRIPTION")[0]),
            long_es.replace("\r\n", "\n")
        );
        assert_eq!(
            get("UID"),
            ["notice-3f1c@bhc.example", "call-9@bhc.example"]
        );
        assert_eq!(get("DTSTART"), ["20250430T120000Z"]);
        assert_eq!(get("DTSTART;VALUE=DATE"), ["20250501"]);
        assert_eq!(get("DTEND;VALUE=DATE"), ["20250502"]);
        assert_eq!(get("DTSTAMP"), ["20250310T120000Z", "20250310T120000Z"]);
        assert_eq!(get("URL"), ["https://bhc.example/watch/o/1?a=1,2;b"]);
        assert_eq!(get("TRIGGER"), ["-P1D", "-PT1H30M"]);
        // Only the second entry is called off.
        assert_eq!(get("STATUS"), ["CANCELLED"]);
        let begins: Vec<&str> = get("BEGIN");
        assert_eq!(
            begins,
            ["VCALENDAR", "VEVENT", "VALARM", "VEVENT", "VALARM"]
        );
        assert_eq!(get("END").last(), Some(&"VCALENDAR"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        for prefix in 0..4 {
            let line = format!("SUMMARY:{}{}", "x".repeat(prefix), "€ñ".repeat(60));
            let mut out = String::new();
            fold(&mut out, &line);
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            assert!(physical.iter().all(|l| l.len() <= 75));
            assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
            // Lines are filled: only a character that does not fit moves to the next line.
            assert!(physical[..physical.len() - 1].iter().all(|l| l.len() >= 73));
            assert_eq!(out.replace("\r\n ", "").trim_end(), line);
        }
        assert_eq!(ical_duration(Duration::days(1)), "P1D");
        assert_eq!(ical_duration(Duration::hours(36)), "P1DT12H");
        assert_eq!(ical_duration(Duration::seconds(0)), "PT0S");
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\u{7}g"),
            "a\\\\b\\;c\\,d\\ne\\nfg"
        );
    }
}
