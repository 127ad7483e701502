//! A tolerant PEM and base64 reader.
//!
//! Why our own: `x509-cert`'s reader follows RFC 7468 strictly (64-column lines, one block,
//! nothing around it) and so refuses files OpenSSL, Keychain and every MDM vendor's tooling
//! read happily: other line widths, CR or CRLF line ends, a UTF-8 BOM, trailing spaces, text
//! before and after, `X509 CERTIFICATE` / `TRUSTED CERTIFICATE` labels, several blocks. An
//! admin cannot fix any of that, so we accept all of it.

use base64ct::{Base64Unpadded, Encoding};
use zeroize::Zeroizing;

/// One `-----BEGIN X-----` ... `-----END X-----` block found in a text file.
#[derive(Debug)]
pub(crate) struct Block<'a> {
    /// The label, trimmed and upper-cased, e.g. `CERTIFICATE`.
    pub label: String,
    /// The text between the BEGIN and END lines (headers and base64).
    pub body: &'a str,
}

/// What scanning a text for PEM blocks found.
#[derive(Debug, Default)]
pub(crate) struct Scan<'a> {
    /// Complete blocks, in file order.
    pub blocks: Vec<Block<'a>>,
    /// The label of a block whose END line is missing (the file was probably cut off).
    pub unterminated: Option<String>,
}

/// Finds every PEM block in `text`, whatever surrounds it.
pub(crate) fn scan(text: &str) -> Scan<'_> {
    const BEGIN: &str = "-----BEGIN";
    const END: &str = "-----END";
    let mut out = Scan::default();
    let mut pos = 0;
    while let Some(i) = text.get(pos..).and_then(|t| t.find(BEGIN)) {
        let after = pos + i + BEGIN.len();
        let rest = text.get(after..).unwrap_or("");
        let Some(j) = rest.find("-----") else {
            out.unterminated = Some(String::new());
            break;
        };
        let raw_label = rest.get(..j).unwrap_or("");
        if raw_label.contains(['\n', '\r']) {
            // "-----BEGIN" without a closing dash run on the same line: not a block header.
            pos = after;
            continue;
        }
        let label = raw_label.trim().to_ascii_uppercase();
        let body_start = after + j + 5;
        let Some(k) = text.get(body_start..).and_then(|t| t.find(END)) else {
            out.unterminated = Some(label);
            break;
        };
        let body = text.get(body_start..body_start + k).unwrap_or("");
        let end_after = body_start + k + END.len();
        pos = text
            .get(end_after..)
            .and_then(|t| t.find("-----"))
            .map_or(text.len(), |x| end_after + x + 5);
        out.blocks.push(Block { label, body });
        if out.blocks.len() > 10_000 {
            break;
        }
    }
    out
}

/// Why a block's base64 could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Base64Problem {
    /// A character that is not base64, with its position among the non-space characters.
    BadCharacter(char),
    /// The characters are all base64 but do not decode (wrong length or stray padding).
    BadLength,
    /// Nothing to decode.
    Empty,
}

/// Decodes a PEM body: skips RFC 1421 header lines (`Proc-Type: ...`), ignores all
/// whitespace and line ends, tolerates missing or extra `=` padding at the end.
///
/// The result is wrapped in [`Zeroizing`] because a body may hold a private key that must not
/// linger in memory.
pub(crate) fn decode_body(body: &str) -> Result<Zeroizing<Vec<u8>>, Base64Problem> {
    let mut compact = Zeroizing::new(String::with_capacity(body.len()));
    for line in body.split(['\n', '\r']) {
        if line.contains(':') {
            continue;
        }
        for c in line.chars() {
            match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => compact.push(c),
                ' ' | '\t' | '\u{0b}' | '\u{0c}' => {}
                other => return Err(Base64Problem::BadCharacter(other)),
            }
        }
    }
    decode_compact(&compact)
}

/// Decodes base64 that has already had whitespace removed; `=` only allowed at the end.
fn decode_compact(compact: &str) -> Result<Zeroizing<Vec<u8>>, Base64Problem> {
    let trimmed = compact.trim_end_matches('=');
    if trimmed.is_empty() {
        return Err(Base64Problem::Empty);
    }
    if trimmed.contains('=') {
        return Err(Base64Problem::BadLength);
    }
    // A length of 4n+1 cannot be base64; it happens when a file was cut off mid-line. Drop the
    // stray character so the DER reader can say how much is missing, which is more useful.
    let usable = if trimmed.len() % 4 == 1 {
        trimmed.get(..trimmed.len() - 1).unwrap_or("")
    } else {
        trimmed
    };
    Base64Unpadded::decode_vec(usable)
        .or_else(|_| {
            // Non-canonical final bits also come from a cut: keep the whole 4-character groups.
            let whole = usable.get(..usable.len() / 4 * 4).unwrap_or("");
            Base64Unpadded::decode_vec(whole)
        })
        .map(Zeroizing::new)
        .map_err(|_| Base64Problem::BadLength)
}

/// If the whole text is base64 (with any whitespace), decodes it. Used for "bare base64"
/// files: some portals show the certificate as one base64 string without PEM armour.
pub(crate) fn decode_bare(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut compact = Zeroizing::new(String::with_capacity(text.len()));
    for c in text.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => compact.push(c),
            c if c.is_ascii_whitespace() => {}
            _ => return None,
        }
    }
    if compact.len() < 16 {
        return None;
    }
    decode_compact(&compact).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_any_surroundings() {
        let t = "hello\r\n-----BEGIN X509 CERTIFICATE-----\r\nQUJD\r\n-----END X509 CERTIFICATE-----\r\nbye-----BEGIN  foo -----\rQUJD\r-----END foo-----";
        let s = scan(t);
        assert_eq!(s.blocks.len(), 2);
        assert_eq!(s.blocks[0].label, "X509 CERTIFICATE");
        assert_eq!(s.blocks[1].label, "FOO");
        assert_eq!(&*decode_body(s.blocks[1].body).unwrap(), b"ABC");
        assert!(s.unterminated.is_none());
        assert_eq!(
            scan("-----BEGIN CERTIFICATE-----\nQUJD").unterminated,
            Some("CERTIFICATE".into())
        );
    }

    #[test]
    fn decodes_tolerantly() {
        assert_eq!(&*decode_body(" QU JD \t\n QQ \n").unwrap(), b"ABCA");
        assert_eq!(&*decode_body("QUJDQQ==").unwrap(), b"ABCA");
        assert_eq!(&*decode_body("Proc-Type: 4\n\nQUJD").unwrap(), b"ABC");
        assert_eq!(decode_body("QU*D"), Err(Base64Problem::BadCharacter('*')));
        assert_eq!(decode_body(""), Err(Base64Problem::Empty));
        assert!(decode_bare("short").is_none());
    }
}
