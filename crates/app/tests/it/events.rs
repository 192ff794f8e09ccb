//! Integration tests: events (issue 6). Registration never goes over capacity, even with many
//! concurrent requests for the last seats; the waitlist is promoted in order when someone
//! cancels; approval; check-in at the door (list and QR URL); attendance becomes one activity;
//! certificates; e-mails in the registrant's language with an .ics attachment through a real
//! SMTP server; and the calendar feeds parsed by a real iCalendar parser (Python's icalendar),
//! opening at the right local time in Madrid and in New York across a DST change.

use crate::support::{Browser, Res, SmtpServer, TestApp};
use axum::http::StatusCode;
use clusterhub_db::q;
use std::sync::Arc;

fn in_days(days: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(days);
    clusterhub_core::parse::iso_date(d)
}

fn event_id(location: &str) -> i64 {
    location
        .trim_start_matches("/c/")
        .split('/')
        .nth(2)
        .and_then(|s| s.split('?').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no event id in {location:?}"))
}

/// Staff create a published event; `extra` overrides or adds form fields.
async fn create(app: &TestApp, staff: &Browser, slug: &str, extra: &[(&str, &str)]) -> i64 {
    let start = in_days(20);
    let mut fields: Vec<(&str, &str)> = vec![
        ("kind", "event"),
        ("subtype", "breakfast"),
        ("title_es", "BHC Gosariak: salud digital"),
        ("title_en", "BHC Gosariak: digital health"),
        ("start_date", &start),
        ("start_time", "08:30"),
        ("end_time", "10:00"),
        ("time_zone", "Europe/Madrid"),
        ("place", "Bilbao, Bizkaia Aretoa"),
        ("capacity", "2"),
        ("member_price", "0"),
        ("guest_price", "25"),
        ("open_to_guests", "true"),
        ("published", "true"),
    ];
    for (k, v) in extra {
        fields.retain(|(f, _)| f != k);
        fields.push((k, v));
    }
    let r = app
        .post_form(staff, &format!("/c/{slug}/events"), &fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    event_id(r.location())
}

async fn register_guest(
    app: &TestApp,
    b: &Browser,
    slug: &str,
    id: i64,
    name: &str,
    email: &str,
) -> Res {
    app.post_form(
        b,
        &format!("/c/{slug}/events/{id}/register"),
        &[("name", name), ("email", email), ("organisation", "Osatek")],
    )
    .await
}

async fn status_of(app: &TestApp, id: i64, email: &str) -> String {
    let (s,): (String,) = q!(
        "SELECT status FROM event_registrations WHERE event_id = $1 AND email_key = $2",
        id,
        email
    )
    .one(&app.db)
    .await
    .expect("registration");
    s
}

async fn ticket_of(app: &TestApp, id: i64, email: &str) -> String {
    let (s,): (String,) = q!(
        "SELECT ticket FROM event_registrations WHERE event_id = $1 AND email_key = $2",
        id,
        email
    )
    .one(&app.db)
    .await
    .expect("registration");
    s
}

async fn confirmed_counter(app: &TestApp, id: i64) -> i64 {
    app.count(&format!("SELECT confirmed FROM events WHERE id = {id}"))
        .await
}

async fn confirmed_rows(app: &TestApp, id: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM event_registrations WHERE event_id = {id} AND status = 'confirmed'"
    ))
    .await
}

#[tokio::test]
async fn a_full_event_waitlists_and_a_cancellation_promotes_the_oldest() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let id = create(&app, &staff, "bhc", &[]).await;
    let anon = app.anonymous().await;
    for (n, e) in [("Ane", "ane@example.org"), ("Jon", "jon@example.org")] {
        let r = register_guest(&app, &anon, "bhc", id, n, e).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(
            r.location().ends_with("notice=confirmed"),
            "{}",
            r.location()
        );
    }
    // Full: the next two wait, in order; the member registers with their account.
    let r = register_guest(&app, &anon, "bhc", id, "Miren", "miren@example.org").await;
    assert!(
        r.location().ends_with("notice=waitlisted"),
        "{}",
        r.location()
    );
    let member = app.login("member@bhc.demo").await;
    let r = app
        .post_form(&member, &format!("/c/bhc/events/{id}/register"), &[])
        .await;
    assert!(
        r.location().ends_with("notice=waitlisted"),
        "{}",
        r.location()
    );
    let page = app.get(&member, &format!("/c/bhc/events/{id}")).await;
    assert!(page.body.contains("my-status"), "member sees their status");
    let (audience, org): (String, Option<i64>) = q!(
        "SELECT audience, organisation_id FROM event_registrations WHERE event_id = $1 AND email_key = 'member@bhc.demo'",
        id
    )
    .one(&app.db)
    .await
    .expect("member registration");
    assert_eq!(audience, "member");
    assert!(org.is_some(), "organisation from the member's role");
    // Registering twice with the same address is refused beside the field.
    let again = register_guest(&app, &anon, "bhc", id, "Ane bis", "ANE@example.org").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("Ane bis"),
        "the form keeps what was typed"
    );
    assert_eq!(confirmed_counter(&app, id).await, 2);
    // Ane cancels through her ticket: Miren (first on the waitlist) gets the seat.
    let ticket = ticket_of(&app, id, "ane@example.org").await;
    let r = app
        .post_form(&anon, &format!("/tickets/{ticket}/cancel"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(status_of(&app, id, "ane@example.org").await, "cancelled");
    assert_eq!(status_of(&app, id, "miren@example.org").await, "confirmed");
    assert_eq!(status_of(&app, id, "member@bhc.demo").await, "waitlisted");
    // Staff cancel Jon: the member is promoted.
    let (jon,): (i64,) = q!(
        "SELECT id FROM event_registrations WHERE event_id = $1 AND email_key = 'jon@example.org'",
        id
    )
    .one(&app.db)
    .await
    .expect("jon");
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/events/{id}/registrations/{jon}/cancel"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(status_of(&app, id, "member@bhc.demo").await, "confirmed");
    assert_eq!(confirmed_counter(&app, id).await, 2);
    assert_eq!(confirmed_rows(&app, id).await, 2);
    // A larger capacity promotes at once; the calendar and the page show the event.
    let page = app.get(&anon, &format!("/c/bhc/events/{id}")).await;
    assert!(page.body.contains("BHC Gosariak"));
    assert!(page.body.contains("(Europe/Madrid)"));
    let cal = app.get(&anon, "/c/bhc/events").await;
    assert!(cal.body.contains(&format!("/c/bhc/events/{id}")));
    // Ane registers again after cancelling: her old row is reused, on the waitlist.
    let r = register_guest(&app, &anon, "bhc", id, "Ane", "ane@example.org").await;
    assert!(
        r.location().ends_with("notice=waitlisted"),
        "{}",
        r.location()
    );
}

/// Many registrations at once for the last seats: never more confirmed than the capacity.
#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_registrations_never_overbook() {
    let app = Arc::new(TestApp::demo().await);
    let staff = app.login("staff@bhc.demo").await;
    let id = create(&app, &staff, "bhc", &[("capacity", "3")]).await;
    let anon = app.anonymous().await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..24 {
        let app = app.clone();
        let anon = anon.clone();
        set.spawn(async move {
            let email = format!("p{i}@example.org");
            register_guest(&app, &anon, "bhc", id, &format!("Person {i}"), &email)
                .await
                .status
        });
    }
    // The same address twice at once: one registration.
    for _ in 0..4 {
        let app = app.clone();
        let anon = anon.clone();
        set.spawn(async move {
            register_guest(&app, &anon, "bhc", id, "Twin", "twin@example.org")
                .await
                .status
        });
    }
    let mut ok = 0;
    while let Some(s) = set.join_next().await {
        let s = s.expect("task");
        assert!(
            s == StatusCode::SEE_OTHER || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{s}"
        );
        if s == StatusCode::SEE_OTHER {
            ok += 1;
        }
    }
    assert_eq!(ok, 25, "24 people and one twin registered");
    assert_eq!(confirmed_rows(&app, id).await, 3);
    assert_eq!(confirmed_counter(&app, id).await, 3);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = {id} AND status = 'waitlisted'"
        ))
        .await,
        22
    );
    // Cancelling several confirmed people at once promotes exactly as many.
    let tickets: Vec<(String,)> = q!(
        "SELECT ticket FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'",
        id
    )
    .all(&app.db)
    .await
    .expect("tickets");
    let mut set = tokio::task::JoinSet::new();
    for (t,) in tickets {
        let app = app.clone();
        let anon = anon.clone();
        set.spawn(async move {
            app.post_form(&anon, &format!("/tickets/{t}/cancel"), &[])
                .await
                .status
        });
    }
    while let Some(s) = set.join_next().await {
        assert_eq!(s.expect("task"), StatusCode::OK);
    }
    assert_eq!(confirmed_rows(&app, id).await, 3);
    assert_eq!(confirmed_counter(&app, id).await, 3);
}

#[tokio::test]
async fn approval_check_in_attendance_and_certificates() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let id = create(
        &app,
        &staff,
        "bhc",
        &[
            ("kind", "training"),
            ("subtype", "course"),
            ("title_es", "Curso MDR: regulación de productos sanitarios"),
            ("requires_approval", "true"),
            ("certificate", "true"),
            ("capacity", "10"),
        ],
    )
    .await;
    let anon = app.anonymous().await;
    let r = register_guest(&app, &anon, "bhc", id, "Ane Etxeberria", "ane@example.org").await;
    assert!(r.location().ends_with("notice=pending"), "{}", r.location());
    let member = app.login("member@bhc.demo").await;
    app.post_form(&member, &format!("/c/bhc/events/{id}/register"), &[])
        .await;
    let regs: Vec<(i64, String)> = q!(
        "SELECT id, email_key FROM event_registrations WHERE event_id = $1 ORDER BY id",
        id
    )
    .all(&app.db)
    .await
    .expect("regs");
    // Pending people cannot be checked in; staff approve them.
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/events/{id}/registrations/{}/checkin", regs[0].0),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (rid, _) in &regs {
        let r = app
            .post_form(
                &staff,
                &format!("/c/bhc/events/{id}/registrations/{rid}/approve"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    assert_eq!(status_of(&app, id, "ane@example.org").await, "confirmed");
    // The door: the list's button for one, the ticket's QR URL for the other.
    let list = app
        .get(&staff, &format!("/c/bhc/events/{id}/registrations?q=etxeb"))
        .await;
    assert!(list.body.contains("Ane Etxeberria"));
    assert!(!list.body.contains("member@bhc.demo"), "the search filters");
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/events/{id}/registrations/{}/checkin", regs[0].0),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let ticket = ticket_of(&app, id, "member@bhc.demo").await;
    let t = app.get(&member, &format!("/tickets/{ticket}")).await;
    assert!(t.body.contains("<svg"), "the ticket shows a QR code");
    assert!(t.body.contains(&format!("/c/bhc/checkin/{ticket}")));
    // Only the organiser's staff check in with it.
    for who in ["member@bhc.demo", "staff@cpb.demo"] {
        let b = app.login(who).await;
        let r = app.get(&b, &format!("/c/bhc/checkin/{ticket}")).await;
        assert!(
            matches!(r.status.as_u16(), 403 | 404),
            "{who}: {}",
            r.status
        );
        let r = app.get(&b, &format!("/c/cpb/checkin/{ticket}")).await;
        assert!(
            matches!(r.status.as_u16(), 403 | 404),
            "{who}: {}",
            r.status
        );
    }
    let r = app.get(&staff, &format!("/c/bhc/checkin/{ticket}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("checkin-result"));
    let again = app.get(&staff, &format!("/c/bhc/checkin/{ticket}")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = {id} AND checked_in_at IS NOT NULL"
        ))
        .await,
        2
    );
    // Attendance becomes one training activity with the attendees' organisations, once.
    let before = app.count("SELECT COUNT(*) FROM activities").await;
    for _ in 0..2 {
        let r = app
            .post_form(&staff, &format!("/c/bhc/events/{id}/attendance"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activities").await,
        before + 1
    );
    let (kind, subtype, attendees, aid): (String, Option<String>, i64, i64) = q!(
        "SELECT a.kind, a.subtype, a.attendees, a.id FROM activities a JOIN events e ON e.activity_id = a.id WHERE e.id = $1",
        id
    )
    .one(&app.db)
    .await
    .expect("activity");
    assert_eq!(
        (kind.as_str(), subtype.as_deref(), attendees),
        ("training", Some("course"), 2)
    );
    assert!(
        app.count(&format!(
            "SELECT COUNT(*) FROM activity_organisations WHERE activity_id = {aid}"
        ))
        .await
            >= 1,
        "the member's organisation is linked"
    );
    // Certificates: all (staff), one (attendee's ticket); not for someone else's cluster.
    let all = app
        .get(&staff, &format!("/c/bhc/events/{id}/certificates.pdf"))
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.raw.starts_with(b"%PDF"));
    let one = app
        .get(&anon, &format!("/tickets/{ticket}/certificate.pdf"))
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.raw.starts_with(b"%PDF"));
    let cpb = app.login("staff@cpb.demo").await;
    let r = app
        .get(&cpb, &format!("/c/cpb/events/{id}/certificates.pdf"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn event_forms_name_each_bad_field_and_keep_the_input() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &staff,
            "/c/bhc/events",
            &[
                ("kind", "event"),
                ("title_eu", ""),
                ("description_eu", "Gosaria eta sarea"),
                ("start_date", "2027-02-30"),
                ("start_time", "25:00"),
                ("end_time", "10:00"),
                ("time_zone", "Europe/Bilbo"),
                ("capacity", "muchos"),
                ("guest_price", "doce"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "title_",
        "start_date",
        "start_time",
        "time_zone",
        "capacity",
        "guest_price",
    ] {
        assert!(r.body.contains(&format!("href=\"#{field}")), "{field}");
    }
    assert!(r.body.contains("Gosaria eta sarea") && r.body.contains("muchos"));
    let anon = app.anonymous().await;
    let id = create(&app, &staff, "bhc", &[]).await;
    let r = register_guest(&app, &anon, "bhc", id, "Ane", "not-an-email").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not-an-email") && r.body.contains("href=\"#email\""));
}

#[tokio::test]
async fn shared_events_appear_in_the_other_calendar_and_its_members_register() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let id = create(
        &app,
        &staff,
        "bhc",
        &[("title_es", "Congreso compartido Donostia")],
    )
    .await;
    let cpb_member = app.login("member@cpb.demo").await;
    let r = app.get(&cpb_member, &format!("/c/cpb/events/{id}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not shared yet");
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/events/{id}/share"),
            &[("cluster", "cpb")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cal = app.get(&cpb_member, "/c/cpb/events").await;
    assert!(cal.body.contains("Congreso compartido Donostia"));
    let feed = app.get(&cpb_member, "/c/cpb/events.ics").await;
    assert!(feed.body.contains("Congreso compartido Donostia"));
    let r = app
        .post_form(&cpb_member, &format!("/c/cpb/events/{id}/register"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (cluster,): (i64,) = q!(
        "SELECT cluster_id FROM event_registrations WHERE event_id = $1",
        id
    )
    .one(&app.db)
    .await
    .expect("registration");
    assert_eq!(cluster, app.cluster_id("cpb").await, "came through cpb");
    // CPB's staff register a guest of theirs: back to the event page (the list is BHC's).
    let cpb_staff = app.login("staff@cpb.demo").await;
    let r = register_guest(
        &app,
        &cpb_staff,
        "cpb",
        id,
        "Maite Garat",
        "maite@example.org",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        r.location().starts_with(&format!("/c/cpb/events/{id}?")),
        "{}",
        r.location()
    );
    let r = app
        .get(&cpb_staff, &format!("/c/cpb/events/{id}/registrations"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "the organiser's list only");
    // A draft stays with its staff.
    let draft = create(
        &app,
        &staff,
        "bhc",
        &[("published", ""), ("title_es", "Borrador secreto")],
    )
    .await;
    let anon = app.anonymous().await;
    assert_eq!(
        app.get(&anon, &format!("/c/bhc/events/{draft}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.get(&anon, "/c/bhc/events")
            .await
            .body
            .contains("Borrador secreto")
    );
    assert!(
        !app.get(&anon, "/c/bhc/events.ics")
            .await
            .body
            .contains("Borrador secreto")
    );
    assert_eq!(
        app.get(&staff, &format!("/c/bhc/events/{draft}"))
            .await
            .status,
        StatusCode::OK
    );
}

/// Parses an iCalendar text with Python's icalendar and prints, per event, its summary and its
/// start in `zone` as "YYYY-MM-DD HH:MM".
fn local_starts(ics: &str, zone: &str) -> Vec<(String, String)> {
    const SCRIPT: &str = r#"
import sys, icalendar
from zoneinfo import ZoneInfo
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
for ev in cal.walk("VEVENT"):
    start = ev.decoded("dtstart")
    end = ev.decoded("dtend")
    assert end > start, "ends after it starts"
    print(str(ev.get("summary")) + "\t" + start.astimezone(ZoneInfo(sys.argv[1])).strftime("%Y-%m-%d %H:%M"))
"#;
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", SCRIPT, zone])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (icalendar is installed by scripts/test)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(ics.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3");
    assert!(
        out.status.success(),
        "icalendar could not read the feed: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test]
async fn feeds_parse_in_a_real_icalendar_parser_at_the_right_local_time() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    // Either side of the spring changes: Europe on 2027-03-28, the United States on 2027-03-14.
    for (title, date, time, zone) in [
        ("Madrid before", "2027-03-26", "09:30", "Europe/Madrid"),
        ("Madrid after", "2027-03-29", "09:30", "Europe/Madrid"),
        ("Boston before", "2027-03-12", "09:00", "America/New_York"),
        ("Boston after", "2027-03-16", "09:00", "America/New_York"),
    ] {
        create(
            &app,
            &staff,
            "bhc",
            &[
                ("title_es", title),
                ("title_en", title),
                ("start_date", date),
                ("start_time", time),
                ("end_time", "12:00"),
                ("time_zone", zone),
            ],
        )
        .await;
    }
    let anon = app.anonymous().await;
    let feed = app.get(&anon, "/c/bhc/events.ics").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .starts_with("text/calendar")
    );
    let madrid = local_starts(&feed.body, "Europe/Madrid");
    let ny = local_starts(&feed.body, "America/New_York");
    let at = |list: &[(String, String)], title: &str| {
        list.iter()
            .find(|(s, _)| s == title)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("{title} in {list:?}"))
    };
    assert_eq!(at(&madrid, "Madrid before"), "2027-03-26 09:30");
    assert_eq!(at(&madrid, "Madrid after"), "2027-03-29 09:30");
    assert_eq!(at(&ny, "Boston before"), "2027-03-12 09:00");
    assert_eq!(at(&ny, "Boston after"), "2027-03-16 09:00");
    // The same instant seen from Madrid: 5 hours later before the US change, 4 after it.
    assert_eq!(at(&madrid, "Boston before"), "2027-03-12 15:00");
    assert_eq!(at(&madrid, "Boston after"), "2027-03-16 14:00");
    // Called off: subscribed calendars get STATUS:CANCELLED on that entry only, and the feed
    // still parses.
    let madrid_after: i64 = app
        .count("SELECT id FROM events WHERE title LIKE '%Madrid after%'")
        .await;
    app.post_form(&staff, &format!("/c/bhc/events/{madrid_after}/cancel"), &[])
        .await;
    let feed = app.get(&anon, "/c/bhc/events.ics").await;
    let entry = |title: &str| {
        feed.body
            .split("BEGIN:VEVENT")
            .find(|e| e.contains(title))
            .unwrap_or_else(|| panic!("{title} in the feed"))
            .to_string()
    };
    assert!(entry("Madrid after").contains("STATUS:CANCELLED"));
    assert!(!entry("Madrid before").contains("STATUS:"));
    assert_eq!(
        local_starts(&feed.body, "Europe/Madrid").len(),
        madrid.len()
    );
    // A member's own feed, by its token, without a session: only their events.
    let member = app.login("member@bhc.demo").await;
    let boston: i64 = app
        .count("SELECT id FROM events WHERE title LIKE '%Boston after%'")
        .await;
    app.post_form(&member, &format!("/c/bhc/events/{boston}/register"), &[])
        .await;
    let cal = app.get(&member, "/c/bhc/events").await;
    let start = cal.body.find("/calendar/").expect("personal feed link");
    let path: String = cal.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let mine = app.get(&anon, &path).await;
    assert_eq!(mine.status, StatusCode::OK, "{path}");
    let list = local_starts(&mine.body, "America/New_York");
    assert_eq!(at(&list, "Boston after"), "2027-03-16 09:00");
    assert!(
        !list.iter().any(|(s, _)| s.starts_with("Madrid")),
        "only the member's own events: {list:?}"
    );
    assert_eq!(
        app.get(&anon, &format!("/calendar/{}.ics", "ab".repeat(20)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

const READ_ICS: &str = r#"
import email, mailbox, sys, icalendar
from email import policy
box = mailbox.Maildir(sys.argv[1], create=False)
for key in box.keys():
    m = email.message_from_bytes(box.get_bytes(key), policy=policy.default)
    for part in m.walk():
        if part.get_content_type() == "text/calendar":
            cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            for ev in cal.walk("VEVENT"):
                print(str(m["To"]) + "\t" + str(ev.get("summary")))
"#;

#[tokio::test]
async fn mails_in_the_registrants_language_with_an_ics_attachment() {
    let smtp = SmtpServer::start();
    let app = TestApp::demo().await.with_mailer(
        clusterhub_web::mail::Mailer::from_url(&smtp.url())
            .expect("mailer")
            .with_public_url("https://hub.example"),
    );
    let staff = app.login("staff@bhc.demo").await;
    let id = create(
        &app,
        &staff,
        "bhc",
        &[
            ("capacity", "1"),
            ("title_fr", "Petit-déjeuner BHC"),
            ("start_date", &in_days(1)),
            ("start_time", "23:30"),
            ("end_time", "23:59"),
        ],
    )
    .await;
    // The event starts within a day: keep it so for the reminder below.
    let soon =
        clusterhub_core::parse::stamp(time::OffsetDateTime::now_utc() + time::Duration::hours(12));
    q!("UPDATE events SET starts_at = $1 WHERE id = $2", soon, id)
        .run(&app.db)
        .await
        .expect("move");
    let fr = app.anonymous().await;
    let r = app
        .request(
            &fr,
            "POST",
            &format!("/c/bhc/events/{id}/register?lang=fr"),
            Some("application/x-www-form-urlencoded"),
            format!("csrf={}&name=Amaia&email=amaia%40example.org", fr.csrf).into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let anon = app.anonymous().await;
    register_guest(&app, &anon, "bhc", id, "Jon", "jon@example.org").await;
    let ticket = ticket_of(&app, id, "amaia@example.org").await;
    app.post_form(&anon, &format!("/tickets/{ticket}/cancel"), &[])
        .await;
    let mails = smtp.messages();
    let first = mails
        .iter()
        .find(|m| m.to.contains("amaia@example.org"))
        .expect("confirmation");
    assert!(
        first.subject.contains("Inscription confirmée"),
        "{}",
        first.subject
    );
    assert!(
        first
            .text
            .contains(&format!("https://hub.example/tickets/{ticket}"))
    );
    assert!(first.content_type.starts_with("multipart/mixed"));
    let jon: Vec<_> = mails
        .iter()
        .filter(|m| m.to.contains("jon@example.org"))
        .map(|m| m.subject.clone())
        .collect();
    assert_eq!(jon.len(), 2, "{jon:?}");
    assert!(
        jon[1].contains("A place is yours") || jon[1].contains("Tienes plaza"),
        "{jon:?}"
    );
    // Every message carries an .ics that parses.
    // Reminders: sent once, even when the job runs twice.
    let mut state = clusterhub_web::AppState::new(app.db.clone());
    state.mailer = Some(Arc::new(
        clusterhub_web::mail::Mailer::from_url(&smtp.url()).expect("mailer"),
    ));
    let now = time::OffsetDateTime::now_utc();
    // Staff of another cluster send theirs: nothing of BHC's goes.
    let cpb = app.login("staff@cpb.demo").await;
    let r = app.post_form(&cpb, "/c/cpb/events/reminders", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(smtp.messages().len(), 3);
    let r = app.post_form(&staff, "/c/bhc/events/reminders", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("reminders-result"));
    assert_eq!(smtp.messages().len(), 4, "Jon, the one confirmed person");
    let again = clusterhub_web::events::send_reminders(&state, now)
        .await
        .expect("reminders");
    assert_eq!(again, 0);
    let mails = smtp.messages();
    assert_eq!(
        mails.len(),
        4,
        "confirmation, waitlisted, promoted, reminder"
    );
    let out = std::process::Command::new("python3")
        .args(["-c", READ_ICS])
        .arg(smtp_dir(&smtp))
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(
        text.contains("Petit-déjeuner BHC"),
        "Amaia's calendar file is in French: {text}"
    );
}

fn smtp_dir(smtp: &SmtpServer) -> std::path::PathBuf {
    smtp.dir()
}

#[tokio::test]
async fn the_api_lists_registers_and_checks_in() {
    let app = TestApp::demo().await;
    let staff = app.token("staff@bhc.demo").await;
    let start = in_days(30);
    let body = serde_json::json!({
        "kind": "training", "subtype": "webinar", "title_en": "API webinar",
        "start_date": start, "start_time": "16:00", "end_time": "17:00",
        "time_zone": "America/New_York", "capacity": "1", "published": true,
        "open_to_guests": true
    });
    let r = app
        .send_json(
            &staff,
            "POST",
            "/api/v1/clusters/bhc/events",
            &body.to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let e = r.json();
    let id = e["id"].as_i64().expect("id");
    assert_eq!(e["starts_local"], format!("{start}T16:00"));
    let bad = app
        .send_json(
            &staff,
            "POST",
            "/api/v1/clusters/bhc/events",
            r#"{"kind":"party","start_date":"x","start_time":"9","end_time":"10:00","time_zone":"Mars/Base"}"#,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or("").to_string())
        .collect();
    for f in ["kind", "start_date", "start_time", "time_zone"] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    let list = app.get(&staff, "/api/v1/clusters/bhc/events").await;
    assert!(list.body.contains("API webinar"));
    // The member registers (confirmed), a guest through staff is waitlisted.
    let member = app.token("member@bhc.demo").await;
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("/api/v1/clusters/bhc/events/{id}/registrations"),
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["status"], "confirmed");
    let reg = r.json()["id"].as_i64().expect("id");
    let r = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/events/{id}/registrations"),
            r#"{"name":"Guest Person","email":"guest@example.org"}"#,
        )
        .await;
    assert_eq!(r.json()["status"], "waitlisted", "{}", r.body);
    let mine = app.get(&member, "/api/v1/me/registrations").await;
    assert!(mine.body.contains("API webinar") && mine.body.contains("/tickets/"));
    let detail = app
        .get(&member, &format!("/api/v1/clusters/bhc/events/{id}"))
        .await;
    assert_eq!(detail.json()["my_registration"]["status"], "confirmed");
    // Staff: the list, a check-in, a cancellation that promotes the guest.
    let regs = app
        .get(
            &staff,
            &format!("/api/v1/clusters/bhc/events/{id}/registrations"),
        )
        .await;
    assert_eq!(regs.json()["items"].as_array().map(Vec::len), Some(2));
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("/api/v1/clusters/bhc/events/{id}/registrations/{reg}/check-in"),
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/events/{id}/registrations/{reg}/check-in"),
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["checked_in_at"].is_string());
    let r = app
        .send_json(
            &staff,
            "DELETE",
            &format!("/api/v1/clusters/bhc/events/{id}/registrations/{reg}"),
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["promoted"][0]["name"], "Guest Person");
}
