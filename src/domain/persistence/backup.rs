//! Backups: one JSON file with the whole organization (people, servers with their certificates,
//! certificate history, token metadata, defaults, settings, activity), and the import that
//! checks all of it before anything changes.
//!
//! # Format
//!
//! `{"format":"mdm-link-backup","backup_version":1,"schema":4,"organization":{...}}`: the
//! persisted document ([`super::encode`]) with a marker and its own version, so a backup reads
//! through the same migrations as stored data, and a stored-data download from an older
//! release (`{"schema":N,"organization":...}`) imports as an older backup. The file has nothing
//! that changes between two exports of the same state (no export time: that is in its name), so
//! export → import → export gives the same bytes.
//!
//! # Import
//!
//! [`plan_import`] validates everything first: the size, the JSON, the marker and versions
//! (older migrate; newer are refused), the organization's shape and rules (names, references,
//! one active token per server: the same checks as loading), then every certificate again with
//! the certificate check (each must still be accepted for a server and match what the file says
//! about it). Only then does it compare with the current organization and list what would be
//! added, changed and removed. The caller applies the plan's organization whole, or not at all.
//! A backup never holds a private key: servers only ever store certificates the check accepted,
//! and the check refuses any file with a key in it.

use std::fmt;

use serde::{Deserialize as _, Serialize};

use super::{decode, LoadError, SCHEMA_VERSION};
use crate::domain::certificate::check_file;
use crate::domain::organization::{Organization, StoredCertificate};
use crate::domain::text::{capitalize, count, count_or_no};
use crate::domain::time::Timestamp;
use crate::domain::token::sanitize_server_name;

/// The `format` marker of a backup file.
pub const BACKUP_FORMAT: &str = "mdm-link-backup";

/// The backup format this release writes and reads natively.
pub const BACKUP_VERSION: u32 = 1;

/// Largest backup file read: far above any organization (storage itself holds ~5 MiB), it
/// bounds the work a hostile file can cause.
pub const MAX_BACKUP_BYTES: usize = 16 * 1024 * 1024;

#[derive(Serialize)]
struct BackupOut<'a> {
    format: &'static str,
    backup_version: u32,
    schema: u32,
    organization: &'a Organization,
}

/// The backup file of `org`.
pub fn export(org: &Organization) -> String {
    let backup = BackupOut {
        format: BACKUP_FORMAT,
        backup_version: BACKUP_VERSION,
        schema: SCHEMA_VERSION,
        organization: org,
    };
    serde_json::to_string(&backup).unwrap_or_else(|e| format!("encoding failed: {e}"))
}

/// `MDM Link backup <organization> <YYYY-MM-DD>.json`, safe as a file name on every system.
pub fn file_name(org: &Organization, now: Timestamp) -> String {
    format!(
        "MDM Link backup {} {}.json",
        sanitize_server_name(org.name(), 150),
        now.date_string()
    )
}

/// Why a file cannot be imported. Each message says what is wrong and where; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BackupError {
    /// The file is larger than [`MAX_BACKUP_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// The file is not JSON (or is cut off).
    NotJson {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser found.
        message: String,
    },
    /// JSON, but not an MDM Link backup or stored-data file.
    NotABackup,
    /// Made by a newer release.
    NewerVersion {
        /// The backup version found.
        found: u64,
    },
    /// The organization inside breaks its format or rules (the same checks as loading).
    Organization(LoadError),
    /// A server's certificate is not what the file says, or is no longer accepted.
    Certificate {
        /// The server's name.
        server: String,
        /// Its position among the file's servers (1-based).
        position: usize,
        /// What is wrong, a whole sentence.
        reason: String,
    },
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::TooLarge { bytes } => write!(
                f,
                "The file is {}, far larger than any MDM Link backup; it was not read. Choose \
                 the backup file you exported.",
                crate::domain::certificate::size_text(*bytes as u64)
            ),
            BackupError::NotJson {
                line,
                column,
                message,
            } => write!(
                f,
                "The file is not a readable backup: its JSON is damaged at line {line}, column \
                 {column} ({message}). It may have been cut off or edited; export it again."
            ),
            BackupError::NotABackup => write!(
                f,
                "The file is JSON but not an MDM Link backup (it has no \"format\": \
                 \"{BACKUP_FORMAT}\" or stored organization). Choose a file made with Export \
                 backup."
            ),
            BackupError::NewerVersion { found } => write!(
                f,
                "The backup was made by a newer release of MDM Link (backup version {found}; \
                 this release reads up to {BACKUP_VERSION}). Import it with that release; \
                 nothing was changed."
            ),
            BackupError::Organization(e) => write!(f, "The backup cannot be imported. {e}"),
            BackupError::Certificate {
                server,
                position,
                reason,
            } => write!(
                f,
                "The backup cannot be imported: the certificate of “{server}” (server \
                 {position} in the file) {reason}"
            ),
        }
    }
}

impl std::error::Error for BackupError {}

/// A validated backup and what importing it would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// The organization the import would make current.
    pub organization: Organization,
    /// What differs from the current organization.
    pub changes: Changes,
}

/// What an import would add, change and remove, by name, compared with the current state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The organization's name, if it changes: (current, imported).
    pub renamed: Option<(String, String)>,
    /// Servers only in the backup.
    pub servers_added: Vec<String>,
    /// Servers in both that differ (name, certificate, release setting, tokens...).
    pub servers_changed: Vec<String>,
    /// Servers only in the current state: they would be deleted.
    pub servers_removed: Vec<String>,
    /// People only in the backup.
    pub people_added: Vec<String>,
    /// People in both that differ.
    pub people_changed: Vec<String>,
    /// People only in the current state.
    pub people_removed: Vec<String>,
    /// Token records only in the backup.
    pub tokens_added: usize,
    /// Token records only in the current state.
    pub tokens_removed: usize,
    /// Whether defaults or settings differ.
    pub defaults_or_settings_changed: bool,
    /// Activity entries in the backup, and now.
    pub activity: (usize, usize),
}

impl Changes {
    /// Whether the import would change nothing at all.
    pub fn is_empty(&self) -> bool {
        self.renamed.is_none()
            && self.servers_added.is_empty()
            && self.servers_changed.is_empty()
            && self.servers_removed.is_empty()
            && self.people_added.is_empty()
            && self.people_changed.is_empty()
            && self.people_removed.is_empty()
            && self.tokens_added == 0
            && self.tokens_removed == 0
            && !self.defaults_or_settings_changed
            && self.activity.0 == self.activity.1
    }

    /// One line per kind of change, in plain words, for the import preview.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some((from, to)) = &self.renamed {
            lines.push(format!(
                "The organization is renamed from “{from}” to “{to}”."
            ));
        }
        let list = |verb: &str, what: (&str, &str), names: &[String], lines: &mut Vec<String>| {
            if !names.is_empty() {
                let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
                lines.push(format!(
                    "{} {verb}: {}.",
                    count(names.len(), what.0, what.1),
                    quoted.join(", ")
                ));
            }
        };
        list(
            "added",
            ("server", "servers"),
            &self.servers_added,
            &mut lines,
        );
        list(
            "changed",
            ("server", "servers"),
            &self.servers_changed,
            &mut lines,
        );
        list(
            "removed (they are not in the backup)",
            ("server", "servers"),
            &self.servers_removed,
            &mut lines,
        );
        list(
            "added",
            ("person", "people"),
            &self.people_added,
            &mut lines,
        );
        list(
            "changed",
            ("person", "people"),
            &self.people_changed,
            &mut lines,
        );
        list(
            "removed (they are not in the backup)",
            ("person", "people"),
            &self.people_removed,
            &mut lines,
        );
        let tokens = |n| count_or_no(n, "token record", "token records");
        match (self.tokens_added, self.tokens_removed) {
            (0, 0) => {}
            (added, 0) => lines.push(format!("{} added.", capitalize(&tokens(added)))),
            (0, removed) => lines.push(format!("{} removed.", capitalize(&tokens(removed)))),
            (added, removed) => lines.push(format!(
                "{} added and {removed} removed.",
                capitalize(&tokens(added))
            )),
        }
        if self.defaults_or_settings_changed {
            lines.push("Default servers or settings change.".to_string());
        }
        if self.activity.0 != self.activity.1 {
            lines.push(format!(
                "The activity log becomes the backup's: {} (now {}).",
                count_or_no(self.activity.0, "entry", "entries"),
                count_or_no(self.activity.1, "entry", "entries")
            ));
        }
        if lines.is_empty() {
            lines.push("Nothing changes: the backup holds exactly the current state.".to_string());
        }
        lines
    }
}

/// Validates a backup file's text completely and plans its import over `current` (see the
/// module docs). `now` is for the certificate check.
pub fn plan_import(
    text: &str,
    current: &Organization,
    now: Timestamp,
) -> Result<ImportPlan, BackupError> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge { bytes: text.len() });
    }
    let marker: Marker = serde_json::from_str(text).map_err(|e| BackupError::NotJson {
        line: e.line(),
        column: e.column(),
        message: super::strip_position(&e.to_string()),
    })?;
    match (&marker.format, &marker.backup_version) {
        (Some(format), _) if format != BACKUP_FORMAT => return Err(BackupError::NotABackup),
        (Some(_), Some(version)) => match version.as_u64() {
            Some(v) if v > u64::from(BACKUP_VERSION) => {
                return Err(BackupError::NewerVersion { found: v })
            }
            Some(v) if v >= 1 => {}
            _ => return Err(BackupError::NotABackup),
        },
        (Some(_), None) => return Err(BackupError::NotABackup),
        // A stored-data document from this or an older release: an older backup.
        (None, _) if marker.schema.is_some() && marker.organization => {}
        (None, _) => return Err(BackupError::NotABackup),
    }
    let organization = decode(text).map_err(BackupError::Organization)?;
    for (i, server) in organization.servers().iter().enumerate() {
        recheck(&server.certificate, now).map_err(|reason| BackupError::Certificate {
            server: server.name.to_string(),
            position: i + 1,
            reason,
        })?;
    }
    let changes = compare(current, &organization);
    Ok(ImportPlan {
        organization,
        changes,
    })
}

/// The fields that say what a JSON file is, skipping the rest.
#[derive(serde::Deserialize)]
struct Marker {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    backup_version: Option<serde_json::Value>,
    #[serde(default)]
    schema: Option<serde::de::IgnoredAny>,
    #[serde(default, deserialize_with = "present")]
    organization: bool,
}

/// `true` when the field is there, whatever it holds (it is read properly later).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(d).map(|_| true)
}

/// Checks a stored certificate again as if it were just uploaded; `Err` completes "the
/// certificate of “X” (server N in the file) ...".
fn recheck(stored: &StoredCertificate, now: Timestamp) -> Result<(), String> {
    let der = stored
        .der()
        .ok_or_else(|| "is not valid base64, so the file was damaged or edited.".to_string())?;
    let checked = check_file(&der, now).map_err(|e| format!("cannot be read any more. {e}"))?;
    let again = StoredCertificate::from_checked_file(&checked)
        .map_err(|e| format!("is no longer accepted. {e}"))?;
    if again != *stored {
        return Err(
            "does not match what the file says about it (fingerprint, names or dates), so \
             the file was edited."
                .to_string(),
        );
    }
    Ok(())
}

/// What differs between the current organization and the imported one.
fn compare(current: &Organization, imported: &Organization) -> Changes {
    let mut changes = Changes {
        activity: (imported.activity().len(), current.activity().len()),
        ..Changes::default()
    };
    if current.name() != imported.name() {
        changes.renamed = Some((current.name().to_string(), imported.name().to_string()));
    }
    for server in imported.servers() {
        match current.server(server.id) {
            None => changes.servers_added.push(server.name.to_string()),
            Some(now) if now != server => changes.servers_changed.push(server.name.to_string()),
            Some(_) => {}
        }
    }
    for server in current.servers() {
        if imported.server(server.id).is_none() {
            changes.servers_removed.push(server.name.to_string());
        }
    }
    for person in imported.users() {
        match current.user(person.id) {
            None => changes.people_added.push(person.name.to_string()),
            Some(now) if now != person => changes.people_changed.push(person.name.to_string()),
            Some(_) => {}
        }
    }
    for person in current.users() {
        if imported.user(person.id).is_none() {
            changes.people_removed.push(person.name.to_string());
        }
    }
    let tokens = |org: &Organization| -> Vec<String> {
        org.servers()
            .iter()
            .flat_map(|s| s.tokens.iter().map(|t| t.id.clone()))
            .collect()
    };
    let (before, after) = (tokens(current), tokens(imported));
    changes.tokens_added = after.iter().filter(|t| !before.contains(t)).count();
    changes.tokens_removed = before.iter().filter(|t| !after.contains(t)).count();
    changes.defaults_or_settings_changed =
        current.defaults() != imported.defaults() || current.settings() != imported.settings();
    changes
}
