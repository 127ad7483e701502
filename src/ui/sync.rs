//! Loading and saving, across tabs, without losing an edit.
//!
//! The organization is stored in IndexedDB (`edges::idb`) in the layout of
//! `domain::persistence::layout`: a small root with a revision, and immutable blobs. Every save
//! is one readwrite transaction, which the browser runs alone across all tabs: it reads the
//! stored root's revision, and
//! - if it is the revision this tab's state is based on, writes the state as the next revision;
//! - if another tab saved since, reads that state, re-applies this tab's pending commands to it
//!   (`domain::organization::rebase`: each with the time it was first applied, new ids
//!   followed), writes the result as the next revision, and says in plain words which commands
//!   no longer held there (both tabs renamed the same server; one deleted what the other edited);
//! - if nothing is stored any more though this tab had saved, writes nothing and reports that
//!   the data was deleted elsewhere (the admin decides whether to save it again).
//!
//! The same run adopts another tab's save when this tab has nothing pending (told by a
//! `BroadcastChannel` message after each commit, or when the tab regains focus), so all tabs
//! show the same state without a reload. Within a tab, runs never overlap: a request while one
//! runs makes it run once more when done.
//!
//! Schema 1 to 3 kept the organization in `localStorage`; it is read from there while IndexedDB
//! holds nothing, and moved on the admin's first change: once IndexedDB has committed it, the
//! old text is replaced by a marker that makes an older release read-only rather than let it
//! edit a stale copy (`domain::persistence::MOVED_MARKER`).
//!
//! Here: the run (a save, a rebase, adopting another tab's save). `load`: the read at start and
//! the helpers a run shares with it. `bench`: the browser benchmark's way in (`bench` feature).

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use yew::prelude::*;

use super::edges::idb::{self, Transaction};
use super::edges::{clock, storage, storage_manager};
use super::state::{Action, AppState, StorageHealth};
use crate::domain::organization::{rebase, Organization};
use crate::domain::persistence::layout::ServerRecords;
use crate::domain::persistence::{self, layout, peek_revision, LoadError, StoredMeta, STORAGE_KEY};

#[cfg(feature = "bench")]
mod bench;
mod load;

#[cfg(feature = "bench")]
pub use bench::{read_stored, write_fresh, write_revision};
pub use load::load;
use load::{dump, read, stored_bytes};

/// The channel every tab of the app listens on for "I saved revision N".
pub const CHANNEL: &str = "mdm-link";

thread_local! {
    /// The blobs known to be stored, by key: their text (certificates and closed activity
    /// chunks never change under one key, so a rebase reads only blobs it has not seen).
    static BLOBS: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::new());
    /// The server records of the stored root the next save writes over (see
    /// `layout::ServerRecords`), tagged for this tab.
    static RECORDS: RefCell<ServerRecords> = RefCell::new(ServerRecords::new(&writer_tag()));
    /// A run is in progress; another was asked for meanwhile.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    /// Whether persistent storage was asked for during this page's life.
    static ASKED_PERSIST: Cell<bool> = const { Cell::new(false) };
    /// Tells other tabs about each commit.
    static BROADCAST: Option<web_sys::BroadcastChannel> =
        web_sys::BroadcastChannel::new(CHANNEL).ok();
}

/// Saves (or adopts another tab's save). `handle` is read for the newest state when the run
/// starts; one run at a time per tab.
pub fn sync(handle: &UseReducerHandle<AppState>) {
    if RUNNING.get() {
        AGAIN.set(true);
        return;
    }
    RUNNING.set(true);
    let handle = handle.clone();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            AGAIN.set(false);
            let state: AppState = (*handle).clone();
            if let Some(action) = sync_once(&state).await {
                let saved = matches!(action, Action::Saved { .. } | Action::Rebased { .. });
                let wrote = match &action {
                    Action::Saved { revision, .. } => Some(*revision),
                    Action::Rebased {
                        revision, saved, ..
                    } if *saved > 0 => Some(*revision),
                    _ => None,
                };
                handle.dispatch(action);
                if let Some(revision) = wrote {
                    announce(revision);
                    if state.legacy {
                        leave_marker();
                    }
                }
                if saved {
                    ask_to_persist_once();
                    let dispatcher = handle.dispatcher();
                    wasm_bindgen_futures::spawn_local(async move {
                        dispatcher.dispatch(Action::Estimated(storage_manager::estimate().await));
                    });
                }
            }
            if !AGAIN.get() {
                break;
            }
        }
        RUNNING.set(false);
    });
}

/// One run: the action to dispatch, if any.
async fn sync_once(state: &AppState) -> Option<Action> {
    if state.loading || !state.may_save() {
        return None;
    }
    let db = match idb::database().await {
        Ok(db) => db,
        Err(reason) => return Some(Action::SaveFailed(reason)),
    };
    let transaction = match Transaction::begin(&db, true) {
        Ok(transaction) => transaction,
        Err(reason) => return Some(Action::SaveFailed(reason)),
    };
    match decide(&transaction, state).await {
        Ok(Some(Decision::Write(action))) => match transaction.commit().await {
            Ok(()) => Some(action),
            Err(reason) => {
                // Nothing was written: forget what this run thought it stored.
                forget_known();
                Some(Action::SaveFailed(reason))
            }
        },
        Ok(Some(Decision::Report(action))) => {
            transaction.abort();
            Some(action)
        }
        Ok(None) => {
            transaction.abort();
            None
        }
        Err(reason) => {
            // Whatever was queued before the failure must not be committed.
            transaction.abort();
            forget_known();
            Some(Action::SaveFailed(reason))
        }
    }
}

/// What a run found: writes queued in the transaction (commit, then dispatch), or something to
/// report with nothing written.
enum Decision {
    Write(Action),
    Report(Action),
}

/// Reads the stored revision and queues what to write, inside `transaction`.
async fn decide(transaction: &Transaction, state: &AppState) -> Result<Option<Decision>, String> {
    let stored = transaction.get(STORAGE_KEY).await?;
    let keys = transaction.keys().await?;
    let dirty = !state.pending.is_empty() || state.force_write || state.meta_dirty || state.legacy;
    let stored_revision = stored.as_deref().map(|t| peek_revision(t).unwrap_or(0));
    let write_mine = |revision: u64, stored_closed: u64| {
        let (closed, bytes) = queue(
            transaction,
            &keys,
            &state.org,
            revision,
            &state.meta,
            stored_closed,
        )?;
        Ok::<_, String>(Some(Decision::Write(Action::Saved {
            revision,
            saved: state.pending.len(),
            closed,
            bytes,
        })))
    };
    if state.force_write {
        // Whatever is stored is not what this tab last read: write every record anew.
        RECORDS.with(|r| r.borrow_mut().forget());
        return write_mine(stored_revision.unwrap_or(0) + 1, state.stored_closed);
    }
    match stored_revision {
        None if state.base_revision > 0 => Ok((state.storage != StorageHealth::DeletedElsewhere)
            .then_some(Decision::Report(Action::DeletedElsewhere))),
        None if !dirty => Ok(None),
        None => write_mine(1, 0),
        Some(revision) if revision == state.base_revision => {
            if dirty {
                write_mine(revision + 1, state.stored_closed)
            } else {
                Ok(None)
            }
        }
        Some(revision) => rebase_on(transaction, &keys, state, stored, revision, dirty).await,
    }
}

/// Another tab saved `revision` since this tab's base: adopt it, re-applying pending commands.
async fn rebase_on(
    transaction: &Transaction,
    keys: &[String],
    state: &AppState,
    stored: Option<String>,
    revision: u64,
    dirty: bool,
) -> Result<Option<Decision>, String> {
    // Read the blobs this tab has not seen (another tab's new certificates and chunks).
    let unknown: Vec<&String> = BLOBS.with(|b| {
        let known = b.borrow();
        keys.iter()
            .filter(|k| layout::is_blob_key(k) && !known.contains_key(k.as_str()))
            .collect()
    });
    for key in unknown {
        if let Some(value) = transaction.get(key).await? {
            BLOBS.with(|b| b.borrow_mut().insert(key.clone(), value.into()));
        }
    }
    let theirs = match read(stored.as_deref()) {
        Ok(Some(theirs)) => theirs,
        Ok(None) => return Ok(Some(Decision::Report(Action::DeletedElsewhere))),
        Err(error) => {
            let entries = HashMap::from([(STORAGE_KEY.to_string(), stored.unwrap_or_default())]);
            return Ok(Some(Decision::Report(Action::StoredUnreadable {
                newer: matches!(error, LoadError::NewerSchema { .. }),
                error: error.to_string(),
                raw: dump(&entries),
            })));
        }
    };
    RECORDS.with(|r| r.borrow_mut().learn(&theirs));
    let mut meta = theirs.meta.clone();
    meta.backup_exported_at = meta.backup_exported_at.max(state.meta.backup_exported_at);
    if !dirty {
        return Ok(Some(Decision::Report(Action::Rebased {
            org: theirs.org,
            revision,
            saved: 0,
            closed: theirs.closed_chunks,
            meta,
            refused: Vec::new(),
            moved_servers: Vec::new(),
            bytes: stored_bytes(stored.as_deref()),
        })));
    }
    let rebased = rebase::rebase(theirs.org, &state.pending, &state.org);
    let (closed, bytes) = queue(
        transaction,
        keys,
        &rebased.org,
        revision + 1,
        &meta,
        theirs.closed_chunks,
    )?;
    Ok(Some(Decision::Write(Action::Rebased {
        org: rebased.org,
        revision: revision + 1,
        saved: state.pending.len(),
        closed,
        meta,
        refused: rebased.refused,
        moved_servers: rebased.servers,
        bytes,
    })))
}

/// Queues the layout of `org` in `transaction`: blobs not stored yet (or closed since the
/// stored root), the root, and the removal of blobs no longer referred to. Returns the closed
/// chunks of the root and the bytes the app's keys will use.
fn queue(
    transaction: &Transaction,
    stored_keys: &[String],
    org: &Organization,
    revision: u64,
    meta: &StoredMeta,
    stored_closed: u64,
) -> Result<(u64, usize), String> {
    let layout = RECORDS.with(|r| {
        let mut records = r.borrow_mut();
        let layout = layout::write(org, revision, meta, stored_closed, &records);
        records.adopt(org, &layout);
        layout
    });
    let stored: HashSet<&str> = stored_keys.iter().map(String::as_str).collect();
    let mut referenced = HashSet::new();
    let mut blobs = HashMap::new();
    for blob in &layout.blobs {
        referenced.insert(blob.key.as_str());
        if blob.fresh || !stored.contains(blob.key.as_str()) {
            let value = blob.value();
            transaction.put(&blob.key, &value)?;
            blobs.insert(blob.key.clone(), Rc::<str>::from(value));
        }
    }
    transaction.put(STORAGE_KEY, &layout.root)?;
    for key in stored_keys {
        if layout::is_blob_key(key) && !referenced.contains(key.as_str()) {
            transaction.delete(key)?;
        }
    }
    let closed = (org.activity().len() / crate::domain::organization::ACTIVITY_CHUNK) as u64;
    let bytes = BLOBS.with(|known| {
        let mut known = known.borrow_mut();
        known.extend(blobs);
        known.retain(|key, _| referenced.contains(key.as_str()));
        layout.root.len() + known.values().map(|v| v.len()).sum::<usize>()
    });
    Ok((closed, bytes))
}

/// After a failed write: nothing this run queued is stored.
fn forget_known() {
    BLOBS.with(|b| b.borrow_mut().clear());
    RECORDS.with(|r| r.borrow_mut().forget());
}

/// A tag for this tab's server records that no other tab uses: the time and random bits.
fn writer_tag() -> String {
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    format!("{:x}{random:x}", clock::now().0)
}

/// Tells the other tabs that `revision` is stored.
fn announce(revision: u64) {
    BROADCAST.with(|channel| {
        if let Some(channel) = channel {
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_f64(revision as f64));
        }
    });
}

/// After the first save of a state read from `localStorage`: that text is now in IndexedDB;
/// leave the marker an older release reads as "newer data, read-only", and remove the rest.
fn leave_marker() {
    let Ok(storage) = storage::open() else {
        return;
    };
    if storage.set(STORAGE_KEY, persistence::MOVED_MARKER).is_ok() {
        for (key, _) in storage.app_keys() {
            if key != STORAGE_KEY {
                storage.remove(&key);
            }
        }
    }
}

/// After the first save of this page, asks the browser to keep the site's data even when space
/// runs low (its answer is shown in Preferences > Organization).
fn ask_to_persist_once() {
    if !ASKED_PERSIST.replace(true) {
        wasm_bindgen_futures::spawn_local(async {
            let _ = storage_manager::persist().await;
        });
    }
}
