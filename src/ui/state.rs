//! The app's state and its one reducer. Every change to the organization goes through the domain
//! core ([`Organization`]'s commands check permissions and rules); this module only holds the
//! result, counts revisions (so the root knows when to save) and remembers storage health.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use crate::domain::organization::{OrgError, Organization};
use crate::domain::persistence::{self, LoadError};
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
    /// Bumped on every change that must be saved.
    pub revision: u64,
    /// The current time, refreshed by a timer and on focus so statuses stay current.
    pub now: Timestamp,
}

impl AppState {
    /// Loads from storage, following the policy in `domain::persistence`: only "nothing stored"
    /// creates a fresh organization; anything unreadable is kept and reported, never replaced.
    pub fn load() -> AppState {
        let now = browser::now();
        let (org, storage) = match super::storage::read() {
            Err(reason) => (
                Organization::new_first_launch(now),
                StorageHealth::Unavailable { reason },
            ),
            Ok(stored) => match persistence::load_or_first_launch(stored.as_deref(), now) {
                Ok(org) => (org, StorageHealth::Ok),
                Err(error) => (
                    Organization::new_first_launch(now),
                    StorageHealth::Unreadable {
                        error: describe_load_error(&error),
                        raw: Rc::new(stored.unwrap_or_default()),
                    },
                ),
            },
        };
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

fn describe_load_error(error: &LoadError) -> String {
    error.to_string()
}

/// Every way the state changes.
pub enum Action {
    /// A command succeeded on a copy of the organization: this is the new organization.
    Commit(Organization),
    /// Saving succeeded.
    Saved,
    /// Saving failed.
    SaveFailed(String),
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
            Action::Commit(org) => {
                next.org = Rc::new(org);
                next.revision += 1;
                // What was just recorded happened "now": statuses must see it at once.
                next.now = browser::now();
            }
            Action::Saved => {
                if matches!(next.storage, StorageHealth::SaveFailed { .. }) {
                    next.storage = StorageHealth::Ok;
                } else {
                    return self;
                }
            }
            Action::SaveFailed(reason) => next.storage = StorageHealth::SaveFailed { reason },
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
                next.now = browser::now();
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

    /// Runs a domain command on a copy of the organization at the current time. On success the
    /// copy becomes the state (and is saved); on failure nothing changes and the error (a plain
    /// sentence) goes back to the view that asked.
    pub fn run<T>(
        &self,
        command: impl FnOnce(&mut Organization, Timestamp) -> Result<T, OrgError>,
    ) -> Result<T, OrgError> {
        let mut org = (*self.handle.org).clone();
        let value = command(&mut org, browser::now())?;
        self.handle.dispatch(Action::Commit(org));
        Ok(value)
    }

    /// Sends a raw action (storage results, ticks).
    pub fn dispatch(&self, action: Action) {
        self.handle.dispatch(action);
    }
}

/// The app context, for any component under the root.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by the app root")
}
