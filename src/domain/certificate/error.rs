//! Why an input holds no usable certificate: one variant per kind of wrong input, so the admin
//! learns exactly what they uploaded or pasted and what to ask the vendor for, and never a
//! generic "invalid file".
//!
//! Every message is a whole sentence (or two) that the UI shows as it is. Messages that speak of
//! the input itself ("the file is empty", "the pasted text is empty") take a [`Source`], so a
//! pasted certificate is never called a file.

use std::fmt;

use crate::domain::text::{capitalize, count};

/// Where the input came from, for the wording of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file chosen or dropped.
    File,
    /// Text pasted into the page.
    Pasted,
}

impl Source {
    /// "the file" or "the pasted text".
    pub(crate) fn the(self) -> &'static str {
        match self {
            Source::File => "the file",
            Source::Pasted => "the pasted text",
        }
    }

    /// "The file" or "The pasted text".
    pub(crate) fn the_capital(self) -> &'static str {
        match self {
            Source::File => "The file",
            Source::Pasted => "The pasted text",
        }
    }

    /// What to do again when the input was cut off or damaged in transit.
    fn again(self) -> &'static str {
        match self {
            Source::File => "download or export it again",
            Source::Pasted => "copy it again, all of it",
        }
    }
}

/// Why an input holds no usable certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The input has no bytes, or only whitespace.
    Empty,
    /// The input is over [`super::MAX_FILE_BYTES`].
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
    /// A PKCS#7 bundle (.p7b) that holds no readable certificate.
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
        /// What is wrong with it, a phrase that completes "The block is damaged: ...".
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
        /// What is wrong, a phrase.
        detail: String,
    },
    /// Shaped like a certificate, but a part of it is not valid X.509.
    NotX509 {
        /// Which part, e.g. `validity dates`.
        part: &'static str,
        /// Byte offset of the problem, when known.
        offset: Option<usize>,
        /// What the decoder reported, a phrase.
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

    /// A short name for what the input is instead, for a list of ignored blocks ("a
    /// certificate signing request (CSR)").
    pub fn what_it_is(&self) -> String {
        match self {
            InputError::CertificateRequest => "a certificate signing request (CSR)".into(),
            InputError::RevocationList => "a certificate revocation list (CRL)".into(),
            InputError::PublicKeyOnly => "a bare public key".into(),
            InputError::Pkcs7Bundle => "an empty PKCS#7 bundle".into(),
            InputError::EncryptedMessage => "an encrypted S/MIME message".into(),
            InputError::CmsMessage { content_type } => format!("a CMS message ({content_type})"),
            InputError::PemUnterminated { label } => {
                format!("a \"{label}\" block with no END line")
            }
            InputError::UnsupportedPem { label } => format!("a \"{label}\" block"),
            // Damaged or unrecognised blocks: plain words (never the code), one phrase for all.
            _ => "a block MDM Link cannot read".into(),
        }
    }

    /// The message for an input from `source`. [`fmt::Display`] gives the one for a file.
    pub fn describe(&self, source: Source) -> String {
        let the = source.the();
        let the_capital = source.the_capital();
        let again = source.again();
        match self {
            InputError::Empty => format!("{the_capital} is empty. {ASK}"),
            InputError::TooLarge { bytes } => format!(
                "{the_capital} is {}, far larger than any certificate (the limit is 1 MiB), so \
                 it was not read. Check that you {} the right one; {ASK_LOWER}",
                size_text(*bytes as u64),
                match source {
                    Source::File => "chose",
                    Source::Pasted => "pasted",
                }
            ),
            InputError::CertificateRequest => format!(
                "This is a certificate signing request (CSR), not a certificate: the vendor \
                 still has to get it signed. {ASK}"
            ),
            InputError::RevocationList => format!(
                "This is a certificate revocation list (CRL), which lists withdrawn \
                 certificates. {ASK}"
            ),
            InputError::PublicKeyOnly => format!(
                "This is a bare public key without its certificate, and Apple needs the \
                 certificate around the key. {ASK}"
            ),
            InputError::Pkcs7Bundle => "This is a PKCS#7 bundle (.p7b) with no readable \
                 certificate inside. Ask the vendor to export the server's single certificate \
                 as PEM or DER."
                .to_string(),
            InputError::EncryptedMessage => format!(
                "This is an encrypted S/MIME message, most likely a server token downloaded \
                 from Apple, not a certificate. Upload the token to the MDM server; for this \
                 step, {ASK_LOWER}"
            ),
            InputError::CmsMessage { content_type } => {
                format!("This is a CMS/PKCS#7 message ({content_type}), not a certificate. {ASK}")
            }
            InputError::PrivateKey { kind } => format!(
                "{the_capital} holds a private key ({kind}) and no certificate; the key was not \
                 read or kept. {NEVER_SHARE}"
            ),
            InputError::Pkcs12 => format!(
                "This is a PKCS#12 bundle (.p12/.pfx), which holds a private key as well as the \
                 certificate; it was not read or kept. {NEVER_SHARE}"
            ),
            InputError::Image { format } => format!(
                "This is a {format} image, perhaps a screenshot of the certificate, and a \
                 picture cannot be used. {ASK}"
            ),
            InputError::Archive { format } => format!(
                "This is a {format} archive. Extract it and choose the certificate file inside \
                 (usually .pem, .crt or .cer)."
            ),
            InputError::Pdf => format!("This is a PDF document, not a certificate file. {ASK}"),
            InputError::NotCertificateText { looks_like } => format!(
                "{the_capital} contains no certificate (no \"-----BEGIN CERTIFICATE-----\" \
                 block); it looks like {looks_like}. {ASK}"
            ),
            InputError::PemUnterminated { label } => format!(
                "The \"{label}\" block has no END line, so {the} was probably cut off while \
                 copying. {} including the \"-----END {label}-----\" line.",
                capitalize(again)
            ),
            InputError::UnsupportedPem { label } => format!(
                "{the_capital} holds a \"{label}\" block, which is not a certificate. {ASK}"
            ),
            InputError::PemBase64 { label, detail } => format!(
                "The \"{label}\" block is damaged: {detail}. The text was probably changed while \
                 copying; {again}."
            ),
            InputError::Truncated { at, expected, got } => format!(
                "The data ends {} early: the structure starting at byte {at} needs {}, but \
                 there are only {got}. {the_capital} was cut off; {again}.",
                count(expected.saturating_sub(*got), "byte", "bytes"),
                count(*expected, "byte", "bytes")
            ),
            InputError::CorruptDer { offset, detail } => format!(
                "The data is corrupt at byte {offset}: {detail}. Download or export the \
                 certificate again."
            ),
            InputError::NotX509 {
                part,
                offset,
                detail,
            } => {
                let at = offset.map_or_else(String::new, |o| format!(" (at byte {o})"));
                format!(
                    "This looks like a certificate, but its {part} cannot be read{at}: \
                     {detail}. Ask the MDM vendor for a standard X.509 certificate."
                )
            }
            InputError::UnrecognisedAsn1 { outline } => format!(
                "This is ASN.1 data of an unrecognised kind ({outline}), not a certificate. {ASK}"
            ),
            InputError::UnrecognisedBinary { first_bytes } => format!(
                "This is not a certificate or any file type MDM Link recognises (it starts with \
                 the bytes {first_bytes}). {ASK}"
            ),
        }
    }
}

/// What to ask for, as its own sentence.
const ASK: &str = "Ask the MDM vendor for the server's public key certificate (.pem, .crt or \
                   .cer).";
/// The same, continuing a sentence.
const ASK_LOWER: &str = "ask the MDM vendor for the server's public key certificate (.pem, \
                         .crt or .cer).";
/// What to do when a private key turns up.
pub(crate) const NEVER_SHARE: &str = "A private key must never be shared: ask the MDM vendor \
    for the server's public key certificate only, and if this key belongs to a live server, \
    tell the vendor it was sent around.";

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Source::File))
    }
}

impl std::error::Error for InputError {}

/// "512 bytes", "3 KiB", "2.5 MiB": binary units, as the 1 MiB limit is.
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    const GIB: u64 = 1024 * 1024 * 1024;
    // Whole units and the rounded tenth apart, so no size up to u64::MAX overflows (and no
    // 128-bit arithmetic or formatting is linked into the app).
    let tenths = |unit: u64| {
        let value = bytes / unit * 10 + ((bytes % unit) * 10 + unit / 2) / unit;
        format!("{}.{}", value / 10, value % 10)
    };
    if bytes >= GIB {
        format!("{} GiB", tenths(GIB))
    } else if bytes >= MIB {
        format!("{} MiB", tenths(MIB))
    } else if bytes >= KIB {
        format!("{} KiB", tenths(KIB))
    } else if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_binary_units() {
        assert_eq!(size_text(0), "0 bytes");
        assert_eq!(size_text(1), "1 byte");
        assert_eq!(size_text(1023), "1023 bytes");
        assert_eq!(size_text(1024), "1.0 KiB");
        assert_eq!(size_text(1024 * 1024 + 1), "1.0 MiB");
        assert_eq!(size_text(5 * 1024 * 1024 / 2), "2.5 MiB");
        assert_eq!(size_text(10 * 1024 * 1024 * 1024), "10.0 GiB");
        assert_eq!(size_text(u64::MAX), "17179869184.0 GiB");
    }

    #[test]
    fn pasted_text_is_never_called_a_file() {
        let errors = [
            InputError::Empty,
            InputError::TooLarge { bytes: 2 << 20 },
            InputError::NotCertificateText {
                looks_like: "JSON data".into(),
            },
            InputError::PemUnterminated {
                label: "CERTIFICATE".into(),
            },
            InputError::Truncated {
                at: 0,
                expected: 900,
                got: 700,
            },
            InputError::PrivateKey { kind: "PEM".into() },
        ];
        for e in errors {
            let pasted = e.describe(Source::Pasted);
            assert!(!pasted.contains("file"), "{pasted}");
            assert!(!pasted.contains("this text file"), "{pasted}");
            assert!(e.describe(Source::File).contains("file"), "{e}");
        }
    }
}
