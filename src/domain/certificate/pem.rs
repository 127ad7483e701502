//! A tolerant PEM and base64 reader, used by stage 2 of the check (`framing`).
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
    /// The labels of blocks whose END line is missing (the text was probably cut off, or two
    /// blocks were pasted into each other), in file order.
    pub unterminated: Vec<String>,
}

const BEGIN: &str = "-----BEGIN";
const END: &str = "-----END";
const DASHES: &str = "-----";

/// Most blocks read from one text: far more than any real file, it bounds hostile input.
const MAX_BLOCKS: usize = 10_000;

/// Finds every PEM block in `text`, whatever surrounds it.
///
/// Armour lines are read one line at a time: a BEGIN line's label ends at the first `-----` on
/// that line, and an END line ends at its own closing dashes or, when they are missing, at the
/// end of its line, so a damaged END line never swallows the block after it. A block whose END
/// line never comes before the next BEGIN is reported as unterminated and scanning goes on
/// from that BEGIN.
pub(crate) fn scan(text: &str) -> Scan<'_> {
    let mut out = Scan::default();
    let mut pos = 0;
    while let Some(begin) = find_from(text, pos, BEGIN) {
        let after = begin + BEGIN.len();
        let header = text.get(after..line_end(text, after)).unwrap_or("");
        let Some(dashes) = header.find(DASHES) else {
            // "-----BEGIN" without closing dashes on its line: not a block header.
            pos = after;
            continue;
        };
        let label = header
            .get(..dashes)
            .unwrap_or("")
            .trim()
            .to_ascii_uppercase();
        let body_start = after + dashes + DASHES.len();
        let end = find_from(text, body_start, END);
        // A BEGIN before that END means this block is unterminated; look no further than it.
        let next_begin = text
            .get(..end.unwrap_or(text.len()))
            .and_then(|before_end| find_from(before_end, body_start, BEGIN));
        match end {
            Some(end) if next_begin.is_none() => {
                let body = text.get(body_start..end).unwrap_or("");
                let end_after = end + END.len();
                let end_line_end = line_end(text, end_after);
                pos = text
                    .get(end_after..end_line_end)
                    .and_then(|line| line.find(DASHES))
                    .map_or(end_line_end, |x| end_after + x + DASHES.len());
                out.blocks.push(Block { label, body });
            }
            _ => {
                out.unterminated.push(label);
                match next_begin {
                    Some(b) => pos = b,
                    None => break,
                }
            }
        }
        if out.blocks.len() + out.unterminated.len() >= MAX_BLOCKS {
            break;
        }
    }
    out
}

/// The byte offset of `needle` in `text` at or after `from`.
fn find_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.get(from..)?.find(needle).map(|i| from + i)
}

/// The offset of the line break ending the line that contains `from` (or the text's end). One
/// pass that stops at the first CR or LF: searching for each separately read the rest of an
/// LF-only file to the end looking for a CR, twice per block.
fn line_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.find(['\n', '\r']))
        .map_or(text.len(), |i| from + i)
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
///
/// Decodes into a buffer sized up front and wiped on drop, so neither the result nor a partial
/// output left by a failed attempt lingers in freed memory (a body may be a private key).
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
    let mut out = Zeroizing::new(vec![0u8; usable.len() / 4 * 3 + 3]);
    let decoded = match Base64Unpadded::decode(usable, &mut out) {
        Ok(bytes) => bytes.len(),
        Err(_) => {
            // Non-canonical final bits also come from a cut: keep the whole 4-character groups.
            let whole = usable.get(..usable.len() / 4 * 4).unwrap_or("");
            Base64Unpadded::decode(whole, &mut out)
                .map_err(|_| Base64Problem::BadLength)?
                .len()
        }
    };
    out.truncate(decoded);
    Ok(out)
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
        assert!(s.unterminated.is_empty());
        assert_eq!(
            scan("-----BEGIN CERTIFICATE-----\nQUJD").unterminated,
            ["CERTIFICATE"]
        );
    }

    /// Regression: an END line without its closing dashes used to make the scanner look for
    /// dashes further on, find the next block's BEGIN and swallow that whole block.
    #[test]
    fn an_end_line_without_dashes_does_not_swallow_the_next_block() {
        let t = "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE\n\
                 -----BEGIN CERTIFICATE-----\nREVG\n-----END CERTIFICATE-----\n";
        let s = scan(t);
        assert_eq!(s.blocks.len(), 2, "{s:?}");
        assert_eq!(&*decode_body(s.blocks[1].body).unwrap(), b"DEF");
        assert!(s.unterminated.is_empty());
    }

    /// A block that lost its END line before the next BEGIN is reported, and the next block is
    /// still read on its own.
    #[test]
    fn a_block_without_end_before_the_next_begin_is_unterminated() {
        let t = "-----BEGIN CERTIFICATE-----\nQUJD\n\
                 -----BEGIN CERTIFICATE-----\nREVG\n-----END CERTIFICATE-----\n";
        let s = scan(t);
        assert_eq!(s.unterminated, ["CERTIFICATE"]);
        assert_eq!(s.blocks.len(), 1);
        assert_eq!(&*decode_body(s.blocks[0].body).unwrap(), b"DEF");
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
