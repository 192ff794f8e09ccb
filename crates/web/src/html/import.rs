//! CSV import in the browser: upload, check the column mapping on a preview, run with a progress
//! bar. The import itself is all-or-nothing (see `clusterhub_db::import`).

use super::layout::Layout;
use super::{FormErrors, PageResult, render};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::{Error, FieldError};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::import::{self, Kind, Report};

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/import", upload_form)
        .post("/c/{slug}/import", upload)
        .get("/c/{slug}/import/{import}", status)
        .post("/c/{slug}/import/{import}", start)
}

/// An uploaded file waiting for its mapping, running, or finished.
pub struct Pending {
    cluster_id: i64,
    user_id: i64,
    kind: Kind,
    data: Vec<u8>,
    headers: Vec<String>,
    preview: Vec<Vec<String>>,
    mapping: Vec<Option<&'static str>>,
    started: bool,
    done: usize,
    total: usize,
    outcome: Option<Result<Report, Vec<FieldError>>>,
}

#[derive(Template)]
#[template(path = "import_upload.html")]
struct Upload {
    l: Layout,
    c: Cluster,
    errors: FormErrors,
}

async fn upload_form(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let l = Layout::new(&ctx, ctx.tr().t("import-title"), Some((&c, &scope))).await;
    render(&Upload {
        l,
        c,
        errors: FormErrors::default(),
    })
}

async fn upload(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let mut mp = mp.map_err(|e| {
        Error::Validation(vec![
            FieldError::new("file", "invalid_upload").detail(e.body_text()),
        ])
    })?;
    let (mut csrf, mut kind, mut data) = (String::new(), String::new(), Vec::new());
    while let Some(field) = mp.next_field().await.map_err(|e| {
        Error::Validation(vec![
            FieldError::new("file", "invalid_upload").detail(e.to_string()),
        ])
    })? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "kind" => kind = field.text().await.unwrap_or_default(),
            "file" => data = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let user_id = ctx.require_user()?.id;
    let checked = (|| {
        let kind = Kind::parse(&kind).ok_or_else(|| Error::invalid("kind", "unknown_value"))?;
        if data.is_empty() {
            return Err(Error::invalid("file", "required"));
        }
        let headers = import::read_headers(&data)?;
        let preview: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(data.as_slice())
            .records()
            .take(5)
            .filter_map(|r| r.ok())
            .map(|r| r.iter().map(str::to_string).collect())
            .collect();
        Ok((kind, headers, preview))
    })();
    let (kind, headers, preview) = match checked {
        Ok(x) => x,
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            let l = Layout::new(&ctx, ctx.tr().t("import-title"), Some((&c, &scope))).await;
            return super::render_status(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                &Upload { l, c, errors },
            );
        }
        Err(e) => return Err(e.into()),
    };
    let mapping = import::guess_mapping(kind, &headers);
    let id = crate::auth::random_token()[..24].to_string();
    let p = Pending {
        cluster_id: c.id,
        user_id,
        kind,
        data,
        headers,
        preview,
        mapping,
        started: false,
        done: 0,
        total: 0,
        outcome: None,
    };
    ctx.state
        .imports
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id.clone(), p);
    Ok(Redirect::to(&format!("/c/{slug}/import/{id}")).into_response())
}

/// One CSV column on the mapping preview.
struct Column {
    index: usize,
    header: String,
    mapped: String,
    samples: Vec<String>,
}

#[derive(Template)]
#[template(path = "import_status.html")]
struct Status {
    l: Layout,
    c: Cluster,
    id: String,
    columns: Vec<Column>,
    fields: &'static [&'static str],
    started: bool,
    done: usize,
    total: usize,
    report: Option<Report>,
    errors: Vec<FieldError>,
}

async fn status(mut ctx: Ctx, Path((slug, id)): Path<(String, String)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let page = {
        let map = ctx.state.imports.lock().unwrap_or_else(|e| e.into_inner());
        let p = map
            .get(&id)
            .filter(|p| p.cluster_id == c.id)
            .ok_or(Error::NotFound)?;
        let (report, errors) = match &p.outcome {
            Some(Ok(r)) => (Some(r.clone()), Vec::new()),
            Some(Err(e)) => (None, e.clone()),
            None => (None, Vec::new()),
        };
        let mapping: Vec<String> = p
            .mapping
            .iter()
            .map(|m| m.unwrap_or("").to_string())
            .collect();
        (
            p.kind,
            p.headers.clone(),
            p.preview.clone(),
            mapping,
            p.started,
            p.done,
            p.total,
            report,
            errors,
        )
    };
    let (kind, headers, preview, mapping, started, done, total, report, errors) = page;
    let l = Layout::new(&ctx, ctx.tr().t("import-title"), Some((&c, &scope))).await;
    let columns = headers
        .iter()
        .enumerate()
        .map(|(index, header)| Column {
            index,
            header: header.clone(),
            mapped: mapping.get(index).cloned().unwrap_or_default(),
            samples: preview
                .iter()
                .filter_map(|r| r.get(index).cloned())
                .collect(),
        })
        .collect();
    render(&Status {
        l,
        c,
        id,
        columns,
        fields: kind.fields(),
        started,
        done,
        total,
        report,
        errors,
    })
}

async fn start(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    ctx.check_csrf(&get("csrf"))?;
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let (kind, data, mapping) = {
        let mut map = ctx.state.imports.lock().unwrap_or_else(|e| e.into_inner());
        let p = map
            .get_mut(&id)
            .filter(|p| p.cluster_id == c.id && Some(p.user_id) == scope.user_id())
            .ok_or(Error::NotFound)?;
        if p.started {
            return Ok(Redirect::to(&format!("/c/{slug}/import/{id}")).into_response());
        }
        let fields = p.kind.fields();
        p.mapping = (0..p.headers.len())
            .map(|i| {
                fields
                    .iter()
                    .copied()
                    .find(|f| *f == get(&format!("map_{i}")))
            })
            .collect();
        p.started = true;
        (p.kind, std::mem::take(&mut p.data), p.mapping.clone())
    };
    let state = ctx.state.clone();
    let db = ctx.state.db.clone();
    let import_id = id.clone();
    tokio::spawn(async move {
        let progress_state = state.clone();
        let pid = import_id.clone();
        let opts = import::Options {
            default_organisation: None,
            default_typology: "ordinary".into(),
        };
        let out = import::run(&db, &scope, kind, &data, &mapping, &opts, |done, total| {
            if let Some(p) = progress_state
                .imports
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_mut(&pid)
            {
                p.done = done;
                p.total = total;
            }
        })
        .await;
        let outcome = match out {
            Ok(r) => Ok(r),
            Err(Error::Validation(v)) => Err(v),
            Err(e) => Err(vec![FieldError::new("file", e.code())]),
        };
        if let Some(p) = state
            .imports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(&import_id)
        {
            p.outcome = Some(outcome);
        }
    });
    Ok(Redirect::to(&format!("/c/{slug}/import/{id}")).into_response())
}
