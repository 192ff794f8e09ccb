//! Pages, sign-in, languages and security headers.

use crate::support::{Browser, TestApp};

#[tokio::test]
async fn login_lands_on_the_cluster_and_bad_passwords_are_refused_then_rate_limited() {
    let app = TestApp::demo().await;
    let b = app.anonymous().await;
    let bad = app
        .post_form(
            &b,
            "/login",
            &[("email", "staff@bhc.demo"), ("password", "nope")],
        )
        .await;
    assert_eq!(bad.status, 401);
    assert!(bad.body.contains("role=\"alert\""));
    assert!(
        bad.body.contains("value=\"staff@bhc.demo\""),
        "the typed e-mail is kept"
    );
    let ok = app
        .post_form(
            &b,
            "/login",
            &[
                ("email", "staff@bhc.demo"),
                ("password", clusterhub::demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!((ok.status.as_u16(), ok.location()), (303, "/c/bhc"));
    let cookie = ok
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ch_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    // Five failures lock the account for a while, even for the right password.
    for _ in 0..5 {
        app.post_form(
            &b,
            "/login",
            &[("email", "board@bhc.demo"), ("password", "wrong")],
        )
        .await;
    }
    let locked = app
        .post_form(
            &b,
            "/login",
            &[
                ("email", "board@bhc.demo"),
                ("password", clusterhub::demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(locked.status, 429);
    let other = app
        .post_form(
            &b,
            "/login",
            &[
                ("email", "staff@cpb.demo"),
                ("password", clusterhub::demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(other.status, 303, "other accounts are not locked");
}

#[tokio::test]
async fn sessions_end_at_logout() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    assert_eq!(app.get(&b, "/c/bhc/people").await.status, 200);
    let out = app.post_form(&b, "/logout", &[]).await;
    assert_eq!(out.status, 303);
    let after = app.get(&b, "/c/bhc/people").await;
    assert_eq!(
        (after.status.as_u16(), after.location()),
        (303, "/login?next=/c/bhc/people")
    );
}

#[tokio::test]
async fn language_comes_from_query_then_cookie_then_browser_then_cluster() {
    let app = TestApp::demo().await;
    let anon = Browser::default();
    let page = |b: &Browser, p: &str| {
        let p = p.to_string();
        let b = b.clone();
        let app = &app;
        async move { app.get(&b, &p).await.body }
    };
    assert!(
        page(&anon, "/c/cpb/organisations")
            .await
            .contains("<html lang=\"fr\""),
        "cluster default"
    );
    assert!(
        page(&anon, "/c/bhc/organisations")
            .await
            .contains("<html lang=\"es\"")
    );
    assert!(
        page(&anon, "/c/bhc/organisations?lang=eu")
            .await
            .contains("<html lang=\"eu\"")
    );
    let with_cookie = Browser {
        cookies: "ch_lang=en".into(),
        ..Browser::default()
    };
    assert!(
        page(&with_cookie, "/c/cpb/organisations")
            .await
            .contains("<html lang=\"en\"")
    );
    let mut req_b = app.anonymous().await;
    let r = app
        .post_form(
            &req_b,
            "/lang",
            &[
                ("lang", "eu"),
                ("back", "/c/bhc/organisations?typology=ordinary"),
            ],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location()),
        (303, "/c/bhc/organisations?typology=ordinary")
    );
    let lang_cookie = crate::support::cookie_value(&r, "ch_lang").expect("lang cookie");
    req_b.cookies = format!("{}; ch_lang={lang_cookie}", req_b.cookies);
    let eu = app.get(&req_b, "/c/bhc/organisations").await.body;
    let es = page(&anon, "/c/bhc/organisations?lang=es").await;
    assert!(eu.contains("<html lang=\"eu\""));
    let h1 = |s: &str| {
        s.split("<h1>")
            .nth(1)
            .and_then(|x| x.split("</h1>").next())
            .unwrap_or("")
            .to_string()
    };
    assert_ne!(h1(&eu), h1(&es), "the heading is translated");
    let bad = app.post_form(&req_b, "/lang", &[("lang", "xx")]).await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn numbers_and_dates_follow_the_language() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let en = app
        .get(&b, "/c/bhc/organisations?status=active&lang=en&sort=since")
        .await
        .body;
    let es = app
        .get(&b, "/c/bhc/organisations?status=active&lang=es&sort=since")
        .await
        .body;
    assert!(
        en.contains(" Jan 2008") || en.contains(" Feb 2009"),
        "English dates"
    );
    assert!(
        es.contains(" ene 2008") || es.contains(" feb 2009"),
        "Spanish dates"
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_hide_internals() {
    let app = TestApp::demo().await;
    let r = app.get(&Browser::default(), "/").await;
    assert_eq!(r.status, 200);
    for h in [
        "content-security-policy",
        "x-frame-options",
        "referrer-policy",
        "x-content-type-options",
    ] {
        assert!(r.headers.contains_key(h), "missing {h}");
    }
    assert_eq!(r.headers["x-frame-options"], "DENY");
    let missing = app.get(&Browser::default(), "/c/nope").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<main"),
        "a real page, not a bare status"
    );
}

#[tokio::test]
async fn dashboard_counts_link_to_the_records_behind_them() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let d = app.get(&b, "/c/bhc").await;
    assert_eq!(d.status, 200);
    let active = app.count("SELECT COUNT(*) FROM memberships m JOIN clusters c ON c.id = m.cluster_id WHERE c.slug = 'bhc' AND m.status = 'active'").await;
    assert!(
        d.body
            .contains(&format!("<span class=\"num\">{active}</span>")),
        "dashboard shows {active} active"
    );
    assert!(d.body.contains("/c/bhc/organisations?status=active"));
    let list = app.get(&b, "/c/bhc/organisations?status=active").await;
    assert!(
        list.body.contains(&format!("data-count=\"{active}\"")),
        "the link shows the same number of records"
    );
}

#[tokio::test]
async fn staff_give_and_remove_roles_in_their_cluster_only() {
    let app = TestApp::demo().await;
    let (org, _) = app.org_only_in("bhc", "active").await;
    let staff = app.login("staff@bhc.demo").await;
    let bad = app
        .post_form(
            &staff,
            "/c/bhc/users",
            &[
                ("email", "new@osatu.example"),
                ("name", "Nora"),
                ("role", "member"),
                ("password", "long-enough-pass"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "a member user needs an organisation");
    assert!(
        bad.body.contains("id=\"organisation-error\"")
            && bad.body.contains("value=\"new@osatu.example\"")
    );
    let short = app
        .post_form(
            &staff,
            "/c/bhc/users",
            &[
                ("email", "new@osatu.example"),
                ("name", "Nora"),
                ("role", "board"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'new@osatu.example'")
            .await,
        0
    );
    let ok = app
        .post_form(
            &staff,
            "/c/bhc/users",
            &[
                ("email", "new@osatu.example"),
                ("name", "Nora"),
                ("role", "member"),
                ("organisation", &org.to_string()),
                ("password", "long-enough-pass"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let b = app.anonymous().await;
    let login = app
        .post_form(
            &b,
            "/login",
            &[
                ("email", "new@osatu.example"),
                ("password", "long-enough-pass"),
            ],
        )
        .await;
    assert_eq!((login.status.as_u16(), login.location()), (303, "/c/bhc"));
    // A partner (say, a technology centre taking desk requests) acts for its organisation.
    let partner = app
        .post_form(
            &staff,
            "/c/bhc/users",
            &[
                ("email", "tc@osatu.example"),
                ("name", "Tekniker"),
                ("role", "partner"),
                ("organisation", &org.to_string()),
                ("password", "long-enough-pass"),
            ],
        )
        .await;
    assert_eq!(partner.status, 303, "{}", partner.body);
    let (acts_for,): (Option<i64>,) = clusterhub_db::q!(
        "SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'tc@osatu.example'"
    )
    .one(&app.db)
    .await
    .expect("partner role");
    assert_eq!(acts_for, Some(org));
    let member = app.login("member@bhc.demo").await;
    assert_eq!(app.get(&member, "/c/bhc/users").await.status, 403);
    let (uid,): (i64,) =
        clusterhub_db::q!("SELECT id FROM users WHERE email = 'new@osatu.example'")
            .one(&app.db)
            .await
            .expect("user");
    let r = app
        .post_form(&staff, &format!("/c/bhc/users/{uid}/revoke"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM user_roles WHERE user_id = {uid}"
        ))
        .await,
        0
    );
    let (me,): (i64,) = clusterhub_db::q!("SELECT id FROM users WHERE email = 'staff@bhc.demo'")
        .one(&app.db)
        .await
        .expect("me");
    assert_eq!(
        app.post_form(&staff, &format!("/c/bhc/users/{me}/revoke"), &[])
            .await
            .status,
        422
    );
}
