//! The audit log: who changed what, when, inside which cluster. Written in the same transaction
//! as the change it records, so the log never disagrees with the data.

use crate::{Db, Result, Tx, q};
use clusterhub_core::access::Scope;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub changes: String,
}

pub async fn record(
    tx: &mut Tx,
    cluster_id: Option<i64>,
    user_id: Option<i64>,
    entity: &str,
    entity_id: i64,
    action: &str,
    changes: Value,
) -> Result<()> {
    q!(
        "INSERT INTO audit_log (cluster_id, user_id, at, entity, entity_id, action, changes) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        cluster_id, user_id, crate::now(), entity, entity_id, action, changes.to_string()
    )
    .run(tx)
    .await?;
    Ok(())
}

/// Field-by-field differences between two JSON objects: `{field: [before, after]}`.
pub fn diff(before: &Value, after: &Value) -> Value {
    let mut out = Map::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (k, av) in a {
            let bv = b.get(k).unwrap_or(&Value::Null);
            if bv != av {
                out.insert(k.clone(), Value::Array(vec![bv.clone(), av.clone()]));
            }
        }
    }
    Value::Object(out)
}

pub async fn list(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<Entry>> {
    scope.require(scope.can_see_private())?;
    q!(
        "SELECT a.id, a.at, a.user_id, u.name AS user_name, a.entity, a.entity_id, a.action, a.changes
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.cluster_id = $1 ORDER BY a.id DESC LIMIT $2",
        scope.cluster_id(), limit
    )
    .all(db)
    .await
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn diff_keeps_only_changed_fields() {
        let d = super::diff(
            &json!({"name": "A", "web": null, "x": 1}),
            &json!({"name": "B", "web": null, "x": 1}),
        );
        assert_eq!(d, json!({"name": ["A", "B"]}));
    }
}
