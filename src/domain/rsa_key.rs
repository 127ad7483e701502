//! The one reader of RSA public keys. The certificate check and the token both call it, with the
//! same limits, so a certificate the check calls "Usable" is always one a token can be made for,
//! and a key the token would refuse is an error finding in the check with its own sentence.
//!
//! What it reads is the `subjectPublicKey` BIT STRING of an `rsaEncryption`
//! SubjectPublicKeyInfo, whose contents are (RFC 8017 A.1.1, RFC 3279 §2.3.1):
//!
//! ```asn1
//! RSAPublicKey ::= SEQUENCE {
//!     modulus           INTEGER,  -- n
//!     publicExponent    INTEGER   -- e
//! }
//! ```
//!
//! It is strict, as DER is: the BIT STRING has no unused bits, both INTEGERs are positive and
//! minimally encoded, nothing follows the SEQUENCE. Then the limits of a key a token may be
//! encrypted to: a modulus of [`MIN_RSA_BITS`] to [`MAX_RSA_BITS`] bits that is odd, and an
//! exponent that is odd, at least 3 and at most [`MAX_PUBLIC_EXPONENT`] (the `rsa` crate's
//! limit; real keys use 65537). Checks run in that order and the first failure is the answer,
//! so every key gets exactly one verdict.
//!
//! The DER framing (tag and length octets of the SEQUENCE) is read with `der`; the INTEGER rules
//! are checked here by hand so the message can say which of the two numbers is wrong and how.

use std::fmt;

use der::asn1::{AnyRef, BitStringRef};
use der::{Decode, Sequence, Tag, Tagged};

/// Smallest modulus a token is encrypted to: below this its secrets are not safe.
pub const MIN_RSA_BITS: usize = 2048;

/// Largest modulus accepted: far above anything real, it bounds the work a hostile key causes.
pub const MAX_RSA_BITS: usize = 16_384;

/// Largest public exponent accepted, as in the `rsa` crate: `2^33 - 1`.
pub const MAX_PUBLIC_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key that passed every rule above: safe to encrypt a token to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaPublicKey {
    /// The modulus, big-endian, without leading zeros (no big-number type here: the app's
    /// first load reads keys but never computes with them; the token's encryption does).
    n: Vec<u8>,
    e: u64,
    bits: usize,
}

impl RsaPublicKey {
    /// Reads the `subjectPublicKey` BIT STRING of an `rsaEncryption` key.
    pub fn from_subject_public_key(bits: &BitStringRef<'_>) -> Result<Self, RsaKeyRefusal> {
        let Some(bytes) = bits.as_bytes() else {
            // Refused whatever the bytes say; what they say is still shown.
            let facts = match Self::from_pkcs1_der(bits.raw_bytes()) {
                Ok(key) => Some(key.facts()),
                Err(refusal) => refusal.facts,
            };
            return Err(RsaKeyRefusal {
                error: RsaKeyError::UnusedBits {
                    unused: bits.unused_bits(),
                },
                facts,
            });
        };
        Self::from_pkcs1_der(bytes)
    }

    /// Reads a DER `RSAPublicKey` (the BIT STRING's contents, or a PKCS#1 public key file).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, RsaKeyRefusal> {
        let parts = RsaPublicKeyDer::from_der(der)
            .map_err(|_| RsaKeyRefusal::unread(RsaKeyError::NotDer))?;
        for (any, field) in [
            (&parts.modulus, Field::Modulus),
            (&parts.public_exponent, Field::Exponent),
        ] {
            if any.tag() != Tag::Integer {
                return Err(RsaKeyRefusal::unread(RsaKeyError::NotInteger { field }));
            }
        }
        let (n_raw, e_raw) = (parts.modulus.value(), parts.public_exponent.value());
        // Size and exponent are worked out before the encoding rules are applied, so a refused
        // key still shows them (a negative number has no meaningful size: none shown).
        let facts = (!is_negative(n_raw) && !is_negative(e_raw)).then(|| RsaKeyFacts {
            bits: bit_length(magnitude(n_raw)),
            exponent: exponent_text(magnitude(e_raw)),
        });
        let refuse = |error| {
            Err(RsaKeyRefusal {
                error,
                facts: facts.clone(),
            })
        };
        for (raw, field) in [(n_raw, Field::Modulus), (e_raw, Field::Exponent)] {
            if let Some(error) = integer_rule(raw, field) {
                return refuse(error);
            }
        }
        let n = magnitude(n_raw).to_vec();
        let bits = bit_length(&n);
        if bits < MIN_RSA_BITS {
            return refuse(RsaKeyError::TooShort { bits });
        }
        if bits > MAX_RSA_BITS {
            return refuse(RsaKeyError::TooLong { bits });
        }
        if n.last().is_none_or(|low| low & 1 == 0) {
            return refuse(RsaKeyError::EvenModulus);
        }
        let e_bytes = magnitude(e_raw);
        let e = match e_bytes.len() {
            0..=8 => e_bytes.iter().fold(0u64, |e, b| (e << 8) | u64::from(*b)),
            _ => u64::MAX,
        };
        if e > MAX_PUBLIC_EXPONENT {
            return refuse(RsaKeyError::ExponentTooLarge);
        }
        if e < 3 {
            return refuse(RsaKeyError::ExponentTooSmall { e });
        }
        if e % 2 == 0 {
            return refuse(RsaKeyError::ExponentEven { e });
        }
        Ok(RsaPublicKey { n, e, bits })
    }

    /// The modulus `n`, big-endian, without leading zeros.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent `e`.
    pub fn exponent(&self) -> u64 {
        self.e
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus length in bytes, RFC 8017's `k`: the length of every ciphertext.
    pub fn len_bytes(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// What the check shows about the key.
    pub fn facts(&self) -> RsaKeyFacts {
        RsaKeyFacts {
            bits: self.bits,
            exponent: self.e.to_string(),
        }
    }
}

/// The size and exponent of a key, as far as they could be read: shown in the check's report
/// even when the key is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaKeyFacts {
    /// Modulus length in bits, leading zeros ignored.
    pub bits: usize,
    /// Public exponent in decimal (hex with `0x` when over 128 bits).
    pub exponent: String,
}

/// A refused key: why, and what could be read of it before the rule that refused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaKeyRefusal {
    /// The first rule the key breaks.
    pub error: RsaKeyError,
    /// Size and exponent, when the DER could be read.
    pub facts: Option<RsaKeyFacts>,
}

impl RsaKeyRefusal {
    fn unread(error: RsaKeyError) -> Self {
        RsaKeyRefusal { error, facts: None }
    }
}

impl fmt::Display for RsaKeyRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for RsaKeyRefusal {}

/// Which of the key's two numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The modulus `n`.
    Modulus,
    /// The public exponent `e`.
    Exponent,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Modulus => "modulus",
            Field::Exponent => "exponent",
        }
    }
}

/// Why an RSA public key cannot receive a token. Each variant has its own sentence and stable
/// code, which the certificate check shows as an error finding.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RsaKeyError {
    /// The BIT STRING holding the key has unused bits, so it is not a whole number of bytes.
    UnusedBits {
        /// How many bits are unused (1 to 7).
        unused: u8,
    },
    /// The key is not a DER SEQUENCE of two INTEGERs.
    NotDer,
    /// One number is not an INTEGER.
    NotInteger {
        /// Which number.
        field: Field,
    },
    /// One number is empty, zero or negative.
    NotPositive {
        /// Which number.
        field: Field,
    },
    /// One number has extra leading zero bytes, which DER forbids.
    NonMinimal {
        /// Which number.
        field: Field,
    },
    /// The modulus is shorter than [`MIN_RSA_BITS`].
    TooShort {
        /// Its length in bits.
        bits: usize,
    },
    /// The modulus is longer than [`MAX_RSA_BITS`].
    TooLong {
        /// Its length in bits.
        bits: usize,
    },
    /// The modulus is even, so it is not an RSA modulus.
    EvenModulus,
    /// The exponent is 1 (or 0 cannot happen: it is refused as not positive).
    ExponentTooSmall {
        /// Its value.
        e: u64,
    },
    /// The exponent is even.
    ExponentEven {
        /// Its value.
        e: u64,
    },
    /// The exponent is larger than [`MAX_PUBLIC_EXPONENT`].
    ExponentTooLarge,
}

impl RsaKeyError {
    /// Stable kebab-case code for the check's finding.
    pub fn code(&self) -> &'static str {
        match self {
            RsaKeyError::TooShort { .. } => "rsa-key-too-short",
            RsaKeyError::TooLong { .. } => "rsa-key-too-long",
            // The code the check has always used for a key that cannot be an RSA key; codes are
            // stable, so the finer distinction lives in the sentence.
            RsaKeyError::EvenModulus
            | RsaKeyError::ExponentTooSmall { .. }
            | RsaKeyError::ExponentEven { .. }
            | RsaKeyError::ExponentTooLarge
            | RsaKeyError::UnusedBits { .. }
            | RsaKeyError::NotDer
            | RsaKeyError::NotInteger { .. }
            | RsaKeyError::NotPositive { .. }
            | RsaKeyError::NonMinimal { .. } => "rsa-key-malformed",
        }
    }
}

const ASK_VENDOR: &str = "Ask the MDM vendor for a certificate with a standard RSA key.";

impl fmt::Display for RsaKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RsaKeyError::UnusedBits { unused } => write!(
                f,
                "The RSA public key is malformed: the bit string holding it has {}, so it is \
                 not a whole number of bytes. {ASK_VENDOR}",
                crate::domain::text::count(*unused, "unused bit", "unused bits")
            ),
            RsaKeyError::NotDer => write!(
                f,
                "The RSA public key is malformed: its data is not a DER sequence of two integers \
                 (modulus and exponent). {ASK_VENDOR}"
            ),
            RsaKeyError::NotInteger { field } => write!(
                f,
                "The RSA public key is malformed: its {} is not an integer. {ASK_VENDOR}",
                field.name()
            ),
            RsaKeyError::NotPositive { field } => write!(
                f,
                "The RSA public key is malformed: its {} is zero or negative. {ASK_VENDOR}",
                field.name()
            ),
            RsaKeyError::NonMinimal { field } => write!(
                f,
                "The RSA public key is malformed: its {} is written with extra leading zero \
                 bytes, which DER does not allow, so MDM servers may read a different key. \
                 {ASK_VENDOR}",
                field.name()
            ),
            RsaKeyError::TooShort { bits } => write!(
                f,
                "The RSA key has only {}; at least {MIN_RSA_BITS} are needed to keep the \
                 server token secret. Ask the MDM vendor for a certificate with a \
                 {MIN_RSA_BITS}-bit or larger key.",
                crate::domain::text::count(*bits, "bit", "bits")
            ),
            RsaKeyError::TooLong { bits } => write!(
                f,
                "The RSA key has {bits} bits, more than the {MAX_RSA_BITS} that MDM Link and MDM \
                 servers handle. {ASK_VENDOR}"
            ),
            RsaKeyError::EvenModulus => write!(
                f,
                "The RSA public key is invalid: its modulus is even, so it cannot be an RSA key. \
                 {ASK_VENDOR}"
            ),
            RsaKeyError::ExponentTooSmall { e } => write!(
                f,
                "The RSA public key is invalid: its exponent is {e}, and it must be at least 3. \
                 {ASK_VENDOR}"
            ),
            RsaKeyError::ExponentEven { e } => write!(
                f,
                "The RSA public key is invalid: its exponent {e} is even, and an RSA exponent is \
                 odd. {ASK_VENDOR}"
            ),
            RsaKeyError::ExponentTooLarge => write!(
                f,
                "The RSA public key's exponent is larger than 2^33 - 1, which common RSA \
                 software refuses (real keys use 65537). {ASK_VENDOR}"
            ),
        }
    }
}

impl std::error::Error for RsaKeyError {}

/// The DER framing of `RSAPublicKey`; each number is kept as raw INTEGER so its encoding can be
/// judged field by field.
#[derive(Sequence)]
struct RsaPublicKeyDer<'a> {
    modulus: AnyRef<'a>,
    public_exponent: AnyRef<'a>,
}

fn is_negative(raw: &[u8]) -> bool {
    raw.first().is_some_and(|b| b & 0x80 != 0)
}

/// The INTEGER's value bytes without leading zero bytes.
fn magnitude(raw: &[u8]) -> &[u8] {
    let first = raw.iter().position(|b| *b != 0).unwrap_or(raw.len());
    raw.get(first..).unwrap_or(&[])
}

fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.first() {
        Some(b) => (magnitude.len() - 1) * 8 + (8 - b.leading_zeros() as usize),
        None => 0,
    }
}

/// The DER rule a raw INTEGER breaks, if any: it must be positive and minimally encoded.
fn integer_rule(raw: &[u8], field: Field) -> Option<RsaKeyError> {
    match raw {
        [] | [0] => Some(RsaKeyError::NotPositive { field }),
        [first, ..] if first & 0x80 != 0 => Some(RsaKeyError::NotPositive { field }),
        [0, second, ..] if second & 0x80 == 0 => Some(RsaKeyError::NonMinimal { field }),
        _ => None,
    }
}

/// The exponent in decimal, or `0x` hex when it does not fit 64 bits (64-bit arithmetic only:
/// 128-bit formatting would be linked into the app for this one sentence).
fn exponent_text(magnitude: &[u8]) -> String {
    if magnitude.len() <= 8 {
        magnitude
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
            .to_string()
    } else {
        format!("0x{}", crate::domain::hex::upper(magnitude))
    }
}
