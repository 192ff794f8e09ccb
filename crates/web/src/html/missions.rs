//! Mission and fair pages: delegation, stand, follow-up outcomes.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
