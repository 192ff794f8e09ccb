//! B2B matchmaking API.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
