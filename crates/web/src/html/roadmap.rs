//! TODO(issue 3): roadmap pages.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
