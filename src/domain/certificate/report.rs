//! What the check reports: the file, each certificate's details and findings, the verdict.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::domain::hex;
use crate::domain::time::Timestamp;

/// Files over 1 MiB are refused before reading: a certificate is a few KB, and the limit
/// bounds the work any hostile file can cause. The UI enforces it too.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The outcome of reading a file that contains at least one certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFile {
    /// Every certificate found, in file order.
    pub certificates: Vec<CertificateReport>,
    /// Findings about the file as a whole (several certificates, a private key alongside, ...).
    pub findings: Vec<Finding>,
    /// How the certificates were encoded.
    pub encoding: Encoding,
}

impl CheckedFile {
    /// Whether the file as a whole can become an MDM server entry: exactly one certificate,
    /// no error findings at file or certificate level.
    pub fn usable_as_server_entry(&self) -> bool {
        self.certificates.len() == 1
            && self
                .certificates
                .iter()
                .all(|c| c.verdict() == Verdict::Usable)
            && !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The findings to show in `report`'s own section, below the file's: its findings less
    /// those the file's list already shows (a private key beside the certificates is an error of
    /// the file and of each certificate, so that each verdict says "Not usable", but is said
    /// once).
    pub fn shown_findings<'a>(
        &'a self,
        report: &'a CertificateReport,
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        report
            .findings
            .iter()
            .filter(move |f| !self.findings.contains(f))
    }

    /// What the Add form and "Upload new public key" list for the file, each once: the file's
    /// findings and, when it holds the one certificate an entry takes, that certificate's. (A
    /// chain's certificates would say the same things several times in one list, and the file
    /// is refused for holding several anyway, which its own finding says.)
    pub fn entry_findings(&self) -> impl Iterator<Item = &Finding> + '_ {
        let one = match self.certificates.as_slice() {
            [report] => Some(report),
            _ => None,
        };
        self.findings
            .iter()
            .chain(one.into_iter().flat_map(move |r| self.shown_findings(r)))
    }
}

/// How a file was encoded, shown so admins learn what "a PEM file" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Binary DER (`.der`, `.cer`).
    Der,
    /// Text with `-----BEGIN ...-----` blocks (`.pem`, `.crt`).
    Pem,
    /// Base64 of DER without the PEM armour lines.
    Base64,
}

impl Encoding {
    /// A short name for the UI.
    pub fn label(&self) -> &'static str {
        match self {
            Encoding::Der => "DER (binary)",
            Encoding::Pem => "PEM (text)",
            Encoding::Base64 => "Base64 (text without PEM lines)",
        }
    }
}

/// Everything an admin or MDM engineer wants to know about one certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateReport {
    /// The certificate exactly as found (DER); this is what tokens are encrypted to.
    pub der: Vec<u8>,
    /// Subject name in encoded order like `openssl x509 -subject` (RFC 4514 escaping), e.g.
    /// `C=US, O=Example, CN=mdm.example.com`.
    pub subject: String,
    /// Issuer name, same format as `subject`.
    pub issuer: String,
    /// Serial number as uppercase hex bytes separated by colons, as in the DER encoding
    /// (a leading `00` sign byte is kept), e.g. `00:A1:02`; matches Keychain's display.
    pub serial_hex: String,
    /// X.509 version: 1, 2 or 3.
    pub version: u8,
    /// Start of validity.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
    /// Whole days from `now` until `not_after`, negative once expired.
    pub days_left: i64,
    /// Subject equals issuer (and key identifiers agree when both present). The signature is
    /// not verified: Apple does not, and it would cost far more than the rest of the check.
    pub self_signed: bool,
    /// The public key's algorithm and size.
    pub public_key: PublicKeyInfo,
    /// The signature algorithm by OpenSSL's name, e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    /// Key usage names (e.g. `keyEncipherment`) if the extension is present.
    pub key_usage: Option<Vec<String>>,
    /// Extended key usage names (e.g. `serverAuth`) or dotted OIDs, if the extension is present.
    pub extended_key_usage: Option<Vec<String>>,
    /// SHA-1 fingerprint of the DER, uppercase hex with colons (`openssl x509 -fingerprint`).
    pub sha1_hex: String,
    /// SHA-256 fingerprint of the DER, uppercase hex with colons (Keychain shows this form).
    pub sha256_hex: String,
    /// What we found, worst first is not guaranteed; see [`CertificateReport::verdict`].
    pub findings: Vec<Finding>,
}

impl CertificateReport {
    /// Usable unless any finding is an error: errors mean a token could not safely be made.
    pub fn verdict(&self) -> Verdict {
        if self.findings.iter().any(|f| f.severity == Severity::Error) {
            Verdict::NotUsable
        } else {
            Verdict::Usable
        }
    }

    /// SHA-256 fingerprint as lowercase hex without separators: the form stored in
    /// [`crate::domain::token::TokenRecord::certificate_sha256`].
    pub fn sha256_plain(&self) -> String {
        hex::lower(&Sha256::digest(&self.der))
    }

    /// The finding with `code`, if present (handy for UIs and tests).
    pub fn finding(&self, code: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.code == code)
    }
}

/// Whether a server token can be made for a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No error findings.
    Usable,
    /// At least one error finding.
    NotUsable,
}

impl Verdict {
    /// `"Usable"` or `"Not usable"`.
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Usable => "Usable",
            Verdict::NotUsable => "Not usable",
        }
    }
}

/// The certificate's public key, as far as the check cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKeyInfo {
    /// An RSA key (the only kind Apple encrypts tokens to).
    Rsa {
        /// Modulus size in bits, leading zeros ignored.
        bits: usize,
        /// Public exponent in decimal (hex with `0x` if over 128 bits).
        exponent: String,
    },
    /// An elliptic-curve key.
    Ec {
        /// Curve name (`P-256`) or dotted OID.
        curve: String,
    },
    /// An Ed25519 key.
    Ed25519,
    /// An Ed448 key.
    Ed448,
    /// Anything else.
    Other {
        /// Algorithm name or dotted OID.
        algorithm: String,
    },
}

impl fmt::Display for PublicKeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublicKeyInfo::Rsa { bits, exponent } => {
                write!(f, "RSA {bits} bits, exponent {exponent}")
            }
            PublicKeyInfo::Ec { curve } => write!(f, "EC {curve}"),
            PublicKeyInfo::Ed25519 => f.write_str("Ed25519"),
            PublicKeyInfo::Ed448 => f.write_str("Ed448"),
            PublicKeyInfo::Other { algorithm } => f.write_str(algorithm),
        }
    }
}

/// One observation about a certificate or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable kebab-case code (UI and tests key on it; never reworded).
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// One or two plain sentences for the admin. May quote certificate text: render as text.
    pub message: String,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A token cannot safely be made.
    Error,
    /// Worth knowing; does not block a token.
    Warning,
    /// Plain information.
    Info,
}

impl Severity {
    /// `"Error"`, `"Warning"` or `"Info"`.
    pub fn label(&self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
        }
    }
}
