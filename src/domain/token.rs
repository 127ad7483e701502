//! Server tokens: the Apple-format S/MIME file an MDM server decrypts, and the metadata kept
//! about each one (never its secrets).

use serde::{Deserialize, Serialize};

use crate::domain::ids::UserId;
use crate::domain::time::Timestamp;

/// What the app keeps about a downloaded token: enough to show its status and history and to
/// recognise the file later, never the secrets inside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Random identifier of this token (hex), shown in history.
    pub id: String,
    /// When it was generated and downloaded.
    pub issued_at: Timestamp,
    /// Exactly one year after `issued_at` (the `access_token_expiry` inside the file).
    pub expires_at: Timestamp,
    /// Who downloaded it: if they change their password or leave, the token stops working.
    pub downloaded_by: UserId,
    /// SHA-256 fingerprint (lowercase hex, no separators) of the certificate it was encrypted to.
    pub certificate_sha256: String,
    /// SHA-256 (lowercase hex) of its consumer key, to recognise the token without keeping it.
    pub consumer_key_sha256: String,
    /// When a newer token for the same server replaced this one, if it was.
    pub replaced_at: Option<Timestamp>,
}
