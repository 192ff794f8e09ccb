//! Every route is registered through `Routes`, which also records it in a table: the OpenAPI
//! document is generated from that table, and the tenant-isolation test walks all of it.

use crate::state::AppState;
use crate::{api, html};
use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, on};

#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
    /// For API routes: OpenAPI summary and tag.
    pub api: Option<api::Doc>,
}

pub struct Routes {
    pub router: Router<AppState>,
    pub table: Vec<RouteInfo>,
}

impl Routes {
    fn add<H, T>(
        mut self,
        method: &'static str,
        path: &'static str,
        doc: Option<api::Doc>,
        h: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match method {
            "POST" => MethodFilter::POST,
            "PUT" => MethodFilter::PUT,
            "PATCH" => MethodFilter::PATCH,
            "DELETE" => MethodFilter::DELETE,
            _ => MethodFilter::GET,
        };
        self.router = self.router.route(path, on(filter, h));
        self.table.push(RouteInfo {
            method,
            path,
            api: doc,
        });
        self
    }
    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add("GET", path, None, h)
    }
    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add("POST", path, None, h)
    }
    pub fn api<H: Handler<T, AppState>, T: 'static>(
        self,
        method: &'static str,
        path: &'static str,
        doc: api::Doc,
        h: H,
    ) -> Self {
        self.add(method, path, Some(doc), h)
    }
}

pub fn build() -> Routes {
    let r = Routes {
        router: Router::new(),
        table: Vec::new(),
    };
    let r = html::routes(r);
    api::routes(r)
}

/// The table of every route the application serves.
pub fn route_table() -> Vec<RouteInfo> {
    build().table
}
