//! Membership life cycle, organisations existing once, merging duplicates.

use crate::support::TestApp;
use clusterhub_db::q;

#[tokio::test]
async fn approving_an_application_activates_the_membership_from_today() {
    let app = TestApp::demo().await;
    let (id, name) = app.org_only_in("bhc", "applicant").await;
    let board = app.login("board@bhc.demo").await;
    let r = app
        .post_form(
            &board,
            &format!("/c/bhc/organisations/{id}/status"),
            &[("status", "active"), ("back", "applications")],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location()),
        (303, "/c/bhc/applications")
    );
    let (status, since, until): (String, Option<String>, Option<String>) =
        q!("SELECT m.status, m.since, m.until FROM memberships m JOIN clusters c ON c.id = m.cluster_id WHERE c.slug = 'bhc' AND m.organisation_id = $1", id)
            .one(&app.db)
            .await
            .expect("membership");
    assert_eq!(status, "active");
    assert_eq!(since.as_deref(), Some(clusterhub_db::today().as_str()));
    assert_eq!(until, None, "open-ended");
    let public = app
        .get(
            &app.anonymous().await,
            "/c/bhc/organisations?per_page=200&sort=-since",
        )
        .await
        .body;
    assert!(public.contains(&name));
    assert!(
        !app.get(&board, "/c/bhc/applications")
            .await
            .body
            .contains(&format!("data-org-name=\"{name}\""))
    );
}

#[tokio::test]
async fn rejecting_needs_a_reason_and_impossible_transitions_are_refused() {
    let app = TestApp::demo().await;
    let (id, _) = app.org_only_in("bhc", "applicant").await;
    let staff = app.login("staff@bhc.demo").await;
    let path = format!("/c/bhc/organisations/{id}/status");
    let r = app
        .post_form(&staff, &path, &[("status", "withdrawn"), ("reason", "")])
        .await;
    assert_eq!(r.status, 422);
    let r = app
        .post_form(&staff, &path, &[("status", "suspended")])
        .await;
    assert_eq!(r.status, 422, "an applicant cannot be suspended");
    let r = app
        .post_form(
            &staff,
            &path,
            &[("status", "withdrawn"), ("reason", "Outside the sector")],
        )
        .await;
    assert_eq!(r.status, 303);
    let (status, reason): (String, Option<String>) =
        q!("SELECT status, withdrawal_reason FROM memberships WHERE organisation_id = $1 AND cluster_id = $2", id, app.cluster_id("bhc").await).one(&app.db).await.expect("m");
    assert_eq!(
        (status.as_str(), reason.as_deref()),
        ("withdrawn", Some("Outside the sector"))
    );
    // A member user may not decide applications.
    let (other, _) = app.org_only_in("bhc", "applicant").await;
    let member = app.login("member@bhc.demo").await;
    let r = app
        .post_form(
            &member,
            &format!("/c/bhc/organisations/{other}/status"),
            &[("status", "active")],
        )
        .await;
    assert!(matches!(r.status.as_u16(), 403 | 404));
}

#[tokio::test]
async fn organisations_exist_once_across_clusters_and_keep_private_data_apart() {
    let app = TestApp::demo().await;
    let bhc = app.token("staff@bhc.demo").await;
    let gnp = app.token("staff@gnp.demo").await;
    let body = r#"{"name":"Twin Labs","legal_id":"ES-B55.667.788","entity_type":"company","territory":"ES212","typology":"ordinary","subsectors":["biotech"]}"#;
    let a = app
        .send_json(&bhc, "POST", "/api/v1/clusters/bhc/organisations", body)
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let b = app
        .send_json(
            &gnp,
            "POST",
            "/api/v1/clusters/gnp/organisations",
            &body.replace("Twin Labs", "Twin Labs SL"),
        )
        .await;
    assert_eq!(b.status, 201, "{}", b.body);
    assert_eq!(
        a.json()["id"],
        b.json()["id"],
        "same legal id, same organisation"
    );
    let id = a.json()["id"].as_i64().expect("id");
    let put = app
        .send_json(
            &bhc,
            "PUT",
            &format!("/api/v1/clusters/bhc/organisations/{id}/membership"),
            r#"{"typology":"founding","subsectors":["biotech"],"notes":"BHC-only note"}"#,
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let seen_by_gnp = app
        .get(
            &gnp,
            &format!("/api/v1/clusters/gnp/organisations/{id}/membership"),
        )
        .await;
    assert_eq!(seen_by_gnp.status, 200);
    assert!(!seen_by_gnp.body.contains("BHC-only note"));
    assert_eq!(seen_by_gnp.json()["typology"], "ordinary");
}

#[tokio::test]
async fn merging_a_duplicate_moves_its_people_and_memberships() {
    let app = TestApp::demo().await;
    let staff = app.token("staff@bhc.demo").await;
    let mk = |name: &'static str, legal: &'static str| {
        let staff = staff.clone();
        let app = &app;
        async move {
            let r = app
                .send_json(
                    &staff,
                    "POST",
                    "/api/v1/clusters/bhc/organisations",
                    &format!(r#"{{"name":"{name}","legal_id":"{legal}","entity_type":"company"}}"#),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
            r.json()["id"].as_i64().expect("id")
        }
    };
    let keep = mk("Osatu Medical", "B11112222").await;
    let dup = mk("OSATU MEDICAL S.L.", "B33334444").await;
    let p = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/organisations/{dup}/people"),
            r#"{"first_name":"Kepa","last_name":"Zabala","email":"kepa@osatu.example"}"#,
        )
        .await;
    assert_eq!(p.status, 201, "{}", p.body);
    let web = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &web,
            &format!("/c/bhc/organisations/{keep}/merge"),
            &[("duplicate", &dup.to_string())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM organisations WHERE id = {dup}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM affiliations WHERE organisation_id = {keep}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE organisation_id = {keep}"
        ))
        .await,
        1
    );
    let self_merge = app
        .post_form(
            &web,
            &format!("/c/bhc/organisations/{keep}/merge"),
            &[("duplicate", &keep.to_string())],
        )
        .await;
    assert_eq!(self_merge.status, 422);
}

#[tokio::test]
async fn governance_meetings_record_minutes_and_attendance() {
    let app = TestApp::demo().await;
    let cid = app.cluster_id("bhc").await;
    let (gid,): (i64,) = q!(
        "SELECT id FROM cluster_groups WHERE cluster_id = $1 AND code = 'dato_clinico'",
        cid
    )
    .one(&app.db)
    .await
    .expect("group");
    let staff = app.login("staff@bhc.demo").await;
    let bad = app
        .post_form(
            &staff,
            &format!("/c/bhc/groups/{gid}/meetings"),
            &[("title", "Kick-off"), ("starts_at", "someday")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Kick-off\""));
    let ok = app
        .post_form(
            &staff,
            &format!("/c/bhc/groups/{gid}/meetings"),
            &[
                ("title", "Kick-off"),
                ("starts_at", "2027-02-03T09:30"),
                ("agenda", "1. Data spaces"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let mid: i64 = ok
        .location()
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("meeting id");
    let (pid,): (i64,) = q!(
        "SELECT person_id FROM group_members WHERE group_id = $1 ORDER BY id LIMIT 1",
        gid
    )
    .one(&app.db)
    .await
    .expect("member");
    let att = format!("attendance_{pid}");
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/meetings/{mid}"),
            &[
                ("minutes", "Agreed the data charter."),
                (att.as_str(), "present"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let member = app.login("member@bhc.demo").await;
    let page = app.get(&member, &format!("/c/bhc/meetings/{mid}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Agreed the data charter."));
    let api = app
        .get(
            &app.token("board@bhc.demo").await,
            &format!("/api/v1/clusters/bhc/meetings/{mid}"),
        )
        .await
        .json();
    assert_eq!(api["present"], 1);
}

#[tokio::test]
async fn staff_seat_people_in_groups_with_valid_terms() {
    let app = TestApp::demo().await;
    let cid = app.cluster_id("bhc").await;
    let (gid,): (i64,) = q!(
        "SELECT id FROM cluster_groups WHERE cluster_id = $1 AND code = 'talento'",
        cid
    )
    .one(&app.db)
    .await
    .expect("group");
    let (pid,): (i64,) = q!(
        "SELECT p.id FROM people p JOIN affiliations a ON a.person_id = p.id JOIN memberships m ON m.organisation_id = a.organisation_id AND m.cluster_id = $1
         WHERE p.id NOT IN (SELECT person_id FROM group_members WHERE group_id = $2) ORDER BY p.id LIMIT 1",
        cid, gid
    )
    .one(&app.db)
    .await
    .expect("person");
    let staff = app.login("staff@bhc.demo").await;
    let path = format!("/c/bhc/groups/{gid}/members");
    let bad = app
        .post_form(
            &staff,
            &path,
            &[
                ("person", &pid.to_string()),
                ("role", "secretary"),
                ("term_start", "2026-01-01"),
                ("term_end", "2025-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    let ok = app
        .post_form(
            &staff,
            &path,
            &[
                ("person", &pid.to_string()),
                ("role", "secretary"),
                ("term_start", "2026-01-01"),
                ("term_end", "2027-12-31"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let api = app
        .get(
            &app.token("board@bhc.demo").await,
            &format!("/api/v1/clusters/bhc/groups/{gid}"),
        )
        .await
        .json();
    let seated = api["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["person_id"] == pid)
        .cloned()
        .expect("seated");
    assert_eq!(
        (seated["role"].as_str(), seated["term_end"].as_str()),
        (Some("secretary"), Some("2027-12-31"))
    );
    // A person from another cluster cannot be seated.
    let cpb = app.cluster_id("cpb").await;
    let (foreign,): (i64,) = q!(
        "SELECT a.person_id FROM affiliations a JOIN memberships m ON m.organisation_id = a.organisation_id AND m.cluster_id = $1
         WHERE NOT EXISTS (SELECT 1 FROM memberships x WHERE x.organisation_id = a.organisation_id AND x.cluster_id <> $1) ORDER BY a.person_id LIMIT 1",
        cpb
    )
    .one(&app.db)
    .await
    .expect("foreign person");
    let r = app
        .post_form(
            &staff,
            &path,
            &[("person", &foreign.to_string()), ("role", "member")],
        )
        .await;
    assert_eq!(r.status, 422);
    let removed = app
        .post_form(
            &staff,
            &format!("/c/bhc/groups/{gid}/members/{pid}/remove"),
            &[],
        )
        .await;
    assert_eq!(removed.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM group_members WHERE group_id = {gid} AND person_id = {pid}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn one_main_representative_at_a_time_chosen_among_the_organisations_people() {
    let app = TestApp::demo().await;
    let cid = app.cluster_id("bhc").await;
    let (org, mid): (i64, i64) = q!(
        "SELECT m.organisation_id, m.id FROM memberships m WHERE m.cluster_id = $1 AND m.status = 'active'
         AND (SELECT COUNT(*) FROM affiliations a WHERE a.organisation_id = m.organisation_id) = 2
         AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.organisation_id = m.organisation_id AND x.cluster_id <> m.cluster_id)
         ORDER BY m.id LIMIT 1",
        cid
    )
    .one(&app.db)
    .await
    .expect("organisation with two people");
    let (alternate,): (i64,) = q!(
        "SELECT person_id FROM representatives WHERE membership_id = $1 AND kind = 'alternate'",
        mid
    )
    .one(&app.db)
    .await
    .expect("alternate");
    let staff = app.login("staff@bhc.demo").await;
    let path = format!("/c/bhc/organisations/{org}/representatives");
    let r = app
        .post_form(
            &staff,
            &path,
            &[("person", &alternate.to_string()), ("kind", "primary")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM representatives WHERE membership_id = {mid} AND kind = 'primary'"
        ))
        .await,
        1
    );
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM representatives WHERE membership_id = {mid} AND kind = 'primary' AND person_id = {alternate}")).await, 1);
    let (stranger,): (i64,) = q!("SELECT id FROM people WHERE id NOT IN (SELECT person_id FROM affiliations WHERE organisation_id = $1) ORDER BY id LIMIT 1", org)
        .one(&app.db)
        .await
        .expect("stranger");
    let r = app
        .post_form(
            &staff,
            &path,
            &[("person", &stranger.to_string()), ("kind", "alternate")],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = app
        .post_form(&staff, &format!("{path}/{alternate}/remove"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM representatives WHERE membership_id = {mid} AND person_id = {alternate}")).await, 0);
}

#[tokio::test]
async fn staff_set_up_a_new_working_group() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let bad = app
        .post_form(
            &staff,
            "/c/bhc/groups",
            &[
                ("kind", "working_group"),
                ("code", "IA en salud"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2025-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("id=\"name_es-error\"")
            && bad.body.contains("id=\"ends_on-error\"")
            && bad.body.contains("value=\"IA en salud\"")
    );
    let ok = app
        .post_form(
            &staff,
            "/c/bhc/groups",
            &[
                ("kind", "working_group"),
                ("code", "IA en salud"),
                ("name_es", "GT Inteligencia artificial"),
                ("name_en", "AI working group"),
                ("ends_on", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(app.count("SELECT COUNT(*) FROM cluster_groups WHERE code = 'ia-en-salud' AND kind = 'working_group' AND ends_on = '2027-06-30'").await, 1);
    let page = app
        .get(&staff, &format!("{}?lang=en", ok.location()))
        .await
        .body;
    assert!(page.contains("AI working group"));
    let dup = app
        .post_form(
            &staff,
            "/c/bhc/groups",
            &[
                ("kind", "committee"),
                ("code", "ia-en-salud"),
                ("name_es", "Otro"),
            ],
        )
        .await;
    assert_eq!(dup.status, 422);
    let member = app.login("member@bhc.demo").await;
    assert_eq!(
        app.post_form(
            &member,
            "/c/bhc/groups",
            &[("kind", "committee"), ("code", "x-y"), ("name_es", "X")]
        )
        .await
        .status,
        403
    );
}

#[tokio::test]
async fn the_membership_form_keeps_every_ticked_subsector_and_accented_notes() {
    let app = TestApp::demo().await;
    let (org, _) = app.org_only_in("bhc", "active").await;
    let staff = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/organisations/{org}/membership"),
            &[
                ("typology", "founding"),
                ("subsectors", "biotech"),
                ("subsectors", "ivd"),
                ("value_chains", "sanitaria"),
                ("notes", "Cuota pagada · año 2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let m = app
        .get(
            &app.token("staff@bhc.demo").await,
            &format!("/api/v1/clusters/bhc/organisations/{org}/membership"),
        )
        .await
        .json();
    assert_eq!(m["typology"], "founding");
    assert_eq!(m["subsectors"], serde_json::json!(["biotech", "ivd"]));
    assert_eq!(m["value_chains"], serde_json::json!(["sanitaria"]));
    assert_eq!(m["notes"], "Cuota pagada · año 2026");
    let bad = app
        .post_form(
            &staff,
            &format!("/c/bhc/organisations/{org}/membership"),
            &[("typology", "founding"), ("subsectors", "astrology")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("astrology"));
}
