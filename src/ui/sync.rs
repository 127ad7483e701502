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

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use yew::prelude::*;

use super::background;
use super::edges::idb::{self, Transaction};
use super::edges::{clock, storage, storage_manager};
use super::state::{Action, AppState, StorageHealth};
use crate::domain::organization::{rebase, Organization};
use crate::domain::persistence::layout::ServerRecords;
use crate::domain::persistence::{
    self, layout, peek_revision, LoadError, Stored, StoredMeta, STORAGE_KEY,
};
use crate::worker_protocol::{AppReply, Request};

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

/// The state to start from, following the policy in `domain::persistence`: only "nothing
/// stored" creates a fresh organization; anything unreadable is kept and reported, never
/// replaced; a newer release's data makes the app read-only.
pub async fn load() -> AppState {
    let now = clock::now();
    let fresh = || Organization::new_first_launch(now);
    let entries = match idb::take_prefetched().await {
        Some(entries) => {
            // Open the connection meanwhile: it is how the app hears that site data was cleared.
            wasm_bindgen_futures::spawn_local(async {
                let _ = idb::database().await;
            });
            entries.into_iter().collect()
        }
        None => match read_all().await {
            Ok(entries) => entries,
            Err(reason) => {
                return AppState::new(fresh(), StorageHealth::Unavailable { reason }, now);
            }
        },
    };
    let root = entries.get(STORAGE_KEY).cloned();
    remember_blobs(&entries);
    if root.is_none() {
        return load_legacy(now).await;
    }
    match upgrade_if_older(read(root.as_deref()), root.as_deref()).await {
        Ok(None) => first_visit(now),
        Ok(Some(stored)) => {
            RECORDS.with(|r| r.borrow_mut().learn(&stored));
            let mut state = AppState::new(stored.org, StorageHealth::Ok, now);
            state.base_revision = stored.revision;
            state.meta = stored.meta;
            state.stored_closed = stored.closed_chunks;
            state.stored_bytes = stored_bytes(root.as_deref());
            state
        }
        Err(error) => unreadable(error, dump(&entries), now),
    }
}

/// Nothing in IndexedDB: an earlier release's `localStorage` text, if there is one (kept until
/// the first change moves it), else a first visit.
async fn load_legacy(now: crate::domain::time::Timestamp) -> AppState {
    let Ok(storage) = storage::open() else {
        return first_visit(now);
    };
    let root = storage.get(STORAGE_KEY).ok().flatten();
    match root.as_deref() {
        None => first_visit(now),
        Some(text) if persistence::is_moved_marker(text) => first_visit(now),
        Some(_) => {
            let read =
                persistence::load_current(root.as_deref(), |key| storage.get(key).ok().flatten());
            match upgrade_if_older(read, root.as_deref()).await {
                Ok(Some(stored)) => {
                    let mut state = AppState::new(stored.org, StorageHealth::Ok, now);
                    state.meta = stored.meta;
                    state.legacy = true;
                    state
                }
                Ok(None) => first_visit(now),
                Err(error) => {
                    let entries = storage
                        .app_keys()
                        .into_iter()
                        .filter_map(|(key, _)| storage.get(&key).ok().flatten().map(|v| (key, v)))
                        .collect();
                    let mut state = unreadable(error, dump(&entries), now);
                    state.legacy = true;
                    state
                }
            }
        }
    }
}

/// A whole document (an earlier release's, schema 1 to 4) is read and upgraded in the background
/// worker, where that code lives (it is not in the app's first load); anything else is as read.
async fn upgrade_if_older(
    read: Result<Option<Stored>, LoadError>,
    text: Option<&str>,
) -> Result<Option<Stored>, LoadError> {
    let (Err(LoadError::NeedsUpgrade { schema }), Some(text)) = (&read, text) else {
        return read;
    };
    let failed = |reason: String| match *schema {
        persistence::SCHEMA_VERSION => LoadError::Unreadable { reason },
        from => LoadError::MigrationFailed {
            from,
            to: persistence::SCHEMA_VERSION,
            reason,
        },
    };
    let request = Request::Upgrade {
        document: text.to_string(),
    };
    match background::ask_async(request).await {
        Ok(AppReply::Upgraded(document)) => {
            persistence::from_snapshot(&document).map(|org| Some(Stored::unsaved(org)))
        }
        Ok(AppReply::Refused(reason)) => Err(failed(reason)),
        Ok(_) => Err(failed(
            "the background worker answered something else".into(),
        )),
        Err(reason) => Err(failed(reason)),
    }
}

fn first_visit(now: crate::domain::time::Timestamp) -> AppState {
    let mut state = AppState::new(Organization::new_first_launch(now), StorageHealth::Ok, now);
    state.first_visit = true;
    state
}

fn unreadable(error: LoadError, raw: String, now: crate::domain::time::Timestamp) -> AppState {
    let raw = Rc::new(raw);
    let health = match error {
        LoadError::NewerSchema { .. } => StorageHealth::NewerRelease {
            error: error.to_string(),
            raw,
        },
        _ => StorageHealth::Unreadable {
            error: error.to_string(),
            raw,
        },
    };
    AppState::new(Organization::new_first_launch(now), health, now)
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

/// Every key and text in the store, opening the database first.
async fn read_all() -> Result<HashMap<String, String>, String> {
    read_entries(&idb::database().await?).await
}

/// Every key and text in the store, in one readonly transaction.
async fn read_entries(db: &web_sys::IdbDatabase) -> Result<HashMap<String, String>, String> {
    let transaction = Transaction::begin(db, false)?;
    Ok(transaction.entries().await?.into_iter().collect())
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

/// Keeps the blobs of `entries` as known.
fn remember_blobs(entries: &HashMap<String, String>) {
    BLOBS.with(|b| {
        *b.borrow_mut() = entries
            .iter()
            .filter(|(key, _)| layout::is_blob_key(key))
            .map(|(key, value)| (key.clone(), Rc::from(value.as_str())))
            .collect();
    });
}

/// Reads a root with the known blobs.
fn read(root: Option<&str>) -> Result<Option<Stored>, LoadError> {
    BLOBS.with(|b| {
        let known = b.borrow();
        persistence::load_current(root, |key| known.get(key).map(|v| v.to_string()))
    })
}

/// Bytes the app's keys use, given the root's text.
fn stored_bytes(root: Option<&str>) -> usize {
    root.map_or(0, str::len)
        + BLOBS.with(|known| known.borrow().values().map(|v| v.len()).sum::<usize>())
}

/// What "Download stored data" gives: the root exactly as stored when it is all there is,
/// otherwise every key of the app's as one JSON object (keys in order).
fn dump(entries: &HashMap<String, String>) -> String {
    if entries.len() <= 1 {
        return entries.values().next().cloned().unwrap_or_default();
    }
    let mut keys: Vec<&String> = entries.keys().collect();
    crate::domain::text::sort_by(&mut keys, |a, b| a.cmp(b));
    let fields: Vec<String> = keys
        .into_iter()
        .map(|key| {
            format!(
                "{}:{}",
                serde_json::to_string(key).unwrap_or_default(),
                serde_json::to_string(&entries[key]).unwrap_or_default()
            )
        })
        .collect();
    format!("{{{}}}", fields.join(","))
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

/// For the browser benchmark: stores `org` as revision 1, replacing everything stored.
#[cfg(feature = "bench")]
pub async fn write_fresh(org: &Organization) -> Result<(), String> {
    let db = idb::database().await?;
    let transaction = Transaction::begin(&db, true)?;
    for key in transaction.keys().await? {
        transaction.delete(&key)?;
    }
    forget_known();
    queue(&transaction, &[], org, 1, &StoredMeta::default(), 0)?;
    transaction.commit().await
}

/// For the browser benchmark: what is stored, with its revision and closed chunks.
#[cfg(feature = "bench")]
pub async fn read_stored() -> Result<(Organization, u64, u64), String> {
    let db = idb::database().await?;
    let entries = read_entries(&db).await?;
    remember_blobs(&entries);
    let stored = read(entries.get(STORAGE_KEY).map(String::as_str))
        .map_err(|e| e.to_string())?
        .ok_or("nothing stored")?;
    RECORDS.with(|r| r.borrow_mut().learn(&stored));
    Ok((stored.org, stored.revision, stored.closed_chunks))
}

/// For the browser benchmark: one save as the app makes it (one transaction: revision read,
/// keys listed, the root and any new blob written, committed).
#[cfg(feature = "bench")]
pub async fn write_revision(org: &Organization, revision: u64, closed: u64) -> Result<(), String> {
    let db = idb::database().await?;
    let transaction = Transaction::begin(&db, true)?;
    let _ = transaction.get(STORAGE_KEY).await?;
    let keys = transaction.keys().await?;
    queue(
        &transaction,
        &keys,
        org,
        revision,
        &StoredMeta::default(),
        closed,
    )?;
    transaction.commit().await
}
