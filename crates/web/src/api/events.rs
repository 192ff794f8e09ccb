//! Events API: events, registrations, check-in.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
