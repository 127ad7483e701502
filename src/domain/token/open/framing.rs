//! Stage 1 of opening a token: the file → the CMS bytes. A token travels as the `.p7m` S/MIME
//! file Apple delivers (MIME headers, a blank line, base64), as its bare base64 body (pasted
//! from an e-mail or a log), as binary DER/BER (`openssl smime -outform DER`), or as PEM
//! (`openssl cms -outform PEM`). Anything else is named ("a certificate", "a private key"...)
//! with the certificate check's own reading, because the usual mistake is choosing the wrong
//! one of the files an MDM server has.

use base64ct::{Base64Unpadded, Encoding as _};

use super::OpenError;
use crate::domain::certificate::{check_file, pem, MAX_FILE_BYTES};
use crate::domain::time::Timestamp;

/// How a token file was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenForm {
    /// MIME headers and base64: the `.p7m` Apple delivers. `apple_headers` when the headers
    /// are exactly Apple's four, in Apple's order.
    Smime {
        /// The headers are Apple's, byte for byte.
        apple_headers: bool,
    },
    /// Base64 without headers.
    Base64,
    /// Binary DER or BER.
    Binary,
    /// A PEM block (`PKCS7` or `CMS`).
    Pem,
}

impl TokenForm {
    /// How the form is described, completing "The token file was read as ...".
    pub fn label(self) -> &'static str {
        match self {
            TokenForm::Smime {
                apple_headers: true,
            } => {
                "an S/MIME file (.p7m) with Apple's headers, as Apple Business Manager delivers it"
            }
            TokenForm::Smime {
                apple_headers: false,
            } => "an S/MIME file (.p7m) whose headers differ from Apple's",
            TokenForm::Base64 => "base64 text without headers (the body of an S/MIME file)",
            TokenForm::Binary => "binary CMS (DER or BER)",
            TokenForm::Pem => "a PEM block of CMS",
        }
    }
}

/// Apple's four headers, in order (see `crate::domain::token`).
const APPLE_HEADERS: [&str; 4] = [
    "Content-Type: application/pkcs7-mime; name=\"smime.p7m\"; smime-type=enveloped-data",
    "Content-Transfer-Encoding: base64",
    "Content-Disposition: attachment; filename=\"smime.p7m\"",
    "Content-Description: S/MIME Encrypted Message",
];

/// Stage 1: the form and the CMS bytes of `bytes`. `now` only serves the certificate check that
/// names a file which is no token.
pub(super) fn unframe(bytes: &[u8], now: Timestamp) -> Result<(TokenForm, Vec<u8>), OpenError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(OpenError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(OpenError::TooLarge { bytes: bytes.len() });
    }
    let (form, der) = if bytes.first() == Some(&0x30) {
        (TokenForm::Binary, bytes.to_vec())
    } else {
        let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let Ok(text) = std::str::from_utf8(text) else {
            return Err(not_cms(bytes, now));
        };
        from_text(text).ok_or_else(|| not_cms(bytes, now))??
    };
    if !looks_like_content_info(&der) {
        return Err(not_cms(&der, now));
    }
    Ok((form, der))
}

/// Text forms. `None` when the text is no token at all (then the file is named instead).
fn from_text(text: &str) -> Option<Result<(TokenForm, Vec<u8>), OpenError>> {
    if text.contains("-----BEGIN") {
        let scan = pem::scan(text);
        let block = scan
            .blocks
            .iter()
            .find(|b| matches!(b.label.as_str(), "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA"))?;
        let der = pem::decode_body(block.body).ok()?;
        return Some(Ok((TokenForm::Pem, der.to_vec())));
    }
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    if is_header(lines.get(first)?) {
        let blank = lines.iter().skip(first).position(|l| l.trim().is_empty())? + first;
        let headers = lines.get(first..blank)?;
        let content_type = header_value(headers, "content-type").unwrap_or_default();
        if !content_type.contains("pkcs7-mime") {
            return Some(Err(OpenError::NotCms {
                looks_like: if content_type.contains("multipart") {
                    "an e-mail with several parts: save its attachment (smime.p7m) and choose \
                     that"
                        .into()
                } else {
                    format!(
                        "a MIME message of type “{}”",
                        content_type.split(';').next().unwrap_or("none").trim()
                    )
                },
            }));
        }
        let apple_headers = headers == APPLE_HEADERS;
        let der = decode_base64(lines.get(blank + 1..)?, blank + 2);
        return Some(der.map(|der| (TokenForm::Smime { apple_headers }, der)));
    }
    // Bare base64: every CMS structure is a SEQUENCE, whose base64 starts with "MI".
    if !lines.get(first)?.trim_start().starts_with("MI") {
        return None;
    }
    let der = decode_base64(lines.get(first..)?, first + 1);
    Some(der.map(|der| (TokenForm::Base64, der)))
}

/// `Name: value` with a plain header name.
fn is_header(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// The lowercased value of header `name` (case-insensitive), folded lines joined.
fn header_value(headers: &[&str], name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    let mut in_it = false;
    for line in headers {
        if line.starts_with([' ', '\t']) {
            if in_it {
                if let Some(v) = value.as_mut() {
                    v.push_str(line.trim());
                }
            }
            continue;
        }
        in_it = false;
        if let Some((n, v)) = line.split_once(':') {
            if n.trim().eq_ignore_ascii_case(name) && value.is_none() {
                value = Some(v.trim().to_ascii_lowercase());
                in_it = true;
            }
        }
    }
    value
}

/// Base64 lines (whitespace ignored; the body ends at the first blank line after text, as a
/// MIME part does). `first_line` is the 1-based file line of `lines[0]`, for the message.
fn decode_base64(lines: &[&str], first_line: usize) -> Result<Vec<u8>, OpenError> {
    let mut compact = String::new();
    let mut started = false;
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            if started {
                break;
            }
            continue;
        }
        started = true;
        for c in line.chars() {
            match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => compact.push(c),
                ' ' | '\t' => {}
                _ => {
                    return Err(OpenError::Base64Damaged {
                        line: first_line + i,
                    })
                }
            }
        }
    }
    let trimmed = compact.trim_end_matches('=');
    if trimmed.contains('=') {
        return Err(OpenError::Base64Damaged {
            line: first_line + lines.len().saturating_sub(1),
        });
    }
    // A cut file may end in the middle of a 4-character group: keep the whole groups, so the
    // CMS reader can say where the data stops.
    let whole = trimmed.get(..trimmed.len() / 4 * 4).unwrap_or("");
    let rest = trimmed.get(whole.len()..).unwrap_or("");
    let usable = if rest.len() >= 2 { trimmed } else { whole };
    Base64Unpadded::decode_vec(usable)
        .or_else(|_| Base64Unpadded::decode_vec(whole))
        .map_err(|_| OpenError::Base64Damaged {
            line: first_line + lines.len().saturating_sub(1),
        })
}

/// A SEQUENCE whose first element starts as an OBJECT IDENTIFIER: the outline of every CMS
/// ContentInfo. Only the first bytes are looked at, so a cut or damaged token still passes here
/// and gets its precise message from the CMS reader.
fn looks_like_content_info(der: &[u8]) -> bool {
    let content_start = match der.get(1) {
        Some(&len) if len <= 0x80 => 2,
        Some(&len) => 2 + usize::from(len & 0x7f),
        None => return false,
    };
    der.first() == Some(&0x30) && der.get(content_start) == Some(&0x06)
}

/// What a file that is no token is, in the certificate check's reading.
fn not_cms(bytes: &[u8], now: Timestamp) -> OpenError {
    let looks_like = match check_file(bytes, now) {
        Ok(file) if file.certificates.len() > 1 => "a bundle of certificates".to_owned(),
        Ok(_) => "a certificate (perhaps the MDM server's public key certificate)".to_owned(),
        Err(e) => match e.code() {
            "private-key" => {
                "a private key: choose it under “Private key”, and the token file (.p7m) here"
                    .to_owned()
            }
            "pkcs12-bundle" => "a PKCS#12 bundle (.p12/.pfx)".to_owned(),
            "certificate-request" => "a certificate signing request (CSR)".to_owned(),
            "revocation-list" => "a certificate revocation list (CRL)".to_owned(),
            "public-key-only" => "a bare public key".to_owned(),
            "image-file" => "an image".to_owned(),
            "archive-file" => "an archive: extract the .p7m file from it".to_owned(),
            "pdf-document" => "a PDF document".to_owned(),
            "pkcs7-without-certificates" | "cms-message" => {
                "a CMS message of another kind".to_owned()
            }
            "text-not-certificate" | "pem-unterminated" | "unsupported-pem" => {
                "text of another kind".to_owned()
            }
            _ => "data of another kind".to_owned(),
        },
    };
    OpenError::NotCms { looks_like }
}
