//! TestApp: a freshly migrated and seeded database and the application router, driven in-process
//! through tower (the same router `serve` runs).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use clusterhub_db::{Db, q};
use clusterhub_web::AppState;
use tower::ServiceExt;

pub struct TestApp {
    pub db: Db,
    pub router: axum::Router,
    _dir: Option<std::path::PathBuf>,
}

pub struct Res {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent, for files.
    pub raw: Vec<u8>,
}

impl Res {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A signed-in (or anonymous) browser: its cookies and CSRF token.
#[derive(Clone, Default)]
pub struct Browser {
    pub cookies: String,
    pub csrf: String,
    pub bearer: Option<String>,
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        t % 1_000_000_000,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

impl TestApp {
    /// Empty, migrated database.
    pub async fn empty() -> TestApp {
        let (url, dir) = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!("ch_{}", unique());
                let admin_db = Db::open(&admin)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                q!(format!("CREATE DATABASE {name}"))
                    .run(&admin_db)
                    .await
                    .expect("create test database");
                admin_db.close().await;
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                (format!("{base}/{name}"), None)
            }
            _ => {
                let dir = std::env::temp_dir().join(format!("clusterhub-test-{}", unique()));
                std::fs::create_dir_all(&dir).expect("temp dir");
                (format!("sqlite://{}/test.db", dir.display()), Some(dir))
            }
        };
        let db = Db::connect(&url).await.expect("connect");
        let router = clusterhub_web::app(AppState::new(db.clone()));
        TestApp {
            db,
            router,
            _dir: dir,
        }
    }

    /// Database with the three demo clusters.
    pub async fn demo() -> TestApp {
        let app = TestApp::empty().await;
        clusterhub::demo::seed(&app.db).await.expect("seed demo");
        app
    }

    pub async fn request(
        &self,
        b: &Browser,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Res {
        let mut req = Request::builder().method(method).uri(path);
        if !b.cookies.is_empty() {
            req = req.header(header::COOKIE, &b.cookies);
        }
        if !b.csrf.is_empty() {
            // Our pages send it on API writes made with the session cookie.
            req = req.header("x-csrf-token", &b.csrf);
        }
        if let Some(t) = &b.bearer {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let req = req.body(Body::from(body)).expect("request");
        let res = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024)
            .await
            .expect("body");
        Res {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            raw: bytes.to_vec(),
        }
    }

    pub async fn get(&self, b: &Browser, path: &str) -> Res {
        self.request(b, "GET", path, None, Vec::new()).await
    }

    /// Posts a form; the browser's CSRF token is added unless the form has one.
    pub async fn post_form(&self, b: &Browser, path: &str, fields: &[(&str, &str)]) -> Res {
        let mut body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        if !fields.iter().any(|(k, _)| *k == "csrf") {
            body.push(format!("csrf={}", b.csrf));
        }
        self.request(
            b,
            "POST",
            path,
            Some("application/x-www-form-urlencoded"),
            body.join("&").into_bytes(),
        )
        .await
    }

    /// Posts a multipart form with text fields and one file, as a browser's file upload does.
    pub async fn post_multipart(
        &self,
        b: &Browser,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Res {
        let boundary = "----clusterhub-test-boundary";
        let mut body = Vec::new();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if !fields.iter().any(|(k, _)| *k == "csrf") {
            all.push(("csrf", &b.csrf));
        }
        for (k, v) in all {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .into_bytes(),
            );
        }
        let (name, filename, bytes) = file;
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes());
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        self.request(b, "POST", path, Some(&ct), body).await
    }

    pub async fn send_json(&self, b: &Browser, method: &str, path: &str, json: &str) -> Res {
        self.request(
            b,
            method,
            path,
            Some("application/json"),
            json.as_bytes().to_vec(),
        )
        .await
    }

    /// A browser that has visited a page (so it holds a CSRF cookie) but is not signed in.
    pub async fn anonymous(&self) -> Browser {
        let r = self.get(&Browser::default(), "/login").await;
        let csrf = cookie_value(&r, clusterhub_web::auth::CSRF_COOKIE).expect("csrf cookie issued");
        Browser {
            cookies: format!("{}={csrf}", clusterhub_web::auth::CSRF_COOKIE),
            csrf,
            bearer: None,
        }
    }

    pub async fn login(&self, email: &str) -> Browser {
        let mut b = self.anonymous().await;
        let r = self
            .post_form(
                &b,
                "/login",
                &[("email", email), ("password", clusterhub::demo::PASSWORD)],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login of {email} failed: {}",
            r.body
        );
        let session =
            cookie_value(&r, clusterhub_web::auth::SESSION_COOKIE).expect("session cookie");
        b.cookies = format!(
            "{}; {}={session}",
            b.cookies,
            clusterhub_web::auth::SESSION_COOKIE
        );
        b
    }

    /// An API client authenticated with a fresh token of this user.
    pub async fn token(&self, email: &str) -> Browser {
        let u = clusterhub_db::users::by_email(&self.db, email)
            .await
            .expect("db")
            .expect("user");
        let state = AppState::new(self.db.clone());
        let t = clusterhub_web::auth::create_api_token(&state, u.id, "test")
            .await
            .expect("token");
        Browser {
            bearer: Some(t),
            ..Browser::default()
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        q!(sql).int(&self.db).await.expect("count")
    }

    pub async fn cluster_id(&self, slug: &str) -> i64 {
        clusterhub_db::clusters::by_slug(&self.db, slug)
            .await
            .expect("cluster")
            .id
    }

    /// An organisation that is a member of `slug` only, with the given status.
    pub async fn org_only_in(&self, slug: &str, status: &str) -> (i64, String) {
        let cid = self.cluster_id(slug).await;
        q!(
            "SELECT o.id, o.name FROM organisations o JOIN memberships m ON m.organisation_id = o.id AND m.cluster_id = $1 AND m.status = $2
             WHERE NOT EXISTS (SELECT 1 FROM memberships x WHERE x.organisation_id = o.id AND x.cluster_id <> $1) ORDER BY o.id LIMIT 1",
            cid, status
        )
        .one(&self.db)
        .await
        .expect("organisation")
    }
}

impl TestApp {
    /// The same database served with outgoing e-mail through `mailer`.
    pub fn with_mailer(mut self, mailer: clusterhub_web::mail::Mailer) -> TestApp {
        let mut state = AppState::new(self.db.clone());
        state.mailer = Some(std::sync::Arc::new(mailer));
        self.router = clusterhub_web::app(state);
        self
    }

    /// A member user acting for `org` in cluster `slug`, signing in with the demo password.
    pub async fn member_user(
        &self,
        email: &str,
        slug: &str,
        org: i64,
        locale: Option<&str>,
    ) -> i64 {
        let (hash,): (String,) = q!(
            "SELECT password_hash FROM users WHERE email = $1",
            "member@bhc.demo"
        )
        .one(&self.db)
        .await
        .expect("demo user");
        let cid = self.cluster_id(slug).await;
        let mut tx = self.db.begin().await.expect("begin");
        let id = clusterhub_db::users::upsert(&mut tx, email, email, &hash, false)
            .await
            .expect("user");
        clusterhub_db::users::set_role(
            &mut tx,
            id,
            cid,
            clusterhub_core::model::Role::Member,
            Some(org),
        )
        .await
        .expect("role");
        tx.commit().await.expect("commit");
        if let Some(l) = locale {
            clusterhub_db::users::set_locale(&self.db, id, l)
                .await
                .expect("locale");
        }
        id
    }
}

/// A member organisation for [`TestApp::profiled_member`].
pub struct ProfiledMember<'a> {
    pub name: &'a str,
    pub entity_type: &'a str,
    pub size: &'a str,
    pub territory: &'a str,
    pub subsector: &'a str,
    pub profile: serde_json::Value,
    pub visibility: serde_json::Value,
}

/// Clusters of their own, for tests that count and rank away from the demo's data.
impl TestApp {
    /// The cluster `c` with an "ordinary" typology and these subsectors (named after their codes).
    pub async fn own_cluster(
        &self,
        c: clusterhub_db::clusters::NewCluster<'_>,
        subsectors: &[&str],
    ) -> i64 {
        use clusterhub_core::MultiText;
        use clusterhub_db::clusters;
        let mut tx = self.db.begin().await.expect("begin");
        let cid = clusters::ensure(&mut tx, c).await.expect("cluster");
        clusters::ensure_typology(
            &mut tx,
            cid,
            "ordinary",
            &MultiText::new().with("en", "Ordinary"),
            true,
            "B",
            0,
        )
        .await
        .expect("typology");
        for (i, code) in subsectors.iter().enumerate() {
            clusters::ensure_term(
                &mut tx,
                "subsectors",
                cid,
                code,
                &MultiText::new().with("en", &code.replace('_', " ")),
                i as i64,
            )
            .await
            .expect("subsector");
        }
        tx.commit().await.expect("commit");
        cid
    }

    /// An active member of `cid` (since 2024) with its profile and field visibility.
    pub async fn profiled_member(&self, cid: i64, m: &ProfiledMember<'_>) -> i64 {
        use clusterhub_core::model::MembershipStatus;
        use clusterhub_db::memberships::{self, NewMembership};
        use clusterhub_db::organisations::{self, OrganisationForm};
        let mut tx = self.db.begin().await.expect("begin");
        let input = OrganisationForm {
            name: m.name.into(),
            entity_type: m.entity_type.into(),
            size: m.size.into(),
            territory: m.territory.into(),
            ..Default::default()
        }
        .parse()
        .expect("organisation");
        let org = organisations::insert(&mut tx, Some(cid), None, &input)
            .await
            .expect("insert");
        memberships::insert(
            &mut tx,
            cid,
            None,
            &NewMembership {
                organisation_id: org,
                typology: "ordinary",
                status: MembershipStatus::Active,
                since: Some("2024-01-01".into()),
                subsectors: &[m.subsector.to_string()],
                value_chains: &[],
                application_message: None,
            },
        )
        .await
        .expect("membership");
        q!(
            "INSERT INTO organisation_profiles (organisation_id, profile, visibility, updated_at) VALUES ($1, $2, $3, $4)",
            org,
            m.profile.to_string(),
            m.visibility.to_string(),
            clusterhub_db::now()
        )
        .run(&mut tx)
        .await
        .expect("profile");
        tx.commit().await.expect("commit");
        org
    }

    /// A user of `cid` with `role` (acting for `org`), signed in by API token.
    pub async fn user_with_role(
        &self,
        cid: i64,
        email: &str,
        name: &str,
        role: clusterhub_core::model::Role,
        org: Option<i64>,
    ) -> Browser {
        use clusterhub_db::users;
        let mut tx = self.db.begin().await.expect("begin");
        let uid = users::upsert(&mut tx, email, name, "not-a-hash", false)
            .await
            .expect("user");
        users::set_role(&mut tx, uid, cid, role, org)
            .await
            .expect("role");
        tx.commit().await.expect("commit");
        self.token(email).await
    }
}

/// A real SMTP server for the tests: aiosmtpd (scripts/test installs it) writing every message
/// it accepts to a Maildir. Stopped and removed when dropped.
pub struct SmtpServer {
    child: std::process::Child,
    port: u16,
    dir: std::path::PathBuf,
}

/// One received message, decoded by Python's own e-mail parser.
#[derive(Debug, serde::Deserialize)]
pub struct Mail {
    /// The envelope recipients, as the server saw them.
    pub rcpt: String,
    pub to: String,
    pub subject: String,
    pub content_type: String,
    pub text: String,
    pub html: String,
    /// Every header as received, in order.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

impl Mail {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

const READ_MAILDIR: &str = r#"
import email, json, mailbox, re, sys
from email import policy
box = mailbox.Maildir(sys.argv[1], create=False)
def part(m, kind):
    p = m.get_body((kind,))
    return p.get_content() if p else ""
# Delivery order: Maildir names are "<seconds>.M<microseconds>P<pid>Q<counter>...", and the
# microseconds are not zero-padded, so a plain sort misorders messages of the same second.
def order(key):
    m = re.match(r"(\d+)\.M(\d+)P\d+Q(\d+)", key)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else (0, 0, 0)
for key in sorted(box.keys(), key=order):
    m = email.message_from_bytes(box.get_bytes(key), policy=policy.default)
    print(json.dumps({"rcpt": str(m["X-RcptTo"]), "to": str(m["To"]), "subject": str(m["Subject"]),
                      "content_type": m.get_content_type(), "text": part(m, "plain"), "html": part(m, "html"),
                      "headers": [[k, str(v)] for k, v in m.items()]}))
"#;

impl SmtpServer {
    pub fn start() -> SmtpServer {
        // aiosmtpd makes the Maildir (with its cur/new/tmp) only where nothing exists yet.
        let dir = std::env::temp_dir().join(format!("clusterhub-mail-{}", unique()));
        // A port found free can be taken before the server binds it: try a few.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("free port")
                .port();
            let mut child = std::process::Command::new("python3")
                .args(["-m", "aiosmtpd", "-n", "-l"])
                .arg(format!("127.0.0.1:{port}"))
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                .arg(&dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("python3 (aiosmtpd is installed by scripts/test)");
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            while std::time::Instant::now() < deadline {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return SmtpServer { child, port, dir };
                }
                if child.try_wait().ok().flatten().is_some() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("aiosmtpd did not start: is it installed (python3 -m pip install aiosmtpd)?");
    }

    /// The Maildir the server writes to (for tests that read messages their own way).
    pub fn dir(&self) -> std::path::PathBuf {
        self.dir.clone()
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Mail> {
        let out = std::process::Command::new("python3")
            .args(["-c", READ_MAILDIR])
            .arg(&self.dir)
            .output()
            .expect("python3");
        assert!(
            out.status.success(),
            "reading the Maildir failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for TestApp {
    /// SQLite test databases live in a temporary folder of their own; remove it.
    fn drop(&mut self) {
        if let Some(dir) = &self._dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

pub fn cookie_value(r: &Res, name: &str) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The folder of the shared real-world data files.
pub fn shared_data(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel)
}
