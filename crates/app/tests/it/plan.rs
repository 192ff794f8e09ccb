//! Strategy as data: plans imported whole with history, the activity log moving the scorecard
//! at once, drill-down to the records, manual figures with evidence, roadmap statuses, and the
//! reports read back.

use crate::support::{Browser, TestApp};
use axum::http::StatusCode;

const BHC_PLAN: &str = include_str!("../../../../demo/plans/bhc-2024-2027.toml");

/// The value of one indicator on the API's scorecard.
async fn value(app: &TestApp, b: &Browser, code: &str, period: &str) -> Option<f64> {
    let r = app
        .get(
            b,
            &format!("/api/v1/clusters/bhc/scorecard?period={period}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no indicator {code}"))["value"]
        .as_f64()
}

fn training(title: &str, amount: &str, items: &[&str]) -> String {
    serde_json::json!({
        "kind": "training", "subtype": "course", "title": title, "starts_on": "2025-05-14",
        "attendees": "23", "amount": amount, "items": items,
    })
    .to_string()
}

#[tokio::test]
async fn an_activity_moves_the_board_at_once_and_can_be_traced() {
    let app = TestApp::demo().await;
    let staff = app.token("staff@bhc.demo").await;
    let before = value(&app, &staff, "OP-TAL-1", "2025")
        .await
        .expect("value");
    let r = app
        .send_json(
            &staff,
            "POST",
            "/api/v1/clusters/bhc/activities",
            &training("Curso MDR avanzado", "1.250,50", &["talent"]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["amount_cents"], 125_050);
    assert_eq!(created["items"][0], "talent");
    assert_eq!(
        value(&app, &staff, "OP-TAL-1", "2025").await,
        Some(before + 1.0)
    );
    // The same activity falls in the first semester and not in the second.
    let s1 = value(&app, &staff, "OP-TAL-1", "2025-S1")
        .await
        .expect("s1");
    let s2 = value(&app, &staff, "OP-TAL-1", "2025-S2")
        .await
        .expect("s2");
    assert_eq!(s1 + s2, before + 1.0);

    let r = app
        .get(
            &staff,
            "/api/v1/clusters/bhc/scorecard/OP-TAL-1/records?period=2025",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let records = r.json();
    assert_eq!(records["total"].as_f64(), Some(before + 1.0));
    assert!(
        records["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["link"] == "activity" && i["link_id"] == id),
        "the new activity is among the records"
    );

    // Editing it into another kind and year moves it out of 2025.
    let r = app
        .send_json(
            &staff,
            "PUT",
            &format!("/api/v1/clusters/bhc/activities/{id}"),
            &training("Curso MDR avanzado", "0", &["talent"]).replace("2025-05-14", "2024-05-14"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(value(&app, &staff, "OP-TAL-1", "2025").await, Some(before));
    let r = app
        .request(
            &staff,
            "DELETE",
            &format!("/api/v1/clusters/bhc/activities/{id}"),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM activities WHERE id = {id}"))
            .await,
        0
    );
}

#[tokio::test]
async fn bad_activities_are_refused_with_the_field_and_change_nothing() {
    let app = TestApp::demo().await;
    let staff = app.token("staff@bhc.demo").await;
    let before = app.count("SELECT COUNT(*) FROM activities").await;
    let r = app
        .send_json(
            &staff,
            "POST",
            "/api/v1/clusters/bhc/activities",
            &training("Curso", "-10", &["talent", "marketing"]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["field"].as_str().unwrap_or(""),
                e["code"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        fields.contains(&"amount:negative".to_string()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"items:unknown_plan_item".to_string()),
        "{fields:?}"
    );

    // An organisation of another cluster cannot be linked.
    let (other, _) = app.org_only_in("cpb", "active").await;
    let body = serde_json::json!({"kind": "support", "subtype": "regulatory", "title": "x", "starts_on": "2025-01-10", "organisations": [other]}).to_string();
    let r = app
        .send_json(&staff, "POST", "/api/v1/clusters/bhc/activities", &body)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("unknown_organisation"), "{}", r.body);
    assert_eq!(app.count("SELECT COUNT(*) FROM activities").await, before);

    // The form keeps what was typed and says which field is wrong.
    let b = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &b,
            "/c/bhc/activities",
            &[
                ("kind", "training"),
                ("title", "Curso de IVDR"),
                ("starts_on", "2025-02-30"),
                ("amount", "-5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("value=\"Curso de IVDR\""),
        "typed title kept"
    );
    assert!(r.body.contains("id=\"amount-error\""), "amount error shown");
    assert!(
        r.body.contains("id=\"starts_on-error\""),
        "date error shown"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM activities").await, before);
}

#[tokio::test]
async fn plan_files_import_whole_with_lines_and_keep_history() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let revisions = app.count("SELECT COUNT(*) FROM plan_revisions").await;
    // A wrong indicator reference, a duplicate code and an unknown unit, each with its line.
    let bad = BHC_PLAN
        .replacen("den = \"E12\"", "den = \"E99\"", 1)
        .replacen("code = \"E2\"", "code = \"E1\"", 1)
        .replacen("unit = \"eur\"", "unit = \"euros\"", 1);
    let r = app
        .post_multipart(&b, "/c/bhc/plan", &[], ("file", "bhc.toml", bad.as_bytes()))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let line_of = |needle: &str| {
        bad.lines()
            .position(|l| l.contains(needle))
            .expect("needle")
            + 1
    };
    for (needle, what) in [
        ("den = \"E99\"", "E99"),
        ("code = \"E1\"", "duplicate"),
        ("unit = \"euros\"", "euros"),
    ] {
        let _ = what;
        let line = if needle.starts_with("code") {
            // The second E1 is the duplicate.
            bad.lines()
                .enumerate()
                .filter(|(_, l)| l.contains(needle))
                .nth(1)
                .expect("dup")
                .0
                + 1
        } else {
            line_of(needle)
        };
        assert!(
            r.body.contains(&format!(" {line} ")),
            "line {line} of {needle} reported: {}",
            r.body
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM plan_revisions").await,
        revisions
    );

    // A changed plan becomes revision 2; revision 1 stays readable.
    let changed = BHC_PLAN.replacen("title = { es = \"", "title = { es = \"REVISADO ", 1);
    let r = app
        .post_multipart(
            &b,
            "/c/bhc/plan",
            &[],
            ("file", "bhc.toml", changed.as_bytes()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get(&b, "/c/bhc/plan?plan=bhc-2024-2027").await;
    assert!(r.body.contains("REVISADO"), "new revision shown");
    let r = app
        .get(&b, "/c/bhc/plan?plan=bhc-2024-2027&revision=1")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("REVISADO"), "revision 1 is the old text");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM plan_revisions").await,
        revisions + 1
    );
}

#[tokio::test]
async fn boards_render_every_indicator_and_drill_down_to_records() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let plan = clusterhub_plan::Plan::parse(BHC_PLAN).expect("plan");
    let strategic = app.get(&b, "/c/bhc/scorecard?period=2025").await;
    let operational = app
        .get(&b, "/c/bhc/scorecard?period=2025&level=operational")
        .await;
    assert_eq!(strategic.status, StatusCode::OK);
    for i in &plan.indicators {
        let page = if i.level == clusterhub_core::model::IndicatorLevel::Strategic {
            &strategic
        } else {
            &operational
        };
        assert!(
            page.body.contains(&format!("id=\"ind-{}\"", i.code)),
            "{} on its board",
            i.code
        );
    }
    assert!(
        strategic.body.contains("<svg"),
        "trend charts drawn on the server"
    );
    let r = app
        .get(&b, "/c/bhc/scorecard/OP-TAL-1?period=2025-S1")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("/c/bhc/activities/"),
        "records link to activities"
    );
    let r = app
        .get(&b, "/c/bhc/scorecard/E12?period=2025-01-01..2025-03-31")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("/c/bhc/organisations/"),
        "members link to organisations"
    );
    let r = app.get(&b, "/c/bhc/scorecard?period=2025-S3").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_governance_meeting_feeds_the_log_without_retyping() {
    let app = TestApp::demo().await;
    let staff = app.token("staff@bhc.demo").await;
    let csv = |r: crate::support::Res| -> f64 {
        r.body
            .lines()
            .find(|l| l.contains(",INT-2,"))
            .and_then(|l| l.split(',').nth(3))
            .and_then(|v| v.replace(['.', ' '], "").parse().ok())
            .expect("INT-2 row")
    };
    let before = csv(app
        .get(&staff, "/c/bhc/reports/evidence.csv?year=2025&lang=en")
        .await);
    let (group,): (i64,) = clusterhub_db::q!(
        "SELECT id FROM cluster_groups WHERE cluster_id = $1 AND kind = 'working_group' ORDER BY id LIMIT 1",
        app.cluster_id("bhc").await
    )
    .one(&app.db)
    .await
    .expect("group");
    let r = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/groups/{group}/meetings"),
            r#"{"title":"Sesión dato clínico","starts_at":"2025-10-07T10:00"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let after = csv(app
        .get(&staff, "/c/bhc/reports/evidence.csv?year=2025&lang=en")
        .await);
    assert_eq!(after, before + 1.0);
}

#[tokio::test]
async fn manual_figures_keep_their_source_and_evidence() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let pdf = b"%PDF-1.4 Eustat extract";
    let r = app
        .post_multipart(
            &b,
            "/c/bhc/scorecard/E5/values?plan=bhc-2024-2027",
            &[
                ("year", "2023"),
                ("value", "9,7"),
                ("source", "Eustat, Cuentas económicas 2023"),
            ],
            ("evidence", "eustat.pdf", pdf),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let staff = app.token("staff@bhc.demo").await;
    let r = app
        .get(
            &staff,
            "/api/v1/clusters/bhc/scorecard?period=2023&plan=bhc-2024-2027",
        )
        .await;
    let e5 = r.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["code"] == "E5")
        .cloned()
        .expect("E5");
    assert_eq!(e5["value"].as_f64(), Some(9.7));
    let page = app.get(&b, "/c/bhc/scorecard/E5?period=2023").await;
    let href = page
        .body
        .split("/values/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("evidence link");
    let r = app.get(&b, &format!("/c/bhc/values/{href}/evidence")).await;
    assert_eq!(r.raw, pdf.to_vec());
    // No source: refused, nothing stored.
    let n = app.count("SELECT COUNT(*) FROM indicator_values").await;
    let r = app
        .post_multipart(
            &b,
            "/c/bhc/scorecard/E5/values",
            &[("year", "2022"), ("value", "abc"), ("source", "")],
            ("evidence", "", b""),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"source-error\"") && r.body.contains("id=\"value-error\""));
    assert_eq!(app.count("SELECT COUNT(*) FROM indicator_values").await, n);
}

#[tokio::test]
async fn roadmap_statuses_show_and_late_actions_stand_out() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let plan = clusterhub_plan::Plan::parse(BHC_PLAN).expect("plan");
    let (_, _, action) = plan
        .actions()
        .find(|(_, _, a)| a.schedule.contains_key("2024-S1"))
        .expect("action");
    let r = app
        .post_form(
            &b,
            "/c/bhc/roadmap/status",
            &[
                ("plan", "bhc-2024-2027"),
                ("action", &action.code),
                ("col", "2024-S1"),
                ("status", "delayed"),
                ("note", "Esperando a Osakidetza"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&b, "/c/bhc/roadmap").await;
    let row = page
        .body
        .split(&format!("id=\"action-{}\"", action.code))
        .nth(1)
        .expect("row");
    let row = row.split("</tr>").next().unwrap_or("");
    assert!(
        page.body
            .contains(&format!("<tr id=\"action-{}\" class=\"late\"", action.code))
    );
    assert!(row.contains("status-mark delayed") && row.contains("Esperando a Osakidetza"));
    let r = app
        .post_form(
            &b,
            "/c/bhc/roadmap/status",
            &[
                ("plan", "bhc-2024-2027"),
                ("action", "nope"),
                ("col", "2031-S1"),
                ("status", "late"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn annual_reports_open_and_read_back() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let r = app
        .get(&b, "/c/bhc/reports/annual.xlsx?year=2025&lang=en")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.raw.clone())).expect("xlsx opens");
    let names = book.sheet_names();
    assert!(names.len() >= 8, "summary, sections and roadmap: {names:?}");
    assert_eq!(names[0], "Summary");
    // Every indicator code of the plan is in some sheet, with a numeric value where the board has one.
    let staff = app.token("staff@bhc.demo").await;
    let board = app
        .get(&staff, "/api/v1/clusters/bhc/scorecard?period=2025")
        .await
        .json();
    let mut found = 0;
    for name in &names {
        let range = book.worksheet_range(name).expect("sheet");
        for row in range.rows() {
            if let Some(Data::String(code)) = row.first()
                && let Some(item) = board["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .find(|i| i["code"] == code.as_str())
            {
                found += 1;
                if let (Some(v), Some(Data::Float(cell))) = (item["value"].as_f64(), row.get(3)) {
                    assert!((v - cell).abs() < 1e-6, "{code}: {v} vs {cell}");
                }
            }
        }
    }
    assert_eq!(found, board["items"].as_array().expect("items").len());
    let r = app
        .get(&b, "/c/bhc/reports/annual.pdf?year=2025&lang=es")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.raw.starts_with(b"%PDF"));
    assert!(r.raw.len() > 20_000);
}

#[tokio::test]
async fn only_staff_and_board_of_the_cluster_see_its_scorecard() {
    let app = TestApp::demo().await;
    for (who, status) in [
        ("member@bhc.demo", StatusCode::FORBIDDEN),
        ("staff@cpb.demo", StatusCode::FORBIDDEN),
        ("board@bhc.demo", StatusCode::OK),
    ] {
        let b = app.login(who).await;
        for path in [
            "/c/bhc/scorecard",
            "/c/bhc/activities",
            "/c/bhc/roadmap",
            "/c/bhc/reports/evidence.csv?year=2025",
        ] {
            assert_eq!(app.get(&b, path).await.status, status, "{who} {path}");
        }
    }
    let anon = app.anonymous().await;
    assert_eq!(
        app.get(&anon, "/api/v1/clusters/bhc/scorecard")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Board members read but do not write.
    let board = app.login("board@bhc.demo").await;
    let r = app
        .post_form(
            &board,
            "/c/bhc/activities",
            &[
                ("kind", "event"),
                ("title", "x"),
                ("starts_on", "2025-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
