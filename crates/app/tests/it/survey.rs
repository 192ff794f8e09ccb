//! The member survey: staff open a campaign, members answer in their own number format, staff
//! follow who answered and remind the others through a real SMTP server, and the answers stay
//! with their organisation and their cluster.

use crate::support::{Browser, SmtpServer, TestApp};
use clusterhub_db::q;
use clusterhub_web::mail::Mailer;

fn day(offset: i64) -> String {
    clusterhub_core::parse::iso_date(
        time::OffsetDateTime::now_utc().date() + time::Duration::days(offset),
    )
}

/// Staff open the campaign about `year`, open today for a month; its id.
async fn open_campaign(app: &TestApp, staff: &Browser, year: &str) -> i64 {
    let r = app
        .post_form(
            staff,
            "/c/bhc/survey",
            &[
                ("year", year),
                ("opens_on", &day(0)),
                ("closes_on", &day(30)),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.location()
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("campaign id in {}", r.location()))
}

/// The organisation member@bhc.demo answers for.
async fn own_organisation(app: &TestApp) -> i64 {
    let cid = app.cluster_id("bhc").await;
    let (org,): (i64,) = q!("SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'member@bhc.demo' AND r.cluster_id = $1", cid)
        .one(&app.db)
        .await
        .expect("member role");
    org
}

/// Active members of BHC other than `except`, by id.
async fn other_members(app: &TestApp, except: i64) -> Vec<i64> {
    let cid = app.cluster_id("bhc").await;
    let rows: Vec<(i64,)> = q!("SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' AND organisation_id <> $2 ORDER BY organisation_id", cid, except)
        .all(&app.db)
        .await
        .expect("members");
    rows.into_iter().map(|r| r.0).collect()
}

async fn stored_revenue(app: &TestApp, campaign: i64, org: i64) -> Option<Option<f64>> {
    q!(
        "SELECT revenue FROM survey_responses WHERE campaign_id = $1 AND organisation_id = $2",
        campaign,
        org
    )
    .optional::<(Option<f64>,)>(&app.db)
    .await
    .expect("response")
    .map(|r| r.0)
}

fn answer<'a>(revenue: &'a str, satisfaction: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("employment", "12,5"),
        ("revenue", revenue),
        ("exports", "250.000"),
        ("rd_investment", ""),
        ("new_funding", "1.500.000"),
        ("satisfaction", satisfaction),
        ("needs", "Internacionalización"),
    ]
}

#[tokio::test]
async fn staff_open_a_campaign_and_members_answer_in_their_number_format() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    // The demo has campaigns of its own (2024 to 2026): this test asks about 2027.
    let campaigns = app.count("SELECT COUNT(*) FROM survey_campaigns").await;

    // Refused campaign: the errors name the fields, the input is kept, nothing is stored.
    let r = app
        .post_form(
            &staff,
            "/c/bhc/survey",
            &[
                ("year", "20x5"),
                ("opens_on", &day(5)),
                ("closes_on", &day(1)),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"year-error\"") && r.body.contains("id=\"closes_on-error\""));
    assert!(r.body.contains("value=\"20x5\""), "typed year kept");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM survey_campaigns").await,
        campaigns
    );

    let id = open_campaign(&app, &staff, "2027").await;
    let again = app
        .post_form(
            &staff,
            "/c/bhc/survey",
            &[
                ("year", "2027"),
                ("opens_on", &day(0)),
                ("closes_on", &day(9)),
            ],
        )
        .await;
    assert_eq!(again.status, 422, "one campaign per year");
    assert!(again.body.contains("id=\"year-error\""));
    let members = other_members(&app, 0).await.len();
    let list = app.get(&staff, "/c/bhc/survey").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body
            .contains(&format!("href=\"/c/bhc/survey/{id}\">2027</a>"))
    );
    assert!(
        list.body
            .contains(&format!("0 de {members} socios han respondido")),
        "progress against every active member, in the cluster's language"
    );

    // The member user gets its organisation's form (BHC speaks Spanish by default).
    let org = own_organisation(&app).await;
    let member = app.login("member@bhc.demo").await;
    let form = app.get(&member, &format!("/c/bhc/survey/{id}")).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains(&format!("action=\"/c/bhc/survey/{id}/answers/{org}\""))
    );

    // Negative revenue and satisfaction 11: 422, both fields named, input kept, nothing stored.
    let path = format!("/c/bhc/survey/{id}/answers/{org}");
    let bad = app.post_form(&member, &path, &answer("-5", "11")).await;
    assert_eq!(bad.status, 422);
    for field in ["revenue", "satisfaction"] {
        assert!(
            bad.body.contains(&format!("id=\"{field}-error\"")),
            "{field} named"
        );
    }
    assert!(bad.body.contains("value=\"-5\"") && bad.body.contains("value=\"11\""));
    assert!(
        bad.body.contains("No puede ser negativo") && bad.body.contains("Debe estar entre 0 y 10")
    );
    assert_eq!(stored_revenue(&app, id, org).await, None);
    let answers = format!("SELECT COUNT(*) FROM survey_responses WHERE campaign_id = {id}");
    assert_eq!(app.count(&answers).await, 0);

    // Spanish figures: thousands with dots, decimals with a comma.
    let ok = app
        .post_form(&member, &path, &answer("1.234.567,89", "8"))
        .await;
    assert_eq!(
        (ok.status.as_u16(), ok.location()),
        (303, format!("{path}?saved=1").as_str())
    );
    assert_eq!(
        stored_revenue(&app, id, org).await,
        Some(Some(1_234_567.89))
    );
    let (employment, exports, rd): (Option<f64>, Option<f64>, Option<f64>) = q!(
        "SELECT employment, exports, rd_investment FROM survey_responses WHERE campaign_id = $1",
        id
    )
    .one(&app.db)
    .await
    .expect("answer");
    assert_eq!(
        (employment, exports, rd),
        (Some(12.5), Some(250_000.0), None)
    );

    // Shown back in the same format, and editable while the campaign is open.
    let again = app.get(&member, &format!("{path}?saved=1")).await;
    assert!(again.body.contains("id=\"survey-saved\""));
    assert!(again.body.contains("value=\"1.234.567,89\"") && again.body.contains("value=\"12,5\""));
    let fix = app
        .post_form(&member, &path, &answer("1.234.567,89", "9"))
        .await;
    assert_eq!(fix.status, 303);
    assert_eq!(app.count(&answers).await, 1);

    // Staff and board see who answered; the board reads the figures as money.
    let progress = app.get(&staff, &format!("/c/bhc/survey/{id}")).await;
    assert_eq!(progress.status, 200);
    assert!(
        progress
            .body
            .contains(&format!("id=\"org-{org}\" data-answered=\"yes\""))
    );
    assert_eq!(
        progress.body.matches("data-answered=\"no\"").count(),
        members - 1,
        "every other active member is listed as not answered"
    );
    let board = app.login("board@bhc.demo").await;
    let read = app.get(&board, &path).await;
    assert_eq!(read.status, 200);
    assert!(
        !read.body.contains("id=\"answer-form\""),
        "the board reads, staff edit"
    );
    assert!(read.body.contains("1.234.567,89\u{a0}€") && read.body.contains("9 / 10"));
    let in_english = app.get(&board, &format!("{path}?lang=en")).await;
    assert!(in_english.body.contains("€1,234,567.89"));

    // The indicator engine reads the answer.
    let answers: Vec<_> = clusterhub_db::survey::answers(&app.db, app.cluster_id("bhc").await)
        .await
        .expect("answers")
        .into_iter()
        .filter(|a| a.year == 2027)
        .collect();
    assert_eq!(answers.len(), 1);
    assert_eq!((answers[0].organisation, answers[0].year), (org, 2027));
    assert_eq!(answers[0].values[1], Some(1_234_567.89));
    assert_eq!(answers[0].values[5], Some(9.0));

    // Once closed, the member can no longer change its answer.
    let close = app
        .post_form(&staff, &format!("/c/bhc/survey/{id}/close"), &[])
        .await;
    assert_eq!(close.status, 303);
    let late = app.post_form(&member, &path, &answer("1", "1")).await;
    assert_eq!(late.status, 422);
    assert!(late.body.contains("La campaña está cerrada"));
    assert_eq!(
        stored_revenue(&app, id, org).await,
        Some(Some(1_234_567.89))
    );
    let closed = app.get(&member, &format!("/c/bhc/survey/{id}")).await;
    assert!(!closed.body.contains("id=\"answer-form\"") && closed.body.contains("id=\"answer\""));
}

#[tokio::test]
async fn reminders_reach_only_members_that_have_not_answered_in_their_language() {
    let smtp = SmtpServer::start();
    let mailer = Mailer::from_url(&smtp.url())
        .and_then(|m| m.with_from("Basque Health Cluster <survey@bhc.example>"))
        .expect("mailer")
        .with_public_url("https://hub.example");
    let app = TestApp::demo().await.with_mailer(mailer);
    let staff = app.login("staff@bhc.demo").await;
    let id = open_campaign(&app, &staff, "2027").await;
    let own = own_organisation(&app).await;
    let others = other_members(&app, own).await;
    assert!(others.len() >= 3, "the demo has enough members");
    // Two people for the member that answers (neither must be reminded), and one person with
    // a language of their own, or none (then the cluster's Spanish), for three that do not.
    app.member_user("second@answered.test", "bhc", own, Some("en"))
        .await;
    app.member_user("eu@pending.test", "bhc", others[0], Some("eu"))
        .await;
    app.member_user("fr@pending.test", "bhc", others[1], Some("fr"))
        .await;
    app.member_user("es@pending.test", "bhc", others[2], None)
        .await;
    // The B2B demo's research-centre user is another member user of BHC: not one of this
    // test's recipients.
    q!(
        "DELETE FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE email = $1)",
        "research@bhc.demo"
    )
    .run(&app.db)
    .await
    .expect("research user");
    let member = app.login("member@bhc.demo").await;
    let path = format!("/c/bhc/survey/{id}/answers/{own}");
    assert_eq!(
        app.post_form(&member, &path, &answer("10", "7"))
            .await
            .status,
        303
    );

    let before = app.get(&staff, &format!("/c/bhc/survey/{id}")).await;
    assert!(
        before.body.contains("Enviar 3 recordatorios"),
        "the button counts the people it will write to"
    );
    let r = app
        .post_form(&staff, &format!("/c/bhc/survey/{id}/reminders"), &[])
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location()),
        (303, format!("/c/bhc/survey/{id}?sent=3&failed=0").as_str())
    );
    let mut mails = smtp.messages();
    mails.sort_by(|a, b| a.rcpt.cmp(&b.rcpt));
    let got: Vec<(&str, &str)> = mails
        .iter()
        .map(|m| (m.rcpt.as_str(), m.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "es@pending.test",
                "Basque Health Cluster: encuesta a socios 2027"
            ),
            (
                "eu@pending.test",
                "Basque Health Cluster: bazkideen inkesta 2027"
            ),
            (
                "fr@pending.test",
                "Basque Health Cluster : enquête adhérents 2027"
            ),
        ]
    );
    let link = format!("https://hub.example/c/bhc/survey/{id}");
    for m in &mails {
        assert_eq!(m.content_type, "multipart/alternative");
        assert_eq!(m.to, m.rcpt);
        assert!(m.text.contains(&link) && m.html.contains(&format!("href=\"{link}\"")));
    }
    assert!(mails[1].text.starts_with("Kaixo, eu@pending.test:"));
    assert!(mails[2].html.contains("<html lang=\"fr\">"));
    assert!(mails[2].text.contains("Bonjour fr@pending.test,"));

    // Recorded, and shown: the notice, and a reminder against each reminded member.
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_reminders").await, 3);
    let page = app.get(&staff, r.location()).await;
    assert!(page.body.contains("Se han enviado 3 recordatorios."));
    let row = |org: i64| {
        let start = page.body.find(&format!("id=\"org-{org}\"")).expect("row");
        let end = page.body[start..].find("</tr>").expect("row end") + start;
        page.body[start..end].to_string()
    };
    for org in &others[..3] {
        assert!(row(*org).contains("<td>1</td>"), "{}", row(*org));
    }
    assert!(row(own).contains("<td>0</td>"));
}

#[tokio::test]
async fn without_a_relay_reminders_say_email_is_off() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let id = open_campaign(&app, &staff, "2027").await;
    let page = app
        .get(&staff, &format!("/c/bhc/survey/{id}?lang=en"))
        .await;
    assert!(page.body.contains("id=\"mail-off\"") && page.body.contains("E-mail is off"));
    let r = app
        .post_form(&staff, &format!("/c/bhc/survey/{id}/reminders"), &[])
        .await;
    assert_eq!(r.location(), format!("/c/bhc/survey/{id}?mail=off"));
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_reminders").await, 0);
}

#[tokio::test]
async fn answers_stay_with_their_organisation_and_their_cluster() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let id = open_campaign(&app, &staff, "2027").await;
    let own = own_organisation(&app).await;
    let path = format!("/c/bhc/survey/{id}/answers/{own}");
    let member = app.login("member@bhc.demo").await;
    assert_eq!(
        app.post_form(&member, &path, &answer("7.777.777", "6"))
            .await
            .status,
        303
    );
    let (own_name,): (String,) = q!("SELECT name FROM organisations WHERE id = $1", own)
        .one(&app.db)
        .await
        .expect("name");

    // A member user of another BHC organisation answers only for its own.
    let other = other_members(&app, own).await[0];
    app.member_user("neighbour@bhc.test", "bhc", other, None)
        .await;
    let neighbour = app.login("neighbour@bhc.test").await;
    let mine = app.get(&neighbour, &format!("/c/bhc/survey/{id}")).await;
    assert_eq!(mine.status, 200);
    assert!(mine.body.contains(&format!("/answers/{other}\"")) && !mine.body.contains("7.777.777"));
    assert_eq!(app.get(&neighbour, &path).await.status, 403);
    let write = app.post_form(&neighbour, &path, &answer("1", "1")).await;
    assert_eq!(write.status, 403);
    let bad_write = app.post_form(&neighbour, &path, &answer("-1", "1")).await;
    assert_eq!(bad_write.status, 403, "refused before its errors are shown");
    assert_eq!(stored_revenue(&app, id, own).await, Some(Some(7_777_777.0)));
    assert_eq!(
        app.post_form(&neighbour, &format!("/c/bhc/survey/{id}/reminders"), &[])
            .await
            .status,
        403
    );
    // Partners (investors) are in the cluster but not in its survey.
    let partner = app.login("partner@bhc.demo").await;
    assert_eq!(
        app.get(&partner, &format!("/c/bhc/survey/{id}"))
            .await
            .status,
        403
    );
    assert_eq!(app.get(&partner, &path).await.status, 403);

    // Another cluster's users see nothing of it, and cannot write into it.
    for who in ["staff@cpb.demo", "member@cpb.demo"] {
        let b = app.login(who).await;
        for page in [
            "/c/bhc/survey".to_string(),
            format!("/c/bhc/survey/{id}"),
            path.clone(),
        ] {
            let r = app.get(&b, &page).await;
            assert_eq!(r.status, 403, "{who} {page}");
            assert!(
                !r.body.contains(&own_name) && !r.body.contains("7.777.777"),
                "{who} {page}"
            );
        }
        let w = app.post_form(&b, &path, &answer("1", "1")).await;
        assert_eq!(w.status, 403, "{who}");
        let c = app
            .post_form(&b, &format!("/c/bhc/survey/{id}/close"), &[])
            .await;
        assert_eq!(c.status, 403, "{who}");
    }
    // Staff of BHC cannot reach another cluster's organisation through their own campaign.
    let (cpb_org, _) = app.org_only_in("cpb", "active").await;
    let foreign = app
        .get(&staff, &format!("/c/bhc/survey/{id}/answers/{cpb_org}"))
        .await;
    assert_eq!(foreign.status, 404);
    let anon = app.anonymous().await;
    let r = app.get(&anon, &format!("/c/bhc/survey/{id}")).await;
    assert!(r.status == 401 || (r.status == 303 && r.location().starts_with("/login")));
    assert_eq!(stored_revenue(&app, id, own).await, Some(Some(7_777_777.0)));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM survey_campaigns WHERE closed AND id = {id}"
        ))
        .await,
        0
    );
}
