//! Server tokens as the organization sees them: recording a download, and the status and
//! history of each server's tokens, read through the one lifecycle function in
//! [`crate::domain::token::status`].

use super::Server;
use super::{OrgError, Organization};
use crate::domain::activity::{ActivityKind, Subject};
use crate::domain::ids::ServerId;
use crate::domain::permissions::Permission;
use crate::domain::time::Timestamp;
use crate::domain::token::{
    self, DownloaderFacts, TokenEnd, TokenEvents, TokenRecord, TokenStatus,
};

impl Organization {
    /// The server's current token (the latest one not replaced), if any.
    pub fn active_token(&self, server: ServerId) -> Option<&TokenRecord> {
        self.server(server)?
            .tokens
            .iter()
            .rev()
            .find(|t| t.replaced_at.is_none())
    }

    /// The facts about whoever downloaded `token` that decide whether it still works.
    pub fn downloader_facts(&self, token: &TokenRecord) -> Option<DownloaderFacts<'_>> {
        self.user(token.downloaded_by).map(|u| DownloaderFacts {
            name: u.name.as_str(),
            password_changes: &u.password_changes,
            left_at: u.left_at,
        })
    }

    /// The status of a server's current token at `now`: the one place the list, the server
    /// page and the banner get it from, so they always agree. `None` for an unknown server.
    pub fn token_status(&self, server: ServerId, now: Timestamp) -> Option<TokenStatus> {
        let server = self.server(server)?;
        let active = self.active_token(server.id);
        let replacements = replacement_times(server);
        let events = TokenEvents {
            certificate_replacements: &replacements,
            downloader: active.and_then(|token| self.downloader_facts(token)),
        };
        Some(token::token_status(
            active,
            &events,
            now,
            self.settings.expiring_soon_days,
        ))
    }

    /// How each of a server's tokens ended (or that it is still active), oldest first. Read
    /// through the same lifecycle function as [`Organization::token_status`].
    pub fn token_history(&self, server: ServerId, now: Timestamp) -> Vec<(&TokenRecord, TokenEnd)> {
        let Some(server) = self.server(server) else {
            return Vec::new();
        };
        let replacements = replacement_times(server);
        server
            .tokens
            .iter()
            .map(|record| {
                let events = TokenEvents {
                    certificate_replacements: &replacements,
                    downloader: self.downloader_facts(record),
                };
                (record, token::how_it_ended(record, &events, now))
            })
            .collect()
    }

    /// Records a downloaded token: any previous active token of the server is marked replaced at
    /// `now`, so each server has at most one active token. The token must be for the server's
    /// current certificate and downloaded by the signed-in person.
    pub fn record_token(
        &mut self,
        id: ServerId,
        token: TokenRecord,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::DownloadToken)?;
        let server = self.existing_server(id)?;
        if !server
            .certificate
            .sha256_hex
            .eq_ignore_ascii_case(&token.certificate_sha256)
        {
            return Err(OrgError::TokenCertificateMismatch {
                server: server.name.to_string(),
            });
        }
        if token.downloaded_by != actor.id {
            return Err(OrgError::TokenDownloaderMismatch);
        }
        if self
            .servers
            .iter()
            .any(|s| s.tokens.iter().any(|t| t.id == token.id))
        {
            return Err(OrgError::TokenAlreadyRecorded);
        }
        let mut detail = format!(
            "token {} downloaded; expires {}",
            token.id,
            token.expires_at.date_string()
        );
        let mut subject_name = String::new();
        if let Some(server) = self.server_mut(id) {
            for old in server.tokens.iter_mut().filter(|t| t.replaced_at.is_none()) {
                old.replaced_at = Some(now);
                detail.push_str(&format!("; replaces token {}", old.id));
            }
            let mut token = token;
            token.replaced_at = None;
            server.tokens.push(token);
            subject_name = server.name.to_string();
        }
        self.log(
            &actor,
            now,
            ActivityKind::TokenDownloaded,
            Subject::Server,
            subject_name,
            detail,
        );
        Ok(())
    }
}

/// Every time the server's certificate was replaced.
fn replacement_times(server: &Server) -> Vec<Timestamp> {
    server
        .certificate_history
        .iter()
        .map(|old| old.replaced_at)
        .collect()
}
