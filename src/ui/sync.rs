//! Loading and saving, across tabs, without losing an edit.
//!
//! Every save runs under the cross-tab lock (`edges::locks`): it reads the stored root's
//! revision, and
//! - if it is the revision this tab's state is based on, writes the state as the next revision;
//! - if another tab saved since, loads that state, re-applies this tab's pending commands to it
//!   (each with the time it was first applied), writes the result as the next revision, and
//!   says in plain words which commands no longer held there (both tabs renamed the same
//!   server; one deleted what the other edited);
//! - if nothing is stored any more though this tab had saved, writes nothing and reports that
//!   the data was deleted elsewhere (the admin decides whether to save it again).
//!
//! The same run adopts another tab's save when this tab has nothing pending (after a `storage`
//! event, or when the tab regains focus), so both tabs show the same state without a reload.
//! Blobs (certificates, closed activity chunks) are written before the root and removed once
//! the root no longer refers to them; this module remembers which exist so a save writes only
//! new ones.

use std::cell::RefCell;
use std::collections::HashMap;

use yew::prelude::*;

use super::edges::locks::{with_lock, STATE_LOCK};
use super::edges::storage::{self, Storage};
use super::edges::{clock, storage_manager};
use super::state::{Action, AppState, StorageHealth};
use crate::domain::organization::{rebase, Organization};
use crate::domain::persistence::{
    self, layout, peek_revision, LoadError, Stored, StoredMeta, STORAGE_KEY,
};

thread_local! {
    /// The app's blob keys known to be in storage, with their sizes.
    static BLOBS: RefCell<HashMap<String, usize>> = RefCell::new(HashMap::new());
    /// Whether persistent storage was asked for during this page's life.
    static ASKED_PERSIST: RefCell<bool> = const { RefCell::new(false) };
}

/// The state to start from, following the policy in `domain::persistence`: only "nothing
/// stored" creates a fresh organization; anything unreadable is kept and reported, never
/// replaced; a newer release's data makes the app read-only.
pub fn load() -> AppState {
    let now = clock::now();
    let fresh = || Organization::new_first_launch(now);
    let storage = match storage::open() {
        Ok(storage) => storage,
        Err(reason) => {
            return AppState::new(fresh(), StorageHealth::Unavailable { reason }, now);
        }
    };
    let root = match storage.get(STORAGE_KEY) {
        Ok(root) => root,
        Err(reason) => {
            return AppState::new(fresh(), StorageHealth::Unavailable { reason }, now);
        }
    };
    rescan(&storage);
    match read(&storage, root.as_deref()) {
        Ok(None) => {
            let mut state = AppState::new(fresh(), StorageHealth::Ok, now);
            state.first_visit = true;
            state
        }
        Ok(Some(stored)) => {
            let mut state = AppState::new(stored.org, StorageHealth::Ok, now);
            state.base_revision = stored.revision;
            state.meta = stored.meta;
            state.stored_closed = stored.closed_chunks;
            state.stored_units = units(root.as_deref());
            state
        }
        Err(error) => {
            let raw = std::rc::Rc::new(dump(&storage, root.as_deref()));
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
            AppState::new(fresh(), health, now)
        }
    }
}

/// Saves (or adopts another tab's save) under the cross-tab lock, when the lock is granted.
/// `handle` reads the newest state at that moment.
pub fn sync(handle: &UseReducerHandle<AppState>) {
    let handle = handle.clone();
    with_lock(STATE_LOCK, move || {
        if let Some(action) = sync_locked(&handle) {
            let first_save = matches!(action, Action::Saved { .. } | Action::Rebased { .. });
            handle.dispatch(action);
            if first_save {
                ask_to_persist_once();
            }
        }
    });
}

/// The work under the lock; the action to dispatch, if any.
fn sync_locked(state: &AppState) -> Option<Action> {
    if !state.may_save() {
        return None;
    }
    let storage = match storage::open() {
        Ok(storage) => storage,
        Err(reason) => return Some(Action::SaveFailed(reason)),
    };
    let stored = match storage.get(STORAGE_KEY) {
        Ok(stored) => stored,
        Err(reason) => return Some(Action::SaveFailed(reason)),
    };
    let dirty = !state.pending.is_empty() || state.force_write || state.meta_dirty;
    let stored_revision = stored.as_deref().map(|t| peek_revision(t).unwrap_or(0));
    if state.force_write {
        let revision = stored_revision.unwrap_or(0) + 1;
        return Some(saved(
            &storage,
            state,
            &state.org,
            revision,
            &state.meta,
            state.stored_closed,
        ));
    }
    match stored_revision {
        None if state.base_revision > 0 => {
            (state.storage != StorageHealth::DeletedElsewhere).then_some(Action::DeletedElsewhere)
        }
        None if !dirty => None,
        None => Some(saved(&storage, state, &state.org, 1, &state.meta, 0)),
        Some(revision) if revision == state.base_revision => dirty.then(|| {
            saved(
                &storage,
                state,
                &state.org,
                revision + 1,
                &state.meta,
                state.stored_closed,
            )
        }),
        Some(revision) => Some(rebase(&storage, state, stored.as_deref(), revision, dirty)),
    }
}

/// Writes `org` as `revision`; the action reporting it.
fn saved(
    storage: &Storage,
    state: &AppState,
    org: &Organization,
    revision: u64,
    meta: &StoredMeta,
    stored_closed: u64,
) -> Action {
    match write(storage, org, revision, meta, stored_closed) {
        Ok((closed, units)) => Action::Saved {
            revision,
            saved: state.pending.len(),
            closed,
            units,
        },
        Err(reason) => Action::SaveFailed(reason),
    }
}

/// Another tab saved `revision` since this tab's base: adopt it, re-applying pending commands.
fn rebase(
    storage: &Storage,
    state: &AppState,
    stored: Option<&str>,
    revision: u64,
    dirty: bool,
) -> Action {
    rescan(storage);
    let theirs = match read(storage, stored) {
        Ok(Some(theirs)) => theirs,
        Ok(None) => return Action::DeletedElsewhere,
        Err(error) => {
            return Action::StoredUnreadable {
                newer: matches!(error, LoadError::NewerSchema { .. }),
                error: error.to_string(),
                raw: dump(storage, stored),
            }
        }
    };
    let mut meta = theirs.meta.clone();
    meta.backup_exported_at = meta.backup_exported_at.max(state.meta.backup_exported_at);
    if !dirty {
        return Action::Rebased {
            org: theirs.org,
            revision,
            saved: 0,
            closed: theirs.closed_chunks,
            meta,
            refused: Vec::new(),
            moved_servers: Vec::new(),
            units: units(stored),
        };
    }
    let rebased = rebase::rebase(theirs.org, &state.pending, &state.org);
    match write(
        storage,
        &rebased.org,
        revision + 1,
        &meta,
        theirs.closed_chunks,
    ) {
        Ok((closed, units)) => Action::Rebased {
            org: rebased.org,
            revision: revision + 1,
            saved: state.pending.len(),
            closed,
            meta,
            refused: rebased.refused,
            moved_servers: rebased.servers,
            units,
        },
        Err(reason) => Action::SaveFailed(reason),
    }
}

/// Writes the layout of `org`: new blobs, the root, then removes blobs no longer referred to.
/// Returns the closed chunks of the root written and the units the app's keys now use.
fn write(
    storage: &Storage,
    org: &Organization,
    revision: u64,
    meta: &StoredMeta,
    stored_closed: u64,
) -> Result<(u64, usize), String> {
    let layout = layout::write(org, revision, meta, stored_closed);
    BLOBS.with(|known| {
        let mut known = known.borrow_mut();
        for blob in &layout.blobs {
            if blob.fresh || !known.contains_key(&blob.key) {
                let value = blob.value();
                storage.set(&blob.key, &value)?;
                known.insert(blob.key.clone(), value.len());
            }
        }
        storage.set(STORAGE_KEY, &layout.root)?;
        let referenced: std::collections::HashSet<&str> =
            layout.blobs.iter().map(|b| b.key.as_str()).collect();
        let unreferenced: Vec<String> = known
            .keys()
            .filter(|k| !referenced.contains(k.as_str()))
            .cloned()
            .collect();
        for key in unreferenced {
            storage.remove(&key);
            known.remove(&key);
        }
        let closed = (org.activity().len() / crate::domain::organization::ACTIVITY_CHUNK) as u64;
        Ok((closed, layout.root.len() + known.values().sum::<usize>()))
    })
}

/// Reads the stored root and its blobs.
fn read(storage: &Storage, root: Option<&str>) -> Result<Option<Stored>, LoadError> {
    persistence::load(root, |key| storage.get(key).ok().flatten())
}

/// Forgets what this module knew of the blobs and lists them again.
fn rescan(storage: &Storage) {
    let found: HashMap<String, usize> = storage
        .app_keys()
        .into_iter()
        .filter(|(key, _)| layout::is_blob_key(key))
        .collect();
    BLOBS.with(|known| *known.borrow_mut() = found);
}

/// Units the app's keys use, given the root's text.
fn units(root: Option<&str>) -> usize {
    root.map_or(0, str::len) + BLOBS.with(|known| known.borrow().values().sum::<usize>())
}

/// What "Download stored data" gives: the root exactly as stored when it is all there is,
/// otherwise every key of the app's as one JSON object.
fn dump(storage: &Storage, root: Option<&str>) -> String {
    let keys = storage.app_keys();
    if keys.len() <= 1 {
        return root.unwrap_or_default().to_string();
    }
    let map: serde_json::Map<String, serde_json::Value> = keys
        .into_iter()
        .map(|(key, _)| {
            let value = storage.get(&key).ok().flatten().unwrap_or_default();
            (key, serde_json::Value::String(value))
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// After the first save of this page, asks the browser to keep the site's data even when space
/// runs low (its answer is shown in Preferences > Organization).
fn ask_to_persist_once() {
    let first = ASKED_PERSIST.with(|asked| !asked.replace(true));
    if first {
        wasm_bindgen_futures::spawn_local(async {
            let _ = storage_manager::persist().await;
        });
    }
}

/// For the browser benchmark: stores `org` as revision 1, replacing everything stored.
#[cfg(feature = "bench")]
pub fn write_fresh(org: &Organization) -> Result<(), String> {
    let storage = storage::open()?;
    for (key, _) in storage.app_keys() {
        storage.remove(&key);
    }
    rescan(&storage);
    write(&storage, org, 1, &StoredMeta::default(), 0).map(|_| ())
}

/// For the browser benchmark: what is stored, with its revision and closed chunks.
#[cfg(feature = "bench")]
pub fn read_stored() -> Result<(Organization, u64, u64), String> {
    let storage = storage::open()?;
    rescan(&storage);
    let root = storage.get(STORAGE_KEY)?;
    let stored = read(&storage, root.as_deref())
        .map_err(|e| e.to_string())?
        .ok_or("nothing stored")?;
    Ok((stored.org, stored.revision, stored.closed_chunks))
}

/// For the browser benchmark: one save as the app makes it (no lock, no revision check).
#[cfg(feature = "bench")]
pub fn write_revision(org: &Organization, revision: u64, closed: u64) -> Result<(), String> {
    let storage = storage::open()?;
    write(&storage, org, revision, &StoredMeta::default(), closed).map(|_| ())
}
