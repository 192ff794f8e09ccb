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

code_enum!(
    /// What an entry of the activity log records (see docs/plan-format.md).
    ActivityKind, "activity-kind" {
    Training = "training",
    Event = "event",
    Meeting = "meeting",
    Mission = "mission",
    Fair = "fair",
    RdProposal = "rd_proposal",
    RdProject = "rd_project",
    Support = "support",
    MediaMention = "media_mention",
    Network = "network",
    InstitutionalContact = "institutional_contact",
    Sponsorship = "sponsorship",
    Income = "income",
    Bulletin = "bulletin",
});

/// Every subtype of every kind, in one list so a subtype is a small index in the indicator engine.
pub const SUBTYPES: &[&str] = &[
    "course",
    "microcredential",
    "dual",
    "postgraduate",
    "webinar",
    "workshop",
    "breakfast",
    "networking",
    "conference",
    "seminar",
    "forum",
    "bilateral",
    "working_group",
    "presentation",
    "governance",
    "direct",
    "reverse",
    "study",
    "grouped",
    "visit",
    "regulatory",
    "funding",
    "talent",
    "internationalisation",
    "commercialisation",
    "data",
    "innovation",
    "other",
    "press",
    "radio",
    "tv",
    "online",
    "platform",
    "network",
    "council",
    "committee",
    "fees",
    "services",
    "competitive_programmes",
    "sponsorship",
    "vigilance",
    "newsletter",
];

impl ActivityKind {
    /// The subtypes this kind accepts; an empty list means the kind has none.
    pub fn subtypes(self) -> &'static [&'static str] {
        use ActivityKind::*;
        match self {
            Training => &[
                "course",
                "microcredential",
                "dual",
                "postgraduate",
                "webinar",
                "workshop",
            ],
            Event => &[
                "breakfast",
                "networking",
                "conference",
                "seminar",
                "webinar",
                "workshop",
                "forum",
            ],
            Meeting => &["bilateral", "working_group", "presentation", "governance"],
            Mission => &["direct", "reverse", "study"],
            Fair => &["grouped", "visit"],
            Support => &[
                "regulatory",
                "funding",
                "talent",
                "internationalisation",
                "commercialisation",
                "data",
                "innovation",
                "other",
            ],
            MediaMention => &["press", "radio", "tv", "online"],
            Network => &["platform", "network", "forum", "council", "committee"],
            Income => &[
                "fees",
                "services",
                "competitive_programmes",
                "sponsorship",
                "other",
            ],
            Bulletin => &["vigilance", "newsletter"],
            RdProposal | RdProject | InstitutionalContact | Sponsorship => &[],
        }
    }

    /// Parses a subtype of this kind into its index in [`SUBTYPES`].
    pub fn parse_subtype(self, field: &str, s: &str) -> Result<Option<u8>, FieldError> {
        let s = s.trim().to_lowercase().replace(['-', ' '], "_");
        if s.is_empty() {
            return Ok(None);
        }
        if !self.subtypes().contains(&s.as_str()) {
            return Err(FieldError::new(field, "unknown_value").detail(s));
        }
        Ok(subtype_index(&s))
    }
}

/// Index of a subtype code in [`SUBTYPES`].
pub fn subtype_index(code: &str) -> Option<u8> {
    SUBTYPES
        .iter()
        .position(|s| *s == code)
        .and_then(|i| u8::try_from(i).ok())
}

code_enum!(
    /// Geographic reach of an activity.
    Scope, "scope" {
    Local = "local",
    Regional = "regional",
    National = "national",
    European = "european",
    International = "international",
});

code_enum!(
    /// Whom a meeting or contact was with.
    Counterpart, "counterpart" {
    RegionalHealthSystem = "regional_health_system",
    OtherHealthSystem = "other_health_system",
    ConsolidatedCompany = "consolidated_company",
    Institution = "institution",
    Fund = "fund",
    ResearchCentre = "research_centre",
    University = "university",
    Cluster = "cluster",
    Member = "member",
    Other = "other",
});

code_enum!(
    /// How an indicator's value is expressed.
    Unit, "unit" {
    Number = "number",
    Percent = "percent",
    Eur = "eur",
    Score10 = "score10",
    YesNo = "yes_no",
});

code_enum!(
    IndicatorLevel, "indicator-level" {
    Strategic = "strategic",
    Operational = "operational",
});

code_enum!(
    /// What a plan groups its lines of action under.
    PillarKind, "pillar-kind" {
    Pillar = "pillar",
    Axis = "axis",
    Basal = "basal",
    Initiative = "initiative",
});

code_enum!(
    /// Where a priority action stands in one roadmap column.
    ActionStatus, "action-status" {
    Planned = "planned",
    InProgress = "in_progress",
    Done = "done",
    Delayed = "delayed",
    Dropped = "dropped",
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
