//! Who may do what inside which cluster. A `Scope` is the only way repositories accept a cluster,
//! and the only way to make one is `Principal::scope`, which the authentication layer feeds from
//! the session: an unscoped query has nothing to pass.

use crate::error::{Error, Result};
use crate::model::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterRole {
    pub cluster_id: i64,
    pub role: Role,
    /// For member users: the organisation they act for.
    pub organisation_id: Option<i64>,
}

/// The authenticated (or anonymous) requester.
#[derive(Debug, Clone, Default)]
pub struct Principal {
    pub user_id: Option<i64>,
    pub platform_admin: bool,
    pub roles: Vec<ClusterRole>,
}

impl Principal {
    pub fn anonymous() -> Self {
        Self::default()
    }
    pub fn is_authenticated(&self) -> bool {
        self.user_id.is_some()
    }
    pub fn role_in(&self, cluster_id: i64) -> Option<&ClusterRole> {
        self.roles.iter().find(|r| r.cluster_id == cluster_id)
    }
    /// What this principal may do inside `cluster_id`.
    pub fn scope(&self, cluster_id: i64) -> Scope {
        let r = self.role_in(cluster_id);
        Scope {
            cluster_id,
            user_id: self.user_id,
            admin: self.platform_admin,
            role: r.map(|r| r.role),
            organisation_id: r.and_then(|r| r.organisation_id),
        }
    }
}

/// Permission to act inside one cluster.
#[derive(Debug, Clone)]
pub struct Scope {
    cluster_id: i64,
    user_id: Option<i64>,
    admin: bool,
    role: Option<Role>,
    organisation_id: Option<i64>,
}

impl Scope {
    pub fn cluster_id(&self) -> i64 {
        self.cluster_id
    }
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }
    pub fn role(&self) -> Option<Role> {
        self.role
    }
    pub fn is_admin(&self) -> bool {
        self.admin
    }
    /// The organisation a member user acts for.
    pub fn own_organisation(&self) -> Option<i64> {
        self.organisation_id
            .filter(|_| self.role == Some(Role::Member))
    }
    /// The organisation a partner user (technology centre, consultant) acts for: it sees only
    /// the requests handed to that organisation.
    pub fn partner_organisation(&self) -> Option<i64> {
        self.organisation_id
            .filter(|_| self.role == Some(Role::Partner))
    }
    /// Staff and platform admins run the cluster.
    pub fn can_manage(&self) -> bool {
        self.admin || self.role == Some(Role::Staff)
    }
    /// Staff, board and admins see private data: applicants, fees, people, audit.
    pub fn can_see_private(&self) -> bool {
        self.can_manage() || self.role == Some(Role::Board)
    }
    /// Anyone with a role in the cluster: sees groups and the members' directory.
    pub fn is_insider(&self) -> bool {
        self.admin || self.role.is_some()
    }
    pub fn can_decide_applications(&self) -> bool {
        self.can_see_private()
    }
    pub fn can_edit_organisation(&self, organisation_id: i64) -> bool {
        self.can_manage() || self.own_organisation() == Some(organisation_id)
    }
    pub fn can_see_people_of(&self, organisation_id: i64) -> bool {
        self.can_see_private() || self.own_organisation() == Some(organisation_id)
    }
    /// Turns a permission into an error that says why: not signed in, or not allowed.
    pub fn require(&self, allowed: bool) -> Result<()> {
        if allowed {
            Ok(())
        } else if self.user_id.is_none() {
            Err(Error::Unauthorized)
        } else {
            Err(Error::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, org: Option<i64>) -> Principal {
        Principal {
            user_id: Some(7),
            platform_admin: false,
            roles: vec![ClusterRole {
                cluster_id: 1,
                role,
                organisation_id: org,
            }],
        }
    }

    #[test]
    fn roles_only_count_in_their_own_cluster() {
        let staff = user(Role::Staff, None);
        assert!(staff.scope(1).can_manage());
        let other = staff.scope(2);
        assert!(!other.can_manage() && !other.can_see_private() && !other.is_insider());
        assert!(matches!(
            other.require(other.can_see_private()),
            Err(Error::Forbidden)
        ));
        let anon = Principal::anonymous().scope(1);
        assert!(matches!(
            anon.require(anon.is_insider()),
            Err(Error::Unauthorized)
        ));
    }

    #[test]
    fn member_users_edit_only_their_organisation() {
        let m = user(Role::Member, Some(42)).scope(1);
        assert!(m.can_edit_organisation(42));
        assert!(!m.can_edit_organisation(43));
        assert!(!m.can_see_private());
        assert!(m.can_see_people_of(42) && !m.can_see_people_of(43));
        let board = user(Role::Board, None).scope(1);
        assert!(board.can_decide_applications() && !board.can_manage());
        let partner = user(Role::Partner, Some(5)).scope(1);
        assert_eq!(partner.own_organisation(), None);
    }
}
