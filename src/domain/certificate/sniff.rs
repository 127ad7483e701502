//! Stage 1 of the check: what kind of input is this? Refuses the empty, the oversized and the
//! common wrong files (screenshots, archives, PDFs) by their magic bytes, and tells binary DER
//! from text in any common encoding.
//!
//! Why: "invalid certificate" teaches an admin nothing; "this is a PNG image" tells them they
//! uploaded a screenshot of the certificate instead of the certificate.

use std::ops::Deref;

use zeroize::Zeroizing;

use super::error::InputError;
use super::MAX_FILE_BYTES;
use crate::domain::hex;

/// What stage 1 found: binary data that may be DER, or text.
pub(crate) enum Sniffed<'a> {
    /// Binary data starting like an ASN.1 element (SEQUENCE, [0] or OID).
    Der(&'a [u8]),
    /// Text, decoded from UTF-8, UTF-16 or Latin-1.
    Text(Text<'a>),
}

/// Text of the input: borrowed when the bytes were UTF-8 already, otherwise an owned copy that
/// is wiped when dropped (the text may hold a private key).
pub(crate) enum Text<'a> {
    /// The input's own bytes.
    Borrowed(&'a str),
    /// A decoded copy.
    Owned(Zeroizing<String>),
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }
}

/// Stage 1: refuses what is certainly not a certificate, and says whether the rest is DER or
/// text.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Sniffed<'_>, InputError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { bytes: bytes.len() });
    }
    let without_bom = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    if without_bom.iter().all(u8::is_ascii_whitespace)
        || (bytes.len() <= 2 && matches!(bytes, [0xff, 0xfe] | [0xfe, 0xff]))
    {
        return Err(InputError::Empty);
    }
    if let Some(m) = magic(bytes) {
        return Err(match m {
            Magic::Image(format) => InputError::Image { format },
            Magic::Archive(format) => InputError::Archive { format },
            Magic::Pdf => InputError::Pdf,
        });
    }
    // Text wins: DER always holds control bytes (the INTEGER and OID tags 0x02 and 0x06), which
    // text never does, so nothing that is text can be DER.
    if let Some(text) = as_text(bytes) {
        return Ok(Sniffed::Text(text));
    }
    if matches!(bytes.first(), Some(0x30 | 0xa0 | 0x06)) {
        return Ok(Sniffed::Der(bytes));
    }
    Err(InputError::UnrecognisedBinary {
        first_bytes: first_bytes(bytes),
    })
}

/// What kind of well-known non-certificate file the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Magic {
    /// A picture, with its format name.
    Image(&'static str),
    /// A compressed archive, with its format name.
    Archive(&'static str),
    /// A PDF document.
    Pdf,
}

/// Recognises images, archives and PDFs by their first bytes.
pub(crate) fn magic(b: &[u8]) -> Option<Magic> {
    let starts = |m: &[u8]| b.starts_with(m);
    let image = |name| Some(Magic::Image(name));
    let archive = |name| Some(Magic::Archive(name));
    if starts(b"\x89PNG\r\n\x1a\n") {
        image("PNG")
    } else if starts(&[0xff, 0xd8, 0xff]) {
        image("JPEG")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        image("GIF")
    } else if starts(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        image("WebP")
    } else if b.get(4..8) == Some(b"ftyp")
        && matches!(
            b.get(8..12),
            Some(b"heic" | b"heix" | b"mif1" | b"msf1" | b"heim" | b"hevc" | b"avif")
        )
    {
        image("HEIC/HEIF")
    } else if starts(b"BM") && b.len() > 26 && b.get(6..10) == Some(&[0, 0, 0, 0]) {
        image("BMP")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        image("TIFF")
    } else if starts(b"%PDF-") {
        Some(Magic::Pdf)
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        archive("ZIP")
    } else if starts(&[0x1f, 0x8b]) {
        archive("gzip")
    } else if starts(b"7z\xbc\xaf\x27\x1c") {
        archive("7-Zip")
    } else if starts(b"Rar!\x1a\x07") {
        archive("RAR")
    } else if starts(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        archive("xz")
    } else if starts(b"BZh") && b.get(3).is_some_and(|c| (b'1'..=b'9').contains(c)) {
        archive("bzip2")
    } else if b.get(257..262) == Some(b"ustar") {
        archive("tar")
    } else if starts(&[0x28, 0xb5, 0x2f, 0xfd]) {
        archive("Zstandard")
    } else {
        None
    }
}

/// The text of `b` if it looks like a text file: UTF-8 (with or without BOM), UTF-16 with a
/// BOM (Windows Notepad's "Unicode"), or Latin-1-ish bytes without control characters.
pub(crate) fn as_text(b: &[u8]) -> Option<Text<'_>> {
    if let Some(rest) = b.strip_prefix(&[0xff, 0xfe]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = b.strip_prefix(&[0xfe, 0xff]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let b = b.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(b);
    let controls = b
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0b | 0x0c))
        .count();
    if controls > 0 {
        return None;
    }
    match std::str::from_utf8(b) {
        Ok(s) => Some(Text::Borrowed(s)),
        // Mostly-ASCII text with a few Latin-1 bytes (comments in an old editor): still text.
        Err(_) => {
            let mut owned = Zeroizing::new(String::with_capacity(b.len() + b.len() / 2));
            for chunk in b.utf8_chunks() {
                owned.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    owned.push(char::REPLACEMENT_CHARACTER);
                }
            }
            Some(Text::Owned(owned))
        }
    }
}

fn utf16(b: &[u8], read: fn([u8; 2]) -> u16) -> Option<Text<'static>> {
    let units = b.chunks_exact(2).map(|c| read([c[0], c[1]]));
    // Sized up front (at most 3 UTF-8 bytes per unit) so the wiped buffer never reallocates and
    // leaves an unwiped copy behind.
    let mut s = Zeroizing::new(String::with_capacity(b.len() / 2 * 3 + 4));
    for c in char::decode_utf16(units) {
        let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
        if c < ' ' && !c.is_ascii_whitespace() {
            return None;
        }
        s.push(c);
    }
    Some(Text::Owned(s))
}

/// A few words on what a non-certificate text looks like, for the error message. Never quotes
/// the text itself: it could be a secret in a format we do not know.
pub(crate) fn describe_text(t: &str) -> String {
    let s = t.trim_start();
    let lines = s.lines().filter(|l| !l.trim().is_empty()).count();
    let lower: String = s.chars().take(200).collect::<String>().to_ascii_lowercase();
    if s.starts_with('{') || s.starts_with('[') {
        "JSON data".into()
    } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        "a web page (HTML), perhaps saved from a browser instead of the certificate".into()
    } else if s.starts_with('<') {
        "XML or HTML markup".into()
    } else if ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-", "ssh-dss "]
        .iter()
        .any(|p| s.starts_with(p))
    {
        "an SSH public key, not an X.509 certificate".into()
    } else if s
        .bytes()
        .take(64)
        .all(|c| c.is_ascii_hexdigit() || c == b':' || c.is_ascii_whitespace())
    {
        "a hexadecimal string (perhaps a fingerprint or a hex dump, not the certificate itself)"
            .into()
    } else {
        format!(
            "plain text ({lines} line{})",
            if lines == 1 { "" } else { "s" }
        )
    }
}

/// The first bytes as spaced hex, for the "unrecognised" message.
pub(crate) fn first_bytes(b: &[u8]) -> String {
    hex::upper_spaced(b.get(..8).unwrap_or(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(magic(b"\x89PNG\r\n\x1a\nxxxx"), Some(Magic::Image("PNG")));
        assert_eq!(magic(b"PK\x03\x04...."), Some(Magic::Archive("ZIP")));
        assert_eq!(magic(b"%PDF-1.7"), Some(Magic::Pdf));
        assert_eq!(magic(b"\x30\x82"), None);
    }

    #[test]
    fn text_in_several_encodings() {
        assert_eq!(as_text(b"\xef\xbb\xbfabc").as_deref(), Some("abc"));
        assert_eq!(as_text(b"\xff\xfea\0b\0").as_deref(), Some("ab"));
        assert!(as_text(b"\x30\x82\x01").is_none());
        assert_eq!(first_bytes(&[1, 0xab]), "01 AB");
    }
}
