//! Tender watch (issue 5): eForms imports (idempotent, change notices update their original,
//! bad files refused whole), alert profiles and the member's feed through the pages, who sees
//! what, the surveillance bulletin on a real SMTP server (planned once, never sent twice,
//! one-click unsubscribe, vigilance activity), the staff's curated bulletin, and the token
//! feeds (Atom, iCalendar).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::support::{self, Browser, SmtpServer, TestApp};
use axum::http::StatusCode;
use clusterhub_db::bulletins::{self, Frequency};
use clusterhub_db::q;
use clusterhub_watch::notice::{Notice, NoticeForm};
use clusterhub_web::AppState;
use clusterhub_web::mail::Mailer;
use clusterhub_web::watch::{RunLimits, import_path, run_digest, run_key};
use time::OffsetDateTime;

/// The notices the demo imports (so a test that wants a notice the demo does not have avoids
/// them).
const DEMO_NOTICES: &[&str] = &[
    "pin-buyer_24.xml",
    "veat_24.xml",
    "can_24_maximal.xml",
    "cn-social_24.xml",
    "t02_ESP.xml",
    "cn_24_multilingual.xml",
    "pin-only_24.xml",
    "can-social_24.xml",
];

fn examples() -> PathBuf {
    support::shared_data("eforms/examples/notices")
}

/// Every example notice file name, sorted.
fn example_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(examples())
        .expect("eForms examples")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    v.sort();
    v
}

fn parse_example(name: &str) -> Notice {
    let bytes = std::fs::read(examples().join(name)).expect("read notice");
    clusterhub_watch::eforms::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The notice a change notice changes: `efbc:ChangedNoticeIdentifier` is "<id>-<version>".
fn changed_id(n: &Notice) -> Option<String> {
    let c = n.changes.as_deref()?;
    Some(match c.rsplit_once('-') {
        Some((id, v)) if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) => id.to_string(),
        _ => c.to_string(),
    })
}

/// A fresh empty folder under the system's temporary one.
fn temp_dir(label: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "clusterhub-watch-{label}-{}-{t}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn copy_into(dir: &Path, names: &[&str]) {
    for n in names {
        std::fs::copy(examples().join(n), dir.join(n)).expect("copy notice");
    }
}

/// The opportunities a page lists or shows as matches (`data-opportunity="…"`).
fn ids_on_page(body: &str) -> BTreeSet<i64> {
    body.split("data-opportunity=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

/// The `data-state` of one opportunity in the feed page.
fn state_on_page(body: &str, id: i64) -> Option<String> {
    let at = body.find(&format!("data-opportunity=\"{id}\" data-state=\""))?;
    let rest = &body[at..];
    let rest = &rest[rest.find("data-state=\"")? + "data-state=\"".len()..];
    Some(rest.split('"').next()?.to_string())
}

fn id_from_location(location: &str) -> i64 {
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no id in {location:?}"))
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    clusterhub_db::users::by_email(&app.db, email)
        .await
        .expect("db")
        .expect("user")
        .id
}

async fn org_of(app: &TestApp, email: &str, slug: &str) -> i64 {
    let cid = app.cluster_id(slug).await;
    let (org,): (i64,) = q!(
        "SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = $1 AND r.cluster_id = $2 AND r.role = 'member'",
        email,
        cid
    )
    .one(&app.db)
    .await
    .expect("member role");
    org
}

/// An active member of `slug` with no alert profile and no user yet.
async fn quiet_member(app: &TestApp, slug: &str, skip: &[i64]) -> i64 {
    let cid = app.cluster_id(slug).await;
    let rows: Vec<(i64,)> = q!(
        "SELECT m.organisation_id FROM memberships m WHERE m.cluster_id = $1 AND m.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM alert_profiles p WHERE p.organisation_id = m.organisation_id)
         AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.organisation_id = m.organisation_id)
         ORDER BY m.organisation_id",
        cid
    )
    .all(&app.db)
    .await
    .expect("members");
    rows.into_iter()
        .map(|(o,)| o)
        .find(|o| !skip.contains(o))
        .expect("a member without profile")
}

/// Staff create an opportunity of their cluster through the form; its id.
async fn create_opportunity(
    app: &TestApp,
    staff: &Browser,
    slug: &str,
    fields: &[(&str, &str)],
) -> i64 {
    let r = app
        .post_form(staff, &format!("/c/{slug}/opportunities"), fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    id_from_location(r.location())
}

async fn opportunity_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM opportunities").await
}

/// A member user's subscription token in a cluster (made on first use, as the feed page does).
async fn token_of(app: &TestApp, email: &str, slug: &str) -> String {
    let uid = user_id(app, email).await;
    let cid = app.cluster_id(slug).await;
    bulletins::subscription(&app.db, uid, cid)
        .await
        .expect("subscription")
        .token
}

fn state_with_mailer(app: &TestApp, smtp: &SmtpServer) -> AppState {
    let mut state = AppState::new(app.db.clone());
    state.mailer = Some(Arc::new(mailer(&smtp.url())));
    state
}

fn mailer(url: &str) -> Mailer {
    Mailer::from_url(url)
        .expect("mailer")
        .with_public_url("https://hub.example")
}

// ---------------------------------------------------------------------------------------------
// Imports

#[tokio::test]
async fn importing_the_eforms_examples_stores_each_notice_once_and_again_changes_nothing() {
    let app = TestApp::empty().await;
    let state = AppState::new(app.db.clone());
    let files = example_files();
    let r = import_path(&state, &examples()).await.expect("import");
    assert_eq!(r.files.len(), files.len(), "every file is reported once");

    // The notice identity each file stands for: its own id, or the one it changes.
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut invalid = 0;
    for name in &files {
        let outcome = r
            .files
            .iter()
            .find(|f| &f.file == name)
            .unwrap_or_else(|| panic!("{name} not in the report"));
        if name.starts_with("INVALID_") {
            invalid += 1;
            assert_eq!(outcome.outcome, "rejected", "{name}");
            assert!(
                outcome
                    .error
                    .as_deref()
                    .is_some_and(|e| !e.trim().is_empty()),
                "{name} rejected without a reason"
            );
            assert_eq!(outcome.opportunity, None);
            continue;
        }
        let n = parse_example(name);
        if n.form == NoticeForm::BusinessRegistration {
            assert_eq!(outcome.outcome, "skipped", "{name}");
            assert!(
                outcome
                    .error
                    .as_deref()
                    .is_some_and(|e| e.contains("registration"))
            );
            continue;
        }
        assert!(
            ["created", "updated", "unchanged"].contains(&outcome.outcome.as_str()),
            "{name}: {:?} {:?}",
            outcome.outcome,
            outcome.error
        );
        assert!(outcome.opportunity.is_some(), "{name}");
        keys.insert(name.clone(), changed_id(&n).unwrap_or(n.id.clone()));
    }
    assert_eq!(r.rejected, invalid);
    assert!(invalid >= 10 && keys.len() > 60, "the examples are there");
    let identities: BTreeSet<&String> = keys.values().collect();
    let count = opportunity_count(&app).await;
    assert_eq!(
        count,
        identities.len() as i64,
        "one opportunity per notice, change notices included in theirs"
    );
    assert_eq!(
        r.created,
        identities.len(),
        "each identity created once, by its first file"
    );

    // Files of one identity (a notice and its change notices, or two versions of one notice)
    // share their opportunity; the newest one is what is stored.
    let outcome_of = |name: &str| {
        r.files
            .iter()
            .find(|f| f.file == name)
            .and_then(|f| f.opportunity)
    };
    let mut changes_seen = 0;
    for (name, key) in &keys {
        let n = parse_example(name);
        if n.changes.is_none() {
            continue;
        }
        let Some((original, _)) = keys
            .iter()
            .find(|(f, k)| *k == key && parse_example(f).changes.is_none())
        else {
            continue;
        };
        changes_seen += 1;
        assert_eq!(
            outcome_of(name),
            outcome_of(original),
            "{name} updates {original}'s opportunity"
        );
        let (stored,): (Option<String>,) = q!(
            "SELECT notice FROM opportunities WHERE id = $1",
            outcome_of(name).expect("id")
        )
        .one(&app.db)
        .await
        .expect("opportunity");
        let stored: Notice =
            serde_json::from_str(&stored.expect("notice kept")).expect("notice JSON");
        assert_eq!(
            stored.id, n.id,
            "the change notice {name}, not the original {original}, is what is shown"
        );
    }
    assert!(
        changes_seen >= 3,
        "the change-cn_24_* examples change notices of the examples"
    );

    // Again: nothing changes, and the report says so file by file.
    let matches = app.count("SELECT COUNT(*) FROM matches").await;
    let again = import_path(&state, &examples())
        .await
        .expect("import again");
    for f in &again.files {
        if keys.contains_key(&f.file) {
            assert_eq!(f.outcome, "unchanged", "{} again: {:?}", f.file, f.error);
            assert_eq!(f.opportunity, outcome_of(&f.file), "{}", f.file);
        } else {
            assert!(
                ["rejected", "skipped"].contains(&f.outcome.as_str()),
                "{}",
                f.file
            );
        }
    }
    assert_eq!((again.created, again.updated), (0, 0));
    assert_eq!(opportunity_count(&app).await, count);
    assert_eq!(app.count("SELECT COUNT(*) FROM matches").await, matches);
}

#[tokio::test]
async fn a_change_notice_or_a_new_version_updates_the_opportunity_of_the_notice_it_changes() {
    let app = TestApp::empty().await;
    let state = AppState::new(app.db.clone());

    // The original first, then its change notice (which moves the dates), then the original
    // arriving late.
    let original = temp_dir("original");
    copy_into(&original, &["cn_24_open.xml"]);
    let change = temp_dir("change");
    copy_into(&change, &["change-cn_24_open_dates.xml"]);
    let first = import_path(&state, &original).await.expect("import");
    assert_eq!(first.files[0].outcome, "created");
    let id = first.files[0].opportunity.expect("id");

    let r = import_path(&state, &change).await.expect("import change");
    assert_eq!(r.files[0].outcome, "updated", "{:?}", r.files[0].error);
    assert_eq!(r.files[0].opportunity, Some(id));
    assert_eq!(opportunity_count(&app).await, 1);
    let changed = parse_example("change-cn_24_open_dates.xml");
    let stored: (Option<String>, String) = q!(
        "SELECT deadline, notice FROM opportunities WHERE id = $1",
        id
    )
    .one(&app.db)
    .await
    .expect("row");
    let notice: Notice = serde_json::from_str(&stored.1).expect("notice");
    assert_eq!(notice.id, changed.id);
    let deadline = changed.deadline().map(clusterhub_core::parse::stamp);
    assert_eq!(stored.0, deadline, "the changed dates are the ones kept");

    let late = import_path(&state, &original).await.expect("late original");
    assert_eq!(
        late.files[0].outcome, "unchanged",
        "an older notice does not undo its change"
    );
    assert_eq!(opportunity_count(&app).await, 1);

    // A new version of a notice (same id, VersionID 02, another title) replaces version 01.
    let v1 = std::fs::read_to_string(examples().join("cn_24_minimal.xml")).expect("read");
    assert!(v1.contains("<cbc:VersionID>01</cbc:VersionID>"));
    let title = parse_example("cn_24_minimal.xml")
        .title
        .best("en")
        .expect("title")
        .to_string();
    let v2 = v1
        .replace(
            "<cbc:VersionID>01</cbc:VersionID>",
            "<cbc:VersionID>02</cbc:VersionID>",
        )
        .replace(&format!(">{title}<"), ">Version two of the minimal notice<");
    assert_ne!(v1, v2);
    let dir1 = temp_dir("v1");
    std::fs::write(dir1.join("n.xml"), &v1).expect("write");
    let dir2 = temp_dir("v2");
    std::fs::write(dir2.join("n.xml"), &v2).expect("write");
    let a = import_path(&state, &dir1).await.expect("v1");
    assert_eq!(a.files[0].outcome, "created");
    let b = import_path(&state, &dir2).await.expect("v2");
    assert_eq!(b.files[0].outcome, "updated", "{:?}", b.files[0].error);
    assert_eq!(b.files[0].opportunity, a.files[0].opportunity);
    let (t,): (String,) = q!(
        "SELECT title FROM opportunities WHERE id = $1",
        b.files[0].opportunity.expect("id")
    )
    .one(&app.db)
    .await
    .expect("title");
    assert!(t.contains("Version two of the minimal notice"), "{t}");
    let c = import_path(&state, &dir1).await.expect("v1 again");
    assert_eq!(c.files[0].outcome, "unchanged");
    assert_eq!(opportunity_count(&app).await, 2);
    for d in [original, change, dir1, dir2] {
        let _ = std::fs::remove_dir_all(d);
    }
}

const LAUGHS: &str = r#"<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>"#;

/// The text after `<strong>{file}</strong>: ` in the import report.
fn rejection(body: &str, file: &str) -> Option<String> {
    let at = body.find(&format!("<strong>{file}</strong>: "))?;
    let rest = &body[at + file.len() + "<strong></strong>: ".len()..];
    Some(rest.split("</li>").next()?.to_string())
}

#[tokio::test]
async fn an_upload_that_is_not_a_good_notice_is_refused_with_its_reason_and_stores_nothing() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let minimal = std::fs::read(examples().join("cn_24_minimal.xml")).expect("notice");
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let app = &app;
        let staff = &staff;
        async move {
            app.post_multipart(
                staff,
                "/c/bhc/opportunities/import",
                &[("kind", "call")],
                ("file", name, &bytes),
            )
            .await
        }
    };
    let before = opportunity_count(&app).await;

    // Not XML at all: read as a package, which it is not.
    let r = upload("notes.txt", b"Just a few words, not a notice.".to_vec()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"form-errors\"") && r.body.contains("notes.txt"));
    assert_eq!(opportunity_count(&app).await, before);

    // A notice cut in half, and a notice with an entity-expansion DOCTYPE.
    let truncated = minimal[..minimal.len() / 2].to_vec();
    let notice_text = String::from_utf8(minimal.clone()).expect("utf-8");
    let body_start = notice_text.find("<ContractNotice").expect("root");
    let laughs = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{LAUGHS}\n{}",
        notice_text[body_start..].replacen("</cbc:Name>", "&lol4;</cbc:Name>", 1)
    );
    for (name, bytes, why) in [
        ("cn_24_minimal.xml", truncated, None),
        ("lolz.xml", laughs.into_bytes(), Some("DOCTYPE")),
    ] {
        let r = upload(name, bytes).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(
            r.body.contains("id=\"import-rejected\""),
            "{name}: {}",
            r.body
        );
        let reason = rejection(&r.body, name).unwrap_or_else(|| panic!("{name} not reported"));
        assert!(
            !reason.trim().is_empty(),
            "{name} rejected without a reason"
        );
        if let Some(w) = why {
            assert!(reason.contains(w), "{name}: {reason}");
        }
        assert_eq!(
            opportunity_count(&app).await,
            before,
            "{name} stored something"
        );
    }

    // A feed with a DOCTYPE is refused whole too.
    let rss = format!(
        "<?xml version=\"1.0\"?>\n{LAUGHS}\n<rss version=\"2.0\"><channel><title>x</title><item><title>&lol4;</title><guid>a</guid></item><item><title>Fine</title><guid>b</guid></item></channel></rss>"
    );
    let r = upload("calls.rss", rss.into_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("calls.rss") && r.body.contains("DOCTYPE"),
        "{}",
        r.body
    );
    assert_eq!(opportunity_count(&app).await, before);

    // Positive control: the whole notice goes in.
    let r = upload("cn_24_minimal.xml", minimal).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"import-report\"") && !r.body.contains("id=\"import-rejected\""));
    assert_eq!(opportunity_count(&app).await, before + 1);
}

// ---------------------------------------------------------------------------------------------
// Profiles and the feed, as a member does it

#[tokio::test]
async fn a_member_sets_up_a_profile_sees_its_matches_with_reasons_and_triages_them() {
    let app = TestApp::demo().await;
    let cid = app.cluster_id("bhc").await;
    // An active member without profile whose proposal has something to match on.
    let mut skip = Vec::new();
    let (org, proposal) = loop {
        let org = quiet_member(&app, "bhc", &skip).await;
        let p = clusterhub_db::watch::propose(
            &app.db,
            &clusterhub_web::watch::system_scope(cid),
            org,
            "x",
        )
        .await
        .expect("proposal");
        if !p.cpv.is_empty() {
            break (org, p);
        }
        skip.push(org);
    };
    let me = app
        .member_user("lur@member.example", "bhc", org, Some("en"))
        .await;
    let b = app.login("lur@member.example").await;

    let page = app.get(&b, "/c/bhc/watch").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"watch-first-profile\""),
        "no profile yet: invited to make one"
    );
    let form = app.get(&b, "/c/bhc/watch/profiles/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("id=\"watch-proposed\""));
    assert!(
        form.body
            .contains(&format!("name=\"cpv\" value=\"{}\"", proposal.cpv)),
        "the form starts from the proposal ({}): {}",
        proposal.cpv,
        form.body
    );

    // Unknown codes: the form again, with the errors and what was typed.
    let typed = [
        ("name", "Social care"),
        ("cpv", "99999999"),
        ("nuts", "XX9"),
        ("keywords", "teleasistencia"),
        ("kinds", "planning"),
        ("kinds", "tender"),
    ];
    let r = app.post_form(&b, "/c/bhc/watch/profiles", &typed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for kept in [
        "value=\"99999999\"",
        "value=\"XX9\"",
        ">teleasistencia</textarea>",
        "value=\"Social care\"",
    ] {
        assert!(r.body.contains(kept), "{kept} not kept");
    }
    assert!(r.body.contains("id=\"cpv-error\"") && r.body.contains("id=\"nuts-error\""));
    let profiles = format!("SELECT COUNT(*) FROM alert_profiles WHERE organisation_id = {org}");
    assert_eq!(app.count(&profiles).await, 0);

    let r = app
        .post_form(
            &b,
            "/c/bhc/watch/profiles",
            &[
                ("name", "Social care"),
                ("cpv", "85"),
                ("nuts", ""),
                ("keywords", "teleasistencia"),
                ("kinds", "planning"),
                ("kinds", "tender"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.count(&profiles).await, 1);

    // Notices of health and social services (CPV 85…) the demo does not have yet.
    let picked: Vec<String> = example_files()
        .into_iter()
        .filter(|f| !f.starts_with("INVALID_") && !DEMO_NOTICES.contains(&f.as_str()))
        .filter(|f| {
            let n = parse_example(f);
            matches!(n.form, NoticeForm::Contract | NoticeForm::PriorInformation)
                && n.changes.is_none()
                && n.all_cpv().iter().any(|c| c.starts_with("85"))
        })
        .collect();
    assert!(picked.len() >= 2, "{picked:?}");
    let before = ids_on_page(&app.get(&b, "/c/bhc/watch?state=all").await.body);
    let dir = temp_dir("social");
    copy_into(&dir, &picked.iter().map(String::as_str).collect::<Vec<_>>());
    let state = AppState::new(app.db.clone());
    let report = import_path(&state, &dir).await.expect("import");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.matched >= picked.len(), "{report:?}");
    let new_ids: Vec<i64> = report.files.iter().filter_map(|f| f.opportunity).collect();
    assert_eq!(new_ids.len(), picked.len());

    let page = app.get(&b, "/c/bhc/watch").await;
    let shown = ids_on_page(&page.body);
    for id in &new_ids {
        assert!(
            !before.contains(id) && shown.contains(id),
            "match {id} appears"
        );
    }
    assert!(
        page.body.contains("CPV 85") && page.body.contains("under your 85"),
        "the reason is given: {}",
        page.body
    );

    // Dismiss with a verdict: recorded, gone from the default view, kept under "dismissed".
    let (gone, kept) = (new_ids[0], new_ids[1]);
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/watch/{gone}/state"),
            &[
                ("state", "dismissed"),
                ("verdict", "not_for_us"),
                ("note", "Too far away"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (verdict, note, by): (String, String, i64) = q!(
        "SELECT f.verdict, f.note, f.user_id FROM match_feedback f JOIN matches m ON m.id = f.match_id WHERE m.organisation_id = $1 AND m.opportunity_id = $2",
        org,
        gone
    )
    .one(&app.db)
    .await
    .expect("feedback recorded");
    assert_eq!(
        (verdict.as_str(), note.as_str(), by),
        ("not_for_us", "Too far away", me)
    );
    assert!(!ids_on_page(&app.get(&b, "/c/bhc/watch").await.body).contains(&gone));
    let dismissed = app.get(&b, "/c/bhc/watch?state=dismissed").await;
    assert!(ids_on_page(&dismissed.body).contains(&gone));
    assert!(!ids_on_page(&dismissed.body).contains(&kept));

    // Save.
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/watch/{kept}/state"),
            &[("state", "saved")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = app.get(&b, "/c/bhc/watch?state=saved").await;
    assert_eq!(ids_on_page(&saved.body), BTreeSet::from([kept]));
    assert_eq!(
        state_on_page(&app.get(&b, "/c/bhc/watch").await.body, kept).as_deref(),
        Some("saved")
    );

    // Share with a colleague of the same organisation; not with someone of another one.
    let colleague = app
        .member_user("mikel@member.example", "bhc", org, Some("en"))
        .await;
    let page = app.get(&b, "/c/bhc/watch").await;
    assert!(
        page.body
            .contains(&format!("<option value=\"{colleague}\">"))
    );
    let stranger = user_id(&app, "member@bhc.demo").await;
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/watch/{kept}/share"),
            &[("to", &stranger.to_string()), ("note", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(app.count("SELECT COUNT(*) FROM match_shares").await, 0);
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/watch/{kept}/share"),
            &[("to", &colleague.to_string()), ("note", "Worth a look")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = app.login("mikel@member.example").await;
    let theirs = app.get(&c, "/c/bhc/watch").await;
    assert!(
        theirs.body.contains("Shared by lur@member.example")
            && theirs.body.contains("Worth a look"),
        "{}",
        theirs.body
    );
    assert_eq!(
        ids_on_page(&app.get(&c, "/c/bhc/watch?state=shared").await.body),
        BTreeSet::from([kept])
    );
    assert!(!app.get(&b, "/c/bhc/watch").await.body.contains("Shared by"));
}

// ---------------------------------------------------------------------------------------------
// Who sees what

fn rss(title: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Calls</title><link>https://calls.example/</link><language>en</language>\
         <item><title>{title}</title><description>A digital health call for companies.</description><link>https://calls.example/1</link><guid>cpb-call-1</guid></item>\
         </channel></rss>"
    )
    .into_bytes()
}

#[tokio::test]
async fn members_see_only_what_is_theirs_and_other_clusters_only_what_they_share() {
    let app = TestApp::demo()
        .await
        .with_mailer(mailer("smtp://127.0.0.1:9"));
    let cpb_staff = app.login("staff@cpb.demo").await;
    let member = app.login("member@bhc.demo").await;
    let org_a = org_of(&app, "member@bhc.demo", "bhc").await;

    // Cluster B's own call, private: cluster A's members neither list nor open it, and their
    // profiles do not match it.
    let secret = "Confidential digital health call of Bayonne";
    let r = app
        .post_multipart(
            &cpb_staff,
            "/c/cpb/opportunities/import",
            &[("kind", "call")],
            ("file", "calls.rss", &rss(secret)),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (opp,): (i64,) = q!("SELECT id FROM opportunities WHERE source_key = 'cpb-call-1'")
        .one(&app.db)
        .await
        .expect("imported");
    let matched_a = format!(
        "SELECT COUNT(*) FROM matches WHERE organisation_id = {org_a} AND opportunity_id = {opp}"
    );
    for path in [
        "/c/bhc/opportunities",
        "/c/bhc/opportunities?origin=shared",
        "/c/bhc/opportunities?q=Bayonne",
    ] {
        let r = app.get(&member, path).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.body.contains(secret), "{path} lists B's private call");
    }
    assert_eq!(
        app.get(&member, &format!("/c/bhc/opportunities/{opp}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count(&matched_a).await, 0);
    // Positive control: cluster B sees it.
    assert!(
        app.get(&cpb_staff, "/c/cpb/opportunities")
            .await
            .body
            .contains(secret)
    );

    // B shares it (the same feed again, shared): now A's members see it, and it matches.
    let r = app
        .post_multipart(
            &cpb_staff,
            "/c/cpb/opportunities/import",
            &[("kind", "call"), ("shared", "1")],
            ("file", "calls.rss", &rss(secret)),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.get(&member, "/c/bhc/opportunities?origin=shared").await;
    assert!(r.body.contains(secret), "shared calls are listed");
    let r = app
        .get(&member, &format!("/c/bhc/opportunities/{opp}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(secret));
    assert_eq!(
        app.count(&matched_a).await,
        1,
        "A's profile (keyword health) now matches it"
    );

    // Another member of cluster A, with a profile of its own.
    let cid = app.cluster_id("bhc").await;
    let (org_b,): (i64,) = q!(
        "SELECT organisation_id FROM alert_profiles WHERE cluster_id = $1 AND organisation_id <> $2 ORDER BY id LIMIT 1",
        cid,
        org_a
    )
    .one(&app.db)
    .await
    .expect("another member with a profile");
    app.member_user("other@member.example", "bhc", org_b, Some("en"))
        .await;
    let other = app.login("other@member.example").await;
    // A profile only A has, and an opportunity only it catches.
    let r = app
        .post_form(
            &member,
            "/c/bhc/watch/profiles",
            &[
                ("name", "Zirconia"),
                ("keywords", "zirconia"),
                ("kinds", "call"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (profile_a,): (i64,) = q!(
        "SELECT id FROM alert_profiles WHERE organisation_id = $1 AND name = 'Zirconia'",
        org_a
    )
    .one(&app.db)
    .await
    .expect("profile");
    let bhc_staff = app.login("staff@bhc.demo").await;
    let only_a = create_opportunity(
        &app,
        &bhc_staff,
        "bhc",
        &[
            ("kind", "call"),
            ("title", "Zirconia implants call"),
            ("lang", "en"),
            ("deadline", "2031-06-30"),
        ],
    )
    .await;
    let mine = ids_on_page(&app.get(&member, "/c/bhc/watch").await.body);
    assert!(mine.contains(&only_a), "A sees its match");

    // B cannot open, change or remove A's profile, nor read A's feed by naming A.
    let edit = format!("/c/bhc/watch/profiles/{profile_a}/edit");
    assert_eq!(app.get(&other, &edit).await.status, StatusCode::NOT_FOUND);
    let r = app
        .post_form(
            &other,
            &format!("/c/bhc/watch/profiles/{profile_a}"),
            &[("name", "Hacked"), ("keywords", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .post_form(
            &other,
            &format!("/c/bhc/watch/profiles/{profile_a}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM alert_profiles WHERE id = {profile_a} AND name = 'Zirconia' AND archived_at IS NULL")).await,
        1
    );
    let theirs: BTreeSet<i64> = q!(
        "SELECT DISTINCT opportunity_id FROM matches WHERE organisation_id = $1 AND cluster_id = $2 AND state <> 'dismissed'",
        org_b,
        cid
    )
    .all(&app.db)
    .await
    .expect("matches")
    .into_iter()
    .map(|(i,): (i64,)| i)
    .collect();
    let r = app
        .get(&other, &format!("/c/bhc/watch?organisation={org_a}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        ids_on_page(&r.body),
        theirs,
        "?organisation= is ignored for members"
    );
    assert!(!ids_on_page(&r.body).contains(&only_a));
    let r = app
        .get(
            &other,
            &format!("/c/bhc/watch/profiles?organisation={org_a}"),
        )
        .await;
    assert!(!r.body.contains(&edit));
    for action in ["state", "share"] {
        let r = app
            .post_form(
                &other,
                &format!("/c/bhc/watch/{only_a}/{action}"),
                &[
                    ("organisation", &org_a.to_string()),
                    ("state", "dismissed"),
                    ("to", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM matches WHERE organisation_id = {org_a} AND opportunity_id = {only_a} AND state = 'new'")).await,
        1
    );

    // Staff of cluster B see none of cluster A's member profiles or matches.
    for path in [
        edit.clone(),
        format!("/c/bhc/watch?organisation={org_a}"),
        format!("/c/bhc/watch/profiles?organisation={org_a}"),
        format!("/c/cpb/watch/profiles/{profile_a}/edit"),
    ] {
        let r = app.get(&cpb_staff, &path).await;
        assert!(
            matches!(r.status.as_u16(), 403 | 404)
                || (r.status == 303 && r.location().starts_with("/login")),
            "{path}: {}",
            r.status
        );
    }
    for path in [
        format!("/c/cpb/watch?organisation={org_a}"),
        format!("/c/cpb/watch/profiles?organisation={org_a}"),
    ] {
        let r = app.get(&cpb_staff, &path).await;
        assert!(
            !ids_on_page(&r.body).contains(&only_a) && !r.body.contains(&edit),
            "{path}"
        );
    }

    // The token feeds: each user's own organisation's matches only; a wrong token is nothing.
    let anon = Browser::default();
    let atom_ids = |body: &[u8]| -> BTreeSet<i64> {
        clusterhub_watch::feed::parse_feed(body)
            .expect("Atom")
            .into_iter()
            .filter_map(|i| Some(id_from_location(i.link.as_deref()?)))
            .collect()
    };
    let token_a = token_of(&app, "member@bhc.demo", "bhc").await;
    let token_b = token_of(&app, "other@member.example", "bhc").await;
    let a = app.get(&anon, &format!("/watch/feed/{token_a}.atom")).await;
    assert_eq!(a.status, StatusCode::OK);
    let a_ids = atom_ids(&a.raw);
    assert!(a_ids.contains(&only_a) && a_ids.contains(&opp));
    let b_feed = app.get(&anon, &format!("/watch/feed/{token_b}.atom")).await;
    assert_eq!(b_feed.status, StatusCode::OK);
    let b_ids = atom_ids(&b_feed.raw);
    assert!(b_ids.is_subset(&theirs), "{b_ids:?} ⊄ {theirs:?}");
    assert!(!b_ids.contains(&only_a));
    let ics_a = app.get(&anon, &format!("/watch/feed/{token_a}.ics")).await;
    assert!(
        ics_a
            .body
            .contains(&format!("UID:opportunity-bhc-{only_a}@clusterhub"))
    );
    let ics_b = app.get(&anon, &format!("/watch/feed/{token_b}.ics")).await;
    assert_eq!(ics_b.status, StatusCode::OK);
    assert!(!ics_b.body.contains(&format!("opportunity-bhc-{only_a}@")));
    for path in [
        format!("/watch/feed/{token_a}x.atom"),
        "/watch/feed/.atom".to_string(),
        format!("/watch/feed/{}.ics", "0".repeat(48)),
        format!("/watch/feed/{token_a}.json"),
        format!("/watch/unsubscribe/{token_a}x"),
    ] {
        assert_eq!(
            app.get(&anon, &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let r = app
        .request(
            &anon,
            "POST",
            &format!("/watch/unsubscribe/{}", "0".repeat(48)),
            Some("application/x-www-form-urlencoded"),
            b"List-Unsubscribe=One-Click".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// The surveillance bulletin

/// Member users (per cluster) with the weekly digest on and new matches: who a weekly run
/// should reach.
async fn expected_recipients(app: &TestApp) -> BTreeSet<(i64, i64)> {
    let rows: Vec<(i64, i64)> = q!(
        "SELECT DISTINCT r.cluster_id, r.user_id FROM user_roles r
         JOIN matches m ON m.cluster_id = r.cluster_id AND m.organisation_id = r.organisation_id AND m.state = 'new'
         LEFT JOIN watch_subscriptions s ON s.user_id = r.user_id AND s.cluster_id = r.cluster_id
         WHERE r.role = 'member' AND COALESCE(s.frequency, 'weekly') = 'weekly'"
    )
    .all(&app.db)
    .await
    .expect("recipients");
    rows.into_iter().collect()
}

async fn email_of(app: &TestApp, user: i64) -> String {
    clusterhub_db::users::by_id(&app.db, user)
        .await
        .expect("user")
        .email
}

async fn slug_of(app: &TestApp, cluster: i64) -> String {
    clusterhub_db::clusters::by_id(&app.db, cluster)
        .await
        .expect("cluster")
        .slug
}

#[tokio::test]
async fn the_digest_is_planned_once_sent_once_per_reader_and_honours_one_click_unsubscribe() {
    let smtp = SmtpServer::start();
    let app = TestApp::demo().await.with_mailer(mailer(&smtp.url()));
    let state = state_with_mailer(&app, &smtp);
    let bhc = app.cluster_id("bhc").await;
    let org_a = org_of(&app, "member@bhc.demo", "bhc").await;
    let ane = user_id(&app, "member@bhc.demo").await;
    clusterhub_db::users::set_locale(&app.db, ane, "en")
        .await
        .expect("locale");
    let colleague = app
        .member_user("jon@member.example", "bhc", org_a, Some("en"))
        .await;
    let bhc_staff = app.login("staff@bhc.demo").await;
    let title = "Telecare services for the Basque elderly";
    let opp = create_opportunity(
        &app,
        &bhc_staff,
        "bhc",
        &[
            ("kind", "call"),
            ("title", title),
            ("lang", "en"),
            ("cpv", "85100000"),
            ("deadline", "2031-01-31"),
        ],
    )
    .await;

    let at = OffsetDateTime::now_utc() - time::Duration::hours(1);
    let key = run_key(Frequency::Weekly, at);
    let expected = expected_recipients(&app).await;
    assert!(expected.len() >= 3, "{expected:?}");
    assert!(expected.contains(&(bhc, ane)) && expected.contains(&(bhc, colleague)));

    // A crash after the first message; the rerun sends the rest; a third run sends nothing.
    let first = run_digest(
        &state,
        Frequency::Weekly,
        at,
        RunLimits {
            stop_after: Some(1),
        },
    )
    .await
    .expect("run");
    assert_eq!((first.planned, first.sent), (expected.len(), 1));
    assert_eq!(smtp.messages().len(), 1);
    let second = run_digest(&state, Frequency::Weekly, at, RunLimits::default())
        .await
        .expect("rerun");
    assert_eq!(
        (
            second.planned,
            second.sent,
            second.failed,
            second.interrupted
        ),
        (expected.len(), expected.len() - 1, 0, 0)
    );
    let third = run_digest(&state, Frequency::Weekly, at, RunLimits::default())
        .await
        .expect("third");
    assert_eq!(third.sent, 0);
    let mails = smtp.messages();
    assert_eq!(
        mails.len(),
        expected.len(),
        "one message per reader, none twice"
    );

    let deliveries = bulletins::deliveries(&app.db, &key)
        .await
        .expect("deliveries");
    let planned: BTreeSet<(i64, i64)> = deliveries
        .iter()
        .map(|d| (d.cluster_id, d.user_id))
        .collect();
    assert_eq!(planned, expected);
    assert!(deliveries.iter().all(|d| d.status == "sent"));
    let mut rcpts = BTreeSet::new();
    for d in &deliveries {
        let email = email_of(&app, d.user_id).await;
        let slug = slug_of(&app, d.cluster_id).await;
        let m = mails
            .iter()
            .find(|m| m.to.contains(&email))
            .unwrap_or_else(|| panic!("no message to {email}"));
        rcpts.insert(email.clone());
        let token = bulletins::subscription(&app.db, d.user_id, d.cluster_id)
            .await
            .expect("sub")
            .token;
        assert_eq!(
            m.header("List-Unsubscribe"),
            Some(format!("<https://hub.example/watch/unsubscribe/{token}>").as_str()),
            "{email}"
        );
        assert_eq!(
            m.header("List-Unsubscribe-Post"),
            Some("List-Unsubscribe=One-Click")
        );
        assert!(
            m.header("Message-ID")
                .is_some_and(|id| id.contains(&d.id.to_string()))
        );
        assert_eq!(m.content_type, "multipart/alternative");
        assert!(
            !m.text.trim().is_empty() && m.html.contains("</html>"),
            "{email}: both parts"
        );
        let ids: Vec<i64> = serde_json::from_str(&d.matches).expect("ids");
        assert!(!ids.is_empty());
        for id in ids {
            let link = format!("https://hub.example/c/{slug}/opportunities/{id}");
            assert!(
                m.text.contains(&link) && m.html.contains(&link),
                "{email}: {link}"
            );
        }
    }
    assert_eq!(rcpts.len(), mails.len());
    for email in ["member@bhc.demo", "jon@member.example"] {
        let m = mails
            .iter()
            .find(|m| m.to.contains(email))
            .expect("message");
        assert!(
            m.text.contains(title) && m.html.contains(title),
            "{email}: {}",
            m.text
        );
        assert!(
            m.text.contains("CPV 85100000") && m.text.contains("under your 85"),
            "{email}: {}",
            m.text
        );
    }

    // The vigilance indicator: one activity per cluster for the run, with every organisation
    // reached.
    let reached: BTreeSet<(i64, i64)> = q!(
        "SELECT DISTINCT cluster_id, organisation_id FROM bulletin_deliveries WHERE run_key = $1 AND status = 'sent'",
        key.as_str()
    )
    .all(&app.db)
    .await
    .expect("reached")
    .into_iter()
    .collect();
    let recorded: BTreeSet<(i64, i64)> = q!(
        "SELECT a.cluster_id, o.organisation_id FROM activities a JOIN activity_organisations o ON o.activity_id = a.id
         WHERE a.kind = 'bulletin' AND a.subtype = 'vigilance' AND a.title LIKE $1",
        format!("%({key})")
    )
    .all(&app.db)
    .await
    .expect("activity")
    .into_iter()
    .collect();
    assert_eq!(recorded, reached);
    let clusters: BTreeSet<i64> = reached.iter().map(|(c, _)| *c).collect();
    let activities = app
        .count(&format!("SELECT COUNT(*) FROM activities WHERE kind = 'bulletin' AND subtype = 'vigilance' AND title LIKE '%({key})'"))
        .await;
    assert_eq!(
        activities,
        clusters.len() as i64,
        "one activity per cluster, however many runs"
    );

    // One click, from a mail reader: no session, no CSRF token. Opening the link first (a
    // link checker would) changes nothing.
    let token = token_of(&app, "member@bhc.demo", "bhc").await;
    let anon = Browser::default();
    assert_eq!(
        app.get(&anon, &format!("/watch/unsubscribe/{token}"))
            .await
            .status,
        StatusCode::OK
    );
    let frequency = |u: i64| {
        let app = &app;
        async move {
            bulletins::subscription(&app.db, u, bhc)
                .await
                .expect("sub")
                .frequency
        }
    };
    assert_eq!(frequency(ane).await, Frequency::Weekly);
    let r = app
        .request(
            &anon,
            "POST",
            &format!("/watch/unsubscribe/{token}"),
            Some("application/x-www-form-urlencoded"),
            b"List-Unsubscribe=One-Click".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(frequency(ane).await, Frequency::Off);

    // A week later (what was sent is behind us), new matches for A and for a member of
    // cluster B: the unsubscribed reader is not planned; a message left `sending` by a crash
    // is reported and not sent again.
    let earlier =
        clusterhub_core::parse::stamp(OffsetDateTime::now_utc() - time::Duration::hours(2));
    q!("UPDATE matches SET created_at = $1", earlier.as_str())
        .run(&app.db)
        .await
        .expect("age matches");
    q!(
        "UPDATE bulletin_deliveries SET created_at = $1, sent_at = $1",
        earlier.as_str()
    )
    .run(&app.db)
    .await
    .expect("age deliveries");
    create_opportunity(
        &app,
        &bhc_staff,
        "bhc",
        &[
            ("kind", "call"),
            ("title", "Home care robotics pilot"),
            ("lang", "en"),
            ("cpv", "85100000"),
        ],
    )
    .await;
    let cpb_staff = app.login("staff@cpb.demo").await;
    let cpb_member = user_id(&app, "member@cpb.demo").await;
    create_opportunity(
        &app,
        &cpb_staff,
        "cpb",
        &[
            ("kind", "call"),
            ("title", "Appel dispositifs médicaux"),
            ("lang", "fr"),
            ("cpv", "33100000"),
            ("nuts", "FRI15"),
        ],
    )
    .await;
    let next = at + time::Duration::days(7);
    let next_key = run_key(Frequency::Weekly, next);
    assert_ne!(next_key, key);
    let plan = run_digest(
        &state,
        Frequency::Weekly,
        next,
        RunLimits {
            stop_after: Some(0),
        },
    )
    .await
    .expect("plan");
    assert_eq!(plan.sent, 0);
    let planned: BTreeSet<i64> = bulletins::deliveries(&app.db, &next_key)
        .await
        .expect("deliveries")
        .iter()
        .map(|d| d.user_id)
        .collect();
    assert!(!planned.contains(&ane), "unsubscribed");
    assert!(
        planned.contains(&colleague) && planned.contains(&cpb_member),
        "{planned:?}"
    );
    q!(
        "UPDATE bulletin_deliveries SET status = 'sending' WHERE run_key = $1 AND user_id = $2",
        next_key.as_str(),
        cpb_member
    )
    .run(&app.db)
    .await
    .expect("simulate a crash");
    let before = smtp.messages().len();
    let r = run_digest(&state, Frequency::Weekly, next, RunLimits::default())
        .await
        .expect("run");
    assert_eq!(
        (r.planned, r.sent, r.interrupted),
        (planned.len(), planned.len() - 1, 1)
    );
    let r = run_digest(&state, Frequency::Weekly, next, RunLimits::default())
        .await
        .expect("again");
    assert_eq!((r.sent, r.interrupted), (0, 1));
    let mails = smtp.messages();
    assert_eq!(mails.len(), before + planned.len() - 1);
    let week2 = &mails[before..];
    assert!(
        !week2.iter().any(|m| m.to.contains("member@bhc.demo")),
        "unsubscribed reader skipped"
    );
    assert!(
        !week2.iter().any(|m| m.to.contains("member@cpb.demo")),
        "interrupted delivery not resent"
    );
    let jon = week2
        .iter()
        .find(|m| m.to.contains("jon@member.example"))
        .expect("colleague's digest");
    assert!(jon.text.contains("Home care robotics pilot"));
    assert!(
        !jon.text.contains(title),
        "what the last digest carried is not sent again"
    );
    let _ = opp;
}

#[tokio::test]
async fn a_curated_bulletin_goes_once_to_every_member_user_who_wants_it() {
    let smtp = SmtpServer::start();
    let app = TestApp::demo().await.with_mailer(mailer(&smtp.url()));
    let org_a = org_of(&app, "member@bhc.demo", "bhc").await;
    app.member_user("jon@member.example", "bhc", org_a, Some("en"))
        .await;
    let org_c = quiet_member(&app, "bhc", &[]).await;
    app.member_user("quiet@member.example", "bhc", org_c, Some("en"))
        .await;
    let quiet = app.login("quiet@member.example").await;
    let r = app
        .post_form(&quiet, "/c/bhc/watch/subscription", &[("frequency", "off")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let staff = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &staff,
            "/c/bhc/bulletins",
            &[
                ("title", "Boletín de vigilancia: marzo"),
                ("intro", "Lo más relevante del mes."),
                (
                    "items",
                    "Jornada de compra pública innovadora\nInscripciones abiertas hasta el día 30.\nhttps://example.org/cpi\n\nMisión a Burdeos\nQuedan dos plazas.",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_from_location(r.location());
    assert_eq!(
        app.get(&staff, &format!("/c/bhc/bulletins/{id}"))
            .await
            .status,
        StatusCode::OK
    );
    let r = app
        .post_form(&staff, &format!("/c/bhc/bulletins/{id}/send"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let cid = app.cluster_id("bhc").await;
    let wanted: BTreeSet<String> = q!(
        "SELECT u.email FROM user_roles r JOIN users u ON u.id = r.user_id
         LEFT JOIN watch_subscriptions s ON s.user_id = r.user_id AND s.cluster_id = r.cluster_id
         WHERE r.cluster_id = $1 AND r.role = 'member' AND r.organisation_id IS NOT NULL AND COALESCE(s.frequency, 'weekly') <> 'off'",
        cid
    )
    .all(&app.db)
    .await
    .expect("readers")
    .into_iter()
    .map(|(e,): (String,)| e)
    .collect();
    assert!(wanted.contains("member@bhc.demo") && wanted.contains("jon@member.example"));
    assert!(!wanted.contains("quiet@member.example"));
    let mails = smtp.messages();
    let got: Vec<&str> = mails.iter().map(|m| m.rcpt.as_str()).collect();
    assert_eq!(mails.len(), wanted.len(), "{got:?}");
    for email in &wanted {
        let m = mails
            .iter()
            .find(|m| m.to.contains(email.as_str()))
            .unwrap_or_else(|| panic!("nothing for {email}: {got:?}"));
        assert_eq!(m.subject, "Boletín de vigilancia: marzo");
        for part in [&m.text, &m.html] {
            for s in [
                "Lo más relevante del mes.",
                "Jornada de compra pública innovadora",
                "Inscripciones abiertas hasta el día 30.",
                "https://example.org/cpi",
                "Misión a Burdeos",
            ] {
                assert!(part.contains(s), "{email}: {s} missing");
            }
        }
        assert!(
            m.header("List-Unsubscribe")
                .is_some_and(|h| h.starts_with("<https://hub.example/watch/unsubscribe/"))
        );
        assert_eq!(
            m.header("List-Unsubscribe-Post"),
            Some("List-Unsubscribe=One-Click")
        );
    }
    assert!(
        !mails
            .iter()
            .any(|m| m.to.contains("member@cpb.demo") || m.to.contains("quiet@member.example"))
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM bulletins WHERE id = {id} AND status = 'sent'"
        ))
        .await,
        1
    );

    // Sending again sends nothing more.
    let r = app
        .post_form(&staff, &format!("/c/bhc/bulletins/{id}/send"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(smtp.messages().len(), wanted.len());
}

// ---------------------------------------------------------------------------------------------
// Feeds for readers and calendars

#[tokio::test]
async fn the_atom_and_calendar_feeds_carry_a_members_matches_and_deadlines() {
    let app = TestApp::demo()
        .await
        .with_mailer(mailer("smtp://127.0.0.1:9"));
    let staff = app.login("staff@bhc.demo").await;
    let title = "Teleasistencia avanzada 2031";
    let opp = create_opportunity(
        &app,
        &staff,
        "bhc",
        &[
            ("kind", "call"),
            ("title", title),
            ("lang", "es"),
            ("cpv", "85100000"),
            ("deadline", "2031-03-15"),
        ],
    )
    .await;

    // The member's feed page links both feeds.
    let member = app.login("member@bhc.demo").await;
    let page = app.get(&member, "/c/bhc/watch").await;
    assert!(
        ids_on_page(&page.body).contains(&opp),
        "the call matches the member's profile (CPV 85)"
    );
    let atom = page
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/watch/feed/") && h.ends_with(".atom"))
        .expect("Atom link")
        .to_string();
    let ics = atom.replace(".atom", ".ics");
    assert!(page.body.contains(&format!("href=\"{ics}\"")));

    let anon = Browser::default();
    let r = app.get(&anon, &atom).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("application/atom+xml")
    );
    let items = clusterhub_watch::feed::parse_feed(&r.raw).expect("a valid feed");
    let link = format!("https://hub.example/c/bhc/opportunities/{opp}");
    let item = items
        .iter()
        .find(|i| i.link.as_deref() == Some(link.as_str()))
        .unwrap_or_else(|| panic!("{link} not in {items:?}"));
    assert_eq!(item.title, title);
    assert!(item.summary.contains("85100000"), "{}", item.summary);

    let r = app.get(&anon, &ics).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/calendar")
    );
    let unfolded = r.body.replace("\r\n ", "");
    let event = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:opportunity-bhc-{opp}@clusterhub")))
        .unwrap_or_else(|| panic!("no event for {opp}: {unfolded}"));
    assert!(
        event.contains("\r\nDTSTART:20310315T235959Z\r\n"),
        "{event}"
    );
    assert!(event.contains(title));
}

#[tokio::test]
async fn a_match_found_while_a_digest_goes_out_is_in_the_next_digest() {
    let smtp = SmtpServer::start();
    let app = TestApp::demo().await.with_mailer(mailer(&smtp.url()));
    let state = state_with_mailer(&app, &smtp);
    let ane = user_id(&app, "member@bhc.demo").await;
    let staff = app.login("staff@bhc.demo").await;
    let now = OffsetDateTime::now_utc();
    let at = now - time::Duration::hours(1);
    let key = run_key(Frequency::Weekly, at);

    // Half an hour ago the run was planned (with what had matched before); ten minutes later,
    // while its messages were still going out, a new call matched; the messages went out now.
    let plan = run_digest(
        &state,
        Frequency::Weekly,
        at,
        RunLimits {
            stop_after: Some(0),
        },
    )
    .await
    .expect("plan");
    assert!(plan.planned > 0 && plan.sent == 0);
    let late = create_opportunity(
        &app,
        &staff,
        "bhc",
        &[
            ("kind", "call"),
            ("title", "Late telecare call"),
            ("lang", "en"),
            ("cpv", "85100000"),
        ],
    )
    .await;
    let ago = |minutes: i64| clusterhub_core::parse::stamp(now - time::Duration::minutes(minutes));
    q!("UPDATE matches SET created_at = $1", ago(40).as_str())
        .run(&app.db)
        .await
        .expect("age");
    q!(
        "UPDATE matches SET created_at = $1 WHERE opportunity_id = $2",
        ago(20).as_str(),
        late
    )
    .run(&app.db)
    .await
    .expect("age");
    q!(
        "UPDATE bulletin_deliveries SET created_at = $1 WHERE run_key = $2",
        ago(30).as_str(),
        key.as_str()
    )
    .run(&app.db)
    .await
    .expect("age");
    let sent = run_digest(&state, Frequency::Weekly, at, RunLimits::default())
        .await
        .expect("send");
    assert_eq!(sent.sent, plan.planned);
    let first = smtp.messages();
    let to_ane = first
        .iter()
        .find(|m| m.to.contains("member@bhc.demo"))
        .expect("digest");
    assert!(
        !to_ane.text.contains("Late telecare call"),
        "not planned in that run"
    );

    // The next week's digest carries it, and only it.
    let next = at + time::Duration::days(7);
    let r = run_digest(&state, Frequency::Weekly, next, RunLimits::default())
        .await
        .expect("next");
    let planned = bulletins::deliveries(&app.db, &run_key(Frequency::Weekly, next))
        .await
        .expect("deliveries");
    let mine = planned
        .iter()
        .find(|d| d.user_id == ane)
        .expect("the late match is not lost");
    assert_eq!(
        serde_json::from_str::<Vec<i64>>(&mine.matches).expect("ids"),
        vec![late]
    );
    assert_eq!(r.sent, planned.len());
    let m = smtp
        .messages()
        .into_iter()
        .skip(first.len())
        .find(|m| m.to.contains("member@bhc.demo"))
        .expect("sent");
    assert!(m.text.contains("Late telecare call"));
}
