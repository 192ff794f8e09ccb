//! TODO(issue 3): plans pages.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
