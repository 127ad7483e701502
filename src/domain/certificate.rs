//! Certificate check: reads whatever an admin was sent and says whether it can be an MDM
//! server's public key certificate.
//!
//! Admins get these files from MDM vendors by e-mail, portals and chat, in every encoding
//! OpenSSL and Keychain produce, and sometimes the wrong file entirely (a CSR, a private key, a
//! screenshot, last year's token). So reading is at least as forgiving as OpenSSL, and every
//! refusal names the exact problem and what to do about it: [`InputError`] has one variant per
//! kind of wrong input and never a generic "invalid file".
//!
//! The check is a pipeline; each stage is one module, called once, in this order:
//!
//! 1. `sniff`: what kind of input (empty, too large, an image, archive or PDF, DER or text);
//! 2. `framing`: undo the framing (PEM blocks, bare base64) into pieces of DER;
//! 3. `shape`: classify each piece's ASN.1 shape and locate its certificates;
//! 4. `x509`: read each certificate's fields (its RSA key through [`crate::domain::rsa_key`]);
//! 5. `findings`: judge each certificate and the file, giving findings and a verdict.
//!
//! [`check_file`] below only passes each stage's output to the next and decides what a failure
//! at each place means. Everything here is pure: "now" is a parameter, nothing is random,
//! nothing panics on any input, and a private key found in a file is never decoded into output
//! or kept.

mod asn1;
mod dn;
mod error;
mod findings;
mod framing;
mod pem;
mod shape;
mod sniff;
mod validity;
mod x509;

pub use error::{size_text, InputError, Source};
pub(crate) use x509::token_view;

use std::fmt;

use sha2::{Digest, Sha256};

use crate::domain::hex;
use crate::domain::time::Timestamp;
use framing::{Origin, Piece};
use shape::Place;

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

/// Reads `bytes` (a whole file, or pasted text as UTF-8) and reports every certificate in it, or
/// says precisely what the input is instead. `now` is used for the expiry findings. For pasted
/// text, show a refusal with [`InputError::describe`] and [`Source::Pasted`].
pub fn check_file(bytes: &[u8], now: Timestamp) -> Result<CheckedFile, InputError> {
    let sniffed = sniff::sniff(bytes)?;
    let framed = framing::unframe(sniffed)?;
    let mut file = FileInProgress::new(framed.encoding, now);
    for piece in &framed.pieces {
        match piece {
            Ok(piece) => file.add(piece)?,
            Err(damaged) => file.problem(damaged.clone()),
        }
    }
    file.finish(framed.private_key.as_deref(), framed.set_aside)
}

/// The file being assembled from the pieces, in file order.
struct FileInProgress {
    file: CheckedFile,
    now: Timestamp,
    /// The first problem with a certificate block (reported if no certificate is found, else a
    /// warning).
    first_problem: Option<InputError>,
    /// Bundle blocks that turned out to be something else.
    set_aside: Vec<InputError>,
    trust_noted: bool,
}

impl FileInProgress {
    fn new(encoding: Encoding, now: Timestamp) -> Self {
        FileInProgress {
            file: CheckedFile {
                certificates: Vec::new(),
                findings: Vec::new(),
                encoding,
            },
            now,
            first_problem: None,
            set_aside: Vec::new(),
            trust_noted: false,
        }
    }

    fn problem(&mut self, e: InputError) {
        self.first_problem.get_or_insert(e);
    }

    /// Stages 3 to 5 for one piece. Only a whole input's failure is the answer for the file
    /// (`Err`); in a PEM file one bad block does not hide the good ones.
    fn add(&mut self, piece: &Piece<'_>) -> Result<(), InputError> {
        let shaped = match shape::locate(&piece.der, piece.origin) {
            Ok(shaped) => shaped,
            Err(e) => {
                match piece.origin {
                    Origin::Whole => return Err(e),
                    Origin::CertificateBlock { .. } => self.problem(e),
                    Origin::BundleBlock => self.set_aside.push(e),
                }
                return Ok(());
            }
        };
        let before = self.file.certificates.len();
        let mut problems = Vec::new();
        let mut cut_short = false;
        for located in &shaped.certificates {
            match x509::read(located.der) {
                Ok(fields) => self
                    .file
                    .certificates
                    .push(findings::judge(fields, self.now)),
                Err(failure) => {
                    let e = not_x509(failure);
                    match located.place {
                        Place::First => return Err(e),
                        Place::InBlock => self.problem(e),
                        Place::InBundle => problems.push(findings::unreadable_certificate(&e)),
                        Place::Concatenated { bytes_left, .. } => {
                            // Everything from here on is reported as one run of trailing bytes.
                            problems.push(findings::trailing_data(bytes_left));
                            cut_short = true;
                            break;
                        }
                    }
                }
            }
        }
        let read = self.file.certificates.len() - before;
        if shaped.bundle && read == 0 {
            if piece.origin == Origin::Whole {
                return Err(InputError::Pkcs7Bundle);
            }
            self.set_aside.push(InputError::Pkcs7Bundle);
            return Ok(());
        }
        if read == 0 {
            // A block whose one certificate could not be read: its notes (trailing bytes)
            // would only distract from the problem already recorded.
            return Ok(());
        }
        self.file.findings.extend(problems);
        for note in shaped.notes {
            if cut_short && note.code == "trailing-data" {
                continue;
            }
            if note.code == "trust-settings-ignored" {
                if self.trust_noted {
                    continue;
                }
                self.trust_noted = true;
            }
            self.file.findings.push(note);
        }
        if shaped.bundle {
            self.file.findings.push(findings::pkcs7_bundle());
        }
        Ok(())
    }

    /// The file-level findings, or the answer when no certificate was found.
    fn finish(
        mut self,
        private_key: Option<&str>,
        mut set_aside: Vec<InputError>,
    ) -> Result<CheckedFile, InputError> {
        set_aside.append(&mut self.set_aside);
        let mut file = self.file;
        if file.certificates.is_empty() {
            if let Some(kind) = private_key {
                return Err(InputError::PrivateKey { kind: kind.into() });
            }
            return Err(self
                .first_problem
                .or_else(|| set_aside.into_iter().next())
                .unwrap_or(InputError::NotCertificateText {
                    looks_like: "PEM text without blocks".into(),
                }));
        }
        if let Some(e) = &self.first_problem {
            file.findings.push(findings::unreadable_certificate(e));
        }
        if !set_aside.is_empty() {
            file.findings
                .push(findings::other_blocks_ignored(&set_aside));
        }
        if let Some(kind) = private_key {
            let key = findings::private_key_in_file(kind);
            for c in &mut file.certificates {
                c.findings.insert(0, key.clone());
            }
            file.findings.insert(0, key);
        }
        if file.certificates.len() > 1 {
            let n = file.certificates.len();
            file.findings.push(findings::several_certificates(n));
        }
        Ok(file)
    }
}

fn not_x509(e: x509::X509Failure) -> InputError {
    InputError::NotX509 {
        part: e.part,
        offset: e.offset,
        detail: e.detail,
    }
}
