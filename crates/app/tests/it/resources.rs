//! Resource maps: the notified-body import, the for-you ranking and its reasons, who may create,
//! suggest and publish, and one cluster never seeing another's suggestions.

use crate::support::{Browser, ProfiledMember, TestApp, shared_data};
use clusterhub_core::MultiText;
use clusterhub_core::access::Principal;
use clusterhub_core::model::Role;
use clusterhub_db::clusters::NewCluster;
use clusterhub_db::{q, resources};
use serde_json::Value;

/// A cluster of its own for the tests that count and rank, away from the demo's resources.
async fn test_cluster(app: &TestApp) -> i64 {
    app.own_cluster(
        NewCluster {
            slug: "tst",
            name: "Test Health Cluster",
            short_name: "TST",
            default_locale: "en",
            locales: "en,es",
            territories: "ES21,ES11",
            description: MultiText::new(),
        },
        &["medical_devices", "ivd", "biotech"],
    )
    .await
}

/// A member organisation of the test cluster with a profile, and a member user acting for it.
async fn member(
    app: &TestApp,
    cid: i64,
    name: &str,
    size: &str,
    territory: &str,
    subsector: &str,
    profile: Value,
) -> (i64, Browser) {
    let org = app
        .profiled_member(
            cid,
            &ProfiledMember {
                name,
                entity_type: "company",
                size,
                territory,
                subsector,
                profile,
                visibility: serde_json::json!({}),
            },
        )
        .await;
    let email = format!("{org}@tst.test");
    let user = app
        .user_with_role(cid, &email, name, Role::Member, Some(org))
        .await;
    (org, user)
}

async fn staff_of(app: &TestApp, cid: i64) -> Browser {
    app.user_with_role(cid, "staff@tst.test", "Staff", Role::Staff, None)
        .await
}

fn admin(cid: i64) -> clusterhub_core::access::Scope {
    Principal {
        platform_admin: true,
        ..Default::default()
    }
    .scope(cid)
}

fn day(offset: i64) -> String {
    clusterhub_core::parse::iso_date(
        time::OffsetDateTime::now_utc().date() + time::Duration::days(offset),
    )
}

#[tokio::test]
async fn notified_bodies_import_from_the_shared_list_once() {
    let app = TestApp::empty().await;
    let cid = test_cluster(&app).await;
    let data = std::fs::read(shared_data(
        "notified-bodies/mdr_ivdr_notified_bodies_unverified.csv",
    ))
    .expect("shared notified-body list");
    let r = resources::import_notified_bodies(&app.db, &admin(cid), &data, true)
        .await
        .expect("import");
    assert_eq!((r.rows, r.created, r.updated), (53, 53, 0));
    let staff = staff_of(&app, cid).await;
    let list = app
        .get(&staff, "/api/v1/clusters/tst/resources?kind=notified_body")
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    let items = list.json()["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 53);
    let gmed = items
        .iter()
        .find(|i| i["code"] == "nb-0459")
        .expect("GMED in the list");
    assert_eq!(gmed["name"], "GMED SAS");
    assert_eq!(gmed["country"], "FR");
    assert_eq!(gmed["status"], "published");
    assert_eq!(
        gmed["fit"]["regulations"],
        serde_json::json!(["mdr", "ivdr"])
    );
    assert_eq!(gmed["fit"]["unverified"], true);
    let classes = gmed["fit"]["device_classes"].to_string();
    assert!(
        classes.contains("mdr_iii") && classes.contains("ivdr_d") && !classes.contains("mdr_i\"")
    );
    let sertio = items.iter().find(|i| i["code"] == "nb-3018").expect("3018");
    assert_eq!(sertio["fit"]["regulations"], serde_json::json!(["ivdr"]));
    let ivdr = items
        .iter()
        .filter(|i| i["fit"]["regulations"].to_string().contains("ivdr"))
        .count();
    assert_eq!(ivdr, 19);
    // The page labels them as the unverified seed list they are.
    let page = app.get(&staff, "/c/tst/resources?lang=en").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("GMED SAS") && page.body.contains("unverified seed list"));
    // The same file again changes nothing.
    let audit = app.count("SELECT COUNT(*) FROM audit_log").await;
    let again = resources::import_notified_bodies(&app.db, &admin(cid), &data, true)
        .await
        .expect("import again");
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 53));
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audit);
    assert_eq!(app.count("SELECT COUNT(*) FROM resources").await, 53);
}

#[tokio::test]
async fn a_bad_notified_body_line_is_refused_with_its_number_and_nothing_is_stored() {
    let app = TestApp::empty().await;
    let cid = test_cluster(&app).await;
    let csv = "nb_number,name,country,regulations\n\
               0459,GMED SAS,FR,MDR;IVDR\n\
               0318,Centro Nacional de Certificación de Productos Sanitarios,ES,MDR;IVDR\n\
               12a,Broken Body,DE,MDR\n\
               0123,TÜV SÜD Product Service GmbH,Atlantis,GDPR\n\
               0459,GMED again,FR,MDR\n";
    let e = resources::import_notified_bodies(&app.db, &admin(cid), csv.as_bytes(), true)
        .await
        .expect_err("refused");
    let clusterhub_core::Error::Validation(errs) = e else {
        panic!("expected validation errors, got {e:?}")
    };
    let got: Vec<(Option<usize>, &str, &str)> = errs
        .iter()
        .map(|e| (e.line, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(4), "nb_number", "invalid_nb_number"),
            (Some(5), "country", "unknown_country"),
            (Some(5), "regulations", "unknown_value"),
            (Some(6), "nb_number", "duplicate_in_file"),
        ]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM resources").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
    // A file without the columns says which are missing.
    let e = resources::import_notified_bodies(&app.db, &admin(cid), b"number,name\n1,x\n", true)
        .await
        .expect_err("refused");
    let clusterhub_core::Error::Validation(errs) = e else {
        panic!()
    };
    let missing: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(missing, vec!["nb_number", "country", "regulations"]);
}

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["resource"]["name"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn reasons(v: &Value, name: &str) -> Vec<(String, String)> {
    v["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["resource"]["name"] == name))
        .and_then(|i| i["reasons"].as_array())
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    let value = match &r["value"] {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (r["kind"].as_str().unwrap_or("").to_string(), value)
                })
                .collect()
        })
        .unwrap_or_else(|| panic!("{name} not in {v}"))
}

fn pairs(xs: &[(&str, &str)]) -> Vec<(String, String)> {
    xs.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test]
async fn for_you_ranks_what_fits_each_member_and_says_why() {
    let app = TestApp::empty().await;
    let cid = test_cluster(&app).await;
    let staff = staff_of(&app, cid).await;
    // A Basque maker of class IIb devices that needs regulatory help, and a Galician start-up
    // making class C in-vitro diagnostics that needs a biobank.
    let (maker, maker_b) = member(
        &app,
        cid,
        "Implant Maker",
        "small",
        "ES212",
        "medical_devices",
        serde_json::json!({"certifications": ["iso13485", "mdr_iib"], "trl": 7, "stage": "growth", "need_tags": ["regulatory"]}),
    )
    .await;
    let (dx, dx_b) = member(
        &app,
        cid,
        "Dx Startup",
        "micro",
        "ES111",
        "ivd",
        serde_json::json!({"certifications": ["ivdr_c"], "trl": 4, "stage": "startup", "need_tags": ["biobank"]}),
    )
    .await;
    let nbs = "nb_number,name,country,regulations\n\
               0318,Centro Nacional de Certificación de Productos Sanitarios,ES,MDR;IVDR\n\
               0123,TÜV SÜD Product Service GmbH,DE,MDR;IVDR\n\
               0044,TÜV NORD CERT GmbH,DE,MDR\n";
    resources::import_notified_bodies(&app.db, &admin(cid), nbs.as_bytes(), true)
        .await
        .expect("notified bodies");
    let create = |body: Value| {
        let staff = staff.clone();
        let app = &app;
        async move {
            let r = app
                .send_json(
                    &staff,
                    "POST",
                    "/api/v1/clusters/tst/resources",
                    &body.to_string(),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
        }
    };
    create(
        serde_json::json!({"kind": "regulatory_service", "name": "Regional MDR programme",
        "description": {"en": "Regulatory support for CE marking"}, "entity_types": ["company"],
        "subsectors": ["medical_devices"], "territories": "ES21"}),
    )
    .await;
    create(serde_json::json!({"kind": "biobank", "name": "Basque Biobank", "subsectors": ["ivd"]}))
        .await;
    create(
        serde_json::json!({"kind": "funding", "funding_type": "seed_capital", "name": "Seed Fund",
        "entity_types": ["company"], "stages": ["idea", "startup"]}),
    )
    .await;
    create(serde_json::json!({"kind": "funding", "funding_type": "grant", "name": "Closing Call",
        "entity_types": ["company"], "trl_min": "3", "trl_max": "8", "opens_on": day(-30), "closes_on": day(10)}))
    .await;
    create(
        serde_json::json!({"kind": "funding", "funding_type": "grant", "name": "Closed Call",
        "subsectors": ["medical_devices", "ivd"], "opens_on": day(-60), "closes_on": day(-1)}),
    )
    .await;

    let a = app
        .get(&maker_b, "/api/v1/clusters/tst/resources/for-you")
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = a.json();
    assert_eq!(a["organisation_id"], maker);
    assert_eq!(
        names(&a),
        vec![
            "Regional MDR programme",
            "Closing Call",
            "Centro Nacional de Certificación de Productos Sanitarios",
            "TÜV NORD CERT GmbH",
            "TÜV SÜD Product Service GmbH",
        ]
    );
    assert_eq!(
        reasons(&a, "Regional MDR programme"),
        pairs(&[
            ("subsector", "medical_devices"),
            ("territory", "ES212"),
            ("need", "regulatory"),
            ("entity_type", "company"),
        ])
    );
    assert_eq!(
        reasons(&a, "Closing Call"),
        pairs(&[
            ("closes_soon", &day(10)),
            ("trl", "7"),
            ("entity_type", "company")
        ])
    );
    assert_eq!(
        reasons(
            &a,
            "Centro Nacional de Certificación de Productos Sanitarios"
        ),
        pairs(&[("device_class", "mdr_iib"), ("same_country", "ES")])
    );

    let b = app
        .get(&dx_b, "/api/v1/clusters/tst/resources/for-you")
        .await;
    assert_eq!(b.status, 200, "{}", b.body);
    let b = b.json();
    assert_eq!(b["organisation_id"], dx);
    assert_eq!(
        names(&b),
        vec![
            "Closing Call",
            "Basque Biobank",
            "Centro Nacional de Certificación de Productos Sanitarios",
            "TÜV SÜD Product Service GmbH",
            "Seed Fund",
        ]
    );
    assert_eq!(
        reasons(&b, "Basque Biobank"),
        pairs(&[("subsector", "ivd"), ("need", "biobank")])
    );
    assert_eq!(
        reasons(&b, "TÜV SÜD Product Service GmbH"),
        pairs(&[("device_class", "ivdr_c")])
    );
    assert_eq!(
        reasons(&b, "Seed Fund"),
        pairs(&[("stage", "startup"), ("entity_type", "company")])
    );

    // The page says it in the reader's language.
    let page = app.get(&maker_b, "/c/tst/resources?lang=en").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"for-you\""), "{}", page.body);
    for s in [
        "you make MDR class IIb devices",
        "you are in ES212",
        "you need: regulatory",
        "you work in medical devices",
    ] {
        assert!(page.body.contains(s), "page lacks {s:?}");
    }
    let page = app.get(&dx_b, "/c/tst/resources?lang=es").await;
    assert!(page.body.contains("fabricas productos IVDR clase C"));

    // Staff ask for any member; a member only for itself.
    let s = app
        .get(
            &staff,
            &format!("/api/v1/clusters/tst/resources/for-you?organisation={dx}"),
        )
        .await;
    assert_eq!(s.status, 200);
    assert_eq!(names(&s.json()), names(&b));
    let s = app
        .get(&staff, "/api/v1/clusters/tst/resources/for-you")
        .await;
    assert_eq!(s.status, 422);
    let other = app
        .get(
            &maker_b,
            &format!("/api/v1/clusters/tst/resources/for-you?organisation={dx}"),
        )
        .await;
    assert_eq!(other.status, 403);
    let anon = app
        .get(
            &Browser::default(),
            "/api/v1/clusters/tst/resources/for-you",
        )
        .await;
    assert_eq!(anon.status, 401);
}

#[tokio::test]
async fn members_suggest_staff_approve_and_the_public_sees_only_published() {
    let app = TestApp::demo().await;
    let member = app.login("member@bhc.demo").await;
    let staff = app.login("staff@bhc.demo").await;
    let anon = app.anonymous().await;
    let body = r#"{"kind":"training","name":"Curso de validación clínica","description":{"es":"Curso práctico"},"subsectors":["medical_devices"]}"#;
    // Members cannot create or publish.
    let r = app
        .send_json(&member, "POST", "/api/v1/clusters/bhc/resources", body)
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = app
        .post_form(
            &member,
            "/c/bhc/resources",
            &[
                ("kind", "training"),
                ("name", "Curso de validación clínica"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(app.get(&member, "/c/bhc/resources/new").await.status, 403);
    assert_eq!(
        app.get(&member, "/c/bhc/resources/suggestions")
            .await
            .status,
        403
    );
    // …but they can suggest, through the API or the page.
    let r = app
        .send_json(
            &member,
            "POST",
            "/api/v1/clusters/bhc/resources/suggestions",
            body,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s = r.json();
    assert_eq!(s["status"], "suggested");
    let id = s["id"].as_i64().expect("id");
    let form = app.get(&member, "/c/bhc/resources/suggest").await;
    assert_eq!(form.status, 200);
    let bad = app
        .post_form(
            &member,
            "/c/bhc/resources/suggestions",
            &[("kind", "funding"), ("name", "Fondo X"), ("trl_min", "11")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Fondo X\""), "typed input kept");
    assert!(bad.body.contains("funding_type-error") && bad.body.contains("trl_min-error"));
    let ok = app
        .post_form(
            &member,
            "/c/bhc/resources/suggestions",
            &[
                ("kind", "funding"),
                ("funding_type", "private_investor"),
                ("name", "Fondo de salud digital"),
                ("stages", "startup"),
                ("stages", "growth"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    // The member sees its own suggestion; the public and other members do not.
    let own = app.get(&member, &format!("/c/bhc/resources/{id}")).await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("resource-suggested"));
    assert_eq!(
        app.get(&anon, &format!("/c/bhc/resources/{id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        app.get(&anon, &format!("/api/v1/clusters/bhc/resources/{id}"))
            .await
            .status,
        404
    );
    let public = app.get(&anon, "/c/bhc/resources").await;
    assert_eq!(public.status, 200);
    assert!(!public.body.contains("Curso de validación clínica"));
    assert!(public.body.contains("Hazitek") && public.body.contains("Biobanco Vasco"));
    let api = app
        .get(&anon, "/api/v1/clusters/bhc/resources?status=suggested")
        .await;
    assert_eq!(api.status, 200);
    assert!(!api.body.contains("Curso de validación clínica"));
    assert!(
        api.json()["items"]
            .as_array()
            .is_some_and(|a| a.iter().all(|i| i["status"] == "published"))
    );
    // Members cannot approve their own suggestion.
    let r = app
        .send_json(
            &member,
            "POST",
            &format!("/api/v1/clusters/bhc/resources/{id}/approve"),
            "{}",
        )
        .await;
    assert_eq!(r.status, 403);
    let r = app
        .post_form(&member, &format!("/c/bhc/resources/{id}/approve"), &[])
        .await;
    assert_eq!(r.status, 403);
    // Staff see it waiting and approve it.
    let queue = app.get(&staff, "/c/bhc/resources/suggestions").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("Curso de validación clínica"));
    assert!(
        queue.body.contains("Programa BIND 4.0"),
        "the demo's suggestion waits too"
    );
    let r = app
        .post_form(&staff, &format!("/c/bhc/resources/{id}/approve"), &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = app
        .post_form(&staff, &format!("/c/bhc/resources/{id}/approve"), &[])
        .await;
    assert_eq!(r.status, 422, "only a suggestion can be approved");
    let public = app.get(&anon, "/c/bhc/resources").await;
    assert!(public.body.contains("Curso de validación clínica"));
    let (status, action): (String, String) = q!(
        "SELECT r.status, a.action FROM resources r JOIN audit_log a ON a.entity = 'resource' AND a.entity_id = r.id WHERE r.id = $1 ORDER BY a.id DESC LIMIT 1",
        id
    )
    .one(&app.db)
    .await
    .expect("audit");
    assert_eq!((status.as_str(), action.as_str()), ("published", "approve"));
    // Staff create, edit and delete through the pages.
    let bad = app
        .post_form(
            &staff,
            "/c/bhc/resources",
            &[
                ("kind", "notified_body"),
                ("name", ""),
                ("territories", "Mordor land"),
                ("device_classes", "mdr_iv"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    for f in ["name-error", "territories-error"] {
        assert!(bad.body.contains(f), "{f}");
    }
    let created = app
        .post_form(
            &staff,
            "/c/bhc/resources",
            &[
                ("kind", "testing_service"),
                ("name", "Laboratorio de ensayos EMC"),
                ("description_es", "Ensayos IEC 60601-1-2"),
                ("device_classes", "mdr_iia"),
                ("territories", "ES21, Portugal"),
                ("code", "emc-lab"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let page = app.get(&staff, created.location()).await;
    assert!(page.body.contains("Laboratorio de ensayos EMC") && page.body.contains("ES21, PT"));
    let rid: i64 = created
        .location()
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let dup = app
        .post_form(
            &staff,
            "/c/bhc/resources",
            &[
                ("kind", "testing_service"),
                ("name", "Otro"),
                ("code", "emc-lab"),
            ],
        )
        .await;
    assert_eq!(dup.status, 422, "codes are unique in a cluster");
    let edit = app
        .get(&staff, &format!("/c/bhc/resources/{rid}/edit"))
        .await;
    assert!(edit.body.contains("value=\"emc-lab\""));
    let del = app
        .post_form(&staff, &format!("/c/bhc/resources/{rid}/delete"), &[])
        .await;
    assert_eq!(del.status, 303);
    assert_eq!(
        app.get(&staff, &format!("/c/bhc/resources/{rid}"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn one_clusters_staff_cannot_see_or_change_anothers_resources() {
    let app = TestApp::demo().await;
    let cpb = app.cluster_id("cpb").await;
    let (suggestion, name): (i64, String) = q!(
        "SELECT id, name FROM resources WHERE cluster_id = $1 AND status = 'suggested' ORDER BY id LIMIT 1",
        cpb
    )
    .one(&app.db)
    .await
    .expect("the demo's cpb suggestion");
    // Its name as pages show it (the apostrophe of "d'honneur" is escaped there).
    let name: String = name.split('\'').next().unwrap_or_default().to_string();
    let (published,): (i64,) = q!(
        "SELECT id FROM resources WHERE cluster_id = $1 AND code = 'herrikoa'",
        cpb
    )
    .one(&app.db)
    .await
    .expect("a cpb resource");
    // Positive control: cpb's staff do see the suggestion.
    let cpb_staff = app.login("staff@cpb.demo").await;
    let q = app.get(&cpb_staff, "/c/cpb/resources/suggestions").await;
    assert!(q.body.contains(&name));
    let before = app
        .count("SELECT COUNT(*) FROM resources WHERE status = 'published'")
        .await;
    let audit = app.count("SELECT COUNT(*) FROM audit_log").await;
    let json = r#"{"kind":"funding","funding_type":"grant","name":"Hacked"}"#;
    for b in [
        app.login("staff@bhc.demo").await,
        app.token("staff@bhc.demo").await,
    ] {
        for path in [
            "/c/cpb/resources/suggestions".to_string(),
            format!("/c/cpb/resources/{suggestion}"),
            format!("/c/cpb/resources/{suggestion}/edit"),
            format!("/api/v1/clusters/cpb/resources/{suggestion}"),
            format!("/c/bhc/resources/{suggestion}"),
            format!("/c/bhc/resources/{published}"),
            format!("/api/v1/clusters/bhc/resources/{published}"),
        ] {
            let r = app.get(&b, &path).await;
            assert!(
                matches!(r.status.as_u16(), 403 | 404),
                "GET {path}: {}",
                r.status
            );
            assert!(!r.body.contains(&name), "GET {path} leaked the suggestion");
        }
        let list = app
            .get(&b, "/api/v1/clusters/cpb/resources?status=suggested")
            .await;
        assert!(!list.body.contains(&name));
        let page = app.get(&b, "/c/cpb/resources?status=suggested").await;
        assert!(!page.body.contains(&name));
        for (method, path) in [
            ("PUT", format!("/api/v1/clusters/cpb/resources/{published}")),
            (
                "DELETE",
                format!("/api/v1/clusters/cpb/resources/{published}"),
            ),
            (
                "POST",
                format!("/api/v1/clusters/cpb/resources/{suggestion}/approve"),
            ),
            ("POST", "/api/v1/clusters/cpb/resources".to_string()),
            (
                "POST",
                "/api/v1/clusters/cpb/resources/suggestions".to_string(),
            ),
            ("PUT", format!("/api/v1/clusters/bhc/resources/{published}")),
            (
                "DELETE",
                format!("/api/v1/clusters/bhc/resources/{published}"),
            ),
            (
                "POST",
                format!("/api/v1/clusters/bhc/resources/{suggestion}/approve"),
            ),
        ] {
            let r = app.send_json(&b, method, &path, json).await;
            assert!(
                matches!(r.status.as_u16(), 403 | 404),
                "{method} {path}: {} {}",
                r.status,
                r.body
            );
        }
        for path in [
            format!("/c/cpb/resources/{published}"),
            format!("/c/cpb/resources/{published}/delete"),
            format!("/c/cpb/resources/{suggestion}/approve"),
            format!("/c/cpb/resources/{suggestion}/reject"),
            format!("/c/bhc/resources/{suggestion}/approve"),
            format!("/c/bhc/resources/{published}/delete"),
            "/c/cpb/resources".to_string(),
        ] {
            let r = app
                .post_form(
                    &b,
                    &path,
                    &[
                        ("kind", "funding"),
                        ("funding_type", "grant"),
                        ("name", "Hacked"),
                    ],
                )
                .await;
            assert!(
                matches!(r.status.as_u16(), 403 | 404),
                "POST {path}: {}",
                r.status
            );
        }
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM resources WHERE status = 'published'")
            .await,
        before
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audit);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM resources WHERE name = 'Hacked'")
            .await,
        0
    );
}

#[tokio::test]
async fn the_demo_member_sees_a_notified_body_for_its_device_class() {
    let app = TestApp::demo().await;
    let member = app.token("member@bhc.demo").await;
    let r = app
        .get(&member, "/api/v1/clusters/bhc/resources/for-you")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let items = v["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 12, "{v}");
    let top: Vec<&Value> = items.iter().collect();
    let nb = top
        .iter()
        .find(|i| i["resource"]["kind"] == "notified_body")
        .unwrap_or_else(|| panic!("no notified body for you: {:?}", names(&v)));
    assert!(
        nb["reasons"]
            .to_string()
            .contains(r#"{"kind":"device_class","value":"mdr_iib"}"#),
        "{nb}"
    );
    assert!(
        top.iter()
            .take(3)
            .any(|i| i["resource"]["kind"] == "regulatory_service"),
        "a regulatory service among the first three: {:?}",
        names(&v)
    );
    // A member of another cluster gets another list.
    let cpb = app.token("member@cpb.demo").await;
    let other = app
        .get(&cpb, "/api/v1/clusters/cpb/resources/for-you")
        .await;
    assert_eq!(other.status, 200);
    assert_ne!(names(&other.json()), names(&v));
    let page = app.get(&member, "/c/bhc/resources?lang=en").await;
    assert!(page.body.contains("you make MDR class IIb devices"));
}
