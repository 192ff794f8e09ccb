//! B2B matchmaking pages at an event: profiles, marketplace, meeting requests, availability, the organiser's scheduler, agendas, outcomes.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
