//! Embedded migrations, numbered identically for both backends. Once landed, a migration is never
//! edited: add the next number instead.

use crate::{Db, Result, q};

const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_core.sql")),
    (2, include_str!("../migrations/sqlite/0002_plan.sql")),
];
const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_core.sql")),
    (2, include_str!("../migrations/postgres/0002_plan.sql")),
];

pub async fn run(db: &Db) -> Result<()> {
    q!("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)").run(db).await?;
    let steps = match db {
        Db::Sqlite(_) => SQLITE,
        Db::Postgres(_) => POSTGRES,
    };
    for (version, sql) in steps {
        let done = q!(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = $1",
            *version
        )
        .int(db)
        .await?;
        if done > 0 {
            continue;
        }
        let mut tx = db.begin().await?;
        for stmt in sql
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.lines().all(|l| l.trim_start().starts_with("--")))
        {
            q!(stmt).run(&mut tx).await?;
        }
        q!(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
            *version,
            crate::now()
        )
        .run(&mut tx)
        .await?;
        tx.commit().await?;
        tracing::info!(version, "applied migration");
    }
    Ok(())
}

/// Table and column names of the live schema, for the test that keeps both backends equivalent.
pub async fn schema_columns(db: &Db) -> Result<Vec<(String, String)>> {
    let q = match db {
        Db::Sqlite(_) => q!(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.name"
        ),
        Db::Postgres(_) => q!(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() ORDER BY table_name, column_name"
        ),
    };
    q.all(db).await
}
