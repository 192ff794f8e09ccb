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
