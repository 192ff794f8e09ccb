//! Embedded migrations, numbered identically for both backends. Once landed, a migration is never
//! edited: add the next number instead.

use crate::{Db, Result, q};

const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_core.sql")),
    (2, include_str!("../migrations/sqlite/0002_plan.sql")),
    (3, include_str!("../migrations/sqlite/0003_oneshop.sql")),
    (4, include_str!("../migrations/sqlite/0004_watch.sql")),
    (5, include_str!("../migrations/sqlite/0005_events.sql")),
    (6, include_str!("../migrations/sqlite/0006_b2b.sql")),
    (7, include_str!("../migrations/sqlite/0007_missions.sql")),
    (8, include_str!("../migrations/sqlite/0008_partners.sql")),
];
const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_core.sql")),
    (2, include_str!("../migrations/postgres/0002_plan.sql")),
    (3, include_str!("../migrations/postgres/0003_oneshop.sql")),
    (4, include_str!("../migrations/postgres/0004_watch.sql")),
    (5, include_str!("../migrations/postgres/0005_events.sql")),
    (6, include_str!("../migrations/postgres/0006_b2b.sql")),
    (7, include_str!("../migrations/postgres/0007_missions.sql")),
    (8, include_str!("../migrations/postgres/0008_partners.sql")),
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
        for stmt in statements(sql) {
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

/// Splits a migration into statements at `;`, keeping trigger bodies (from a line ending in
/// `BEGIN` to `END;`) and PostgreSQL function bodies (between `$$` lines) whole.
fn statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut block = false;
    let mut flush = |cur: &mut String| {
        let s = cur.trim().trim_end_matches(';').trim();
        if !s.is_empty() && !s.lines().all(|l| l.trim_start().starts_with("--")) {
            out.push(s.to_string());
        }
        cur.clear();
    };
    for line in sql.lines() {
        let t = line.trim();
        let dollars = t.matches("$$").count() % 2 == 1;
        if block {
            cur.push_str(line);
            cur.push('\n');
            if t == "END;" || dollars {
                block = false;
                flush(&mut cur);
            }
        } else if t.starts_with("--") {
            // Comments may hold semicolons of their own.
            cur.push_str(line);
            cur.push('\n');
        } else if t.ends_with("BEGIN") || dollars {
            block = true;
            cur.push_str(line);
            cur.push('\n');
        } else {
            let mut parts = line.split(';').peekable();
            while let Some(p) = parts.next() {
                cur.push_str(p);
                if parts.peek().is_some() {
                    flush(&mut cur);
                } else {
                    cur.push('\n');
                }
            }
        }
    }
    flush(&mut cur);
    out
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

#[cfg(test)]
mod tests {
    #[test]
    fn trigger_and_function_bodies_stay_whole() {
        let sql = "-- c; d\nCREATE TABLE a (x INT);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n    INSERT INTO b VALUES (1);\nEND;\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n    x := 1;\nEND\n$$ LANGUAGE plpgsql;\nCREATE INDEX i ON a (x); CREATE INDEX j ON a (x);";
        let s = super::statements(sql);
        assert_eq!(s.len(), 5, "{s:#?}");
        assert!(s[1].starts_with("CREATE TRIGGER") && s[1].ends_with("END"));
        assert!(s[2].contains("x := 1;") && s[2].ends_with("LANGUAGE plpgsql"));
        assert_eq!(s[4], "CREATE INDEX j ON a (x)");
    }
}
