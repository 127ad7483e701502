//! The app's state and its one reducer. Every change to the organization is a domain
//! [`Command`] carried by [`Action::Run`] and applied inside the reducer to the newest state,
//! never to a copy a view took earlier. The reducer also keeps what saving needs (`ui/sync.rs`):
//! the stored revision the state is based on, and the commands applied since the last save, so
//! a save that finds another tab's newer revision can re-apply them there.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::edges::storage_manager::Estimate;
use crate::domain::ids::ServerId;
use crate::domain::organization::rebase::{Moved, Pending};
use crate::domain::organization::{Command, OrgError, Organization, Outcome};
use crate::domain::persistence::StoredMeta;
use crate::domain::time::Timestamp;

mod reducer;

pub use reducer::{Action, Reply};

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
