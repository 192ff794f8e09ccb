//! People exist once; a cluster sees those affiliated with its member organisations or sitting
//! in its governance groups.

use crate::{Db, Q, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::error::Errors;
use clusterhub_core::parse::{Email, Name, Phone, iso_date, optional, parse_date};
use clusterhub_core::{Error, FieldError};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub job_title: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub organisation_id: i64,
    pub organisation: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub birth_date: String,
}

#[derive(Debug, Clone)]
pub struct PersonInput {
    pub first_name: Name,
    pub last_name: String,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub job_title: Option<String>,
    pub birth_date: Option<String>,
}

impl PersonForm {
    pub fn parse(&self) -> Result<PersonInput> {
        let mut e = Errors::new();
        let first_name = e.take(Name::parse("first_name", &self.first_name));
        let email = optional(Some(&self.email)).and_then(|v| e.take(Email::parse("email", v)));
        let phone = optional(Some(&self.phone)).and_then(|v| e.take(Phone::parse("phone", v)));
        let birth_date = optional(Some(&self.birth_date))
            .and_then(|v| e.take(parse_date("birth_date", v).map(iso_date)));
        if self.last_name.chars().count() > 200 {
            e.push(FieldError::new("last_name", "too_long").detail("200"));
        }
        e.into_result()?;
        let first_name = first_name.ok_or_else(|| Error::invalid("first_name", "required"))?;
        Ok(PersonInput {
            first_name,
            last_name: self.last_name.trim().to_string(),
            email,
            phone,
            job_title: optional(Some(&self.job_title)).map(str::to_string),
            birth_date,
        })
    }
}

const PERSON_IN_CLUSTER: &str = "SELECT p.id, p.first_name, p.last_name, p.email, p.job_title, o.id AS organisation_id, o.name AS organisation
    FROM people p JOIN affiliations a ON a.person_id = p.id JOIN organisations o ON o.id = a.organisation_id
    JOIN memberships m ON m.organisation_id = o.id AND m.cluster_id = $1";

/// People of the cluster's member organisations: all for staff and board, a member user sees the
/// people of its own organisation.
pub async fn list(
    db: &Db,
    scope: &Scope,
    search: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PersonRow>, i64)> {
    let mut q = Q::new("");
    q.arg(scope.cluster_id());
    let mut wh = String::from(" WHERE 1=1");
    if !scope.can_see_private() {
        let Some(own) = scope.own_organisation() else {
            return Err(if scope.user_id().is_none() {
                Error::Unauthorized
            } else {
                Error::Forbidden
            });
        };
        let p = q.arg(own);
        wh += &format!(" AND o.id = {p}");
    }
    if let Some(s) = optional(Some(search)) {
        let p = q.arg(format!("%{}%", s.to_lowercase()));
        wh += &format!(
            " AND (lower(p.first_name) LIKE {p} OR lower(p.last_name) LIKE {p} OR lower(p.email) LIKE {p})"
        );
    }
    let total = Q {
        sql: format!("SELECT COUNT(*) FROM ({PERSON_IN_CLUSTER}{wh}) x"),
        args: q.args.clone(),
    }
    .int(db)
    .await?;
    let l = q.arg(limit);
    let o = q.arg(offset);
    q.sql = format!(
        "{PERSON_IN_CLUSTER}{wh} ORDER BY p.last_name, p.first_name, p.id, o.id LIMIT {l} OFFSET {o}"
    );
    Ok((q.all(db).await?, total))
}

/// A person the scope may see, with the organisations (of this cluster) they work for.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<(Person, Vec<PersonRow>)> {
    let orgs: Vec<PersonRow> = q!(
        format!("{PERSON_IN_CLUSTER} WHERE p.id = $2 ORDER BY o.name"),
        scope.cluster_id(),
        id
    )
    .all(db)
    .await?;
    let in_group = q!(
        "SELECT COUNT(*) FROM group_members gm JOIN cluster_groups g ON g.id = gm.group_id WHERE g.cluster_id = $1 AND gm.person_id = $2",
        scope.cluster_id(), id
    )
    .int(db)
    .await?;
    if orgs.is_empty() && in_group == 0 {
        return Err(Error::NotFound);
    }
    let allowed = scope.can_see_private()
        || orgs
            .iter()
            .any(|o| scope.own_organisation() == Some(o.organisation_id));
    scope.require(allowed)?;
    let p = q!(
        "SELECT id, first_name, last_name, email, phone, job_title FROM people WHERE id = $1",
        id
    )
    .one(db)
    .await?;
    Ok((p, orgs))
}

/// The person with this e-mail, or a new one.
pub async fn find_or_create(
    tx: &mut Tx,
    cluster_id: Option<i64>,
    user_id: Option<i64>,
    p: &PersonInput,
) -> Result<(i64, bool)> {
    if let Some(e) = &p.email
        && let Some((id,)) = q!("SELECT id FROM people WHERE email = $1", e.as_str())
            .optional::<(i64,)>(&mut *tx)
            .await?
    {
        return Ok((id, false));
    }
    let now = crate::now();
    let id = q!(
        "INSERT INTO people (first_name, last_name, email, phone, job_title, birth_date, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        p.first_name.as_str(), p.last_name.as_str(), p.email.as_ref().map(|e| e.to_string()), p.phone.as_ref().map(|x| x.to_string()),
        p.job_title.clone(), p.birth_date.clone(), now
    )
    .int(&mut *tx)
    .await?;
    audit::record(
        tx,
        cluster_id,
        user_id,
        "person",
        id,
        "create",
        json!({"first_name": p.first_name, "last_name": p.last_name, "email": p.email}),
    )
    .await?;
    Ok((id, true))
}

pub async fn affiliate(
    tx: &mut Tx,
    person_id: i64,
    organisation_id: i64,
    job_title: Option<&str>,
) -> Result<()> {
    q!(
        "INSERT INTO affiliations (person_id, organisation_id, job_title) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        person_id, organisation_id, job_title
    )
    .run(tx)
    .await?;
    Ok(())
}

/// Adds a person to an organisation of the cluster; staff, or the organisation's own member user.
pub async fn add_to_organisation(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    p: &PersonInput,
) -> Result<i64> {
    crate::organisations::get(db, scope, organisation_id).await?;
    scope.require(scope.can_edit_organisation(organisation_id))?;
    let mut tx = db.begin().await?;
    let (id, _) = find_or_create(&mut tx, Some(scope.cluster_id()), scope.user_id(), p).await?;
    affiliate(&mut tx, id, organisation_id, p.job_title.as_deref()).await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "affiliation",
        id,
        "create",
        json!({"organisation_id": organisation_id}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, scope: &Scope, id: i64, p: &PersonInput) -> Result<()> {
    let (before, orgs) = get(db, scope, id).await?;
    scope.require(
        scope.can_manage()
            || orgs
                .iter()
                .any(|o| scope.can_edit_organisation(o.organisation_id)),
    )?;
    let mut tx = db.begin().await?;
    q!(
        "UPDATE people SET first_name = $1, last_name = $2, email = $3, phone = $4, job_title = $5, updated_at = $6 WHERE id = $7",
        p.first_name.as_str(), p.last_name.as_str(), p.email.as_ref().map(|e| e.to_string()), p.phone.as_ref().map(|x| x.to_string()),
        p.job_title.clone(), crate::now(), id
    )
    .run(&mut tx)
    .await?;
    let changes = audit::diff(
        &json!({"first_name": before.first_name, "last_name": before.last_name, "email": before.email, "phone": before.phone, "job_title": before.job_title}),
        &json!({"first_name": p.first_name, "last_name": p.last_name, "email": p.email, "phone": p.phone, "job_title": p.job_title}),
    );
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "person",
        id,
        "update",
        changes,
    )
    .await?;
    tx.commit().await
}

/// The people of one organisation, for its page.
pub async fn of_organisation(db: &Db, scope: &Scope, organisation_id: i64) -> Result<Vec<Person>> {
    if !scope.can_see_people_of(organisation_id) {
        return Ok(Vec::new());
    }
    q!(
        "SELECT p.id, p.first_name, p.last_name, p.email, p.phone, a.job_title FROM people p JOIN affiliations a ON a.person_id = p.id
         WHERE a.organisation_id = $1 ORDER BY p.last_name, p.first_name",
        organisation_id
    )
    .all(db)
    .await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Representative {
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub kind: String,
}

/// Who represents the organisation in this cluster (public to the cluster's insiders).
pub async fn representatives(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
) -> Result<Vec<Representative>> {
    if !scope.is_insider() {
        return Ok(Vec::new());
    }
    q!(
        "SELECT p.id AS person_id, p.first_name, p.last_name, r.kind FROM representatives r JOIN memberships m ON m.id = r.membership_id
         JOIN people p ON p.id = r.person_id WHERE m.cluster_id = $1 AND m.organisation_id = $2 ORDER BY r.kind DESC, p.last_name",
        scope.cluster_id(), organisation_id
    )
    .all(db)
    .await
}

pub async fn set_representative(
    tx: &mut Tx,
    membership_id: i64,
    person_id: i64,
    kind: &str,
) -> Result<()> {
    q!("INSERT INTO representatives (membership_id, person_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", membership_id, person_id, kind)
        .run(tx)
        .await?;
    Ok(())
}

/// Staff (or the member organisation itself) name who represents it in this cluster. A person
/// must work for the organisation; there is one main representative at a time.
pub async fn appoint(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    person_id: i64,
    kind: &str,
) -> Result<()> {
    crate::organisations::get(db, scope, organisation_id).await?;
    scope.require(scope.can_edit_organisation(organisation_id))?;
    let kind = clusterhub_core::model::RepresentativeKind::parse("kind", kind)
        .map_err(|e| Error::Validation(vec![e]))?;
    let works_there = q!(
        "SELECT COUNT(*) FROM affiliations WHERE person_id = $1 AND organisation_id = $2",
        person_id,
        organisation_id
    )
    .int(db)
    .await?;
    if works_there == 0 {
        return Err(Error::Validation(vec![FieldError::new(
            "person",
            "not_in_organisation",
        )]));
    }
    let (mid,): (i64,) = q!(
        "SELECT id FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
        scope.cluster_id(),
        organisation_id
    )
    .one(db)
    .await?;
    let mut tx = db.begin().await?;
    if kind == clusterhub_core::model::RepresentativeKind::Primary {
        q!("UPDATE representatives SET kind = 'alternate' WHERE membership_id = $1 AND kind = 'primary'", mid).run(&mut tx).await?;
    }
    q!(
        "DELETE FROM representatives WHERE membership_id = $1 AND person_id = $2",
        mid,
        person_id
    )
    .run(&mut tx)
    .await?;
    set_representative(&mut tx, mid, person_id, kind.as_str()).await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "membership",
        mid,
        "representative",
        json!({"person_id": person_id, "kind": kind.as_str()}),
    )
    .await?;
    tx.commit().await
}

pub async fn dismiss(db: &Db, scope: &Scope, organisation_id: i64, person_id: i64) -> Result<()> {
    crate::organisations::get(db, scope, organisation_id).await?;
    scope.require(scope.can_edit_organisation(organisation_id))?;
    let mut tx = db.begin().await?;
    let n = q!(
        "DELETE FROM representatives WHERE person_id = $1 AND membership_id IN (SELECT id FROM memberships WHERE cluster_id = $2 AND organisation_id = $3)",
        person_id, scope.cluster_id(), organisation_id
    )
    .run(&mut tx)
    .await?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "representative",
        person_id,
        "remove",
        json!({"organisation_id": organisation_id}),
    )
    .await?;
    tx.commit().await
}
