//! The stored layout (schema 4): a root under [`super::STORAGE_KEY`] and immutable blobs beside it.
//!
//! ```text
//! mdm-link.state                  {"schema":4,"revision":N,"layout":"root","meta":{..},
//!                                  "closed_chunks":K,"organization":{.. servers without their
//!                                  certificates' DER, only the open activity entries ..}}
//! mdm-link.certificate.<sha256>   a certificate's DER, base64 (content-addressed)
//! mdm-link.activity.<n>           closed activity chunk n: exactly 500 entries, JSON
//! ```
//!
//! Why: a save used to encode and write the whole organization, ~2 MB at 1,000 servers, and
//! `localStorage.setItem` alone takes ~18 ms for 2 MB in Chromium against 0.1 ms for 50 KB.
//! Certificates never change once stored and closed activity chunks never change once closed,
//! so they are written once; each save writes the root only (and a chunk when one closes).
//!
//! Chunks are numbered from the start of the whole history (entries archived away included), so
//! archiving whole chunks from the front leaves every other chunk's key and content as it was.
//! The root is written last and is the commit point; [`Layout::blobs`] lists every key the root
//! refers to, so the storage edge can delete any other `mdm-link.` blob (left by a crash or no
//! longer referenced) once the root is written.

use serde::{Deserialize, Serialize};

use super::{LoadError, Stored, StoredMeta, SCHEMA_VERSION};
use crate::domain::activity::ActivityEntry;
use crate::domain::ids::{ServerId, UserId};
use crate::domain::organization::{
    ActivityArchive, Defaults, Organization, OrganizationName, ReplacedCertificate, Server,
    Settings, ACTIVITY_CHUNK,
};
use crate::domain::server_name::ServerName;
use crate::domain::time::Timestamp;
use crate::domain::token::TokenRecord;
use crate::domain::users::User;

/// The `layout` value of a stored root.
pub(super) const ROOT: &str = "root";

/// How every root written by this schema starts, so its revision can be read without parsing.
pub(super) const ROOT_PREFIX: &str = "{\"schema\":4,\"revision\":";

/// The key of the blob holding the certificate whose SHA-256 is `sha256_hex`.
pub fn certificate_key(sha256_hex: &str) -> String {
    format!("mdm-link.certificate.{sha256_hex}")
}

/// The key of closed activity chunk `n` (counted from the start of the whole history).
pub fn activity_key(n: u64) -> String {
    format!("mdm-link.activity.{n}")
}

/// Whether `key` is one of the layout's blobs (the keys the storage edge may delete when the
/// root no longer refers to them).
pub fn is_blob_key(key: &str) -> bool {
    key.starts_with("mdm-link.certificate.") || key.starts_with("mdm-link.activity.")
}

/// A save: the root text, and the blobs it refers to.
pub struct Layout<'a> {
    /// The root, to write under [`super::STORAGE_KEY`] after the blobs.
    pub root: String,
    /// Every blob the root refers to.
    pub blobs: Vec<Blob<'a>>,
}

/// One blob the root refers to.
pub struct Blob<'a> {
    /// Its storage key.
    pub key: String,
    /// Whether it must be written whatever a key of that name holds now: a chunk that closed
    /// since the stored root (a crashed save may have left other content under its key).
    /// Certificates are content-addressed, so an existing one is already right.
    pub fresh: bool,
    content: BlobContent<'a>,
}

enum BlobContent<'a> {
    Certificate(&'a str),
    Activity(&'a [ActivityEntry]),
}

impl Blob<'_> {
    /// The text to store.
    pub fn value(&self) -> String {
        match self.content {
            BlobContent::Certificate(base64) => base64.to_string(),
            BlobContent::Activity(entries) => {
                serde_json::to_string(entries).unwrap_or_else(|e| format!("encoding failed: {e}"))
            }
        }
    }
}

/// The layout of `org` at `revision`. `stored_closed` is how many closed chunks the root now
/// in storage refers to: chunks from there on are [`Blob::fresh`].
pub fn write<'a>(
    org: &'a Organization,
    revision: u64,
    meta: &StoredMeta,
    stored_closed: u64,
) -> Layout<'a> {
    let activity = org.activity();
    let closed = activity.len() / ACTIVITY_CHUNK;
    let first_chunk = org.activity_offset() / ACTIVITY_CHUNK as u64;
    let mut blobs: Vec<Blob<'a>> = Vec::with_capacity(org.servers().len() + closed);
    for (i, chunk) in activity.chunks_exact(ACTIVITY_CHUNK).enumerate() {
        let n = first_chunk + i as u64;
        blobs.push(Blob {
            key: activity_key(n),
            fresh: i as u64 >= stored_closed,
            content: BlobContent::Activity(chunk),
        });
    }
    for server in org.servers() {
        let key = certificate_key(&server.certificate.sha256_hex);
        if !blobs.iter().any(|b| b.key == key) {
            blobs.push(Blob {
                key,
                fresh: false,
                content: BlobContent::Certificate(&server.certificate.der_base64),
            });
        }
    }
    let root = RootOut {
        schema: SCHEMA_VERSION,
        revision,
        layout: ROOT,
        meta,
        closed_chunks: closed as u64,
        organization: OrganizationOut {
            name: org.stored_name(),
            users: org.users(),
            signed_in: org.signed_in(),
            servers: org.servers().iter().map(ServerOut::from).collect(),
            defaults: org.defaults(),
            activity: &activity[closed * ACTIVITY_CHUNK..],
            settings: org.settings(),
            next_id: org.next_id(),
            activity_archive: org.activity_archive(),
        },
    };
    Layout {
        root: serde_json::to_string(&root).unwrap_or_else(|e| format!("encoding failed: {e}")),
        blobs,
    }
}

/// Reads a stored root and its blobs (from `blob`, by key) back into the organization.
pub(super) fn read_root(
    text: &str,
    blob: impl Fn(&str) -> Option<String>,
) -> Result<Stored, LoadError> {
    let root: RootIn = serde_json::from_str(text).map_err(|e| LoadError::Invalid {
        schema: SCHEMA_VERSION,
        message: e.to_string(),
    })?;
    let mut org = root.organization;
    org.fill_certificate_der(|server| {
        match blob(&certificate_key(&server.certificate.sha256_hex)) {
            Some(base64) if !base64.trim().is_empty() => Ok(base64),
            _ => Err(LoadError::MissingBlob {
                key: certificate_key(&server.certificate.sha256_hex),
                what: format!("the certificate of “{}”", server.name),
            }),
        }
    })?;
    let first_chunk = org.activity_offset() / ACTIVITY_CHUNK as u64;
    let mut older = Vec::with_capacity(root.closed_chunks as usize * ACTIVITY_CHUNK);
    for n in first_chunk..first_chunk + root.closed_chunks {
        let key = activity_key(n);
        let text = blob(&key).ok_or_else(|| LoadError::MissingBlob {
            key: key.clone(),
            what: format!("activity entries {} to {}", n * 500 + 1, (n + 1) * 500),
        })?;
        let entries: Vec<ActivityEntry> =
            serde_json::from_str(&text).map_err(|e| LoadError::DamagedBlob {
                key: key.clone(),
                message: e.to_string(),
            })?;
        if entries.len() != ACTIVITY_CHUNK {
            return Err(LoadError::DamagedBlob {
                key,
                message: format!("it holds {} entries, not {ACTIVITY_CHUNK}", entries.len()),
            });
        }
        older.extend(entries);
    }
    org.prepend_activity(older);
    Ok(Stored {
        org,
        revision: root.revision,
        meta: root.meta,
        closed_chunks: root.closed_chunks,
    })
}

/// The root as written. Field order matters: `schema` and `revision` first (see
/// [`ROOT_PREFIX`]); the organization's fields as `Organization`'s own serde writes them, so
/// its own `Deserialize` reads them back.
#[derive(Serialize)]
struct RootOut<'a> {
    schema: u32,
    revision: u64,
    layout: &'static str,
    meta: &'a StoredMeta,
    closed_chunks: u64,
    organization: OrganizationOut<'a>,
}

#[derive(Deserialize)]
struct RootIn {
    revision: u64,
    #[serde(default)]
    meta: StoredMeta,
    closed_chunks: u64,
    organization: Organization,
}

/// `Organization`'s stored fields, borrowed, with servers whose certificates leave out the DER
/// and only the open activity entries.
#[derive(Serialize)]
struct OrganizationOut<'a> {
    name: &'a OrganizationName,
    users: &'a [User],
    signed_in: UserId,
    servers: Vec<ServerOut<'a>>,
    defaults: &'a Defaults,
    activity: &'a [ActivityEntry],
    settings: &'a Settings,
    next_id: u64,
    activity_archive: &'a ActivityArchive,
}

/// `Server`'s stored fields, borrowed, without the certificate's DER.
#[derive(Serialize)]
struct ServerOut<'a> {
    id: ServerId,
    name: &'a ServerName,
    certificate: CertificateOut<'a>,
    allow_release_devices: bool,
    added_at: Timestamp,
    added_by: UserId,
    certificate_history: &'a [ReplacedCertificate],
    tokens: &'a [TokenRecord],
}

/// `StoredCertificate`'s fields but the DER.
#[derive(Serialize)]
struct CertificateOut<'a> {
    sha256_hex: &'a str,
    subject: &'a str,
    issuer: &'a str,
    serial_hex: &'a str,
    not_after: Timestamp,
    key_description: &'a str,
}

impl<'a> From<&'a Server> for ServerOut<'a> {
    fn from(s: &'a Server) -> Self {
        let c = &s.certificate;
        ServerOut {
            id: s.id,
            name: &s.name,
            certificate: CertificateOut {
                sha256_hex: &c.sha256_hex,
                subject: &c.subject,
                issuer: &c.issuer,
                serial_hex: &c.serial_hex,
                not_after: c.not_after,
                key_description: &c.key_description,
            },
            allow_release_devices: s.allow_release_devices,
            added_at: s.added_at,
            added_by: s.added_by,
            certificate_history: &s.certificate_history,
            tokens: &s.tokens,
        }
    }
}
