//! [`ServerRecords`]: what one writer knows is stored under each server record key, so a save
//! can tell the servers that changed by comparing them instead of encoding them.

use crate::domain::ids::ServerId;
use crate::domain::organization::{Organization, Server, StoredCertificate};

use super::Layout;

/// What one writer (a tab) knows is stored under each server record key, by server id, so a
/// save can tell the servers that changed by comparing them instead of encoding them.
///
/// Keep it equal to the stored root the next save writes over: [`ServerRecords::learn`] after
/// reading a root, [`ServerRecords::adopt`] after queuing a layout, [`ServerRecords::forget`]
/// when a write failed (the next save then writes every record again, which is always right).
#[derive(Clone, Debug, Default)]
pub struct ServerRecords {
    pub(super) writer: String,
    /// In the order of the servers they were learned or adopted with, which is the order the
    /// next save walks them in, so a lookup is usually the next entry (see [`Self::find`]).
    by_id: Vec<(ServerId, String, Server)>,
}

impl ServerRecords {
    /// No records known yet, for the writer tagged `writer`: a tag no other tab uses (the
    /// storage edge makes it from random bytes), so two tabs never write one key.
    pub fn new(writer: &str) -> ServerRecords {
        ServerRecords {
            writer: writer.chars().filter(char::is_ascii_alphanumeric).collect(),
            by_id: Vec::new(),
        }
    }

    /// Forgets every record (a write failed, or the stored root is not the one last read).
    pub fn forget(&mut self) {
        self.by_id.clear();
    }

    /// The records of a root just read.
    pub fn learn(&mut self, stored: &super::Stored) {
        self.by_id = stored
            .org
            .servers()
            .iter()
            .zip(&stored.server_keys)
            .map(|(server, key)| (server.id, key.clone(), server.clone()))
            .collect();
    }

    /// The records of `layout`, just queued for `org`: unchanged servers keep their entry,
    /// changed ones are copied.
    pub fn adopt(&mut self, org: &Organization, layout: &Layout) {
        let mut old: Vec<(ServerId, String, Option<Server>)> = std::mem::take(&mut self.by_id)
            .into_iter()
            .map(|(id, key, record)| (id, key, Some(record)))
            .collect();
        let mut next = 0;
        self.by_id = org
            .servers()
            .iter()
            .zip(&layout.server_keys)
            .map(|(server, key)| {
                let kept = find(&old, server.id, &mut next)
                    .filter(|&i| old[i].1 == *key)
                    .and_then(|i| old[i].2.take());
                (
                    server.id,
                    key.clone(),
                    kept.unwrap_or_else(|| server.clone()),
                )
            })
            .collect();
    }

    /// The key `server` is stored under, if this writer knows it is stored as it is now;
    /// `next` is where the previous lookup ended (see [`Self::find`]).
    pub(super) fn unchanged_key(&self, server: &Server, next: &mut usize) -> Option<&str> {
        let i = find(&self.by_id, server.id, next)?;
        let (_, key, record) = &self.by_id[i];
        same_record(record, server).then_some(key.as_str())
    }
}

/// Where `id` is in `records`: tried at `next` first (lookups come in the order the records were
/// made, so this is almost always right, and a save stays linear), else searched for; `next`
/// moves past what was found.
fn find<T>(records: &[(ServerId, String, T)], id: ServerId, next: &mut usize) -> Option<usize> {
    let i = match records.get(*next) {
        Some((at, _, _)) if *at == id => *next,
        _ => records.iter().position(|(at, _, _)| *at == id)?,
    };
    *next = i + 1;
    Some(i)
}

/// Whether `a` and `b` have the same record: every stored field equal. The certificate's DER
/// is not in the record (its SHA-256 is, and names it), and comparing 1,000 of them byte by
/// byte was most of a save's time. Destructured so a new field cannot be left out.
fn same_record(a: &Server, b: &Server) -> bool {
    let Server {
        id,
        name,
        certificate,
        allow_release_devices,
        added_at,
        added_by,
        certificate_history,
        tokens,
    } = a;
    let StoredCertificate {
        der_base64: _,
        sha256_hex,
        subject,
        issuer,
        serial_hex,
        not_after,
        key_description,
    } = certificate;
    let c = &b.certificate;
    *id == b.id
        && *allow_release_devices == b.allow_release_devices
        && *added_at == b.added_at
        && *added_by == b.added_by
        && *not_after == c.not_after
        && *sha256_hex == c.sha256_hex
        && *name == b.name
        && *tokens == b.tokens
        && *certificate_history == b.certificate_history
        && *subject == c.subject
        && *issuer == c.issuer
        && *serial_hex == c.serial_hex
        && *key_description == c.key_description
}
