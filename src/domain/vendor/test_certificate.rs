//! A test MDM server certificate made in the browser: a fresh RSA key pair and a self-signed
//! certificate for it, so an admin can link a test server and an MDM engineer can check both
//! ends of the token exchange before a real server exists.
//!
//! What the certificate holds, and why:
//!
//! - subject = issuer = `O=MDM Link test certificate, CN=<common name>`: self-signed, as MDM
//!   servers' certificates usually are (Apple only uses the public key); the organization says
//!   wherever the certificate is shown (the server list, Keychain, the MDM server) that it is
//!   test material;
//! - a random positive serial of 127 bits (16 random bytes, top bit cleared so it is positive,
//!   the next one set so it always has the same length). NanoDEP's generator, like most, always
//!   uses serial 1; a token is addressed to its certificate's issuer and serial, so two test
//!   certificates with the same name and serial 1 would be indistinguishable to an MDM server;
//! - key usage (critical) digitalSignature and keyEncipherment: the token is encrypted to this
//!   key (keyEncipherment), and the MDM server signs with it (digitalSignature). Not keyCertSign:
//!   this is no CA, so `openssl verify` refuses it, which is expected;
//! - basic constraints (critical) CA:FALSE and a subject key identifier (RFC 5280 method 1);
//! - signed with SHA-256 and RSA PKCS#1 v1.5, as Apple's own test vectors are.
//!
//! It is built with `x509-cert`'s builder and the `rsa` crate, never by hand. `Profile::Manual`
//! is used (behind x509-cert's `hazmat` feature) because the Leaf profile always adds
//! nonRepudiation, which an MDM server's key has no use for.

use std::fmt;
use std::time::Duration;

use const_oid::db::rfc4519::{CN, O};
use der::asn1::{Any, GeneralizedTime, SetOfVec};
use der::pem::LineEnding;
use der::referenced::OwnedToRef;
use der::{Encode, Tag};
use rand_core::CryptoRngCore;
use rsa::pkcs1v15::{Signature, SigningKey};
use rsa::pkcs8::EncodePrivateKey;
use sha2::Sha256;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use zeroize::Zeroizing;

use super::keygen;
use crate::domain::text::{clean_label, LabelProblem};
use crate::domain::time::Timestamp;
use crate::domain::token::sanitize_server_name;

/// The key sizes offered: what MDM servers use. Smaller keys are refused by the token (see
/// [`crate::domain::rsa_key`]); larger ones take minutes to generate in a browser.
pub const KEY_SIZES: [u32; 3] = [2048, 3072, 4096];

/// The key size chosen unless the person picks another: the size most MDM servers use, and
/// the quickest to generate.
pub const DEFAULT_KEY_SIZE: u32 = 2048;

/// The common name unless the person types another.
pub const DEFAULT_COMMON_NAME: &str = "mdm-link-test";

/// Days of validity unless the person types another: one year, as a token lasts.
pub const DEFAULT_VALIDITY_DAYS: u32 = 365;

/// Longest validity offered: ten years. Apple does not check certificate dates, but a test
/// certificate that outlives its purpose by decades is a bad habit to teach.
pub const MAX_VALIDITY_DAYS: u32 = 3650;

/// X.520's upper bound for a common name (`ub-common-name`), in characters.
pub const MAX_COMMON_NAME_CHARS: usize = 64;

/// The organization in every test certificate's subject.
pub const TEST_ORGANIZATION: &str = "MDM Link test certificate";

/// Random bytes in the serial number (RFC 5280 allows up to 20 octets).
const SERIAL_BYTES: usize = 16;

/// What the person asked for, checked: a key size from [`KEY_SIZES`], a common name that
/// follows the label rules (one line, no control characters, at most
/// [`MAX_COMMON_NAME_CHARS`]), and 1 to [`MAX_VALIDITY_DAYS`] days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCertificateRequest {
    bits: u32,
    common_name: String,
    validity_days: u32,
}

impl TestCertificateRequest {
    /// Checks the form as typed: `validity_days` is the text of the days field. The page calls
    /// this to say what is wrong before anything is sent to the worker.
    pub fn parse(bits: u32, common_name: &str, validity_days: &str) -> Result<Self, MakeError> {
        let days = validity_days
            .trim()
            .parse::<u32>()
            .map_err(|_| MakeError::ValidityDays)?;
        Self::new(bits, common_name, days)
    }

    /// Checks a request that arrives as values (the worker checks again what the page sent: the
    /// two are separate programs).
    pub fn new(bits: u32, common_name: &str, validity_days: u32) -> Result<Self, MakeError> {
        if !KEY_SIZES.contains(&bits) {
            return Err(MakeError::KeySize { bits });
        }
        if !(1..=MAX_VALIDITY_DAYS).contains(&validity_days) {
            return Err(MakeError::ValidityDays);
        }
        let common_name = clean_label(common_name, MAX_COMMON_NAME_CHARS).map_err(|p| match p {
            LabelProblem::Empty => MakeError::CommonNameEmpty,
            LabelProblem::TooLong { chars } => MakeError::CommonNameTooLong { chars },
            LabelProblem::LineBreak => MakeError::CommonNameCharacter { code_point: 0x0a },
            LabelProblem::ControlCharacter { code_point }
            | LabelProblem::DirectionalFormatting { code_point } => {
                MakeError::CommonNameCharacter { code_point }
            }
        })?;
        Ok(TestCertificateRequest {
            bits,
            common_name,
            validity_days,
        })
    }

    /// The key size in bits.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The common name, trimmed and in NFC.
    pub fn common_name(&self) -> &str {
        &self.common_name
    }

    /// Days of validity.
    pub fn validity_days(&self) -> u32 {
        self.validity_days
    }
}

/// A test certificate and its private key, ready to download.
pub struct TestCertificate {
    /// The certificate in DER (what the Add form and tokens use).
    pub certificate_der: Vec<u8>,
    /// The same certificate in PEM.
    pub certificate_pem: String,
    /// The private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), unencrypted: it is test
    /// material, and every MDM server reads this form. Wiped when dropped.
    pub private_key_pem: Zeroizing<String>,
}

/// The download names of a test certificate's three files, each starting `TEST-ONLY_` so
/// nobody mistakes them for a real server's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestFileNames {
    /// `TEST-ONLY_<name>_certificate.pem`
    pub certificate_pem: String,
    /// `TEST-ONLY_<name>_certificate.der`
    pub certificate_der: String,
    /// `TEST-ONLY_<name>_private-key.pem`
    pub private_key_pem: String,
}

/// The file names for a certificate with `common_name`, made safe on every desktop file system
/// by the same rule as token file names ([`sanitize_server_name`]).
pub fn test_file_names(common_name: &str) -> TestFileNames {
    let stem = sanitize_server_name(common_name, 100);
    TestFileNames {
        certificate_pem: format!("TEST-ONLY_{stem}_certificate.pem"),
        certificate_der: format!("TEST-ONLY_{stem}_certificate.der"),
        private_key_pem: format!("TEST-ONLY_{stem}_private-key.pem"),
    }
}

/// Where making a test certificate has got to, reported as each step starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Looking for the first prime of the key (about half the time).
    FirstPrime,
    /// Looking for the second prime (the other half).
    SecondPrime,
    /// Assembling the key and signing the certificate (a moment).
    Certificate,
}

impl Progress {
    /// How many steps there are.
    pub const STEPS: u8 = 3;

    /// This step's number, 1 to [`Progress::STEPS`].
    pub fn step(self) -> u8 {
        match self {
            Progress::FirstPrime => 1,
            Progress::SecondPrime => 2,
            Progress::Certificate => 3,
        }
    }

    /// The step with number `step`, if there is one.
    pub fn from_step(step: u8) -> Option<Progress> {
        match step {
            1 => Some(Progress::FirstPrime),
            2 => Some(Progress::SecondPrime),
            3 => Some(Progress::Certificate),
            _ => None,
        }
    }
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            Progress::FirstPrime => "Finding the first of the key's two prime numbers",
            Progress::SecondPrime => "Finding the second prime number",
            Progress::Certificate => "Signing the certificate",
        };
        write!(f, "{what} (step {} of {}).", self.step(), Progress::STEPS)
    }
}

/// Why no test certificate was made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MakeError {
    /// The key size is not one of [`KEY_SIZES`].
    KeySize {
        /// The size asked for.
        bits: u32,
    },
    /// The common name is empty (or only spaces).
    CommonNameEmpty,
    /// The common name is longer than [`MAX_COMMON_NAME_CHARS`].
    CommonNameTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// The common name has a line break or an invisible control or direction character.
    CommonNameCharacter {
        /// The character refused (a line break is reported as U+000A).
        code_point: u32,
    },
    /// The days are not a whole number from 1 to [`MAX_VALIDITY_DAYS`].
    ValidityDays,
    /// The device clock gives a time before 1970 or so late that the end date has no encoding.
    ClockOutOfRange,
    /// Key generation found no key in many attempts: the random source is broken.
    RandomSourceFailed,
    /// The builder refused the certificate or the key could not be written (should not happen).
    BuildFailed {
        /// What failed, in the library's words.
        detail: String,
    },
}

impl MakeError {
    /// Stable kebab-case code for the UI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            MakeError::KeySize { .. } => "key-size",
            MakeError::CommonNameEmpty
            | MakeError::CommonNameTooLong { .. }
            | MakeError::CommonNameCharacter { .. } => "common-name-invalid",
            MakeError::ValidityDays => "validity-days",
            MakeError::ClockOutOfRange => "clock-out-of-range",
            MakeError::RandomSourceFailed => "random-source-failed",
            MakeError::BuildFailed { .. } => "certificate-build-failed",
        }
    }
}

impl fmt::Display for MakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MakeError::KeySize { bits } => write!(
                f,
                "A {bits}-bit key is not offered: choose 2048, 3072 or 4096 bits."
            ),
            MakeError::CommonNameEmpty => {
                f.write_str("Type a common name for the certificate, for example “mdm-link-test”.")
            }
            MakeError::CommonNameTooLong { chars } => write!(
                f,
                "The common name is {chars} characters long; a certificate's common name holds \
                 at most {MAX_COMMON_NAME_CHARS}."
            ),
            MakeError::CommonNameCharacter { code_point: 0x0a } => {
                f.write_str("The common name must be one line, without line breaks.")
            }
            MakeError::CommonNameCharacter { code_point } => write!(
                f,
                "The common name contains an invisible control character (U+{code_point:04X}); \
                 type it again without it."
            ),
            MakeError::ValidityDays => write!(
                f,
                "Type the days of validity as a whole number from 1 to {MAX_VALIDITY_DAYS} (ten \
                 years)."
            ),
            MakeError::ClockOutOfRange => f.write_str(
                "This device's clock shows an impossible date; correct the date and try again.",
            ),
            MakeError::RandomSourceFailed => f.write_str(
                "The browser's random number generator gave no usable key after many attempts, \
                 so no key was made. Try again in another browser.",
            ),
            MakeError::BuildFailed { detail } => write!(
                f,
                "The certificate could not be built ({detail}). Try again; if it keeps failing, \
                 report it to MDM Link."
            ),
        }
    }
}

impl std::error::Error for MakeError {}

/// Makes a key pair and a self-signed certificate as `request` says, valid from `now` for the
/// requested days. `progress` hears each step as it starts; `rng` must be a CSPRNG (the worker
/// passes the browser's `crypto.getRandomValues`).
///
/// This is the slow part of the vendor kit (seconds for 2048 bits, up to a minute for 4096 in
/// a browser), which is why the app runs it in a web worker.
pub fn make_test_certificate(
    request: &TestCertificateRequest,
    now: Timestamp,
    rng: &mut impl CryptoRngCore,
    progress: &mut dyn FnMut(Progress),
) -> Result<TestCertificate, MakeError> {
    let validity = validity(now, request.validity_days)?;
    let bits =
        usize::try_from(request.bits).map_err(|_| MakeError::KeySize { bits: request.bits })?;
    progress(Progress::FirstPrime);
    let key = keygen::generate(bits, rng, &mut |found| {
        progress(if found == 1 {
            Progress::SecondPrime
        } else {
            Progress::Certificate
        })
    })
    .ok_or(MakeError::RandomSourceFailed)?;

    let build = |detail: String| MakeError::BuildFailed { detail };
    let spki = SubjectPublicKeyInfoOwned::from_key(key.to_public_key())
        .map_err(|e| build(e.to_string()))?;
    let subject = subject(&request.common_name).map_err(|e| build(e.to_string()))?;
    let mut serial = [0u8; SERIAL_BYTES];
    rng.fill_bytes(&mut serial);
    serial[0] = (serial[0] & 0x7f) | 0x40;
    let serial = SerialNumber::new(&serial).map_err(|e| build(e.to_string()))?;

    let signer = SigningKey::<Sha256>::new(key.clone());
    let ski =
        SubjectKeyIdentifier::try_from(spki.owned_to_ref()).map_err(|e| build(e.to_string()))?;
    let mut builder = CertificateBuilder::new(
        Profile::Manual { issuer: None },
        serial,
        validity,
        subject,
        spki,
        &signer,
    )
    .map_err(|e| build(e.to_string()))?;
    let usage = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment);
    let constraints = BasicConstraints {
        ca: false,
        path_len_constraint: None,
    };
    builder
        .add_extension(&constraints)
        .and_then(|()| builder.add_extension(&usage))
        .and_then(|()| builder.add_extension(&ski))
        .map_err(|e| build(e.to_string()))?;
    let certificate = builder
        .build_with_rng::<Signature>(rng)
        .map_err(|e| build(e.to_string()))?;

    let certificate_der = certificate.to_der().map_err(|e| build(e.to_string()))?;
    let certificate_pem = der::pem::encode_string("CERTIFICATE", LineEnding::LF, &certificate_der)
        .map_err(|e| build(e.to_string()))?;
    let private_key_pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| build(e.to_string()))?;
    Ok(TestCertificate {
        certificate_der,
        certificate_pem,
        private_key_pem,
    })
}

/// `O=MDM Link test certificate, CN=<common_name>`, both UTF8String (RFC 5280's choice).
fn subject(common_name: &str) -> der::Result<Name> {
    let rdn = |oid, value: &str| -> der::Result<RelativeDistinguishedName> {
        let atv = AttributeTypeAndValue {
            oid,
            value: Any::new(Tag::Utf8String, value.as_bytes())?,
        };
        Ok(RelativeDistinguishedName(SetOfVec::try_from(vec![atv])?))
    };
    Ok(RdnSequence(vec![
        rdn(O, TEST_ORGANIZATION)?,
        rdn(CN, common_name)?,
    ]))
}

/// From `now` (to the second) for `days` days. The builder writes UTCTime before 2050 and
/// GeneralizedTime from then on, as RFC 5280 §4.1.2.5 requires.
fn validity(now: Timestamp, days: u32) -> Result<Validity, MakeError> {
    let start = u64::try_from(now.unix_seconds()).map_err(|_| MakeError::ClockOutOfRange)?;
    let end = start + u64::from(days) * 86_400;
    let time = |secs| {
        GeneralizedTime::from_unix_duration(Duration::from_secs(secs))
            .map(Time::GeneralTime)
            .map_err(|_| MakeError::ClockOutOfRange)
    };
    Ok(Validity {
        not_before: time(start)?,
        not_after: time(end)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_checked_before_anything_is_made() {
        assert!(TestCertificateRequest::parse(2048, " mdm-link-test ", " 365 ").is_ok());
        let code = |bits, cn: &str, days: &str| {
            TestCertificateRequest::parse(bits, cn, days)
                .unwrap_err()
                .code()
        };
        assert_eq!(code(1024, "x", "365"), "key-size");
        assert_eq!(code(2048, "  ", "365"), "common-name-invalid");
        assert_eq!(code(2048, &"a".repeat(65), "365"), "common-name-invalid");
        assert_eq!(code(2048, "a\nb", "365"), "common-name-invalid");
        assert_eq!(code(2048, "x", "0"), "validity-days");
        assert_eq!(code(2048, "x", "3651"), "validity-days");
        assert_eq!(code(2048, "x", "1.5"), "validity-days");
        assert_eq!(code(2048, "x", ""), "validity-days");
    }

    #[test]
    fn file_names_say_test_only_and_are_safe() {
        let names = test_file_names("mdm/link:test");
        assert_eq!(
            names.certificate_pem,
            "TEST-ONLY_mdm_link_test_certificate.pem"
        );
        assert_eq!(
            names.certificate_der,
            "TEST-ONLY_mdm_link_test_certificate.der"
        );
        assert_eq!(
            names.private_key_pem,
            "TEST-ONLY_mdm_link_test_private-key.pem"
        );
    }

    #[test]
    fn progress_steps_round_trip_and_read_as_sentences() {
        for step in 1..=Progress::STEPS {
            let p = Progress::from_step(step).unwrap();
            assert_eq!(p.step(), step);
            let text = p.to_string();
            assert!(
                text.starts_with(char::is_uppercase) && text.ends_with('.'),
                "{text}"
            );
        }
        assert_eq!(Progress::from_step(0), None);
        assert_eq!(Progress::from_step(4), None);
    }

    #[test]
    fn validity_refuses_clocks_before_1970() {
        assert_eq!(
            validity(Timestamp(-1000), 365).unwrap_err(),
            MakeError::ClockOutOfRange
        );
    }
}
