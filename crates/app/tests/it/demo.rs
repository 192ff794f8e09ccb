//! The demo history: every plan imported, every computed indicator with a value, the BHC board
//! for 2025 with lights of every colour, and a second seed that changes nothing.

use crate::support::TestApp;
use clusterhub_core::access::{Principal, Scope};
use clusterhub_plan::engine::Light;
use clusterhub_plan::measure::Measure;
use clusterhub_plan::{Engine, Period};

fn admin(cluster_id: i64) -> Scope {
    Principal {
        user_id: None,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

/// The scorecard of a cluster's plan for a year: (code, manual, value, light).
async fn board(app: &TestApp, slug: &str, year: i32) -> Vec<(String, bool, Option<f64>, Light)> {
    let cid = app.cluster_id(slug).await;
    let (row, plan) = clusterhub_db::plans::current(&app.db, &admin(cid), None, year)
        .await
        .expect("plans")
        .unwrap_or_else(|| panic!("{slug} has a plan"));
    let facts = clusterhub_db::plans::load_facts(&app.db, cid, &row.code)
        .await
        .expect("facts");
    let version = clusterhub_db::plans::facts_version(&app.db, cid)
        .await
        .expect("version");
    let engine = Engine::new(plan, facts, version);
    let today = time::OffsetDateTime::now_utc().date();
    engine
        .board(&Period::year(year), today)
        .into_iter()
        .map(|(i, v)| {
            (
                i.code.clone(),
                matches!(i.measure, Measure::Manual),
                v.value,
                v.light,
            )
        })
        .collect()
}

fn show(slug: &str, b: &[(String, bool, Option<f64>, Light)]) -> String {
    b.iter()
        .map(|(code, _, v, l)| format!("{slug} {code}: {v:?} {l:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn demo_boards_of_2025_have_real_values_and_bhc_lights_of_every_colour() {
    let app = TestApp::demo().await;
    for slug in ["bhc", "cpb", "gnp"] {
        let b = board(&app, slug, 2025).await;
        eprintln!("{}", show(slug, &b));
        assert!(!b.is_empty(), "{slug}: the plan has indicators");
        let empty: Vec<&str> = b
            .iter()
            .filter(|(_, manual, v, _)| !manual && v.is_none_or(|v| v == 0.0))
            .map(|(code, ..)| code.as_str())
            .collect();
        assert!(
            empty.is_empty(),
            "{slug}: computed indicators without a value in 2025: {empty:?}"
        );
    }
    let bhc = board(&app, "bhc", 2025).await;
    for light in [Light::Green, Light::Amber, Light::Red] {
        let n = bhc
            .iter()
            .filter(|(_, manual, _, l)| !manual && *l == light)
            .count();
        assert!(n >= 1, "BHC 2025 has a computed {light:?} light");
    }
    // The manual figures are there too, with their source.
    let with_value = bhc
        .iter()
        .filter(|(_, manual, v, _)| *manual && v.is_some())
        .count();
    assert_eq!(
        with_value, 7,
        "every manual BHC indicator has a 2025 figure"
    );
}

#[tokio::test]
async fn seeding_the_demo_twice_adds_no_history() {
    let app = TestApp::demo().await;
    let counts = [
        "SELECT COUNT(*) FROM activities",
        "SELECT COUNT(*) FROM activity_organisations",
        "SELECT COUNT(*) FROM plans",
        "SELECT COUNT(*) FROM plan_revisions",
        "SELECT COUNT(*) FROM survey_campaigns",
        "SELECT COUNT(*) FROM survey_responses",
        "SELECT COUNT(*) FROM indicator_values",
        "SELECT COUNT(*) FROM action_statuses",
        "SELECT COUNT(*) FROM meetings",
        "SELECT COUNT(*) FROM audit_log",
    ];
    let mut before = Vec::new();
    for sql in counts {
        before.push(app.count(sql).await);
    }
    assert_eq!(before[2], 3, "three plans");
    assert_eq!(before[3], 3, "one revision each");
    assert!(before[0] > 1_000, "a history of activities: {}", before[0]);
    clusterhub::demo::seed(&app.db).await.expect("seed again");
    for (sql, n) in counts.iter().zip(before) {
        assert_eq!(app.count(sql).await, n, "{sql} after a second seed");
    }
    // Campaigns: 2024 and 2025 closed, 2026 open, for each cluster.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM survey_campaigns WHERE closed = false")
            .await,
        3
    );
}
