//! Why an organization command was refused: one error type for every command, each message a
//! whole sentence for the admin (the UI shows it as it is).

use std::fmt;

use super::DeviceType;
use super::MAX_EXPIRING_SOON_DAYS;
use super::MAX_ORGANIZATION_NAME_CHARS;
use crate::domain::ids::{ServerId, UserId};
use crate::domain::permissions::PermissionDenied;
use crate::domain::server_name::ServerNameError;
use crate::domain::text::count_or_no;
use crate::domain::time::Timestamp;
use crate::domain::users::UserError;

/// Why a command was refused. Messages are full sentences for the admin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrgError {
    /// The signed-in person's role does not allow this.
    PermissionDenied(PermissionDenied),
    /// The server name was refused.
    ServerName(ServerNameError),
    /// The person's name or account was refused.
    User(UserError),
    /// The organization name is empty.
    OrganizationNameEmpty,
    /// The organization name is too long.
    OrganizationNameTooLong {
        /// Length typed.
        chars: usize,
    },
    /// The organization name contains an invisible or line-break character.
    OrganizationNameInvisibleCharacter {
        /// The offending code point.
        code_point: u32,
    },
    /// No person has this id.
    UnknownUser(UserId),
    /// The person has left the organization.
    UserHasLeft {
        /// Their name.
        name: String,
        /// When they left.
        left_at: Timestamp,
    },
    /// No server has this id (it may have been deleted meanwhile).
    UnknownServer(ServerId),
    /// The change would leave the organization without an active Administrator.
    LastAdministrator {
        /// The only Administrator's name.
        name: String,
    },
    /// People cannot remove themselves: they would be signed in as someone who left.
    CannotRemoveYourself,
    /// The replacement certificate is the one the server already has.
    SameCertificate,
    /// Deleting a server that is a default without saying where those defaults go.
    DefaultsNeedReassignment {
        /// The server being deleted.
        server: String,
        /// The device types it is the default for and that were not given a new default.
        device_types: Vec<DeviceType>,
    },
    /// A reassignment was given for a device type whose default is not the deleted server.
    ReassignmentNotNeeded {
        /// That device type.
        device_type: DeviceType,
    },
    /// Two reassignments were given for the same device type.
    ReassignedTwice {
        /// That device type.
        device_type: DeviceType,
    },
    /// A default was to move to the very server being deleted.
    ReassignedToDeletedServer {
        /// That device type.
        device_type: DeviceType,
    },
    /// The token was made for a certificate other than the server's current one.
    TokenCertificateMismatch {
        /// The server.
        server: String,
    },
    /// The token's downloader is not the signed-in person.
    TokenDownloaderMismatch,
    /// A token with this id is already recorded.
    TokenAlreadyRecorded,
    /// The "expiring soon" threshold is outside 1 to 365 days.
    ExpiringSoonDaysOutOfRange {
        /// The value given.
        days: u32,
    },
    /// The id counter is exhausted (only reachable with a tampered stored state).
    IdsExhausted,
    /// An archive was asked for a different number of entries than may be archived now (the
    /// log changed since the CSV was offered).
    ArchiveChanged {
        /// What was offered and downloaded.
        offered: usize,
        /// What may be archived now.
        allowed: usize,
    },
    /// The organization changed (in another window) after the import was previewed.
    ImportOutdated,
    /// The server was renamed (in another window) after the admin started renaming it.
    RenamedElsewhere {
        /// The name the admin saw.
        from: String,
        /// Its name now.
        to: String,
    },
    /// Changes are refused because what is stored must not be overwritten (written by a newer
    /// release).
    ReadOnly,
    /// The app could not apply the change at this moment: another is being applied, or the
    /// stored organization is still being read (the UI offers no change then); nothing changed.
    Busy,
    /// Stored data breaks a rule the organization relies on (only when loading).
    Inconsistent {
        /// What is wrong, in plain words.
        reason: String,
    },
}

impl fmt::Display for OrgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrgError::PermissionDenied(denied) => write!(f, "{denied}"),
            OrgError::ServerName(e) => e.fmt(f),
            OrgError::User(e) => e.fmt(f),
            OrgError::OrganizationNameEmpty => write!(f, "Enter a name for the organization."),
            OrgError::OrganizationNameTooLong { chars } => write!(
                f,
                "The organization name is {chars} characters long; use at most {MAX_ORGANIZATION_NAME_CHARS}."
            ),
            OrgError::OrganizationNameInvisibleCharacter { code_point } => write!(
                f,
                "The organization name contains an invisible or line-break character (U+{code_point:04X}); remove it."
            ),
            OrgError::UnknownUser(_) => {
                write!(f, "That person is not in this organization.")
            }
            OrgError::UserHasLeft { name, left_at } => write!(
                f,
                "{name} left the organization on {}; former members cannot be changed or signed in as.",
                left_at.date_string()
            ),
            OrgError::UnknownServer(_) => write!(
                f,
                "That MDM server no longer exists; it may have been deleted in another window."
            ),
            OrgError::LastAdministrator { name } => write!(
                f,
                "{name} is the only Administrator. Make someone else an Administrator first, so the organization is never left without one."
            ),
            OrgError::CannotRemoveYourself => write!(
                f,
                "You cannot remove yourself. Ask another Administrator or People Manager to do it."
            ),
            OrgError::SameCertificate => write!(
                f,
                "This is the certificate the server already uses; choose the new certificate file."
            ),
            OrgError::DefaultsNeedReassignment {
                server,
                device_types,
            } => write!(
                f,
                "“{server}” is the default MDM server for {}. Choose another server or no default for each before deleting it.",
                list_labels(device_types)
            ),
            OrgError::ReassignmentNotNeeded { device_type } => write!(
                f,
                "The server being deleted is not the default for {device_type}, so its default does not need to move."
            ),
            OrgError::ReassignedTwice { device_type } => write!(
                f,
                "Choose only one new default for {device_type}."
            ),
            OrgError::ReassignedToDeletedServer { device_type } => write!(
                f,
                "The default for {device_type} cannot move to the server being deleted; choose another server or no default."
            ),
            OrgError::TokenCertificateMismatch { server } => write!(
                f,
                "This token was made for a different certificate than the one “{server}” uses now; download a new token."
            ),
            OrgError::TokenDownloaderMismatch => write!(
                f,
                "A token can only be recorded for the person who is signed in and downloaded it."
            ),
            OrgError::TokenAlreadyRecorded => {
                write!(f, "This token has already been recorded.")
            }
            OrgError::ExpiringSoonDaysOutOfRange { days } => write!(
                f,
                "{days} days is not allowed; choose between 1 and {MAX_EXPIRING_SOON_DAYS} days."
            ),
            OrgError::IdsExhausted => write!(
                f,
                "The organization has run out of identifiers; the saved data has probably been tampered with."
            ),
            OrgError::ArchiveChanged { offered, allowed } => write!(
                f,
                "The log changed since its old entries were offered ({} then, {} now); nothing \
                 was archived. Download the CSV again to archive.",
                count_or_no(*offered, "entry", "entries"),
                count_or_no(*allowed, "entry", "entries")
            ),
            OrgError::ImportOutdated => write!(
                f,
                "The organization changed after you previewed the import (perhaps in another \
                 window), so nothing was imported. Choose the backup file again to see what \
                 importing it would change now."
            ),
            OrgError::RenamedElsewhere { from, to } => write!(
                f,
                "“{from}” was renamed to “{to}” in another window first, so your rename was not \
                 made. Rename “{to}” if it still needs a different name."
            ),
            OrgError::ReadOnly => write!(
                f,
                "MDM Link is read-only here: the data stored in this browser was written by a \
                 newer release, and this one must not change it. Open the newer release, or \
                 download the stored data."
            ),
            OrgError::Busy => write!(
                f,
                "The change was not made because MDM Link was busy; nothing changed, so try again."
            ),
            OrgError::Inconsistent { reason } => {
                write!(f, "The saved organization is inconsistent: {reason}.")
            }
        }
    }
}

impl std::error::Error for OrgError {}

impl From<PermissionDenied> for OrgError {
    fn from(e: PermissionDenied) -> Self {
        OrgError::PermissionDenied(e)
    }
}

impl From<ServerNameError> for OrgError {
    fn from(e: ServerNameError) -> Self {
        OrgError::ServerName(e)
    }
}

impl From<UserError> for OrgError {
    fn from(e: UserError) -> Self {
        OrgError::User(e)
    }
}

/// "Mac", "Mac and iPad", "Mac, iPhone and iPad".
pub(super) fn list_labels(types: &[DeviceType]) -> String {
    let labels: Vec<&str> = types.iter().map(|t| t.label()).collect();
    match labels.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
