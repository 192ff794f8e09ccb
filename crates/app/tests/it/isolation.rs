//! One cluster never sees or changes another's private data. This walks every route the
//! application registers, pointed at cluster B's records, as users of cluster A.

use crate::support::{Browser, TestApp};
use clusterhub_db::q;

/// Routes any visitor may read: the public face of a cluster and one's own account.
const PUBLIC_GET: &[&str] = &[
    "/",
    "/healthz",
    "/static/app.css",
    "/login",
    "/account",
    "/account/notifications",
    "/c/{slug}",
    "/c/{slug}/organisations",
    "/c/{slug}/organisations/{org}",
    "/c/{slug}/apply",
    "/api/v1/openapi.json",
    "/api/v1/me",
    "/api/v1/clusters",
    "/api/v1/clusters/{slug}/organisations",
    "/api/v1/clusters/{slug}/organisations/{org}",
    // Directory search and profiles: public documents and fields only for outsiders (the
    // secrets below must still never appear).
    "/static/vendor/htmx.min.js",
    "/search",
    "/api/v1/search",
    "/c/{slug}/search",
    "/c/{slug}/search/suggest",
    "/api/v1/clusters/{slug}/search",
    "/api/v1/clusters/{slug}/organisations/{org}/profile",
    // Resource maps: published resources are the cluster's public map.
    "/c/{slug}/resources",
    "/api/v1/clusters/{slug}/resources",
    // Events: the public calendar and its feed (drafts and registrations never appear).
    "/c/{slug}/events",
    "/c/{slug}/events.ics",
    "/api/v1/me/registrations",
    "/api/v1/clusters/{slug}/events",
    // The tender watch's token routes (/watch/feed/{file}, /watch/unsubscribe/{token}) need no
    // session by design: the token is the key. They are not listed here: walked with a token
    // that is not one, they must answer 404 like any private page.
];

struct Target {
    b2b_request: i64,
    b2b_item: i64,
    b2b_meeting: i64,
    org: i64,
    person: i64,
    group: i64,
    meeting: i64,
    token: i64,
    user: i64,
    campaign: i64,
    activity: i64,
    code: String,
    value: i64,
    resource: i64,
    request: i64,
    attachment: i64,
    opportunity: i64,
    profile: i64,
    bulletin: i64,
    event: i64,
    session: i64,
    registration: i64,
    secrets: Vec<String>,
}

async fn target(app: &TestApp) -> Target {
    let cpb = app.cluster_id("cpb").await;
    let (applicant, applicant_name) = app.org_only_in("cpb", "applicant").await;
    let (person, email): (i64, String) = q!(
        "SELECT p.id, p.email FROM people p JOIN affiliations a ON a.person_id = p.id WHERE a.organisation_id = $1 ORDER BY p.id LIMIT 1",
        applicant
    )
    .one(&app.db)
    .await
    .expect("person");
    let (group,): (i64,) = q!(
        "SELECT id FROM cluster_groups WHERE cluster_id = $1 ORDER BY id LIMIT 1",
        cpb
    )
    .one(&app.db)
    .await
    .expect("group");
    let (meeting,): (i64,) = q!(
        "SELECT id FROM meetings WHERE cluster_id = $1 AND minutes IS NOT NULL ORDER BY id LIMIT 1",
        cpb
    )
    .one(&app.db)
    .await
    .expect("meeting");
    let (note,): (String,) = q!("SELECT notes FROM memberships WHERE cluster_id = $1 AND notes IS NOT NULL ORDER BY id LIMIT 1", cpb).one(&app.db).await.expect("note");
    let staff_cpb = clusterhub_db::users::by_email(&app.db, "staff@cpb.demo")
        .await
        .expect("db")
        .expect("user");
    let state = clusterhub_web::AppState::new(app.db.clone());
    clusterhub_web::auth::create_api_token(&state, staff_cpb.id, "cpb-secret-token")
        .await
        .expect("token");
    let (token,): (i64,) = q!("SELECT id FROM api_tokens WHERE user_id = $1", staff_cpb.id)
        .one(&app.db)
        .await
        .expect("token id");
    // A survey campaign of cluster B, open now.
    let admin = clusterhub_core::access::Principal {
        platform_admin: true,
        ..Default::default()
    };
    let campaign = clusterhub_db::survey::open(
        &app.db,
        &admin.scope(cpb),
        "2032",
        "2025-01-01",
        "2099-12-31",
    )
    .await
    .expect("campaign");
    // An activity, a plan indicator and a manual figure of cluster B.
    let scope = admin.scope(cpb);
    if clusterhub_db::plans::list(&app.db, &scope)
        .await
        .expect("plans")
        .is_empty()
    {
        let text = include_str!("../../../../demo/plans/cpb-sante-medtech.toml");
        let plan = clusterhub_plan::Plan::parse(text).expect("cpb plan");
        clusterhub_db::plans::import(&app.db, &scope, &plan, text)
            .await
            .expect("import");
    }
    let (_, plan) = clusterhub_db::plans::current(&app.db, &scope, None, 2025)
        .await
        .expect("plan")
        .expect("cpb plan");
    let code = plan.indicators[0].code.clone();
    let secret_activity = "Mission confidentielle à Québec".to_string();
    let draft = clusterhub_plan::activity::ActivityInput {
        kind: "mission".into(),
        subtype: "direct".into(),
        title: secret_activity.clone(),
        starts_on: "2025-04-02".into(),
        ..Default::default()
    }
    .parse(&Default::default())
    .expect("draft");
    let (activity, _) = clusterhub_db::activities::insert(&app.db, &scope, &draft)
        .await
        .expect("activity");
    let value = clusterhub_db::plans::set_value(
        &app.db,
        &scope,
        &plan,
        "fr",
        &code,
        "2031",
        "42",
        "Source confidentielle",
        "",
        None,
    )
    .await
    .expect("value");
    // A member's suggestion for cluster B's resource map, not yet published.
    let secret_resource = "Fonds confidentiel de Bidart".to_string();
    let suggestion = clusterhub_core::resource::ResourceForm {
        kind: "funding".into(),
        funding_type: "seed_capital".into(),
        name: secret_resource.clone(),
        ..Default::default()
    }
    .parse(&[])
    .expect("suggestion");
    let resource = clusterhub_db::resources::suggest(&app.db, &scope, &suggestion)
        .await
        .expect("suggest");
    // A request of cluster B with a file (the service desk).
    let (request, attachment, secret_request) = desk_request(app, &scope).await;
    // Cluster B's tender watch: a private opportunity, a member's alert profile, a bulletin.
    let (opportunity, profile, bulletin, mut watch_secrets) = watch_records(app, &scope).await;
    let mut secrets = vec![
        applicant_name,
        email,
        note,
        secret_activity,
        secret_resource,
        secret_request,
    ];
    secrets.append(&mut watch_secrets);
    let (event, session, registration, mut event_secrets) = event_records(app, &scope).await;
    secrets.append(&mut event_secrets);
    let (b2b_request, b2b_item, b2b_meeting, mut b2b_secrets) =
        b2b_records(app, &scope, event).await;
    secrets.append(&mut b2b_secrets);
    secrets.append(&mut mission_records(app, &scope).await);
    Target {
        b2b_request,
        b2b_item,
        b2b_meeting,
        event,
        session,
        registration,
        opportunity,
        profile,
        bulletin,
        request,
        attachment,
        resource,
        activity,
        code,
        value,
        campaign,
        org: applicant,
        person,
        group,
        meeting,
        token,
        user: staff_cpb.id,
        secrets,
    }
}

/// Cluster B's watch records: a private opportunity (which its member's profile matches), that
/// member's alert profile and a draft bulletin; their ids and secret names.
async fn watch_records(
    app: &TestApp,
    scope: &clusterhub_core::access::Scope,
) -> (i64, i64, i64, Vec<String>) {
    let secret_opportunity = "Appel confidentiel Anglet 2031".to_string();
    let secret_profile = "Veille confidentielle Hasparren".to_string();
    let secret_bulletin = "Bulletin confidentiel Biarritz".to_string();
    let opportunity = clusterhub_db::watch::save_own(
        &app.db,
        scope,
        &clusterhub_db::watch::NewOpportunity {
            source: clusterhub_db::watch::SOURCE_MANUAL.into(),
            source_key: "isolation".into(),
            kind: Some(clusterhub_watch::alert::OpportunityKind::Call),
            title: clusterhub_core::MultiText::new().with("fr", &secret_opportunity),
            cpv: vec!["33100000".into()],
            ..Default::default()
        },
    )
    .await
    .expect("opportunity")
    .id();
    let (member,): (i64,) = q!(
        "SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'member@cpb.demo' AND r.cluster_id = $1",
        scope.cluster_id()
    )
    .one(&app.db)
    .await
    .expect("cpb member");
    let input = clusterhub_watch::alert::AlertForm {
        name: secret_profile.clone(),
        cpv: "331".into(),
        ..Default::default()
    }
    .parse()
    .expect("profile");
    let profile = clusterhub_db::watch::save_profile(&app.db, scope, member, None, &input)
        .await
        .expect("profile");
    let bulletin = clusterhub_db::bulletins::save(
        &app.db,
        scope,
        None,
        &clusterhub_db::bulletins::BulletinForm {
            title: secret_bulletin.clone(),
            intro: String::new(),
            items: String::new(),
        },
    )
    .await
    .expect("bulletin");
    (
        opportunity,
        profile,
        bulletin,
        vec![secret_opportunity, secret_profile, secret_bulletin],
    )
}

/// A request of the scope's cluster with a file: its number, the file's id, its subject.
async fn desk_request(app: &TestApp, scope: &clusterhub_core::access::Scope) -> (i64, i64, String) {
    let (org,): (i64,) = q!(
        "SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' ORDER BY organisation_id LIMIT 1",
        scope.cluster_id()
    )
    .one(&app.db)
    .await
    .expect("member");
    let (service,): (String,) = q!(
        "SELECT code FROM services WHERE cluster_id = $1 AND active ORDER BY position LIMIT 1",
        scope.cluster_id()
    )
    .one(&app.db)
    .await
    .expect("service");
    let subject = "Demande confidentielle de brevet".to_string();
    let draft = clusterhub_core::desk::RequestInput {
        service,
        subject: subject.clone(),
        body: "x".into(),
        organisation: Some(org),
    }
    .parse(true)
    .expect("draft");
    let files = clusterhub_core::desk::check_files(
        "attachments",
        vec![("brevet.pdf".into(), b"%PDF-1.4\n".to_vec())],
    )
    .expect("file");
    let o = clusterhub_db::desk::open(
        &app.db,
        scope,
        &draft,
        &files,
        &clusterhub_db::desk::Origin::web(),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .expect("request");
    let (file,): (i64,) = q!(
        "SELECT id FROM request_attachments WHERE request_id = $1",
        o.id
    )
    .one(&app.db)
    .await
    .expect("file");
    (o.number, file, subject)
}

/// Cluster B's trade mission with a delegate and its outcomes: their secret texts.
async fn mission_records(app: &TestApp, scope: &clusterhub_core::access::Scope) -> Vec<String> {
    let secret_mission = "Mission confidentielle à Montréal".to_string();
    let secret_outcome = "Accord confidentiel avec un distributeur".to_string();
    let title = clusterhub_core::MultiText::new().with("fr", &secret_mission);
    let event = q!(
        "INSERT INTO events (cluster_id, kind, subtype, title, starts_at, ends_at, time_zone, status, created_at, updated_at)
         VALUES ($1, 'mission', 'direct', $2, '2031-05-04T12:00:00Z', '2031-05-06T20:00:00Z', 'America/Toronto', 'draft', $3, $3) RETURNING id",
        scope.cluster_id(),
        title.to_json(),
        clusterhub_db::now()
    )
    .int(&app.db)
    .await
    .expect("mission");
    let (org,): (i64,) = q!(
        "SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' ORDER BY organisation_id LIMIT 1",
        scope.cluster_id()
    )
    .one(&app.db)
    .await
    .expect("member");
    clusterhub_db::missions::add_delegate(&app.db, scope, event, org, None)
        .await
        .expect("delegate");
    let outcome = clusterhub_core::mission::Outcome {
        contacts: 3,
        note: secret_outcome.clone(),
        ..Default::default()
    };
    clusterhub_db::missions::save_outcome(&app.db, scope, event, org, &outcome)
        .await
        .expect("outcome");
    vec![secret_mission, secret_outcome]
}

/// Cluster B's draft event (with a session) and a registration for it; ids and secret names.
async fn event_records(
    app: &TestApp,
    scope: &clusterhub_core::access::Scope,
) -> (i64, i64, i64, Vec<String>) {
    let secret_event = "Atelier confidentiel Bayonne 2031".to_string();
    let secret_registrant = "Registrant confidentiel Urrugne".to_string();
    let draft = clusterhub_core::event::EventInput {
        kind: "training".into(),
        title_fr: secret_event.clone(),
        start_date: "2031-03-10".into(),
        start_time: "09:00".into(),
        end_time: "12:00".into(),
        time_zone: "Europe/Paris".into(),
        capacity: "10".into(),
        certificate: true,
        ..Default::default()
    }
    .parse("fr")
    .expect("event");
    let event = clusterhub_db::events::create(&app.db, scope, &draft)
        .await
        .expect("create event");
    let session = clusterhub_db::events::add_session(
        &app.db,
        scope,
        event,
        &clusterhub_db::events::SessionDraft {
            track: String::new(),
            title: clusterhub_core::MultiText::new().with("fr", "Session"),
            starts_at: "2031-03-10T08:00:00Z".into(),
            ends_at: "2031-03-10T09:00:00Z".into(),
            room: None,
            speakers: vec![("Oratrice".into(), None)],
        },
    )
    .await
    .expect("session");
    let registration = q!(
        "INSERT INTO event_registrations (event_id, cluster_id, name, email, email_key, locale, audience, status, ticket, checked_in_at, created_at, updated_at) VALUES ($1, $2, $3, 'urrugne@example.org', 'urrugne@example.org', 'fr', 'guest', 'confirmed', 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0', '2031-03-10T08:05:00Z', '2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z') RETURNING id",
        event,
        scope.cluster_id(),
        secret_registrant.clone()
    )
    .int(&app.db)
    .await
    .expect("registration");
    (
        event,
        session,
        registration,
        vec![secret_event, secret_registrant],
    )
}

/// Cluster B's event made a B2B event: two participants (one of them a member user of cluster
/// B), a marketplace item, an accepted request and its scheduled meeting; ids and secrets.
async fn b2b_records(
    app: &TestApp,
    scope: &clusterhub_core::access::Scope,
    event: i64,
) -> (i64, i64, i64, Vec<String>) {
    use clusterhub_db::b2b;
    let secret_profile = "Profil B2B confidentiel Ciboure".to_string();
    let secret_item = "Offre B2B confidentielle Guéthary".to_string();
    let secret_message = "Message B2B confidentiel Sare".to_string();
    q!("UPDATE events SET b2b = TRUE WHERE id = $1", event)
        .run(&app.db)
        .await
        .expect("b2b event");
    let (guest,): (i64,) = q!(
        "SELECT id FROM event_registrations WHERE event_id = $1 ORDER BY id LIMIT 1",
        event
    )
    .one(&app.db)
    .await
    .expect("registration");
    let member = clusterhub_db::users::by_email(&app.db, "member@cpb.demo")
        .await
        .expect("db")
        .expect("member@cpb.demo");
    let reg = b2b::register(
        &app.db,
        event,
        scope.cluster_id(),
        Some(member.id),
        None,
        &member.name,
        &member.email,
        "",
    )
    .await
    .expect("register");
    let p1 = b2b::seed_participant(&app.db, guest, &secret_profile, "", true)
        .await
        .expect("participant");
    let p2 = b2b::seed_participant(&app.db, reg, "Profil", "", true)
        .await
        .expect("participant");
    let input = clusterhub_core::b2b::ItemInput::parse("offer", &secret_item, "").expect("item");
    let item = b2b::seed_item(&app.db, p1, &input).await.expect("item");
    let request = b2b::seed_request(
        &app.db,
        p2,
        p1,
        &secret_message,
        clusterhub_core::b2b::RequestStatus::Accepted,
        (false, false),
    )
    .await
    .expect("request");
    let a = b2b::access(&app.db, scope, event).await.expect("access");
    b2b::replace_slots(
        &app.db,
        &a,
        &[("2031-03-10T13:00:00Z".into(), "2031-03-10T13:20:00Z".into())],
        2,
    )
    .await
    .expect("slots");
    clusterhub_web::b2b::run(&app.db, &a).await.expect("run");
    let (meeting,): (i64,) = q!("SELECT id FROM b2b_meetings WHERE request_id = $1", request)
        .one(&app.db)
        .await
        .expect("meeting");
    (
        request,
        item,
        meeting,
        vec![secret_profile, secret_item, secret_message],
    )
}

/// Points a route at cluster B's records. A route with a parameter this does not know fails the
/// test, so a new route cannot slip past the walk.
fn fill(path: &str, t: &Target) -> String {
    let filled = path
        .replace("{slug}", "cpb")
        .replace("{org}", &t.org.to_string())
        .replace("{person}", &t.person.to_string())
        .replace("{group}", &t.group.to_string())
        .replace("{meeting}", &t.meeting.to_string())
        .replace("{token}", &t.token.to_string())
        .replace("{user}", &t.user.to_string())
        .replace("{campaign}", &t.campaign.to_string())
        .replace("{activity}", &t.activity.to_string())
        .replace("{code}", &t.code)
        .replace("{value}", &t.value.to_string())
        .replace("{request}", &t.request.to_string())
        .replace("{attachment}", &t.attachment.to_string())
        .replace("{resource}", &t.resource.to_string())
        .replace("{opportunity}", &t.opportunity.to_string())
        .replace("{profile}", &t.profile.to_string())
        .replace("{bulletin}", &t.bulletin.to_string())
        .replace("{event}", &t.event.to_string())
        .replace("{b2b_request}", &t.b2b_request.to_string())
        .replace("{b2b_item}", &t.b2b_item.to_string())
        .replace("{b2b_meeting}", &t.b2b_meeting.to_string())
        .replace("{session}", &t.session.to_string())
        .replace("{registration}", &t.registration.to_string())
        .replace("{action}", "checkin")
        // Not a ticket's secret: ticket routes must refuse it like any private page.
        .replace("{ticket}", &"0".repeat(40))
        // Not a subscription's token: the token routes must refuse it.
        .replace("{file}", &format!("{}.atom", "0".repeat(48)))
        .replace("{import}", "0123456789abcdef01234567");
    assert!(
        !filled.contains('{'),
        "isolation test does not know a parameter of {path}"
    );
    filled
}

/// Everything that could change if a write slipped through.
async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut v = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM audit_log",
        "SELECT COUNT(*) FROM memberships WHERE status = 'active'",
        "SELECT COUNT(*) FROM organisations",
        "SELECT COUNT(*) FROM people",
        "SELECT COUNT(*) FROM meetings",
        "SELECT COUNT(*) FROM meetings WHERE minutes = 'hacked'",
        "SELECT COUNT(*) FROM api_tokens",
        "SELECT COUNT(*) FROM organisations WHERE name = 'Hacked'",
        "SELECT COUNT(*) FROM survey_campaigns",
        "SELECT COUNT(*) FROM survey_campaigns WHERE closed",
        "SELECT COUNT(*) FROM survey_responses",
        "SELECT COUNT(*) FROM survey_reminders",
        "SELECT COUNT(*) FROM activities",
        "SELECT COUNT(*) FROM activity_links",
        "SELECT COUNT(*) FROM activities WHERE title = 'Hacked'",
        "SELECT COUNT(*) FROM indicator_values",
        "SELECT COUNT(*) FROM action_statuses",
        "SELECT COUNT(*) FROM plan_revisions",
        "SELECT COUNT(*) FROM resources",
        "SELECT COUNT(*) FROM resources WHERE status = 'published'",
        "SELECT COUNT(*) FROM requests",
        "SELECT COUNT(*) FROM request_messages",
        "SELECT COUNT(*) FROM requests WHERE status = 'closed'",
        "SELECT COUNT(*) FROM services",
        "SELECT COUNT(*) FROM notification_preferences",
        "SELECT COUNT(*) FROM opportunities",
        "SELECT COUNT(*) FROM opportunities WHERE shared",
        "SELECT COUNT(*) FROM alert_profiles WHERE archived_at IS NULL",
        "SELECT COUNT(*) FROM alert_profiles WHERE name = 'Hacked'",
        "SELECT COUNT(*) FROM matches",
        "SELECT COUNT(*) FROM matches WHERE state <> 'new'",
        "SELECT COUNT(*) FROM match_feedback",
        "SELECT COUNT(*) FROM match_shares",
        "SELECT COUNT(*) FROM watch_subscriptions",
        "SELECT COUNT(*) FROM watch_subscriptions WHERE frequency <> 'weekly'",
        "SELECT COUNT(*) FROM bulletins",
        "SELECT COUNT(*) FROM bulletins WHERE status <> 'draft' OR title = 'Hacked'",
        "SELECT COUNT(*) FROM bulletin_deliveries",
        "SELECT COUNT(*) FROM b2b_participants",
        "SELECT COUNT(*) FROM b2b_participants WHERE published",
        "SELECT COUNT(*) FROM b2b_items",
        "SELECT COUNT(*) FROM b2b_requests",
        "SELECT COUNT(*) FROM b2b_requests WHERE status <> 'accepted' OR from_starred OR to_starred",
        "SELECT COUNT(*) FROM b2b_slots",
        "SELECT COUNT(*) FROM b2b_availability",
        "SELECT COUNT(*) FROM b2b_meetings",
        "SELECT COUNT(*) FROM b2b_meetings WHERE locked",
        "SELECT COUNT(*) FROM b2b_bookings",
        "SELECT COUNT(*) FROM b2b_outcomes",
        "SELECT COUNT(*) FROM b2b_events WHERE published_at IS NOT NULL",
        "SELECT COUNT(*) FROM events",
        "SELECT COUNT(*) FROM events WHERE status <> 'draft'",
        "SELECT COUNT(*) FROM event_sessions",
        "SELECT COUNT(*) FROM event_shares",
        "SELECT COUNT(*) FROM event_registrations",
        "SELECT COUNT(*) FROM event_registrations WHERE status <> 'confirmed' OR checked_in_at IS NULL",
        "SELECT COUNT(*) FROM mission_delegates",
        "SELECT COUNT(*) FROM mission_stands",
        "SELECT COUNT(*) FROM mission_stand_shares",
        "SELECT COUNT(*) FROM mission_outcomes",
        "SELECT COUNT(*) FROM partner_dismissals",
        "SELECT COUNT(*) FROM partner_introductions",
    ] {
        v.push(app.count(sql).await);
    }
    v
}

const FORM: &[(&str, &str)] = &[
    ("name", "Hacked"),
    ("entity_type", "company"),
    ("typology", "ordinary"),
    ("status", "active"),
    ("reason", "because"),
    ("duplicate", "1"),
    ("title", "Hacked"),
    ("starts_at", "2030-01-01T10:00"),
    ("minutes", "hacked"),
    ("lang", "eu"),
    ("first_name", "Hacked"),
    ("year", "2031"),
    ("opens_on", "2031-01-01"),
    ("closes_on", "2031-02-01"),
    ("revenue", "666"),
    ("kind", "event"),
    ("starts_on", "2030-01-01"),
    ("value", "1"),
    ("source", "hacked"),
    ("col", "2025"),
];
const JSON: &str = r#"{"name":"Hacked","entity_type":"company","typology":"ordinary","status":"active","reason":"x","first_name":"Hacked","title":"Hacked","starts_at":"2030-01-01T10:00","kind":"event","starts_on":"2030-01-01"}"#;

/// Posts the form; a route that takes a file upload gets it the way a browser sends one.
async fn post(app: &TestApp, b: &Browser, path: &str) -> crate::support::Res {
    let r = app.post_form(b, path, FORM).await;
    if !matches!(r.status.as_u16(), 400 | 415) {
        return r;
    }
    let plan = include_str!("../../../../demo/plans/cpb-sante-medtech.toml");
    app.post_multipart(b, path, FORM, ("file", "plan.toml", plan.as_bytes()))
        .await
}

async fn walk(app: &TestApp, who: &str, b: &Browser, t: &Target) {
    let before = fingerprint(app).await;
    for r in clusterhub_web::route_table() {
        // Signing in and out, choosing a language, creating one's own API token and choosing
        // one's e-mail notifications act on the visitor, not on any cluster.
        if matches!(
            r.path,
            "/login" | "/logout" | "/lang" | "/account/tokens" | "/account/notifications"
        ) && r.method == "POST"
        {
            continue;
        }
        let path = fill(r.path, t);
        let res = if r.method == "GET" {
            app.get(b, &path).await
        } else if r.path.starts_with("/api/") {
            app.send_json(b, r.method, &path, JSON).await
        } else {
            post(app, b, &path).await
        };
        for s in &t.secrets {
            assert!(
                !res.body.contains(s.as_str()),
                "{who}: {} {path} leaked {s:?}",
                r.method
            );
        }
        let public = r.method == "GET" && PUBLIC_GET.contains(&r.path);
        if !public {
            let refused = matches!(res.status.as_u16(), 401 | 403 | 404 | 405 | 422)
                || (res.status == 303 && res.location().starts_with("/login"));
            assert!(
                refused,
                "{who}: {} {path} answered {} {}",
                r.method,
                res.status,
                &res.body[..res.body.len().min(300)]
            );
        }
    }
    assert_eq!(
        before,
        fingerprint(app).await,
        "{who}: a write went through"
    );
}

#[tokio::test]
async fn users_of_one_cluster_cannot_read_or_change_another_clusters_private_data() {
    let app = TestApp::demo().await;
    let t = target(&app).await;
    // Positive control: cluster B's own staff do see these records, so the assertions below
    // are looking for data that really is there.
    let cpb_staff = app.login("staff@cpb.demo").await;
    let org_page = app
        .get(&cpb_staff, &format!("/c/cpb/organisations/{}", t.org))
        .await;
    assert_eq!(org_page.status, 200);
    assert!(
        org_page.body.contains(&t.secrets[0]) && org_page.body.contains(&t.secrets[1]),
        "staff of cpb see their applicant and its people"
    );
    let people = app
        .get(&cpb_staff, &format!("/c/cpb/people/{}", t.person))
        .await;
    assert_eq!(people.status, 200);
    let apps = app.get(&cpb_staff, "/c/cpb/applications").await;
    assert!(apps.body.contains(&t.secrets[0]));
    for (path, secret) in [
        (
            format!("/c/cpb/opportunities/{}", t.opportunity),
            "Appel confidentiel Anglet 2031",
        ),
        (
            format!("/c/cpb/watch/profiles/{}/edit", t.profile),
            "Veille confidentielle Hasparren",
        ),
        (
            format!("/c/cpb/bulletins/{}", t.bulletin),
            "Bulletin confidentiel Biarritz",
        ),
        (
            format!("/c/cpb/events/{}", t.event),
            "Atelier confidentiel Bayonne 2031",
        ),
        (
            format!("/c/cpb/events/{}/registrations", t.event),
            "Registrant confidentiel Urrugne",
        ),
        (
            format!("/c/cpb/events/{}/b2b/organiser", t.event),
            "Registrant confidentiel Urrugne",
        ),
        (
            format!("/c/cpb/events/{}/b2b", t.event),
            "Profil B2B confidentiel Ciboure",
        ),
        (
            format!("/c/cpb/events/{}/b2b", t.event),
            "Offre B2B confidentielle Guéthary",
        ),
    ] {
        let r = app.get(&cpb_staff, &path).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.body.contains(secret), "{path} shows {secret}");
    }
    let notes = app
        .get(
            &cpb_staff,
            "/api/v1/clusters/cpb/organisations?status=active&per_page=200",
        )
        .await;
    assert_eq!(notes.status, 200);

    for who in [
        "member@bhc.demo",
        "staff@bhc.demo",
        "board@bhc.demo",
        "partner@bhc.demo",
    ] {
        let b = app.login(who).await;
        walk(&app, who, &b, &t).await;
    }
    let api = app.token("staff@bhc.demo").await;
    walk(&app, "staff@bhc.demo (token)", &api, &t).await;
    let anon = app.anonymous().await;
    walk(&app, "anonymous", &anon, &t).await;
}

#[tokio::test]
async fn every_form_post_needs_the_csrf_token() {
    let app = TestApp::demo().await;
    let t = target(&app).await;
    let mut b = app.login("staff@cpb.demo").await;
    b.csrf = "0".repeat(64);
    let before = fingerprint(&app).await;
    for r in clusterhub_web::route_table()
        .iter()
        // RFC 8058 one-click unsubscribe: mail readers post without a session or a CSRF token;
        // the unguessable token in the URL is the authority (tests/it/watch.rs covers it).
        .filter(|r| r.method != "GET" && r.path != "/watch/unsubscribe/{token}")
    {
        let path = fill(r.path, &t);
        let res = if r.path.starts_with("/api/") {
            app.send_json(&b, r.method, &path, JSON).await
        } else {
            post(&app, &b, &path).await
        };
        assert!(
            matches!(res.status.as_u16(), 403 | 422),
            "{} {path} accepted a forged form: {}",
            r.method,
            res.status
        );
    }
    assert_eq!(before, fingerprint(&app).await);
}
