//! The JSON API: filters and pagination, writes, problem details, OpenAPI kept in sync.

use crate::support::{Browser, TestApp};

#[tokio::test]
async fn directory_filters_combine_and_paginate() {
    let app = TestApp::demo().await;
    let api = app.token("staff@bhc.demo").await;
    let all = app
        .get(&api, "/api/v1/clusters/bhc/organisations?per_page=500")
        .await
        .json();
    let total = all["total"].as_i64().expect("total");
    assert_eq!(total, 130);
    assert_eq!(all["items"].as_array().map(Vec::len), Some(130));
    let f = app
        .get(
            &api,
            "/api/v1/clusters/bhc/organisations?subsector=biotech&entity_type=company&per_page=200",
        )
        .await
        .json();
    let items = f["items"].as_array().expect("items");
    assert!(!items.is_empty() && (f["total"].as_i64().unwrap_or(0)) < total);
    for o in items {
        assert_eq!(o["entity_type"], "company");
        assert!(
            o["subsectors"]
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x == "biotech")),
            "{o}"
        );
    }
    let p1 = app
        .get(
            &api,
            "/api/v1/clusters/bhc/organisations?per_page=10&page=1",
        )
        .await
        .json();
    let p2 = app
        .get(
            &api,
            "/api/v1/clusters/bhc/organisations?per_page=10&page=2",
        )
        .await
        .json();
    assert_ne!(p1["items"][0]["id"], p2["items"][0]["id"]);
    let names: Vec<String> = p1["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| clusterhub_core::fold(o["name"].as_str().unwrap_or("")))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name");
    // The public sees active members only, and no private columns.
    let public = app
        .get(
            &Browser::default(),
            "/api/v1/clusters/bhc/organisations?per_page=200",
        )
        .await
        .json();
    assert!(public["total"].as_i64().unwrap_or(0) < total);
    assert!(public["items"][0].get("fee_class").is_none());
    let bad = app
        .get(
            &api,
            "/api/v1/clusters/bhc/organisations?entity_type=spaceship",
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["errors"][0]["field"], "entity_type");
}

#[tokio::test]
async fn bad_bodies_get_problem_details_and_change_nothing() {
    let app = TestApp::demo().await;
    let api = app.token("staff@bhc.demo").await;
    let before = app.count("SELECT COUNT(*) FROM organisations").await;
    let r = app
        .send_json(
            &api,
            "POST",
            "/api/v1/clusters/bhc/organisations",
            "{not json",
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let p = r.json();
    assert_eq!(
        (p["status"].as_i64(), p["code"].as_str()),
        (Some(422), Some("validation"))
    );
    let r = app
        .send_json(
            &api,
            "POST",
            "/api/v1/clusters/bhc/organisations",
            r#"{"name":"","entity_type":"rocket","website":"nope","typology":"ordinary"}"#,
        )
        .await;
    assert_eq!(r.status, 422);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(fields, ["name", "entity_type", "website"]);
    let r = app
        .send_json(
            &api,
            "POST",
            "/api/v1/clusters/bhc/organisations",
            r#"{"name":"Fine Co","entity_type":"company","typology":"platinum"}"#,
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["field"], "typology");
    assert_eq!(
        before,
        app.count("SELECT COUNT(*) FROM organisations").await,
        "nothing was created, not even the organisation"
    );
    let (id, name) = app.org_only_in("bhc", "active").await;
    let r = app
        .send_json(
            &api,
            "PATCH",
            &format!("/api/v1/clusters/bhc/organisations/{id}"),
            r#"{"website":"not a url","name":"Changed"}"#,
        )
        .await;
    assert_eq!(r.status, 422);
    let r = app
        .send_json(
            &api,
            "PATCH",
            &format!("/api/v1/clusters/bhc/organisations/{id}"),
            r#"{"colour":"blue"}"#,
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["errors"][0]["field"].as_str()),
        (422, Some("colour"))
    );
    let now = app
        .get(&api, &format!("/api/v1/clusters/bhc/organisations/{id}"))
        .await
        .json();
    assert_eq!(now["name"], name.as_str());
    let ok = app
        .send_json(
            &api,
            "PATCH",
            &format!("/api/v1/clusters/bhc/organisations/{id}"),
            r#"{"website":"changed.example","description":{"fr":"Texte"}}"#,
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["website"], "https://changed.example");
    assert_eq!(ok.json()["name"], name.as_str(), "absent fields stay");
    assert_eq!(ok.json()["description"]["fr"], "Texte");
}

#[tokio::test]
async fn tokens_authenticate_and_unknown_tokens_are_refused() {
    let app = TestApp::demo().await;
    let me = app
        .get(&app.token("board@bhc.demo").await, "/api/v1/me")
        .await
        .json();
    assert_eq!(me["roles"][0]["cluster"], "bhc");
    assert_eq!(me["roles"][0]["role"], "board");
    let fake = Browser {
        bearer: Some("cht_nope".into()),
        ..Browser::default()
    };
    let r = app.get(&fake, "/api/v1/me").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let anon = app
        .get(&Browser::default(), "/api/v1/clusters/bhc/people")
        .await;
    assert_eq!(anon.status, 401);
    // Session-authenticated writes need the CSRF header.
    let mut web = app.login("staff@bhc.demo").await;
    web.csrf = String::new();
    let r = app
        .send_json(
            &web,
            "POST",
            "/api/v1/clusters/bhc/organisations",
            r#"{"name":"X","entity_type":"company"}"#,
        )
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn openapi_document_matches_the_routes_and_the_committed_copy() {
    let app = TestApp::empty().await;
    let doc = app
        .get(&Browser::default(), "/api/v1/openapi.json")
        .await
        .json();
    assert_eq!(doc["openapi"], "3.1.0");
    for r in clusterhub_web::route_table()
        .iter()
        .filter(|r| r.path.starts_with("/api/"))
    {
        assert!(
            doc["paths"][r.path][r.method.to_lowercase()].is_object(),
            "{} {} missing from OpenAPI",
            r.method,
            r.path
        );
    }
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let text = doc.to_string();
    for (i, _) in text.match_indices("#/components/schemas/") {
        let name: String = text[i + 21..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        assert!(schemas.contains_key(&name), "dangling $ref {name}");
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let pretty = serde_json::to_string_pretty(&doc).expect("json") + "\n";
    if std::env::var("UPDATE_OPENAPI").is_ok() {
        std::fs::write(&path, &pretty).expect("write docs/openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == pretty,
        "docs/openapi.json is out of date: run UPDATE_OPENAPI=1 cargo nextest run openapi"
    );
}
