//! Whose guard rails a card shows and changes.

use admin_api::resources::spend_alerts::AlertOwner;

/// Whose guard rails: the organization's or one project's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RailScope {
    Org,
    Project(String),
}

impl RailScope {
    pub fn project(&self) -> Option<&str> {
        match self {
            Self::Org => None,
            Self::Project(id) => Some(id),
        }
    }

    pub(super) fn owner(&self) -> AlertOwner<'_> {
        match self {
            Self::Org => AlertOwner::Organization,
            Self::Project(id) => AlertOwner::Project(id),
        }
    }

    pub(super) fn whose(&self) -> &'static str {
        match self {
            Self::Org => "the organization",
            Self::Project(_) => "this project",
        }
    }
}
