//! The app's state and its one reducer. Every change to the organization is a domain
//! [`Command`] carried by [`Action::Run`] and applied inside the reducer to the newest state,
//! never to a copy a view took earlier; this module also counts revisions (so the root knows
//! when to save) and remembers storage health.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::edges::{clock, storage};
use crate::domain::organization::{Command, OrgError, Organization, Outcome};
use crate::domain::persistence;
use crate::domain::time::Timestamp;

/// Whether what the admin sees is safely in browser storage.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageHealth {
    /// Loaded and saved normally.
    Ok,
    /// Storage could not be read at all (disabled, sandboxed). The app works in memory.
    Unavailable {
        /// What the browser said.
        reason: String,
    },
    /// Something is stored but cannot be loaded (not JSON, a newer release's schema, broken
    /// rules). The stored text is kept untouched and offered for download; the app runs on a
    /// fresh organization in memory and does **not** save over the stored text until the admin
    /// chooses to.
    Unreadable {
        /// Why it could not be loaded.
        error: String,
        /// Exactly what was stored.
        raw: Rc<String>,
    },
    /// The last save failed (quota exceeded...). Everything is still in memory.
    SaveFailed {
        /// What the browser said.
        reason: String,
    },
}

/// Everything the views render from.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The organization, as the domain keeps it.
    pub org: Rc<Organization>,
    /// Storage health, shown in a banner when not Ok.
    pub storage: StorageHealth,
    /// Bumped on every change that must be saved (and on "Try saving again").
    pub revision: u64,
    /// The current time, refreshed by a timer and on focus so statuses stay current.
    pub now: Timestamp,
}

impl AppState {
    /// Loads from storage, following the policy in `domain::persistence`: only "nothing stored"
    /// creates a fresh organization; anything unreadable is kept and reported, never replaced.
    pub fn load() -> AppState {
        let now = clock::now();
        let (org, storage) = match storage::read() {
            Err(reason) => (
                Organization::new_first_launch(now),
                StorageHealth::Unavailable { reason },
            ),
            Ok(stored) => match persistence::load_or_first_launch(stored.as_deref(), now) {
                Ok(org) => (org, StorageHealth::Ok),
                Err(error) => (
                    Organization::new_first_launch(now),
                    StorageHealth::Unreadable {
                        error: error.to_string(),
                        raw: Rc::new(stored.unwrap_or_default()),
                    },
                ),
            },
        };
        AppState::new(org, storage, now)
    }

    /// A state holding `org`, not yet changed (revision 0).
    pub fn new(org: Organization, storage: StorageHealth, now: Timestamp) -> AppState {
        AppState {
            org: Rc::new(org),
            storage,
            revision: 0,
            now,
        }
    }

    /// Whether changes may be written to storage now (not while unreadable data sits there).
    pub fn may_save(&self) -> bool {
        !matches!(self.storage, StorageHealth::Unreadable { .. })
    }
}

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
    /// Saving succeeded.
    Saved,
    /// Saving failed.
    SaveFailed(String),
    /// The admin asked to save again after a failed save (space was freed).
    RetrySave,
    /// The admin chose to replace unreadable stored data with what is in memory.
    ReplaceUnreadable,
    /// The clock moved on (timer, focus).
    Tick(Timestamp),
    /// Another tab of this app saved: its organization replaces ours, so this tab shows the
    /// latest and its next change builds on it instead of overwriting it.
    SavedElsewhere(Organization),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Run { command, reply } => {
                let now = clock::now();
                let mut org = (*self.org).clone();
                let result = org.apply(&command, now);
                let applied = result.is_ok();
                reply.replace(Some(result));
                if !applied {
                    return self;
                }
                next.org = Rc::new(org);
                next.revision += 1;
                // What was just recorded happened "now": statuses must see it at once.
                next.now = now;
            }
            Action::Saved => {
                if matches!(next.storage, StorageHealth::SaveFailed { .. }) {
                    next.storage = StorageHealth::Ok;
                } else {
                    return self;
                }
            }
            Action::SaveFailed(reason) => next.storage = StorageHealth::SaveFailed { reason },
            Action::RetrySave => next.revision += 1,
            Action::ReplaceUnreadable => {
                next.storage = StorageHealth::Ok;
                next.revision += 1;
            }
            Action::SavedElsewhere(org) => {
                // Only while this tab's own state is in storage: a tab working in memory
                // (unreadable or unsaved data) keeps what it has and its banner.
                if self.storage != StorageHealth::Ok || *self.org == org {
                    return self;
                }
                next.org = Rc::new(org);
                next.now = clock::now();
                // Not a revision: what another tab saved must not be written back from here.
            }
            Action::Tick(now) => {
                if now == self.now {
                    return self;
                }
                next.now = now;
            }
        }
        Rc::new(next)
    }
}

/// What views get from context: the state, and a way to run domain commands on it.
#[derive(Clone, PartialEq)]
pub struct AppContext {
    handle: UseReducerHandle<AppState>,
}

impl AppContext {
    /// Wraps the root's reducer handle.
    pub fn new(handle: UseReducerHandle<AppState>) -> Self {
        AppContext { handle }
    }

    /// The current state.
    pub fn state(&self) -> &AppState {
        &self.handle
    }

    /// The organization.
    pub fn org(&self) -> &Organization {
        &self.handle.org
    }

    /// Runs `command` through the reducer, which applies it to the newest state (so two
    /// commands in one event both take effect), and returns its result: an [`Outcome`], or the
    /// core's sentence saying why nothing changed.
    pub fn run(&self, command: Command) -> Result<Outcome, OrgError> {
        run(&self.handle.dispatcher(), command)
    }

    /// Sends a raw action (storage results, ticks).
    pub fn dispatch(&self, action: Action) {
        self.handle.dispatch(action);
    }
}

/// Dispatches `command` and takes its result from the reply. Yew runs the reducer inside
/// `dispatch`, so the reply is filled when `dispatch` returns.
pub fn run(
    dispatcher: &UseReducerDispatcher<AppState>,
    command: Command,
) -> Result<Outcome, OrgError> {
    let reply: Reply = Rc::new(RefCell::new(None));
    dispatcher.dispatch(Action::Run {
        command,
        reply: reply.clone(),
    });
    let result = reply.take();
    result.unwrap_or(Err(OrgError::Busy))
}

/// The app context, for any component under the root.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by the app root")
}
