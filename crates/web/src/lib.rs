//! The web layer: server-rendered pages (askama, working without JavaScript) and the JSON API
//! under /api/v1, sharing the repositories of `clusterhub-db`. Handlers stay thin: extract,
//! call the repository with the request's scope, render.

pub mod api;
pub mod auth;
pub mod b2b;
mod ctx;
pub mod error;
pub mod events;
pub mod html;
pub mod mail;
pub mod notify;
pub mod openapi;
pub mod reports;
mod routes;
pub mod scorecard;
pub mod search;
pub mod state;
pub mod watch;

pub use ctx::{Ctx, Tr};
pub use routes::{RouteInfo, route_table};
pub use state::AppState;

use axum::Router;

/// The whole application as a router, ready to serve or to drive in tests.
pub fn app(state: AppState) -> Router {
    let routes = routes::build();
    routes
        .router
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::render_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf_cookie,
        ))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// Binds the listener and serves until ctrl-c.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}
