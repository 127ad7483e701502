//! Reading an MDM server's private key, in every form a server or a vendor's tooling keeps it:
//! PEM PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`), PEM PKCS#8 (`-----BEGIN PRIVATE KEY-----`),
//! password-protected PKCS#8 (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, with its password), the
//! same in DER, and a PEM file that holds the certificate and the key together (the certificate
//! is kept, to say whether a token was addressed to it).
//!
//! Anything else gets one specific [`KeyError`]: a key of another kind (EC, OpenSSH, PuTTY, a
//! PKCS#12 bundle), an encrypted key without its password, a file with no key at all. The
//! decoding itself is the RustCrypto `pkcs1`/`pkcs8`/`pkcs5` and `rsa` crates; this module
//! only finds the key in the file and bounds the work (key size, password-hashing cost) so a
//! hostile file cannot hang the worker.
//!
//! What comes out is an `rsa::RsaPrivateKey`, wiped when dropped; every intermediate buffer
//! holding key bytes here is `Zeroizing`.

use std::fmt;

use const_oid::db::rfc5912::RSA_ENCRYPTION;
use const_oid::ObjectIdentifier;
use der::Decode;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::pkcs5::pbes2::Kdf;
use rsa::pkcs8::pkcs5::EncryptionScheme;
use rsa::pkcs8::{EncryptedPrivateKeyInfo, PrivateKeyInfo};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use zeroize::Zeroizing;

use crate::domain::certificate::asn1::{self, Tlv};
use crate::domain::certificate::pem;
use crate::domain::certificate::{size_text, MAX_FILE_BYTES};
use crate::domain::oid_names::name_or_dotted;
use crate::domain::rsa_key::MAX_RSA_BITS;
use crate::domain::text::count;

/// Most PBKDF2 iterations accepted for a password-protected key: OpenSSL 3 writes 2,048 and
/// careful tools up to a few hundred thousand; a million takes a few seconds in a browser.
pub const MAX_PBKDF2_ITERATIONS: u32 = 1_000_000;

/// Most memory scrypt may ask for (`128 · r · N` bytes): 64 MiB, four times OpenSSL's
/// `-scrypt` default. More would stall or crash the browser tab.
pub const MAX_SCRYPT_BYTES: u64 = 64 * 1024 * 1024;

/// A private key read from a file.
pub struct PrivateKeyFile {
    /// The RSA key (wiped when dropped).
    pub key: RsaPrivateKey,
    /// The DER of the first certificate in the same file, if the file held one.
    pub certificate: Option<Vec<u8>>,
    /// How the key was stored.
    pub form: KeyForm,
}

impl PrivateKeyFile {
    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bits()
    }

    /// The modulus as big-endian bytes, to compare with a certificate's public key.
    pub fn modulus(&self) -> Vec<u8> {
        self.key.n().to_bytes_be()
    }

    /// The public exponent as big-endian bytes.
    pub fn exponent(&self) -> Vec<u8> {
        self.key.e().to_bytes_be()
    }
}

/// How a key was stored, to show the person what their file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyForm {
    /// PEM `RSA PRIVATE KEY` (PKCS#1).
    Pkcs1Pem,
    /// PEM `PRIVATE KEY` (PKCS#8).
    Pkcs8Pem,
    /// PEM `ENCRYPTED PRIVATE KEY` (PKCS#8 with a password).
    EncryptedPkcs8Pem,
    /// DER PKCS#1.
    Pkcs1Der,
    /// DER PKCS#8.
    Pkcs8Der,
    /// DER PKCS#8 with a password.
    EncryptedPkcs8Der,
}

impl KeyForm {
    /// A short description, e.g. "PEM, PKCS#8".
    pub fn label(self) -> &'static str {
        match self {
            KeyForm::Pkcs1Pem => "PEM, PKCS#1",
            KeyForm::Pkcs8Pem => "PEM, PKCS#8",
            KeyForm::EncryptedPkcs8Pem => "PEM, PKCS#8, password-protected",
            KeyForm::Pkcs1Der => "DER, PKCS#1",
            KeyForm::Pkcs8Der => "DER, PKCS#8",
            KeyForm::EncryptedPkcs8Der => "DER, PKCS#8, password-protected",
        }
    }
}

/// Why no RSA private key was read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The file is empty or only whitespace.
    Empty,
    /// The file is over 1 MiB, far larger than any key.
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// The file holds something, but no private key.
    NoPrivateKey {
        /// What it holds instead, completing "holds ...", e.g. "a certificate".
        holds: String,
    },
    /// A password-protected PKCS#8 key and no password given.
    Encrypted,
    /// The password given does not unlock the key.
    WrongPassword,
    /// A key encrypted in OpenSSL's traditional PEM format (`Proc-Type: 4,ENCRYPTED`).
    LegacyEncrypted,
    /// A password-protected key whose scheme is not supported (PBES1, DES, ...).
    UnsupportedEncryption {
        /// The scheme, by name or OID.
        scheme: String,
    },
    /// A password-protected key whose hashing would take too long or too much memory.
    EncryptionTooCostly {
        /// What it asks for, e.g. "5000000 PBKDF2 iterations".
        asks: String,
    },
    /// A private key of another algorithm (EC, DSA, Ed25519, ...).
    NotRsa {
        /// The algorithm, by name.
        algorithm: String,
    },
    /// A PKCS#12 bundle (.p12/.pfx).
    Pkcs12,
    /// A key format MDM Link does not read (OpenSSH, PuTTY).
    UnsupportedFormat {
        /// The format, e.g. "an OpenSSH private key".
        format: &'static str,
        /// The command that converts it, e.g. `ssh-keygen -p -m PKCS8 -f key`.
        convert: &'static str,
    },
    /// An RSA key larger than [`MAX_RSA_BITS`].
    TooLong {
        /// Its modulus size in bits.
        bits: usize,
    },
    /// The key's encoding or numbers are damaged.
    Corrupt {
        /// What is wrong, a phrase completing "The private key cannot be read: ...".
        detail: String,
    },
}

impl KeyError {
    /// Every code [`KeyError::code`] returns, so a code received as text maps back to its
    /// `&'static str` (the page receives findings from the worker as bytes).
    pub const CODES: [&'static str; 13] = [
        "key-file-empty",
        "key-file-too-large",
        "no-private-key",
        "encrypted-private-key",
        "wrong-private-key-password",
        "encrypted-private-key-legacy",
        "unsupported-key-encryption",
        "key-encryption-too-costly",
        "not-rsa-key",
        "pkcs12-key-file",
        "unsupported-key-format",
        "private-key-too-large",
        "private-key-corrupt",
    ];

    /// Stable kebab-case code for the UI and tests.
    pub fn code(&self) -> &'static str {
        let index = match self {
            KeyError::Empty => 0,
            KeyError::TooLarge { .. } => 1,
            KeyError::NoPrivateKey { .. } => 2,
            KeyError::Encrypted => 3,
            KeyError::WrongPassword => 4,
            KeyError::LegacyEncrypted => 5,
            KeyError::UnsupportedEncryption { .. } => 6,
            KeyError::EncryptionTooCostly { .. } => 7,
            KeyError::NotRsa { .. } => 8,
            KeyError::Pkcs12 => 9,
            KeyError::UnsupportedFormat { .. } => 10,
            KeyError::TooLong { .. } => 11,
            KeyError::Corrupt { .. } => 12,
        };
        Self::CODES[index]
    }
}

/// The unencrypted-key command, quoted in several messages.
const UNENCRYPT: &str = "openssl pkey -in key.pem -out key-unencrypted.pem";

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Empty => f.write_str(
                "The private key file is empty. Choose the file with the MDM server's private \
                 key (usually .pem or .key).",
            ),
            KeyError::TooLarge { bytes } => write!(
                f,
                "The private key file is {}, far larger than any key (the limit is 1 MiB), so \
                 it was not read. Check that you chose the right file.",
                size_text(*bytes as u64)
            ),
            KeyError::NoPrivateKey { holds } => write!(
                f,
                "The file chosen as the private key holds {holds} but no private key. Choose \
                 the key the MDM server decrypts tokens with: a file that starts with \
                 “-----BEGIN PRIVATE KEY-----” or “-----BEGIN RSA PRIVATE KEY-----”, or its DER \
                 form."
            ),
            KeyError::Encrypted => write!(
                f,
                "This private key is protected by a password. Type the password in “Private \
                 key password” and open the token again, or ask for the unencrypted key \
                 (`{UNENCRYPT}` makes one)."
            ),
            KeyError::WrongPassword => f.write_str(
                "The password does not unlock this private key. Check the password and try \
                 again, or ask for the unencrypted key.",
            ),
            KeyError::LegacyEncrypted => write!(
                f,
                "This private key is encrypted in OpenSSL's traditional format (“Proc-Type: \
                 4,ENCRYPTED”), which MDM Link cannot unlock. Ask for the unencrypted key, or \
                 make one with the password: `{UNENCRYPT}`."
            ),
            KeyError::UnsupportedEncryption { scheme } => write!(
                f,
                "This private key is protected with {scheme}, which MDM Link does not unlock. \
                 Ask for the unencrypted key, or make one with the password: `{UNENCRYPT}`."
            ),
            KeyError::EncryptionTooCostly { asks } => write!(
                f,
                "This private key's password protection asks for {asks}, more work than a \
                 browser tab should do, so it was not unlocked. Ask for the unencrypted key, or \
                 make one with the password: `{UNENCRYPT}`."
            ),
            KeyError::NotRsa { algorithm } => write!(
                f,
                "This private key is of type {algorithm}, but server tokens are only ever \
                 encrypted to RSA keys, so it cannot be the key of an MDM server's token \
                 certificate."
            ),
            KeyError::Pkcs12 => f.write_str(
                "This is a PKCS#12 bundle (.p12/.pfx). Export the key from it with `openssl \
                 pkcs12 -in bundle.p12 -nocerts -nodes -out key.pem` and choose key.pem.",
            ),
            KeyError::UnsupportedFormat { format, convert } => write!(
                f,
                "This is {format}, a format MDM Link does not read. Convert it to PKCS#8 with \
                 `{convert}` and choose the result."
            ),
            KeyError::TooLong { bits } => write!(
                f,
                "This RSA key has {bits} bits, more than the {MAX_RSA_BITS} MDM Link reads; no \
                 MDM server uses such a key."
            ),
            KeyError::Corrupt { detail } => write!(
                f,
                "The private key cannot be read: {detail}. Export or copy it again, all of it."
            ),
        }
    }
}

impl std::error::Error for KeyError {}

/// Reads the RSA private key in `bytes` (a whole file). `password` unlocks a
/// password-protected PKCS#8 key; an empty password counts as none.
pub fn read_private_key(bytes: &[u8], password: Option<&str>) -> Result<PrivateKeyFile, KeyError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(KeyError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(KeyError::TooLarge { bytes: bytes.len() });
    }
    let password = password.filter(|p| !p.is_empty());
    if bytes.first() == Some(&0x30) {
        return read_der(bytes, password, Encoding::Der);
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(text) {
        Ok(text) => read_text(text, password),
        Err(_) => Err(KeyError::NoPrivateKey {
            holds: "binary data of a kind MDM Link does not recognise".into(),
        }),
    }
}

/// Whether DER came as a file of its own or from a PEM block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Der,
    Pem,
}

fn read_text(text: &str, password: Option<&str>) -> Result<PrivateKeyFile, KeyError> {
    let scan = pem::scan(text);
    let mut certificate = None;
    let mut key = None;
    for block in &scan.blocks {
        let label = block.label.as_str();
        if label.contains("PRIVATE KEY") {
            if key.is_none() {
                key = Some(read_key_block(label, block.body, password));
            }
        } else if matches!(
            label,
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE"
        ) && certificate.is_none()
        {
            // Trusted certificates carry OpenSSL's trust settings after the certificate.
            certificate = pem::decode_body(block.body)
                .ok()
                .and_then(|der| first_element(&der).map(<[u8]>::to_vec));
        }
    }
    if let Some(key) = key {
        return key.map(|mut file| {
            file.certificate = certificate;
            file
        });
    }
    if scan.unterminated.iter().any(|l| l.contains("PRIVATE KEY")) {
        return Err(KeyError::Corrupt {
            detail: "its “-----END” line is missing, so the file was probably cut off".into(),
        });
    }
    if text.contains("PuTTY-User-Key-File") {
        return Err(KeyError::UnsupportedFormat {
            format: "a PuTTY private key (.ppk)",
            convert: "puttygen key.ppk -O private-openssh-new -o key.pem",
        });
    }
    if certificate.is_some() {
        return Err(KeyError::NoPrivateKey {
            holds: "a certificate".into(),
        });
    }
    if let Some(block) = scan.blocks.first() {
        return Err(KeyError::NoPrivateKey {
            holds: format!("a “{}” block", block.label),
        });
    }
    match pem::decode_bare(text) {
        Some(der) if der.first() == Some(&0x30) => read_der(&der, password, Encoding::Pem),
        _ => Err(KeyError::NoPrivateKey {
            holds: "text without any PEM block".into(),
        }),
    }
}

fn read_key_block(
    label: &str,
    body: &str,
    password: Option<&str>,
) -> Result<PrivateKeyFile, KeyError> {
    let der = || {
        pem::decode_body(body).map_err(|_| KeyError::Corrupt {
            detail: format!("the base64 text of its “{label}” block is damaged"),
        })
    };
    match label {
        "RSA PRIVATE KEY" => {
            if body.contains("Proc-Type:") && body.contains("ENCRYPTED") {
                return Err(KeyError::LegacyEncrypted);
            }
            pkcs1(&der()?, KeyForm::Pkcs1Pem)
        }
        "PRIVATE KEY" => pkcs8(&der()?, KeyForm::Pkcs8Pem),
        "ENCRYPTED PRIVATE KEY" => encrypted_pkcs8(&der()?, password, Encoding::Pem),
        "EC PRIVATE KEY" => Err(KeyError::NotRsa {
            algorithm: "elliptic-curve (EC)".into(),
        }),
        "DSA PRIVATE KEY" => Err(KeyError::NotRsa {
            algorithm: "DSA".into(),
        }),
        "OPENSSH PRIVATE KEY" => Err(KeyError::UnsupportedFormat {
            format: "an OpenSSH private key",
            convert: "ssh-keygen -p -m PKCS8 -f key",
        }),
        other => Err(KeyError::NoPrivateKey {
            holds: format!("a “{other}” block"),
        }),
    }
}

/// The DER of a key file (or of bare base64), told apart by its ASN.1 outline.
fn read_der(
    der: &[u8],
    password: Option<&str>,
    encoding: Encoding,
) -> Result<PrivateKeyFile, KeyError> {
    let top = asn1::read(der, 0, der.len()).map_err(|e| KeyError::Corrupt {
        detail: match e {
            asn1::TlvError::Truncated { got, expected, .. } => format!(
                "the data ends {} early, so the file was cut off",
                count(expected.saturating_sub(got), "byte", "bytes")
            ),
            asn1::TlvError::Malformed { at, what } => format!("byte {at} holds {what}"),
        },
    })?;
    let kids = asn1::children(der, &top).unwrap_or_default();
    let tags: Vec<u8> = kids.iter().map(|k| k.tag).take(4).collect();
    let first_int = kids.first().and_then(|k| asn1::small_int(der, k));
    let (pkcs1_form, pkcs8_form) = match encoding {
        Encoding::Der => (KeyForm::Pkcs1Der, KeyForm::Pkcs8Der),
        Encoding::Pem => (KeyForm::Pkcs1Pem, KeyForm::Pkcs8Pem),
    };
    let whole = top.whole(der);
    match (tags.as_slice(), first_int) {
        ([0x02, 0x02, 0x02, 0x02], _) => pkcs1(whole, pkcs1_form),
        ([0x02, 0x30, 0x04, ..], _) => pkcs8(whole, pkcs8_form),
        ([0x30, 0x04], _) => encrypted_pkcs8(whole, password, encoding),
        ([0x02, 0x30, 0x30], Some(3)) => Err(KeyError::Pkcs12),
        ([0x02, 0x04, ..], Some(1)) => Err(KeyError::NotRsa {
            algorithm: "elliptic-curve (EC)".into(),
        }),
        ([0x30, 0x30, 0x03], _) => Err(KeyError::NoPrivateKey {
            holds: signed_structure(der, &kids),
        }),
        ([0x30, 0x03], _) => Err(KeyError::NoPrivateKey {
            holds: "a bare public key".into(),
        }),
        _ => Err(KeyError::NoPrivateKey {
            holds: "DER data of another kind".into(),
        }),
    }
}

/// A certificate, CSR or CRL (all `SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }`), told apart by
/// the first element of the signed part, as the certificate check does.
fn signed_structure(der: &[u8], kids: &[Tlv]) -> String {
    let inner = kids
        .first()
        .and_then(|tbs| asn1::children(der, tbs).ok())
        .unwrap_or_default();
    match inner.first().map(|t| t.tag) {
        Some(0xa0) => "a certificate",
        Some(0x02) if inner.get(1).is_some_and(|t| t.tag == 0x02) => "a certificate",
        Some(0x02) if inner.get(1).is_some_and(|t| t.tag == 0x30) => {
            "a certificate signing request (CSR)"
        }
        _ => "a signed structure (a certificate, CSR or CRL)",
    }
    .into()
}

fn pkcs1(der: &[u8], form: KeyForm) -> Result<PrivateKeyFile, KeyError> {
    let parts = rsa::pkcs1::RsaPrivateKey::from_der(der).map_err(der_damaged)?;
    let bits = bit_length(parts.modulus.as_bytes());
    if bits > MAX_RSA_BITS {
        return Err(KeyError::TooLong { bits });
    }
    let key = RsaPrivateKey::from_pkcs1_der(der).map_err(|_| KeyError::Corrupt {
        detail: "its numbers do not make a valid RSA key (the file may have been altered)".into(),
    })?;
    Ok(PrivateKeyFile {
        key,
        certificate: None,
        form,
    })
}

fn pkcs8(der: &[u8], form: KeyForm) -> Result<PrivateKeyFile, KeyError> {
    let info = PrivateKeyInfo::from_der(der).map_err(der_damaged)?;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(KeyError::NotRsa {
            algorithm: key_algorithm(&info.algorithm.oid),
        });
    }
    pkcs1(info.private_key, form)
}

fn encrypted_pkcs8(
    der: &[u8],
    password: Option<&str>,
    encoding: Encoding,
) -> Result<PrivateKeyFile, KeyError> {
    // pkcs5 refuses the schemes it does not implement while decoding: name the scheme then.
    let info = EncryptedPrivateKeyInfo::from_der(der).map_err(|e| match scheme_oid(der) {
        Some(oid) if oid != PBES2 => KeyError::UnsupportedEncryption {
            scheme: name_or_dotted(&oid),
        },
        _ => der_damaged(e),
    })?;
    let Some(password) = password else {
        return Err(KeyError::Encrypted);
    };
    check_cost(&info.encryption_algorithm)?;
    let decrypted = info
        .decrypt(password.as_bytes())
        .map_err(|_| KeyError::WrongPassword)?;
    let plain = Zeroizing::new(decrypted.as_bytes().to_vec());
    let form = match encoding {
        Encoding::Der => KeyForm::EncryptedPkcs8Der,
        Encoding::Pem => KeyForm::EncryptedPkcs8Pem,
    };
    // A wrong password that happens to leave valid CBC padding gives garbage, not a key.
    pkcs8(&plain, form).map_err(|e| match e {
        KeyError::Corrupt { .. } => KeyError::WrongPassword,
        other => other,
    })
}

/// Refuses password hashing that would stall the tab (a hostile file can ask for any cost).
fn check_cost(scheme: &EncryptionScheme<'_>) -> Result<(), KeyError> {
    let EncryptionScheme::Pbes2(params) = scheme else {
        return Err(KeyError::UnsupportedEncryption {
            scheme: "PBES1 (an old, weak password scheme)".into(),
        });
    };
    match &params.kdf {
        Kdf::Pbkdf2(pbkdf2) if pbkdf2.iteration_count > MAX_PBKDF2_ITERATIONS => {
            Err(KeyError::EncryptionTooCostly {
                asks: format!("{} PBKDF2 iterations", pbkdf2.iteration_count),
            })
        }
        Kdf::Scrypt(scrypt) => {
            let bytes = 128u64
                .saturating_mul(u64::from(scrypt.block_size))
                .saturating_mul(scrypt.cost_parameter);
            if bytes > MAX_SCRYPT_BYTES || scrypt.parallelization > 4 {
                Err(KeyError::EncryptionTooCostly {
                    asks: format!("{} of memory for scrypt", size_text(bytes)),
                })
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// PBES2 (RFC 8018), the scheme every current tool writes.
const PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");

/// The encryption scheme's OID of an EncryptedPrivateKeyInfo, for a refusal.
fn scheme_oid(der: &[u8]) -> Option<ObjectIdentifier> {
    let top = asn1::read(der, 0, der.len()).ok()?;
    let alg = *asn1::children(der, &top).ok()?.first()?;
    let oid = *asn1::children(der, &alg).ok()?.first()?;
    ObjectIdentifier::from_bytes(oid.content(der)).ok()
}

fn key_algorithm(oid: &ObjectIdentifier) -> String {
    use const_oid::db::{rfc5912, rfc8410};
    if *oid == rfc5912::ID_EC_PUBLIC_KEY {
        "elliptic-curve (EC)".into()
    } else if *oid == rfc8410::ID_ED_25519 {
        "Ed25519".into()
    } else if *oid == rfc5912::ID_DSA {
        "DSA".into()
    } else {
        name_or_dotted(oid)
    }
}

fn der_damaged(e: der::Error) -> KeyError {
    KeyError::Corrupt {
        detail: match (e.kind(), e.position()) {
            (der::ErrorKind::Incomplete { .. }, _) => {
                "the data ends early, so the file was cut off".into()
            }
            (_, Some(at)) => format!("its DER encoding is damaged at byte {}", u32::from(at)),
            _ => "its DER encoding is damaged".into(),
        },
    }
}

/// The first element of `der` (a certificate followed by trust settings, say).
fn first_element(der: &[u8]) -> Option<&[u8]> {
    asn1::read(der, 0, der.len()).ok().map(|t| t.whole(der))
}

/// Bits in a big-endian unsigned integer, leading zeros ignored.
fn bit_length(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|b| *b != 0) {
        Some(i) => &bytes[i..],
        None => &[],
    };
    match trimmed.first() {
        Some(first) => trimmed.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once() {
        let mut codes = KeyError::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), KeyError::CODES.len());
    }

    #[test]
    fn bit_lengths_ignore_leading_zeros() {
        assert_eq!(bit_length(&[0, 0x80, 0]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0, 0]), 0);
    }
}
