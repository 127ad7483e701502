//! Stage 4 of opening a token: the decrypted bytes → Apple's five fields.
//!
//! Apple's plaintext is a small MIME part (`Content-Type: text/plain;charset=UTF-8`, CRLF
//! headers) whose body is `-----BEGIN MESSAGE-----`, one line of JSON, `-----END MESSAGE-----`.
//! MDM servers (NanoDEP, Fleet, ...) take what is between the two lines and parse it as JSON, so
//! this does the same: the headers and line ends may vary, the markers and the five string
//! fields may not. Every string is moved straight into a buffer wiped on drop.

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

use super::OpenError;
use crate::domain::time::{days_in_month, CivilDateTime, Timestamp};

const BEGIN: &str = "-----BEGIN MESSAGE-----";
const END: &str = "-----END MESSAGE-----";

/// Apple's five fields, read.
pub(super) struct Fields {
    pub consumer_key: Zeroizing<String>,
    pub consumer_secret: Zeroizing<String>,
    pub access_token: Zeroizing<String>,
    pub access_secret: Zeroizing<String>,
    pub expiry_text: String,
    pub expiry: Timestamp,
}

/// The JSON as sent; every field optional so a missing one is named.
#[derive(Deserialize)]
struct Raw {
    #[serde(default, deserialize_with = "secret")]
    consumer_key: Option<Zeroizing<String>>,
    #[serde(default, deserialize_with = "secret")]
    consumer_secret: Option<Zeroizing<String>>,
    #[serde(default, deserialize_with = "secret")]
    access_token: Option<Zeroizing<String>>,
    #[serde(default, deserialize_with = "secret")]
    access_secret: Option<Zeroizing<String>>,
    #[serde(default)]
    access_token_expiry: Option<String>,
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Zeroizing<String>>, D::Error> {
    Option::<String>::deserialize(d).map(|v| v.map(Zeroizing::new))
}

/// Stage 4: the fields in `plaintext`.
pub(super) fn read(plaintext: &[u8]) -> Result<Fields, OpenError> {
    let why = |why: &str| OpenError::NotApplePayload { why: why.into() };
    let text = std::str::from_utf8(plaintext).map_err(|_| why("it is not text"))?;
    let start = text
        .find(BEGIN)
        .ok_or_else(|| why("it has no “-----BEGIN MESSAGE-----” line"))?
        + BEGIN.len();
    let rest = text.get(start..).unwrap_or("");
    let end = rest
        .find(END)
        .ok_or_else(|| why("it has no “-----END MESSAGE-----” line"))?;
    let json = rest.get(..end).unwrap_or("").trim();
    let raw: Raw = serde_json::from_str(json).map_err(|e| {
        if e.is_data() {
            why("a field of its JSON is not text")
        } else {
            why("the text between the message lines is not JSON")
        }
    })?;
    let missing = |name: &str| why(&format!("its JSON has no “{name}”"));
    // In Apple's order, so the first missing field is the one named.
    let consumer_key = raw.consumer_key.ok_or_else(|| missing("consumer_key"))?;
    let consumer_secret = raw
        .consumer_secret
        .ok_or_else(|| missing("consumer_secret"))?;
    let access_token = raw.access_token.ok_or_else(|| missing("access_token"))?;
    let access_secret = raw.access_secret.ok_or_else(|| missing("access_secret"))?;
    let expiry_text = raw
        .access_token_expiry
        .ok_or_else(|| missing("access_token_expiry"))?;
    let expiry = parse_rfc3339(&expiry_text).ok_or_else(|| {
        why(&format!(
            "its access_token_expiry “{}” is not a date and time",
            expiry_text.chars().take(40).collect::<String>()
        ))
    })?;
    Ok(Fields {
        consumer_key,
        consumer_secret,
        access_token,
        access_secret,
        expiry_text,
        expiry,
    })
}

/// RFC 3339 date-time as Apple writes it (`2026-01-17T11:02:21Z`), also with fractional seconds
/// or a numeric offset (`+01:00`), as other tools might.
fn parse_rfc3339(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
        })
    };
    let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = u8::try_from(day)
        .ok()
        .filter(|d| *d >= 1 && *d <= days_in_month(year, month))?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    if sep(at, b".") {
        at += 1;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
    }
    let offset_minutes = match b.get(at) {
        Some(b'Z' | b'z') if at + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if at + 6 == b.len() && sep(at + 3, b":") => {
            let minutes = num(at + 1, 2)? * 60 + num(at + 4, 2)?;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    let civil = CivilDateTime {
        year,
        month,
        day,
        hour: hour as u8,
        minute: minute as u8,
        second: second.min(59) as u8,
    };
    Some(Timestamp(civil.to_timestamp().0 - offset_minutes * 60_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc3339_as_apple_and_others_write_it() {
        let t = |s| parse_rfc3339(s).map(Timestamp::rfc3339);
        assert_eq!(
            t("2026-01-17T11:02:21Z").as_deref(),
            Some("2026-01-17T11:02:21Z")
        );
        assert_eq!(
            t("2026-01-17T11:02:21.803Z").as_deref(),
            Some("2026-01-17T11:02:21Z")
        );
        assert_eq!(
            t("2026-01-17T12:02:21+01:00").as_deref(),
            Some("2026-01-17T11:02:21Z")
        );
        for bad in [
            "",
            "2026-02-30T00:00:00Z",
            "2026-01-17",
            "2026-01-17T11:02:21",
            "x",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_apples_layout_and_names_what_is_missing() {
        let plain =
            "Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n\
            -----BEGIN MESSAGE-----\n{\"consumer_key\":\"CK_1\",\"consumer_secret\":\"CS_2\",\
            \"access_token\":\"AT_3\",\"access_secret\":\"AS_4\",\
            \"access_token_expiry\":\"2026-01-17T11:02:21Z\"}\n-----END MESSAGE-----\n";
        let f = read(plain.as_bytes()).unwrap_or_else(|_| panic!("reads"));
        assert_eq!(f.consumer_key.as_str(), "CK_1");
        assert_eq!(f.access_secret.as_str(), "AS_4");
        let broken = plain.replace(",\"access_secret\":\"AS_4\"", "");
        let Err(OpenError::NotApplePayload { why }) = read(broken.as_bytes()) else {
            panic!("refused")
        };
        assert!(why.contains("access_secret"), "{why}");
    }
}
