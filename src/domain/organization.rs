//! The organization aggregate: people, MDM servers, default servers per device type, downloaded
//! token records, settings and the activity log, with every command an admin can run.
//!
//! Every command acts as the signed-in person, takes `now` from the edge, checks the permission
//! itself ([`crate::domain::permissions`]), validates, mutates and appends one
//! [`ActivityEntry`]. A command that would change nothing (renaming to the same name, signing in
//! as whoever is signed in) succeeds without logging, so the log only shows real changes. A
//! failed command changes nothing.
//!
//! This file keeps the type, its basic reads and the plumbing every command shares (who is
//! acting, ids, the log); each concern has its own child module:
//!
//! | module | what |
//! | --- | --- |
//! | `command` | [`Command`]: every change as a value, applied with [`Organization::apply`] |
//! | `servers` | servers: add, rename, replace the certificate, release setting, delete |
//! | `certificates` | a server's stored certificate and what may become one |
//! | `defaults` | default servers per device type |
//! | `people` | people and roles, the Administrator rules |
//! | `tokens` | recording downloads; token status and history |
//! | `settings` | the organization's name and settings |
//! | `activity_log` | the bounded activity log: what may be archived, archiving, last server change |
//! | `invariants` | the rules a loaded organization must satisfy |
//! | `rebase` | re-applying a tab's unsaved commands on another tab's newer save |
//! | `error` | [`OrgError`] |

mod activity_log;
mod certificates;
mod command;
mod defaults;
mod error;
mod invariants;
mod people;
pub mod rebase;
mod servers;
mod settings;
mod tokens;

pub use activity_log::{
    ActivityArchive, ACTIVITY_CHUNK, MAX_ACTIVITY_AGE_DAYS, MAX_ACTIVITY_ENTRIES,
};
pub use certificates::{CertificateNotAccepted, ReplacedCertificate, StoredCertificate};
pub use command::{Command, Outcome};
pub use defaults::{Defaults, DeviceType};
pub use error::OrgError;
pub use servers::Server;
pub use settings::{OrganizationName, Settings};

use serde::{Deserialize, Serialize};

use crate::domain::activity::{ActivityEntry, ActivityKind, Subject};
use crate::domain::ids::{ServerId, UserId};
use crate::domain::permissions::{can, Permission, PermissionDenied};
use crate::domain::time::Timestamp;
use crate::domain::users::{ManagedAppleAccount, PersonName, Role, User};

/// Longest organization name, in Unicode scalar values (trimmed, NFC).
pub const MAX_ORGANIZATION_NAME_CHARS: usize = 100;

/// Default for [`Settings::expiring_soon_days`]: a month's notice before a token's one-year
/// life ends gives an admin time to schedule the renewal.
pub const DEFAULT_EXPIRING_SOON_DAYS: u32 = 30;

/// Largest accepted [`Settings::expiring_soon_days`]: tokens live one year.
pub const MAX_EXPIRING_SOON_DAYS: u32 = 365;

/// Who is acting, copied out so commands can mutate the organization while logging.
pub(super) struct Actor {
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
    #[serde(default)]
    activity_archive: ActivityArchive,
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
    #[serde(default)]
    activity_archive: ActivityArchive,
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
            activity_archive: r.activity_archive,
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
            password_changes: Vec::new(),
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
            activity_archive: ActivityArchive::default(),
        }
    }

    /// The organization's name.
    pub fn name(&self) -> &str {
        self.name.as_str()
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

    /// The log, oldest first; use [`crate::domain::activity::filter_activity`] for the newest
    /// first listing.
    pub fn activity(&self) -> &[ActivityEntry] {
        &self.activity
    }

    /// Settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    // ----- for the storage layout (domain::persistence::layout) -----

    /// The name as stored.
    pub(crate) fn stored_name(&self) -> &OrganizationName {
        &self.name
    }

    /// The next id to hand out, as stored.
    pub(crate) fn next_id(&self) -> u64 {
        self.next_id
    }

    /// Gives every server its certificate's DER (base64) from `der`, which the storage layout
    /// keeps beside the root; stops at the first server `der` cannot serve.
    pub(crate) fn fill_certificate_der<E>(
        &mut self,
        mut der: impl FnMut(&Server) -> Result<String, E>,
    ) -> Result<(), E> {
        for server in &mut self.servers {
            let base64 = der(server)?;
            server.certificate.der_base64 = base64;
        }
        Ok(())
    }

    // ----- the plumbing every command shares -----

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
}
