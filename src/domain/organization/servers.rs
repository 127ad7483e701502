//! MDM servers: adding, renaming, replacing the certificate, the release setting, deleting.

use serde::{Deserialize, Serialize};

use super::{DeviceType, OrgError, Organization, ReplacedCertificate, StoredCertificate};
use crate::domain::activity::{ActivityKind, Subject};
use crate::domain::hex;
use crate::domain::ids::{ServerId, UserId};
use crate::domain::permissions::Permission;
use crate::domain::server_name::{ServerName, ServerNameError};
use crate::domain::text::count;
use crate::domain::time::Timestamp;
use crate::domain::token::TokenRecord;

/// A linked third-party MDM server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// Stable id.
    pub id: ServerId,
    /// Unique name.
    pub name: ServerName,
    /// The current public key certificate; tokens are encrypted to it.
    pub certificate: StoredCertificate,
    /// "Allow this MDM server to release devices". Releasing removes a device from the
    /// organization permanently (it cannot be added back without re-purchase or Apple
    /// Configurator), so a server gets the power only when an admin turns it on deliberately:
    /// [`Organization::add_server`] callers should default the checkbox to off, and the UI does.
    pub allow_release_devices: bool,
    /// When it was added.
    pub added_at: Timestamp,
    /// Who added it.
    pub added_by: UserId,
    /// Certificates it used before, oldest first. Every replacement's time is here, which is
    /// what the token lifecycle reads (the first replacement after a token broke it).
    pub certificate_history: Vec<ReplacedCertificate>,
    /// Metadata of every token downloaded for it, oldest first; at most one has no
    /// `replaced_at` (the active one).
    pub tokens: Vec<TokenRecord>,
}

impl Organization {
    /// Checks a server name as the admin types it: against every other server, excluding
    /// `renaming` (the server being renamed) so it may change only the case of its own name.
    pub fn check_server_name(
        &self,
        input: &str,
        renaming: Option<ServerId>,
    ) -> Result<ServerName, ServerNameError> {
        ServerName::parse(
            input,
            self.servers
                .iter()
                .filter(|s| Some(s.id) != renaming)
                .map(|s| &s.name),
        )
    }

    /// Adds an MDM server; returns its id. `allow_release_devices` should come from a checkbox
    /// that starts unticked (see [`Server::allow_release_devices`]).
    pub fn add_server(
        &mut self,
        name: &str,
        certificate: StoredCertificate,
        allow_release_devices: bool,
        now: Timestamp,
    ) -> Result<ServerId, OrgError> {
        let actor = self.require(Permission::AddServer)?;
        let name = self.check_server_name(name, None)?;
        let id = ServerId(self.allocate_id()?);
        let detail = format!(
            "certificate “{}” (SHA-256 {}); may release devices: {}",
            certificate.subject,
            hex::fingerprint_prefix(&certificate.sha256_hex, 16),
            yes_no(allow_release_devices)
        );
        let subject_name = name.to_string();
        self.servers.push(Server {
            id,
            name,
            certificate,
            allow_release_devices,
            added_at: now,
            added_by: actor.id,
            certificate_history: Vec::new(),
            tokens: Vec::new(),
        });
        self.log(
            &actor,
            now,
            ActivityKind::ServerAdded,
            Subject::Server,
            subject_name,
            detail,
        );
        Ok(id)
    }

    /// Renames a server.
    pub fn rename_server(
        &mut self,
        id: ServerId,
        name: &str,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::EditServer)?;
        let old = self.existing_server(id)?.name.clone();
        let name = self.check_server_name(name, Some(id))?;
        if name.as_str() == old.as_str() {
            return Ok(());
        }
        let subject_name = name.to_string();
        if let Some(server) = self.server_mut(id) {
            server.name = name;
        }
        self.log(
            &actor,
            now,
            ActivityKind::ServerRenamed,
            Subject::Server,
            subject_name.clone(),
            format!("renamed from “{old}” to “{subject_name}”"),
        );
        Ok(())
    }

    /// Replaces a server's certificate: the old one goes into its history with the time of the
    /// replacement. Tokens made for the old certificate can no longer be decrypted by the
    /// server, so the log says a new token is needed.
    pub fn replace_certificate(
        &mut self,
        id: ServerId,
        certificate: StoredCertificate,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::EditServer)?;
        let server = self.existing_server(id)?;
        if server
            .certificate
            .sha256_hex
            .eq_ignore_ascii_case(&certificate.sha256_hex)
        {
            return Err(OrgError::SameCertificate);
        }
        let had_token = self.active_token(id).is_some();
        let mut detail = String::new();
        let mut subject_name = String::new();
        if let Some(server) = self.server_mut(id) {
            detail = format!(
                "certificate SHA-256 {} replaced by {}",
                hex::fingerprint_prefix(&server.certificate.sha256_hex, 16),
                hex::fingerprint_prefix(&certificate.sha256_hex, 16)
            );
            if had_token {
                detail.push_str(
                    "; the current token was made for the old certificate, download a new one",
                );
            }
            subject_name = server.name.to_string();
            let old = std::mem::replace(&mut server.certificate, certificate);
            server.certificate_history.push(ReplacedCertificate {
                sha256_hex: old.sha256_hex,
                subject: old.subject,
                replaced_at: now,
                replaced_by: actor.id,
            });
        }
        self.log(
            &actor,
            now,
            ActivityKind::CertificateReplaced,
            Subject::Server,
            subject_name,
            detail,
        );
        Ok(())
    }

    /// Turns "Allow this MDM server to release devices" on or off.
    pub fn set_allow_release(
        &mut self,
        id: ServerId,
        allow: bool,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::EditServer)?;
        let server = self.existing_server(id)?;
        if server.allow_release_devices == allow {
            return Ok(());
        }
        let subject_name = server.name.to_string();
        if let Some(server) = self.server_mut(id) {
            server.allow_release_devices = allow;
        }
        self.log(
            &actor,
            now,
            ActivityKind::ReleaseSettingChanged,
            Subject::Server,
            subject_name,
            if allow {
                "may now release devices from the organization".to_string()
            } else {
                "may no longer release devices".to_string()
            },
        );
        Ok(())
    }

    /// Deletes a server. If it is the default for any device type, `reassign` must say, for
    /// each of exactly those types, where the default goes (another server, or `None` for no
    /// default); [`Organization::defaults_for`] lists them. Its token records go with it.
    pub fn delete_server(
        &mut self,
        id: ServerId,
        reassign: &[(DeviceType, Option<ServerId>)],
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::DeleteServer)?;
        let server = self.existing_server(id)?;
        let server_name = server.name.to_string();
        let token_count = server.tokens.len();
        let needed = self.defaults_for(id);
        let mut seen: Vec<DeviceType> = Vec::new();
        for &(device_type, target) in reassign {
            if !needed.contains(&device_type) {
                return Err(OrgError::ReassignmentNotNeeded { device_type });
            }
            if seen.contains(&device_type) {
                return Err(OrgError::ReassignedTwice { device_type });
            }
            seen.push(device_type);
            if let Some(target) = target {
                if target == id {
                    return Err(OrgError::ReassignedToDeletedServer { device_type });
                }
                self.existing_server(target)?;
            }
        }
        let missing: Vec<DeviceType> = needed
            .iter()
            .copied()
            .filter(|t| !seen.contains(t))
            .collect();
        if !missing.is_empty() {
            return Err(OrgError::DefaultsNeedReassignment {
                server: server_name,
                device_types: missing,
            });
        }
        let mut moves = Vec::new();
        for &(device_type, target) in reassign {
            moves.push(format!(
                "default for {device_type} moved to {}",
                self.server_label(target)
            ));
            *self.defaults.slot(device_type) = target;
        }
        self.servers.retain(|s| s.id != id);
        let mut detail = if token_count == 0 {
            "deleted with no token records".to_string()
        } else {
            format!(
                "deleted with {}",
                count(token_count, "token record", "token records")
            )
        };
        for m in moves {
            detail.push_str("; ");
            detail.push_str(&m);
        }
        self.log(
            &actor,
            now,
            ActivityKind::ServerDeleted,
            Subject::Server,
            server_name,
            detail,
        );
        Ok(())
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}
