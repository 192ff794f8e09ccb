//! Forms: inline errors that keep what was typed, and nothing saved until everything is valid.

use crate::support::TestApp;
use clusterhub_db::q;

#[tokio::test]
async fn invalid_profile_edit_keeps_the_input_and_changes_nothing() {
    let app = TestApp::demo().await;
    let (id, name) = app.org_only_in("bhc", "active").await;
    let b = app.login("staff@bhc.demo").await;
    let path = format!("/c/bhc/organisations/{id}/edit");
    let audit = app.count("SELECT COUNT(*) FROM audit_log").await;
    let r = app
        .post_form(
            &b,
            &path,
            &[
                ("name", "Renamed Biotech"),
                ("entity_type", "company"),
                ("website", "not a url"),
                ("email", "bad@"),
                ("territory", "ES212"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"website-error\"") && r.body.contains("id=\"email-error\""));
    assert!(
        r.body.contains("value=\"Renamed Biotech\"") && r.body.contains("value=\"not a url\""),
        "typed values are kept"
    );
    assert!(r.body.contains("aria-invalid=\"true\""));
    let (stored,): (String,) = q!("SELECT name FROM organisations WHERE id = $1", id)
        .one(&app.db)
        .await
        .expect("org");
    assert_eq!(stored, name);
    assert_eq!(audit, app.count("SELECT COUNT(*) FROM audit_log").await);

    let ok = app
        .post_form(
            &b,
            &path,
            &[
                ("name", "Renamed Biotech"),
                ("entity_type", "company"),
                ("website", "renamed.example"),
                ("description_eu", "Euskarazko deskribapena"),
            ],
        )
        .await;
    assert_eq!(
        (ok.status.as_u16(), ok.location()),
        (303, format!("/c/bhc/organisations/{id}").as_str())
    );
    let page = app
        .get(&b, &format!("/c/bhc/organisations/{id}?lang=eu"))
        .await
        .body;
    assert!(page.contains("<h1>Renamed Biotech</h1>") && page.contains("Euskarazko deskribapena"));
    let (changes,): (String,) = q!("SELECT changes FROM audit_log WHERE entity = 'organisation' AND entity_id = $1 AND action = 'update'", id).one(&app.db).await.expect("audit");
    assert!(
        changes.contains("Renamed Biotech") && changes.contains(&name),
        "audit keeps before and after: {changes}"
    );
}

#[tokio::test]
async fn a_description_missing_in_the_readers_language_falls_back_visibly() {
    let app = TestApp::demo().await;
    let (id, _) = app.org_only_in("bhc", "active").await;
    let page = app
        .get(
            &app.anonymous().await,
            &format!("/c/bhc/organisations/{id}?lang=fr"),
        )
        .await
        .body;
    assert!(
        page.contains("class=\"fallback\""),
        "French has no description in the demo, so another language is shown and marked"
    );
}

#[tokio::test]
async fn a_member_user_edits_only_their_own_organisation() {
    let app = TestApp::demo().await;
    let b = app.login("member@bhc.demo").await;
    let cid = app.cluster_id("bhc").await;
    let (own,): (i64,) = q!("SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'member@bhc.demo' AND r.cluster_id = $1", cid)
        .one(&app.db)
        .await
        .expect("role");
    assert_eq!(
        app.get(&b, &format!("/c/bhc/organisations/{own}/edit"))
            .await
            .status,
        200
    );
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/organisations/{own}/edit"),
            &[("name", "Our New Name"), ("entity_type", "company")],
        )
        .await;
    assert_eq!(r.status, 303);
    let (other,): (i64,) = q!("SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' AND organisation_id <> $2 ORDER BY id LIMIT 1", cid, own)
        .one(&app.db)
        .await
        .expect("other");
    assert_eq!(
        app.get(&b, &format!("/c/bhc/organisations/{other}/edit"))
            .await
            .status,
        403
    );
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/organisations/{other}/edit"),
            &[("name", "Hijacked"), ("entity_type", "company")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organisations WHERE name = 'Hijacked'")
            .await,
        0
    );
    // Members see the directory but not private pages.
    assert_eq!(app.get(&b, "/c/bhc/applications").await.status, 403);
    assert_eq!(app.get(&b, "/c/bhc/audit").await.status, 403);
}

#[tokio::test]
async fn application_form_validates_every_field_and_then_creates_an_applicant() {
    let app = TestApp::demo().await;
    let b = app.anonymous().await;
    let orgs = app.count("SELECT COUNT(*) FROM organisations").await;
    let r = app
        .post_form(
            &b,
            "/c/bhc/apply",
            &[
                ("name", "Nueva Salud SL"),
                ("legal_id", "x"),
                ("email", "nope"),
                ("entity_type", "company"),
                ("typology", "ordinary"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    for f in ["legal_id-error", "email-error", "first_name-error"] {
        assert!(r.body.contains(f), "{f}");
    }
    assert!(r.body.contains("value=\"Nueva Salud SL\""));
    assert_eq!(orgs, app.count("SELECT COUNT(*) FROM organisations").await);
    let ok = app
        .post_form(
            &b,
            "/c/bhc/apply",
            &[
                ("name", "Nueva Salud SL"),
                ("legal_id", "B99887766"),
                ("entity_type", "company"),
                ("typology", "ordinary"),
                ("subsector", "ehealth"),
                ("first_name", "Miren"),
                ("last_name", "Aranburu"),
                ("email", "miren@nuevasalud.example"),
            ],
        )
        .await;
    assert_eq!(ok.status, 200);
    assert!(ok.body.contains("apply-done"));
    let staff = app.login("staff@bhc.demo").await;
    let list = app.get(&staff, "/c/bhc/applications").await.body;
    assert!(list.contains("data-org-name=\"Nueva Salud SL\""));
    // Not visible in the public directory until approved.
    assert!(
        !app.get(&b, "/c/bhc/organisations?q=nueva")
            .await
            .body
            .contains("Nueva Salud SL")
    );
}

#[tokio::test]
async fn people_are_added_and_edited_with_inline_errors() {
    let app = TestApp::demo().await;
    let cid = app.cluster_id("bhc").await;
    // Not the organisation member@bhc.demo acts for.
    let (org,): (i64,) = q!(
        "SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active'
         AND organisation_id NOT IN (SELECT organisation_id FROM user_roles WHERE organisation_id IS NOT NULL) ORDER BY id LIMIT 1",
        cid
    )
    .one(&app.db)
    .await
    .expect("organisation");
    let b = app.login("staff@bhc.demo").await;
    let people = app.count("SELECT COUNT(*) FROM people").await;
    let bad = app
        .post_form(
            &b,
            &format!("/c/bhc/organisations/{org}/people/new"),
            &[
                ("first_name", "Oier"),
                ("last_name", "Agirre"),
                ("email", "oier@"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"email-error\"") && bad.body.contains("value=\"Agirre\""));
    assert_eq!(people, app.count("SELECT COUNT(*) FROM people").await);
    let ok = app
        .post_form(
            &b,
            &format!("/c/bhc/organisations/{org}/people/new"),
            &[
                ("first_name", "Oier"),
                ("last_name", "Agirre"),
                ("email", "oier@agirre.example"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let (pid,): (i64,) = q!("SELECT id FROM people WHERE email = 'oier@agirre.example'")
        .one(&app.db)
        .await
        .expect("person");
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/people/{pid}/edit"),
            &[
                ("first_name", ""),
                ("last_name", "Agirre"),
                ("phone", "call me"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("id=\"first_name-error\"")
            && r.body.contains("id=\"phone-error\"")
            && r.body.contains("value=\"call me\"")
    );
    let r = app
        .post_form(
            &b,
            &format!("/c/bhc/people/{pid}/edit"),
            &[
                ("first_name", "Oier"),
                ("last_name", "Agirre Etxeberria"),
                ("job_title", "CTO"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM people WHERE last_name = 'Agirre Etxeberria' AND job_title = 'CTO'").await, 1);
    // The member user of another organisation cannot edit this person.
    let member = app.login("member@bhc.demo").await;
    assert_eq!(
        app.get(&member, &format!("/c/bhc/people/{pid}/edit"))
            .await
            .status,
        403
    );
}
