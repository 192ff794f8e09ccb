//! Rich profiles and directory search: per-field visibility, search in several languages with
//! typos and facets, the index following writes, and the wall between clusters.

use crate::support::{Browser, TestApp, enc};
use axum::http::StatusCode;
use clusterhub_db::q;
use serde_json::{Value, json};

async fn member_org(app: &TestApp, email: &str) -> i64 {
    let (org,): (Option<i64>,) = q!(
        "SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = $1",
        email
    )
    .one(&app.db)
    .await
    .expect("member user");
    org.expect("member user has an organisation")
}

async fn put_profile(
    app: &TestApp,
    b: &Browser,
    slug: &str,
    org: i64,
    body: Value,
) -> crate::support::Res {
    app.send_json(
        b,
        "PUT",
        &format!("/api/v1/clusters/{slug}/organisations/{org}/profile"),
        &body.to_string(),
    )
    .await
}

/// An active member of `slug` other than `not`.
async fn another_org(app: &TestApp, slug: &str, not: i64) -> i64 {
    let cid = app.cluster_id(slug).await;
    let (id,): (i64,) = q!(
        "SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' AND organisation_id <> $2 ORDER BY organisation_id LIMIT 1",
        cid, not
    )
    .one(&app.db)
    .await
    .expect("another member");
    id
}

fn names(r: &crate::support::Res) -> Vec<String> {
    r.json()["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["name"].as_str().unwrap_or("").to_string())
        .collect()
}

fn total(r: &crate::support::Res) -> u64 {
    r.json()["total"].as_u64().expect("total")
}

#[tokio::test]
async fn member_edits_its_profile_and_each_reader_sees_its_share() {
    let app = TestApp::demo().await;
    let org = member_org(&app, "member@bhc.demo").await;
    let member = app.login("member@bhc.demo").await;
    let form = app
        .get(&member, &format!("/c/bhc/organisations/{org}/profile"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let r = app
        .post_form(
            &member,
            &format!("/c/bhc/organisations/{org}/profile"),
            &[
                (
                    "capabilities_es",
                    "Fabricamos stents coronarios biorreabsorbibles.",
                ),
                ("capabilities_en", "We make bioresorbable coronary stents."),
                ("capability_tags", "stents, cardiología"),
                ("needs_es", "Buscamos hospitales zorrozaurre para ensayo."),
                ("visibility_needs", "staff"),
                ("contact_0_topic", "ventas"),
                ("contact_0_name", "Miren Etxeberria"),
                ("contact_0_email", "miren@stent.example"),
                ("visibility_contacts", "members"),
                ("certifications", "iso13485"),
                ("certifications", "mdr_iii"),
                ("trl", "8"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The organisation itself and staff: everything.
    let staff = app.login("staff@bhc.demo").await;
    let page = app
        .get(&staff, &format!("/c/bhc/organisations/{org}"))
        .await;
    assert!(
        page.body.contains("zorrozaurre"),
        "staff sees staff-only needs"
    );
    assert!(page.body.contains("Miren Etxeberria"));
    assert!(page.body.contains("id=\"profile-completeness\""));
    // A fellow member: members fields, not staff-only ones.
    let other = another_org(&app, "bhc", org).await;
    app.member_user("peer@bhc.test", "bhc", other, None).await;
    let peer = app.login("peer@bhc.test").await;
    let page = app.get(&peer, &format!("/c/bhc/organisations/{org}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Miren Etxeberria"),
        "members see contacts"
    );
    assert!(
        !page.body.contains("zorrozaurre"),
        "members never see staff-only needs"
    );
    assert!(!page.body.contains("id=\"profile-completeness\""));
    // Anyone: public fields only, on the page and over the API.
    let anon = app.anonymous().await;
    let page = app.get(&anon, &format!("/c/bhc/organisations/{org}")).await;
    assert!(page.body.contains("stents coronarios") || page.body.contains("coronary stents"));
    assert!(!page.body.contains("Miren Etxeberria"));
    assert!(!page.body.contains("zorrozaurre"));
    let api = app
        .get(
            &anon,
            &format!("/api/v1/clusters/bhc/organisations/{org}/profile"),
        )
        .await
        .json();
    assert_eq!(api["level"], "public");
    assert_eq!(api["profile"]["contacts"], json!([]));
    assert!(api.get("visibility").is_none());
    assert_eq!(api["profile"]["trl"], 8);

    // Staff see completeness for every member, least complete first.
    let list = app.get(&staff, "/c/bhc/profiles").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("completeness-table"));
    let denied = app.get(&peer, "/c/bhc/profiles").await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_profile_input_is_refused_field_by_field_and_nothing_changes() {
    let app = TestApp::demo().await;
    let org = member_org(&app, "member@bhc.demo").await;
    let member = app.login("member@bhc.demo").await;
    let before = app
        .get(
            &member,
            &format!("/api/v1/clusters/bhc/organisations/{org}/profile"),
        )
        .await
        .json();
    let r = app
        .post_form(
            &member,
            &format!("/c/bhc/organisations/{org}/profile"),
            &[
                ("capabilities_es", "Texto que debe volver al formulario"),
                ("trl", "12"),
                ("export_countries", "Atlantis"),
                ("contact_0_topic", "ventas"),
                ("contact_0_email", "no-es-un-correo"),
                ("visibility_trl", "everyone"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Texto que debe volver al formulario"),
        "typed text kept"
    );
    for id in [
        "trl-error",
        "export_countries-error",
        "contact_0_name-error",
        "contact_0_email-error",
    ] {
        assert!(r.body.contains(id), "{id} shown");
    }
    let api = put_profile(
        &app,
        &member,
        "bhc",
        org,
        json!({"profile": {"trl": 0, "certifications": ["iso13485"]}}),
    )
    .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", api.body);
    assert!(api.body.contains("trl"));
    let api = put_profile(
        &app,
        &member,
        "bhc",
        org,
        json!({"profile": {"certifications": ["iso99999"]}}),
    )
    .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A logo that is not an image, and one too large.
    let r = app
        .post_multipart(
            &member,
            &format!("/c/bhc/organisations/{org}/logo"),
            &[],
            ("logo", "logo.svg", b"<svg onload=alert(1)>"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("logo-error"));
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(600 * 1024, 0);
    let r = app
        .post_multipart(
            &member,
            &format!("/c/bhc/organisations/{org}/logo"),
            &[],
            ("logo", "big.png", &big),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let after = app
        .get(
            &member,
            &format!("/api/v1/clusters/bhc/organisations/{org}/profile"),
        )
        .await
        .json();
    assert_eq!(before, after, "nothing stored");
    // A real PNG is accepted and served back.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let r = app
        .post_multipart(
            &member,
            &format!("/c/bhc/organisations/{org}/logo"),
            &[],
            ("logo", "logo.png", png),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let logo = app
        .get(&member, &format!("/c/bhc/organisations/{org}/logo"))
        .await;
    assert_eq!(logo.raw, png.to_vec());
    // Someone else's profile cannot be edited.
    let other = another_org(&app, "bhc", org).await;
    let r = put_profile(&app, &member, "bhc", other, json!({"profile": {}})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn search_forgives_typos_stems_every_language_and_counts_facets() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let (org, name) = app.org_only_in("bhc", "active").await;
    put_profile(
        &app,
        &staff,
        "bhc",
        org,
        json!({"profile": {
            "capabilities": {"es": "Desarrollamos dispositivos de neuroestimulación", "fr": "Nous concevons des capteurs médicaux portables", "eu": "Gailu medikoen diseinua"},
            "certifications": ["mdr_iii"], "trl": 9
        }}),
    )
    .await;
    let search = |q: &str| format!("/api/v1/clusters/bhc/search?q={}", enc(q));
    // Spanish stemming: singular finds plural.
    let r = app
        .get(&staff, &search("dispositivo neuroestimulacion"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        names(&r).first(),
        Some(&name),
        "accent-folded, stemmed Spanish"
    );
    // French stemming and accents.
    let r = app.get(&staff, &search("capteur médical portable")).await;
    assert!(names(&r).contains(&name), "French: {:?}", names(&r));
    // A typo in the name.
    let typo: String = {
        let mut c: Vec<char> = name.chars().collect();
        let i = c
            .iter()
            .position(|ch| ch.is_alphabetic() && ch.is_lowercase())
            .unwrap_or(1);
        c[i] = if c[i] == 'x' { 'y' } else { 'x' };
        c.into_iter().collect()
    };
    let r = app.get(&staff, &search(&typo)).await;
    assert!(
        names(&r).contains(&name),
        "typo {typo:?} finds {name:?}: {:?}",
        names(&r)
    );
    // Facets count matching organisations and filter them.
    let r = app.get(&staff, "/api/v1/clusters/bhc/search").await.json();
    let all = r["total"].as_u64().expect("total");
    let entity: u64 = r["facets"]["entity_type"]
        .as_array()
        .expect("entity facet")
        .iter()
        .map(|v| v[1].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        entity, all,
        "each organisation counted once per entity type"
    );
    let r = app
        .get(
            &staff,
            "/api/v1/clusters/bhc/search?certification=mdr_iii&trl=9",
        )
        .await;
    assert!(names(&r).contains(&name));
    assert!(total(&r) < all);
    let r = app
        .get(&staff, "/api/v1/clusters/bhc/search?entity_type=spaceship")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("entity_type"));
    // The page: results and facet boxes, and suggestions as one types.
    let page = app
        .get(
            &staff,
            &format!("/c/bhc/search?q={}", enc("neuroestimulación")),
        )
        .await;
    assert!(page.body.contains(&name));
    assert!(page.body.contains("facet-entity_type"));
    let prefix: String = name.chars().take(4).collect();
    let sug = app
        .get(&staff, &format!("/c/bhc/search/suggest?q={}", enc(&prefix)))
        .await;
    assert!(sug.body.contains(&name), "{}", sug.body);
}

#[tokio::test]
async fn the_index_follows_writes_and_rebuilds_to_the_same_answers() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let (org, name) = app.org_only_in("bhc", "active").await;
    let find = "/api/v1/clusters/bhc/search?q=quokkatronic";
    assert_eq!(total(&app.get(&staff, find).await), 0);
    put_profile(
        &app,
        &staff,
        "bhc",
        org,
        json!({"profile": {"capability_tags": ["quokkatronic"]}}),
    )
    .await;
    assert_eq!(names(&app.get(&staff, find).await), vec![name.clone()]);
    // The second look at recent rows (for ids committed out of order) finds the change again.
    let head = clusterhub_db::search_docs::head(&app.db)
        .await
        .expect("head");
    let (ids, at) =
        clusterhub_db::search_docs::changed(&app.db, head, Some("2000-01-01T00:00:00Z"))
            .await
            .expect("changed");
    assert!(ids.contains(&org) && at == head, "{ids:?} {at} {head}");
    let (ids, _) = clusterhub_db::search_docs::changed(&app.db, head, None)
        .await
        .expect("changed");
    assert!(ids.is_empty());
    // A membership that ends leaves the members' and the public search, not the staff's.
    q!(
        "UPDATE memberships SET status = 'withdrawn' WHERE organisation_id = $1",
        org
    )
    .run(&app.db)
    .await
    .expect("withdraw");
    assert_eq!(total(&app.get(&staff, find).await), 1);
    let anon = app.anonymous().await;
    assert_eq!(total(&app.get(&anon, find).await), 0);
    // A rebuilt index answers the same.
    let d = clusterhub_web::search::Directory::in_ram().expect("index");
    let n = d.rebuild(&app.db).await.expect("rebuild");
    let orgs = app.count("SELECT COUNT(*) FROM organisations").await;
    assert_eq!(n as i64, orgs);
    assert!(d.index.doc_count() >= orgs as u64);
}

#[tokio::test]
async fn one_cluster_never_finds_another_clusters_private_fields() {
    let app = TestApp::demo().await;
    let (cpb_org, cpb_name) = app.org_only_in("cpb", "active").await;
    let cpb_staff = app.login("staff@cpb.demo").await;
    // Cluster B (cpb) gives its member a public capability and private needs and contacts.
    let r = put_profile(
        &app,
        &cpb_staff,
        "cpb",
        cpb_org,
        json!({
            "profile": {
                "capabilities": {"fr": "Microfluidique zorblaxpublic"},
                "needs": {"fr": "Besoin secret zorblaxstaff"},
                "need_tags": ["zorblaxstaff"],
                "contacts": [{"topic": "zorblaxmembers", "name": "Zorblax Members"}],
                "certifications": ["ivdr_d"]
            },
            "visibility": {"needs": "staff", "contacts": "members", "certifications": "staff"}
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let bhc_staff = app.login("staff@bhc.demo").await;
    let bhc_member = app.login("member@bhc.demo").await;
    let bhc_token = app.token("staff@bhc.demo").await;
    let anon = app.anonymous().await;
    for who in [&bhc_staff, &bhc_member, &bhc_token, &anon] {
        for term in ["zorblaxstaff", "zorblaxmembers"] {
            for path in [
                format!("/api/v1/clusters/bhc/search?all=1&q={term}"),
                format!("/api/v1/search?q={term}"),
                format!("/api/v1/clusters/cpb/search?q={term}"),
            ] {
                let r = app.get(who, &path).await;
                assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
                assert_eq!(total(&r), 0, "{path} leaks a private field: {}", r.body);
            }
            let page = app.get(who, &format!("/c/bhc/search?all=1&q={term}")).await;
            assert!(!page.body.contains(&cpb_name), "page leaks {term}");
            let sug = app.get(who, "/c/bhc/search/suggest?q=zorblax").await;
            assert!(!sug.body.contains(&cpb_name));
        }
        // The staff-only certification is not counted in any facet either.
        let r = app.get(who, "/api/v1/search?certification=ivdr_d").await;
        assert!(!names(&r).contains(&cpb_name));
        let facets = app
            .get(who, "/api/v1/clusters/bhc/search?all=1")
            .await
            .json();
        assert!(
            !facets["facets"]["certification"]
                .to_string()
                .contains("ivdr_d"),
            "facet leaks"
        );
        // The public capability is found across sharing clusters.
        let r = app.get(who, "/api/v1/search?q=zorblaxpublic").await;
        assert_eq!(names(&r), vec![cpb_name.clone()]);
    }
    // From cluster A with "all clusters": found only while both share their directories.
    let r = app
        .get(
            &bhc_member,
            "/api/v1/clusters/bhc/search?all=1&q=zorblaxpublic",
        )
        .await;
    assert_eq!(names(&r), vec![cpb_name.clone()]);
    let r = app
        .get(&bhc_member, "/api/v1/clusters/bhc/search?q=zorblaxpublic")
        .await;
    assert_eq!(
        total(&r),
        0,
        "without 'all' the search stays in the cluster"
    );
    let stop = app
        .post_form(&cpb_staff, "/c/cpb/search/sharing", &[("share", "0")])
        .await;
    assert_eq!(stop.status, StatusCode::SEE_OTHER);
    let r = app
        .get(
            &bhc_member,
            "/api/v1/clusters/bhc/search?all=1&q=zorblaxpublic",
        )
        .await;
    assert_eq!(total(&r), 0, "a cluster that stops sharing disappears");
    assert_eq!(
        total(&app.get(&anon, "/api/v1/search?q=zorblaxpublic").await),
        0
    );
    // Cluster B's own staff still find everything of their member.
    let r = app
        .get(&cpb_staff, "/api/v1/clusters/cpb/search?q=zorblaxstaff")
        .await;
    assert_eq!(names(&r), vec![cpb_name.clone()]);
    // And a member of A cannot change B's sharing.
    let r = app
        .post_form(&bhc_member, "/c/cpb/search/sharing", &[("share", "1")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
