//! Certificate check: reads whatever file an admin was sent and says whether it can be an MDM
//! server's public key certificate.
//!
//! Admins get these files from MDM vendors by e-mail, portals and chat, in every encoding
//! OpenSSL and Keychain produce, and sometimes the wrong file entirely (a CSR, a private key, a
//! screenshot, last year's token). So reading is at least as forgiving as OpenSSL, and every
//! refusal names the exact problem and what to do about it: [`InputError`] has one variant per
//! kind of wrong file and never a generic "invalid file".
//!
//! Everything here is pure: "now" is a parameter, nothing is random, nothing panics on any
//! input, and a private key found in a file is never decoded into output or kept.

mod asn1;
mod pem;
mod sniff;
mod x509;

pub(crate) use x509::token_view;

use std::fmt;

use asn1::{Tlv, TlvError};
use const_oid::ObjectIdentifier;
use zeroize::Zeroizing;

use crate::domain::oid_names;
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
        self.sha256_hex.replace(':', "").to_ascii_lowercase()
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

impl Finding {
    fn new(code: &'static str, severity: Severity, message: String) -> Self {
        Finding {
            code,
            severity,
            message,
        }
    }
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

/// Why a file holds no usable certificate. One variant per kind of wrong file, so the admin
/// learns exactly what they uploaded and what to ask the vendor for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The file has no bytes, or only whitespace.
    Empty,
    /// The file is over [`MAX_FILE_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// A certificate signing request (CSR): the request, not the certificate.
    CertificateRequest,
    /// A certificate revocation list (CRL).
    RevocationList,
    /// A bare public key without the certificate around it.
    PublicKeyOnly,
    /// A PKCS#7 bundle (.p7b) that holds no certificate.
    Pkcs7Bundle,
    /// A CMS/S-MIME encrypted message, typically a server token uploaded by mistake.
    EncryptedMessage,
    /// Some other CMS/PKCS#7 message.
    CmsMessage {
        /// Its content type name or OID.
        content_type: String,
    },
    /// A private key (in any format) and no certificate.
    PrivateKey {
        /// What kind of key, e.g. `PKCS#8 private key`.
        kind: String,
    },
    /// A PKCS#12 bundle (.p12/.pfx): always holds a private key.
    Pkcs12,
    /// A picture, e.g. a screenshot of the certificate.
    Image {
        /// PNG, JPEG, ...
        format: &'static str,
    },
    /// A compressed archive.
    Archive {
        /// ZIP, gzip, ...
        format: &'static str,
    },
    /// A PDF document.
    Pdf,
    /// Text with no certificate in it.
    NotCertificateText {
        /// What the text looks like, e.g. `JSON data`.
        looks_like: String,
    },
    /// A PEM block whose END line is missing.
    PemUnterminated {
        /// The BEGIN label.
        label: String,
    },
    /// A PEM block of a kind that is not a certificate and not otherwise recognised.
    UnsupportedPem {
        /// The BEGIN label.
        label: String,
    },
    /// A PEM certificate block whose base64 is damaged.
    PemBase64 {
        /// The BEGIN label.
        label: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The DER data stops before its declared end.
    Truncated {
        /// Offset of the element that runs past the end.
        at: usize,
        /// Bytes the data should have.
        expected: usize,
        /// Bytes it has.
        got: usize,
    },
    /// The DER encoding itself is broken.
    CorruptDer {
        /// Byte offset of the problem.
        offset: usize,
        /// What is wrong.
        detail: String,
    },
    /// Shaped like a certificate, but a part of it is not valid X.509.
    NotX509 {
        /// Which part, e.g. `validity dates`.
        part: &'static str,
        /// Byte offset of the problem, when known.
        offset: Option<usize>,
        /// What the decoder reported.
        detail: String,
    },
    /// Valid ASN.1 of a structure we do not recognise.
    UnrecognisedAsn1 {
        /// The outline of the top-level structure, e.g. `SEQUENCE { INTEGER, OCTET STRING }`.
        outline: String,
    },
    /// Binary data of no recognised kind (the catch-all).
    UnrecognisedBinary {
        /// The first bytes in hex.
        first_bytes: String,
    },
}

impl InputError {
    /// Stable kebab-case code for the UI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::Empty => "empty-file",
            InputError::TooLarge { .. } => "file-too-large",
            InputError::CertificateRequest => "certificate-request",
            InputError::RevocationList => "revocation-list",
            InputError::PublicKeyOnly => "public-key-only",
            InputError::Pkcs7Bundle => "pkcs7-without-certificates",
            InputError::EncryptedMessage => "encrypted-message",
            InputError::CmsMessage { .. } => "cms-message",
            InputError::PrivateKey { .. } => "private-key",
            InputError::Pkcs12 => "pkcs12-bundle",
            InputError::Image { .. } => "image-file",
            InputError::Archive { .. } => "archive-file",
            InputError::Pdf => "pdf-document",
            InputError::NotCertificateText { .. } => "text-not-certificate",
            InputError::PemUnterminated { .. } => "pem-unterminated",
            InputError::UnsupportedPem { .. } => "unsupported-pem",
            InputError::PemBase64 { .. } => "pem-base64-invalid",
            InputError::Truncated { .. } => "truncated",
            InputError::CorruptDer { .. } => "corrupt-der",
            InputError::NotX509 { .. } => "not-x509",
            InputError::UnrecognisedAsn1 { .. } => "unrecognised-asn1",
            InputError::UnrecognisedBinary { .. } => "unrecognised-binary",
        }
    }
}

const ASK: &str =
    "ask the MDM vendor for the server's public key certificate (a .pem, .crt or .cer file)";
const NEVER_SHARE: &str = "a private key must never be shared: ask the MDM vendor for the server's public key certificate only, and if this key belongs to a live server, tell the vendor it was sent around";

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "the file is empty; {ASK}"),
            InputError::TooLarge { bytes } => write!(
                f,
                "the file is {} KB, far larger than any certificate (the limit is 1 MB); check you chose the right file, then {ASK}",
                bytes / 1024
            ),
            InputError::CertificateRequest => write!(
                f,
                "this is a certificate signing request (CSR), not a certificate; the vendor still has to get it signed, so {ASK}"
            ),
            InputError::RevocationList => write!(
                f,
                "this is a certificate revocation list (CRL), which lists withdrawn certificates; {ASK}"
            ),
            InputError::PublicKeyOnly => write!(
                f,
                "this is a bare public key without its certificate; Apple needs the certificate around the key, so {ASK}"
            ),
            InputError::Pkcs7Bundle => write!(
                f,
                "this is a PKCS#7 bundle (.p7b) with no certificate inside; ask the vendor to export the server's single certificate as PEM or DER"
            ),
            InputError::EncryptedMessage => write!(
                f,
                "this is an encrypted S/MIME message, most likely a server token downloaded from Apple, not a certificate; upload the token to the MDM server, and for this step {ASK}"
            ),
            InputError::CmsMessage { content_type } => write!(
                f,
                "this is a CMS/PKCS#7 message ({content_type}), not a certificate; {ASK}"
            ),
            InputError::PrivateKey { kind } => write!(
                f,
                "this file holds a private key ({kind}) and no certificate; the key was not read or kept. {NEVER_SHARE}"
            ),
            InputError::Pkcs12 => write!(
                f,
                "this is a PKCS#12 bundle (.p12/.pfx), which holds a private key as well as the certificate; it was not read or kept. {NEVER_SHARE}"
            ),
            InputError::Image { format } => write!(
                f,
                "this is a {format} image, perhaps a screenshot of the certificate; a picture cannot be used, so {ASK}"
            ),
            InputError::Archive { format } => write!(
                f,
                "this is a {format} archive; extract it and choose the certificate file inside (usually .pem, .crt or .cer)"
            ),
            InputError::Pdf => write!(
                f,
                "this is a PDF document, not a certificate file; {ASK}"
            ),
            InputError::NotCertificateText { looks_like } => write!(
                f,
                "this text file contains no certificate (no \"-----BEGIN CERTIFICATE-----\" block); it looks like {looks_like}. {ASK}"
            ),
            InputError::PemUnterminated { label } => write!(
                f,
                "the \"{label}\" block has no END line, so the file was probably cut off while copying; copy or download it again, including the \"-----END {label}-----\" line"
            ),
            InputError::UnsupportedPem { label } => write!(
                f,
                "the file holds a \"{label}\" block, which is not a certificate; {ASK}"
            ),
            InputError::PemBase64 { label, detail } => write!(
                f,
                "the \"{label}\" block is damaged: {detail}; the text was probably changed while copying, so download or export it again"
            ),
            InputError::Truncated { at, expected, got } => write!(
                f,
                "the data ends {} bytes early: the structure starting at byte {at} needs {expected} bytes, but there are only {got}; the file was cut off, so download or export it again",
                expected.saturating_sub(*got)
            ),
            InputError::CorruptDer { offset, detail } => write!(
                f,
                "the data is corrupt at byte {offset}: {detail}; download or export the certificate again"
            ),
            InputError::NotX509 {
                part,
                offset,
                detail,
            } => {
                write!(f, "this looks like a certificate, but its {part} cannot be read")?;
                if let Some(o) = offset {
                    write!(f, " (at byte {o})")?;
                }
                write!(f, ": {detail}; ask the MDM vendor for a standard X.509 certificate")
            }
            InputError::UnrecognisedAsn1 { outline } => write!(
                f,
                "this is ASN.1 data of an unrecognised kind ({outline}), not a certificate; {ASK}"
            ),
            InputError::UnrecognisedBinary { first_bytes } => write!(
                f,
                "this is not a certificate or any file type we recognise (it starts with bytes {first_bytes}); {ASK}"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads `bytes` (the whole file) and reports every certificate in it, or says precisely what
/// the file is instead. `now` is used for the expiry findings.
pub fn check_file(bytes: &[u8], now: Timestamp) -> Result<CheckedFile, InputError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { bytes: bytes.len() });
    }
    let without_bom = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    if without_bom.iter().all(u8::is_ascii_whitespace)
        || (bytes.len() <= 2 && matches!(bytes, [0xff, 0xfe] | [0xfe, 0xff]))
    {
        return Err(InputError::Empty);
    }
    if let Some(m) = sniff::magic(bytes) {
        return Err(match m {
            sniff::Magic::Image(format) => InputError::Image { format },
            sniff::Magic::Archive(format) => InputError::Archive { format },
            sniff::Magic::Pdf => InputError::Pdf,
        });
    }
    let text = sniff::as_text(bytes);
    if matches!(bytes.first(), Some(0x30 | 0xa0 | 0x06)) {
        match check_der(bytes, now, Encoding::Der) {
            Err(_) if text.is_some() => {}
            other => return other,
        }
    }
    match text {
        Some(t) => check_text(&t, now),
        None => Err(InputError::UnrecognisedBinary {
            first_bytes: sniff::first_bytes(bytes),
        }),
    }
}

/// What a top-level DER element is, judged by its ASN.1 shape.
#[derive(Debug, PartialEq)]
enum Shape {
    Certificate,
    Crl,
    Csr,
    PublicKey,
    PrivateKey(&'static str),
    Pkcs12,
    SignedData,
    Enveloped,
    OtherCms(String),
    Unknown(String),
}

fn tag_name(tag: u8) -> String {
    match tag {
        0x01 => "BOOLEAN".into(),
        0x02 => "INTEGER".into(),
        0x03 => "BIT STRING".into(),
        0x04 => "OCTET STRING".into(),
        0x05 => "NULL".into(),
        0x06 => "OBJECT IDENTIFIER".into(),
        0x0c | 0x13 | 0x16 => "STRING".into(),
        0x17 | 0x18 => "TIME".into(),
        0x30 => "SEQUENCE".into(),
        0x31 => "SET".into(),
        t if t & 0xc0 == 0x80 => format!("[{}]", t & 0x1f),
        t => format!("tag 0x{t:02X}"),
    }
}

const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ENVELOPED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.3");
const AUTH_ENVELOPED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.23");
const ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");

fn classify(data: &[u8], top: &Tlv) -> Result<Shape, TlvError> {
    let outline = |kids: &[Tlv]| {
        let names: Vec<String> = kids.iter().take(6).map(|k| tag_name(k.tag)).collect();
        let more = if kids.len() > 6 { ", ..." } else { "" };
        format!("{} {{ {}{more} }}", tag_name(top.tag), names.join(", "))
    };
    if top.tag != 0x30 {
        return Ok(Shape::Unknown(tag_name(top.tag)));
    }
    let kids = asn1::children(data, top)?;
    let tags: Vec<u8> = kids.iter().map(|k| k.tag).collect();
    let int = |i: usize| kids.get(i).and_then(|k| asn1::small_int(data, k));
    Ok(match tags.as_slice() {
        [0x30, 0x30, 0x03] => {
            let first = kids.first().copied().unwrap_or(*top);
            let inner = asn1::children(data, &first).unwrap_or_default();
            let itags: Vec<u8> = inner.iter().map(|k| k.tag).collect();
            if itags.first() == Some(&0xa0) {
                Shape::Certificate
            } else if itags.get(..4) == Some(&[0x02, 0x30, 0x30, 0xa0])
                && inner.first().and_then(|k| asn1::small_int(data, k)) == Some(0)
                && itags.len() == 4
            {
                Shape::Csr
            } else if itags.iter().take(4).any(|t| matches!(t, 0x17 | 0x18)) {
                Shape::Crl
            } else {
                Shape::Certificate
            }
        }
        [0x30, 0x03] => Shape::PublicKey,
        // RSAPublicKey (PKCS#1): only with a modulus of 512 bits or more, so that two small
        // integers (an ECDSA signature, a test blob) are not mistaken for a key.
        [0x02, 0x02] if kids.first().is_some_and(|k| k.content(data).len() >= 64) => {
            Shape::PublicKey
        }
        [0x30, 0x04] => Shape::PrivateKey("encrypted PKCS#8 private key"),
        [0x02, 0x30, 0x04, ..] if matches!(int(0), Some(0 | 1)) => {
            Shape::PrivateKey("PKCS#8 private key")
        }
        [0x02, 0x30, ..] if int(0) == Some(3) => Shape::Pkcs12,
        [0x02, 0x04, ..] if int(0) == Some(1) => Shape::PrivateKey("EC private key"),
        t if t.len() >= 9 && t.iter().all(|x| *x == 0x02) && int(0) == Some(0) => {
            Shape::PrivateKey("RSA private key (PKCS#1)")
        }
        t if t.len() == 6 && t.iter().all(|x| *x == 0x02) && int(0) == Some(0) => {
            Shape::PrivateKey("DSA private key")
        }
        [0x06, 0xa0, ..] | [0x06] => {
            let id = kids
                .first()
                .and_then(|k| ObjectIdentifier::from_bytes(k.content(data)).ok());
            match id {
                Some(i) if i == SIGNED_DATA => Shape::SignedData,
                Some(i)
                    if i == ENVELOPED_DATA || i == AUTH_ENVELOPED_DATA || i == ENCRYPTED_DATA =>
                {
                    Shape::Enveloped
                }
                Some(i) => Shape::OtherCms(oid_names::name_or_dotted(&i)),
                None => Shape::Unknown(outline(&kids)),
            }
        }
        _ => Shape::Unknown(outline(&kids)),
    })
}

fn tlv_error(e: TlvError, total: usize) -> InputError {
    match e {
        TlvError::Truncated { at, expected, got } if got >= total => InputError::Truncated {
            at,
            expected,
            got,
        },
        TlvError::Truncated { at, expected, got } => InputError::CorruptDer {
            offset: at,
            detail: format!(
                "an element claims to run to byte {expected}, past the end of the structure holding it (byte {got})"
            ),
        },
        TlvError::Malformed { at, what } => InputError::CorruptDer {
            offset: at,
            detail: format!("found {what}"),
        },
    }
}

fn shape_error(shape: Shape) -> InputError {
    match shape {
        Shape::Crl => InputError::RevocationList,
        Shape::Csr => InputError::CertificateRequest,
        Shape::PublicKey => InputError::PublicKeyOnly,
        Shape::PrivateKey(kind) => InputError::PrivateKey { kind: kind.into() },
        Shape::Pkcs12 => InputError::Pkcs12,
        Shape::SignedData => InputError::Pkcs7Bundle,
        Shape::Enveloped => InputError::EncryptedMessage,
        Shape::OtherCms(content_type) => InputError::CmsMessage { content_type },
        Shape::Unknown(outline) => InputError::UnrecognisedAsn1 { outline },
        Shape::Certificate => InputError::UnrecognisedAsn1 {
            outline: "certificate".into(),
        },
    }
}

/// Reads DER data: one or more concatenated certificates, or a PKCS#7 bundle of them.
fn check_der(data: &[u8], now: Timestamp, encoding: Encoding) -> Result<CheckedFile, InputError> {
    let top = asn1::read(data, 0, data.len()).map_err(|e| tlv_error(e, data.len()))?;
    let shape = classify(data, &top).map_err(|e| tlv_error(e, data.len()))?;
    let mut file = CheckedFile {
        certificates: Vec::new(),
        findings: Vec::new(),
        encoding,
    };
    match shape {
        Shape::Certificate => {
            let first = x509::report(top.whole(data), now).map_err(not_x509)?;
            file.certificates.push(first);
            let mut pos = top.end;
            while pos < data.len() {
                let rest = data.get(pos..).unwrap_or(&[]);
                if rest.iter().all(|b| *b == 0 || b.is_ascii_whitespace()) {
                    break;
                }
                let next = asn1::read(data, pos, data.len())
                    .ok()
                    .filter(|t| classify(data, t).ok() == Some(Shape::Certificate))
                    .and_then(|t| x509::report(t.whole(data), now).ok().map(|r| (t, r)));
                match next {
                    Some((t, r)) => {
                        file.certificates.push(r);
                        pos = t.end;
                    }
                    None => {
                        file.findings.push(Finding::new(
                            "trailing-data",
                            Severity::Warning,
                            format!("The file has {} bytes after the certificate that are not a certificate; they were ignored.", data.len() - pos),
                        ));
                        break;
                    }
                }
            }
        }
        Shape::SignedData => {
            for der in p7_certificates(data, &top) {
                match x509::report(der, now) {
                    Ok(r) => file.certificates.push(r),
                    Err(e) => file.findings.push(unreadable(&not_x509(e))),
                }
            }
            if file.certificates.is_empty() {
                return Err(InputError::Pkcs7Bundle);
            }
            file.findings.push(Finding::new(
                "pkcs7-bundle",
                Severity::Info,
                "The file is a PKCS#7 bundle (.p7b); the certificates were read from inside it."
                    .into(),
            ));
        }
        other => return Err(shape_error(other)),
    }
    Ok(finish(file, None))
}

/// The DER of each certificate in a PKCS#7 SignedData ContentInfo (BER lengths allowed).
fn p7_certificates<'a>(data: &'a [u8], top: &Tlv) -> Vec<&'a [u8]> {
    let step = |t: &Tlv, tag: u8| -> Option<Tlv> {
        asn1::children(data, t)
            .ok()?
            .into_iter()
            .find(|k| k.tag == tag)
    };
    let Some(signed) = step(top, 0xa0).and_then(|c| step(&c, 0x30)) else {
        return Vec::new();
    };
    let Some(set) = step(&signed, 0xa0) else {
        return Vec::new();
    };
    asn1::children(data, &set)
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.tag == 0x30)
        .map(|k| k.whole(data))
        .collect()
}

fn not_x509(e: x509::X509Failure) -> InputError {
    InputError::NotX509 {
        part: e.part,
        offset: e.offset,
        detail: e.detail,
    }
}

fn unreadable(e: &InputError) -> Finding {
    Finding::new(
        "unreadable-certificate",
        Severity::Warning,
        format!("One certificate in the file could not be read and was skipped: {e}."),
    )
}

/// Adds the file-level findings that depend on the whole file.
fn finish(mut file: CheckedFile, private_key: Option<&str>) -> CheckedFile {
    if let Some(kind) = private_key {
        let msg = format!("The file also contains a private key ({kind}). It was not read, shown or kept, and a token cannot be made from this file: {NEVER_SHARE}.");
        for c in &mut file.certificates {
            c.findings.insert(
                0,
                Finding::new("private-key-in-file", Severity::Error, msg.clone()),
            );
        }
        file.findings
            .insert(0, Finding::new("private-key-in-file", Severity::Error, msg));
    }
    if file.certificates.len() > 1 {
        // Warning, not error: each certificate is still reported and one of them may be right,
        // but the admin must pick it out; an MDM server entry takes exactly one certificate.
        file.findings.push(Finding::new(
            "several-certificates",
            Severity::Warning,
            format!("The file contains {} certificates, but an MDM server entry takes exactly one. Choose the server's own certificate (usually the first; not its issuers) and save it alone, or ask the vendor for it.", file.certificates.len()),
        ));
    }
    file
}

/// Reads a text file: PEM blocks anywhere in it, or the whole text as bare base64.
fn check_text(text: &str, now: Timestamp) -> Result<CheckedFile, InputError> {
    let scan = pem::scan(text);
    if scan.blocks.is_empty() {
        if let Some(label) = scan.unterminated {
            return Err(if label.contains("PRIVATE KEY") {
                InputError::PrivateKey {
                    kind: format!("PEM \"{label}\""),
                }
            } else {
                InputError::PemUnterminated { label }
            });
        }
        if text.contains("PuTTY-User-Key-File") {
            return Err(InputError::PrivateKey {
                kind: "PuTTY private key".into(),
            });
        }
        let head: String = text
            .chars()
            .take(2000)
            .collect::<String>()
            .to_ascii_lowercase();
        if head.contains("pkcs7-mime") || head.contains("smime.p7m") {
            return Err(InputError::EncryptedMessage);
        }
        if let Some(der) = pem::decode_bare(text) {
            if der.first() == Some(&0x30) {
                return check_der(&der, now, Encoding::Base64);
            }
            return Err(InputError::NotCertificateText {
                looks_like: "base64 data that does not decode to a certificate".into(),
            });
        }
        return Err(InputError::NotCertificateText {
            looks_like: sniff::describe_text(text),
        });
    }

    let mut file = CheckedFile {
        certificates: Vec::new(),
        findings: Vec::new(),
        encoding: Encoding::Pem,
    };
    let mut private_key: Option<String> = None;
    let mut first_error: Option<InputError> = None;
    let mut other_blocks: Vec<InputError> = Vec::new();
    let mut trust_noted = false;
    for block in &scan.blocks {
        let label = block.label.as_str();
        if label.contains("PRIVATE KEY") {
            // Never decoded: the key's bytes must not reach memory we keep or output.
            private_key.get_or_insert_with(|| format!("PEM \"{label}\""));
            continue;
        }
        match label {
            "CERTIFICATE"
            | "X509 CERTIFICATE"
            | "TRUSTED CERTIFICATE"
            | "PKCS7"
            | "CMS"
            | "PKCS #7 SIGNED DATA" => {}
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
                other_blocks.push(InputError::CertificateRequest);
                continue;
            }
            "X509 CRL" => {
                other_blocks.push(InputError::RevocationList);
                continue;
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" => {
                other_blocks.push(InputError::PublicKeyOnly);
                continue;
            }
            _ => {
                other_blocks.push(InputError::UnsupportedPem {
                    label: label.to_owned(),
                });
                continue;
            }
        }
        let der: Zeroizing<Vec<u8>> = match pem::decode_body(block.body) {
            Ok(d) => d,
            Err(p) => {
                let detail = match p {
                    pem::Base64Problem::BadCharacter(c) => {
                        format!("it contains the character {c:?}, which is not base64")
                    }
                    pem::Base64Problem::BadLength => {
                        "its base64 text has the wrong length or misplaced \"=\" padding".into()
                    }
                    pem::Base64Problem::Empty => "it has no content between its lines".into(),
                };
                first_error.get_or_insert(InputError::PemBase64 {
                    label: label.to_owned(),
                    detail,
                });
                continue;
            }
        };
        if label.starts_with("PKCS") || label == "CMS" {
            match check_der(&der, now, Encoding::Pem) {
                Ok(f) => {
                    file.certificates.extend(f.certificates);
                    file.findings.extend(
                        f.findings
                            .into_iter()
                            .filter(|x| x.code != "several-certificates"),
                    );
                }
                Err(e) => other_blocks.push(e),
            }
            continue;
        }
        let top = match asn1::read(&der, 0, der.len()) {
            Ok(t) => t,
            Err(e) => {
                first_error.get_or_insert(tlv_error(e, der.len()));
                continue;
            }
        };
        match classify(&der, &top) {
            Ok(Shape::Certificate) => {}
            Ok(other) => {
                first_error.get_or_insert(shape_error(other));
                continue;
            }
            Err(e) => {
                first_error.get_or_insert(tlv_error(e, der.len()));
                continue;
            }
        }
        match x509::report(top.whole(&der), now) {
            Ok(r) => file.certificates.push(r),
            Err(e) => {
                first_error.get_or_insert(not_x509(e));
                continue;
            }
        }
        if top.end < der.len() {
            if label == "TRUSTED CERTIFICATE" {
                if !trust_noted {
                    trust_noted = true;
                    file.findings.push(Finding::new(
                        "trust-settings-ignored",
                        Severity::Info,
                        "The certificate carries OpenSSL trust settings (\"TRUSTED CERTIFICATE\"); they were ignored, only the certificate is used.".into(),
                    ));
                }
            } else {
                file.findings.push(Finding::new(
                    "trailing-data",
                    Severity::Warning,
                    format!("A certificate block has {} extra bytes after the certificate; they were ignored.", der.len() - top.end),
                ));
            }
        }
    }

    if file.certificates.is_empty() {
        if let Some(kind) = private_key {
            return Err(InputError::PrivateKey { kind });
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        return Err(other_blocks
            .into_iter()
            .next()
            .unwrap_or(InputError::NotCertificateText {
                looks_like: "PEM text without blocks".into(),
            }));
    }
    if let Some(e) = first_error {
        file.findings.push(unreadable(&e));
    }
    if !other_blocks.is_empty() {
        let what: Vec<String> = other_blocks.iter().map(|e| e.code().to_owned()).collect();
        file.findings.push(Finding::new(
            "other-blocks-ignored",
            Severity::Info,
            format!("The file also contains other blocks that are not certificates ({}); they were ignored.", what.join(", ")),
        ));
    }
    Ok(finish(file, private_key.as_deref()))
}
