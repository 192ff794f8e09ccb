//! Integration tests: missions. The delegation is the confirmed registrations plus what staff
//! add; the agenda is shown in the mission's zone; stands add up their shares; outcomes are
//! checked field by field and keep what was typed; only the organisation itself and staff may
//! edit its outcomes; another cluster sees nothing.

use crate::partners::{cluster, member, user};
use crate::support::{Browser, TestApp};
use clusterhub_core::model::Role;
use clusterhub_db::q;
use serde_json::json;

struct World {
    fair: i64,
    mission: i64,
    registered: i64,
    pending: i64,
    extra: i64,
    staff: Browser,
    registered_member: Browser,
    extra_member: Browser,
    outsider: Browser,
}

async fn event(
    app: &TestApp,
    cid: i64,
    kind: &str,
    subtype: &str,
    title: &str,
    zone: &str,
    country: &str,
) -> i64 {
    let now = clusterhub_db::now();
    q!(
        "INSERT INTO events (cluster_id, kind, subtype, title, starts_at, ends_at, time_zone, place, target_country, sector, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, '2026-10-05T12:30:00Z', '2026-10-08T21:00:00Z', $5, 'Boston', $6, 'Medtech', 'published', $7, $7) RETURNING id",
        cid, kind, subtype, json!({"en": title, "es": title}).to_string(), zone, country, now
    )
    .int(&app.db)
    .await
    .expect("event")
}

async fn register(app: &TestApp, cid: i64, event: i64, org: i64, name: &str, status: &str) {
    let now = clusterhub_db::now();
    let email = format!("{}@reg.test", name.to_lowercase().replace(' ', "."));
    q!(
        "INSERT INTO event_registrations (event_id, cluster_id, organisation_id, name, email, email_key, locale, audience, status, ticket, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5, 'es', 'member', $6, $7, $8, $8)",
        event, cid, org, name, email.clone(), status, format!("t-{event}-{org}-{status}"), now
    )
    .run(&app.db)
    .await
    .expect("registration");
}

async fn world(app: &TestApp) -> World {
    let cid = cluster(app, "ptn").await;
    let org = |name: &'static str| {
        member(
            app,
            cid,
            name,
            "company",
            "ES213",
            "medical_devices",
            json!({}),
            json!({}),
        )
    };
    let registered = org("Bioimagen Bilbao").await;
    let pending = org("Pendiente Labs").await;
    let extra = org("Extra Medical").await;
    let mission = event(
        app,
        cid,
        "mission",
        "direct",
        "Boston mission",
        "America/New_York",
        "US",
    )
    .await;
    let fair = event(
        app,
        cid,
        "fair",
        "grouped",
        "MEDICA stand",
        "Europe/Berlin",
        "DE",
    )
    .await;
    for e in [mission, fair] {
        register(app, cid, e, registered, "Ane Etxeberria", "confirmed").await;
        register(app, cid, e, pending, "Pedro Pendiente", "pending").await;
    }
    q!(
        "INSERT INTO event_sessions (event_id, title, starts_at, ends_at, room, position) VALUES ($1, $2, '2026-10-05T12:30:00Z', '2026-10-05T14:00:00Z', 'Consulate', 0)",
        mission,
        json!({"en": "Welcome breakfast", "es": "Desayuno de bienvenida"}).to_string()
    )
    .run(&app.db)
    .await
    .expect("session");
    let other = cluster(app, "oth").await;
    World {
        fair,
        mission,
        registered,
        pending,
        extra,
        staff: user(app, cid, "staff@ptn.test", Role::Staff, None).await,
        registered_member: user(app, cid, "bio@ptn.test", Role::Member, Some(registered)).await,
        extra_member: user(app, cid, "extra@ptn.test", Role::Member, Some(extra)).await,
        outsider: user(app, other, "staff@oth.test", Role::Staff, None).await,
    }
}

fn page(e: i64) -> String {
    format!("/c/ptn/events/{e}/mission")
}

#[tokio::test]
async fn the_delegation_is_confirmed_registrations_plus_staff_additions() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let r = app.get(&w.registered_member, &page(w.mission)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Bioimagen Bilbao") && r.body.contains("Ane Etxeberria"));
    assert!(
        !r.body.contains("Pendiente Labs"),
        "a pending registration is not in the delegation"
    );
    assert!(
        r.body.contains("United States (US)"),
        "target country by name"
    );
    assert!(r.body.contains("Medtech"));
    // Agenda abroad: 12:30 UTC is 08:30 in Boston.
    assert!(r.body.contains("08:30–10:00"), "local times");
    assert!(r.body.contains("America/New_York"));
    // Staff add an organisation directly; a member cannot.
    let r = app
        .post_form(
            &w.registered_member,
            &format!("{}/delegates", page(w.mission)),
            &[("organisation", &w.extra.to_string())],
        )
        .await;
    assert_eq!(r.status, 403);
    let r = app
        .post_form(
            &w.staff,
            &format!("{}/delegates", page(w.mission)),
            &[("organisation", &w.extra.to_string())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Twice is once.
    app.post_form(
        &w.staff,
        &format!("{}/delegates", page(w.mission)),
        &[("organisation", &w.extra.to_string())],
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM mission_delegates").await, 1);
    let link = |o: i64| format!("href=\"/c/ptn/organisations/{o}\"");
    let body = app.get(&w.staff, &page(w.mission)).await.body;
    assert!(body.contains(&link(w.extra)) && body.contains(&link(w.registered)));
    // An organisation of another cluster cannot join.
    let foreign = member(
        &app,
        app.cluster_id("oth").await,
        "Foreign Co",
        "company",
        "ES213",
        "medical_devices",
        json!({}),
        json!({}),
    )
    .await;
    let r = app
        .post_form(
            &w.staff,
            &format!("{}/delegates", page(w.mission)),
            &[("organisation", &foreign.to_string())],
        )
        .await;
    assert_eq!(r.status, 422);
    // Removing the staff addition leaves the registrations.
    let r = app
        .post_form(
            &w.staff,
            &format!("{}/delegates/remove", page(w.mission)),
            &[("organisation", &w.extra.to_string())],
        )
        .await;
    assert_eq!(r.status, 303);
    let body = app.get(&w.staff, &page(w.mission)).await.body;
    assert!(!body.contains(&link(w.extra)) && body.contains(&link(w.registered)));
    let _ = w.pending;
}

#[tokio::test]
async fn a_grouped_stand_adds_up_its_shares_and_refuses_bad_figures() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let r = app
        .post_form(
            &w.staff,
            &format!("{}/stands", page(w.fair)),
            &[("label", "Basque Health Pavilion"), ("hall", "Hall 13")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (stand,): (i64,) = q!("SELECT id FROM mission_stands")
        .one(&app.db)
        .await
        .expect("stand");
    // A stand needs a label; a mission has no stands.
    let r = app
        .post_form(
            &w.staff,
            &format!("{}/stands", page(w.fair)),
            &[("label", " ")],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = app
        .post_form(
            &w.staff,
            &format!("{}/stands", page(w.mission)),
            &[("label", "x")],
        )
        .await;
    assert_eq!(r.status, 404);
    let share = |org: i64, area: &'static str, cost: &'static str| {
        let (s, o) = (stand.to_string(), org.to_string());
        let staff = w.staff.clone();
        let app = &app;
        let path = format!("{}/shares", page(w.fair));
        async move {
            app.post_form(
                &staff,
                &path,
                &[
                    ("stand", &s),
                    ("organisation", &o),
                    ("area", area),
                    ("cost", cost),
                ],
            )
            .await
        }
    };
    let r = share(w.registered, "12,5", "14.500").await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Bad figures: each field named, what was typed kept.
    let r = share(w.registered, "-3", "lots").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("share-area-error") && r.body.contains("share-cost-error"));
    assert!(r.body.contains("value=\"lots\"") && r.body.contains("value=\"-3\""));
    // Only delegation organisations share a stand.
    let r = share(w.extra, "10", "100").await;
    assert_eq!(r.status, 422);
    let body = app.get(&w.registered_member, &page(w.fair)).await.body;
    assert!(body.contains("Basque Health Pavilion"));
    assert!(body.contains("12,5 m²"), "area in the reader's language");
    assert!(body.contains("14.500,00"), "money in the reader's language");
}

#[tokio::test]
async fn outcomes_are_checked_kept_and_only_for_their_organisation_and_staff() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let path = format!("{}/outcomes/{}", page(w.mission), w.registered);
    let r = app.get(&w.registered_member, &path).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .post_form(
            &w.registered_member,
            &path,
            &[
                ("contacts", "-1"),
                ("meetings", "4"),
                ("business_value", "12x"),
                ("note", "Met two distributors"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("contacts-error") && r.body.contains("business_value-error"));
    assert!(r.body.contains("value=\"12x\"") && r.body.contains("Met two distributors"));
    assert_eq!(app.count("SELECT COUNT(*) FROM mission_outcomes").await, 0);
    let r = app
        .post_form(
            &w.registered_member,
            &path,
            &[
                ("contacts", "12"),
                ("meetings", "4"),
                ("offers", "2"),
                ("agreements", "1"),
                ("business_value", "150.000,50"),
                ("note", "Met two distributors"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (value,): (i64,) = q!("SELECT business_value_cents FROM mission_outcomes")
        .one(&app.db)
        .await
        .expect("row");
    assert_eq!(value, 15_000_050);
    // Editable later, shown back in the same language.
    let form = app.get(&w.registered_member, &path).await.body;
    assert!(form.contains("value=\"150000,5\""));
    // Another member: neither read nor write.
    assert_eq!(app.get(&w.extra_member, &path).await.status, 404);
    let r = app
        .post_form(&w.extra_member, &path, &[("contacts", "999")])
        .await;
    assert_eq!(r.status, 404);
    // ... and does not see the figures on the page.
    let body = app.get(&w.extra_member, &page(w.mission)).await.body;
    assert!(!body.contains("Met two distributors"));
    // Staff may edit and see the totals.
    let r = app
        .post_form(
            &w.staff,
            &path,
            &[("contacts", "13"), ("business_value", "10000")],
        )
        .await;
    assert_eq!(r.status, 303);
    let body = app.get(&w.staff, &page(w.mission)).await.body;
    assert!(body.contains("outcome-totals") && body.contains("10.000,00"));
    // Not in the delegation: no outcomes.
    let r = app
        .get(
            &w.staff,
            &format!("{}/outcomes/{}", page(w.mission), w.extra),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mission_outcomes WHERE contacts = 999")
            .await,
        0
    );
}

#[tokio::test]
async fn the_list_shows_the_clusters_missions_and_fairs_drafts_to_staff_only() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    q!("UPDATE events SET status = 'draft' WHERE id = $1", w.fair)
        .run(&app.db)
        .await
        .expect("draft");
    let member = app.get(&w.registered_member, "/c/ptn/missions").await;
    assert_eq!(member.status, 200, "{}", member.body);
    assert!(
        member
            .body
            .contains(&format!("/c/ptn/events/{}/mission", w.mission))
    );
    assert!(
        !member
            .body
            .contains(&format!("/c/ptn/events/{}/mission", w.fair))
    );
    assert_eq!(
        app.get(&w.registered_member, &page(w.fair)).await.status,
        404
    );
    let staff = app.get(&w.staff, "/c/ptn/missions").await;
    assert!(
        staff
            .body
            .contains(&format!("/c/ptn/events/{}/mission", w.fair))
    );
    assert!(staff.body.contains("1 organización"), "delegation size");
    assert!(matches!(
        app.get(&w.outsider, "/c/ptn/missions")
            .await
            .status
            .as_u16(),
        403 | 404
    ));
    assert!(
        !app.get(&w.outsider, "/c/oth/missions")
            .await
            .body
            .contains("Boston mission")
    );
}

#[tokio::test]
async fn another_cluster_sees_no_mission() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let r = app.get(&w.outsider, &page(w.mission)).await;
    assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);
    // Through its own slug, the event is not its own.
    let r = app
        .get(&w.outsider, &format!("/c/oth/events/{}/mission", w.mission))
        .await;
    assert_eq!(r.status, 404);
    let r = app
        .post_form(
            &w.outsider,
            &format!("/c/oth/events/{}/mission/delegates", w.mission),
            &[("organisation", &w.registered.to_string())],
        )
        .await;
    assert!(matches!(r.status.as_u16(), 403 | 404 | 422), "{}", r.status);
    let r = app
        .post_form(
            &w.outsider,
            &format!(
                "/c/oth/events/{}/mission/outcomes/{}",
                w.mission, w.registered
            ),
            &[("contacts", "1")],
        )
        .await;
    assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);
    assert_eq!(app.count("SELECT COUNT(*) FROM mission_delegates").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM mission_outcomes").await, 0);
    // An event that is not a mission or a fair has no mission page.
    let plain = event(
        &app,
        app.cluster_id("ptn").await,
        "event",
        "conference",
        "Plain",
        "Europe/Madrid",
        "ES",
    )
    .await;
    assert_eq!(app.get(&w.staff, &page(plain)).await.status, 404);
}
