//! Distinguished names (RFC 5280 §4.1.2.4) as text: stage 4's helper for the subject and
//! issuer. The text is what an admin compares with `openssl x509 -subject` and Keychain, so it
//! follows OpenSSL's order and RFC 4514's escaping.

use const_oid::ObjectIdentifier;
use der::asn1::AnyRef;

use super::asn1::{self, Tlv};
use crate::domain::hex;
use crate::domain::oid_names::name_or_dotted;

/// Formats a Name with RFC 4514 attribute syntax and escaping, but in encoded order (as
/// `openssl x509 -subject` and Keychain show it, so admins can compare side by side), RDNs
/// separated by ", ". `<` and `>` are left alone: the text is shown as plain text, never as
/// markup, so escaping them would only confuse admins.
pub(crate) fn format_name(name: &AnyRef<'_>) -> String {
    let v = name.value();
    let whole = Tlv {
        tag: 0x30,
        start: 0,
        content_start: 0,
        content_end: v.len(),
        end: v.len(),
    };
    let Ok(rdns) = asn1::children_max(v, &whole, 10_000) else {
        return format!("#{}", hex::upper(v));
    };
    let mut parts = Vec::with_capacity(rdns.len());
    for rdn in &rdns {
        let atvs = asn1::children(v, rdn).unwrap_or_default();
        let mut items = Vec::with_capacity(atvs.len());
        for atv in &atvs {
            let kids = asn1::children(v, atv).unwrap_or_default();
            let (Some(o), Some(val)) = (kids.first(), kids.get(1)) else {
                continue;
            };
            let key = ObjectIdentifier::from_bytes(o.content(v))
                .map(|id| name_or_dotted(&id))
                .unwrap_or_else(|_| "?".to_owned());
            let text = match decode_string(val.tag, val.content(v)) {
                Some(s) => escape(&s),
                None => format!("#{}", hex::upper(val.whole(v))),
            };
            items.push(format!("{key}={text}"));
        }
        parts.push(items.join("+"));
    }
    parts.join(", ")
}

fn decode_string(tag: u8, c: &[u8]) -> Option<String> {
    match tag {
        0x0c | 0x13 | 0x16 | 0x1a | 0x12 => Some(String::from_utf8_lossy(c).into_owned()),
        // T.61: treat as Latin-1, which is what certificates put there in practice.
        0x14 => Some(c.iter().map(|&b| char::from(b)).collect()),
        0x1e => {
            let units = c.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
            Some(
                char::decode_utf16(units)
                    .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect(),
            )
        }
        0x1c => Some(
            c.chunks_exact(4)
                .map(|p| {
                    char::from_u32(u32::from_be_bytes([p[0], p[1], p[2], p[3]]))
                        .unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        ),
        _ => None,
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let n = s.chars().count();
    for (i, c) in s.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i + 1 == n => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // Controls and the bidirectional embeddings, overrides and isolates are shown as
            // their UTF-8 bytes in RFC 4514's `\XX` form: a subject must never hide text (NUL)
            // or reorder what follows it ("Invoice \u{202E}gpj.exe" shown as "…exe.jpg").
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                let mut utf8 = [0u8; 4];
                for byte in c.encode_utf8(&mut utf8).bytes() {
                    out.push_str(&format!("\\{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Decode;

    #[test]
    fn names_keep_markup_and_decode_bmp() {
        // SEQUENCE { SET { SEQUENCE { OID CN, BMPString "<a>" } } }
        let der = [
            0x30, 0x11, 0x31, 0x0f, 0x30, 0x0d, 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x06, 0, b'<',
            0, b'a', 0, b'>',
        ];
        let any = AnyRef::from_der(&der).unwrap();
        assert_eq!(format_name(&any), "CN=<a>");
    }
}
