//! The organization's own name and its settings (when tokens count as expiring soon).

use serde::{Deserialize, Serialize};

use super::{
    OrgError, Organization, DEFAULT_EXPIRING_SOON_DAYS, MAX_EXPIRING_SOON_DAYS,
    MAX_ORGANIZATION_NAME_CHARS,
};
use crate::domain::activity::{ActivityKind, Subject};
use crate::domain::permissions::Permission;
use crate::domain::text::{clean_label, LabelProblem};
use crate::domain::time::Timestamp;

/// Organization-wide settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// A token counts as "expiring soon" this many days before it expires (1 to 365).
    pub expiring_soon_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            expiring_soon_days: DEFAULT_EXPIRING_SOON_DAYS,
        }
    }
}

/// The organization's name: trimmed, NFC, 1 to [`MAX_ORGANIZATION_NAME_CHARS`] characters, one
/// line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrganizationName(pub(super) String);

impl OrganizationName {
    /// Parses a typed name.
    pub fn parse(input: &str) -> Result<OrganizationName, OrgError> {
        clean_label(input, MAX_ORGANIZATION_NAME_CHARS)
            .map(OrganizationName)
            .map_err(|p| match p {
                LabelProblem::Empty => OrgError::OrganizationNameEmpty,
                LabelProblem::TooLong { chars } => OrgError::OrganizationNameTooLong { chars },
                LabelProblem::LineBreak => {
                    OrgError::OrganizationNameInvisibleCharacter { code_point: 10 }
                }
                LabelProblem::ControlCharacter { code_point }
                | LabelProblem::DirectionalFormatting { code_point } => {
                    OrgError::OrganizationNameInvisibleCharacter { code_point }
                }
            })
    }

    /// The name as displayed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrganizationName {
    type Error = OrgError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        OrganizationName::parse(&value)
    }
}

impl From<OrganizationName> for String {
    fn from(n: OrganizationName) -> String {
        n.0
    }
}

impl Organization {
    /// Renames the organization (Administrator only).
    pub fn rename_organization(&mut self, name: &str, now: Timestamp) -> Result<(), OrgError> {
        let actor = self.require(Permission::RenameOrganization)?;
        let name = OrganizationName::parse(name)?;
        if name == self.name {
            return Ok(());
        }
        let detail = format!("renamed from “{}” to “{}”", self.name.0, name.0);
        self.name = name;
        let subject_name = self.name.0.clone();
        self.log(
            &actor,
            now,
            ActivityKind::OrganizationRenamed,
            Subject::Organization,
            subject_name,
            detail,
        );
        Ok(())
    }

    /// Sets how many days before expiry a token counts as expiring soon (1 to 365).
    pub fn set_expiring_soon_days(&mut self, days: u32, now: Timestamp) -> Result<(), OrgError> {
        let actor = self.require(Permission::ChangeSettings)?;
        if !(1..=MAX_EXPIRING_SOON_DAYS).contains(&days) {
            return Err(OrgError::ExpiringSoonDaysOutOfRange { days });
        }
        let old = self.settings.expiring_soon_days;
        if old == days {
            return Ok(());
        }
        self.settings.expiring_soon_days = days;
        self.log(
            &actor,
            now,
            ActivityKind::SettingsChanged,
            Subject::Settings,
            "Expiring soon".to_string(),
            format!("tokens now count as expiring soon {days} days before expiry (was {old})"),
        );
        Ok(())
    }
}
