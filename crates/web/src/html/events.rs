//! Event pages: calendar, event, registration, check-in, certificates.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
