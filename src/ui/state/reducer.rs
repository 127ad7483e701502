//! [`Action`], every way the state changes, and the one reducer that applies them to the newest
//! state (see the parent module).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::{AppState, Ask, StorageHealth};
use crate::domain::ids::ServerId;
use crate::domain::organization::rebase::{self, Moved, Pending};
use crate::domain::organization::{Command, OrgError, Organization, Outcome};
use crate::domain::persistence::StoredMeta;
use crate::domain::time::Timestamp;
use crate::ui::edges::clock;
use crate::ui::edges::storage_manager::Estimate;

/// Where the reducer leaves a command's result for the caller that dispatched it.
pub type Reply = Rc<RefCell<Option<Result<Outcome, OrgError>>>>;

/// Every way the state changes.
pub enum Action {
    /// Apply `command` to the newest organization at the time the reducer runs; the result goes
    /// into `reply`. On success the new organization is the state (and is saved); on failure
    /// nothing changes.
    Run {
        /// The change.
        command: Command,
        /// Receives the outcome.
        reply: Reply,
    },
    /// A save wrote `revision`, holding the first `saved` pending commands.
    Saved {
        /// The revision now stored.
        revision: u64,
        /// How many pending commands it holds.
        saved: usize,
        /// Closed activity chunks the root written refers to.
        closed: u64,
        /// Bytes the app's keys now hold.
        bytes: usize,
    },
    /// Another tab saved first: `org` is its state with this tab's first `saved` pending
    /// commands re-applied (`refused` says which no longer held), stored as `revision`.
    Rebased {
        /// The organization now stored.
        org: Organization,
        /// Its revision.
        revision: u64,
        /// How many pending commands were re-applied or refused.
        saved: usize,
        /// Closed chunks of the root written.
        closed: u64,
        /// This browser's facts as stored.
        meta: StoredMeta,
        /// A sentence per command that could not be re-applied.
        refused: Vec<String>,
        /// Servers added here whose id changed there.
        moved_servers: Vec<(ServerId, Moved<ServerId>)>,
        /// Bytes the app's keys now hold.
        bytes: usize,
    },
    /// Storage was read: the state to start from.
    Loaded(Box<AppState>),
    /// The browser's storage estimate, after a save.
    Estimated(Option<Estimate>),
    /// Saving failed.
    SaveFailed(String),
    /// The stored data vanished while the page was open.
    DeletedElsewhere,
    /// What another tab stored cannot be read by this release (newer) or at all.
    StoredUnreadable {
        /// Newer release (read-only) rather than damaged.
        newer: bool,
        /// The load error.
        error: String,
        /// What is stored.
        raw: String,
    },
    /// The admin asked to save again (after a failed save, or a deletion elsewhere).
    RetrySave,
    /// The admin confirmed replacing unreadable stored data with what is in memory.
    ReplaceUnreadable,
    /// A backup was exported now.
    BackupExported(Timestamp),
    /// The admin dismissed notice `n`.
    DismissNotice(usize),
    /// The clock moved on (timer, focus).
    Tick(Timestamp),
    /// Show a confirmation, or close it (`None`).
    Ask(Option<Rc<Ask>>),
    /// Announce what a change did (role=status), on the view showing now.
    Say(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Run { command, reply } => {
                // Before the stored organization is loaded there is only a placeholder to change.
                if self.loading {
                    reply.replace(Some(Err(OrgError::Busy)));
                    return self;
                }
                if self.read_only() {
                    reply.replace(Some(Err(OrgError::ReadOnly)));
                    return self;
                }
                let now = clock::now();
                let mut org = (*self.org).clone();
                let result = org.apply(&command, now);
                reply.replace(Some(result.clone()));
                let Ok(outcome) = result else {
                    return self;
                };
                next.org = Rc::new(org);
                Rc::make_mut(&mut next.pending).push(Pending {
                    command,
                    at: now,
                    outcome,
                });
                next.revision += 1;
                // What was just recorded happened "now": statuses must see it at once.
                next.now = now;
            }
            Action::Saved {
                revision,
                saved,
                closed,
                bytes,
            } => {
                next.base_revision = revision;
                next.stored_closed = closed;
                next.stored_bytes = bytes;
                next.legacy = false;
                next.force_write = false;
                next.meta_dirty = false;
                let pending = Rc::make_mut(&mut next.pending);
                pending.drain(..saved.min(pending.len()));
                if !matches!(next.storage, StorageHealth::Unavailable { .. }) {
                    next.storage = StorageHealth::Ok;
                }
            }
            Action::Rebased {
                org,
                revision,
                saved,
                closed,
                meta,
                refused,
                moved_servers,
                bytes,
            } => {
                // Commands applied here while the save ran are not in `org`: apply them on it
                // too, as the next save will.
                let pending = Rc::make_mut(&mut next.pending);
                pending.drain(..saved.min(pending.len()));
                let later = rebase::rebase(org, pending, &self.org);
                next.org = Rc::new(later.org);
                let mut refused = refused;
                refused.extend(later.refused);
                if !moved_servers.is_empty() {
                    next.moved_servers = Rc::new(moved_servers);
                }
                next.base_revision = revision;
                next.stored_closed = closed;
                next.stored_bytes = bytes;
                if saved > 0 {
                    next.legacy = false;
                }
                next.meta = meta;
                next.meta_dirty = false;
                next.force_write = false;
                if !refused.is_empty() {
                    Rc::make_mut(&mut next.notices).extend(refused);
                }
                next.storage = StorageHealth::Ok;
                next.now = clock::now();
                // Not a revision: what is stored now is this state.
            }
            Action::Loaded(state) => {
                let mut state = *state;
                state.generation = self.generation + 1;
                state.org_version = self.org_version + 1;
                return Rc::new(state);
            }
            Action::Estimated(estimate) => {
                if estimate == self.estimate {
                    return self;
                }
                next.estimate = estimate;
            }
            Action::SaveFailed(reason) => {
                let attempts = match &self.storage {
                    StorageHealth::SaveFailed { attempts, .. } => attempts + 1,
                    _ => 1,
                };
                next.storage = StorageHealth::SaveFailed { reason, attempts };
            }
            Action::DeletedElsewhere => next.storage = StorageHealth::DeletedElsewhere,
            Action::StoredUnreadable { newer, error, raw } => {
                let raw = Rc::new(raw);
                next.storage = if newer {
                    StorageHealth::NewerRelease { error, raw }
                } else {
                    StorageHealth::Unreadable { error, raw }
                };
            }
            Action::RetrySave => {
                if self.storage == StorageHealth::DeletedElsewhere {
                    next.storage = StorageHealth::Ok;
                    next.force_write = true;
                }
                next.revision += 1;
            }
            Action::ReplaceUnreadable => {
                if self.read_only() {
                    return self;
                }
                next.storage = StorageHealth::Ok;
                next.force_write = true;
                next.revision += 1;
            }
            Action::BackupExported(at) => {
                next.meta.backup_exported_at = Some(at);
                next.meta_dirty = true;
                next.revision += 1;
            }
            Action::DismissNotice(n) => {
                let notices = Rc::make_mut(&mut next.notices);
                if n < notices.len() {
                    notices.remove(n);
                }
            }
            Action::Tick(now) => {
                if now == self.now {
                    return self;
                }
                next.now = now;
            }
            Action::Ask(ask) => next.ask = ask,
            Action::Say(text) => next.said = Some((text, crate::ui::routes::current())),
        }
        next.generation = self.generation + 1;
        if !Rc::ptr_eq(&next.org, &self.org) {
            next.org_version = self.org_version + 1;
        }
        Rc::new(next)
    }
}
