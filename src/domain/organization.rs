//! The organization aggregate: people, MDM servers, default servers per device type, downloaded
//! token records, settings and the activity log, with every command an admin can run.
//!
//! Every command acts as the signed-in person, takes `now` from the edge, checks the permission
//! itself ([`crate::domain::permissions`]), validates, mutates and appends one
//! [`ActivityEntry`]. A command that would change nothing (renaming to the same name, signing in
//! as whoever is signed in) succeeds without logging, so the log only shows real changes. A
//! failed command changes nothing.

use std::fmt;

use base64ct::{Base64, Encoding as _};
use serde::{Deserialize, Serialize};

use crate::domain::certificate::{CheckedFile, Severity, Verdict};

use crate::domain::activity::{ActivityEntry, ActivityKind, Subject};
use crate::domain::ids::{ServerId, UserId};
use crate::domain::permissions::{can, Permission, PermissionDenied};
use crate::domain::server_name::{ServerName, ServerNameError};
use crate::domain::text::{clean_label, LabelProblem};
use crate::domain::time::Timestamp;
use crate::domain::token::{self, HistoryFacts, TokenEnd, TokenFacts, TokenRecord, TokenStatus};
use crate::domain::users::{ManagedAppleAccount, PersonName, Role, User, UserError};

/// Longest organization name, in Unicode scalar values (trimmed, NFC).
pub const MAX_ORGANIZATION_NAME_CHARS: usize = 100;

/// Default for [`Settings::expiring_soon_days`]: a month's notice before a token's one-year
/// life ends gives an admin time to schedule the renewal.
pub const DEFAULT_EXPIRING_SOON_DAYS: u32 = 30;

/// Largest accepted [`Settings::expiring_soon_days`]: tokens live one year.
pub const MAX_EXPIRING_SOON_DAYS: u32 = 365;

/// The device types a default MDM server can be chosen for, as Apple lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DeviceType {
    /// Mac computers.
    #[serde(rename = "mac")]
    Mac,
    /// iPhone.
    #[serde(rename = "iphone")]
    IPhone,
    /// iPad.
    #[serde(rename = "ipad")]
    IPad,
    /// Apple TV.
    #[serde(rename = "apple-tv")]
    AppleTv,
    /// Apple Vision Pro.
    #[serde(rename = "apple-vision-pro")]
    AppleVisionPro,
    /// Apple Watch.
    #[serde(rename = "apple-watch")]
    AppleWatch,
}

impl DeviceType {
    /// Every device type, in Apple's order.
    pub const ALL: [DeviceType; 6] = [
        DeviceType::Mac,
        DeviceType::IPhone,
        DeviceType::IPad,
        DeviceType::AppleTv,
        DeviceType::AppleVisionPro,
        DeviceType::AppleWatch,
    ];

    /// The name as Apple spells it.
    pub fn label(self) -> &'static str {
        match self {
            DeviceType::Mac => "Mac",
            DeviceType::IPhone => "iPhone",
            DeviceType::IPad => "iPad",
            DeviceType::AppleTv => "Apple TV",
            DeviceType::AppleVisionPro => "Apple Vision Pro",
            DeviceType::AppleWatch => "Apple Watch",
        }
    }
}

impl fmt::Display for DeviceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The default MDM server per device type: new devices of that type are assigned to it. A struct
/// of named fields (not a map) so there is at most one default per type by construction and the
/// stored JSON is self-describing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defaults {
    mac: Option<ServerId>,
    iphone: Option<ServerId>,
    ipad: Option<ServerId>,
    apple_tv: Option<ServerId>,
    apple_vision_pro: Option<ServerId>,
    apple_watch: Option<ServerId>,
}

impl Defaults {
    /// The default server for `device_type`, if one is chosen.
    pub fn get(&self, device_type: DeviceType) -> Option<ServerId> {
        match device_type {
            DeviceType::Mac => self.mac,
            DeviceType::IPhone => self.iphone,
            DeviceType::IPad => self.ipad,
            DeviceType::AppleTv => self.apple_tv,
            DeviceType::AppleVisionPro => self.apple_vision_pro,
            DeviceType::AppleWatch => self.apple_watch,
        }
    }

    fn slot(&mut self, device_type: DeviceType) -> &mut Option<ServerId> {
        match device_type {
            DeviceType::Mac => &mut self.mac,
            DeviceType::IPhone => &mut self.iphone,
            DeviceType::IPad => &mut self.ipad,
            DeviceType::AppleTv => &mut self.apple_tv,
            DeviceType::AppleVisionPro => &mut self.apple_vision_pro,
            DeviceType::AppleWatch => &mut self.apple_watch,
        }
    }
}

/// The facts about a server's public key certificate, produced by the certificate checker and
/// stored as given (no parsing here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCertificate {
    /// The DER bytes, standard base64: kept so tokens can be encrypted to it again later.
    pub der_base64: String,
    /// SHA-256 fingerprint, lowercase hex without separators.
    pub sha256_hex: String,
    /// Subject distinguished name, as displayed.
    pub subject: String,
    /// Issuer distinguished name, as displayed.
    pub issuer: String,
    /// Serial number, hex.
    pub serial_hex: String,
    /// End of validity.
    pub not_after: Timestamp,
    /// e.g. "RSA 2048-bit".
    pub key_description: String,
}

/// Why a checked certificate file cannot become a server's certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateNotAccepted {
    /// The file holds no certificate or several; a server entry takes exactly one.
    NotExactlyOne {
        /// How many it holds.
        count: usize,
    },
    /// The certificate has error findings (not RSA, key too short, a private key in the file...).
    NotUsable {
        /// The error findings' sentences.
        reasons: Vec<String>,
    },
}

impl fmt::Display for CertificateNotAccepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertificateNotAccepted::NotExactlyOne { count } => write!(
                f,
                "This file holds {count} certificates, and an MDM server takes exactly one: ask \
                 the vendor for the server's own public key certificate alone."
            ),
            CertificateNotAccepted::NotUsable { reasons } => write!(
                f,
                "This certificate cannot be used for an MDM server: {}",
                reasons.join(" ")
            ),
        }
    }
}

impl std::error::Error for CertificateNotAccepted {}

impl StoredCertificate {
    /// The certificate to store for a server, from a checked file. This is where "a
    /// certificate with an error finding cannot be saved" is enforced: only a file holding
    /// exactly one certificate, with no error finding on it or on the file, is accepted.
    /// Warnings (expired, expiring soon, key usage) are the admin's call and pass.
    pub fn from_checked_file(
        file: &CheckedFile,
    ) -> Result<StoredCertificate, CertificateNotAccepted> {
        let [report] = file.certificates.as_slice() else {
            return Err(CertificateNotAccepted::NotExactlyOne {
                count: file.certificates.len(),
            });
        };
        let reasons: Vec<String> = file
            .findings
            .iter()
            .chain(&report.findings)
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| finding.message.clone())
            .collect();
        if !reasons.is_empty() || report.verdict() != Verdict::Usable {
            return Err(CertificateNotAccepted::NotUsable { reasons });
        }
        Ok(StoredCertificate {
            der_base64: Base64::encode_string(&report.der),
            sha256_hex: report.sha256_plain(),
            subject: report.subject.clone(),
            issuer: report.issuer.clone(),
            serial_hex: report.serial_hex.clone(),
            not_after: report.not_after,
            key_description: report.public_key.to_string(),
        })
    }

    /// The certificate's DER bytes (to encrypt a token to it), or `None` if the stored base64
    /// was damaged.
    pub fn der(&self) -> Option<Vec<u8>> {
        Base64::decode_vec(&self.der_base64).ok()
    }
}

/// A certificate a server used before, kept so an admin can tell which certificate old tokens
/// were made for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacedCertificate {
    /// Its SHA-256 fingerprint, lowercase hex.
    pub sha256_hex: String,
    /// Its subject.
    pub subject: String,
    /// When it was replaced.
    pub replaced_at: Timestamp,
    /// Who replaced it.
    pub replaced_by: UserId,
}

/// A linked third-party MDM server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// Stable id.
    pub id: ServerId,
    /// Unique name.
    pub name: ServerName,
    /// The current public key certificate; tokens are encrypted to it.
    pub certificate: StoredCertificate,
    /// "Allow this MDM server to release devices". Releasing removes a device from the
    /// organization permanently (it cannot be added back without re-purchase or Apple
    /// Configurator), so a server gets the power only when an admin turns it on deliberately:
    /// [`Organization::add_server`] callers should default the checkbox to off, and the UI does.
    pub allow_release_devices: bool,
    /// When it was added.
    pub added_at: Timestamp,
    /// Who added it.
    pub added_by: UserId,
    /// Certificates it used before, oldest first.
    pub certificate_history: Vec<ReplacedCertificate>,
    /// When the certificate was last replaced, if ever.
    pub certificate_replaced_at: Option<Timestamp>,
    /// Metadata of every token downloaded for it, oldest first; at most one has no
    /// `replaced_at` (the active one).
    pub tokens: Vec<TokenRecord>,
}

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

/// What the token status needs to know about the person who downloaded a token: it stops
/// working when they change their password or leave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloaderFacts {
    /// Their id.
    pub user: UserId,
    /// Their current name.
    pub name: String,
    /// When their password last changed, if ever.
    pub password_changed_at: Option<Timestamp>,
    /// When they left, if they did.
    pub left_at: Option<Timestamp>,
}

/// The organization's name: trimmed, NFC, 1 to [`MAX_ORGANIZATION_NAME_CHARS`] characters, one
/// line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrganizationName(String);

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
            OrgError::ServerName(e) => write!(f, "The server name was not accepted: {e}."),
            OrgError::User(e) => write!(f, "The person’s details were not accepted: {e}."),
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
fn list_labels(types: &[DeviceType]) -> String {
    let labels: Vec<&str> = types.iter().map(|t| t.label()).collect();
    match labels.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Who is acting, copied out so commands can mutate the organization while logging.
struct Actor {
    id: UserId,
    name: String,
    role: Role,
}

/// The organization: the whole persisted state of the app.
///
/// Fields are private so every change goes through a command (permission, validation, log).
/// Deserialization re-checks the invariants (see [`OrgError::Inconsistent`]); load through
/// [`crate::domain::persistence::decode`], which also handles schema versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "OrganizationRecord")]
pub struct Organization {
    name: OrganizationName,
    users: Vec<User>,
    signed_in: UserId,
    servers: Vec<Server>,
    defaults: Defaults,
    activity: Vec<ActivityEntry>,
    settings: Settings,
    next_id: u64,
}

/// The stored shape of [`Organization`], before its invariants are checked.
#[derive(Deserialize)]
struct OrganizationRecord {
    name: OrganizationName,
    users: Vec<User>,
    signed_in: UserId,
    servers: Vec<Server>,
    defaults: Defaults,
    activity: Vec<ActivityEntry>,
    settings: Settings,
    next_id: u64,
}

impl TryFrom<OrganizationRecord> for Organization {
    type Error = OrgError;
    fn try_from(r: OrganizationRecord) -> Result<Self, Self::Error> {
        let org = Organization {
            name: r.name,
            users: r.users,
            signed_in: r.signed_in,
            servers: r.servers,
            defaults: r.defaults,
            activity: r.activity,
            settings: r.settings,
            next_id: r.next_id,
        };
        org.check_invariants()?;
        Ok(org)
    }
}

/// Name of the organization created on first launch; the admin renames it.
pub const FIRST_LAUNCH_ORGANIZATION_NAME: &str = "My Organization";
/// Name of the first Administrator created on first launch.
pub const FIRST_LAUNCH_ADMIN_NAME: &str = "Administrator";
/// Account of the first Administrator: example.com is reserved for examples (RFC 2606), so it can
/// never be someone's real account.
pub const FIRST_LAUNCH_ADMIN_ACCOUNT: &str = "admin@example.com";

impl Organization {
    /// A fresh organization with one Administrator, signed in, so the app is usable at once.
    pub fn new_first_launch(now: Timestamp) -> Organization {
        let admin = User {
            id: UserId(1),
            name: PersonName::trusted(FIRST_LAUNCH_ADMIN_NAME),
            account: ManagedAppleAccount::trusted(FIRST_LAUNCH_ADMIN_ACCOUNT),
            role: Role::Administrator,
            password_changed_at: None,
            left_at: None,
            created_at: now,
        };
        let name = OrganizationName(FIRST_LAUNCH_ORGANIZATION_NAME.to_string());
        let entry = ActivityEntry {
            at: now,
            actor: admin.id,
            actor_name: admin.name.to_string(),
            action: ActivityKind::OrganizationCreated,
            subject: Subject::Organization,
            subject_name: name.0.clone(),
            detail: format!(
                "created with {} ({}) as Administrator",
                admin.name, admin.account
            ),
        };
        Organization {
            name,
            signed_in: admin.id,
            users: vec![admin],
            servers: Vec::new(),
            defaults: Defaults::default(),
            activity: vec![entry],
            settings: Settings::default(),
            next_id: 2,
        }
    }

    // ----- reading -----

    /// The organization's name.
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// Everyone, current and former, in the order they were added.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// Current members, in the order they were added.
    pub fn active_users(&self) -> Vec<&User> {
        self.users.iter().filter(|u| u.is_active()).collect()
    }

    /// Former members.
    pub fn former_users(&self) -> Vec<&User> {
        self.users.iter().filter(|u| !u.is_active()).collect()
    }

    /// A person by id, current or former.
    pub fn user(&self, id: UserId) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// Who is signed in.
    pub fn signed_in(&self) -> UserId {
        self.signed_in
    }

    /// The signed-in person (always present in a consistent organization).
    pub fn signed_in_user(&self) -> Option<&User> {
        self.user(self.signed_in)
    }

    /// Whether the signed-in person may do `permission`; the `Err` is the sentence to show
    /// beside the disabled control.
    pub fn may(&self, permission: Permission) -> Result<(), PermissionDenied> {
        let role = self.signed_in_user().map_or(Role::Staff, |u| u.role);
        can(role, permission)
    }

    /// Servers in the order they were added.
    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    /// A server by id.
    pub fn server(&self, id: ServerId) -> Option<&Server> {
        self.servers.iter().find(|s| s.id == id)
    }

    /// All defaults.
    pub fn defaults(&self) -> &Defaults {
        &self.defaults
    }

    /// The default server for a device type.
    pub fn default_for(&self, device_type: DeviceType) -> Option<ServerId> {
        self.defaults.get(device_type)
    }

    /// The device types `server` is the default for, in Apple's order (what a delete dialog must
    /// ask about).
    pub fn defaults_for(&self, server: ServerId) -> Vec<DeviceType> {
        DeviceType::ALL
            .into_iter()
            .filter(|t| self.defaults.get(*t) == Some(server))
            .collect()
    }

    /// The server's current token (the latest one not replaced), if any.
    pub fn active_token(&self, server: ServerId) -> Option<&TokenRecord> {
        self.server(server)?
            .tokens
            .iter()
            .rev()
            .find(|t| t.replaced_at.is_none())
    }

    /// The facts about whoever downloaded `token` that decide whether it still works.
    pub fn downloader_facts(&self, token: &TokenRecord) -> Option<DownloaderFacts> {
        self.user(token.downloaded_by).map(|u| DownloaderFacts {
            user: u.id,
            name: u.name.to_string(),
            password_changed_at: u.password_changed_at,
            left_at: u.left_at,
        })
    }

    /// What the token lifecycle needs to know about whoever downloaded `token`.
    fn token_downloader(&self, token: &TokenRecord) -> Option<token::DownloaderFacts> {
        self.downloader_facts(token)
            .map(|facts| token::DownloaderFacts {
                name: facts.name,
                password_changed_at: facts.password_changed_at,
                left_at: facts.left_at,
            })
    }

    /// The status of a server's current token at `now`: the one place the list, the server
    /// page and the banner get it from, so they always agree. `None` for an unknown server.
    pub fn token_status(&self, server: ServerId, now: Timestamp) -> Option<TokenStatus> {
        let server = self.server(server)?;
        let active = self.active_token(server.id);
        let downloader = active.and_then(|token| self.token_downloader(token));
        Some(token::token_status(&TokenFacts {
            active,
            certificate_replaced_at: server.certificate_replaced_at,
            downloader,
            now,
            expiring_soon_days: self.settings.expiring_soon_days,
        }))
    }

    /// How each of a server's tokens ended (or that it is still active), oldest first.
    pub fn token_history(&self, server: ServerId, now: Timestamp) -> Vec<(&TokenRecord, TokenEnd)> {
        let Some(server) = self.server(server) else {
            return Vec::new();
        };
        let replacements: Vec<Timestamp> = server
            .certificate_history
            .iter()
            .map(|old| old.replaced_at)
            .collect();
        server
            .tokens
            .iter()
            .map(|record| {
                let downloader = self.token_downloader(record);
                let end = token::how_it_ended(
                    record,
                    &HistoryFacts {
                        certificate_replacements: &replacements,
                        downloader: downloader.as_ref(),
                        now,
                    },
                );
                (record, end)
            })
            .collect()
    }

    /// The log, oldest first; use [`crate::domain::activity::filter_activity`] for the newest
    /// first listing.
    pub fn activity(&self) -> &[ActivityEntry] {
        &self.activity
    }

    /// Settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Checks a server name as the admin types it: against every other server, excluding
    /// `renaming` (the server being renamed) so it may change only the case of its own name.
    pub fn check_server_name(
        &self,
        input: &str,
        renaming: Option<ServerId>,
    ) -> Result<ServerName, ServerNameError> {
        ServerName::parse(
            input,
            self.servers
                .iter()
                .filter(|s| Some(s.id) != renaming)
                .map(|s| &s.name),
        )
    }

    /// Checks an account as the admin types it: against every active person except `editing`.
    pub fn check_account(
        &self,
        input: &str,
        editing: Option<UserId>,
    ) -> Result<ManagedAppleAccount, UserError> {
        ManagedAppleAccount::parse(
            input,
            self.users
                .iter()
                .filter(|u| u.is_active() && Some(u.id) != editing)
                .map(|u| (&u.account, u.name.as_str())),
        )
    }

    // ----- commands: organization -----

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

    // ----- commands: people -----

    /// Adds a person. Needs `ManageUsers`, and `ManageAdministrators` to add an Administrator.
    pub fn add_user(
        &mut self,
        name: &str,
        account: &str,
        role: Role,
        now: Timestamp,
    ) -> Result<UserId, OrgError> {
        let actor = self.require(Permission::ManageUsers)?;
        if role == Role::Administrator {
            can(actor.role, Permission::ManageAdministrators)?;
        }
        let name = PersonName::parse(name)?;
        let account = self.check_account(account, None)?;
        let id = UserId(self.allocate_id()?);
        let detail = format!("added as {} with account {}", role.label(), account);
        let subject_name = name.to_string();
        self.users.push(User {
            id,
            name,
            account,
            role,
            password_changed_at: None,
            left_at: None,
            created_at: now,
        });
        self.log(
            &actor,
            now,
            ActivityKind::UserAdded,
            Subject::User,
            subject_name,
            detail,
        );
        Ok(id)
    }

    /// Changes a current member's name, account and role. Needs `ManageUsers`; touching an
    /// Administrator or granting the role also needs `ManageAdministrators`. The last active
    /// Administrator cannot be demoted.
    pub fn edit_user(
        &mut self,
        id: UserId,
        name: &str,
        account: &str,
        role: Role,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::ManageUsers)?;
        let target = self.active_user(id)?.clone();
        if target.role == Role::Administrator || role == Role::Administrator {
            can(actor.role, Permission::ManageAdministrators)?;
        }
        let name = PersonName::parse(name)?;
        let account = self.check_account(account, Some(id))?;
        if target.role == Role::Administrator && role != Role::Administrator {
            self.ensure_not_last_admin(&target)?;
        }
        let mut changes = Vec::new();
        if name != target.name {
            changes.push(format!("name “{}” → “{}”", target.name, name));
        }
        if account != target.account {
            changes.push(format!("account {} → {}", target.account, account));
        }
        if role != target.role {
            changes.push(format!("role {} → {}", target.role.label(), role.label()));
        }
        if changes.is_empty() {
            return Ok(());
        }
        let subject_name = name.to_string();
        if let Some(user) = self.users.iter_mut().find(|u| u.id == id) {
            user.name = name;
            user.account = account;
            user.role = role;
        }
        self.log(
            &actor,
            now,
            ActivityKind::UserEdited,
            Subject::User,
            subject_name,
            changes.join("; "),
        );
        Ok(())
    }

    /// Removes a person: they are kept as a former member with `left_at = now` (for history and
    /// token status), and tokens they downloaded stop working. Checks, in order: permission
    /// (`ManageUsers`, plus `ManageAdministrators` for an Administrator), that they are a current
    /// member, the last-Administrator rule, and that you are not removing yourself.
    pub fn remove_user(&mut self, id: UserId, now: Timestamp) -> Result<(), OrgError> {
        let actor = self.require(Permission::ManageUsers)?;
        let target = self.active_user(id)?.clone();
        if target.role == Role::Administrator {
            can(actor.role, Permission::ManageAdministrators)?;
            self.ensure_not_last_admin(&target)?;
        }
        if id == actor.id {
            return Err(OrgError::CannotRemoveYourself);
        }
        let tokens = self.active_tokens_downloaded_by(id);
        if let Some(user) = self.users.iter_mut().find(|u| u.id == id) {
            user.left_at = Some(now);
        }
        self.log(
            &actor,
            now,
            ActivityKind::UserRemoved,
            Subject::User,
            target.name.to_string(),
            format!(
                "{} ({}) left the organization{}",
                target.name,
                target.role.label(),
                tokens_stop_working(tokens)
            ),
        );
        Ok(())
    }

    /// Resets a current member's password (`password_changed_at = now`); tokens they downloaded
    /// stop working. Anyone may reset their own; others need `ResetPasswords`, plus
    /// `ManageAdministrators` for an Administrator.
    pub fn reset_password(&mut self, id: UserId, now: Timestamp) -> Result<(), OrgError> {
        let actor = self.actor()?;
        let target = self.active_user(id)?.clone();
        if id != actor.id {
            can(actor.role, Permission::ResetPasswords)?;
            if target.role == Role::Administrator {
                can(actor.role, Permission::ManageAdministrators)?;
            }
        }
        let tokens = self.active_tokens_downloaded_by(id);
        if let Some(user) = self.users.iter_mut().find(|u| u.id == id) {
            user.password_changed_at = Some(now);
        }
        self.log(
            &actor,
            now,
            ActivityKind::PasswordReset,
            Subject::User,
            target.name.to_string(),
            format!("password reset{}", tokens_stop_working(tokens)),
        );
        Ok(())
    }

    /// Switches who is signed in (the app simulates signing in; no password). Any current member.
    pub fn sign_in_as(&mut self, id: UserId, now: Timestamp) -> Result<(), OrgError> {
        let previous = self.actor()?;
        let target = self.active_user(id)?.clone();
        if id == previous.id {
            return Ok(());
        }
        self.signed_in = id;
        let actor = Actor {
            id,
            name: target.name.to_string(),
            role: target.role,
        };
        self.log(
            &actor,
            now,
            ActivityKind::SignedIn,
            Subject::User,
            target.name.to_string(),
            format!(
                "signed in as {}, replacing {}",
                target.role.label(),
                previous.name
            ),
        );
        Ok(())
    }

    // ----- commands: servers -----

    /// Adds an MDM server; returns its id. `allow_release_devices` should come from a checkbox
    /// that starts unticked (see [`Server::allow_release_devices`]).
    pub fn add_server(
        &mut self,
        name: &str,
        certificate: StoredCertificate,
        allow_release_devices: bool,
        now: Timestamp,
    ) -> Result<ServerId, OrgError> {
        let actor = self.require(Permission::AddServer)?;
        let name = self.check_server_name(name, None)?;
        let id = ServerId(self.allocate_id()?);
        let detail = format!(
            "certificate “{}” (SHA-256 {}); may release devices: {}",
            certificate.subject,
            short_fingerprint(&certificate.sha256_hex),
            yes_no(allow_release_devices)
        );
        let subject_name = name.to_string();
        self.servers.push(Server {
            id,
            name,
            certificate,
            allow_release_devices,
            added_at: now,
            added_by: actor.id,
            certificate_history: Vec::new(),
            certificate_replaced_at: None,
            tokens: Vec::new(),
        });
        self.log(
            &actor,
            now,
            ActivityKind::ServerAdded,
            Subject::Server,
            subject_name,
            detail,
        );
        Ok(id)
    }

    /// Renames a server.
    pub fn rename_server(
        &mut self,
        id: ServerId,
        name: &str,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::EditServer)?;
        let old = self.existing_server(id)?.name.clone();
        let name = self.check_server_name(name, Some(id))?;
        if name.as_str() == old.as_str() {
            return Ok(());
        }
        let subject_name = name.to_string();
        if let Some(server) = self.server_mut(id) {
            server.name = name;
        }
        self.log(
            &actor,
            now,
            ActivityKind::ServerRenamed,
            Subject::Server,
            subject_name.clone(),
            format!("renamed from “{old}” to “{subject_name}”"),
        );
        Ok(())
    }

    /// Replaces a server's certificate: the old one goes into its history and
    /// `certificate_replaced_at` is set. Tokens made for the old certificate can no longer be
    /// decrypted by the server, so the log says a new token is needed.
    pub fn replace_certificate(
        &mut self,
        id: ServerId,
        certificate: StoredCertificate,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::EditServer)?;
        let server = self.existing_server(id)?;
        if server
            .certificate
            .sha256_hex
            .eq_ignore_ascii_case(&certificate.sha256_hex)
        {
            return Err(OrgError::SameCertificate);
        }
        let had_token = self.active_token(id).is_some();
        let mut detail = String::new();
        let mut subject_name = String::new();
        if let Some(server) = self.server_mut(id) {
            detail = format!(
                "certificate SHA-256 {} replaced by {}",
                short_fingerprint(&server.certificate.sha256_hex),
                short_fingerprint(&certificate.sha256_hex)
            );
            if had_token {
                detail.push_str(
                    "; the current token was made for the old certificate, download a new one",
                );
            }
            subject_name = server.name.to_string();
            let old = std::mem::replace(&mut server.certificate, certificate);
            server.certificate_history.push(ReplacedCertificate {
                sha256_hex: old.sha256_hex,
                subject: old.subject,
                replaced_at: now,
                replaced_by: actor.id,
            });
            server.certificate_replaced_at = Some(now);
        }
        self.log(
            &actor,
            now,
            ActivityKind::CertificateReplaced,
            Subject::Server,
            subject_name,
            detail,
        );
        Ok(())
    }

    /// Turns "Allow this MDM server to release devices" on or off.
    pub fn set_allow_release(
        &mut self,
        id: ServerId,
        allow: bool,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::EditServer)?;
        let server = self.existing_server(id)?;
        if server.allow_release_devices == allow {
            return Ok(());
        }
        let subject_name = server.name.to_string();
        if let Some(server) = self.server_mut(id) {
            server.allow_release_devices = allow;
        }
        self.log(
            &actor,
            now,
            ActivityKind::ReleaseSettingChanged,
            Subject::Server,
            subject_name,
            if allow {
                "may now release devices from the organization".to_string()
            } else {
                "may no longer release devices".to_string()
            },
        );
        Ok(())
    }

    /// Chooses the default server for a device type, or none.
    pub fn set_default(
        &mut self,
        device_type: DeviceType,
        server: Option<ServerId>,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::SetDefaults)?;
        if let Some(id) = server {
            self.existing_server(id)?;
        }
        let old = self.defaults.get(device_type);
        if old == server {
            return Ok(());
        }
        let detail = format!(
            "default for {device_type} changed from {} to {}",
            self.server_label(old),
            self.server_label(server)
        );
        *self.defaults.slot(device_type) = server;
        self.log(
            &actor,
            now,
            ActivityKind::DefaultChanged,
            Subject::Default,
            device_type.label().to_string(),
            detail,
        );
        Ok(())
    }

    /// Deletes a server. If it is the default for any device type, `reassign` must say, for
    /// each of exactly those types, where the default goes (another server, or `None` for no
    /// default); [`Organization::defaults_for`] lists them. Its token records go with it.
    pub fn delete_server(
        &mut self,
        id: ServerId,
        reassign: &[(DeviceType, Option<ServerId>)],
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::DeleteServer)?;
        let server = self.existing_server(id)?;
        let server_name = server.name.to_string();
        let token_count = server.tokens.len();
        let needed = self.defaults_for(id);
        let mut seen: Vec<DeviceType> = Vec::new();
        for &(device_type, target) in reassign {
            if !needed.contains(&device_type) {
                return Err(OrgError::ReassignmentNotNeeded { device_type });
            }
            if seen.contains(&device_type) {
                return Err(OrgError::ReassignedTwice { device_type });
            }
            seen.push(device_type);
            if let Some(target) = target {
                if target == id {
                    return Err(OrgError::ReassignedToDeletedServer { device_type });
                }
                self.existing_server(target)?;
            }
        }
        let missing: Vec<DeviceType> = needed
            .iter()
            .copied()
            .filter(|t| !seen.contains(t))
            .collect();
        if !missing.is_empty() {
            return Err(OrgError::DefaultsNeedReassignment {
                server: server_name,
                device_types: missing,
            });
        }
        let mut moves = Vec::new();
        for &(device_type, target) in reassign {
            moves.push(format!(
                "default for {device_type} moved to {}",
                self.server_label(target)
            ));
            *self.defaults.slot(device_type) = target;
        }
        self.servers.retain(|s| s.id != id);
        let mut detail = format!("deleted with {token_count} token record(s)");
        for m in moves {
            detail.push_str("; ");
            detail.push_str(&m);
        }
        self.log(
            &actor,
            now,
            ActivityKind::ServerDeleted,
            Subject::Server,
            server_name,
            detail,
        );
        Ok(())
    }

    /// Records a downloaded token: any previous active token of the server is marked replaced at
    /// `now`, so each server has at most one active token. The token must be for the server's
    /// current certificate and downloaded by the signed-in person.
    pub fn record_token(
        &mut self,
        id: ServerId,
        token: TokenRecord,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::DownloadToken)?;
        let server = self.existing_server(id)?;
        if !server
            .certificate
            .sha256_hex
            .eq_ignore_ascii_case(&token.certificate_sha256)
        {
            return Err(OrgError::TokenCertificateMismatch {
                server: server.name.to_string(),
            });
        }
        if token.downloaded_by != actor.id {
            return Err(OrgError::TokenDownloaderMismatch);
        }
        if self
            .servers
            .iter()
            .any(|s| s.tokens.iter().any(|t| t.id == token.id))
        {
            return Err(OrgError::TokenAlreadyRecorded);
        }
        let mut detail = format!(
            "token {} downloaded; expires {}",
            token.id,
            token.expires_at.date_string()
        );
        let mut subject_name = String::new();
        if let Some(server) = self.server_mut(id) {
            for old in server.tokens.iter_mut().filter(|t| t.replaced_at.is_none()) {
                old.replaced_at = Some(now);
                detail.push_str(&format!("; replaces token {}", old.id));
            }
            let mut token = token;
            token.replaced_at = None;
            server.tokens.push(token);
            subject_name = server.name.to_string();
        }
        self.log(
            &actor,
            now,
            ActivityKind::TokenDownloaded,
            Subject::Server,
            subject_name,
            detail,
        );
        Ok(())
    }

    // ----- internals -----

    fn actor(&self) -> Result<Actor, OrgError> {
        let user = self
            .user(self.signed_in)
            .filter(|u| u.is_active())
            .ok_or_else(|| OrgError::Inconsistent {
                reason: "the signed-in person is not a current member".to_string(),
            })?;
        Ok(Actor {
            id: user.id,
            name: user.name.to_string(),
            role: user.role,
        })
    }

    fn require(&self, permission: Permission) -> Result<Actor, OrgError> {
        let actor = self.actor()?;
        can(actor.role, permission)?;
        Ok(actor)
    }

    fn active_user(&self, id: UserId) -> Result<&User, OrgError> {
        let user = self.user(id).ok_or(OrgError::UnknownUser(id))?;
        match user.left_at {
            Some(left_at) => Err(OrgError::UserHasLeft {
                name: user.name.to_string(),
                left_at,
            }),
            None => Ok(user),
        }
    }

    fn existing_server(&self, id: ServerId) -> Result<&Server, OrgError> {
        self.server(id).ok_or(OrgError::UnknownServer(id))
    }

    fn server_mut(&mut self, id: ServerId) -> Option<&mut Server> {
        self.servers.iter_mut().find(|s| s.id == id)
    }

    fn server_label(&self, id: Option<ServerId>) -> String {
        match id.and_then(|id| self.server(id)) {
            Some(s) => format!("“{}”", s.name),
            None => "no default".to_string(),
        }
    }

    fn ensure_not_last_admin(&self, target: &User) -> Result<(), OrgError> {
        let other_admins = self
            .users
            .iter()
            .filter(|u| u.is_active() && u.role == Role::Administrator && u.id != target.id)
            .count();
        if other_admins == 0 {
            Err(OrgError::LastAdministrator {
                name: target.name.to_string(),
            })
        } else {
            Ok(())
        }
    }

    fn active_tokens_downloaded_by(&self, id: UserId) -> usize {
        self.servers
            .iter()
            .flat_map(|s| s.tokens.iter())
            .filter(|t| t.replaced_at.is_none() && t.downloaded_by == id)
            .count()
    }

    fn allocate_id(&mut self) -> Result<u64, OrgError> {
        let id = self.next_id;
        self.next_id = id.checked_add(1).ok_or(OrgError::IdsExhausted)?;
        Ok(id)
    }

    fn log(
        &mut self,
        actor: &Actor,
        now: Timestamp,
        action: ActivityKind,
        subject: Subject,
        subject_name: String,
        detail: String,
    ) {
        self.activity.push(ActivityEntry {
            at: now,
            actor: actor.id,
            actor_name: actor.name.clone(),
            action,
            subject,
            subject_name,
            detail,
        });
    }

    /// The rules every stored organization must satisfy; checked on load so a corrupted or
    /// hand-edited state is reported instead of misbehaving later.
    fn check_invariants(&self) -> Result<(), OrgError> {
        let bad = |reason: String| Err(OrgError::Inconsistent { reason });
        let mut user_ids: Vec<u64> = self.users.iter().map(|u| u.id.0).collect();
        let mut server_ids: Vec<u64> = self.servers.iter().map(|s| s.id.0).collect();
        let mut all: Vec<u64> = user_ids.iter().chain(server_ids.iter()).copied().collect();
        all.sort_unstable();
        if all.windows(2).any(|w| w[0] == w[1]) {
            return bad("two records share an id".to_string());
        }
        if all.last().is_some_and(|max| *max >= self.next_id) {
            return bad("the id counter is behind the ids in use".to_string());
        }
        user_ids.sort_unstable();
        server_ids.sort_unstable();
        let known_user = |id: UserId| user_ids.binary_search(&id.0).is_ok();
        if self.user(self.signed_in).is_none_or(|u| !u.is_active()) {
            return bad("the signed-in person is not a current member".to_string());
        }
        let active: Vec<&User> = self.users.iter().filter(|u| u.is_active()).collect();
        if !active.iter().any(|u| u.role == Role::Administrator) {
            return bad("there is no current Administrator".to_string());
        }
        for (i, a) in active.iter().enumerate() {
            if let Some(b) = active[i + 1..]
                .iter()
                .find(|b| b.account.same_as(&a.account))
            {
                return bad(format!("{} and {} share an account", a.name, b.name));
            }
        }
        let mut names: Vec<&ServerName> = self.servers.iter().map(|s| &s.name).collect();
        names.sort_unstable_by(|a, b| a.key().cmp(b.key()));
        if let Some(pair) = names.windows(2).find(|w| w[0].same_as(w[1])) {
            return bad(format!("two servers are named “{}”", pair[0]));
        }
        for s in &self.servers {
            if !known_user(s.added_by)
                || s.tokens.iter().any(|t| !known_user(t.downloaded_by))
                || s.certificate_history
                    .iter()
                    .any(|c| !known_user(c.replaced_by))
            {
                return bad(format!("“{}” refers to an unknown person", s.name));
            }
            if s.tokens.iter().filter(|t| t.replaced_at.is_none()).count() > 1 {
                return bad(format!("“{}” has more than one active token", s.name));
            }
        }
        for t in DeviceType::ALL {
            if let Some(id) = self.defaults.get(t) {
                if server_ids.binary_search(&id.0).is_err() {
                    return bad(format!(
                        "the default for {t} is a server that does not exist"
                    ));
                }
            }
        }
        if !(1..=MAX_EXPIRING_SOON_DAYS).contains(&self.settings.expiring_soon_days) {
            return bad(format!(
                "“expiring soon” is set to {} days",
                self.settings.expiring_soon_days
            ));
        }
        Ok(())
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// First 16 hex digits, enough to tell certificates apart in the log.
fn short_fingerprint(hex: &str) -> String {
    let short: String = hex.chars().take(16).collect();
    if hex.chars().count() > 16 {
        format!("{short}…")
    } else {
        short
    }
}

fn tokens_stop_working(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => "; 1 server token they downloaded stops working".to_string(),
        n => format!("; {n} server tokens they downloaded stop working"),
    }
}
