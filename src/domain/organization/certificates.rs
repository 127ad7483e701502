//! A server's public key certificate as the organization keeps it, and the one rule of what may
//! become one: a checked file with exactly one certificate and no error finding.

use std::fmt;

use base64ct::{Base64, Encoding as _};
use serde::{Deserialize, Serialize};

use crate::domain::certificate::{CheckedFile, Severity, Verdict};
use crate::domain::ids::UserId;
use crate::domain::time::Timestamp;

/// The facts about a server's public key certificate, produced by the certificate checker and
/// stored as given (no parsing here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCertificate {
    /// The DER bytes, standard base64: kept so tokens can be encrypted to it again later.
    /// Absent from a stored root, which keeps it in a blob of its own (`persistence::layout`).
    #[serde(default)]
    pub der_base64: String,
    /// SHA-256 fingerprint, lowercase hex without separators.
    pub sha256_hex: String,
    /// Subject distinguished name, as displayed.
    pub subject: String,
    /// Issuer distinguished name, as displayed.
    pub issuer: String,
    /// Serial number, hex.
    pub serial_hex: String,
    /// End of validity.
    pub not_after: Timestamp,
    /// e.g. "RSA 2048-bit".
    pub key_description: String,
}

/// Why a checked certificate file cannot become a server's certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateNotAccepted {
    /// The file holds no certificate or several; a server entry takes exactly one.
    NotExactlyOne {
        /// How many it holds.
        count: usize,
    },
    /// The certificate has error findings (not RSA, key too short, a private key in the file...).
    NotUsable {
        /// The error findings' sentences.
        reasons: Vec<String>,
    },
}

impl fmt::Display for CertificateNotAccepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertificateNotAccepted::NotExactlyOne { count } => write!(
                f,
                "This file holds {}, and an MDM server takes exactly one. Ask the vendor for \
                 the server's own public key certificate alone.",
                crate::domain::text::count_or_no(*count, "certificate", "certificates")
            ),
            CertificateNotAccepted::NotUsable { reasons } => {
                f.write_str("This certificate cannot be used for an MDM server.")?;
                for reason in reasons {
                    write!(f, " {reason}")?;
                }
                Ok(())
            }
        }
    }
}

impl CertificateNotAccepted {
    /// The one sentence to show above the file's findings, which say the rest (the full
    /// [`fmt::Display`] repeats the error findings, for where no findings are shown).
    pub fn headline(&self) -> &'static str {
        match self {
            CertificateNotAccepted::NotExactlyOne { .. } => {
                "This file cannot be used for an MDM server, which takes exactly one certificate."
            }
            CertificateNotAccepted::NotUsable { .. } => {
                "This certificate cannot be used for an MDM server."
            }
        }
    }
}

impl std::error::Error for CertificateNotAccepted {}

impl StoredCertificate {
    /// The certificate to store for a server, from a checked file. This is where "a
    /// certificate with an error finding cannot be saved" is enforced: only a file holding
    /// exactly one certificate, with no error finding on it or on the file, is accepted.
    /// Warnings (expired, expiring soon, key usage) are the admin's call and pass.
    pub fn from_checked_file(
        file: &CheckedFile,
    ) -> Result<StoredCertificate, CertificateNotAccepted> {
        let [report] = file.certificates.as_slice() else {
            return Err(CertificateNotAccepted::NotExactlyOne {
                count: file.certificates.len(),
            });
        };
        let reasons: Vec<String> = file
            .findings
            .iter()
            .chain(&report.findings)
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| finding.message.clone())
            .collect();
        if !reasons.is_empty() || report.verdict() != Verdict::Usable {
            return Err(CertificateNotAccepted::NotUsable { reasons });
        }
        Ok(StoredCertificate {
            der_base64: Base64::encode_string(&report.der),
            sha256_hex: report.sha256_plain(),
            subject: report.subject.clone(),
            issuer: report.issuer.clone(),
            serial_hex: report.serial_hex.clone(),
            not_after: report.not_after,
            key_description: report.public_key.to_string(),
        })
    }

    /// The certificate's DER bytes (to encrypt a token to it), or `None` if the stored base64
    /// was damaged.
    pub fn der(&self) -> Option<Vec<u8>> {
        Base64::decode_vec(&self.der_base64).ok()
    }
}

/// A certificate a server used before, kept so an admin can tell which certificate old tokens
/// were made for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacedCertificate {
    /// Its SHA-256 fingerprint, lowercase hex.
    pub sha256_hex: String,
    /// Its subject.
    pub subject: String,
    /// When it was replaced.
    pub replaced_at: Timestamp,
    /// Who replaced it.
    pub replaced_by: UserId,
}
