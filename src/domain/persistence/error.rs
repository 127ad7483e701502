//! [`LoadError`]: why stored text could not be loaded, in words an admin can act on.

use std::fmt;

use super::SCHEMA_VERSION;

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
    /// A blob the stored root refers to is missing (removed by another tool, or only part of
    /// the site's data was cleared).
    MissingBlob {
        /// Its storage key.
        key: String,
        /// What it holds, e.g. "the certificate of “Lab Macs”".
        what: String,
    },
    /// A blob the stored root refers to cannot be read.
    DamagedBlob {
        /// Its storage key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// The text is a stored root, which needs its blobs beside it (a backup is a whole document).
    RootWithoutBlobs,
    /// A whole document (an earlier release's stored data, or a backup's text put in storage by
    /// hand) must be read by [`load`](super::load) first; [`load_current`](super::load_current),
    /// the app's own loader, reads only the stored layout (whole documents, their upgrades and
    /// their decoding are read in the app's background worker, see `ui/sync.rs`).
    NeedsUpgrade {
        /// The version found.
        schema: u32,
    },
    /// A whole document of the current schema could not be read (by the background worker,
    /// whose sentence this is).
    Unreadable {
        /// The reader's sentence.
        reason: String,
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
            LoadError::MissingBlob { key, what } => write!(
                f,
                "The saved data is incomplete: {what} (stored under “{key}”) is missing, perhaps \
                 removed by another tool or by clearing part of this site's data."
            ),
            LoadError::DamagedBlob { key, message } => write!(
                f,
                "The saved data is damaged: “{key}” cannot be read ({message})."
            ),
            LoadError::RootWithoutBlobs => write!(
                f,
                "This is MDM Link's storage index, not a whole organization: it lists \
                 certificates and activity stored separately. Export a backup from MDM Link \
                 instead."
            ),
            LoadError::NeedsUpgrade { schema } => write!(
                f,
                "The saved data (schema {schema}) must be upgraded to schema {SCHEMA_VERSION} first."
            ),
            LoadError::Unreadable { reason } => f.write_str(reason),
            LoadError::MigrationFailed { from, to, reason } => write!(
                f,
                "The saved data could not be upgraded from schema {from} to {to}: {reason}."
            ),
        }
    }
}

impl std::error::Error for LoadError {}
