//! The annual member survey: characterisation (employment, revenue, exports, R&D, funding) and
//! satisfaction. Answers belong to the cluster that asked: only its staff and board see them, and
//! a member sees its own.

use crate::plans::{SURVEY_COLUMNS, bump, survey_answer};
use crate::{Db, Result, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::parse::{parse_date, parse_figure};
use clusterhub_core::{Error, FieldError};
use clusterhub_plan::engine::SurveyAnswer;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Campaign {
    pub id: i64,
    pub year: i64,
    pub opens_on: String,
    pub closes_on: String,
    pub closed: bool,
    pub responses: i64,
}

impl Campaign {
    pub fn is_open(&self, today: &str) -> bool {
        !self.closed && self.opens_on.as_str() <= today && today <= self.closes_on.as_str()
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Progress {
    pub organisation_id: i64,
    pub name: String,
    pub submitted_at: Option<String>,
    pub reminders: i64,
    pub last_reminder: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct Response {
    pub employment: Option<f64>,
    pub revenue: Option<f64>,
    pub exports: Option<f64>,
    pub rd_investment: Option<f64>,
    pub new_funding: Option<f64>,
    pub satisfaction: Option<f64>,
    pub needs: String,
    pub comment: String,
}

/// The survey form as typed, kept to show again beside its errors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponseInput {
    pub employment: String,
    pub revenue: String,
    pub exports: String,
    pub rd_investment: String,
    pub new_funding: String,
    pub satisfaction: String,
    pub needs: String,
    pub comment: String,
}

impl ResponseInput {
    /// The stored answer as the form shows it, each figure written by `fmt` (the reader's
    /// number format, so that sending the form back unchanged reads the same numbers).
    pub fn from_response(r: &Response, fmt: impl Fn(f64) -> String) -> Self {
        let f = |v: Option<f64>| v.map(&fmt).unwrap_or_default();
        Self {
            employment: f(r.employment),
            revenue: f(r.revenue),
            exports: f(r.exports),
            rd_investment: f(r.rd_investment),
            new_funding: f(r.new_funding),
            satisfaction: f(r.satisfaction),
            needs: r.needs.clone(),
            comment: r.comment.clone(),
        }
    }

    /// Every figure is optional but, when given, a number that is not negative; satisfaction
    /// is on the 0–10 scale of the plan's indicator. Numbers are read as written in `lang`.
    pub fn parse(&self, lang: &str) -> Result<Response> {
        let mut errs = Vec::new();
        let mut num = |field: &str, s: &str, max: Option<f64>| -> Option<f64> {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            match parse_figure(lang, s) {
                Some(v) if v < 0.0 => {
                    errs.push(FieldError::new(field, "negative").detail(s));
                    None
                }
                Some(v) if max.is_some_and(|m| v > m) => {
                    errs.push(FieldError::new(field, "out_of_range").detail(s));
                    None
                }
                Some(v) => Some(v),
                None => {
                    errs.push(FieldError::new(field, "not_a_number").detail(s));
                    None
                }
            }
        };
        let r = Response {
            employment: num("employment", &self.employment, None),
            revenue: num("revenue", &self.revenue, None),
            exports: num("exports", &self.exports, None),
            rd_investment: num("rd_investment", &self.rd_investment, None),
            new_funding: num("new_funding", &self.new_funding, None),
            satisfaction: num("satisfaction", &self.satisfaction, Some(10.0)),
            needs: self.needs.trim().to_string(),
            comment: self.comment.trim().to_string(),
        };
        if errs.is_empty() {
            Ok(r)
        } else {
            Err(Error::Validation(errs))
        }
    }
}

pub async fn campaigns(db: &Db, scope: &Scope) -> Result<Vec<Campaign>> {
    scope.require(scope.is_insider())?;
    q!(
        "SELECT c.id, c.year, c.opens_on, c.closes_on, c.closed,
                (SELECT COUNT(*) FROM survey_responses r WHERE r.campaign_id = c.id) AS responses
         FROM survey_campaigns c WHERE c.cluster_id = $1 ORDER BY c.year DESC",
        scope.cluster_id()
    )
    .all(db)
    .await
}

pub async fn campaign(db: &Db, scope: &Scope, id: i64) -> Result<Campaign> {
    scope.require(scope.is_insider())?;
    q!(
        "SELECT c.id, c.year, c.opens_on, c.closes_on, c.closed,
                (SELECT COUNT(*) FROM survey_responses r WHERE r.campaign_id = c.id) AS responses
         FROM survey_campaigns c WHERE c.id = $1 AND c.cluster_id = $2",
        id,
        scope.cluster_id()
    )
    .one(db)
    .await
}

/// Opens the campaign that asks about `year` (the figures of that year).
pub async fn open(
    db: &Db,
    scope: &Scope,
    year: &str,
    opens_on: &str,
    closes_on: &str,
) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let mut errs = Vec::new();
    let y = year
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if y.is_none() {
        errs.push(FieldError::new("year", "invalid_year").detail(year));
    }
    let o = parse_date("opens_on", opens_on)
        .map_err(|e| errs.push(e))
        .ok();
    let c = parse_date("closes_on", closes_on)
        .map_err(|e| errs.push(e))
        .ok();
    if let (Some(o), Some(c)) = (o, c)
        && c < o
    {
        errs.push(FieldError::new("closes_on", "end_before_start"));
    }
    let (Some(y), Some(o), Some(c)) = (y, o, c) else {
        return Err(Error::Validation(errs));
    };
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let mut tx = db.begin().await?;
    let id = q!(
        "INSERT INTO survey_campaigns (cluster_id, year, opens_on, closes_on, closed, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        scope.cluster_id(), y, clusterhub_core::parse::iso_date(o), clusterhub_core::parse::iso_date(c), false, crate::now()
    )
    .int(&mut tx)
    .await
    .map_err(|e| match e {
        Error::Conflict(_) => Error::Validation(vec![FieldError::new("year", "duplicate").detail(y.to_string())]),
        e => e,
    })?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "survey_campaign",
        id,
        "open",
        json!({"year": y}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn close(db: &Db, scope: &Scope, id: i64) -> Result<()> {
    scope.require(scope.can_manage())?;
    campaign(db, scope, id).await?;
    let mut tx = db.begin().await?;
    q!(
        "UPDATE survey_campaigns SET closed = $1 WHERE id = $2",
        true,
        id
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "survey_campaign",
        id,
        "close",
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How many active members the cluster has: what every campaign's progress is measured against.
pub async fn member_count(db: &Db, scope: &Scope) -> Result<i64> {
    scope.require(scope.can_see_private())?;
    q!(
        "SELECT COUNT(*) FROM memberships WHERE cluster_id = $1 AND status = 'active'",
        scope.cluster_id()
    )
    .int(db)
    .await
}

/// The name of an organisation that answers (or answered) to this cluster, for its staff and
/// board and for the organisation itself. Any membership status counts, so that an answer stays
/// readable after its member leaves; an organisation the cluster does not know is not found.
pub async fn respondent(db: &Db, scope: &Scope, org: i64) -> Result<String> {
    scope.require(scope.can_see_private() || scope.own_organisation() == Some(org))?;
    let (name,): (String,) = q!(
        "SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.cluster_id = $1 AND o.id = $2",
        scope.cluster_id(),
        org
    )
    .one(db)
    .await?;
    Ok(name)
}

/// Every active member with whether it answered and how often it was reminded.
pub async fn progress(db: &Db, scope: &Scope, campaign_id: i64) -> Result<Vec<Progress>> {
    scope.require(scope.can_see_private())?;
    campaign(db, scope, campaign_id).await?;
    q!(
        "SELECT o.id AS organisation_id, o.name, r.submitted_at,
                (SELECT COUNT(*) FROM survey_reminders s WHERE s.campaign_id = $1 AND s.organisation_id = o.id) AS reminders,
                (SELECT MAX(s.sent_at) FROM survey_reminders s WHERE s.campaign_id = $1 AND s.organisation_id = o.id) AS last_reminder
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         LEFT JOIN survey_responses r ON r.campaign_id = $1 AND r.organisation_id = o.id
         WHERE m.cluster_id = $2 AND m.status = 'active'
         ORDER BY r.submitted_at IS NOT NULL, m.name_key",
        campaign_id,
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// The answer of one organisation, readable by the cluster's staff and board and by the
/// organisation itself.
pub async fn response(
    db: &Db,
    scope: &Scope,
    campaign_id: i64,
    org: i64,
) -> Result<Option<Response>> {
    scope.require(scope.can_see_private() || scope.own_organisation() == Some(org))?;
    campaign(db, scope, campaign_id).await?;
    q!(
        "SELECT employment, revenue, exports, rd_investment, new_funding, satisfaction, needs, comment
         FROM survey_responses WHERE campaign_id = $1 AND organisation_id = $2",
        campaign_id,
        org
    )
    .optional(db)
    .await
}

/// Stores (or corrects, while the campaign is open) one organisation's answer.
pub async fn submit(
    db: &Db,
    scope: &Scope,
    campaign_id: i64,
    org: i64,
    r: &Response,
) -> Result<()> {
    scope.require(scope.can_manage() || scope.own_organisation() == Some(org))?;
    let c = campaign(db, scope, campaign_id).await?;
    if !scope.can_manage() && !c.is_open(&crate::today()) {
        return Err(Error::Validation(vec![FieldError::new(
            "campaign", "closed",
        )]));
    }
    let member = q!(
        "SELECT COUNT(*) FROM memberships WHERE cluster_id = $1 AND organisation_id = $2 AND status = 'active'",
        scope.cluster_id(),
        org
    )
    .int(db)
    .await?;
    if member == 0 {
        return Err(Error::NotFound);
    }
    let mut tx = db.begin().await?;
    q!(
        "DELETE FROM survey_responses WHERE campaign_id = $1 AND organisation_id = $2",
        campaign_id,
        org
    )
    .run(&mut tx)
    .await?;
    let id = q!(
        "INSERT INTO survey_responses (campaign_id, organisation_id, employment, revenue, exports, rd_investment, new_funding, satisfaction, needs, comment, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        campaign_id, org, r.employment, r.revenue, r.exports, r.rd_investment, r.new_funding, r.satisfaction,
        &r.needs, &r.comment, scope.user_id(), crate::now()
    )
    .int(&mut tx)
    .await?;
    bump(&mut tx, scope.cluster_id()).await?;
    // The figures are confidential: the audit log says who answered, not what.
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "survey_response",
        id,
        "submit",
        json!({"campaign": campaign_id, "organisation": org}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Who to remind: member users of every active member that has not answered, with their
/// language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub organisation_id: i64,
    pub organisation: String,
    pub email: String,
    pub name: String,
    pub locale: Option<String>,
}

pub async fn pending_recipients(
    db: &Db,
    scope: &Scope,
    campaign_id: i64,
) -> Result<Vec<Recipient>> {
    scope.require(scope.can_manage())?;
    campaign(db, scope, campaign_id).await?;
    q!(
        "SELECT o.id AS organisation_id, o.name AS organisation, u.email, u.name, u.locale
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         JOIN user_roles ur ON ur.cluster_id = m.cluster_id AND ur.organisation_id = o.id AND ur.role = 'member'
         JOIN users u ON u.id = ur.user_id
         WHERE m.cluster_id = $1 AND m.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.campaign_id = $2 AND r.organisation_id = o.id)
         ORDER BY o.id, u.email",
        scope.cluster_id(),
        campaign_id
    )
    .all(db)
    .await
}

pub async fn record_reminder(
    db: &Db,
    scope: &Scope,
    campaign_id: i64,
    org: i64,
    email: &str,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    // The id comes from a URL: it must be a campaign of this cluster.
    campaign(db, scope, campaign_id).await?;
    q!(
        "INSERT INTO survey_reminders (campaign_id, organisation_id, email, sent_at) VALUES ($1, $2, $3, $4)",
        campaign_id,
        org,
        email,
        crate::now()
    )
    .run(db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    id: i64,
    organisation_id: i64,
    year: i64,
    entity_type: Option<String>,
    employment: Option<f64>,
    revenue: Option<f64>,
    exports: Option<f64>,
    rd_investment: Option<f64>,
    new_funding: Option<f64>,
    satisfaction: Option<f64>,
}

/// All answers of a cluster for the indicator engine.
pub async fn answers(db: &Db, cluster_id: i64) -> Result<Vec<SurveyAnswer>> {
    debug_assert_eq!(SURVEY_COLUMNS[5], "satisfaction");
    let rows: Vec<AnswerRow> = q!(
        "SELECT r.id, r.organisation_id, c.year, o.entity_type, r.employment, r.revenue, r.exports, r.rd_investment, r.new_funding, r.satisfaction
         FROM survey_responses r JOIN survey_campaigns c ON c.id = r.campaign_id JOIN organisations o ON o.id = r.organisation_id
         WHERE c.cluster_id = $1",
        cluster_id
    )
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            survey_answer(
                r.id,
                r.organisation_id,
                r.year,
                r.entity_type,
                [
                    r.employment,
                    r.revenue,
                    r.exports,
                    r.rd_investment,
                    r.new_funding,
                    r.satisfaction,
                ],
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_shown_back_reads_the_same_numbers() {
        let r = Response {
            revenue: Some(1234.567),
            satisfaction: Some(8.0),
            ..Response::default()
        };
        let es = ResponseInput::from_response(&r, |v| v.to_string().replace('.', ","));
        let en = ResponseInput::from_response(&r, |v| v.to_string());
        for back in [es.parse("es"), en.parse("en")] {
            let back = back.expect("valid");
            assert_eq!(
                (back.revenue, back.satisfaction),
                (r.revenue, r.satisfaction)
            );
        }
    }

    #[test]
    fn bad_figures_are_named_and_nothing_is_kept() {
        let input = ResponseInput {
            revenue: "-5".into(),
            satisfaction: "11".into(),
            employment: "muchos".into(),
            ..ResponseInput::default()
        };
        let Err(Error::Validation(errs)) = input.parse("es") else {
            panic!("invalid input accepted");
        };
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("employment", "not_a_number"),
                ("revenue", "negative"),
                ("satisfaction", "out_of_range")
            ]
        );
    }
}
