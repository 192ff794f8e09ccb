//! What every page's frame needs: language, title, user, cluster navigation, CSRF token.

use crate::{Ctx, Tr};
use clusterhub_core::access::Scope;
use clusterhub_db::clusters::Cluster;

pub struct Layout {
    pub t: Tr,
    pub title: String,
    pub csrf: String,
    pub here: String,
    pub user_name: Option<String>,
    /// Slug and name of the cluster being viewed.
    pub cluster: Option<(String, String)>,
    pub private: bool,
    pub manage: bool,
    pub insider: bool,
    /// Clusters the user has a role in, for the switcher.
    pub my_clusters: Vec<(String, String)>,
}

impl Layout {
    pub fn bare(t: Tr, title: String, csrf: String, here: String) -> Self {
        Layout {
            t,
            title,
            csrf,
            here,
            user_name: None,
            cluster: None,
            private: false,
            manage: false,
            insider: false,
            my_clusters: Vec::new(),
        }
    }

    pub async fn new(ctx: &Ctx, title: String, cluster: Option<(&Cluster, &Scope)>) -> Self {
        let mut l = Layout::bare(ctx.tr(), title, ctx.csrf.clone(), ctx.here.clone());
        l.user_name = ctx.user.as_ref().map(|u| u.name.clone());
        if let Some((c, s)) = cluster {
            l.cluster = Some((c.slug.clone(), c.name.clone()));
            l.private = s.can_see_private();
            l.manage = s.can_manage();
            l.insider = s.is_insider();
        }
        if ctx.user.is_some()
            && let Ok(all) = clusterhub_db::clusters::list(ctx.db()).await
        {
            l.my_clusters = all
                .into_iter()
                .filter(|c| ctx.principal.platform_admin || ctx.principal.role_in(c.id).is_some())
                .map(|c| (c.slug, c.name))
                .collect();
        }
        l
    }

    /// The current path with `?lang=` removed, to come back to after switching language.
    pub fn back(&self) -> String {
        let (path, query) = self.here.split_once('?').unwrap_or((&self.here, ""));
        let rest: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        if rest.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", rest.join("&"))
        }
    }

    pub fn is_current(&self, lang: &str) -> bool {
        self.t.lang == lang
    }
}
