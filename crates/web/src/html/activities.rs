//! TODO(issue 3): activities pages.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
