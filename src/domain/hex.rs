//! Hexadecimal text for bytes: the one place fingerprints, serial numbers, token ids and byte
//! dumps are spelled, so the certificate check, the server page and the stored token records
//! always show the same digits the same way.
//!
//! Two spellings exist because two audiences read them:
//! - [`lower`]: lowercase without separators, the form Apple's token secrets use and the form
//!   stored in the organization (`sha256_hex`, `certificate_sha256`), compared as plain text;
//! - [`upper_colons`]: uppercase pairs joined by `:`, what `openssl x509 -fingerprint` and
//!   Keychain print, so an admin can compare the app's fingerprint with theirs digit for digit.
//!
//! Nothing here can fail, so the module has no error type.

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Lowercase hex without separators: `[0xab, 0x01]` → `"ab01"`.
pub fn lower(bytes: &[u8]) -> String {
    join(bytes, LOWER, "")
}

/// Uppercase hex without separators: `[0xab, 0x01]` → `"AB01"`.
pub fn upper(bytes: &[u8]) -> String {
    join(bytes, UPPER, "")
}

/// Uppercase hex pairs joined by colons: `[0xab, 0x01]` → `"AB:01"` (OpenSSL's and Keychain's
/// fingerprint form).
pub fn upper_colons(bytes: &[u8]) -> String {
    join(bytes, UPPER, ":")
}

/// Uppercase hex pairs joined by spaces: `[0xab, 0x01]` → `"AB 01"` (a byte dump in a message).
pub fn upper_spaced(bytes: &[u8]) -> String {
    join(bytes, UPPER, " ")
}

/// A stored fingerprint (lowercase hex without separators, see [`lower`]) in the display form of
/// [`upper_colons`]. Characters that are not hex digits are kept as they are, so damaged stored
/// text shows as it is rather than vanishing.
pub fn fingerprint_display(plain_hex: &str) -> String {
    let mut out = String::with_capacity(plain_hex.len() * 3 / 2);
    for (i, c) in plain_hex.chars().enumerate() {
        if i > 0 && i % 2 == 0 {
            out.push(':');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The first `digits` hex digits of a stored fingerprint, with "…" when it is longer: enough to
/// tell certificates apart in the activity log.
pub fn fingerprint_prefix(plain_hex: &str, digits: usize) -> String {
    let short: String = plain_hex.chars().take(digits).collect();
    if plain_hex.chars().count() > digits {
        format!("{short}…")
    } else {
        short
    }
}

fn join(bytes: &[u8], digits: &[u8; 16], separator: &str) -> String {
    let mut s = String::with_capacity(bytes.len() * (2 + separator.len()));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push_str(separator);
        }
        s.push(char::from(digits[usize::from(b >> 4)]));
        s.push(char::from(digits[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling() {
        let bytes = [0x00, 0xab, 0x0f, 0xf0];
        assert_eq!(lower(&bytes), "00ab0ff0");
        assert_eq!(upper(&bytes), "00AB0FF0");
        assert_eq!(upper_colons(&bytes), "00:AB:0F:F0");
        assert_eq!(upper_spaced(&bytes), "00 AB 0F F0");
        assert_eq!(lower(&[]), "");
        assert_eq!(upper_colons(&[7]), "07");
    }

    #[test]
    fn stored_fingerprints_display_like_openssl() {
        let stored = lower(&[0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(
            fingerprint_display(&stored),
            upper_colons(&[0xde, 0xad, 0xbe, 0xef])
        );
        assert_eq!(fingerprint_display("abc"), "AB:C");
        assert_eq!(fingerprint_prefix("0123456789", 4), "0123…");
        assert_eq!(fingerprint_prefix("0123", 4), "0123");
    }
}
