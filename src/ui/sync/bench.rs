//! The browser benchmark's way into storage (the `bench` feature only): a seeded organization
//! written, read and saved again as the app does it.

use super::load::{read, read_entries, remember_blobs};
use super::{forget_known, queue, RECORDS};
use crate::domain::organization::Organization;
use crate::domain::persistence::{StoredMeta, STORAGE_KEY};
use crate::ui::edges::idb::{self, Transaction};

/// For the browser benchmark: stores `org` as revision 1, replacing everything stored.
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
