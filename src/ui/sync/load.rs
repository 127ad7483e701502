//! Reading the stored organization when the app starts, and the helpers a save shares with it
//! (the known blobs, a root read with them, what "Download stored data" gives).

use std::collections::HashMap;
use std::rc::Rc;

use super::{BLOBS, RECORDS};
use crate::domain::organization::Organization;
use crate::domain::persistence::{self, layout, LoadError, Stored, STORAGE_KEY};
use crate::ui::background;
use crate::ui::edges::idb::{self, Transaction};
use crate::ui::edges::{clock, storage};
use crate::ui::state::{AppState, StorageHealth};
use crate::worker_protocol::{AppReply, Request};

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

/// Every key and text in the store, opening the database first.
pub(super) async fn read_all() -> Result<HashMap<String, String>, String> {
    read_entries(&idb::database().await?).await
}

/// Every key and text in the store, in one readonly transaction.
pub(super) async fn read_entries(
    db: &web_sys::IdbDatabase,
) -> Result<HashMap<String, String>, String> {
    let transaction = Transaction::begin(db, false)?;
    Ok(transaction.entries().await?.into_iter().collect())
}

/// Keeps the blobs of `entries` as known.
pub(super) fn remember_blobs(entries: &HashMap<String, String>) {
    BLOBS.with(|b| {
        *b.borrow_mut() = entries
            .iter()
            .filter(|(key, _)| layout::is_blob_key(key))
            .map(|(key, value)| (key.clone(), Rc::from(value.as_str())))
            .collect();
    });
}

/// Reads a root with the known blobs.
pub(super) fn read(root: Option<&str>) -> Result<Option<Stored>, LoadError> {
    BLOBS.with(|b| {
        let known = b.borrow();
        persistence::load_current(root, |key| known.get(key).map(|v| v.to_string()))
    })
}

/// Bytes the app's keys use, given the root's text.
pub(super) fn stored_bytes(root: Option<&str>) -> usize {
    root.map_or(0, str::len)
        + BLOBS.with(|known| known.borrow().values().map(|v| v.len()).sum::<usize>())
}

/// What "Download stored data" gives: the root exactly as stored when it is all there is,
/// otherwise every key of the app's as one JSON object (keys in order).
pub(super) fn dump(entries: &HashMap<String, String>) -> String {
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
