//! Why a token could not be opened: [`OpenError`], each a finding with its own code and a plain
//! sentence, and the codes of the findings a report carries.

use std::fmt;

use crate::domain::certificate::size_text;
use crate::domain::text::count;
use crate::domain::vendor::KeyError;

/// Why a token could not be opened, each a finding with its own code. The key file's own
/// problems keep the key reader's codes ([`KeyError`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OpenError {
    /// The token file is empty.
    Empty,
    /// The token file is over 1 MiB.
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// The base64 text has a character that is not base64.
    Base64Damaged {
        /// The line (1-based) of the file where it is.
        line: usize,
    },
    /// Not an S/MIME or CMS file at all.
    NotCms {
        /// What it is instead, a phrase completing "this file is ...".
        looks_like: String,
    },
    /// A CMS file of another type (signed data, a certificate bundle, ...).
    NotEnveloped {
        /// Its content type.
        content_type: String,
    },
    /// The data stops before its declared end.
    Truncated {
        /// What was being read, e.g. "the encrypted content".
        part: &'static str,
        /// Offset where the data ends.
        at: usize,
        /// How many bytes are missing at least.
        missing: usize,
    },
    /// The structure is broken.
    Corrupt {
        /// What was being read.
        part: &'static str,
        /// Offset of the problem.
        at: usize,
        /// What is wrong, a phrase.
        what: String,
    },
    /// No recipient uses RSA key transport (key agreement, passwords, ...).
    UnsupportedRecipient {
        /// The kinds found.
        kinds: String,
    },
    /// The RSA key transport is not PKCS#1 v1.5 (e.g. RSAES-OAEP).
    UnsupportedKeyTransport {
        /// The algorithm.
        algorithm: String,
    },
    /// The content is encrypted with a cipher other than AES-CBC.
    UnsupportedCipher {
        /// The cipher.
        algorithm: String,
    },
    /// The EnvelopedData carries no encrypted content (detached).
    NoEncryptedContent,
    /// The token was encrypted to another certificate than the key file's.
    OtherCertificate {
        /// Whom it was encrypted to.
        recipient: String,
        /// The key file's certificate.
        certificate: String,
        /// Whether the key still opened it (a certificate reissued with the same key).
        opened: bool,
    },
    /// The key file's certificate does not belong to its private key.
    KeyNotForCertificate,
    /// The private key does not decrypt the token.
    WrongKey {
        /// Whom the token was encrypted to.
        recipient: String,
    },
    /// It decrypted, but what is inside is not Apple's token format.
    NotApplePayload {
        /// What is wrong, a phrase completing "what is inside ...".
        why: String,
    },
    /// The key file's problem.
    Key(KeyError),
}

/// Codes of findings that are no [`OpenError`]: the token's expiry and two notes.
const NOTE_CODES: [&str; 4] = [
    "token-expired",
    "token-form",
    "no-private-key-chosen",
    "token-opened",
];

impl OpenError {
    /// Every code [`OpenError::code`] returns for the token itself (the key file's are
    /// [`KeyError::CODES`]).
    pub const CODES: [&'static str; 15] = [
        "token-file-empty",
        "token-file-too-large",
        "token-base64-damaged",
        "not-cms",
        "cms-not-enveloped",
        "token-truncated",
        "token-corrupt",
        "unsupported-recipient",
        "unsupported-key-transport",
        "unsupported-content-cipher",
        "no-encrypted-content",
        "token-for-other-certificate",
        "key-not-for-certificate",
        "key-does-not-open-token",
        "not-apple-payload",
    ];

    /// Stable kebab-case code for the UI and tests.
    pub fn code(&self) -> &'static str {
        let index = match self {
            OpenError::Empty => 0,
            OpenError::TooLarge { .. } => 1,
            OpenError::Base64Damaged { .. } => 2,
            OpenError::NotCms { .. } => 3,
            OpenError::NotEnveloped { .. } => 4,
            OpenError::Truncated { .. } => 5,
            OpenError::Corrupt { .. } => 6,
            OpenError::UnsupportedRecipient { .. } => 7,
            OpenError::UnsupportedKeyTransport { .. } => 8,
            OpenError::UnsupportedCipher { .. } => 9,
            OpenError::NoEncryptedContent => 10,
            OpenError::OtherCertificate { .. } => 11,
            OpenError::KeyNotForCertificate => 12,
            OpenError::WrongKey { .. } => 13,
            OpenError::NotApplePayload { .. } => 14,
            OpenError::Key(e) => return e.code(),
        };
        Self::CODES[index]
    }
}

/// The `&'static str` for a finding code received as text (from the worker), if it is one the
/// token opener gives.
pub fn finding_code(code: &str) -> Option<&'static str> {
    OpenError::CODES
        .iter()
        .chain(KeyError::CODES.iter())
        .chain(NOTE_CODES.iter())
        .find(|known| **known == code)
        .copied()
}

/// The sentence that makes the usual cause explicit.
const USUAL_CAUSE: &str = "This is the usual cause when an MDM server reports an invalid token.";

/// What to do after a cut or damaged download.
const AGAIN: &str = "Download the token again from Apple Business Manager (or MDM Link).";

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Empty => f.write_str(
                "The token file is empty. Choose the .p7m file downloaded from Apple Business \
                 Manager.",
            ),
            OpenError::TooLarge { bytes } => write!(
                f,
                "The token file is {}, far larger than any server token (the limit is 1 MiB), \
                 so it was not read. Choose the .p7m file downloaded from Apple Business Manager.",
                size_text(*bytes as u64)
            ),
            OpenError::Base64Damaged { line } => write!(
                f,
                "The token's base64 text is damaged on line {line}: it holds a character that is \
                 not base64, so the file was changed after it was downloaded. {AGAIN}"
            ),
            OpenError::NotCms { looks_like } => write!(
                f,
                "This is not a server token: a token is an S/MIME file (.p7m) or its CMS \
                 content, and this file is {looks_like}. Choose the .p7m file downloaded from \
                 Apple Business Manager."
            ),
            OpenError::NotEnveloped { content_type } => write!(
                f,
                "This is a CMS file of type {content_type}, not an encrypted server token \
                 (enveloped data). Choose the .p7m file downloaded from Apple Business Manager."
            ),
            OpenError::Truncated { part, at, missing } => write!(
                f,
                "The token file is cut off: the data ends at byte {at}, inside {part}, at least \
                 {} short. {AGAIN}",
                count(*missing, "byte", "bytes")
            ),
            OpenError::Corrupt { part, at, what } => write!(
                f,
                "The token file is damaged at byte {at}, in {part}: {what}. {AGAIN}"
            ),
            OpenError::UnsupportedRecipient { kinds } => write!(
                f,
                "The token is encrypted for {kinds}, not to an RSA certificate as Apple's tokens \
                 are, so no private key can open it."
            ),
            OpenError::UnsupportedKeyTransport { algorithm } => write!(
                f,
                "The token's key is wrapped with {algorithm}, not with RSA PKCS#1 v1.5 as Apple \
                 wraps it; MDM Link does not open such tokens, and MDM servers expecting Apple's \
                 format would not either."
            ),
            OpenError::UnsupportedCipher { algorithm } => write!(
                f,
                "The token's content is encrypted with {algorithm}, not AES-CBC as Apple's \
                 tokens are; MDM Link does not open such tokens."
            ),
            OpenError::NoEncryptedContent => f.write_str(
                "The token holds no encrypted content (it was made \"detached\"), so there is \
                 nothing to decrypt.",
            ),
            OpenError::OtherCertificate {
                recipient,
                certificate,
                opened,
            } => {
                write!(
                    f,
                    "This token was encrypted for a different certificate: {recipient}, not \
                     {certificate} from the key file. {USUAL_CAUSE} "
                )?;
                if *opened {
                    f.write_str(
                        "This key still opens it (the certificate was reissued with the same \
                         key), but servers that find their key by issuer and serial number will \
                         not. Upload the server's current certificate and download a new token.",
                    )
                } else {
                    f.write_str(
                        "Upload this server's certificate to its entry in Apple Business Manager \
                         (or MDM Link) and download a new token.",
                    )
                }
            }
            OpenError::KeyNotForCertificate => f.write_str(
                "The certificate in the key file does not belong to this private key: their \
                 public keys differ. Check that the file holds the server's own certificate and \
                 key.",
            ),
            OpenError::WrongKey { recipient } => write!(
                f,
                "This private key does not open the token: the token was encrypted for \
                 {recipient}, and this key is not that certificate's key (or the token was \
                 altered). {USUAL_CAUSE} Choose that certificate's key, or upload this key's \
                 certificate and download a new token."
            ),
            OpenError::NotApplePayload { why } => write!(
                f,
                "The token opened, but what is inside is not Apple's token format: {why}. It \
                 was not made by Apple Business Manager or MDM Link, and an MDM server will \
                 refuse it."
            ),
            OpenError::Key(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for OpenError {}
