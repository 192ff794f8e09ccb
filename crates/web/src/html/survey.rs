//! The annual member survey: staff open a campaign, each member answers for its organisation,
//! staff and board follow who answered, staff remind the others by e-mail and close it. The
//! answers are the cluster's private data: staff and board read them, a member its own.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::mail::{Email, Mailer};
use crate::routes::Routes;
use crate::{Ctx, Tr};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::access::Scope;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::survey::{self, Campaign, Progress, Recipient, Response, ResponseInput};
use clusterhub_i18n::format;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/survey", list)
        .post("/c/{slug}/survey", open)
        .get("/c/{slug}/survey/{campaign}", show)
        .post("/c/{slug}/survey/{campaign}/close", close)
        .post("/c/{slug}/survey/{campaign}/reminders", remind)
        .get("/c/{slug}/survey/{campaign}/answers/{org}", answer)
        .post("/c/{slug}/survey/{campaign}/answers/{org}", submit)
}

// ---------------------------------------------------------------------------------------------
// Campaigns

#[derive(Template)]
#[template(path = "survey_list.html")]
struct List {
    l: Layout,
    c: Cluster,
    rows: Vec<Row>,
    /// Active members, what staff and board measure responses against (0 for others).
    members: i64,
    f: OpenFields,
    errors: FormErrors,
}

struct Row {
    campaign: Campaign,
    status: &'static str,
    /// "12 of 40 members answered", for staff and board.
    progress: String,
    /// For a member user: whether its organisation answered.
    answered: Option<bool>,
    /// Staff and board follow a campaign; a member opens its form.
    linked: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct OpenFields {
    csrf: String,
    year: String,
    opens_on: String,
    closes_on: String,
}

impl OpenFields {
    /// The usual campaign: last year's figures, asked for during the next four weeks.
    fn suggested() -> Self {
        let today = time::OffsetDateTime::now_utc().date();
        Self {
            year: (today.year() - 1).to_string(),
            opens_on: clusterhub_core::parse::iso_date(today),
            closes_on: clusterhub_core::parse::iso_date(today + time::Duration::days(28)),
            ..Self::default()
        }
    }
}

async fn list_page(ctx: &mut Ctx, slug: &str, f: OpenFields, errors: FormErrors) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let campaigns = survey::campaigns(ctx.db(), &scope).await?;
    let members = if scope.can_see_private() {
        survey::member_count(ctx.db(), &scope).await?
    } else {
        0
    };
    let t = ctx.tr();
    let mut rows = Vec::with_capacity(campaigns.len());
    for campaign in campaigns {
        let answered = match scope.own_organisation() {
            Some(org) => Some(
                survey::response(ctx.db(), &scope, campaign.id, org)
                    .await?
                    .is_some(),
            ),
            None => None,
        };
        rows.push(Row {
            status: status(&campaign),
            progress: progress_label(&t, campaign.responses, members),
            linked: scope.can_see_private() || answered.is_some(),
            answered,
            campaign,
        });
    }
    let l = Layout::new(ctx, t.t("survey-title"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &List {
            l,
            c,
            rows,
            members,
            f,
            errors,
        },
    )
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    list_page(
        &mut ctx,
        &slug,
        OpenFields::suggested(),
        FormErrors::default(),
    )
    .await
}

async fn open(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<OpenFields>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    match survey::open(ctx.db(), &scope, &f.year, &f.opens_on, &f.closes_on).await {
        Ok(id) => see_other(&format!("/c/{slug}/survey/{id}")),
        Err(e @ Error::Validation(_)) => {
            let errors = form_errors(&ctx.tr(), &e);
            list_page(&mut ctx, &slug, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// One campaign: progress for staff and board, the form for a member

#[derive(Template)]
#[template(path = "survey_progress.html")]
struct ProgressPage {
    l: Layout,
    c: Cluster,
    campaign: Campaign,
    status: &'static str,
    rows: Vec<Progress>,
    answered: i64,
    /// For staff: the users of members that have not answered, whom reminders would reach.
    recipients: i64,
    summary: String,
    mail_enabled: bool,
    notices: Vec<String>,
}

/// What the last action did, carried in the query string of the redirect after it.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Flash {
    sent: Option<i64>,
    failed: Option<i64>,
    mail: Option<String>,
    saved: Option<String>,
}

impl Flash {
    fn notices(&self, t: &Tr) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(n) = self.sent {
            out.push(t.tn("survey-reminders-sent", n));
        }
        if let Some(n) = self.failed.filter(|n| *n > 0) {
            out.push(t.tn("survey-reminders-failed", n));
        }
        if self.mail.as_deref() == Some("off") {
            out.push(t.t("survey-mail-disabled"));
        }
        out
    }
}

/// Staff and board see who answered; a member user gets its organisation's form.
async fn show(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    if scope.can_see_private() {
        return progress_page(&ctx, c, &scope, id, &flash).await;
    }
    // Anyone else is refused: sent to sign in when anonymous, else forbidden.
    scope.require(scope.own_organisation().is_some())?;
    let org = scope.own_organisation().ok_or(Error::Forbidden)?;
    answer_page(&ctx, c, &scope, id, org, None, flash.saved.is_some()).await
}

async fn progress_page(ctx: &Ctx, c: Cluster, scope: &Scope, id: i64, flash: &Flash) -> PageResult {
    let campaign = survey::campaign(ctx.db(), scope, id).await?;
    let rows = survey::progress(ctx.db(), scope, id).await?;
    let answered = rows.iter().filter(|r| r.submitted_at.is_some()).count() as i64;
    let recipients = if scope.can_manage() {
        survey::pending_recipients(ctx.db(), scope, id).await?.len() as i64
    } else {
        0
    };
    let t = ctx.tr();
    let l = Layout::new(ctx, campaign_title(&t, &campaign), Some((&c, scope))).await;
    render(&ProgressPage {
        status: status(&campaign),
        summary: progress_label(&t, answered, rows.len() as i64),
        recipients,
        answered,
        rows,
        mail_enabled: ctx.state.mailer.is_some(),
        notices: flash.notices(&t),
        l,
        c,
        campaign,
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

async fn close(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    survey::close(ctx.db(), &scope, id).await?;
    see_other(&format!("/c/{slug}/survey/{id}"))
}

// ---------------------------------------------------------------------------------------------
// One organisation's answer

#[derive(Template)]
#[template(path = "survey_answer.html")]
struct AnswerPage {
    l: Layout,
    c: Cluster,
    campaign: Campaign,
    status: &'static str,
    org: i64,
    f: ResponseInput,
    errors: FormErrors,
    /// Staff correct any answer; a member edits its own while the campaign is open.
    editable: bool,
    answered: bool,
    saved: bool,
    /// The stored answer formatted for reading: field and text.
    figures: Vec<(&'static str, String)>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct AnswerFields {
    csrf: String,
    #[serde(flatten)]
    input: ResponseInput,
}

async fn answer(
    mut ctx: Ctx,
    Path((slug, id, org)): Path<(String, i64, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    answer_page(&ctx, c, &scope, id, org, None, flash.saved.is_some()).await
}

/// The form (or, when it cannot be changed, the answer), showing `typed` and its errors after a
/// refused submission, else the stored answer.
async fn answer_page(
    ctx: &Ctx,
    c: Cluster,
    scope: &Scope,
    id: i64,
    org: i64,
    typed: Option<(ResponseInput, FormErrors)>,
    saved: bool,
) -> PageResult {
    // `response` checks that the reader may see this organisation's answer in this cluster.
    let stored = survey::response(ctx.db(), scope, id, org).await?;
    let organisation = survey::respondent(ctx.db(), scope, org).await?;
    let campaign = survey::campaign(ctx.db(), scope, id).await?;
    let t = ctx.tr();
    let editable = scope.can_manage()
        || (scope.own_organisation() == Some(org) && campaign.is_open(&clusterhub_db::today()));
    let (f, errors) = typed.unwrap_or_else(|| {
        let f = stored
            .as_ref()
            .map(|r| ResponseInput::from_response(r, |v| format::decimal(t.lang, v, 6)))
            .unwrap_or_default();
        (f, FormErrors::default())
    });
    let title = format!("{} · {organisation}", campaign_title(&t, &campaign));
    let l = Layout::new(ctx, title, Some((&c, scope))).await;
    render_status(
        errors.status(),
        &AnswerPage {
            status: status(&campaign),
            figures: stored.as_ref().map(|r| figures(&t, r)).unwrap_or_default(),
            answered: stored.is_some(),
            l,
            c,
            campaign,
            org,
            f,
            errors,
            editable,
            saved,
        },
    )
}

/// Parses the whole form before anything is stored; the repository decides who may answer
/// for `org` and whether the campaign still accepts answers.
async fn submit(
    mut ctx: Ctx,
    Path((slug, id, org)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<AnswerFields>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    let stored = match f.input.parse(ctx.lang) {
        Ok(r) => survey::submit(ctx.db(), &scope, id, org, &r).await,
        Err(e) => Err(e),
    };
    match stored {
        Ok(()) => see_other(&format!("/c/{slug}/survey/{id}/answers/{org}?saved=1")),
        Err(e @ Error::Validation(_)) => {
            let errors = form_errors(&ctx.tr(), &e);
            answer_page(&ctx, c, &scope, id, org, Some((f.input, errors)), false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Figures in the reader's format: amounts in euros as money, headcount and satisfaction as
/// decimals.
fn figures(t: &Tr, r: &Response) -> Vec<(&'static str, String)> {
    let none = || t.t("survey-not-given");
    let money = |v: Option<f64>| {
        v.map(|v| format::money_eur(t.lang, (v * 100.0).round() as i64))
            .unwrap_or_else(none)
    };
    let text = |s: &str| {
        if s.is_empty() { none() } else { s.to_string() }
    };
    vec![
        (
            "employment",
            r.employment
                .map(|v| format::decimal(t.lang, v, 2))
                .unwrap_or_else(none),
        ),
        ("revenue", money(r.revenue)),
        ("exports", money(r.exports)),
        ("rd_investment", money(r.rd_investment)),
        ("new_funding", money(r.new_funding)),
        (
            "satisfaction",
            r.satisfaction
                .map(|v| format!("{} / 10", format::decimal(t.lang, v, 1)))
                .unwrap_or_else(none),
        ),
        ("needs", text(&r.needs)),
        ("comment", text(&r.comment)),
    ]
}

// ---------------------------------------------------------------------------------------------
// Reminders

/// Sends one reminder to every member user of every member that has not answered, each in the
/// user's language (else the cluster's), and records each one sent.
async fn remind(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    // Staff only, and only about a campaign of this cluster: checked before anything else.
    let recipients = survey::pending_recipients(ctx.db(), &scope, id).await?;
    let campaign = survey::campaign(ctx.db(), &scope, id).await?;
    let back = format!("/c/{slug}/survey/{id}");
    let Some(mailer) = ctx.state.mailer.clone() else {
        return see_other(&format!("{back}?mail=off"));
    };
    if !campaign.is_open(&clusterhub_db::today()) {
        return Err(Error::Validation(vec![FieldError::new("campaign", "not_open")]).into());
    }
    let (sent, failed) = send_reminders(&ctx, &mailer, &scope, &c, &campaign, &recipients).await?;
    see_other(&format!("{back}?sent={sent}&failed={failed}"))
}

/// Sends inline, one message after the other, while the staff member waits: a cluster has tens
/// of member users and a relay on the same host or network takes milliseconds for each, so the
/// counts shown afterwards are the messages the relay really accepted. A job queue (which the
/// application does not have yet) would pay off only for thousands of recipients or a slow relay.
async fn send_reminders(
    ctx: &Ctx,
    mailer: &Mailer,
    scope: &Scope,
    c: &Cluster,
    campaign: &Campaign,
    recipients: &[Recipient],
) -> Result<(i64, i64), Error> {
    let link = mailer.link(&format!("/c/{}/survey/{}", c.slug, campaign.id));
    let (mut sent, mut failed) = (0, 0);
    for r in recipients {
        let lang = clusterhub_i18n::negotiate(
            None,
            r.locale.as_deref(),
            None,
            None,
            Some(&c.default_locale),
        );
        let t = Tr {
            i18n: ctx.state.i18n.clone(),
            lang,
        };
        let m = Reminder::compose(&t, c, campaign, r, &link)?;
        let email = Email {
            to: &r.email,
            subject: &m.subject,
            text: &m.text,
            html: &m.html,
        };
        match mailer.send(&email).await {
            Ok(()) => {
                survey::record_reminder(ctx.db(), scope, campaign.id, r.organisation_id, &r.email)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                // The address stays out of the log; the organisation says whom to check.
                tracing::warn!(error = %e, organisation = r.organisation_id, "survey reminder not sent");
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// A reminder in its recipient's language.
struct Reminder {
    subject: String,
    text: String,
    html: String,
}

/// The HTML part of a reminder; the plain-text part says the same.
#[derive(Template)]
#[template(path = "survey_reminder_mail.html")]
struct ReminderHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    body: &'a str,
    action: &'a str,
    link: &'a str,
    signature: &'a str,
}

impl Reminder {
    fn compose(
        t: &Tr,
        c: &Cluster,
        campaign: &Campaign,
        r: &Recipient,
        link: &str,
    ) -> Result<Self, Error> {
        let args = [
            ("name", r.name.clone()),
            ("organisation", r.organisation.clone()),
            ("cluster", c.name.clone()),
            ("year", campaign.year.to_string()),
            ("closes", t.d(&campaign.closes_on)),
        ];
        let msg = |key: &str| targs(t, key, &args);
        let (subject, greeting, body, action, signature) = (
            msg("mail-survey-subject"),
            msg("mail-survey-greeting"),
            msg("mail-survey-body"),
            msg("mail-survey-action"),
            msg("mail-survey-signature"),
        );
        let text = format!("{greeting}\n\n{body}\n\n{action}:\n{link}\n\n-- \n{signature}\n");
        let html = ReminderHtml {
            lang: t.lang,
            subject: &subject,
            greeting: &greeting,
            body: &body,
            action: &action,
            link,
            signature: &signature,
        }
        .render()
        .map_err(|e| Error::Internal(format!("template: {e}")))?;
        Ok(Reminder {
            subject,
            text,
            html,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// open, upcoming (before its first day), ended (past its last day, not yet closed) or closed.
fn status(c: &Campaign) -> &'static str {
    let today = clusterhub_db::today();
    if c.closed {
        "closed"
    } else if today < c.opens_on {
        "upcoming"
    } else if today > c.closes_on {
        "ended"
    } else {
        "open"
    }
}

fn campaign_title(t: &Tr, c: &Campaign) -> String {
    targs(t, "survey-campaign-title", &[("year", c.year.to_string())])
}

fn progress_label(t: &Tr, answered: i64, members: i64) -> String {
    targs(
        t,
        "survey-progress-label",
        &[("answered", t.n(answered)), ("members", t.n(members))],
    )
}

/// A catalogue message with named text arguments.
fn targs(t: &Tr, key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<_> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    t.i18n.t_args(t.lang, key, &args)
}

/// Field errors in the reader's language: the survey's own messages (`survey-invalid-<code>`)
/// where it has them, else the shared ones (`invalid-<code>`).
fn form_errors(t: &Tr, e: &Error) -> FormErrors {
    let Error::Validation(fields) = e else {
        return FormErrors::from_error(t, e);
    };
    FormErrors(
        fields
            .iter()
            .map(|f| {
                let own = format!("survey-invalid-{}", f.code);
                let key = if t.i18n.has(t.lang, &own) {
                    own
                } else {
                    format!("invalid-{}", f.code)
                };
                let msg = match &f.detail {
                    Some(d) => format!("{}: {d}", t.t(&key)),
                    None => t.t(&key),
                };
                (f.field.clone(), msg)
            })
            .collect(),
    )
}

fn see_other(to: &str) -> PageResult {
    Ok(Redirect::to(to).into_response())
}
