//! The persisted form of the organization: one JSON document under one storage key, with the
//! schema version inside it, and the migrations that bring older documents up to date.
//!
//! # Format
//!
//! `{"schema": N, "organization": {...}}` stored under [`STORAGE_KEY`]. The key carries no
//! version so that a new release finds the old data where it left it; the version inside tells
//! [`decode`] which migrations to run.
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
//!
//! To change the format: bump [`SCHEMA_VERSION`], write `migrate_vN_to_vN1` as a function on
//! [`serde_json::Value`] in `migrations.rs`, append it to [`migrations::CHAIN`], and freeze a
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

mod migrations;

pub use migrations::{migrate_v1_to_v2, migrate_v2_to_v3};

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::organization::Organization;
use crate::domain::time::Timestamp;

/// The one storage (localStorage) key the state lives under.
pub const STORAGE_KEY: &str = "mdm-link.state";

/// The schema version [`encode`] writes and [`decode`] reads natively.
pub const SCHEMA_VERSION: u32 = 3;

/// Why stored text could not be loaded. Every kind means "keep the text, tell the admin"; none
/// means "start empty".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The text is not JSON at all (truncated write, another app's data, manual editing).
    NotJson {
        /// 1-based line of the first error.
        line: usize,
        /// 1-based column of the first error.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// The JSON is not an object with a `schema` field, so its format is unknown.
    SchemaMissing,
    /// `schema` is present but not a whole number from 1 up.
    SchemaInvalid {
        /// What was there, as JSON (shortened).
        found: String,
    },
    /// Written by a newer release; this release must not guess at it.
    NewerSchema {
        /// The version found.
        found: u64,
    },
    /// The version is known but the document does not have that version's shape or breaks the
    /// organization's rules.
    Invalid {
        /// The schema version the document declared.
        schema: u32,
        /// serde's message (with line and column when the document was already current).
        message: String,
    },
    /// An older document could not be upgraded.
    MigrationFailed {
        /// The version the failing step started from.
        from: u32,
        /// The version it was upgrading to.
        to: u32,
        /// What was wrong.
        reason: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotJson {
                line,
                column,
                message,
            } => write!(
                f,
                "The saved data is damaged: it is not valid JSON (line {line}, column {column}: {message})."
            ),
            LoadError::SchemaMissing => write!(
                f,
                "The saved data has no schema version, so MDM Link cannot tell what format it is in."
            ),
            LoadError::SchemaInvalid { found } => write!(
                f,
                "The saved data’s schema version {found} is not a whole number from 1 up."
            ),
            LoadError::NewerSchema { found } => write!(
                f,
                "The saved data was written by a newer release of MDM Link (schema {found}; this release reads up to {SCHEMA_VERSION}). Open it with that release; it has not been changed."
            ),
            LoadError::Invalid { schema, message } => write!(
                f,
                "The saved data (schema {schema}) is not in the expected shape: {message}."
            ),
            LoadError::MigrationFailed { from, to, reason } => write!(
                f,
                "The saved data could not be upgraded from schema {from} to {to}: {reason}."
            ),
        }
    }
}

impl std::error::Error for LoadError {}

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

/// Reads only the version, skipping (not building) the rest.
#[derive(Deserialize)]
struct Peek {
    #[serde(default)]
    schema: Option<Value>,
    #[serde(default)]
    #[allow(dead_code)]
    organization: serde::de::IgnoredAny,
}

/// The document to store under [`STORAGE_KEY`], in schema [`SCHEMA_VERSION`].
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

/// Loads a stored document, migrating older schemas.
pub fn decode(stored: &str) -> Result<Organization, LoadError> {
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
    let schema = match peek.schema {
        None | Some(Value::Null) => return Err(LoadError::SchemaMissing),
        Some(v) => match v.as_u64() {
            Some(n) if n >= 1 => n,
            _ => {
                let mut found = v.to_string();
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
    let schema = schema as u32; // ≤ SCHEMA_VERSION, so it fits
    if schema == SCHEMA_VERSION {
        // Parse the text directly so errors carry line and column.
        return serde_json::from_str::<EnvelopeIn>(stored)
            .map(|e| e.organization)
            .map_err(|e| LoadError::Invalid {
                schema,
                message: e.to_string(),
            });
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
    serde_json::from_str::<EnvelopeIn>(&doc.to_string())
        .map(|e| e.organization)
        .map_err(|e| LoadError::Invalid {
            schema,
            message: format!(
                "after upgrading to schema {SCHEMA_VERSION}: {}",
                strip_position(&e.to_string())
            ),
        })
}

/// The state to start from: `None` (nothing stored under [`STORAGE_KEY`]) is the only case that
/// creates a fresh organization; anything stored must decode (see the policy above).
pub fn load_or_first_launch(
    stored: Option<&str>,
    now: Timestamp,
) -> Result<Organization, LoadError> {
    match stored {
        None => Ok(Organization::new_first_launch(now)),
        Some(text) => decode(text),
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
