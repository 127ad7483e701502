//! The app's state and its one reducer. Every change to the organization is a domain
//! [`Command`] carried by [`Action::Run`] and applied inside the reducer to the newest state,
//! never to a copy a view took earlier. The reducer also keeps what saving needs (`ui/sync.rs`):
//! the stored revision the state is based on, and the commands applied since the last save, so
//! a save that finds another tab's newer revision can re-apply them there.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::edges::clock;
use super::edges::storage_manager::Estimate;
use crate::domain::ids::ServerId;
use crate::domain::organization::rebase::{self, Moved, Pending};
use crate::domain::organization::{Command, OrgError, Organization, Outcome};
use crate::domain::persistence::StoredMeta;
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
    /// Something is stored but cannot be loaded (not JSON, broken rules, a missing blob). The
    /// stored data is kept untouched and offered for download; the app runs on a fresh
    /// organization in memory and does **not** save over it until the admin confirms.
    Unreadable {
        /// Why it could not be loaded.
        error: String,
        /// Exactly what was stored (the root, or every key as a JSON object).
        raw: Rc<String>,
    },
    /// What is stored was written by a newer release: the app is read-only, and the stored data
    /// is never overwritten.
    NewerRelease {
        /// The load error, naming the versions.
        error: String,
        /// Exactly what was stored.
        raw: Rc<String>,
    },
    /// The last save failed (quota exceeded...). Everything is still in memory.
    SaveFailed {
        /// What the browser said.
        reason: String,
        /// Saves that failed in a row, so "Try saving again" visibly did something.
        attempts: u32,
    },
    /// The stored data was deleted while this page was open (another tab cleared it, or a tool
    /// removed it). Everything is still in memory; nothing is written until the admin says so.
    DeletedElsewhere,
}

/// Everything the views render from. Not `PartialEq`: comparing two states would walk the
/// whole organization; `generation` and `org_version` say what changed instead.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Bumped by every action that changes anything: the context's identity.
    pub generation: u64,
    /// Bumped whenever `org` is replaced: what memoized views (the list, the banner) key on.
    pub org_version: u64,
    /// The organization, as the domain keeps it.
    pub org: Rc<Organization>,
    /// Storage health, shown in a banner when not Ok.
    pub storage: StorageHealth,
    /// Bumped on every change that must be saved (and on "Try saving again").
    pub revision: u64,
    /// The current time, refreshed by a timer and on focus so statuses stay current.
    pub now: Timestamp,
    /// The stored revision `org` is based on (0: none yet).
    pub base_revision: u64,
    /// Commands applied since the last save, with when they were applied and what they created.
    pub pending: Rc<Vec<Pending>>,
    /// Servers added here whose id changed when another tab's save came first (a page showing
    /// the old id follows it).
    pub moved_servers: Rc<Vec<(ServerId, Moved<ServerId>)>>,
    /// Closed activity chunks the stored root refers to.
    pub stored_closed: u64,
    /// This browser's facts beside the organization (when a backup was last exported).
    pub meta: StoredMeta,
    /// The next save must replace what is stored whatever its revision (the admin confirmed
    /// replacing unreadable data, or asked to save again after a deletion).
    pub force_write: bool,
    /// Nothing was stored when the page opened (a first visit, or cleared site data).
    pub first_visit: bool,
    /// Messages about changes that could not be saved (a command that no longer held on
    /// another tab's newer state), shown until dismissed.
    pub notices: Rc<Vec<String>>,
    /// Bytes (UTF-8) the app's keys hold in storage, after the last load or save.
    pub stored_bytes: usize,
    /// What the browser last said about the site's storage (`navigator.storage.estimate()`).
    pub estimate: Option<Estimate>,
    /// Still opening storage: nothing is shown or saved until it is read.
    pub loading: bool,
    /// What is shown was read from an earlier release's `localStorage`; the first save moves it
    /// to IndexedDB (and leaves a marker behind).
    pub legacy: bool,
    /// `meta` changed since the last save (a backup was exported).
    pub meta_dirty: bool,
    /// The confirmation the root shows now, if any (one at a time).
    pub ask: Option<Rc<Ask>>,
    /// The last change's announcement and the view it belongs to (shown only there).
    pub said: Option<(String, super::routes::Route)>,
}

/// A confirmation before an action that breaks something that works: its question, its
/// consequence in plain words, the confirming button's label, and what confirming does. The
/// root renders it (`ui::widgets::confirm_dialog`), so a view only says what to ask.
#[derive(Debug, PartialEq)]
pub struct Ask {
    /// The question (the dialog's heading).
    pub title: String,
    /// What will happen.
    pub consequence: String,
    /// The confirming button's label.
    pub confirm: String,
    /// A red confirming button.
    pub danger: bool,
    /// What confirming does.
    pub then: Callback<()>,
    /// Fields between the consequence and the buttons (where a deleted default goes).
    pub children: Html,
}

impl AppState {
    /// A state holding `org`, not yet changed (revision 0).
    pub fn new(org: Organization, storage: StorageHealth, now: Timestamp) -> AppState {
        AppState {
            generation: 0,
            org_version: 0,
            org: Rc::new(org),
            storage,
            revision: 0,
            now,
            base_revision: 0,
            pending: Rc::new(Vec::new()),
            moved_servers: Rc::new(Vec::new()),
            stored_closed: 0,
            meta: StoredMeta::default(),
            force_write: false,
            first_visit: false,
            notices: Rc::new(Vec::new()),
            stored_bytes: 0,
            estimate: None,
            loading: false,
            legacy: false,
            meta_dirty: false,
            ask: None,
            said: None,
        }
    }

    /// Whether changes may be written to storage now.
    pub fn may_save(&self) -> bool {
        !self.loading
            && matches!(
                self.storage,
                StorageHealth::Ok | StorageHealth::SaveFailed { .. }
            )
            || (!self.loading
                && self.force_write
                && !matches!(self.storage, StorageHealth::NewerRelease { .. }))
    }

    /// Whether the app may change anything (not while a newer release's data is stored).
    pub fn read_only(&self) -> bool {
        matches!(self.storage, StorageHealth::NewerRelease { .. })
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
            Action::Say(text) => next.said = Some((text, super::routes::current())),
        }
        next.generation = self.generation + 1;
        if !Rc::ptr_eq(&next.org, &self.org) {
            next.org_version = self.org_version + 1;
        }
        Rc::new(next)
    }
}

/// What views get from context: the state, and a way to run domain commands on it.
#[derive(Clone)]
pub struct AppContext {
    handle: UseReducerHandle<AppState>,
    generation: u64,
}

/// Two contexts are the same when they hold the same state: same generation (no deep compare of
/// the organization on every render).
impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

impl AppContext {
    /// Wraps the root's reducer handle.
    pub fn new(handle: UseReducerHandle<AppState>) -> Self {
        let generation = handle.generation;
        AppContext { handle, generation }
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

    /// Asks for a confirmation naming `consequence` before running `then`.
    pub fn ask(
        &self,
        title: String,
        consequence: String,
        confirm: &str,
        danger: bool,
        then: Callback<()>,
    ) {
        self.ask_with(Ask {
            title,
            consequence,
            confirm: confirm.into(),
            danger,
            then,
            children: Html::default(),
        });
    }

    /// Shows `ask`, fields and all.
    pub fn ask_with(&self, ask: Ask) {
        self.dispatch(Action::Ask(Some(Rc::new(ask))));
    }

    /// Announces what a change did, in the status line of the view showing now.
    pub fn say(&self, text: String) {
        self.dispatch(Action::Say(text));
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
