//! Server tokens: the Apple-format S/MIME file an MDM server decrypts, and the metadata kept
//! about each one (never its secrets).
//!
//! Apple Business Manager hands an admin a `.p7m` file that only the MDM server can open: a CMS
//! EnvelopedData encrypted to the server's public key certificate, wrapping four OAuth-style
//! credentials. MDM servers (NanoDEP, Fleet, Jamf, ...) parse that file with their own S/MIME
//! code, so [`issue_token`] reproduces Apple's file byte for byte in every place a parser could
//! care about: the MIME headers, the base64 line width, the CMS structure (with the NULL
//! parameters Apple writes), the plaintext MIME part and the JSON key order. The one deliberate
//! difference is that we encode the CMS in DER where Apple uses BER indefinite lengths: every
//! client that reads Apple's file reads DER too, and Python `cryptography` reads only DER.

use base64ct::Encoding as _;
use const_oid::db::rfc5912::RSA_ENCRYPTION;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoRef;
use zeroize::Zeroizing;

use crate::domain::certificate::token_view;
use crate::domain::hex;
use crate::domain::ids::UserId;
use crate::domain::oid_names;
use crate::domain::rsa_key::{RsaKeyError, RsaPublicKey};
use crate::domain::time::{days_in_month, CivilDateTime, Timestamp};

mod envelope;
pub mod file_name;
pub mod open;
mod pkcs1v15;
mod secrets;
pub mod status;

use envelope::{envelope, IssuerAndSerialNumber};
use secrets::TokenSecrets;

pub use file_name::{sanitize_server_name, token_file_name};
pub use status::{
    how_it_ended, stopped_working, token_status, DownloaderFacts, Invalidation, Stop, TokenEnd,
    TokenEvents, TokenStatus,
};

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

/// A freshly generated token: the file to hand to the browser's download and the record to
/// store. The secrets live only inside `file_bytes`, encrypted to the server's certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedToken {
    /// Apple-style download name, see [`token_file_name`].
    pub file_name: String,
    /// The complete S/MIME file (`.p7m`), exactly as Apple would deliver it.
    pub file_bytes: Vec<u8>,
    /// What the app remembers about the token.
    pub record: TokenRecord,
}

/// Why a token could not be generated. Each message tells the admin what is wrong with the
/// certificate they uploaded (or, for the clock, with the device), because that is what they
/// can fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The bytes are not a DER-encoded X.509 certificate.
    CertificateUnreadable,
    /// The certificate's key is not an RSA encryption key (Apple only encrypts tokens to RSA).
    NotRsaKey {
        /// The key algorithm the certificate names, e.g. `id-ecPublicKey`.
        algorithm: String,
    },
    /// The RSA key breaks a rule of [`crate::domain::rsa_key`] (too short, malformed...): the
    /// same rule, with the same sentence, that makes it an error finding in the check.
    RsaKey(RsaKeyError),
    /// The device clock gives a time outside 2001-09-09 to 2286-11-20, which Apple's 13-digit
    /// millisecond field cannot carry; such a clock is wrong anyway.
    ClockOutOfRange,
    /// The encryption step itself failed (should not happen with a valid key).
    EncryptionFailed,
    /// Encoding the CMS structure failed (should not happen with a valid certificate).
    EncodingFailed,
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::CertificateUnreadable => {
                f.write_str("This file is not a readable public key certificate.")
            }
            TokenError::NotRsaKey { algorithm } => write!(
                f,
                "The certificate's key is of type {algorithm}, but server tokens can only be \
                 encrypted to an RSA key."
            ),
            TokenError::RsaKey(e) => e.fmt(f),
            TokenError::ClockOutOfRange => f.write_str(
                "This device's clock shows an impossible date; correct the date and try again.",
            ),
            TokenError::EncryptionFailed => {
                f.write_str("Encrypting the token to the certificate failed.")
            }
            TokenError::EncodingFailed => f.write_str("Writing the token file failed."),
        }
    }
}

impl std::error::Error for TokenError {}

/// The outer S/MIME headers, in Apple's order, each ended by LF as in Apple's download.
const SMIME_HEADERS: &str = "Content-Type: application/pkcs7-mime; name=\"smime.p7m\"; \
smime-type=enveloped-data\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; \
filename=\"smime.p7m\"\nContent-Description: S/MIME Encrypted Message\n\n";

/// Base64 line width of Apple's file (and of MIME, RFC 2045).
pub const BASE64_LINE_WIDTH: usize = 76;

/// The MIME part inside the envelope, up to the JSON. CRLF in the MIME headers but LF around
/// the message, exactly as Apple's decrypted token shows.
const PLAINTEXT_HEAD: &str = "Content-Type: text/plain;charset=UTF-8\r\n\
Content-Transfer-Encoding: 7bit\r\n\r\n-----BEGIN MESSAGE-----\n";
const PLAINTEXT_TAIL: &str = "\n-----END MESSAGE-----\n";

/// Earliest and latest `now` whose milliseconds have exactly 13 digits (Apple's access token
/// ends in them).
const MIN_13_DIGIT_MS: i64 = 1_000_000_000_000;
const MAX_13_DIGIT_MS: i64 = 9_999_999_999_999;

/// Generates a server token for the MDM server whose certificate is `certificate_der`, in
/// Apple's exact format, and the record to keep about it.
///
/// `now` is the download time (from the browser clock) and `rng` the CSPRNG: the core never
/// reads either itself, so tests are reproducible. All key material and plaintext is wiped
/// from memory before returning.
pub fn issue_token(
    certificate_der: &[u8],
    server_name: &str,
    downloaded_by: UserId,
    now: Timestamp,
    rng: &mut impl CryptoRngCore,
) -> Result<IssuedToken, TokenError> {
    if !(MIN_13_DIGIT_MS..=MAX_13_DIGIT_MS).contains(&now.0) {
        return Err(TokenError::ClockOutOfRange);
    }
    // Only the issuer, serial and public key are read (see `x509::TokenView` for why).
    let certificate = token_view(certificate_der).map_err(|_| TokenError::CertificateUnreadable)?;
    let public_key = rsa_encryption_key(&certificate.spki)?;
    let expires_at = one_year_after(now);

    let mut id_bytes = [0u8; 8];
    rng.fill_bytes(&mut id_bytes);
    let id = hex::lower(&id_bytes);

    let secrets = TokenSecrets::generate(now, expires_at, rng);
    let json = secrets.json();
    let mut plaintext = Zeroizing::new(Vec::with_capacity(PLAINTEXT_HEAD.len() + json.len() + 32));
    plaintext.extend_from_slice(PLAINTEXT_HEAD.as_bytes());
    plaintext.extend_from_slice(json.as_bytes());
    plaintext.extend_from_slice(PLAINTEXT_TAIL.as_bytes());

    let rid = IssuerAndSerialNumber {
        issuer: certificate.issuer,
        serial_number: certificate.serial,
    };
    let der = envelope(&plaintext, &public_key, rid, rng)?;

    let record = TokenRecord {
        id,
        issued_at: now,
        expires_at,
        downloaded_by,
        certificate_sha256: hex::lower(&Sha256::digest(certificate_der)),
        consumer_key_sha256: hex::lower(&Sha256::digest(secrets.consumer_key.as_bytes())),
        replaced_at: None,
    };
    Ok(IssuedToken {
        file_name: token_file_name(server_name, now),
        file_bytes: smime_file(&der),
        record,
    })
}

/// The RSA encryption key in the certificate's `spki`, refusing anything a token must not be
/// encrypted to. The key is read by the same reader, with the same limits, as in the certificate
/// check, so the token core is safe on its own and never disagrees with the check.
fn rsa_encryption_key(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<RsaPublicKey, TokenError> {
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Err(TokenError::NotRsaKey {
            algorithm: oid_names::name_or_dotted(&spki.algorithm.oid),
        });
    }
    RsaPublicKey::from_subject_public_key(&spki.subject_public_key)
        .map_err(|refusal| TokenError::RsaKey(refusal.error))
}

/// The downloadable file: Apple's four S/MIME headers, a blank line, then the DER in base64
/// lines of 76 characters, every line (the last too) ended by LF, as in Apple's download.
fn smime_file(der: &[u8]) -> Vec<u8> {
    let b64 = base64ct::Base64::encode_string(der);
    let mut out = Vec::with_capacity(SMIME_HEADERS.len() + b64.len() + b64.len() / 76 + 2);
    out.extend_from_slice(SMIME_HEADERS.as_bytes());
    for line in b64.as_bytes().chunks(BASE64_LINE_WIDTH) {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    out
}

/// The token expiry for a token issued at `issued`: the same UTC date and time of day one
/// calendar year later, to the whole second (Apple's `access_token_expiry` has no
/// milliseconds: issued 2025-01-17T11:02:21.803Z, expires 2026-01-17T11:02:21Z).
///
/// February 29 maps to February 28 of the next year, not March 1: a token must never be
/// promised for longer than one year (Feb 28 keeps it at 365 days, Mar 1 would make it 366),
/// and it keeps the reminder in the month the admin expects. This is also what most date
/// libraries do when adding 12 months (clamp to the end of the month).
pub fn one_year_after(issued: Timestamp) -> Timestamp {
    let c = issued.civil();
    let year = c.year.saturating_add(1);
    let day = c.day.min(days_in_month(year, c.month));
    CivilDateTime { year, day, ..c }.to_timestamp()
}
