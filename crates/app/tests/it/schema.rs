//! Both databases get the same schema, and migrating twice is harmless.

use crate::support::TestApp;
use clusterhub_db::Db;

#[tokio::test]
async fn migrations_are_idempotent() {
    let app = TestApp::demo().await;
    clusterhub_db::migrate::run(&app.db)
        .await
        .expect("second run");
    let summary = clusterhub::demo::seed(&app.db).await.expect("second seed");
    assert!(summary.contains("already seeded"), "{summary}");
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships m JOIN clusters c ON c.id = m.cluster_id WHERE c.slug = 'bhc'").await, 130);
}

/// Runs where PostgreSQL is available (CI starts one): the two schemas have the same tables and
/// columns.
#[tokio::test]
async fn sqlite_and_postgres_schemas_are_equivalent() {
    let Ok(pg) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("TEST_DATABASE_URL unset: the PostgreSQL run of this suite checks it");
        return;
    };
    let pg_app = TestApp::empty().await;
    assert!(pg.starts_with("postgres"));
    let dir = std::env::temp_dir().join(format!("ch-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let lite = Db::connect(&format!("sqlite://{}/s.db", dir.display()))
        .await
        .expect("sqlite");
    let a = clusterhub_db::migrate::schema_columns(&lite)
        .await
        .expect("sqlite columns");
    let b = clusterhub_db::migrate::schema_columns(&pg_app.db)
        .await
        .expect("pg columns");
    assert!(a.len() > 50);
    assert_eq!(a, b);
}
