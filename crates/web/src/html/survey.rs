//! TODO(issue 3): survey pages.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
