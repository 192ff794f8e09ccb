//! Closed vocabularies of the domain. Each is stored and sent as its snake_case code and shown
//! to people through the translation key `<prefix>-<code>`.

use crate::error::FieldError;

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $key:literal { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Prefix of the translation keys of this vocabulary.
            pub const KEY: &'static str = $key;
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// The translation key of this value.
            pub fn key(self) -> String {
                format!("{}-{}", $key, self.as_str())
            }
            pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
                match s.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
                    $($code => Ok($name::$variant),)+
                    "" => Err(FieldError::new(field, "required")),
                    other => Err(FieldError::new(field, "unknown_value").detail(other.to_string())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

code_enum!(
    /// What kind of body an organisation is.
    EntityType, "entity-type" {
    Company = "company",
    ResearchCentre = "research_centre",
    TechnologyCentre = "technology_centre",
    Hospital = "hospital",
    University = "university",
    PublicBody = "public_body",
    Association = "association",
    Investor = "investor",
});

code_enum!(
    /// Size by the EU SME definition.
    OrgSize, "org-size" {
    Micro = "micro",
    Small = "small",
    Medium = "medium",
    Large = "large",
});

code_enum!(
    /// Where a membership stands. Memberships are open-ended: `active` until someone ends them.
    MembershipStatus, "membership-status" {
    Applicant = "applicant",
    Active = "active",
    Suspended = "suspended",
    Withdrawn = "withdrawn",
});

code_enum!(
    /// A user's role inside one cluster.
    Role, "role" {
    Staff = "staff",
    Board = "board",
    Member = "member",
    Partner = "partner",
});

code_enum!(
    /// Governance bodies.
    GroupKind, "group-kind" {
    Board = "board",
    Assembly = "assembly",
    Committee = "committee",
    WorkingGroup = "working_group",
});

code_enum!(
    /// A person's role inside a governance body.
    GroupRole, "group-role" {
    Chair = "chair",
    ViceChair = "vice_chair",
    Secretary = "secretary",
    Member = "member",
});

code_enum!(
    Attendance, "attendance" {
    Present = "present",
    Excused = "excused",
    Absent = "absent",
});

code_enum!(
    /// How a person represents a member organisation in a cluster.
    RepresentativeKind, "representative-kind" {
    Primary = "primary",
    Alternate = "alternate",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_loosely_and_rejects_unknown_values() {
        assert_eq!(
            EntityType::parse("t", "Research centre"),
            Ok(EntityType::ResearchCentre)
        );
        assert_eq!(
            EntityType::parse("t", "public-body"),
            Ok(EntityType::PublicBody)
        );
        let e = EntityType::parse("entity_type", "spaceship").unwrap_err();
        assert_eq!(e.code, "unknown_value");
        assert_eq!(e.field, "entity_type");
        assert_eq!(
            MembershipStatus::parse("s", "").unwrap_err().code,
            "required"
        );
        for s in MembershipStatus::ALL {
            assert_eq!(MembershipStatus::parse("s", s.as_str()), Ok(*s));
        }
    }
}
