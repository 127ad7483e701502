//! Stage 2 of the check: undo the framing. Binary DER passes through; text is searched for PEM
//! blocks anywhere in it, or read whole as bare base64. What comes out is the DER to classify,
//! each piece labelled with where it came from, plus what the text held besides certificates
//! (a private key, a CSR block, damaged blocks) for the file's findings.
//!
//! A private key block is noted by its label and never decoded: its bytes must not reach memory
//! we keep or output.

use std::ops::Deref;

use zeroize::Zeroizing;

use super::error::InputError;
use super::pem;
use super::sniff::{self, Sniffed};
use super::Encoding;

/// DER bytes: the input's own, or decoded from base64 into a buffer wiped on drop.
pub(crate) enum DerBytes<'a> {
    /// The input itself (binary DER).
    Borrowed(&'a [u8]),
    /// Decoded from a PEM block or bare base64.
    Decoded(Zeroizing<Vec<u8>>),
}

impl Deref for DerBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            DerBytes::Borrowed(b) => b,
            DerBytes::Decoded(b) => b,
        }
    }
}

/// Where a piece of DER came from, which decides how stage 3 reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The whole input (DER, or bare base64): one certificate, several concatenated, or a
    /// PKCS#7 bundle; anything else is the answer for the whole input.
    Whole,
    /// A PEM certificate block (`CERTIFICATE`, `X509 CERTIFICATE`, `TRUSTED CERTIFICATE`).
    CertificateBlock {
        /// `TRUSTED CERTIFICATE`: OpenSSL's trust settings follow the certificate.
        trusted: bool,
    },
    /// A PEM `PKCS7` / `CMS` / `PKCS #7 SIGNED DATA` block: read like a whole input, but a
    /// block that is no bundle is ignored rather than the answer.
    BundleBlock,
}

/// One piece of DER to classify.
pub(crate) struct Piece<'a> {
    /// The bytes.
    pub der: DerBytes<'a>,
    /// Where they came from.
    pub origin: Origin,
}

/// What stage 2 found.
pub(crate) struct Framed<'a> {
    /// How the certificates were encoded.
    pub encoding: Encoding,
    /// The DER pieces in file order; an `Err` is a certificate block whose base64 is damaged,
    /// kept in its place so the first problem in the file is the one reported.
    pub pieces: Vec<Result<Piece<'a>, InputError>>,
    /// The kind of the first private key found (e.g. `PEM "PRIVATE KEY"`), never decoded.
    pub private_key: Option<String>,
    /// Blocks that are something else and were set aside (a CSR, a CRL, a public key, an
    /// unknown label, a block without END line).
    pub set_aside: Vec<InputError>,
}

/// Stage 2: the DER pieces of the sniffed input.
pub(crate) fn unframe(input: Sniffed<'_>) -> Result<Framed<'_>, InputError> {
    let text = match input {
        Sniffed::Der(bytes) => {
            return Ok(whole(DerBytes::Borrowed(bytes), Encoding::Der));
        }
        Sniffed::Text(text) => text,
    };
    let scan = pem::scan(&text);
    if scan.blocks.is_empty() {
        return without_blocks(&text, scan.unterminated);
    }
    let mut framed = Framed {
        encoding: Encoding::Pem,
        pieces: Vec::new(),
        private_key: None,
        set_aside: Vec::new(),
    };
    for block in &scan.blocks {
        read_block(block, &mut framed);
    }
    framed
        .set_aside
        .extend(scan.unterminated.into_iter().map(unterminated));
    // The decoded pieces own their bytes, so nothing borrows the text any more.
    Ok(framed)
}

fn whole(der: DerBytes<'_>, encoding: Encoding) -> Framed<'_> {
    Framed {
        encoding,
        pieces: vec![Ok(Piece {
            der,
            origin: Origin::Whole,
        })],
        private_key: None,
        set_aside: Vec::new(),
    }
}

/// A text with no complete PEM block: a cut-off block, a PuTTY key, an S/MIME token, bare
/// base64, or some other text.
fn without_blocks(text: &str, unterminated: Vec<String>) -> Result<Framed<'static>, InputError> {
    if let Some(label) = unterminated.into_iter().next() {
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
    match pem::decode_bare(text) {
        Some(der) if der.first() == Some(&0x30) => {
            Ok(whole(DerBytes::Decoded(der), Encoding::Base64))
        }
        Some(_) => Err(InputError::NotCertificateText {
            looks_like: "base64 data that does not decode to a certificate".into(),
        }),
        None => Err(InputError::NotCertificateText {
            looks_like: sniff::describe_text(text),
        }),
    }
}

/// Sorts one complete PEM block into a piece, a private key, or something set aside.
fn read_block(block: &pem::Block<'_>, framed: &mut Framed<'_>) {
    let label = block.label.as_str();
    if label.contains("PRIVATE KEY") {
        framed
            .private_key
            .get_or_insert_with(|| format!("PEM \"{label}\""));
        return;
    }
    let origin = match label {
        "CERTIFICATE" | "X509 CERTIFICATE" => Origin::CertificateBlock { trusted: false },
        "TRUSTED CERTIFICATE" => Origin::CertificateBlock { trusted: true },
        "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA" => Origin::BundleBlock,
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            framed.set_aside.push(InputError::CertificateRequest);
            return;
        }
        "X509 CRL" => {
            framed.set_aside.push(InputError::RevocationList);
            return;
        }
        "PUBLIC KEY" | "RSA PUBLIC KEY" => {
            framed.set_aside.push(InputError::PublicKeyOnly);
            return;
        }
        _ => {
            framed.set_aside.push(InputError::UnsupportedPem {
                label: label.to_owned(),
            });
            return;
        }
    };
    let piece = pem::decode_body(block.body)
        .map(|der| Piece {
            der: DerBytes::Decoded(der),
            origin,
        })
        .map_err(|problem| InputError::PemBase64 {
            label: label.to_owned(),
            detail: base64_detail(&problem),
        });
    framed.pieces.push(piece);
}

fn base64_detail(problem: &pem::Base64Problem) -> String {
    match problem {
        pem::Base64Problem::BadCharacter(c) => {
            if c.is_control() || c.is_whitespace() {
                format!(
                    "it contains the character U+{:04X}, which is not base64",
                    u32::from(*c)
                )
            } else {
                format!("it contains the character “{c}”, which is not base64")
            }
        }
        pem::Base64Problem::BadLength => {
            "its base64 text has the wrong length or misplaced \"=\" padding".into()
        }
        pem::Base64Problem::Empty => "it has no content between its lines".into(),
    }
}

fn unterminated(label: String) -> InputError {
    InputError::PemUnterminated { label }
}
