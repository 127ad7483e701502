//! Re-applying a tab's unsaved commands on top of another tab's newer save.
//!
//! Two tabs start from the same stored revision. Tab B saves first; tab A then finds B's newer
//! revision and must not overwrite it. So A replays its pending commands, in order and each with
//! the time it was first applied, on B's state ([`rebase`]). A command that still holds is kept;
//! one that no longer holds is refused with the core's reason and changes nothing.
//!
//! Ids need care: both tabs allocate from the same counter, so A's new server may get another
//! id on B's state than it got in A. Later pending commands that name A's new server (a default
//! set to it, a rename) follow it to its new id; if its add was refused, they are refused too
//! rather than landing on whatever B gave that id. The caller is told where each id went, so a
//! view showing the old id can follow.
//!
//! What counts as "no longer holds" is each command's own check: a server or person deleted
//! elsewhere is unknown; a name taken elsewhere is a duplicate; a rename whose server was
//! renamed elsewhere first is refused (the command carries the name the admin saw). Commands
//! that set a value the admin chose (a default, the release setting, a role) apply on top:
//! the later choice wins, as it would in one tab.

use super::{Command, OrgError, Organization, Outcome};
use crate::domain::ids::{ServerId, UserId};
use crate::domain::time::Timestamp;

/// A command applied in this tab and not yet saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The change.
    pub command: Command,
    /// When it was first applied (kept in the log entry when re-applied).
    pub at: Timestamp,
    /// What it created in this tab (a new server's or person's id), to follow on replay.
    pub outcome: Outcome,
}

/// Where an id allocated in this tab went on the newer state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moved<Id> {
    /// It is now this id.
    To(Id),
    /// Its add was refused: it does not exist there.
    Gone,
}

/// The result of [`rebase`].
#[derive(Clone, Debug, PartialEq)]
pub struct Rebased {
    /// The newer state with every command that still holds applied.
    pub org: Organization,
    /// One sentence per refused command, naming it as the admin saw it.
    pub refused: Vec<String>,
    /// Servers added here whose id changed (or that were not added) on the newer state.
    pub servers: Vec<(ServerId, Moved<ServerId>)>,
    /// People added here whose id changed (or who were not added).
    pub users: Vec<(UserId, Moved<UserId>)>,
}

/// Replays `pending` on `theirs` (another tab's newer state). `mine` is this tab's state, used
/// only to name refused commands the way the admin saw them.
pub fn rebase(theirs: Organization, pending: &[Pending], mine: &Organization) -> Rebased {
    let mut org = theirs;
    let mut ids = IdMap::default();
    let mut refused = Vec::new();
    for Pending {
        command,
        at,
        outcome,
    } in pending
    {
        let result = ids
            .follow(command)
            .and_then(|command| org.apply(&command, *at));
        match (outcome, result) {
            (Outcome::ServerAdded(old), Ok(Outcome::ServerAdded(new))) => {
                ids.servers.push((*old, Moved::To(new)));
            }
            (Outcome::UserAdded(old), Ok(Outcome::UserAdded(new))) => {
                ids.users.push((*old, Moved::To(new)));
            }
            (_, Ok(_)) => {}
            (outcome, Err(error)) => {
                match outcome {
                    Outcome::ServerAdded(old) => {
                        ids.servers.push((*old, Moved::Gone));
                    }
                    Outcome::UserAdded(old) => {
                        ids.users.push((*old, Moved::Gone));
                    }
                    Outcome::Done => {}
                }
                refused.push(format!(
                    "Your change “{}” was not saved: another window changed the organization \
                     first. {error}",
                    command.describe(mine)
                ));
            }
        }
    }
    // An id that stayed the same is not news; the lists are in the order of the adds.
    let servers = ids
        .servers
        .into_iter()
        .filter(|(old, moved)| *moved != Moved::To(*old))
        .collect();
    let users = ids
        .users
        .into_iter()
        .filter(|(old, moved)| *moved != Moved::To(*old))
        .collect();
    Rebased {
        org,
        refused,
        servers,
        users,
    }
}

/// Where this tab's new ids went during one replay (a handful at most: a linear list).
#[derive(Default)]
struct IdMap {
    servers: Vec<(ServerId, Moved<ServerId>)>,
    users: Vec<(UserId, Moved<UserId>)>,
}

impl IdMap {
    fn server(&self, id: ServerId) -> Result<ServerId, OrgError> {
        match self
            .servers
            .iter()
            .find(|(old, _)| *old == id)
            .map(|(_, moved)| moved)
        {
            None => Ok(id),
            Some(Moved::To(new)) => Ok(*new),
            Some(Moved::Gone) => Err(OrgError::UnknownServer(id)),
        }
    }

    fn user(&self, id: UserId) -> Result<UserId, OrgError> {
        match self
            .users
            .iter()
            .find(|(old, _)| *old == id)
            .map(|(_, moved)| moved)
        {
            None => Ok(id),
            Some(Moved::To(new)) => Ok(*new),
            Some(Moved::Gone) => Err(OrgError::UnknownUser(id)),
        }
    }

    /// `command` with every id it names followed to where it went.
    fn follow(&self, command: &Command) -> Result<Command, OrgError> {
        let mut command = command.clone();
        match &mut command {
            Command::EditUser { id, .. }
            | Command::RemoveUser { id }
            | Command::RecordPasswordChange { id }
            | Command::SignInAs { id } => *id = self.user(*id)?,
            Command::RenameServer { id, .. }
            | Command::ReplaceCertificate { id, .. }
            | Command::SetAllowRelease { id, .. } => *id = self.server(*id)?,
            Command::SetDefault { server, .. } => {
                *server = server.map(|id| self.server(id)).transpose()?;
            }
            Command::DeleteServer { id, reassign } => {
                *id = self.server(*id)?;
                for (_, to) in reassign.iter_mut() {
                    *to = to.map(|id| self.server(id)).transpose()?;
                }
            }
            Command::RecordToken { server, token } => {
                *server = self.server(*server)?;
                token.downloaded_by = self.user(token.downloaded_by)?;
            }
            Command::RenameOrganization { .. }
            | Command::SetExpiringSoonDays { .. }
            | Command::AddUser { .. }
            | Command::AddServer { .. }
            | Command::ArchiveActivity { .. }
            | Command::Import { .. } => {}
        }
        Ok(command)
    }
}
