//! The tender watch over the JSON API: alert profiles round trip with every problem named,
//! matches of imported eForms notices with their reasons, saving and dismissing with a verdict,
//! sharing with a colleague, the bulletin subscription, and who may see what (another member,
//! another cluster, a cluster's private opportunity until it is shared).

use crate::support::{Browser, TestApp, shared_data};
use clusterhub_db::q;
use serde_json::{Value, json};

/// The organisation a member user acts for in `slug`, from `/api/v1/me`.
async fn own_org(app: &TestApp, b: &Browser, slug: &str) -> i64 {
    let me = app.get(b, "/api/v1/me").await.json();
    me["roles"]
        .as_array()
        .and_then(|roles| {
            roles
                .iter()
                .find(|r| r["cluster"] == slug && r["role"] == "member")
        })
        .and_then(|r| r["organisation_id"].as_i64())
        .expect("a member role")
}

/// Another active member of `slug` than `not`.
async fn other_member(app: &TestApp, slug: &str, not: i64) -> i64 {
    let cid = app.cluster_id(slug).await;
    let (id,): (i64,) = q!(
        "SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' AND organisation_id <> $2 ORDER BY organisation_id LIMIT 1",
        cid,
        not
    )
    .one(&app.db)
    .await
    .expect("another member");
    id
}

/// The fields a 422 problem names.
fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn alert_profile_round_trip_with_every_problem_named() {
    let app = TestApp::demo().await;
    let member = app.token("member@bhc.demo").await;
    let org = own_org(&app, &member, "bhc").await;
    let base = format!("/api/v1/clusters/bhc/organisations/{org}/alert-profiles");

    // The proposal is a body one can post back.
    let proposal = app.get(&member, &format!("{base}/proposal")).await;
    assert_eq!(proposal.status, 200, "{}", proposal.body);
    let proposal = proposal.json();
    assert!(proposal["cpv"].is_array() && proposal["kinds"].is_array());
    assert!(!proposal["name"].as_str().unwrap_or("").is_empty());

    // Form-style body: texts, kinds as a list.
    let r = app
        .send_json(
            &member,
            "POST",
            &base,
            r#"{"name":"Ventilación","cpv":"3314, 331","nuts":"ES21 fr","keywords":"ventilador\nimagen médica","min_value":"1.000","kinds":["tender","planning"],"innovation_only":false}"#,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let created = r.json();
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["organisation_id"], org);
    assert_eq!(created["cpv"], json!(["3314", "331"]));
    assert_eq!(created["nuts"], json!(["ES21", "FR"]));
    assert_eq!(created["keywords"], json!(["ventilador", "imagen médica"]));
    assert_eq!(created["min_value"], 1000);
    assert_eq!(created["max_value"], Value::Null);
    assert_eq!(created["kinds"], json!(["planning", "tender"]));

    let path = format!("/api/v1/clusters/bhc/alert-profiles/{id}");
    let read = app.get(&member, &path).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.json()["name"], "Ventilación");
    let list = app.get(&member, &base).await.json();
    assert!(
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|p| p["id"] == id)
    );

    // What GET returns can be sent back: lists and numbers.
    let mut body = read.json();
    body["name"] = json!("Renamed");
    body["cpv"] = json!(["3314"]);
    body["max_value"] = json!(2_000_000);
    body["kinds"] = json!([]);
    let r = app
        .send_json(&member, "PUT", &path, &body.to_string())
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let updated = r.json();
    assert_eq!(updated["name"], "Renamed");
    assert_eq!(updated["cpv"], json!(["3314"]));
    assert_eq!(updated["max_value"], 2_000_000);
    assert_eq!(updated["kinds"], json!([]));

    // Every problem at once, each naming its field.
    let r = app
        .send_json(
            &member,
            "POST",
            &base,
            r#"{"name":"","cpv":"999999 3314","nuts":"XX9","min_value":"lots","kinds":["tender","nope"]}"#,
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let named = fields(&r.json());
    for f in ["name", "cpv", "nuts", "min_value", "kinds"] {
        assert!(named.iter().any(|n| n == f), "{f} not named in {named:?}");
    }
    let r = app
        .send_json(
            &member,
            "PUT",
            &path,
            r#"{"name":"X","cpv":"3314","min_value":500,"max_value":100}"#,
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["max_value"]);
    let r = app
        .send_json(&member, "PUT", &path, r#"{"name":"X","nuts":"ES2"}"#)
        .await;
    assert_eq!(r.status, 422, "regions alone are no topic");
    assert_eq!(fields(&r.json()), ["cpv"]);
    let r = app
        .send_json(
            &member,
            "PUT",
            &path,
            r#"{"name":"X","cpv":{"code":"3314"},"innovation_only":"yes"}"#,
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["cpv", "innovation_only"]);
    let r = app.send_json(&member, "PUT", &path, "not json").await;
    assert_eq!(r.status, 422);
    // A refused update changed nothing.
    assert_eq!(app.get(&member, &path).await.json()["name"], "Renamed");

    // Staff may edit a member's profile; the organisation's users see it.
    let staff = app.token("staff@bhc.demo").await;
    let r = app.get(&staff, &path).await;
    assert_eq!(r.status, 200);

    let r = app.send_json(&member, "DELETE", &path, "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.get(&member, &path).await.status, 404);
    assert_eq!(
        app.send_json(&member, "DELETE", &path, "").await.status,
        404
    );
    let list = app.get(&member, &base).await.json();
    assert!(
        !list["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|p| p["id"] == id)
    );
}

#[tokio::test]
async fn matches_of_imported_notices_with_reasons_state_verdict_and_share() {
    let app = TestApp::demo().await;
    let member = app.token("member@bhc.demo").await;
    let org = own_org(&app, &member, "bhc").await;
    let base = format!("/api/v1/clusters/bhc/organisations/{org}");
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("{base}/alert-profiles"),
            r#"{"name":"Software","cpv":["7226","7223"]}"#,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);

    let state = clusterhub_web::AppState::new(app.db.clone());
    let report =
        clusterhub_web::watch::import_path(&state, &shared_data("eforms/examples/notices"))
            .await
            .expect("import");
    assert!(report.created > 0 && report.matched > 0, "{report:?}");

    let r = app.get(&member, &format!("{base}/matches?lang=en")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let list = r.json();
    let items = list["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(list["total"], items.len());
    let software: Vec<&Value> = items
        .iter()
        .filter(|i| {
            i["profiles"]
                .as_array()
                .is_some_and(|p| p.iter().any(|n| n == "Software"))
        })
        .collect();
    assert!(!software.is_empty(), "no match of the Software profile");
    let first = software[0];
    let score = first["score"].as_u64().expect("score");
    assert!((1..=100).contains(&score));
    assert_eq!(first["state"], "new");
    let reason = first["reasons"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["kind"] == "cpv"))
        .expect("a cpv reason");
    let prefix = reason["prefix"].as_str().expect("prefix");
    assert!(["7226", "7223"].contains(&prefix), "{reason}");
    let code = reason["code"].as_str().expect("code");
    assert!(code.starts_with(prefix));
    let texts = first["reason_texts"].to_string();
    assert!(
        texts.contains(code) && texts.contains("under your"),
        "{texts}"
    );
    // Best first.
    let scores: Vec<u64> = items.iter().filter_map(|i| i["score"].as_u64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The reasons in words follow the request's language.
    let es = app
        .get(&member, &format!("{base}/matches?lang=es"))
        .await
        .json();
    assert!(
        es["items"].to_string().contains("dentro de tu"),
        "Spanish reasons"
    );

    let opp = first["opportunity"]["id"].as_i64().expect("opportunity id");
    let path = format!("{base}/matches/{opp}");
    // Save, then dismiss with a verdict and a note.
    let r = app
        .send_json(&member, "POST", &path, r#"{"state":"saved"}"#)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["state"], "saved");
    let r = app
        .send_json(
            &member,
            "POST",
            &path,
            r#"{"state":"dismissed","verdict":"too_late","note":"Closed already"}"#,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["state"], "dismissed");
    let (verdict, note): (String, String) = q!(
        "SELECT f.verdict, f.note FROM match_feedback f JOIN matches m ON m.id = f.match_id WHERE m.organisation_id = $1 AND m.opportunity_id = $2",
        org,
        opp
    )
    .one(&app.db)
    .await
    .expect("feedback recorded");
    assert_eq!(
        (verdict.as_str(), note.as_str()),
        ("too_late", "Closed already")
    );
    let ids = |v: Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["opportunity"]["id"].as_i64())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(!ids(app.get(&member, &format!("{base}/matches")).await.json()).contains(&opp));
    assert!(
        ids(app
            .get(&member, &format!("{base}/matches?state=dismissed"))
            .await
            .json())
        .contains(&opp)
    );
    // A dismissal without a verdict counts as not relevant, as on the page.
    let r = app
        .send_json(&member, "POST", &path, r#"{"state":"dismissed"}"#)
        .await;
    assert_eq!(r.status, 200);
    let n = app
        .count(&format!(
            "SELECT COUNT(*) FROM match_feedback f JOIN matches m ON m.id = f.match_id WHERE m.opportunity_id = {opp} AND f.verdict = 'not_relevant'"
        ))
        .await;
    assert_eq!(n, 1);
    let r = app
        .send_json(&member, "POST", &path, r#"{"state":"new"}"#)
        .await;
    assert_eq!(r.json()["state"], "new");

    // Bad input names its field.
    let r = app
        .send_json(&member, "POST", &path, r#"{"state":"archived"}"#)
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["state"]);
    let r = app.get(&member, &format!("{base}/matches?state=odd")).await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["state"]);
    // An opportunity the organisation has no match for.
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("{base}/matches/999999999"),
            r#"{"state":"saved"}"#,
        )
        .await;
    assert_eq!(r.status, 404);

    // Share with a colleague of the same organisation.
    let colleague = app
        .member_user("colleague@bhc.test", "bhc", org, None)
        .await;
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("{path}/share"),
            &json!({"to": colleague, "note": "Worth a look"}).to_string(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mate = app.token("colleague@bhc.test").await;
    let shared = app
        .get(&mate, &format!("{base}/matches?state=shared"))
        .await
        .json();
    let item = shared["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["opportunity"]["id"] == opp))
        .expect("shared with the colleague");
    assert_eq!(item["shared_by"][0]["note"], "Worth a look");
    assert_eq!(item["shared_by"][0]["from"], "Ane Olano");
    // Not a colleague (staff of the cluster), or no one at all.
    let (staff_id,): (i64,) = q!("SELECT id FROM users WHERE email = $1", "staff@bhc.demo")
        .one(&app.db)
        .await
        .expect("staff");
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("{path}/share"),
            &json!({"to": staff_id}).to_string(),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["to"]);
    let r = app
        .send_json(&member, "POST", &format!("{path}/share"), r#"{"note":"x"}"#)
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["to"]);

    // The opportunity itself, with its parsed notice.
    let r = app
        .get(
            &member,
            &format!("/api/v1/clusters/bhc/opportunities/{opp}"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let o = r.json();
    assert_eq!(o["id"], opp);
    assert_eq!(o["source"], "eforms");
    assert!(o["notice"].is_object(), "parsed notice");
    // And in the list, found by code.
    let r = app
        .get(
            &member,
            &format!("/api/v1/clusters/bhc/opportunities?q={code}&origin=eforms"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let list = r.json();
    assert!(
        list["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|o| o["id"] == opp)),
        "{list}"
    );
    assert_eq!(list["per_page"], 50);
    for bad in ["kind=nope", "origin=mars", "page=-1", "open=maybe"] {
        let r = app
            .get(
                &member,
                &format!("/api/v1/clusters/bhc/opportunities?{bad}"),
            )
            .await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
        let field = bad.split('=').next().unwrap_or_default();
        assert_eq!(fields(&r.json()), [field], "{bad}");
    }
}

#[tokio::test]
async fn staff_add_opportunities_with_the_forms_checks() {
    let app = TestApp::demo().await;
    let staff = app.token("staff@bhc.demo").await;
    let member = app.token("member@bhc.demo").await;
    let path = "/api/v1/clusters/bhc/opportunities";
    let body = r#"{"kind":"call","title":"Convocatoria de prueba","lang":"es","summary":"Diagnóstico in vitro","cpv":["33696000-5"],"nuts":"es21","deadline":"2099-03-31","url":"https://example.org/c","shared":false}"#;
    assert_eq!(app.send_json(&member, "POST", path, body).await.status, 403);
    let r = app.send_json(&staff, "POST", path, body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let o = r.json();
    assert_eq!(o["kind"], "call");
    assert_eq!(o["title"]["es"], "Convocatoria de prueba");
    assert_eq!(o["cpv"], json!(["33696000"]));
    assert_eq!(o["nuts"], json!(["ES21"]));
    assert_eq!(o["deadline"], "2099-03-31T23:59:59Z");
    assert_eq!(o["shared"], false);
    assert_eq!(o["notice"], Value::Null);
    let r = app
        .send_json(
            &staff,
            "POST",
            path,
            r#"{"kind":"gift","title":" ","cpv":"12","nuts":"ZZ9","deadline":"someday","url":"ftp://x","shared":"no"}"#,
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let named = fields(&r.json());
    for f in ["kind", "title", "cpv", "nuts", "deadline", "url", "shared"] {
        assert!(named.iter().any(|n| n == f), "{f} not named in {named:?}");
    }
    // The page's form goes through the same checks.
    let web = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &web,
            "/c/bhc/opportunities",
            &[("kind", "call"), ("title", "X"), ("cpv", "12")],
        )
        .await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn others_get_404_and_private_opportunities_stay_private_until_shared() {
    let app = TestApp::demo().await;
    let member = app.token("member@bhc.demo").await;
    let org = own_org(&app, &member, "bhc").await;
    let base = format!("/api/v1/clusters/bhc/organisations/{org}");
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("{base}/alert-profiles"),
            r#"{"name":"Mine","cpv":"331"}"#,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let profile = r.json()["id"].as_i64().expect("id");
    let profile_path = format!("/api/v1/clusters/bhc/alert-profiles/{profile}");

    // A member user of another organisation of the same cluster, and one of another cluster.
    let neighbour_org = other_member(&app, "bhc", org).await;
    app.member_user("neighbour@bhc.test", "bhc", neighbour_org, None)
        .await;
    let neighbour = app.token("neighbour@bhc.test").await;
    let foreign = app.token("member@cpb.demo").await;
    let board = app.token("board@bhc.demo").await;
    for (who, b) in [
        ("neighbour", &neighbour),
        ("cpb member", &foreign),
        ("board", &board),
    ] {
        for path in [
            format!("{base}/alert-profiles"),
            format!("{base}/alert-profiles/proposal"),
            format!("{base}/matches"),
            profile_path.clone(),
        ] {
            let r = app.get(b, &path).await;
            assert_eq!(r.status, 404, "{who}: GET {path}: {}", r.body);
        }
        for (method, path, body) in [
            (
                "POST",
                format!("{base}/alert-profiles"),
                r#"{"name":"X","cpv":"331"}"#,
            ),
            ("PUT", profile_path.clone(), r#"{"name":"X","cpv":"331"}"#),
            ("DELETE", profile_path.clone(), ""),
            ("POST", format!("{base}/matches/1"), r#"{"state":"saved"}"#),
            ("POST", format!("{base}/matches/1/share"), r#"{"to":1}"#),
        ] {
            let r = app.send_json(b, method, &path, body).await;
            assert_eq!(r.status, 404, "{who}: {method} {path}: {}", r.body);
        }
    }
    // The same organisation's watch asked for under another cluster.
    let r = app
        .get(
            &foreign,
            &format!("/api/v1/clusters/cpb/organisations/{org}/matches"),
        )
        .await;
    assert_eq!(r.status, 404);
    // Staff of another cluster see nothing of it either.
    let cpb_staff = app.token("staff@cpb.demo").await;
    for path in [
        format!("/api/v1/clusters/cpb/alert-profiles/{profile}"),
        format!("/api/v1/clusters/cpb/organisations/{org}/alert-profiles"),
    ] {
        assert_eq!(app.get(&cpb_staff, &path).await.status, 404, "{path}");
    }
    assert_eq!(app.get(&neighbour, &profile_path).await.status, 404);
    assert_eq!(app.get(&member, &profile_path).await.json()["name"], "Mine");

    // Not signed in.
    let anon = Browser::default();
    for path in [
        format!("{base}/matches"),
        format!("{base}/alert-profiles"),
        profile_path.clone(),
        "/api/v1/clusters/bhc/opportunities".to_string(),
        "/api/v1/clusters/bhc/watch/subscription".to_string(),
    ] {
        assert_eq!(app.get(&anon, &path).await.status, 401, "{path}");
    }

    // A private opportunity of bhc: cpb's insiders do not see it until it is shared.
    let staff = app.token("staff@bhc.demo").await;
    let r = app
        .send_json(
            &staff,
            "POST",
            "/api/v1/clusters/bhc/opportunities",
            r#"{"kind":"partner_search","title":"Socio para ensayo clínico privado","lang":"es","cpv":"73110000"}"#,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let o = r.json();
    let id = o["id"].as_i64().expect("id");
    let in_cpb = format!("/api/v1/clusters/cpb/opportunities/{id}");
    assert_eq!(app.get(&foreign, &in_cpb).await.status, 404);
    assert_eq!(app.get(&cpb_staff, &in_cpb).await.status, 404);
    let listed = |v: Value| {
        v["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|i| i["id"] == id))
    };
    let cpb_list = "/api/v1/clusters/cpb/opportunities?origin=shared";
    assert!(!listed(app.get(&foreign, cpb_list).await.json()));
    // bhc's member sees it; cpb's staff asking under bhc are outsiders there.
    assert_eq!(
        app.get(&member, &format!("/api/v1/clusters/bhc/opportunities/{id}"))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(
            &foreign,
            &format!("/api/v1/clusters/bhc/opportunities/{id}")
        )
        .await
        .status,
        403
    );
    // Shared by bhc's staff (the same opportunity saved again, now shared).
    let cid = app.cluster_id("bhc").await;
    let (me,): (i64,) = q!("SELECT id FROM users WHERE email = $1", "staff@bhc.demo")
        .one(&app.db)
        .await
        .expect("staff");
    let principal = clusterhub_db::users::principal(
        &app.db,
        &clusterhub_db::users::by_id(&app.db, me)
            .await
            .expect("user"),
    )
    .await
    .expect("principal");
    let again = clusterhub_db::watch::NewOpportunity {
        source: o["source"].as_str().unwrap_or_default().to_string(),
        source_key: o["source_key"].as_str().unwrap_or_default().to_string(),
        kind: Some(clusterhub_watch::alert::OpportunityKind::PartnerSearch),
        title: clusterhub_core::MultiText::new().with("es", "Socio para ensayo clínico privado"),
        cpv: vec!["73110000".into()],
        shared: true,
        ..Default::default()
    };
    let stored = clusterhub_db::watch::save_own(&app.db, &principal.scope(cid), &again)
        .await
        .expect("shared");
    assert_eq!(stored.id(), id);
    let r = app.get(&foreign, &in_cpb).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["shared"], true);
    assert!(listed(app.get(&foreign, cpb_list).await.json()));
}

#[tokio::test]
async fn a_member_user_sets_their_bulletin_frequency() {
    let app = TestApp::demo().await;
    let path = "/api/v1/clusters/bhc/watch/subscription";
    let member = app.token("member@bhc.demo").await;
    let r = app.get(&member, path).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let s = r.json();
    assert_eq!(s["frequency"], "weekly");
    let atom = s["atom"].as_str().expect("atom");
    let ical = s["ical"].as_str().expect("ical");
    assert!(
        atom.contains("/watch/feed/") && atom.ends_with(".atom"),
        "{atom}"
    );
    assert!(ical.ends_with(".ics"));
    // The feed URL works without a session.
    let feed_path = &atom[atom.find("/watch/feed/").unwrap_or(0)..];
    let feed = app.get(&Browser::default(), feed_path).await;
    assert_eq!(feed.status, 200);
    assert!(feed.body.contains("<feed"));

    // Through the browser session, with the CSRF header.
    let web = app.login("member@bhc.demo").await;
    let r = app
        .send_json(&web, "PUT", path, r#"{"frequency":"daily"}"#)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["frequency"], "daily");
    assert_eq!(app.get(&member, path).await.json()["frequency"], "daily");
    let mut forged = web.clone();
    forged.csrf = String::new();
    let r = app
        .send_json(&forged, "PUT", path, r#"{"frequency":"off"}"#)
        .await;
    assert_eq!(r.status, 403);

    let r = app
        .send_json(&member, "PUT", path, r#"{"frequency":"hourly"}"#)
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["frequency"]);
    let r = app.send_json(&member, "PUT", path, "{}").await;
    assert_eq!(r.status, 422);
    assert_eq!(fields(&r.json()), ["frequency"]);
    // Staff have no bulletin of their own in the cluster.
    let staff = app.token("staff@bhc.demo").await;
    assert_eq!(app.get(&staff, path).await.status, 403);
}

#[tokio::test]
async fn the_openapi_document_lists_the_watch_api() {
    let app = TestApp::empty().await;
    let doc = app
        .get(&Browser::default(), "/api/v1/openapi.json")
        .await
        .json();
    let c = "/api/v1/clusters/{slug}";
    for (method, path) in [
        ("get", format!("{c}/opportunities")),
        ("post", format!("{c}/opportunities")),
        ("get", format!("{c}/opportunities/{{opportunity}}")),
        ("get", format!("{c}/organisations/{{org}}/alert-profiles")),
        ("post", format!("{c}/organisations/{{org}}/alert-profiles")),
        (
            "get",
            format!("{c}/organisations/{{org}}/alert-profiles/proposal"),
        ),
        ("get", format!("{c}/alert-profiles/{{profile}}")),
        ("put", format!("{c}/alert-profiles/{{profile}}")),
        ("delete", format!("{c}/alert-profiles/{{profile}}")),
        ("get", format!("{c}/organisations/{{org}}/matches")),
        (
            "post",
            format!("{c}/organisations/{{org}}/matches/{{opportunity}}"),
        ),
        (
            "post",
            format!("{c}/organisations/{{org}}/matches/{{opportunity}}/share"),
        ),
        ("get", format!("{c}/watch/subscription")),
        ("put", format!("{c}/watch/subscription")),
    ] {
        let op = &doc["paths"][&path][method];
        assert!(op.is_object(), "{method} {path} missing");
        assert_eq!(op["tags"], json!(["watch"]), "{method} {path}");
    }
    let schemas = &doc["components"]["schemas"];
    for s in [
        "Opportunity",
        "OpportunityDetail",
        "OpportunityList",
        "NewOpportunity",
        "AlertProfile",
        "AlertProfileList",
        "AlertProfileBody",
        "Match",
        "MatchList",
        "MatchUpdate",
        "MatchShare",
        "WatchSubscription",
        "WatchSubscriptionUpdate",
    ] {
        assert!(schemas[s].is_object(), "schema {s}");
    }
    let reasons = &schemas["Match"]["properties"]["reasons"]["items"]["properties"];
    for k in ["kind", "code", "prefix", "keyword", "lang"] {
        assert!(reasons[k].is_object(), "reason {k}");
    }
}
