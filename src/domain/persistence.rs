//! The persisted form of the organization, and the migrations that bring older forms up to date.
//!
//! # Two forms
//!
//! - **The document**: `{"schema": N, "organization": {...}}`, the whole organization in one JSON
//!   text ([`encode`], [`decode`]). It is what schemas 1 to 3 stored under [`STORAGE_KEY`], and
//!   what a backup file carries (`backup`).
//! - **The stored layout** (schema 4, `layout`): a small *root* under [`STORAGE_KEY`], with a
//!   revision, and immutable *blobs* beside it under their own keys: each certificate's DER by
//!   its SHA-256, and each closed chunk of 500 activity entries by its number. A save writes the
//!   new blobs first and the root last, so the root is the commit point: a crash leaves at most
//!   unreferenced blobs, which the next save removes. A save rewrites only the root (a few
//!   hundred bytes per server), so it stays cheap at 1,000 servers and years of activity; the
//!   revision lets a tab notice that another tab saved since it last read.
//!
//! The key carries no version so that a new release finds the old data where it left it; the
//! version inside tells [`load`] and [`decode`] which migrations to run.
//!
//! # Schema history
//!
//! - **1**: the first shipped format.
//! - **2**: adds `organization.settings` (`{"expiring_soon_days": 30}`), the threshold for
//!   "expiring soon" token warnings, which schema 1 hard-coded. See [`migrate_v1_to_v2`].
//! - **3**: a person's `password_changed_at` (the last change only) becomes `password_changes`
//!   (every change), and a server's `certificate_replaced_at` goes (every replacement's time is
//!   in its `certificate_history`), so a token's status can name the first event that broke
//!   it. See [`migrate_v2_to_v3`].
//! - **4**: the stored layout above (root + blobs), and `organization.activity_archive`, what
//!   was archived from the bounded activity log. A schema-3 document reads as it is (the new
//!   field defaults to nothing archived); the first save writes the layout. See
//!   [`migrate_v3_to_v4`].
//!
//! To change the format: bump [`SCHEMA_VERSION`], write `migrate_vN_to_vN1` as a function on
//! [`serde_json::Value`] in `migrations.rs`, append it to `migrations::CHAIN`, and freeze a
//! fixture of the old format in `tests/examples/state/` so the path stays tested forever.
//!
//! # Policy the UI follows (the storage edge is not in this module)
//!
//! - Only *absent* data means first launch ([`load_or_first_launch`] with `None`). Data that is
//!   present but cannot be read — any [`LoadError`], including data from a newer release — is
//!   never silently replaced by an empty organization: the app shows the error, keeps the raw
//!   text untouched in storage and offers it for download, and does not write until the admin
//!   explicitly chooses to start over.
//! - Storage that cannot be read or written (quota, private mode, disabled) is reported, not
//!   treated as empty; the current state stays in memory and can be downloaded.
//! - A migrated document is written back in the new format only after the admin's next change,
//!   so merely opening a new release never destroys the old text.

pub mod backup;
mod error;
pub mod layout;
mod migrations;
pub mod reminder;

pub use error::LoadError;

pub use migrations::{migrate_v1_to_v2, migrate_v2_to_v3, migrate_v3_to_v4};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::organization::Organization;
use crate::domain::time::Timestamp;

/// The key the root lives under: in IndexedDB since schema 4; in `localStorage` the whole
/// document up to schema 3, and after the move only [`MOVED_MARKER`].
pub const STORAGE_KEY: &str = "mdm-link.state";

/// What `localStorage` holds under [`STORAGE_KEY`] once the organization moved to IndexedDB.
/// A release that reads `localStorage` (schema 3 and older) finds a newer schema here and goes
/// read-only, instead of showing and editing the stale copy it left behind.
pub const MOVED_MARKER: &str = "{\"schema\":4,\"layout\":\"moved\",\"to\":\"IndexedDB\"}";

/// Whether `text` is the [`MOVED_MARKER`] (compared as JSON, so spacing does not matter).
pub fn is_moved_marker(text: &str) -> bool {
    serde_json::from_str::<Peek>(text).is_ok_and(|peek| peek.layout.as_deref() == Some("moved"))
}

/// Every key of the app starts with this; nothing else in the origin's storage is touched.
pub const KEY_PREFIX: &str = "mdm-link.";

/// The schema version [`encode`] and the layout write, and [`decode`] and [`load`] read natively.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    schema: u32,
    organization: &'a Organization,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    #[allow(dead_code)]
    schema: u32,
    organization: Organization,
}

/// Reads only the version (and whether this is a stored root), skipping the rest. The version
/// is kept as its JSON text, so that a wrong one can be quoted without `serde_json::Value`
/// (which would compile a JSON tree into the app for this one field).
#[derive(Deserialize)]
struct Peek<'a> {
    #[serde(default, borrow)]
    schema: Option<&'a serde_json::value::RawValue>,
    #[serde(default)]
    layout: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    organization: serde::de::IgnoredAny,
}

/// The whole organization as one document, in schema [`SCHEMA_VERSION`] (what a backup holds).
pub fn encode(org: &Organization) -> String {
    let envelope = EnvelopeOut {
        schema: SCHEMA_VERSION,
        organization: org,
    };
    // The organization has no maps with non-string keys and no fallible Serialize impls, so
    // this cannot fail; should it ever, the result is text `decode` rejects (never an empty
    // organization), which the storage edge's write-then-verify catches.
    serde_json::to_string(&envelope).unwrap_or_else(|e| format!("encoding failed: {e}"))
}

/// Reads a whole document of any schema, migrating older ones; refuses a stored root (whose
/// certificates and activity live in blobs), which [`load`] reads.
pub fn decode(stored: &str) -> Result<Organization, LoadError> {
    let (schema, root) = schema_of(stored)?;
    if root {
        return Err(LoadError::RootWithoutBlobs);
    }
    decode_document(stored, schema)
}

/// The schema a stored text declares, and whether it is a stored root; the errors for text
/// that has no readable schema at all.
fn schema_of(stored: &str) -> Result<(u32, bool), LoadError> {
    let peek: Peek = serde_json::from_str(stored).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => LoadError::SchemaMissing,
        _ => LoadError::NotJson {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        },
    })?;
    if !stored.trim_start().starts_with('{') {
        return Err(LoadError::SchemaMissing);
    }
    let raw = peek.schema.map(|v| v.get().trim());
    let schema = match raw {
        None | Some("null") => return Err(LoadError::SchemaMissing),
        Some(text) => match text.parse::<u64>() {
            Ok(n) if n >= 1 && text.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => {
                let mut found = text.to_string();
                if found.chars().count() > 40 {
                    found = found.chars().take(40).collect::<String>() + "…";
                }
                return Err(LoadError::SchemaInvalid { found });
            }
        },
    };
    if schema > u64::from(SCHEMA_VERSION) {
        return Err(LoadError::NewerSchema { found: schema });
    }
    // ≤ SCHEMA_VERSION, so it fits.
    Ok((schema as u32, peek.layout.as_deref() == Some(layout::ROOT)))
}

/// A document of the current schema, parsed directly so errors carry line and column.
fn decode_current_document(stored: &str) -> Result<Organization, LoadError> {
    let org = serde_json::from_str::<EnvelopeIn>(stored)
        .map(|e| e.organization)
        .map_err(|e| LoadError::Invalid {
            schema: SCHEMA_VERSION,
            message: e.to_string(),
        })?;
    with_every_certificate(org, SCHEMA_VERSION)
}

/// A whole document carries each server's certificate itself (`der_base64` may be absent only
/// from a stored root, whose blobs hold it). Without this a document missing one loaded as a
/// server with no certificate, and the next save wrote a root whose certificate blob was
/// empty, which then did not load (found by the `stored_state` fuzz target).
fn with_every_certificate(org: Organization, schema: u32) -> Result<Organization, LoadError> {
    match org
        .servers()
        .iter()
        .find(|s| s.certificate.der_base64.is_empty())
    {
        Some(server) => Err(LoadError::Invalid {
            schema,
            message: format!(
                "the server “{}” has no certificate (`der_base64`)",
                server.name
            ),
        }),
        None => Ok(org),
    }
}

/// A whole document of `schema`, migrated to the current one.
fn decode_document(stored: &str, schema: u32) -> Result<Organization, LoadError> {
    if schema == SCHEMA_VERSION {
        return decode_current_document(stored);
    }
    let mut doc: Value = serde_json::from_str(stored).map_err(|e| LoadError::NotJson {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    for from in schema..SCHEMA_VERSION {
        let failed = |reason| LoadError::MigrationFailed {
            from,
            to: from + 1,
            reason,
        };
        let step = migrations::CHAIN
            .get(from as usize - 1)
            .ok_or_else(|| failed("no upgrade step is known".to_string()))?;
        doc = step(doc).map_err(failed)?;
    }
    // Back to text and through the same `from_str` as the current-schema path, rather than
    // `from_value`: that would compile a second copy of every `Deserialize` impl of the
    // organization (for `Value` as the deserializer) into the wasm, for a path taken once per
    // release upgrade. The position serde_json adds refers to that re-serialized text, not to
    // what is stored, so it is dropped.
    let org = serde_json::from_str::<EnvelopeIn>(&doc.to_string())
        .map(|e| e.organization)
        .map_err(|e| LoadError::Invalid {
            schema,
            message: format!(
                "after upgrading to schema {SCHEMA_VERSION}: {}",
                strip_position(&e.to_string())
            ),
        })?;
    with_every_certificate(org, schema)
}

/// What is kept beside the organization in storage, about this browser's copy only (so never
/// in a backup).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMeta {
    /// When a backup was last exported from this browser.
    #[serde(default)]
    pub backup_exported_at: Option<Timestamp>,
}

/// What [`load`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// The organization.
    pub org: Organization,
    /// The stored revision (0 for a schema 1 to 3 document, which has none).
    pub revision: u64,
    /// The stored facts about this browser's copy.
    pub meta: StoredMeta,
    /// How many closed activity chunks the root refers to (a later save must write any new
    /// one, whatever a key of that name holds).
    pub closed_chunks: u64,
    /// The key of each server's record, in the order of `org.servers()`; empty when the root
    /// held its servers inline (an earlier layout) or for a whole document.
    pub server_keys: Vec<String>,
}

impl Stored {
    /// A whole document's organization: never saved in this browser's layout, so no revision,
    /// no closed chunks and no server records yet.
    pub fn unsaved(org: Organization) -> Stored {
        Stored {
            org,
            revision: 0,
            meta: StoredMeta::default(),
            closed_chunks: 0,
            server_keys: Vec::new(),
        }
    }
}

/// Reads what is stored: the root under [`STORAGE_KEY`] (`None`: nothing is stored) with its
/// blobs from `blob`, or a schema 1 to 3 document. `Ok(None)` only when nothing is stored, the
/// one case that means first launch (see the policy above).
pub fn load(
    root: Option<&str>,
    blob: impl Fn(&str) -> Option<String>,
) -> Result<Option<Stored>, LoadError> {
    load_with(root, &blob)
}

/// [`load`] with the blob reader behind a reference, so the reading is compiled once, not once
/// per caller's closure (each copy was ~4 KB of the app's first load): [`load_current_with`],
/// then a whole document decoded (and upgraded) instead of refused.
fn load_with(
    root: Option<&str>,
    blob: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Stored>, LoadError> {
    match (load_current_with(root, blob), root) {
        (Err(LoadError::NeedsUpgrade { schema }), Some(text)) => {
            decode_document(text, schema).map(|org| Some(Stored::unsaved(org)))
        }
        (read, _) => read,
    }
}

/// [`load`] for the stored layout only: a whole document of any schema is
/// [`LoadError::NeedsUpgrade`] (the app's own loader: reading whole documents and upgrading them
/// stays out of its first load, in the worker that runs [`load`]).
pub fn load_current(
    root: Option<&str>,
    blob: impl Fn(&str) -> Option<String>,
) -> Result<Option<Stored>, LoadError> {
    load_current_with(root, &blob)
}

/// [`load_current`] with the blob reader behind a reference (see [`load_with`]).
fn load_current_with(
    root: Option<&str>,
    blob: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Stored>, LoadError> {
    let Some(text) = root else {
        return Ok(None);
    };
    let (schema, is_root) = schema_of(text)?;
    if !is_root {
        return Err(LoadError::NeedsUpgrade { schema });
    }
    layout::read_root(text, blob).map(Some)
}

/// The organization to start from: `None` stored is the only case that creates a fresh one
/// (see the policy above). A convenience over [`load`] for a lone document.
pub fn load_or_first_launch(
    stored: Option<&str>,
    now: Timestamp,
) -> Result<Organization, LoadError> {
    match load(stored, |_| None)? {
        None => Ok(Organization::new_first_launch(now)),
        Some(stored) => Ok(stored.org),
    }
}

/// The organization as the stored layout's keys and texts, flattened `[key, text, key, text,
/// ..]`: how the app hands an organization to its background worker and takes one back. Both
/// already write and read the layout, so the app needs no second encoding of a whole
/// organization (a whole document is written and read only in the worker: backups, upgrades).
pub fn snapshot(org: &Organization) -> Vec<String> {
    let layout = layout::write(
        org,
        0,
        &StoredMeta::default(),
        0,
        &layout::ServerRecords::new("snapshot"),
    );
    let mut pairs = Vec::with_capacity(2 + layout.blobs.len() * 2);
    for blob in &layout.blobs {
        pairs.push(blob.key.clone());
        pairs.push(blob.value());
    }
    pairs.push(STORAGE_KEY.to_string());
    pairs.push(layout.root);
    pairs
}

/// Reads a [`snapshot`] back, checking everything a stored layout is checked for.
pub fn from_snapshot(pairs: &[String]) -> Result<Organization, LoadError> {
    let texts: std::collections::HashMap<&str, &str> = pairs
        .chunks_exact(2)
        .map(|pair| (pair[0].as_str(), pair[1].as_str()))
        .collect();
    let stored = load_current(texts.get(STORAGE_KEY).copied(), |key| {
        texts.get(key).map(|text| text.to_string())
    })?;
    stored.map(|s| s.org).ok_or(LoadError::SchemaMissing)
}

/// The revision of a stored root, read from its first bytes without parsing the rest (the
/// layout writes `{"schema":4,"revision":N,` first); `None` when the text does not start so
/// (a schema 1 to 3 document has revision 0 by definition; anything else is unreadable).
pub fn peek_revision(stored: &str) -> Option<u64> {
    let rest = stored.strip_prefix(layout::ROOT_PREFIX)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || rest.as_bytes().get(digits) != Some(&b',') {
        return None;
    }
    rest.get(..digits)?.parse().ok()
}

/// serde_json appends " at line L column C"; the position is reported separately.
pub(super) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
