//! The service desk: members open requests by form, API and e-mail; files are judged by their
//! content; e-mail intake refuses what it cannot trust and logs why; partners see only what is
//! handed to them; closing logs the support and moves the scorecard; members rate; the people
//! concerned are told by e-mail in their language.

use crate::support::{Browser, Res, SmtpServer, TestApp};
use axum::http::StatusCode;
use clusterhub_db::q;
use clusterhub_web::mail::Mailer;

// ---------------------------------------------------------------------------------------------
// Helpers

const BOUNDARY: &str = "----clusterhub-desk-boundary";

/// A multipart form as a browser sends it, with any number of files (field, name, bytes).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .into_bytes(),
        );
    }
    for (field, name, bytes) in files {
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes());
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    body
}

async fn post_multipart(
    app: &TestApp,
    b: &Browser,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Res {
    let mut all = fields.to_vec();
    all.push(("csrf", &b.csrf));
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    app.request(b, "POST", path, Some(&ct), multipart(&all, files))
        .await
}

fn pdf(len: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(len.max(9), b'%');
    v
}

fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (n, c) in bytes.chunks(3).enumerate() {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if n % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out
}

/// A plain RFC 822 message, with one attachment when given.
fn email(
    from: &str,
    to: &str,
    subject: &str,
    message_id: &str,
    body: &str,
    file: Option<(&str, &[u8])>,
) -> Vec<u8> {
    let head = format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\nDate: Mon, 2 Mar 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"
    );
    match file {
        None => format!("{head}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").into_bytes(),
        Some((name, bytes)) => format!(
            "{head}Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--b1\r\nContent-Type: application/octet-stream; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
            b64(bytes)
        )
        .into_bytes(),
    }
}

async fn inbound(app: &TestApp, courier: &Browser, raw: Vec<u8>) -> Res {
    app.request(
        courier,
        "POST",
        "/api/v1/inbound/email",
        Some("message/rfc822"),
        raw,
    )
    .await
}

/// The organisation member@bhc.demo acts for.
async fn member_org(app: &TestApp) -> i64 {
    let (org,): (i64,) = q!("SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'member@bhc.demo'")
        .one(&app.db)
        .await
        .expect("member role");
    org
}

/// Another active member of BHC (not the member user's), with a member user of its own.
async fn other_member(app: &TestApp, email: &str, locale: Option<&str>) -> i64 {
    let cid = app.cluster_id("bhc").await;
    let mine = member_org(app).await;
    let (org,): (i64,) = q!(
        "SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' AND organisation_id <> $2 ORDER BY organisation_id DESC LIMIT 1",
        cid,
        mine
    )
    .one(&app.db)
    .await
    .expect("another member");
    app.member_user(email, "bhc", org, locale).await;
    org
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM {table}")).await
}

/// Requests, messages and files stored: what a refusal must leave as it was.
async fn stored(app: &TestApp) -> [i64; 3] {
    [
        count(app, "requests").await,
        count(app, "request_messages").await,
        count(app, "request_attachments").await,
    ]
}

/// Opens a request through the API as `b`; its number.
async fn open_api(
    app: &TestApp,
    b: &Browser,
    service: &str,
    subject: &str,
    org: Option<i64>,
) -> i64 {
    let body = serde_json::json!({"service": service, "subject": subject, "body": "Necesitamos ayuda.", "organisation_id": org});
    let r = app
        .send_json(
            b,
            "POST",
            "/api/v1/clusters/bhc/requests",
            &body.to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["number"].as_i64().expect("number")
}

fn number_from(location: &str) -> i64 {
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.split(['?', '#']).next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("request number in {location}"))
}

/// The value of one BHC indicator on the API's scorecard.
async fn indicator(app: &TestApp, b: &Browser, code: &str, period: &str) -> f64 {
    let r = app
        .get(
            b,
            &format!("/api/v1/clusters/bhc/scorecard?period={period}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no indicator {code}"))["value"]
        .as_f64()
        .unwrap_or(0.0)
}

// ---------------------------------------------------------------------------------------------
// Opening

#[tokio::test]
async fn members_open_requests_by_form_api_and_email() {
    let app = TestApp::demo().await;
    let member = app.login("member@bhc.demo").await;
    let org = member_org(&app).await;

    // The catalogue in the cluster's language, and the form.
    let mine = app.get(&member, "/c/bhc/desk").await;
    assert_eq!(
        (mine.status.as_u16(), mine.location()),
        (303, "/c/bhc/desk/mine")
    );
    let mine = app.get(&member, "/c/bhc/desk/mine").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(
        mine.body.contains("Asesoría regulatoria (MDR/IVDR)"),
        "catalogue in Spanish"
    );
    let form = app.get(&member, "/c/bhc/desk/new?service=mdr-ivdr").await;
    assert!(form.body.contains("<option value=\"mdr-ivdr\" selected>"));

    // By form, with a file.
    let r = post_multipart(
        &app,
        &member,
        "/c/bhc/desk/requests",
        &[
            ("service", "mdr-ivdr"),
            ("subject", "Clase de nuestro software"),
            ("body", "¿IIa o IIb?"),
        ],
        &[("attachments", "ficha técnica.pdf", &pdf(2048))],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let n = number_from(r.location());
    let page = app.get(&member, &format!("/c/bhc/desk/requests/{n}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("BHC-{n}")) && page.body.contains("ficha técnica.pdf"));
    let (source, status, file_type): (String, String, String) = q!(
        "SELECT r.source, r.status, a.content_type FROM requests r JOIN request_attachments a ON a.request_id = r.id
         WHERE r.number = $1 AND r.cluster_id = $2",
        n,
        app.cluster_id("bhc").await
    )
    .one(&app.db)
    .await
    .expect("request");
    assert_eq!(
        (source.as_str(), status.as_str(), file_type.as_str()),
        ("web", "new", "application/pdf")
    );
    // The file comes back as it went in, as a download.
    let (file,): (i64,) = q!("SELECT a.id FROM request_attachments a JOIN requests r ON r.id = a.request_id WHERE r.number = $1 AND r.cluster_id = $2", n, app.cluster_id("bhc").await)
        .one(&app.db)
        .await
        .expect("file");
    let dl = app
        .get(
            &member,
            &format!("/c/bhc/desk/requests/{n}/attachments/{file}"),
        )
        .await;
    assert_eq!(dl.status, StatusCode::OK);
    assert_eq!(dl.raw, pdf(2048));
    assert!(
        dl.headers["content-disposition"]
            .to_str()
            .unwrap_or("")
            .starts_with("attachment;")
    );

    // By API.
    let api = app.token("member@bhc.demo").await;
    let r = app
        .send_json(
            &api,
            "POST",
            "/api/v1/clusters/bhc/requests",
            r#"{"service":"funding","subject":"Ronda semilla","body":"Buscamos inversores.","attachments":[{"filename":"plan.pdf","content_base64":"JVBERi0xLjQK"}]}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let j = r.json();
    assert_eq!(j["status"], "new");
    assert_eq!(j["organisation"]["id"], org);
    assert_eq!(j["service"]["area"], "funding");
    assert_eq!(j["attachments"][0]["filename"], "plan.pdf");
    assert!(j["reference"].as_str().unwrap_or("").starts_with("BHC-"));

    // By e-mail: the plus address picks the service by its area, the sender's account the
    // organisation.
    let courier = app.token("staff@bhc.demo").await;
    let raw = email(
        "Ane Olano <member@bhc.demo>",
        "BHC <desk+regulatory@bhc.demo>",
        "Marcado CE de un IVD",
        "first@member.example",
        "Hola, necesitamos orientación sobre IVDR.",
        Some(("informe.pdf", &pdf(300))),
    );
    let r = inbound(&app, &courier, raw).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let n = r.json()["number"].as_i64().expect("number");
    let (service, source, requester, files): (String, String, Option<String>, i64) = q!(
        "SELECT s.code, r.source, r.requester_email, (SELECT COUNT(*) FROM request_attachments a WHERE a.request_id = r.id)
         FROM requests r JOIN services s ON s.id = r.service_id WHERE r.number = $1 AND r.cluster_id = $2",
        n,
        app.cluster_id("bhc").await
    )
    .one(&app.db)
    .await
    .expect("request");
    assert_eq!((service.as_str(), source.as_str()), ("mdr-ivdr", "email"));
    assert_eq!((requester.as_deref(), files), (Some("member@bhc.demo"), 1));
    // Without a tag, the service "other".
    let raw = email(
        "member@bhc.demo",
        "desk@bhc.demo",
        "Una consulta",
        "second@member.example",
        "Hola.",
        None,
    );
    let r = inbound(&app, &courier, raw).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = app
        .get(&api, "/api/v1/clusters/bhc/requests?status=new")
        .await
        .json();
    assert!(
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["subject"] == "Una consulta" && i["service"]["code"] == "other")
    );
    // Staff of another cluster cannot deliver to BHC's desk.
    let cpb = app.token("staff@cpb.demo").await;
    let raw = email(
        "member@bhc.demo",
        "desk@bhc.demo",
        "x",
        "third@member.example",
        "x",
        None,
    );
    assert_eq!(inbound(&app, &cpb, raw).await.status, StatusCode::FORBIDDEN);
    // Nor may a member (no staff role anywhere).
    let raw = email(
        "member@bhc.demo",
        "desk@bhc.demo",
        "x",
        "fourth@member.example",
        "x",
        None,
    );
    assert_eq!(inbound(&app, &api, raw).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_unknown_service_is_refused_naming_the_field() {
    let app = TestApp::demo().await;
    let before = stored(&app).await;
    let api = app.token("member@bhc.demo").await;
    let r = app
        .send_json(
            &api,
            "POST",
            "/api/v1/clusters/bhc/requests",
            r#"{"service":"astrology","subject":"Horóscopo","body":"¿Qué dicen los astros?"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let j = r.json();
    assert_eq!(j["errors"][0]["field"], "service");
    assert_eq!(j["errors"][0]["code"], "unknown_service");
    assert_eq!(j["errors"][0]["detail"], "astrology");
    // A service of another cluster is just as unknown here.
    let r = app
        .send_json(
            &api,
            "POST",
            "/api/v1/clusters/bhc/requests",
            r#"{"service":"reglementaire","subject":"x","body":"y"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let member = app.login("member@bhc.demo").await;
    let r = post_multipart(
        &app,
        &member,
        "/c/bhc/desk/requests",
        &[
            ("service", "astrology"),
            ("subject", "Horóscopo"),
            ("body", "x"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"service-error\""));
    assert!(
        r.body.contains("Ese servicio no está en el catálogo"),
        "in Spanish"
    );
    assert!(r.body.contains("value=\"Horóscopo\""), "typed subject kept");
    assert_eq!(stored(&app).await, before, "nothing stored");
}

#[tokio::test]
async fn oversized_and_disguised_files_are_refused_with_nothing_stored() {
    let app = TestApp::demo().await;
    let member = app.login("member@bhc.demo").await;
    let before = stored(&app).await;
    let fields = [
        ("service", "mdr-ivdr"),
        ("subject", "Documentación"),
        ("body", "Adjunto la documentación."),
    ];
    // Over 10 MB, next to a good file: the whole request is refused, naming the big one.
    let big = pdf(10 * 1024 * 1024 + 1);
    let r = post_multipart(
        &app,
        &member,
        "/c/bhc/desk/requests",
        &fields,
        &[
            ("attachments", "ok.pdf", &pdf(100)),
            ("attachments", "enorme.pdf", &big),
        ],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &r.body[..r.body.len().min(500)]
    );
    assert!(
        r.body.contains("El archivo ocupa más de 10 MB: enorme.pdf"),
        "names the file"
    );
    // A program renamed to .pdf, and a type not accepted at all.
    let r = post_multipart(
        &app,
        &member,
        "/c/bhc/desk/requests",
        &fields,
        &[
            ("attachments", "factura.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
            ("attachments", "macro.xlsm", b"PK\x03\x04xl/workbook"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("no es lo que dice su nombre: factura.pdf"));
    assert!(r.body.contains("No se aceptan archivos de este tipo (PDF, PNG, JPEG, DOCX, XLSX, ODT, TXT o CSV): macro.xlsm"));
    assert_eq!(stored(&app).await, before);

    // The same on a reply to an existing request, and through the API.
    let n = open_api(
        &app,
        &app.token("member@bhc.demo").await,
        "funding",
        "Ayudas",
        None,
    )
    .await;
    let before = stored(&app).await;
    let r = post_multipart(
        &app,
        &member,
        &format!("/c/bhc/desk/requests/{n}/messages"),
        &[("body", "Aquí va")],
        &[("attachments", "foto.png", b"GIF89a....")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("foto.png") && r.body.contains("value=\"\"") || r.body.contains("Aquí va")
    );
    let api = app.token("member@bhc.demo").await;
    let r = app
        .send_json(
            &api,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/messages"),
            r#"{"body":"x","attachments":[{"filename":"run.exe","content_base64":"TVqQAAMAAAAEAAAA"}]}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["code"], "file_type_not_allowed");
    assert_eq!(r.json()["errors"][0]["detail"], "run.exe");
    assert_eq!(stored(&app).await, before);

    // By e-mail: refused, logged with the reason, nothing else stored.
    let courier = app.token("staff@bhc.demo").await;
    let raw = email(
        "member@bhc.demo",
        "desk@bhc.demo",
        "Con un ejecutable",
        "exe@member.example",
        "Mirad esto.",
        Some(("informe.pdf", b"MZ\x90\x00")),
    );
    let r = inbound(&app, &courier, raw).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["code"], "file_content_mismatch");
    let (status, reason): (String, String) =
        q!("SELECT status, reason FROM inbound_emails WHERE message_id = 'exe@member.example'")
            .one(&app.db)
            .await
            .expect("logged");
    assert_eq!(status, "refused");
    assert!(
        reason.contains("file_content_mismatch (informe.pdf)"),
        "{reason}"
    );
    assert_eq!(stored(&app).await, before);
}

// ---------------------------------------------------------------------------------------------
// E-mail intake

#[tokio::test]
async fn malformed_and_untrusted_emails_are_refused_and_logged() {
    let app = TestApp::demo().await;
    let courier = app.token("staff@bhc.demo").await;
    let before = stored(&app).await;
    let logged = count(&app, "inbound_emails").await;
    for (raw, field, code) in [
        (
            b"this is not an e-mail at all".to_vec(),
            "message",
            "malformed_headers",
        ),
        (
            b"Subject: no sender\r\nTo: desk@bhc.demo\r\n\r\nhi".to_vec(),
            "from",
            "missing_from",
        ),
        (
            email(
                "stranger@nowhere.example",
                "desk@bhc.demo",
                "Hola",
                "s1@nowhere.example",
                "¿Me ayudáis?",
                None,
            ),
            "from",
            "unknown_sender",
        ),
        (
            email(
                "member@bhc.demo",
                "desk@unknown.example",
                "Hola",
                "s2@member.example",
                "x",
                None,
            ),
            "to",
            "unknown_recipient",
        ),
        (
            email(
                "staff@bhc.demo",
                "desk@bhc.demo",
                "Hola",
                "s3@bhc.example",
                "x",
                None,
            ),
            "from",
            "not_a_member",
        ),
    ] {
        let r = inbound(&app, &courier, raw).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{code}: {}",
            r.body
        );
        let j = r.json();
        assert_eq!(
            (
                j["errors"][0]["field"].as_str(),
                j["errors"][0]["code"].as_str()
            ),
            (Some(field), Some(code))
        );
    }
    assert_eq!(stored(&app).await, before, "nothing stored");
    assert_eq!(
        count(&app, "inbound_emails").await,
        logged + 5,
        "every refusal logged"
    );
    let (reason, cluster): (String, Option<i64>) =
        q!("SELECT reason, cluster_id FROM inbound_emails WHERE message_id = 's1@nowhere.example'")
            .one(&app.db)
            .await
            .expect("logged");
    assert_eq!(reason, "from: unknown_sender (stranger@nowhere.example)");
    assert_eq!(cluster, Some(app.cluster_id("bhc").await));
    // Staff read the log, with the reason.
    let staff = app.login("staff@bhc.demo").await;
    let page = app.get(&staff, "/c/bhc/desk/inbound").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("stranger@nowhere.example") && page.body.contains("unknown_sender"));
    // The same garbage again is recognised, not logged twice.
    let r = inbound(&app, &courier, b"this is not an e-mail at all".to_vec()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["code"], "already_refused");
    assert_eq!(
        r.json()["errors"][0]["detail"],
        "message: malformed_headers"
    );
    assert_eq!(count(&app, "inbound_emails").await, logged + 5);
}

#[tokio::test]
async fn the_same_message_twice_opens_one_request_and_replies_join_the_thread() {
    let app = TestApp::demo().await;
    let courier = app.token("staff@bhc.demo").await;
    let raw = email(
        "member@bhc.demo",
        "desk+funding@bhc.demo",
        "Convocatoria Hazitek",
        "dup@member.example",
        "¿Encaja nuestro proyecto?",
        None,
    );
    let first = inbound(&app, &courier, raw.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let n = first.json()["number"].as_i64().expect("number");
    let again = inbound(&app, &courier, raw).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["status"], "duplicate");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE message_id = 'dup@member.example'")
            .await,
        1
    );

    // A reply quoting the reference joins the thread (the quoted text stays out).
    let messages = format!(
        "SELECT COUNT(*) FROM request_messages m JOIN requests r ON r.id = m.request_id WHERE r.number = {n} AND r.cluster_id = {}",
        app.cluster_id("bhc").await
    );
    let reply = email(
        "member@bhc.demo",
        "desk@bhc.demo",
        &format!("RE: [BHC-{n}] Convocatoria Hazitek"),
        "reply1@member.example",
        "Os adjunto la memoria.\r\n\r\nEl lunes, BHC escribió:\r\n> ¿Nos enviáis la memoria?",
        Some(("memoria.pdf", &pdf(500))),
    );
    let r = inbound(&app, &courier, reply).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "replied");
    assert_eq!(app.count(&messages).await, 2);
    let staff = app.token("staff@bhc.demo").await;
    let d = app
        .get(&staff, &format!("/api/v1/clusters/bhc/requests/{n}"))
        .await
        .json();
    assert_eq!(d["messages"][1]["body"], "Os adjunto la memoria.");
    assert_eq!(d["attachments"][0]["filename"], "memoria.pdf");

    // Someone who may not see that request cannot write into it.
    other_member(&app, "otra@bhc.demo", None).await;
    let intruder = email(
        "otra@bhc.demo",
        "desk@bhc.demo",
        &format!("Re: [BHC-{n}]"),
        "intruder@other.example",
        "Hola",
        None,
    );
    let r = inbound(&app, &courier, intruder).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["code"], "unknown_request");
    assert_eq!(app.count(&messages).await, 2);
}

#[tokio::test]
async fn the_maildir_intake_handles_new_messages_and_moves_them_to_cur() {
    let app = TestApp::demo().await;
    let dir = std::env::temp_dir().join(format!("clusterhub-maildir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("new")).expect("maildir");
    let ok = email(
        "member@bhc.demo",
        "desk@bhc.demo",
        "Desde el Maildir",
        "maildir@member.example",
        "Hola.",
        None,
    );
    std::fs::write(dir.join("new/1.eml"), &ok).expect("write");
    std::fs::write(dir.join("new/2.eml"), &ok).expect("write");
    std::fs::write(dir.join("new/3.eml"), b"garbage").expect("write");
    let state = clusterhub_web::AppState::new(app.db.clone());
    let report = clusterhub_web::notify::intake_maildir(&state, &dir)
        .await
        .expect("intake");
    assert_eq!(
        (
            report.opened,
            report.duplicates,
            report.refused,
            report.failed
        ),
        (1, 1, 1, 0),
        "{:?}",
        report.lines
    );
    assert!(
        report.lines[0].starts_with("1.eml: opened BHC-"),
        "{:?}",
        report.lines
    );
    assert_eq!(std::fs::read_dir(dir.join("new")).expect("new").count(), 0);
    let mut cur: Vec<String> = std::fs::read_dir(dir.join("cur"))
        .expect("cur")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    cur.sort();
    assert_eq!(cur, vec!["1.eml:2,S", "2.eml:2,S", "3.eml:2,S"]);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Who sees what

#[tokio::test]
async fn a_partner_sees_only_the_requests_handed_to_it() {
    let app = TestApp::demo().await;
    let cid = app.cluster_id("bhc").await;
    let (partner_org,): (i64,) = q!("SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'partner-tc@bhc.demo'")
        .one(&app.db)
        .await
        .expect("partner user of the demo");
    let member_api = app.token("member@bhc.demo").await;
    let handed = open_api(
        &app,
        &member_api,
        "mdr-ivdr",
        "Ensayos de verificación",
        None,
    )
    .await;
    let kept = open_api(&app, &member_api, "funding", "Secreto financiero", None).await;
    let member = app.login("member@bhc.demo").await;
    post_multipart(
        &app,
        &member,
        &format!("/c/bhc/desk/requests/{handed}/messages"),
        &[("body", "Plano adjunto")],
        &[("attachments", "plano.pdf", &pdf(64))],
    )
    .await;
    post_multipart(
        &app,
        &member,
        &format!("/c/bhc/desk/requests/{kept}/messages"),
        &[("body", "Balance adjunto")],
        &[("attachments", "balance.pdf", &pdf(64))],
    )
    .await;
    let staff = app.login("staff@bhc.demo").await;
    post_multipart(
        &app,
        &staff,
        &format!("/c/bhc/desk/requests/{handed}/messages"),
        &[
            ("body", "Nota: el centro ya conoce a esta empresa"),
            ("internal", "1"),
        ],
        &[],
    )
    .await;
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/desk/requests/{handed}/triage"),
            &[
                ("status", "open"),
                ("service", "mdr-ivdr"),
                ("assignee", ""),
                ("partner", &partner_org.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (status,): (String,) = q!(
        "SELECT status FROM requests WHERE cluster_id = $1 AND number = $2",
        cid,
        handed
    )
    .one(&app.db)
    .await
    .expect("status");
    assert_eq!(status, "with_partner");

    let partner = app.login("partner-tc@bhc.demo").await;
    // The list: exactly the requests handed to the partner's organisation.
    let handed_all: Vec<(i64,)> = q!("SELECT number FROM requests WHERE cluster_id = $1 AND partner_organisation_id = $2 ORDER BY number", cid, partner_org)
        .all(&app.db)
        .await
        .expect("handed");
    let list = app.get(&partner, "/c/bhc/desk").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.body.matches("<tr id=\"request-").count(),
        handed_all.len(),
        "one row per handed request"
    );
    assert!(
        list.body.contains("Ensayos de verificación") && !list.body.contains("Secreto financiero")
    );
    let api = app.token("partner-tc@bhc.demo").await;
    let items = app.get(&api, "/api/v1/clusters/bhc/requests").await.json();
    let numbers: Vec<i64> = items["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["number"].as_i64())
        .collect();
    let mut want: Vec<i64> = handed_all.iter().map(|r| r.0).collect();
    want.sort_unstable();
    let mut got = numbers.clone();
    got.sort_unstable();
    assert_eq!(got, want);

    // The handed request: thread and files, but not the staff's internal note.
    let page = app
        .get(&partner, &format!("/c/bhc/desk/requests/{handed}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Plano adjunto") && !page.body.contains("el centro ya conoce"));
    let d = app
        .get(&api, &format!("/api/v1/clusters/bhc/requests/{handed}"))
        .await
        .json();
    let href = d["attachments"][0]["href"]
        .as_str()
        .expect("file")
        .to_string();
    assert_eq!(app.get(&api, &href).await.status, StatusCode::OK);
    assert!(!d.to_string().contains("el centro ya conoce"));
    // It can answer there.
    let r = post_multipart(
        &app,
        &partner,
        &format!("/c/bhc/desk/requests/{handed}/messages"),
        &[("body", "Podemos hacer los ensayos.")],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Any other request: not found, with its files, by page and by API.
    let (kept_file,): (i64,) = q!("SELECT a.id FROM request_attachments a JOIN requests r ON r.id = a.request_id WHERE r.cluster_id = $1 AND r.number = $2", cid, kept)
        .one(&app.db)
        .await
        .expect("file");
    for path in [
        format!("/c/bhc/desk/requests/{kept}"),
        format!("/c/bhc/desk/requests/{kept}/attachments/{kept_file}"),
        format!("/api/v1/clusters/bhc/requests/{kept}"),
        format!("/api/v1/clusters/bhc/requests/{kept}/attachments/{kept_file}"),
    ] {
        let r = app.get(&api, &path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("Secreto financiero"));
    }
    let r = post_multipart(
        &app,
        &partner,
        &format!("/c/bhc/desk/requests/{kept}/messages"),
        &[("body", "x")],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // No staff actions, and the staff pages of the desk stay closed.
    let r = app
        .post_form(
            &partner,
            &format!("/c/bhc/desk/requests/{handed}/close"),
            &[("outcome", "resolved")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&partner, "/c/bhc/desk/inbound").await.status,
        StatusCode::FORBIDDEN
    );
    // The investor partner of the demo, acting for no organisation, sees no request at all.
    let investor = app.token("partner@bhc.demo").await;
    assert_eq!(
        app.get(
            &investor,
            &format!("/api/v1/clusters/bhc/requests/{handed}")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn members_see_their_organisations_requests_only_and_never_another_clusters() {
    let app = TestApp::demo().await;
    let other_org = other_member(&app, "otra@bhc.demo", None).await;
    let mine = open_api(
        &app,
        &app.token("member@bhc.demo").await,
        "talent",
        "Perfil de calidad",
        None,
    )
    .await;
    let theirs = open_api(
        &app,
        &app.token("otra@bhc.demo").await,
        "funding",
        "Nuestra ronda confidencial",
        None,
    )
    .await;
    let member = app.token("member@bhc.demo").await;
    let list = app
        .get(&member, "/api/v1/clusters/bhc/requests")
        .await
        .json();
    let org = member_org(&app).await;
    let items = list["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|i| i["organisation"]["id"] == org),
        "only its organisation's"
    );
    assert!(items.iter().any(|i| i["number"] == mine));
    assert!(!list.to_string().contains("Nuestra ronda confidencial"));
    assert_eq!(
        app.get(&member, &format!("/api/v1/clusters/bhc/requests/{theirs}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let browser = app.login("member@bhc.demo").await;
    let page = app
        .get(&browser, &format!("/c/bhc/desk/requests/{theirs}"))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let mine_page = app.get(&browser, "/c/bhc/desk/mine").await;
    assert!(
        mine_page.body.contains("Perfil de calidad") && !mine_page.body.contains("Nuestra ronda")
    );
    // The queue is for staff: a member is sent to its own requests, another cluster's desk
    // refuses it.
    assert_eq!(
        app.get(&browser, "/c/bhc/desk").await.location(),
        "/c/bhc/desk/mine"
    );
    let other = app.token("otra@bhc.demo").await;
    assert!(
        app.get(&other, "/api/v1/clusters/bhc/requests")
            .await
            .json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["organisation"]["id"] == other_org)
    );
    for path in [
        "/api/v1/clusters/cpb/requests",
        "/api/v1/clusters/cpb/requests/1",
    ] {
        assert_eq!(
            app.get(&member, path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let cpb_member = app.token("member@cpb.demo").await;
    assert_eq!(
        app.get(
            &cpb_member,
            &format!("/api/v1/clusters/bhc/requests/{mine}")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // Staff of another cluster neither.
    let cpb_staff = app.token("staff@cpb.demo").await;
    let r = app.get(&cpb_staff, "/api/v1/clusters/bhc/requests").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn internal_notes_stay_with_staff() {
    let app = TestApp::demo().await;
    let member_api = app.token("member@bhc.demo").await;
    let n = open_api(&app, &member_api, "other", "Una presentación", None).await;
    let staff = app.login("staff@bhc.demo").await;
    let r = post_multipart(
        &app,
        &staff,
        &format!("/c/bhc/desk/requests/{n}/messages"),
        &[("body", "Ojo: esta empresa debe cuotas"), ("internal", "1")],
        &[("attachments", "deuda.csv", b"importe\n1200\n")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let staff_api = app.token("staff@bhc.demo").await;
    let d = app
        .get(&staff_api, &format!("/api/v1/clusters/bhc/requests/{n}"))
        .await
        .json();
    assert_eq!(d["messages"][1]["internal"], true);
    let note_file = d["attachments"][0]["id"].as_i64().expect("file");
    // The member sees neither the note nor its file.
    let d = app
        .get(&member_api, &format!("/api/v1/clusters/bhc/requests/{n}"))
        .await
        .json();
    assert_eq!(d["messages"].as_array().map(Vec::len), Some(1));
    assert!(!d.to_string().contains("cuotas") && !d.to_string().contains("deuda.csv"));
    let member = app.login("member@bhc.demo").await;
    let page = app.get(&member, &format!("/c/bhc/desk/requests/{n}")).await;
    assert!(!page.body.contains("cuotas") && !page.body.contains("deuda.csv"));
    assert!(
        !page.body.contains("id=\"internal\""),
        "no internal checkbox for members"
    );
    assert_eq!(
        app.get(
            &member,
            &format!("/c/bhc/desk/requests/{n}/attachments/{note_file}")
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Nor may it write one.
    let r = app
        .send_json(
            &member_api,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/messages"),
            r#"{"body":"secreto","internal":true}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

// ---------------------------------------------------------------------------------------------
// Closing, the scorecard, ratings

#[tokio::test]
async fn closing_logs_one_support_activity_and_moves_the_regulatory_indicator() {
    let app = TestApp::demo().await;
    let cid = app.cluster_id("bhc").await;
    let year = time::OffsetDateTime::now_utc().year();
    // A member without regulatory support this year.
    let (org,): (i64,) = q!(
        "SELECT m.organisation_id FROM memberships m WHERE m.cluster_id = $1 AND m.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM activity_organisations x JOIN activities a ON a.id = x.activity_id
                         WHERE x.organisation_id = m.organisation_id AND a.kind = 'support' AND a.subtype = 'regulatory' AND a.starts_on >= $2)
         ORDER BY m.organisation_id LIMIT 1",
        cid,
        format!("{year}-01-01")
    )
    .one(&app.db)
    .await
    .expect("a member not yet supported");
    let staff = app.token("staff@bhc.demo").await;
    let period = year.to_string();
    let before = indicator(&app, &staff, "OP-REG-1", &period).await;
    let n = open_api(&app, &staff, "mdr-ivdr", "Clase de un software", Some(org)).await;
    let activities = count(&app, "activities").await;

    let r = app
        .send_json(&staff, "POST", &format!("/api/v1/clusters/bhc/requests/{n}/close"), r#"{"outcome":"resolved","note":"Clase IIa; enviado el contacto del organismo notificado."}"#)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let closed = r.json();
    assert_eq!(
        (closed["status"].as_str(), closed["outcome"].as_str()),
        (Some("closed"), Some("resolved"))
    );
    let aid = closed["activity_id"].as_i64().expect("activity");
    let (kind, subtype, linked): (String, Option<String>, i64) = q!(
        "SELECT a.kind, a.subtype, x.organisation_id FROM activities a JOIN activity_organisations x ON x.activity_id = a.id WHERE a.id = $1 AND a.cluster_id = $2",
        aid,
        cid
    )
    .one(&app.db)
    .await
    .expect("support activity");
    assert_eq!(
        (kind.as_str(), subtype.as_deref(), linked),
        ("support", Some("regulatory"), org)
    );
    assert_eq!(count(&app, "activities").await, activities + 1);
    assert_eq!(
        indicator(&app, &staff, "OP-REG-1", &period).await,
        before + 1.0,
        "one more member supported"
    );

    // Closing again is refused; reopening and closing again keeps one activity.
    let again = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/close"),
            r#"{"outcome":"resolved"}"#,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/reopen"),
            "{}",
        )
        .await;
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (StatusCode::OK, Some("open"))
    );
    let r = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/close"),
            r#"{"outcome":"referred"}"#,
        )
        .await;
    assert_eq!(
        r.json()["activity_id"].as_i64(),
        Some(aid),
        "the same activity"
    );
    assert_eq!(count(&app, "activities").await, activities + 1);
    assert_eq!(
        indicator(&app, &staff, "OP-REG-1", &period).await,
        before + 1.0
    );
    // Withdrawn: no support given, the activity goes.
    app.send_json(
        &staff,
        "POST",
        &format!("/api/v1/clusters/bhc/requests/{n}/reopen"),
        "{}",
    )
    .await;
    let r = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/close"),
            r#"{"outcome":"withdrawn"}"#,
        )
        .await;
    assert_eq!(r.json()["activity_id"], serde_json::Value::Null);
    assert_eq!(count(&app, "activities").await, activities);
    assert_eq!(indicator(&app, &staff, "OP-REG-1", &period).await, before);
    // Closed through the page this time, then the request deleted: the activity goes with it.
    app.send_json(
        &staff,
        "POST",
        &format!("/api/v1/clusters/bhc/requests/{n}/reopen"),
        "{}",
    )
    .await;
    let page = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &page,
            &format!("/c/bhc/desk/requests/{n}/close"),
            &[("outcome", "resolved"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        indicator(&app, &staff, "OP-REG-1", &period).await,
        before + 1.0
    );
    let r = app
        .post_form(&page, &format!("/c/bhc/desk/requests/{n}/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count(&app, "activities").await, activities);
    assert_eq!(indicator(&app, &staff, "OP-REG-1", &period).await, before);
}

#[tokio::test]
async fn only_the_requesting_organisation_rates_and_only_once_closed() {
    let app = TestApp::demo().await;
    other_member(&app, "otra@bhc.demo", None).await;
    let member_api = app.token("member@bhc.demo").await;
    let n = open_api(&app, &member_api, "talent", "Prácticas", None).await;
    let rate = |b: Browser, body: &'static str| {
        let app = &app;
        async move {
            app.send_json(
                &b,
                "POST",
                &format!("/api/v1/clusters/bhc/requests/{n}/rating"),
                body,
            )
            .await
        }
    };
    let r = rate(member_api.clone(), r#"{"rating":4}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["code"], "not_closed");
    let staff = app.token("staff@bhc.demo").await;
    app.send_json(
        &staff,
        "POST",
        &format!("/api/v1/clusters/bhc/requests/{n}/close"),
        r#"{"outcome":"resolved"}"#,
    )
    .await;
    for bad in [
        r#"{"rating":0}"#,
        r#"{"rating":6}"#,
        r#"{"rating":"muy bien"}"#,
    ] {
        let r = rate(member_api.clone(), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(r.json()["errors"][0]["field"], "rating");
    }
    assert_eq!(
        rate(app.token("otra@bhc.demo").await, r#"{"rating":1}"#)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rate(staff.clone(), r#"{"rating":1}"#).await.status,
        StatusCode::FORBIDDEN
    );
    let (rating,): (Option<i64>,) = q!(
        "SELECT rating FROM requests WHERE number = $1 AND cluster_id = $2",
        n,
        app.cluster_id("bhc").await
    )
    .one(&app.db)
    .await
    .expect("request");
    assert_eq!(rating, None, "refused ratings change nothing");

    // On "My requests", in the member's language.
    let member = app.login("member@bhc.demo").await;
    let mine = app.get(&member, "/c/bhc/desk/mine").await;
    assert!(mine.body.contains(&format!("id=\"rate-{n}\"")));
    let r = app
        .post_form(
            &member,
            &format!("/c/bhc/desk/requests/{n}/rating"),
            &[("rating", "7"), ("comment", "¡Genial!"), ("back", "mine")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Fuera del rango permitido") && r.body.contains("value=\"¡Genial!\""));
    let r = app
        .post_form(
            &member,
            &format!("/c/bhc/desk/requests/{n}/rating"),
            &[("rating", "5"), ("comment", "Muy útil"), ("back", "mine")],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location()),
        (303, "/c/bhc/desk/mine?rated=1")
    );
    let (rating, comment): (Option<i64>, Option<String>) = q!(
        "SELECT rating, rating_comment FROM requests WHERE number = $1 AND cluster_id = $2",
        n,
        app.cluster_id("bhc").await
    )
    .one(&app.db)
    .await
    .expect("request");
    assert_eq!((rating, comment.as_deref()), (Some(5), Some("Muy útil")));
    let staff_page = app.login("staff@bhc.demo").await;
    let queue = app.get(&staff_page, "/c/bhc/desk?status=closed").await;
    assert!(queue.body.contains("id=\"desk-stats\""));
}

// ---------------------------------------------------------------------------------------------
// Staff: the queue, triage, the catalogue

#[tokio::test]
async fn staff_triage_from_the_queue_and_keep_the_catalogue() {
    let app = TestApp::demo().await;
    let staff = app.login("staff@bhc.demo").await;
    let queue = app.get(&staff, "/c/bhc/desk").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(
        queue.body.contains("data-overdue=\"yes\""),
        "the demo has overdue requests"
    );
    let overdue = app.get(&staff, "/c/bhc/desk?status=active&overdue=1").await;
    let rows = overdue.body.matches("<tr id=\"request-").count();
    assert!(
        rows > 0 && rows == overdue.body.matches("data-overdue=\"yes\"").count(),
        "only overdue rows"
    );
    let funding = app
        .get(&staff, "/c/bhc/desk?status=all&service=funding")
        .await;
    assert!(
        !funding
            .body
            .contains("Asesoría regulatoria (MDR/IVDR)</td>")
    );

    // Triage: assign, refuse an assignee who is not staff, change the service (new due time).
    let n = open_api(
        &app,
        &app.token("member@bhc.demo").await,
        "other",
        "Consulta",
        None,
    )
    .await;
    let (staff_id,): (i64,) = q!("SELECT id FROM users WHERE email = 'staff@bhc.demo'")
        .one(&app.db)
        .await
        .expect("staff");
    let (member_id,): (i64,) = q!("SELECT id FROM users WHERE email = 'member@bhc.demo'")
        .one(&app.db)
        .await
        .expect("member");
    let path = format!("/c/bhc/desk/requests/{n}/triage");
    let r = app
        .post_form(
            &staff,
            &path,
            &[
                ("status", "open"),
                ("service", "other"),
                ("assignee", &member_id.to_string()),
                ("partner", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("No forma parte del equipo de este clúster"));
    let r = app
        .post_form(
            &staff,
            &path,
            &[
                ("status", "waiting_member"),
                ("service", "data-biobanks"),
                ("assignee", &staff_id.to_string()),
                ("partner", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let api = app.token("staff@bhc.demo").await;
    let d = app
        .get(&api, &format!("/api/v1/clusters/bhc/requests/{n}"))
        .await
        .json();
    assert_eq!(
        (d["status"].as_str(), d["service"]["code"].as_str()),
        (Some("waiting_member"), Some("data-biobanks"))
    );
    assert_eq!(d["assignee"]["id"], staff_id);
    let opened =
        clusterhub_core::desk::parse_stamp(d["opened_at"].as_str().unwrap_or("")).expect("opened");
    let due = clusterhub_core::desk::parse_stamp(d["due_at"].as_str().unwrap_or("")).expect("due");
    assert_eq!(
        (due - opened).whole_hours(),
        168,
        "the data service's answer time"
    );
    // The member's answer puts it back to open; staff's first answer is the first response.
    let member_api = app.token("member@bhc.demo").await;
    app.send_json(
        &member_api,
        "POST",
        &format!("/api/v1/clusters/bhc/requests/{n}/messages"),
        r#"{"body":"Aquí tenéis los datos."}"#,
    )
    .await;
    let d = app
        .get(&api, &format!("/api/v1/clusters/bhc/requests/{n}"))
        .await
        .json();
    assert_eq!(d["status"], "open");
    assert_eq!(d["first_response_at"], serde_json::Value::Null);
    let r = app
        .send_json(
            &api,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/messages"),
            r#"{"body":"Gracias, lo miramos."}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(r.json()["first_response_at"].is_string());
    // Resources of the cluster's maps can be linked; another cluster's cannot.
    let (resource, resource_name): (i64, String) = q!(
        "SELECT id, name FROM resources WHERE cluster_id = $1 ORDER BY id LIMIT 1",
        app.cluster_id("bhc").await
    )
    .one(&app.db)
    .await
    .expect("a resource of BHC's maps");
    let (foreign,): (i64,) = q!(
        "SELECT id FROM resources WHERE cluster_id = $1 ORDER BY id LIMIT 1",
        app.cluster_id("cpb").await
    )
    .one(&app.db)
    .await
    .expect("a resource of CPB's maps");
    let link = format!("/c/bhc/desk/requests/{n}/resources");
    let r = app
        .post_form(&staff, &link, &[("resource", &resource.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_form(&staff, &link, &[("resource", &foreign.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let d = app
        .get(&member_api, &format!("/api/v1/clusters/bhc/requests/{n}"))
        .await
        .json();
    assert_eq!(d["resources"].as_array().map(Vec::len), Some(1));
    assert_eq!(d["resources"][0]["name"], resource_name.as_str());
    // PATCH: only what is sent changes.
    let r = app
        .send_json(
            &api,
            "PATCH",
            &format!("/api/v1/clusters/bhc/requests/{n}"),
            r#"{"assignee_user_id":null}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (
            r.json()["assignee"].is_null(),
            r.json()["service"]["code"].as_str()
        ),
        (true, Some("data-biobanks"))
    );

    // The catalogue: a new service in two languages, refused input kept, members cannot edit.
    let r = app
        .post_form(
            &staff,
            "/c/bhc/desk/services",
            &[
                ("code", "Mal Código"),
                ("area", "legal"),
                ("sla_hours", "0"),
                ("name_es", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["code", "area", "sla_hours"] {
        assert!(r.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(r.body.contains("value=\"Mal Código\""));
    let r = app
        .post_form(
            &staff,
            "/c/bhc/desk/services",
            &[
                ("code", "propiedad-industrial"),
                ("area", "commercialisation"),
                ("sla_hours", "96"),
                ("active", "1"),
                ("name_es", "Propiedad industrial"),
                ("name_eu", "Jabetza industriala"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let member = app.login("member@bhc.demo").await;
    let mine = app.get(&member, "/c/bhc/desk/mine?lang=eu").await;
    assert!(mine.body.contains("Jabetza industriala"));
    let r = app
        .post_form(
            &member,
            "/c/bhc/desk/services",
            &[
                ("code", "x"),
                ("area", "other"),
                ("sla_hours", "1"),
                ("name_es", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let services = app.get(&api, "/api/v1/clusters/bhc/services").await.json();
    assert!(
        services["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|s| s["code"] == "propiedad-industrial" && s["sla_hours"] == 96)
    );
    // The desk address: unique across clusters.
    let r = app
        .post_form(
            &staff,
            "/c/bhc/desk/settings",
            &[("desk_email", "desk@cpb.demo")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

// ---------------------------------------------------------------------------------------------
// Notifications

#[tokio::test]
async fn the_people_concerned_are_told_by_email_in_their_language() {
    let smtp = SmtpServer::start();
    let app = TestApp::demo().await.with_mailer(
        Mailer::from_url(&smtp.url())
            .expect("mailer")
            .with_public_url("https://hub.example"),
    );
    let cid = app.cluster_id("bhc").await;
    // A second staff member who reads French, and a member user who reads English.
    let (hash,): (String,) = q!("SELECT password_hash FROM users WHERE email = 'staff@bhc.demo'")
        .one(&app.db)
        .await
        .expect("hash");
    let mut tx = app.db.begin().await.expect("begin");
    let colleague = clusterhub_db::users::upsert(&mut tx, "amaia@bhc.demo", "Amaia", &hash, false)
        .await
        .expect("user");
    clusterhub_db::users::set_role(
        &mut tx,
        colleague,
        cid,
        clusterhub_core::model::Role::Staff,
        None,
    )
    .await
    .expect("role");
    tx.commit().await.expect("commit");
    clusterhub_db::users::set_locale(&app.db, colleague, "fr")
        .await
        .expect("locale");
    let org = member_org(&app).await;
    app.member_user("ane@member.example", "bhc", org, Some("en"))
        .await;

    // Opened (by the member): every staff member, each in their language.
    let member = app.login("ane@member.example").await;
    let r = post_multipart(
        &app,
        &member,
        "/c/bhc/desk/requests",
        &[
            ("service", "mdr-ivdr"),
            ("subject", "Clase IIa"),
            ("body", "¿Qué organismo notificado?"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let n = number_from(r.location());
    let reference = format!("[BHC-{n}]");
    let mails = smtp.messages();
    let to_staff = mails
        .iter()
        .find(|m| m.to.contains("staff@bhc.demo"))
        .expect("staff told");
    assert_eq!(
        to_staff.subject,
        format!("{reference} Nueva solicitud: Clase IIa")
    );
    assert!(
        to_staff.text.contains("¿Qué organismo notificado?")
            && to_staff
                .text
                .contains(&format!("https://hub.example/c/bhc/desk/requests/{n}"))
    );
    assert!(to_staff.html.contains("lang=\"es\""));
    let to_colleague = mails
        .iter()
        .find(|m| m.to.contains("amaia@bhc.demo"))
        .expect("colleague told");
    assert_eq!(
        to_colleague.subject,
        format!("{reference} Nouvelle demande : Clase IIa")
    );
    assert!(
        !mails.iter().any(|m| m.to.contains("ane@member.example")),
        "not told of one's own request"
    );

    // Assigned: the colleague, in French.
    let staff = app.login("staff@bhc.demo").await;
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/desk/requests/{n}/triage"),
            &[
                ("status", "open"),
                ("service", "mdr-ivdr"),
                ("assignee", &colleague.to_string()),
                ("partner", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mails = smtp.messages();
    assert!(mails.iter().any(|m| m.to.contains("amaia@bhc.demo")
        && m.subject == format!("{reference} Demande qui vous est attribuée : Clase IIa")));

    // A staff answer: the member, in English; an internal note: staff only.
    let before = smtp.messages().len();
    post_multipart(
        &app,
        &staff,
        &format!("/c/bhc/desk/requests/{n}/messages"),
        &[("body", "Os recomendamos dos organismos.")],
        &[],
    )
    .await;
    post_multipart(
        &app,
        &staff,
        &format!("/c/bhc/desk/requests/{n}/messages"),
        &[("body", "Nota: preguntar a Amaia"), ("internal", "1")],
        &[],
    )
    .await;
    let mails = smtp.messages();
    let new: Vec<_> = mails[before..].iter().collect();
    let to_member: Vec<_> = new
        .iter()
        .filter(|m| m.to.contains("ane@member.example"))
        .collect();
    assert_eq!(to_member.len(), 1, "{new:?}");
    assert_eq!(
        to_member[0].subject,
        format!("{reference} New message: Clase IIa")
    );
    assert!(
        to_member[0]
            .text
            .contains("Os recomendamos dos organismos.")
    );
    let note: Vec<_> = new
        .iter()
        .filter(|m| m.text.contains("preguntar a Amaia"))
        .collect();
    assert!(
        !note.is_empty() && note.iter().all(|m| m.to.contains("amaia@bhc.demo")),
        "the note reaches the colleague in charge only"
    );

    // The member turns off the "closed" e-mail: closing sends it nothing.
    let r = app.get(&member, "/account/notifications").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"event-request_closed\""));
    let r = app
        .post_form(
            &member,
            "/account/notifications",
            &[
                ("event", "request_opened"),
                ("event", "request_assigned"),
                ("event", "request_partner"),
                ("event", "request_message"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(&member, "/account/notifications").await;
    assert!(
        page.body.contains("value=\"request_message\" checked")
            && !page.body.contains("value=\"request_closed\" checked")
    );
    let before = smtp.messages().len();
    let r = app
        .post_form(
            &staff,
            &format!("/c/bhc/desk/requests/{n}/close"),
            &[("outcome", "resolved"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !smtp.messages()[before..]
            .iter()
            .any(|m| m.to.contains("ane@member.example")),
        "turned off"
    );
    // Turned on again, the next closing reaches the member with the link to rate.
    app.post_form(
        &member,
        "/account/notifications",
        &[("event", "request_closed")],
    )
    .await;
    app.post_form(&staff, &format!("/c/bhc/desk/requests/{n}/reopen"), &[])
        .await;
    app.post_form(
        &staff,
        &format!("/c/bhc/desk/requests/{n}/close"),
        &[
            ("outcome", "referred"),
            ("note", "Os hemos puesto en contacto con el organismo."),
        ],
    )
    .await;
    let mails = smtp.messages();
    let closed = mails
        .iter()
        .find(|m| m.to.contains("ane@member.example") && m.subject.contains("Closed"))
        .expect("closed e-mail");
    assert_eq!(closed.subject, format!("{reference} Closed: Clase IIa"));
    assert!(
        closed.text.contains("Referred")
            && closed
                .text
                .contains(&format!("/c/bhc/desk/requests/{n}#rating"))
    );
    assert!(closed.text.contains("Os hemos puesto en contacto"));
    assert_eq!(closed.content_type, "multipart/alternative");
}

#[tokio::test]
async fn a_failing_relay_does_not_fail_the_request() {
    // Nothing listens on this port: every e-mail fails, every write still succeeds.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let app = TestApp::demo()
        .await
        .with_mailer(Mailer::from_url(&format!("smtp://127.0.0.1:{port}")).expect("mailer"));
    let member = app.login("member@bhc.demo").await;
    let r = post_multipart(
        &app,
        &member,
        "/c/bhc/desk/requests",
        &[("service", "other"), ("subject", "Hola"), ("body", "x")],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// Staff may still tidy the activity log: deleting the support activity of a closed request
/// leaves the request closed, pointing at nothing.
#[tokio::test]
async fn deleting_a_requests_activity_from_the_log_keeps_the_request() {
    let app = TestApp::demo().await;
    let staff = app.token("staff@bhc.demo").await;
    let org = member_org(&app).await;
    let n = open_api(&app, &staff, "mdr-ivdr", "Borrar del registro", Some(org)).await;
    let closed = app
        .send_json(
            &staff,
            "POST",
            &format!("/api/v1/clusters/bhc/requests/{n}/close"),
            r#"{"outcome":"resolved","note":"Hecho."}"#,
        )
        .await
        .json();
    let aid = closed["activity_id"].as_i64().expect("activity");
    let r = app
        .send_json(
            &staff,
            "DELETE",
            &format!("/api/v1/clusters/bhc/activities/{aid}"),
            "",
        )
        .await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    let after = app
        .get(&staff, &format!("/api/v1/clusters/bhc/requests/{n}"))
        .await
        .json();
    assert_eq!(after["status"], "closed");
    assert!(after["activity_id"].is_null(), "{after}");
}
