//! Governance: board, assembly, permanent committees and temporary working groups, with their
//! members and terms, and meetings with agenda, minutes and attendance.

use crate::{Db, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::model::{Attendance, GroupKind, GroupRole};
use clusterhub_core::{Error, FieldError, MultiText};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Group {
    pub id: i64,
    pub kind: String,
    pub code: String,
    pub name: String,
    pub description: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub member_count: i64,
}

impl Group {
    pub fn name(&self) -> MultiText {
        MultiText::from_json(&self.name)
    }
    pub fn description(&self) -> MultiText {
        MultiText::from_json(&self.description)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct GroupMember {
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub organisation: Option<String>,
    pub role: String,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Meeting {
    pub id: i64,
    pub group_id: i64,
    pub title: String,
    pub starts_at: String,
    pub location: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub present: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AttendanceRow {
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub status: Option<String>,
}

const GROUP_COLS: &str = "g.id, g.kind, g.code, g.name, g.description, g.starts_on, g.ends_on,
    (SELECT COUNT(*) FROM group_members gm WHERE gm.group_id = g.id) AS member_count";

pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<Group>> {
    scope.require(scope.is_insider())?;
    q!(
        format!("SELECT {GROUP_COLS} FROM cluster_groups g WHERE g.cluster_id = $1 ORDER BY CASE g.kind WHEN 'board' THEN 0 WHEN 'assembly' THEN 1 WHEN 'committee' THEN 2 ELSE 3 END, g.code"),
        scope.cluster_id()
    )
    .all(db)
    .await
}

pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Group> {
    scope.require(scope.is_insider())?;
    q!(
        format!("SELECT {GROUP_COLS} FROM cluster_groups g WHERE g.cluster_id = $1 AND g.id = $2"),
        scope.cluster_id(),
        id
    )
    .one(db)
    .await
}

pub async fn members(db: &Db, scope: &Scope, group_id: i64) -> Result<Vec<GroupMember>> {
    get(db, scope, group_id).await?;
    q!(
        "SELECT p.id AS person_id, p.first_name, p.last_name,
           (SELECT o.name FROM affiliations a JOIN organisations o ON o.id = a.organisation_id WHERE a.person_id = p.id ORDER BY o.id LIMIT 1) AS organisation,
           gm.role, gm.term_start, gm.term_end
         FROM group_members gm JOIN people p ON p.id = gm.person_id WHERE gm.group_id = $1
         ORDER BY CASE gm.role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'secretary' THEN 2 ELSE 3 END, p.last_name",
        group_id
    )
    .all(db)
    .await
}

const MEETING_COLS: &str = "mt.id, mt.group_id, mt.title, mt.starts_at, mt.location, mt.agenda, mt.minutes,
    (SELECT COUNT(*) FROM meeting_attendance ma WHERE ma.meeting_id = mt.id AND ma.status = 'present') AS present";

pub async fn meetings(db: &Db, scope: &Scope, group_id: i64) -> Result<Vec<Meeting>> {
    get(db, scope, group_id).await?;
    q!(format!("SELECT {MEETING_COLS} FROM meetings mt WHERE mt.cluster_id = $1 AND mt.group_id = $2 ORDER BY mt.starts_at DESC"), scope.cluster_id(), group_id)
        .all(db)
        .await
}

pub async fn meeting(db: &Db, scope: &Scope, id: i64) -> Result<Meeting> {
    scope.require(scope.is_insider())?;
    q!(
        format!("SELECT {MEETING_COLS} FROM meetings mt WHERE mt.cluster_id = $1 AND mt.id = $2"),
        scope.cluster_id(),
        id
    )
    .one(db)
    .await
}

/// Everyone who sits in the group, with their attendance at this meeting (if recorded).
pub async fn attendance(db: &Db, scope: &Scope, meeting_id: i64) -> Result<Vec<AttendanceRow>> {
    let m = meeting(db, scope, meeting_id).await?;
    q!(
        "SELECT p.id AS person_id, p.first_name, p.last_name, ma.status FROM group_members gm JOIN people p ON p.id = gm.person_id
         LEFT JOIN meeting_attendance ma ON ma.meeting_id = $1 AND ma.person_id = p.id WHERE gm.group_id = $2 ORDER BY p.last_name, p.first_name",
        meeting_id, m.group_id
    )
    .all(db)
    .await
}

pub struct NewGroup<'a> {
    pub kind: GroupKind,
    pub code: &'a str,
    pub name: MultiText,
    pub description: MultiText,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

pub async fn ensure_group(tx: &mut Tx, cluster_id: i64, g: &NewGroup<'_>) -> Result<i64> {
    if let Some((id,)) = q!(
        "SELECT id FROM cluster_groups WHERE cluster_id = $1 AND code = $2",
        cluster_id,
        g.code
    )
    .optional::<(i64,)>(&mut *tx)
    .await?
    {
        return Ok(id);
    }
    q!(
        "INSERT INTO cluster_groups (cluster_id, kind, code, name, description, starts_on, ends_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        cluster_id, g.kind.as_str(), g.code, g.name.to_json(), g.description.to_json(), g.starts_on.clone(), g.ends_on.clone(), crate::now()
    )
    .int(tx)
    .await
}

pub async fn add_member(
    tx: &mut Tx,
    group_id: i64,
    person_id: i64,
    role: GroupRole,
    term_start: Option<String>,
    term_end: Option<String>,
) -> Result<()> {
    q!(
        "INSERT INTO group_members (group_id, person_id, role, term_start, term_end) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        group_id, person_id, role.as_str(), term_start, term_end
    )
    .run(tx)
    .await?;
    Ok(())
}

/// Staff set up a new governance body. Codes are unique within the cluster; a working group
/// usually has an end date, a permanent committee none.
pub async fn create_group(
    db: &Db,
    scope: &Scope,
    kind: &str,
    code: &str,
    name: &MultiText,
    starts_on: &str,
    ends_on: &str,
) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let mut errs = Vec::new();
    let kind = GroupKind::parse("kind", kind)
        .map_err(|e| errs.push(e))
        .ok();
    let code = clusterhub_core::parse::Slug::parse(
        "code",
        &code.trim().to_lowercase().replace([' ', '_'], "-"),
    )
    .map_err(|e| errs.push(e))
    .ok();
    if name.is_empty() {
        errs.push(FieldError::new("name_es", "required"));
    }
    let (start, end) =
        clusterhub_core::parse::term(&mut errs, ("starts_on", starts_on), ("ends_on", ends_on));
    if let Some(c) = &code {
        let taken = q!(
            "SELECT COUNT(*) FROM cluster_groups WHERE cluster_id = $1 AND code = $2",
            scope.cluster_id(),
            c.as_str()
        )
        .int(db)
        .await?;
        if taken > 0 {
            errs.push(FieldError::new("code", "taken").detail(c.as_str()));
        }
    }
    let (Some(kind), Some(code)) = (kind, code) else {
        return Err(Error::Validation(errs));
    };
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let mut tx = db.begin().await?;
    let g = NewGroup {
        kind,
        code: code.as_str(),
        name: name.clone(),
        description: MultiText::new(),
        starts_on: start,
        ends_on: end,
    };
    let id = ensure_group(&mut tx, scope.cluster_id(), &g).await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "group",
        id,
        "create",
        json!({"kind": kind.as_str(), "code": code, "name": name.0}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Staff seat a person of the cluster in one of its groups, with a role and a term.
pub async fn seat(
    db: &Db,
    scope: &Scope,
    group_id: i64,
    person_id: i64,
    role: &str,
    term_start: &str,
    term_end: &str,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    get(db, scope, group_id).await?;
    let mut errs = Vec::new();
    let role = GroupRole::parse("role", role)
        .map_err(|e| errs.push(e))
        .ok();
    let (start, end) = clusterhub_core::parse::term(
        &mut errs,
        ("term_start", term_start),
        ("term_end", term_end),
    );
    if crate::people::get(db, scope, person_id).await.is_err() {
        errs.push(FieldError::new("person", "not_found"));
    }
    let Some(role) = role.filter(|_| errs.is_empty()) else {
        return Err(Error::Validation(errs));
    };
    let mut tx = db.begin().await?;
    q!(
        "DELETE FROM group_members WHERE group_id = $1 AND person_id = $2",
        group_id,
        person_id
    )
    .run(&mut tx)
    .await?;
    add_member(
        &mut tx,
        group_id,
        person_id,
        role,
        start.clone(),
        end.clone(),
    )
    .await?;
    audit::record(&mut tx, Some(scope.cluster_id()), scope.user_id(), "group", group_id, "seat",
        json!({"person_id": person_id, "role": role.as_str(), "term_start": start, "term_end": end})).await?;
    tx.commit().await
}

pub async fn unseat(db: &Db, scope: &Scope, group_id: i64, person_id: i64) -> Result<()> {
    scope.require(scope.can_manage())?;
    get(db, scope, group_id).await?;
    let mut tx = db.begin().await?;
    let n = q!(
        "DELETE FROM group_members WHERE group_id = $1 AND person_id = $2",
        group_id,
        person_id
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
        "group",
        group_id,
        "unseat",
        json!({"person_id": person_id}),
    )
    .await?;
    tx.commit().await
}

/// Staff schedule a meeting of one of their cluster's groups.
pub async fn create_meeting(
    db: &Db,
    scope: &Scope,
    group_id: i64,
    title: &str,
    starts_at: &str,
    location: &str,
    agenda: &str,
) -> Result<i64> {
    scope.require(scope.can_manage())?;
    get(db, scope, group_id).await?;
    let mut errs = Vec::new();
    if title.trim().is_empty() {
        errs.push(FieldError::new("title", "required"));
    }
    let starts = parse_datetime(starts_at);
    if starts.is_none() {
        errs.push(FieldError::new("starts_at", "invalid_datetime").detail(starts_at));
    }
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let mut tx = db.begin().await?;
    let id = insert_meeting(
        &mut tx,
        scope.cluster_id(),
        group_id,
        title.trim(),
        &starts.unwrap_or_default(),
        location.trim(),
        agenda.trim(),
    )
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "meeting",
        id,
        "create",
        json!({"group_id": group_id, "title": title.trim(), "starts_at": starts_at}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn insert_meeting(
    tx: &mut Tx,
    cluster_id: i64,
    group_id: i64,
    title: &str,
    starts_at: &str,
    location: &str,
    agenda: &str,
) -> Result<i64> {
    q!(
        "INSERT INTO meetings (cluster_id, group_id, title, starts_at, location, agenda, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        cluster_id, group_id, title, starts_at, location, agenda, crate::now()
    )
    .int(tx)
    .await
}

/// `2025-03-04T10:00` (as a datetime-local input sends it) or with seconds; stored as `…:00Z`.
pub fn parse_datetime(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('Z');
    let (d, t) = s.split_once(['T', ' '])?;
    let date = clusterhub_core::parse::parse_date("starts_at", d).ok()?;
    let mut hm = t.split(':');
    let h: u8 = hm.next()?.parse().ok()?;
    let m: u8 = hm.next()?.parse().ok()?;
    (h < 24 && m < 60).then(|| {
        format!(
            "{}T{h:02}:{m:02}:00Z",
            clusterhub_core::parse::iso_date(date)
        )
    })
}

/// Minutes and attendance, recorded after the meeting by staff.
pub async fn record_minutes(
    db: &Db,
    scope: &Scope,
    meeting_id: i64,
    minutes: &str,
    attendance: &[(i64, Attendance)],
) -> Result<()> {
    scope.require(scope.can_manage())?;
    let roster = self::attendance(db, scope, meeting_id).await?;
    let mut tx = db.begin().await?;
    q!(
        "UPDATE meetings SET minutes = $1 WHERE id = $2 AND cluster_id = $3",
        minutes.trim(),
        meeting_id,
        scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    for (person_id, status) in attendance {
        if !roster.iter().any(|r| r.person_id == *person_id) {
            return Err(Error::Validation(vec![
                FieldError::new("attendance", "not_in_group").detail(person_id.to_string()),
            ]));
        }
        set_attendance(&mut tx, meeting_id, *person_id, *status).await?;
    }
    audit::record(&mut tx, Some(scope.cluster_id()), scope.user_id(), "meeting", meeting_id, "minutes",
        json!({"attendance": attendance.iter().map(|(p, s)| json!([p, s.as_str()])).collect::<Vec<_>>()})).await?;
    tx.commit().await
}

pub async fn set_attendance(
    tx: &mut Tx,
    meeting_id: i64,
    person_id: i64,
    status: Attendance,
) -> Result<()> {
    q!(
        "DELETE FROM meeting_attendance WHERE meeting_id = $1 AND person_id = $2",
        meeting_id,
        person_id
    )
    .run(&mut *tx)
    .await?;
    q!(
        "INSERT INTO meeting_attendance (meeting_id, person_id, status) VALUES ($1, $2, $3)",
        meeting_id,
        person_id,
        status.as_str()
    )
    .run(tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn datetimes_from_forms() {
        assert_eq!(
            super::parse_datetime("2025-03-04T10:00").as_deref(),
            Some("2025-03-04T10:00:00Z")
        );
        assert_eq!(
            super::parse_datetime("2025-03-04 9:05:00").as_deref(),
            Some("2025-03-04T09:05:00Z")
        );
        assert_eq!(super::parse_datetime("2025-03-04T25:00"), None);
        assert_eq!(super::parse_datetime("soon"), None);
    }
}
