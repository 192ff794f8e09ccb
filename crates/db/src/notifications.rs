//! Who gets which e-mail: each user's notification preferences (an event not listed is on) and
//! the recipients of the service desk's events, already filtered by those preferences.

use crate::{Db, Result, q};
use clusterhub_core::access::Scope;
use clusterhub_core::desk::Event;
use serde::Serialize;

/// A user to write to, in their language when they chose one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub locale: Option<String>,
}

/// Every event with whether the user wants its e-mail.
pub async fn preferences(db: &Db, user_id: i64) -> Result<Vec<(Event, bool)>> {
    let rows: Vec<(String, bool)> = q!(
        "SELECT event, enabled FROM notification_preferences WHERE user_id = $1",
        user_id
    )
    .all(db)
    .await?;
    Ok(Event::ALL
        .iter()
        .map(|e| {
            let on = rows
                .iter()
                .find(|(k, _)| k == e.as_str())
                .is_none_or(|(_, on)| *on);
            (*e, on)
        })
        .collect())
}

/// Stores the user's choice for every event: those in `enabled` on, the others off.
pub async fn set_preferences(db: &Db, user_id: i64, enabled: &[Event]) -> Result<()> {
    let mut tx = db.begin().await?;
    q!(
        "DELETE FROM notification_preferences WHERE user_id = $1",
        user_id
    )
    .run(&mut tx)
    .await?;
    for e in Event::ALL {
        q!(
            "INSERT INTO notification_preferences (user_id, event, enabled) VALUES ($1, $2, $3)",
            user_id,
            e.as_str(),
            enabled.contains(e)
        )
        .run(&mut tx)
        .await?;
    }
    tx.commit().await
}

/// The users with a role in the scope's cluster matching `cond` (`$2` is `arg`) who want
/// `event`, without `except` (the author of what happened: nobody is told of their own doing).
async fn wanting(
    db: &Db,
    scope: &Scope,
    event: Event,
    cond: &str,
    arg: i64,
    except: Option<i64>,
) -> Result<Vec<Recipient>> {
    scope.require(scope.is_insider())?;
    q!(
        format!(
            "SELECT u.id AS user_id, u.email, u.name, u.locale FROM user_roles r JOIN users u ON u.id = r.user_id
             WHERE r.cluster_id = $1 AND {cond} AND u.id <> $3
             AND NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = u.id AND p.event = $4 AND NOT p.enabled)
             ORDER BY u.id"
        ),
        scope.cluster_id(),
        arg,
        except.unwrap_or(0),
        event.as_str()
    )
    .all(db)
    .await
}

/// The cluster's staff.
pub async fn staff(
    db: &Db,
    scope: &Scope,
    event: Event,
    except: Option<i64>,
) -> Result<Vec<Recipient>> {
    wanting(
        db,
        scope,
        event,
        "r.role = 'staff' AND r.user_id <> $2",
        0,
        except,
    )
    .await
}

/// One user with a role in the cluster (an assignee, a requester).
pub async fn user(
    db: &Db,
    scope: &Scope,
    event: Event,
    user_id: i64,
    except: Option<i64>,
) -> Result<Vec<Recipient>> {
    wanting(db, scope, event, "r.user_id = $2", user_id, except).await
}

/// The partner users acting for an organisation.
pub async fn partners(
    db: &Db,
    scope: &Scope,
    event: Event,
    organisation_id: i64,
    except: Option<i64>,
) -> Result<Vec<Recipient>> {
    wanting(
        db,
        scope,
        event,
        "r.role = 'partner' AND r.organisation_id = $2",
        organisation_id,
        except,
    )
    .await
}

/// The member users acting for an organisation.
pub async fn members(
    db: &Db,
    scope: &Scope,
    event: Event,
    organisation_id: i64,
    except: Option<i64>,
) -> Result<Vec<Recipient>> {
    wanting(
        db,
        scope,
        event,
        "r.role = 'member' AND r.organisation_id = $2",
        organisation_id,
        except,
    )
    .await
}
