//! B2B matchmaking at an event (issue 6): requests and answers through the pages, the errors of
//! bad input, the scheduler's run stored as a valid schedule (nobody twice in a slot, one meeting
//! per table, availability kept), locks kept by a rerun, publication and the two agendas, double
//! booking refused to concurrent requests by the database, the .ics read by Python's
//! `icalendar` at the right local time, the PDF, and outcomes in the statistics.

use crate::support::{Browser, TestApp};
use axum::http::StatusCode;
use clusterhub_core::access::Principal;
use clusterhub_db::{b2b, q};

const A: &str = "member@bhc.demo";
const B: &str = "research@bhc.demo";

struct Fixture {
    event: i64,
    base: String,
    a: Browser,
    b: Browser,
    staff: Browser,
    pa: i64,
    pb: i64,
}

async fn demo_event(app: &TestApp) -> i64 {
    q!("SELECT id FROM events WHERE b2b AND title LIKE '%hospitals meet industry%'")
        .int(&app.db)
        .await
        .expect("the demo B2B event")
}

async fn participant(app: &TestApp, event: i64, email: &str) -> i64 {
    q!(
        "SELECT p.id FROM b2b_participants p JOIN users u ON u.id = p.user_id WHERE p.event_id = $1 AND u.email = $2",
        event,
        email
    )
    .int(&app.db)
    .await
    .expect("participant")
}

async fn fixture(app: &TestApp) -> Fixture {
    let event = demo_event(app).await;
    // The pages speak English to these users (BHC's default language is Spanish).
    for email in [A, B, "staff@bhc.demo"] {
        let u = clusterhub_db::users::by_email(&app.db, email)
            .await
            .expect("db")
            .expect("user");
        clusterhub_db::users::set_locale(&app.db, u.id, "en")
            .await
            .expect("locale");
    }
    Fixture {
        event,
        base: format!("/c/bhc/events/{event}/b2b"),
        a: app.login(A).await,
        b: app.login(B).await,
        staff: app.login("staff@bhc.demo").await,
        pa: participant(app, event, A).await,
        pb: participant(app, event, B).await,
    }
}

fn see_other(r: &crate::support::Res) {
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "{}",
        &r.body[..r.body.len().min(2000)]
    );
}

/// The admin's view of an event, for reading what the pages stored.
async fn organiser_access(app: &TestApp, event: i64) -> b2b::Access {
    let admin = Principal {
        platform_admin: true,
        ..Default::default()
    };
    let cid = app.cluster_id("bhc").await;
    b2b::access(&app.db, &admin.scope(cid), event)
        .await
        .expect("access")
}

/// A asks B, B accepts: the request id.
async fn request_and_accept(app: &TestApp, f: &Fixture) -> i64 {
    let r = app
        .post_form(
            &f.a,
            &format!("{}/requests", f.base),
            &[
                ("to", &f.pb.to_string()),
                ("message", "Let us talk about pilots"),
            ],
        )
        .await;
    see_other(&r);
    let id = q!(
        "SELECT id FROM b2b_requests WHERE from_participant = $1 AND to_participant = $2",
        f.pa,
        f.pb
    )
    .int(&app.db)
    .await
    .expect("request stored");
    let hub = app.get(&f.b, &f.base).await;
    assert_eq!(hub.status, 200);
    assert!(hub.body.contains(&format!("data-request=\"{id}\"")));
    assert!(hub.body.contains("Let us talk about pilots"));
    let r = app
        .post_form(
            &f.b,
            &format!("{}/requests/{id}", f.base),
            &[("action", "accept")],
        )
        .await;
    see_other(&r);
    let (status,): (String,) = q!("SELECT status FROM b2b_requests WHERE id = $1", id)
        .one(&app.db)
        .await
        .expect("status");
    assert_eq!(status, "accepted");
    id
}

async fn run_and_publish(app: &TestApp, f: &Fixture) {
    see_other(
        &app.post_form(&f.staff, &format!("{}/run", f.base), &[])
            .await,
    );
    see_other(
        &app.post_form(&f.staff, &format!("{}/publish", f.base), &[])
            .await,
    );
}

/// (slot, table) of the meeting with `with` in a participant's agenda page.
fn agenda_place(body: &str, with: &str) -> Option<(i64, i64)> {
    let at = body.find(&format!("data-with=\"{with}\""))?;
    let row_start = body[..at].rfind("<tr")?;
    let row = &body[row_start..at];
    let attr = |name: &str| -> Option<i64> {
        let i = row.find(&format!("{name}=\""))? + name.len() + 2;
        row[i..].split('"').next()?.parse().ok()
    };
    Some((attr("data-slot")?, attr("data-table")?))
}

/// The stored schedule obeys every rule: nobody twice in a slot, one meeting per table, tables
/// within the slot's count, both sides available, bookings matching the meetings.
async fn assert_valid_schedule(app: &TestApp, event: i64) {
    let rows: Vec<(i64, i64, i64, i64, i64, i64)> = q!(
        "SELECT m.id, m.slot_id, m.table_no, s.tables, r.from_participant, r.to_participant
         FROM b2b_meetings m JOIN b2b_slots s ON s.id = m.slot_id JOIN b2b_requests r ON r.id = m.request_id
         WHERE m.event_id = $1 AND r.status = 'accepted'",
        event
    )
    .all(&app.db)
    .await
    .expect("meetings");
    assert!(!rows.is_empty(), "the run placed meetings");
    let mut seen_tables = std::collections::HashSet::new();
    let mut seen_people = std::collections::HashSet::new();
    for (id, slot, table, tables, a, b) in &rows {
        assert!(
            (1..=*tables).contains(table),
            "meeting {id} at table {table} of {tables}"
        );
        assert!(
            seen_tables.insert((*slot, *table)),
            "two meetings at table {table} of slot {slot}"
        );
        for p in [a, b] {
            assert!(
                seen_people.insert((*p, *slot)),
                "participant {p} twice in slot {slot}"
            );
            let off = q!(
                "SELECT COUNT(*) FROM b2b_availability WHERE participant_id = $1 AND slot_id = $2 AND NOT available",
                *p,
                *slot
            )
            .int(&app.db)
            .await
            .expect("availability");
            assert_eq!(
                off, 0,
                "participant {p} placed in slot {slot} they are not available in"
            );
        }
    }
    let bookings = q!(
        "SELECT COUNT(*) FROM b2b_bookings WHERE event_id = $1",
        event
    )
    .int(&app.db)
    .await
    .expect("bookings");
    assert_eq!(bookings, 2 * rows.len() as i64);
}

#[tokio::test]
async fn two_participants_request_accept_and_see_the_same_slot_and_table_once_published() {
    let app = TestApp::demo().await;
    let f = fixture(&app).await;
    request_and_accept(&app, &f).await;
    // Before publication the agendas are empty.
    let before = app.get(&f.a, &format!("{}/agenda", f.base)).await;
    assert_eq!(before.status, 200);
    assert!(before.body.contains("id=\"b2b-agenda-unpublished\""));
    run_and_publish(&app, &f).await;
    assert_valid_schedule(&app, f.event).await;
    let page_a = app.get(&f.a, &format!("{}/agenda", f.base)).await;
    let page_b = app.get(&f.b, &format!("{}/agenda", f.base)).await;
    let at_a = agenda_place(&page_a.body, "Mikel Arana").expect("A's agenda has the meeting");
    let at_b = agenda_place(&page_b.body, "Ane Olano").expect("B's agenda has the meeting");
    assert_eq!(at_a, at_b, "both see the same slot and table");
    // The organiser's grid shows it, the statistics count it.
    let org = app.get(&f.staff, &format!("{}/organiser", f.base)).await;
    assert_eq!(org.status, 200);
    assert!(org.body.contains("id=\"b2b-grid\""));
    // Someone who is not a participant (the board member) does not see the event at all.
    let board = app.login("board@bhc.demo").await;
    let list = app.get(&board, "/c/bhc/b2b").await;
    assert_eq!(list.status, 200);
    assert!(!list.body.contains(&format!("data-event=\"{}\"", f.event)));
    let list = app.get(&f.a, "/c/bhc/b2b").await;
    assert!(list.body.contains(&format!("data-event=\"{}\"", f.event)));
    assert_eq!(app.get(&board, &f.base).await.status, 404);
    assert_eq!(
        app.get(&board, &format!("{}/agenda", f.base)).await.status,
        404
    );
    // Participants cannot run the scheduler.
    let r = app.post_form(&f.a, &format!("{}/run", f.base), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_requests_availability_and_runs_get_clear_errors() {
    let app = TestApp::demo().await;
    let f = fixture(&app).await;
    let requests = || app.count("SELECT COUNT(*) FROM b2b_requests");
    let before = requests().await;
    let url = format!("{}/requests", f.base);
    // To oneself.
    let r = app
        .post_form(&f.a, &url, &[("to", &f.pa.to_string()), ("message", "me")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("You cannot ask yourself for a meeting"),
        "{}",
        r.body
    );
    // To someone who is not a participant of this event (another event's, or nobody).
    for to in ["999999", "abc", ""] {
        let r = app
            .post_form(&f.a, &url, &[("to", to), ("message", "x")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "to={to}");
        assert!(
            r.body
                .contains("Not a participant with a published profile"),
            "{}",
            r.body
        );
    }
    // A participant of another B2B event of the same cluster is not one of this event.
    let cid = app.cluster_id("bhc").await;
    let other = b2b::create_event(
        &app.db,
        cid,
        r#"{"en":"Other B2B"}"#,
        "2027-01-10T08:00:00Z",
        "2027-01-10T12:00:00Z",
        "Europe/Madrid",
        None,
    )
    .await
    .expect("event");
    let reg = b2b::register(
        &app.db,
        other,
        cid,
        None,
        None,
        "Outsider",
        "out@example.com",
        "Out Ltd",
    )
    .await
    .expect("registration");
    let outsider = b2b::seed_participant(&app.db, reg, "x", "", true)
        .await
        .expect("participant");
    let r = app
        .post_form(
            &f.a,
            &url,
            &[("to", &outsider.to_string()), ("message", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(requests().await, before, "nothing stored");
    // Duplicates, either way round.
    see_other(
        &app.post_form(&f.a, &url, &[("to", &f.pb.to_string()), ("message", "hi")])
            .await,
    );
    let r = app
        .post_form(
            &f.a,
            &url,
            &[("to", &f.pb.to_string()), ("message", "again")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("There is already a meeting request between you two")
    );
    // B asking A while A's request is pending is mutual interest: it accepts A's.
    see_other(
        &app.post_form(
            &f.b,
            &url,
            &[("to", &f.pa.to_string()), ("message", "yes!")],
        )
        .await,
    );
    let (status, mutual): (String, bool) = q!(
        "SELECT status, mutual FROM b2b_requests WHERE low_participant = $1 AND high_participant = $2",
        f.pa.min(f.pb),
        f.pa.max(f.pb)
    )
    .one(&app.db)
    .await
    .expect("request");
    assert_eq!((status.as_str(), mutual), ("accepted", true));
    // Only the receiver answers, and only once.
    let r = app
        .post_form(
            &f.a,
            &format!("{}/requests/999999", f.base),
            &[("action", "accept")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Malformed availability: every bad slot named, nothing stored.
    let avail = format!("{}/availability", f.base);
    let stored = || app.count("SELECT COUNT(*) FROM b2b_availability");
    let n = stored().await;
    let r = app
        .post_form(&f.a, &avail, &[("slot", "abc"), ("slot", "999999")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Not a slot of this event: abc"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Not a slot of this event: 999999"));
    assert_eq!(stored().await, n);
    // A good answer: one slot ticked, the others marked unavailable.
    let a = organiser_access(&app, f.event).await;
    let slots = b2b::slots(&app.db, &a).await.expect("slots");
    see_other(
        &app.post_form(&f.a, &avail, &[("slot", &slots[0].id.to_string())])
            .await,
    );
    assert_eq!(
        b2b::unavailable(&app.db, f.pa)
            .await
            .expect("unavailable")
            .len(),
        slots.len() - 1
    );

    // A run on an event without slots.
    let staff = &f.staff;
    let r = app
        .post_form(staff, &format!("/c/bhc/events/{other}/b2b/run"), &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The event has no slots"), "{}", r.body);
    // Malformed slot plans.
    let r = app
        .post_form(
            staff,
            &format!("/c/bhc/events/{other}/b2b/slots"),
            &[
                ("start", "soon"),
                ("count", "0"),
                ("minutes", "20"),
                ("tables", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Not a valid date and time"));
}

#[tokio::test]
async fn locked_meetings_stay_where_they_are_when_the_scheduler_runs_again() {
    let app = TestApp::demo().await;
    let f = fixture(&app).await;
    request_and_accept(&app, &f).await;
    see_other(
        &app.post_form(&f.staff, &format!("{}/run", f.base), &[])
            .await,
    );
    assert_valid_schedule(&app, f.event).await;
    let a = organiser_access(&app, f.event).await;
    let meetings = b2b::meetings(&app.db, &a).await.expect("meetings");
    let m = &meetings[0];
    // Move it by hand to the last slot, at a table nobody uses there: it is locked there.
    let slots = b2b::slots(&app.db, &a).await.expect("slots");
    let target = slots
        .iter()
        .rev()
        .find_map(|s| {
            let busy = |p: i64| {
                meetings
                    .iter()
                    .any(|x| x.slot_id == s.id && x.id != m.id && (x.a_id == p || x.b_id == p))
            };
            if busy(m.a_id) || busy(m.b_id) {
                return None;
            }
            (1..=s.tables)
                .find(|t| {
                    !meetings
                        .iter()
                        .any(|x| x.slot_id == s.id && x.table_no == *t)
                })
                .map(|t| (s.id, t))
        })
        .expect("a free place");
    let off = b2b::unavailable(&app.db, m.a_id).await.expect("a");
    let off_b = b2b::unavailable(&app.db, m.b_id).await.expect("b");
    assert!(
        !off.contains(&target.0) && !off_b.contains(&target.0),
        "demo availability"
    );
    see_other(
        &app.post_form(
            &f.staff,
            &format!("{}/meetings/{}/move", f.base, m.id),
            &[
                ("slot", &target.0.to_string()),
                ("table", &target.1.to_string()),
            ],
        )
        .await,
    );
    // Lock a second one where it is.
    let second = meetings
        .iter()
        .find(|x| x.id != m.id)
        .expect("two meetings");
    see_other(
        &app.post_form(
            &f.staff,
            &format!("{}/meetings/{}/lock", f.base, second.id),
            &[("locked", "1")],
        )
        .await,
    );
    for _ in 0..2 {
        see_other(
            &app.post_form(&f.staff, &format!("{}/run", f.base), &[])
                .await,
        );
        assert_valid_schedule(&app, f.event).await;
        let after = b2b::meetings(&app.db, &a).await.expect("meetings");
        let moved = after
            .iter()
            .find(|x| x.request_id == m.request_id)
            .expect("kept");
        assert_eq!(
            (moved.slot_id, moved.table_no, moved.locked),
            (target.0, target.1, true)
        );
        let kept = after
            .iter()
            .find(|x| x.request_id == second.request_id)
            .expect("kept");
        assert_eq!(
            (kept.slot_id, kept.table_no, kept.locked),
            (second.slot_id, second.table_no, true)
        );
    }
    // A participant whose registration is cancelled leaves the schedule at the next run, locked
    // meeting included.
    q!(
        "UPDATE event_registrations SET status = 'cancelled' WHERE id = (SELECT registration_id FROM b2b_participants WHERE id = $1)",
        m.a_id
    )
    .run(&app.db)
    .await
    .expect("cancel");
    see_other(
        &app.post_form(&f.staff, &format!("{}/run", f.base), &[])
            .await,
    );
    assert_valid_schedule(&app, f.event).await;
    let after = b2b::meetings(&app.db, &a).await.expect("meetings");
    assert!(after.iter().all(|x| x.a_id != m.a_id && x.b_id != m.a_id));
    assert!(
        after.iter().any(|x| x.request_id == second.request_id)
            || second.a_id == m.a_id
            || second.b_id == m.a_id
    );
    // A rerun unpublishes until the organiser publishes again.
    assert!(
        b2b::run_info(&app.db, &a)
            .await
            .expect("info")
            .published_at
            .is_none()
    );
}

/// Slots either side of a meeting is not available in.
async fn off_slots(app: &TestApp, m: &b2b::Meeting) -> Vec<i64> {
    let mut off = b2b::unavailable(&app.db, m.a_id).await.expect("a");
    off.extend(b2b::unavailable(&app.db, m.b_id).await.expect("b"));
    off
}

#[tokio::test]
async fn concurrent_moves_onto_one_table_or_one_person_cannot_double_book() {
    let app = TestApp::demo().await;
    let f = fixture(&app).await;
    see_other(
        &app.post_form(&f.staff, &format!("{}/run", f.base), &[])
            .await,
    );
    let a = organiser_access(&app, f.event).await;
    let slots = b2b::slots(&app.db, &a).await.expect("slots");
    let meetings = b2b::meetings(&app.db, &a).await.expect("meetings");
    let people = |m: &b2b::Meeting| [m.a_id, m.b_id];
    let free_slot = |m1: &b2b::Meeting, m2: &b2b::Meeting, need_tables: i64| {
        slots.iter().find(|s| {
            let used: Vec<&b2b::Meeting> = meetings.iter().filter(|x| x.slot_id == s.id).collect();
            let mut ps = people(m1).to_vec();
            ps.extend(people(m2));
            !used
                .iter()
                .any(|x| ps.contains(&x.a_id) || ps.contains(&x.b_id))
                && s.tables - used.len() as i64 >= need_tables
        })
    };
    let free_tables = |slot: i64| -> Vec<i64> {
        let tables = slots
            .iter()
            .find(|s| s.id == slot)
            .map(|s| s.tables)
            .unwrap_or(0);
        (1..=tables)
            .filter(|t| {
                !meetings
                    .iter()
                    .any(|x| x.slot_id == slot && x.table_no == *t)
            })
            .collect()
    };
    // 1. Two meetings with four different people onto the same (slot, table).
    let (m1, m2) = meetings
        .iter()
        .flat_map(|x| meetings.iter().map(move |y| (x, y)))
        .find(|(x, y)| x.id < y.id && people(x).iter().all(|p| !people(y).contains(p)))
        .expect("two disjoint meetings");
    let s = free_slot(m1, m2, 1).expect("a slot where all four are free");
    let t = free_tables(s.id)[0];
    assert!(
        !off_slots(&app, m1).await.contains(&s.id) && !off_slots(&app, m2).await.contains(&s.id)
    );
    let fields = [("slot", s.id.to_string()), ("table", t.to_string())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let u1 = format!("{}/meetings/{}/move", f.base, m1.id);
    let u2 = format!("{}/meetings/{}/move", f.base, m2.id);
    let (r1, r2) = tokio::join!(
        app.post_form(&f.staff, &u1, &fields),
        app.post_form(&f.staff, &u2, &fields)
    );
    let statuses = [r1.status, r2.status];
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "exactly one move wins: {statuses:?}"
    );
    let loser = if r1.status == StatusCode::SEE_OTHER {
        &r2
    } else {
        &r1
    };
    assert_eq!(loser.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        loser
            .body
            .contains("That table is already taken in that slot"),
        "{}",
        loser.body
    );
    assert_valid_schedule(&app, f.event).await;

    // 2. Two meetings of one person onto the same slot at different tables.
    let meetings = b2b::meetings(&app.db, &a).await.expect("meetings");
    let (m1, m2) = meetings
        .iter()
        .flat_map(|x| meetings.iter().map(move |y| (x, y)))
        .find(|(x, y)| x.id < y.id && people(x).iter().any(|p| people(y).contains(p)))
        .expect("two meetings of one participant (the demo's first guest has three)");
    let slots_now = b2b::slots(&app.db, &a).await.expect("slots");
    let mut off = off_slots(&app, m1).await;
    off.extend(off_slots(&app, m2).await);
    let s = slots_now
        .iter()
        .find(|s| {
            let used: Vec<&b2b::Meeting> = meetings.iter().filter(|x| x.slot_id == s.id).collect();
            let ps: Vec<i64> = people(m1).into_iter().chain(people(m2)).collect();
            !off.contains(&s.id)
                && !used
                    .iter()
                    .any(|x| ps.contains(&x.a_id) || ps.contains(&x.b_id))
                && s.tables - used.len() as i64 >= 2
        })
        .expect("a slot where the three are free");
    let tables: Vec<i64> = (1..=s.tables)
        .filter(|t| {
            !meetings
                .iter()
                .any(|x| x.slot_id == s.id && x.table_no == *t)
        })
        .collect();
    let f1 = [("slot", s.id.to_string()), ("table", tables[0].to_string())];
    let f2 = [("slot", s.id.to_string()), ("table", tables[1].to_string())];
    let f1: Vec<(&str, &str)> = f1.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let f2: Vec<(&str, &str)> = f2.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let u1 = format!("{}/meetings/{}/move", f.base, m1.id);
    let u2 = format!("{}/meetings/{}/move", f.base, m2.id);
    let (r1, r2) = tokio::join!(
        app.post_form(&f.staff, &u1, &f1),
        app.post_form(&f.staff, &u2, &f2)
    );
    let statuses = [r1.status, r2.status];
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "exactly one move wins: {statuses:?}"
    );
    let loser = if r1.status == StatusCode::SEE_OTHER {
        &r2
    } else {
        &r1
    };
    assert!(
        loser
            .body
            .contains("One of the two already has a meeting in that slot"),
        "{}",
        loser.body
    );
    assert_valid_schedule(&app, f.event).await;

    // 3. Two runs of the scheduler at once: whatever the interleaving, the stored schedule is
    //    valid, and a run that lost the race says so instead of storing half a schedule.
    let run = format!("{}/run", f.base);
    let (r1, r2) = tokio::join!(
        app.post_form(&f.staff, &run, &[]),
        app.post_form(&f.staff, &run, &[])
    );
    for r in [&r1, &r2] {
        assert!(
            matches!(r.status.as_u16(), 303 | 422),
            "{} {}",
            r.status,
            &r.body[..r.body.len().min(500)]
        );
    }
    assert!(r1.status == StatusCode::SEE_OTHER || r2.status == StatusCode::SEE_OTHER);
    assert_valid_schedule(&app, f.event).await;
}

#[tokio::test]
async fn the_agenda_ics_opens_at_the_local_time_in_python_icalendar_and_the_pdf_typesets() {
    let app = TestApp::demo().await;
    let f = fixture(&app).await;
    request_and_accept(&app, &f).await;
    run_and_publish(&app, &f).await;
    let page = app.get(&f.a, &format!("{}/agenda", f.base)).await;
    let (slot, table) = agenda_place(&page.body, "Mikel Arana").expect("meeting");
    let ics = app.get(&f.a, &format!("{}/agenda.ics", f.base)).await;
    assert_eq!(ics.status, 200);
    assert!(
        ics.headers[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap_or("")
            .starts_with("text/calendar")
    );
    let dir = std::env::temp_dir().join(format!("ch-b2b-ics-{}-{slot}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("agenda.ics");
    std::fs::write(&file, &ics.raw).expect("write");
    let script = r#"
import sys, icalendar, zoneinfo
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
madrid = zoneinfo.ZoneInfo('Europe/Madrid')
for ev in cal.walk('VEVENT'):
    s = ev.decoded('DTSTART').astimezone(madrid)
    e = ev.decoded('DTEND').astimezone(madrid)
    print(s.strftime('%Y-%m-%d %H:%M') + '|' + e.strftime('%H:%M') + '|' + str(ev.get('LOCATION')) + '|' + str(ev.get('SUMMARY')))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .expect("python3 (scripts/test installs icalendar)");
    assert!(
        out.status.success(),
        "icalendar could not read the agenda: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = String::from_utf8_lossy(&out.stdout).to_string();
    // The demo's slots: 20 minutes from 09:30 local time with 5 minutes between them.
    let start = 9 * 60 + 30 + (slot - 1) * 25;
    let expected = format!(
        "2026-12-10 {:02}:{:02}|{:02}:{:02}|Table {table}|",
        start / 60,
        start % 60,
        (start + 20) / 60,
        (start + 20) % 60
    );
    let line = lines
        .lines()
        .find(|l| l.contains("Mikel Arana"))
        .unwrap_or_else(|| panic!("no meeting with Mikel in {lines}"));
    assert!(line.starts_with(&expected), "{line} vs {expected}");
    let _ = std::fs::remove_dir_all(&dir);

    let pdf = app.get(&f.b, &format!("{}/agenda.pdf", f.base)).await;
    assert_eq!(pdf.status, 200);
    assert!(pdf.raw.starts_with(b"%PDF"));
}

#[tokio::test]
async fn outcomes_recorded_by_participants_make_the_statistics() {
    let app = TestApp::demo().await;
    let f = fixture(&app).await;
    request_and_accept(&app, &f).await;
    run_and_publish(&app, &f).await;
    let a = organiser_access(&app, f.event).await;
    let m = b2b::agenda(&app.db, &a, f.pa)
        .await
        .expect("agenda")
        .into_iter()
        .find(|m| m.counterpart(f.pa).0 == f.pb)
        .expect("meeting");
    let url = format!("{}/meetings/{}/outcome", f.base, m.id);
    see_other(
        &app.post_form(
            &f.a,
            &url,
            &[
                ("outcome", "held"),
                ("follow_up", "1"),
                ("agreement", "1"),
                ("note", "NDA next week"),
            ],
        )
        .await,
    );
    see_other(
        &app.post_form(&f.b, &url, &[("outcome", "held"), ("follow_up", "1")])
            .await,
    );
    let r = app.post_form(&f.b, &url, &[("outcome", "maybe")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Someone else's meeting is not theirs to report.
    let other = b2b::meetings(&app.db, &a)
        .await
        .expect("meetings")
        .into_iter()
        .find(|x| x.id != m.id)
        .expect("another meeting");
    let r = app
        .post_form(
            &f.a,
            &format!("{}/meetings/{}/outcome", f.base, other.id),
            &[("outcome", "held")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let s = b2b::stats(&app.db, &a).await.expect("stats");
    assert_eq!(
        (s.held, s.no_show, s.follow_ups, s.agreements),
        (1, 0, 1, 1)
    );
    assert_eq!(s.participants, 12);
    assert!(s.requests >= 10 && s.accepted >= 7 && s.declined == 1);
    assert!(s.scheduled >= 7);
    let mine = s
        .by_organisation
        .iter()
        .find(|o| o.organisation == m.a_organisation || o.organisation == m.b_organisation)
        .expect("by organisation");
    assert_eq!(mine.held, 1);
    let page = app.get(&f.staff, &format!("{}/organiser", f.base)).await;
    assert!(
        page.body.contains("data-stat=\"agreements\">1<"),
        "statistics on the page"
    );
}

#[tokio::test]
async fn the_api_requests_accepts_sets_availability_runs_and_lists_the_agenda() {
    let app = TestApp::demo().await;
    let f = fixture(&app).await;
    let api = format!("/api/v1/clusters/bhc/events/{}/b2b", f.event);
    let a = app.token(A).await;
    let b = app.token(B).await;
    let staff = app.token("staff@bhc.demo").await;
    let list = app
        .get(&a, &format!("{api}/participants?q=prototypes"))
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    let items = list.json()["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], f.pb);
    // Errors as problem documents: oneself, a stranger.
    let r = app
        .send_json(
            &a,
            "POST",
            &format!("{api}/requests"),
            &format!(r#"{{"to":{}}}"#, f.pa),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("b2b_self_request"));
    let r = app
        .send_json(&a, "POST", &format!("{api}/requests"), r#"{"to":999999}"#)
        .await;
    assert!(r.body.contains("b2b_not_participant"), "{}", r.body);
    let r = app
        .send_json(
            &a,
            "POST",
            &format!("{api}/requests"),
            &format!(r#"{{"to":{},"message":"API hello"}}"#, f.pb),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    // Only the receiver accepts.
    let r = app
        .send_json(&a, "POST", &format!("{api}/requests/{id}/accept"), "{}")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .send_json(&b, "POST", &format!("{api}/requests/{id}/accept"), "{}")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["status"], "accepted");
    // Availability: all slots but the first; a foreign id is refused.
    let av = app.get(&a, &format!("{api}/availability")).await.json();
    let slots: Vec<i64> = av["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .filter_map(|s| s["id"].as_i64())
        .collect();
    let r = app
        .send_json(
            &a,
            "PUT",
            &format!("{api}/availability"),
            r#"{"available":[999999]}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = format!(r#"{{"available":{:?}}}"#, &slots[1..]);
    let r = app
        .send_json(&a, "PUT", &format!("{api}/availability"), &body)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["slots"][0]["available"], false);
    // Only staff run the scheduler.
    let r = app
        .send_json(&a, "POST", &format!("{api}/schedule"), "{}")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .send_json(&staff, "POST", &format!("{api}/schedule"), "{}")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.json()["held"].as_i64().unwrap_or(0) >= 7);
    let mine = app.get(&a, &format!("{api}/agenda")).await.json();
    assert_eq!(mine["published"], false);
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(0));
    see_other(
        &app.post_form(&f.staff, &format!("{}/publish", f.base), &[])
            .await,
    );
    let mine = app.get(&a, &format!("{api}/agenda")).await.json();
    let theirs = app.get(&b, &format!("{api}/agenda")).await.json();
    let find = |v: &serde_json::Value, with: i64| {
        v["items"]
            .as_array()
            .and_then(|l| l.iter().find(|m| m["with"]["participant"] == with).cloned())
            .expect("meeting")
    };
    let (ma, mb) = (find(&mine, f.pb), find(&theirs, f.pa));
    assert_eq!((&ma["slot"], &ma["table"]), (&mb["slot"], &mb["table"]));
    assert_ne!(ma["slot"], 1, "not in the slot A is unavailable in");
    // Another cluster's staff: 404.
    let cpb = app.token("staff@cpb.demo").await;
    assert_eq!(
        app.get(&cpb, &format!("{api}/participants")).await.status,
        404
    );
}
