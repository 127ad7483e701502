//! The stored layout (schema 4): a root under [`super::STORAGE_KEY`] and immutable blobs beside it.
//!
//! ```text
//! mdm-link.state                  {"schema":4,"revision":N,"layout":"root","meta":{..},
//!                                  "closed_chunks":K,"server_records":[key, ..],
//!                                  "organization":{.. no servers, only the open activity ..}}
//! mdm-link.server.<id>.<rev>.<w>  one server without its certificate's DER, JSON, as written
//!                                 at revision <rev> by writer <w>
//! mdm-link.certificate.<sha256>   a certificate's DER, base64 (content-addressed)
//! mdm-link.activity.<n>           closed activity chunk n: exactly 500 entries, JSON
//! ```
//!
//! Why: a save used to encode and write the whole organization, ~2 MB at 1,000 servers; then
//! the root with every server inline, ~0.8 MB, which the browser's IndexedDB took 6 ms to put
//! and the app 4 ms to encode on every change. Certificates never change once stored, closed
//! activity chunks never change once closed, and a change touches one server or a few, so each
//! save writes the root (small: the people, the defaults, the open activity and the list of
//! server record keys), the records of the servers that changed, and a chunk when one closes.
//!
//! A server record is never rewritten under its key: a changed server gets a new key (its
//! revision and a tag of the writing tab), so a key names one content for ever, whichever tab
//! wrote it, and a save that died before its root left only orphans. [`ServerRecords`] is what
//! a writer knows is stored under each key, so it can tell which servers changed by comparing
//! them, without encoding any.
//!
//! Chunks are numbered from the start of the whole history (entries archived away included), so
//! archiving whole chunks from the front leaves every other chunk's key and content as it was.
//! The root is written last and is the commit point; [`Layout::blobs`] lists every key the root
//! refers to, so the storage edge can delete any other `mdm-link.` blob (left by a crash or no
//! longer referenced) once the root is written. An earlier form of this schema held the servers
//! inline in the root (still read: `localStorage` data of the release before IndexedDB).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

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

mod records;

pub use records::ServerRecords;

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

/// The key of the record of server `id` written at `revision` by the writer tagged `writer`.
pub fn server_key(id: ServerId, revision: u64, writer: &str) -> String {
    format!("mdm-link.server.{}.{revision}.{writer}", id.0)
}

/// Whether `key` is one of the layout's blobs (the keys the storage edge may delete when the
/// root no longer refers to them).
pub fn is_blob_key(key: &str) -> bool {
    key.starts_with("mdm-link.certificate.")
        || key.starts_with("mdm-link.activity.")
        || key.starts_with("mdm-link.server.")
}

/// A save: the root text, and the blobs it refers to.
pub struct Layout<'a> {
    /// The root, to write under [`super::STORAGE_KEY`] after the blobs.
    pub root: String,
    /// Every blob the root refers to.
    pub blobs: Vec<Blob<'a>>,
    /// The key of each server's record, in the order of the organization's servers.
    pub server_keys: Vec<String>,
}

/// One blob the root refers to.
pub struct Blob<'a> {
    /// Its storage key.
    pub key: String,
    /// Whether it must be written whatever a key of that name holds now: a chunk that closed
    /// since the stored root (a crashed save may have left other content under its key), a
    /// server record under a new key. Certificates are content-addressed and an unchanged
    /// server's record is already stored, so an existing one is already right.
    pub fresh: bool,
    content: BlobContent<'a>,
}

enum BlobContent<'a> {
    Certificate(&'a str),
    Activity(&'a [ActivityEntry]),
    Server(&'a Server),
}

impl Blob<'_> {
    /// The text to store.
    pub fn value(&self) -> String {
        match self.content {
            BlobContent::Certificate(base64) => base64.to_string(),
            BlobContent::Activity(entries) => {
                serde_json::to_string(entries).unwrap_or_else(|e| format!("encoding failed: {e}"))
            }
            BlobContent::Server(server) => serde_json::to_string(&ServerOut::from(server))
                .unwrap_or_else(|e| format!("encoding failed: {e}")),
        }
    }
}

/// The layout of `org` at `revision`. `stored_closed` is how many closed chunks the root now
/// in storage refers to: chunks from there on are [`Blob::fresh`]; `records` tells which
/// servers are stored as they are (the others get new records).
pub fn write<'a>(
    org: &'a Organization,
    revision: u64,
    meta: &StoredMeta,
    stored_closed: u64,
    records: &ServerRecords,
) -> Layout<'a> {
    let activity = org.activity();
    let closed = activity.len() / ACTIVITY_CHUNK;
    let first_chunk = org.activity_offset() / ACTIVITY_CHUNK as u64;
    let mut blobs: Vec<Blob<'a>> = Vec::with_capacity(org.servers().len() * 2 + closed);
    for (i, chunk) in activity.chunks_exact(ACTIVITY_CHUNK).enumerate() {
        let n = first_chunk + i as u64;
        blobs.push(Blob {
            key: activity_key(n),
            fresh: i as u64 >= stored_closed,
            content: BlobContent::Activity(chunk),
        });
    }
    let mut certificates = HashSet::new();
    let mut server_keys = Vec::with_capacity(org.servers().len());
    let mut next = 0;
    for server in org.servers() {
        if certificates.insert(server.certificate.sha256_hex.as_str()) {
            blobs.push(Blob {
                key: certificate_key(&server.certificate.sha256_hex),
                fresh: false,
                content: BlobContent::Certificate(&server.certificate.der_base64),
            });
        }
        let (key, fresh) = match records.unchanged_key(server, &mut next) {
            Some(key) => (key.to_string(), false),
            None => (server_key(server.id, revision, &records.writer), true),
        };
        server_keys.push(key.clone());
        blobs.push(Blob {
            key,
            fresh,
            content: BlobContent::Server(server),
        });
    }
    let root = RootOut {
        schema: SCHEMA_VERSION,
        revision,
        layout: ROOT,
        meta,
        closed_chunks: closed as u64,
        server_records: &server_keys,
        organization: OrganizationOut {
            name: org.stored_name(),
            users: org.users(),
            signed_in: org.signed_in(),
            defaults: org.defaults(),
            activity: &activity[closed * ACTIVITY_CHUNK..],
            settings: org.settings(),
            next_id: org.next_id(),
            activity_archive: org.activity_archive(),
        },
    };
    let root = serde_json::to_string(&root).unwrap_or_else(|e| format!("encoding failed: {e}"));
    Layout {
        root,
        blobs,
        server_keys,
    }
}

/// Reads a stored root and its blobs (from `blob`, by key) back into the organization.
pub(super) fn read_root(
    text: &str,
    blob: &dyn Fn(&str) -> Option<String>,
) -> Result<Stored, LoadError> {
    let root: RootIn = serde_json::from_str(text).map_err(|e| LoadError::Invalid {
        schema: SCHEMA_VERSION,
        message: e.to_string(),
    })?;
    let organization = match &root.server_records {
        None => std::borrow::Cow::Borrowed(root.organization.get()),
        Some(keys) => std::borrow::Cow::Owned(with_servers(root.organization.get(), keys, blob)?),
    };
    let mut org: Organization =
        serde_json::from_str(&organization).map_err(|e| LoadError::Invalid {
            schema: SCHEMA_VERSION,
            message: e.to_string(),
        })?;
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
        server_keys: root.server_records.unwrap_or_default(),
    })
}

/// The organization's stored object with `"servers":[..]` put first, from the records under
/// `keys`. Each record is checked to be one JSON value before it is put in, so a damaged one is
/// named by its key and cannot change the text around it. (Splicing the text and parsing once,
/// instead of parsing each record apart, keeps one copy of the servers' decoding in the app.)
fn with_servers(
    organization: &str,
    keys: &[String],
    blob: &dyn Fn(&str) -> Option<String>,
) -> Result<String, LoadError> {
    let rest = organization
        .trim_start()
        .strip_prefix('{')
        .ok_or_else(|| LoadError::Invalid {
            schema: SCHEMA_VERSION,
            message: "the organization is not a JSON object".to_string(),
        })?;
    let mut text = String::with_capacity(organization.len() + keys.len() * 800);
    text.push_str("{\"servers\":[");
    for (i, key) in keys.iter().enumerate() {
        let record = blob(key).ok_or_else(|| LoadError::MissingBlob {
            key: key.clone(),
            what: "the record of one of the servers".to_string(),
        })?;
        serde_json::from_str::<&RawValue>(&record).map_err(|e| LoadError::DamagedBlob {
            key: key.clone(),
            message: e.to_string(),
        })?;
        if i > 0 {
            text.push(',');
        }
        text.push_str(&record);
    }
    text.push(']');
    if !rest.trim_start().starts_with('}') {
        text.push(',');
    }
    text.push_str(rest);
    Ok(text)
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
    server_records: &'a [String],
    organization: OrganizationOut<'a>,
}

#[derive(Deserialize)]
struct RootIn<'a> {
    revision: u64,
    #[serde(default)]
    meta: StoredMeta,
    closed_chunks: u64,
    /// Absent in a root that holds its servers inline (the earlier form of this layout).
    #[serde(default)]
    server_records: Option<Vec<String>>,
    #[serde(borrow)]
    organization: &'a RawValue,
}

/// `Organization`'s stored fields, borrowed, without the servers (each has its own record) and
/// with only the open activity entries.
#[derive(Serialize)]
struct OrganizationOut<'a> {
    name: &'a OrganizationName,
    users: &'a [User],
    signed_in: UserId,
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
