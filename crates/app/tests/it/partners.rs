//! Integration tests: partner suggestions. A hospital's need for imaging diagnosis finds the
//! company that does diagnostic imaging, with the shared terms and the value-chain position as
//! reasons, in a stable order, never itself; a capability kept to the staff is not used for
//! other members; an introduction records one bilateral meeting and never a second; another
//! cluster's members are neither suggested nor readable.

use crate::support::{Browser, ProfiledMember, TestApp};
use clusterhub_core::MultiText;
use clusterhub_core::model::Role;
use clusterhub_db::clusters::NewCluster;
use clusterhub_db::q;
use serde_json::{Value, json};

pub(crate) async fn cluster(app: &TestApp, slug: &'static str) -> i64 {
    app.own_cluster(
        NewCluster {
            slug,
            name: "Partner Test Cluster",
            short_name: "PTN",
            default_locale: "es",
            locales: "es,en",
            territories: "ES21",
            description: MultiText::new(),
        },
        &["medical_devices", "healthcare", "pharma"],
    )
    .await
}

/// An active member with a profile (and visibility).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn member(
    app: &TestApp,
    cid: i64,
    name: &str,
    entity: &str,
    territory: &str,
    subsector: &str,
    profile: Value,
    visibility: Value,
) -> i64 {
    app.profiled_member(
        cid,
        &ProfiledMember {
            name,
            entity_type: entity,
            size: "",
            territory,
            subsector,
            profile,
            visibility,
        },
    )
    .await
}

pub(crate) async fn user(
    app: &TestApp,
    cid: i64,
    email: &str,
    role: Role,
    org: Option<i64>,
) -> Browser {
    app.user_with_role(cid, email, email, role, org).await
}

struct World {
    hospital: i64,
    imaging: i64,
    secret: i64,
    pharma: i64,
    foreign: i64,
    member: Browser,
    staff: Browser,
    outsider: Browser,
    other_member: Browser,
}

async fn world(app: &TestApp) -> World {
    let cid = cluster(app, "ptn").await;
    let hospital = member(
        app,
        cid,
        "Hospital Universitario Cruces",
        "hospital",
        "ES213",
        "healthcare",
        json!({"needs": {"es": "Buscamos soluciones de diagnóstico por imagen para radiología."},
               "need_tags": ["imagen médica"], "value_chain": ["care"]}),
        json!({}),
    )
    .await;
    let imaging = member(
        app,
        cid,
        "Imagia Diagnostics",
        "company",
        "ES212",
        "medical_devices",
        json!({"capabilities": {"es": "Software de imagen diagnóstica: análisis de imágenes para el diagnóstico asistido."},
               "value_chain": ["manufacturing"]}),
        json!({}),
    )
    .await;
    // Matches as well as Imagia, but keeps its capabilities to the staff.
    let secret = member(
        app,
        cid,
        "Discreet Imaging",
        "company",
        "ES212",
        "medical_devices",
        json!({"capabilities": {"es": "Imagen diagnóstica y diagnóstico por imagen."},
               "value_chain": ["manufacturing"]}),
        json!({"capabilities": "staff", "value_chain": "staff"}),
    )
    .await;
    let pharma = member(
        app,
        cid,
        "Farma Genéricos",
        "company",
        "ES211",
        "pharma",
        json!({"capabilities": {"es": "Fabricación de fármacos genéricos inyectables."},
               "value_chain": ["manufacturing"]}),
        json!({}),
    )
    .await;
    for (name, text) in [
        ("Clínica Dental Getxo", "Odontología y ortodoncia."),
        ("Residencia Aita", "Cuidados de personas mayores."),
    ] {
        member(
            app,
            cid,
            name,
            "company",
            "ES213",
            "healthcare",
            json!({"capabilities": {"es": text}}),
            json!({}),
        )
        .await;
    }
    // Another cluster: a perfect match there must never be suggested here.
    let other = cluster(app, "oth").await;
    let foreign = member(
        app,
        other,
        "Foreign Imaging",
        "company",
        "ES213",
        "medical_devices",
        json!({"capabilities": {"es": "Diagnóstico por imagen e imagen médica."},
               "value_chain": ["manufacturing"]}),
        json!({}),
    )
    .await;
    World {
        hospital,
        imaging,
        secret,
        pharma,
        foreign,
        member: user(app, cid, "hospital@ptn.test", Role::Member, Some(hospital)).await,
        staff: user(app, cid, "staff@ptn.test", Role::Staff, None).await,
        outsider: user(app, other, "staff@oth.test", Role::Staff, None).await,
        other_member: user(app, cid, "pharma@ptn.test", Role::Member, Some(pharma)).await,
    }
}

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["organisation_id"].as_i64().expect("id"))
        .collect()
}

#[tokio::test]
async fn a_hospitals_imaging_need_finds_the_imaging_company_with_reasons() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let path = format!("/api/v1/clusters/ptn/organisations/{}/partners", w.hospital);
    let r = app.get(&w.member, &path).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let got = ids(&v);
    assert_eq!(got.first(), Some(&w.imaging), "{v:#}");
    assert!(!got.contains(&w.hospital), "never itself");
    assert!(!got.contains(&w.foreign), "never another cluster's");
    assert!(!got.contains(&w.pharma), "nothing shared");
    let first = &v["items"][0];
    let reasons = first["reasons"].as_array().expect("reasons");
    let terms = reasons
        .iter()
        .find(|r| r["kind"] == "shared_terms")
        .expect("shared terms")["value"]
        .as_array()
        .expect("terms")
        .iter()
        .map(|t| t.as_str().unwrap_or_default().to_string())
        .collect::<Vec<_>>();
    assert!(terms.contains(&"imagen".to_string()), "{terms:?}");
    assert!(terms.contains(&"diagnóstico".to_string()), "{terms:?}");
    assert!(
        reasons.iter().any(|r| r["kind"] == "value_chain"
            && r["value"] == json!({"from": "care", "to": "manufacturing"})),
        "{reasons:?}"
    );
    let why = first["why"].to_string();
    assert!(why.contains("términos en común"), "{why}");
    assert!(
        why.contains("Atención sanitaria") || why.contains("→"),
        "{why}"
    );
    // The same order on every call.
    assert_eq!(ids(&app.get(&w.member, &path).await.json()), got);
    // The page says the same, in the cluster's language.
    let page = app.get(&w.member, "/c/ptn/partners").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Imagia Diagnostics"));
    assert!(page.body.contains("términos en común"));
    assert!(page.body.contains("nav-partners"));
}

#[tokio::test]
async fn private_capabilities_are_not_used_for_other_members_but_staff_see_all() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let path = format!("/api/v1/clusters/ptn/organisations/{}/partners", w.hospital);
    let member_view = app.get(&w.member, &path).await;
    assert!(!ids(&member_view.json()).contains(&w.secret));
    assert!(!member_view.body.contains("Discreet Imaging"));
    let page = app.get(&w.member, "/c/ptn/partners").await;
    assert!(!page.body.contains("Discreet Imaging"));
    let staff_view = app.get(&w.staff, &path).await;
    assert_eq!(staff_view.status, 200);
    assert!(ids(&staff_view.json()).contains(&w.secret));
    let staff_page = app
        .get(
            &w.staff,
            &format!("/c/ptn/partners?organisation={}", w.hospital),
        )
        .await;
    assert!(staff_page.body.contains("Discreet Imaging"));
}

#[tokio::test]
async fn an_introduction_records_one_meeting_and_never_a_second() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let base = format!(
        "/api/v1/clusters/ptn/organisations/{}/partners/introductions",
        w.hospital
    );
    let body = json!({"candidate": w.imaging}).to_string();
    // Members may not introduce.
    let r = app.send_json(&w.member, "POST", &base, &body).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = app.send_json(&w.staff, "POST", &base, &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let activity = r.json()["introduction"]["activity_id"]
        .as_i64()
        .expect("activity");
    let (kind, subtype): (String, Option<String>) = q!(
        "SELECT kind, subtype FROM activities WHERE id = $1",
        activity
    )
    .one(&app.db)
    .await
    .expect("activity");
    assert_eq!(
        (kind.as_str(), subtype.as_deref()),
        ("meeting", Some("bilateral"))
    );
    let linked = app
        .count(&format!(
            "SELECT COUNT(*) FROM activity_organisations WHERE activity_id = {activity} AND organisation_id IN ({}, {})",
            w.hospital, w.imaging
        ))
        .await;
    assert_eq!(linked, 2);
    // Again, from either side, by the API or the page: nothing more is created.
    let again = app.send_json(&w.staff, "POST", &base, &body).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("already_introduced"));
    let reverse = app
        .send_json(
            &w.staff,
            "POST",
            &format!(
                "/api/v1/clusters/ptn/organisations/{}/partners/introductions",
                w.imaging
            ),
            &json!({"candidate": w.hospital}).to_string(),
        )
        .await;
    assert_eq!(reverse.status, 409);
    let page = app
        .post_form(
            &w.staff,
            &format!("/c/ptn/partners/{}/introduce", w.hospital),
            &[("candidate", &w.imaging.to_string())],
        )
        .await;
    assert_eq!(page.status, 303);
    assert!(
        page.location().contains("notice=already"),
        "{}",
        page.location()
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activities WHERE kind = 'meeting'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM partner_introductions")
            .await,
        1
    );
    // The suggestion now says when.
    let v = app
        .get(
            &w.member,
            &format!("/api/v1/clusters/ptn/organisations/{}/partners", w.hospital),
        )
        .await
        .json();
    let item = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["organisation_id"] == w.imaging)
        .expect("still suggested")
        .clone();
    assert_eq!(item["introduced"]["activity_id"], activity);
    let page = app.get(&w.member, "/c/ptn/partners").await;
    assert!(
        page.body.contains("Presentadas el"),
        "introduced on … shown"
    );
    // The other side knows too, suggested or not.
    let other = app
        .get(
            &w.staff,
            &format!("/api/v1/clusters/ptn/organisations/{}/partners", w.imaging),
        )
        .await
        .json();
    assert_eq!(other["introductions"][0]["organisation_id"], w.hospital);
    let page = app
        .get(
            &w.staff,
            &format!("/c/ptn/partners?organisation={}", w.imaging),
        )
        .await;
    assert!(page.body.contains("id=\"partners-introduced\""));
}

#[tokio::test]
async fn a_member_hides_a_suggestion_and_brings_it_back() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    let api = format!("/api/v1/clusters/ptn/organisations/{}/partners", w.hospital);
    let r = app
        .post_form(
            &w.member,
            &format!("/c/ptn/partners/{}/dismiss", w.hospital),
            &[("candidate", &w.imaging.to_string())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let v = app.get(&w.member, &api).await.json();
    assert!(!ids(&v).contains(&w.imaging));
    assert_eq!(v["dismissed"], 1);
    let v = app
        .get(&w.member, &format!("{api}?dismissed=1"))
        .await
        .json();
    assert!(ids(&v).contains(&w.imaging));
    app.post_form(
        &w.member,
        &format!("/c/ptn/partners/{}/restore", w.hospital),
        &[("candidate", &w.imaging.to_string())],
    )
    .await;
    assert!(ids(&app.get(&w.member, &api).await.json()).contains(&w.imaging));
    // Another member cannot hide the hospital's suggestions.
    let r = app
        .post_form(
            &w.other_member,
            &format!("/c/ptn/partners/{}/dismiss", w.hospital),
            &[("candidate", &w.imaging.to_string())],
        )
        .await;
    assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);
}

#[tokio::test]
async fn suggestions_stay_inside_their_cluster_and_their_organisation() {
    let app = TestApp::empty().await;
    let w = world(&app).await;
    // Another member of the same cluster reads only its own.
    let r = app
        .get(
            &w.other_member,
            &format!("/api/v1/clusters/ptn/organisations/{}/partners", w.hospital),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    // Staff of another cluster: neither the suggestions nor an introduction.
    let r = app
        .get(
            &w.outsider,
            &format!("/api/v1/clusters/ptn/organisations/{}/partners", w.hospital),
        )
        .await;
    assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);
    let r = app
        .send_json(
            &w.outsider,
            "POST",
            &format!(
                "/api/v1/clusters/ptn/organisations/{}/partners/introductions",
                w.hospital
            ),
            &json!({"candidate": w.imaging}).to_string(),
        )
        .await;
    assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);
    // Staff here cannot introduce another cluster's organisation.
    let r = app
        .send_json(
            &w.staff,
            "POST",
            &format!(
                "/api/v1/clusters/ptn/organisations/{}/partners/introductions",
                w.hospital
            ),
            &json!({"candidate": w.foreign}).to_string(),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activities").await,
        0,
        "nothing written"
    );
    // The other cluster's own staff see its members' suggestions only.
    let r = app
        .get(
            &w.outsider,
            &format!("/api/v1/clusters/oth/organisations/{}/partners", w.foreign),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(ids(&r.json()).is_empty());
}
