//! Every change to the organization as a value. A view never mutates an organization it holds:
//! it names the change as a [`Command`], and whoever owns the newest state applies it there
//! with [`Organization::apply`]. So no command can work on a stale copy, and the same command
//! can be applied again to a newer state (another tab's save) and either still hold or be
//! refused with a plain reason.

use super::{DeviceType, OrgError, Organization, StoredCertificate};
use crate::domain::ids::{ServerId, UserId};
use crate::domain::time::Timestamp;
use crate::domain::token::TokenRecord;
use crate::domain::users::Role;

/// A change an admin asks for, with everything it needs except "now" and who is signed in
/// (both come from the state it is applied to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Rename the organization.
    RenameOrganization {
        /// The name as typed.
        name: String,
    },
    /// Set how many days before expiry a token counts as expiring soon.
    SetExpiringSoonDays {
        /// 1 to 365.
        days: u32,
    },
    /// Add a person.
    AddUser {
        /// Their name as typed.
        name: String,
        /// Their Managed Apple Account as typed.
        account: String,
        /// Their role.
        role: Role,
    },
    /// Change a person's name, account and role.
    EditUser {
        /// Who.
        id: UserId,
        /// The new name as typed.
        name: String,
        /// The new account as typed.
        account: String,
        /// The new role.
        role: Role,
    },
    /// Remove a person (kept as a former member).
    RemoveUser {
        /// Who.
        id: UserId,
    },
    /// Record that a person changed their password.
    RecordPasswordChange {
        /// Who.
        id: UserId,
    },
    /// Switch who is signed in.
    SignInAs {
        /// Who.
        id: UserId,
    },
    /// Link a new MDM server.
    AddServer {
        /// Its name as typed.
        name: String,
        /// Its public key certificate, accepted by the check.
        certificate: StoredCertificate,
        /// "Allow this MDM server to release devices".
        allow_release_devices: bool,
    },
    /// Rename a server.
    RenameServer {
        /// Which.
        id: ServerId,
        /// The name the admin saw when they started renaming: if another window renamed the
        /// server since, this rename is refused rather than silently overwriting that one.
        from: String,
        /// The new name as typed.
        name: String,
    },
    /// Replace a server's public key certificate.
    ReplaceCertificate {
        /// Which.
        id: ServerId,
        /// The new certificate.
        certificate: StoredCertificate,
    },
    /// Turn "Allow this MDM server to release devices" on or off.
    SetAllowRelease {
        /// Which.
        id: ServerId,
        /// On or off.
        allow: bool,
    },
    /// Choose the default server for a device type, or none.
    SetDefault {
        /// The device type.
        device_type: DeviceType,
        /// The server, or `None` for no default.
        server: Option<ServerId>,
    },
    /// Delete a server, saying where each of its defaults goes.
    DeleteServer {
        /// Which.
        id: ServerId,
        /// For each device type it is the default for: the new default, or none.
        reassign: Vec<(DeviceType, Option<ServerId>)>,
    },
    /// Archive the oldest activity entries, after their CSV download.
    ArchiveActivity {
        /// How many (what [`Organization::archivable_activity`] offered).
        entries: usize,
    },
    /// Replace the whole organization with a backup's (after the admin saw the import plan).
    Import {
        /// The backup's organization.
        organization: Box<Organization>,
        /// The organization the plan was made against: if the current one differs (another
        /// window changed something since), the import is refused rather than wiping that.
        over: Box<Organization>,
    },
    /// Record a token just made for a server.
    RecordToken {
        /// Which server.
        server: ServerId,
        /// What to keep about the token.
        token: TokenRecord,
    },
}

/// What a command that succeeded created, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The change was made (or there was nothing to change).
    Done,
    /// A person was added, with this id.
    UserAdded(UserId),
    /// A server was linked, with this id.
    ServerAdded(ServerId),
}

impl Command {
    /// What the command asks for, in a few words, for a message about it ("rename “Lab
    /// Macs”"). Names come from `org`, the state the command was first applied to.
    pub fn describe(&self, org: &Organization) -> String {
        let server = |id: &ServerId| {
            org.server(*id)
                .map_or_else(|| "a server".to_string(), |s| format!("“{}”", s.name))
        };
        let person = |id: &UserId| {
            org.user(*id)
                .map_or_else(|| "a person".to_string(), |u| u.name.to_string())
        };
        match self {
            Command::RenameOrganization { name } => format!("rename the organization to “{name}”"),
            Command::SetExpiringSoonDays { days } => {
                format!(
                    "warn {} before tokens expire",
                    crate::domain::text::count(*days, "day", "days")
                )
            }
            Command::AddUser { name, .. } => format!("add {name}"),
            Command::EditUser { id, .. } => format!("change {}", person(id)),
            Command::RemoveUser { id } => format!("remove {}", person(id)),
            Command::RecordPasswordChange { id } => {
                format!("record a password change for {}", person(id))
            }
            Command::SignInAs { id } => format!("sign in as {}", person(id)),
            Command::AddServer { name, .. } => format!("add the MDM server “{name}”"),
            Command::RenameServer { from, name, .. } => format!("rename “{from}” to “{name}”"),
            Command::ReplaceCertificate { id, .. } => {
                format!("replace the certificate of {}", server(id))
            }
            Command::SetAllowRelease { id, allow } => format!(
                "{} {} to release devices",
                if *allow { "allow" } else { "stop allowing" },
                server(id)
            ),
            Command::SetDefault {
                device_type,
                server: target,
            } => match target {
                Some(id) => format!("make {} the default for {device_type}", server(id)),
                None => format!("clear the default for {device_type}"),
            },
            Command::DeleteServer { id, .. } => format!("delete {}", server(id)),
            Command::ArchiveActivity { entries } => {
                format!(
                    "archive {}",
                    crate::domain::text::count(
                        *entries,
                        "old activity entry",
                        "old activity entries"
                    )
                )
            }
            Command::Import { organization, .. } => {
                format!("import the backup of “{}”", organization.name())
            }
            Command::RecordToken { server: id, .. } => {
                format!("record the token downloaded for {}", server(id))
            }
        }
    }
}

impl Organization {
    /// Applies `command` as the signed-in person at `now`. On `Err` nothing changed.
    pub fn apply(&mut self, command: &Command, now: Timestamp) -> Result<Outcome, OrgError> {
        let done = |r: Result<(), OrgError>| r.map(|()| Outcome::Done);
        match command {
            Command::RenameOrganization { name } => done(self.rename_organization(name, now)),
            Command::SetExpiringSoonDays { days } => done(self.set_expiring_soon_days(*days, now)),
            Command::AddUser {
                name,
                account,
                role,
            } => self
                .add_user(name, account, *role, now)
                .map(Outcome::UserAdded),
            Command::EditUser {
                id,
                name,
                account,
                role,
            } => done(self.edit_user(*id, name, account, *role, now)),
            Command::RemoveUser { id } => done(self.remove_user(*id, now)),
            Command::RecordPasswordChange { id } => done(self.record_password_change(*id, now)),
            Command::SignInAs { id } => done(self.sign_in_as(*id, now)),
            Command::AddServer {
                name,
                certificate,
                allow_release_devices,
            } => self
                .add_server(name, certificate.clone(), *allow_release_devices, now)
                .map(Outcome::ServerAdded),
            Command::RenameServer { id, from, name } => {
                done(self.rename_server_from(*id, from, name, now))
            }
            Command::ReplaceCertificate { id, certificate } => {
                done(self.replace_certificate(*id, certificate.clone(), now))
            }
            Command::SetAllowRelease { id, allow } => {
                done(self.set_allow_release(*id, *allow, now))
            }
            Command::SetDefault {
                device_type,
                server,
            } => done(self.set_default(*device_type, *server, now)),
            Command::DeleteServer { id, reassign } => done(self.delete_server(*id, reassign, now)),
            Command::ArchiveActivity { entries } => done(self.archive_activity(*entries, now)),
            Command::Import { organization, over } => done(self.import(organization, over)),
            Command::RecordToken { server, token } => {
                done(self.record_token(*server, token.clone(), now))
            }
        }
    }
}

impl Organization {
    /// Renames server `id`, if it is still called `from` (what the admin saw).
    fn rename_server_from(
        &mut self,
        id: ServerId,
        from: &str,
        name: &str,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let current = self.existing_server(id)?.name.as_str();
        if current != from {
            return Err(OrgError::RenamedElsewhere {
                from: from.to_string(),
                to: current.to_string(),
            });
        }
        self.rename_server(id, name, now)
    }

    /// Replaces everything with `organization` (a validated backup), if this is still `over`,
    /// the state the admin previewed the import against. Only an Administrator may: it can
    /// change people and roles. Not logged: the log becomes the backup's own, so exporting
    /// again gives the same file.
    fn import(&mut self, organization: &Organization, over: &Organization) -> Result<(), OrgError> {
        self.require(crate::domain::permissions::Permission::ManageAdministrators)?;
        if self != over {
            return Err(OrgError::ImportOutdated);
        }
        *self = organization.clone();
        Ok(())
    }
}
