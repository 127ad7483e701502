//! Opening a server token with its private key: the MDM server's side of the exchange, so an
//! MDM engineer or an admin can see what a token holds and, above all, why a server refuses it.
//!
//! [`open_token`] takes a token file in any of the forms it travels in (the `.p7m` S/MIME file
//! as downloaded, its DER or BER, its bare base64 body, PEM), and the private key file
//! ([`crate::domain::vendor::read_private_key`]), and returns a [`TokenReport`]: whom the token
//! was encrypted to, whether that is the certificate in the key file, the decrypted fields, and
//! a [`Finding`] for everything that went wrong, each with a stable code and a plain sentence.
//!
//! Reading is tolerant where real tokens differ (Apple's is BER with indefinite lengths and its
//! content split in chunks; `openssl smime -encrypt` writes the same; AES-128, -192 and -256-CBC)
//! and strict where a server would be (the recipient's issuer and serial number are compared
//! byte for byte, as servers find their certificate). The stages, one module each:
//!
//! 1. `framing`: the file → the CMS bytes (or what the file is instead);
//! 2. `cms`: the BER/DER EnvelopedData → recipients, cipher, IV and ciphertext, walked with the
//!    check's tag-length-value walker so damage is reported where it is;
//! 3. here: the key file, the recipient match, RSA PKCS#1 v1.5 and AES-CBC decryption;
//! 4. `payload`: the plaintext → Apple's five JSON fields;
//!
//! and `error`: every way it can fail, in plain words.
//!
//! Nothing here panics or loops on any input: every length is checked, every loop advances, and
//! the work is bounded by the 1 MiB file limit and the key reader's limits. The content key, the
//! plaintext and the secrets are wiped when dropped.

use std::fmt;

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, KeyIvInit};
use const_oid::db::rfc5912::RSA_ENCRYPTION;
use rand_core::CryptoRngCore;
use rsa::Pkcs1v15Encrypt;
use zeroize::Zeroizing;

use crate::domain::certificate::{token_view, Finding, Severity};
use crate::domain::hex;
use crate::domain::oid_names::name_or_dotted;
use crate::domain::rsa_key::RsaPublicKey;
use crate::domain::text::count;
use crate::domain::time::Timestamp;
use crate::domain::vendor::{read_private_key, KeyError, PrivateKeyFile};

mod cms;
mod error;
mod framing;
mod payload;

pub use error::{finding_code, OpenError};
pub use framing::TokenForm;

use cms::{Cipher, Envelope, Rid};

/// Everything opening a token found out, whether or not it could be decrypted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TokenReport {
    /// How the token file was read, once it was recognised.
    pub form: Option<TokenForm>,
    /// Whom the token was encrypted to (usually one certificate).
    pub recipients: Vec<Recipient>,
    /// The content cipher, e.g. "AES-128-CBC".
    pub content_cipher: Option<&'static str>,
    /// The private key, described: "RSA 2048 bits (PEM, PKCS#8)".
    pub key: Option<String>,
    /// The certificate found in the key file, compared with the token and the key.
    pub certificate: Option<CertificateFacts>,
    /// The decrypted fields, when the token opened.
    pub contents: Option<TokenContents>,
    /// Every problem and note, errors first is not guaranteed (the UI sorts).
    pub findings: Vec<Finding>,
}

impl TokenReport {
    fn error(&mut self, error: OpenError) {
        self.findings.push(Finding {
            code: error.code(),
            severity: Severity::Error,
            message: error.to_string(),
        });
    }

    fn note(&mut self, code: &'static str, severity: Severity, message: String) {
        self.findings.push(Finding {
            code,
            severity,
            message,
        });
    }

    /// The finding with `code`, if present.
    pub fn finding(&self, code: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.code == code)
    }
}

/// One recipient of the token: the certificate it was encrypted to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// By issuer and serial number (Apple, MDM Link and OpenSSL by default).
    IssuerSerial {
        /// The issuer, formatted like `openssl x509 -issuer`.
        issuer: String,
        /// The serial number, uppercase hex with colons, as the certificate check shows it.
        serial_hex: String,
    },
    /// By subject key identifier (`openssl cms -encrypt -keyid`).
    KeyId {
        /// The identifier, uppercase hex with colons.
        key_id_hex: String,
    },
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recipient::IssuerSerial { issuer, serial_hex } => {
                write!(
                    f,
                    "the certificate issued by “{issuer}” with serial number {serial_hex}"
                )
            }
            Recipient::KeyId { key_id_hex } => {
                write!(
                    f,
                    "the certificate with subject key identifier {key_id_hex}"
                )
            }
        }
    }
}

/// The certificate in the key file, compared with the token and with the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateFacts {
    /// Its issuer and serial, as a recipient would name it.
    pub id: Recipient,
    /// Whether the token was encrypted to this certificate (issuer and serial byte for byte).
    pub is_recipient: bool,
    /// Whether its public key is the private key's.
    pub matches_key: bool,
}

/// What a token holds: Apple's five fields. The four credentials are wiped when dropped.
#[derive(Debug, PartialEq, Eq)]
pub struct TokenContents {
    /// `consumer_key` (`CK_…`): identifies the token.
    pub consumer_key: Zeroizing<String>,
    /// `consumer_secret` (`CS_…`).
    pub consumer_secret: Zeroizing<String>,
    /// `access_token` (`AT_…`).
    pub access_token: Zeroizing<String>,
    /// `access_secret` (`AS_…`).
    pub access_secret: Zeroizing<String>,
    /// `access_token_expiry` as written, e.g. `2026-01-17T11:02:21Z`.
    pub expiry_text: String,
    /// The expiry as an instant.
    pub expiry: Timestamp,
    /// Whole days from now to the expiry, negative once expired.
    pub days_left: i64,
}

/// Opens `token_file` with the private key in `key_file` (unlocked with `password` if it is
/// protected). Without a key file, reports only whom the token was encrypted to. `now` is for
/// the days left; `rng` blinds the RSA decryption.
pub fn open_token(
    token_file: &[u8],
    key_file: Option<&[u8]>,
    password: Option<&str>,
    now: Timestamp,
    rng: &mut impl CryptoRngCore,
) -> TokenReport {
    let mut report = TokenReport::default();
    let envelope = match framing::unframe(token_file, now).and_then(|(form, der)| {
        report.form = Some(form);
        cms::read(&der)
    }) {
        Ok(envelope) => Some(envelope),
        Err(e) => {
            report.error(e);
            None
        }
    };
    if let Some(form) = report.form {
        report.note(
            "token-form",
            Severity::Info,
            format!("The token file was read as {}.", form.label()),
        );
    }
    if let Some(envelope) = &envelope {
        report.recipients = envelope
            .recipients
            .iter()
            .map(|r| r.rid.describe())
            .collect();
        report.content_cipher = Some(envelope.cipher.name());
    }
    let Some(key_file) = key_file else {
        report.note(
            "no-private-key-chosen",
            Severity::Info,
            "Choose the MDM server's private key too, to see what the token holds.".into(),
        );
        return report;
    };
    let key = match read_private_key(key_file, password) {
        Ok(key) => key,
        Err(e) => {
            report.error(OpenError::Key(e));
            return report;
        }
    };
    report.key = Some(format!("RSA {} bits ({})", key.bits(), key.form.label()));
    let other_certificate = compare_certificate(&mut report, envelope.as_ref(), &key);
    let Some(envelope) = envelope else {
        return report;
    };
    let plaintext = match decrypt(&envelope, &key, report.certificate.as_ref(), rng) {
        Ok(plaintext) => plaintext,
        Err(e) => {
            // A token for another certificate is already explained; "wrong key" would repeat it.
            let repeats = matches!(e, OpenError::WrongKey { .. }) && other_certificate.is_some();
            if let Some(other) = other_certificate {
                report.error(other);
            }
            if !repeats {
                report.error(e);
            }
            return report;
        }
    };
    if let Some(OpenError::OtherCertificate {
        recipient,
        certificate,
        ..
    }) = other_certificate
    {
        report.error(OpenError::OtherCertificate {
            recipient,
            certificate,
            opened: true,
        });
    }
    match payload::read(&plaintext) {
        Ok(fields) => {
            let days_left = now.days_until(fields.expiry);
            if fields.expiry < now {
                report.note(
                    "token-expired",
                    Severity::Warning,
                    format!(
                        "This token expired on {} ({} ago): an MDM server can no longer use it. \
                         Download a new token.",
                        fields.expiry.date_string(),
                        count(-days_left, "day", "days")
                    ),
                );
            }
            report.note(
                "token-opened",
                Severity::Info,
                "The private key opens this token, and it holds Apple's five fields.".into(),
            );
            report.contents = Some(TokenContents {
                consumer_key: fields.consumer_key,
                consumer_secret: fields.consumer_secret,
                access_token: fields.access_token,
                access_secret: fields.access_secret,
                expiry_text: fields.expiry_text,
                expiry: fields.expiry,
                days_left,
            });
        }
        Err(e) => report.error(e),
    }
    report
}

/// Compares the key file's certificate (if any) with the key and with the token's recipients.
/// Returns the "other certificate" error to report once decryption has been tried.
fn compare_certificate(
    report: &mut TokenReport,
    envelope: Option<&Envelope>,
    key: &PrivateKeyFile,
) -> Option<OpenError> {
    let der = key.certificate.as_deref()?;
    let Ok(view) = token_view(der) else {
        report.error(OpenError::Key(KeyError::NoPrivateKey {
            holds: "a certificate that cannot be read".into(),
        }));
        return None;
    };
    let id = Rid::IssuerSerial {
        issuer: view.issuer.value().to_vec(),
        serial: view.serial.as_bytes().to_vec(),
    };
    let matches_key = view.spki.algorithm.oid == RSA_ENCRYPTION
        && RsaPublicKey::from_subject_public_key(&view.spki.subject_public_key).is_ok_and(|p| {
            p.modulus() == key.modulus()
                && p.exponent().to_be_bytes().trim_leading_zeros() == key.exponent()
        });
    let is_recipient = envelope.is_some_and(|e| e.recipients.iter().any(|r| r.rid == id));
    let described = id.describe();
    report.certificate = Some(CertificateFacts {
        id: described.clone(),
        is_recipient,
        matches_key,
    });
    if !matches_key {
        report.error(OpenError::KeyNotForCertificate);
    }
    let envelope = envelope?;
    if is_recipient {
        return None;
    }
    let recipient = envelope.recipients.first().map_or_else(
        || "another certificate".into(),
        |r| r.rid.describe().to_string(),
    );
    Some(OpenError::OtherCertificate {
        recipient,
        certificate: described.to_string(),
        opened: false,
    })
}

/// Leading zero bytes dropped, as `BigUint::to_bytes_be` writes numbers.
trait TrimLeadingZeros {
    fn trim_leading_zeros(&self) -> &[u8];
}

impl TrimLeadingZeros for [u8] {
    fn trim_leading_zeros(&self) -> &[u8] {
        let first = self.iter().position(|b| *b != 0).unwrap_or(self.len());
        self.get(first..).unwrap_or(&[])
    }
}

/// Most recipients a key is tried on. Apple's tokens have one, OpenSSL's a few; every attempt is
/// an RSA private-key operation (up to seconds for a 16,384-bit key), so a hostile file with
/// thousands of recipients must not make thousands of them. The key file's certificate's
/// recipient is always among those tried, because it is tried first.
pub const MAX_RECIPIENTS_TRIED: usize = 16;

/// Unwraps the content key with `key` (the key file's certificate's recipient first, then the
/// others, at most [`MAX_RECIPIENTS_TRIED`]) and decrypts the content. The plaintext is wiped
/// when dropped.
fn decrypt(
    envelope: &Envelope,
    key: &PrivateKeyFile,
    certificate: Option<&CertificateFacts>,
    rng: &mut impl CryptoRngCore,
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let mut candidates: Vec<&cms::KeyTransport> = envelope
        .recipients
        .iter()
        .filter(|r| r.algorithm == RSA_ENCRYPTION)
        .collect();
    if candidates.is_empty() {
        return Err(match envelope.recipients.first() {
            Some(r) => OpenError::UnsupportedKeyTransport {
                algorithm: name_or_dotted(&r.algorithm),
            },
            None => OpenError::UnsupportedRecipient {
                kinds: envelope.other_kinds.join(" and "),
            },
        });
    }
    if let Some(facts) = certificate {
        candidates.sort_by_key(|r| r.rid.describe() != facts.id);
    }
    candidates.truncate(MAX_RECIPIENTS_TRIED);
    for recipient in &candidates {
        let Ok(content_key) = key
            .key
            .decrypt_blinded(rng, Pkcs1v15Encrypt, &recipient.encrypted_key)
            .map(Zeroizing::new)
        else {
            continue;
        };
        if let Some(plain) = aes_cbc(
            envelope.cipher,
            &content_key,
            &envelope.iv,
            &envelope.ciphertext,
        ) {
            return Ok(plain);
        }
    }
    Err(OpenError::WrongKey {
        recipient: candidates
            .first()
            .map_or_else(String::new, |r| r.rid.describe().to_string()),
    })
}

/// AES-CBC with PKCS#7 padding, decrypted in a buffer wiped on drop (also when the padding is
/// wrong). `None` when the key has the wrong length or the padding is wrong: a wrong key.
fn aes_cbc(cipher: Cipher, key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let len = match cipher {
        Cipher::Aes128 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .ok()?
            .decrypt_padded_mut::<Pkcs7>(&mut buffer)
            .ok()?
            .len(),
        Cipher::Aes192 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv)
            .ok()?
            .decrypt_padded_mut::<Pkcs7>(&mut buffer)
            .ok()?
            .len(),
        Cipher::Aes256 => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .ok()?
            .decrypt_padded_mut::<Pkcs7>(&mut buffer)
            .ok()?
            .len(),
    };
    buffer.truncate(len);
    Some(buffer)
}

impl Rid {
    /// The recipient as the report names it.
    fn describe(&self) -> Recipient {
        match self {
            Rid::IssuerSerial { issuer, serial } => Recipient::IssuerSerial {
                issuer: cms::issuer_text(issuer),
                serial_hex: hex::upper_colons(serial),
            },
            Rid::KeyId(id) => Recipient::KeyId {
                key_id_hex: hex::upper_colons(id),
            },
        }
    }
}
