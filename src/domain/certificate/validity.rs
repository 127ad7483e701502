//! Certificate validity times (RFC 5280 §4.1.2.5), read as OpenSSL reads them: stage 4's
//! helper for the `notBefore` and `notAfter` fields.
//!
//! Why not `der::DateTime`: it refuses years before 1970, and real certificates (test roots,
//! vendor CAs from the 1990s) have them; OpenSSL and Keychain show them, so must we.

use der::asn1::AnyRef;
use der::Tagged;

use crate::domain::time::{days_in_month, CivilDateTime, Timestamp};

/// Parses UTCTime (years 1950 to 2049) and GeneralizedTime (any four-digit year, optional
/// fraction), both in UTC with `Z`, as OpenSSL does; seconds may be omitted.
pub(crate) fn parse_time(t: &AnyRef<'_>) -> Result<Timestamp, String> {
    let raw = t.value();
    let (year_digits, kind) = match u8::from(t.tag()) {
        0x17 => (2, "UTCTime"),
        0x18 => (4, "GeneralizedTime"),
        other => return Err(format!("a date has ASN.1 tag 0x{other:02X}, not a time")),
    };
    let bad = || format!("the {kind} value is not a valid date");
    let s = std::str::from_utf8(raw).map_err(|_| bad())?;
    let s = s
        .strip_suffix('Z')
        .ok_or_else(|| format!("the {kind} value is not in UTC (no Z)"))?;
    let (main, _fraction) = s.split_once('.').unwrap_or((s, ""));
    if !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let num = |from: usize, len: usize| -> Result<i64, String> {
        main.get(from..from + len)
            .and_then(|d| d.parse::<i64>().ok())
            .ok_or_else(bad)
    };
    let mut year = num(0, year_digits)?;
    if year_digits == 2 {
        year += if year >= 50 { 1900 } else { 2000 };
    }
    let p = year_digits;
    let month = num(p, 2)?;
    let day = num(p + 2, 2)?;
    let hour = num(p + 4, 2)?;
    let minute = num(p + 6, 2)?;
    let second = match main.len().saturating_sub(p) {
        8 => 0,
        10 => num(p + 8, 2)?,
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 60 {
        return Err(bad());
    }
    let month = month as u8;
    if day < 1 || day > i64::from(days_in_month(year, month)) {
        return Err(bad());
    }
    Ok(CivilDateTime {
        year,
        month,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second.min(59) as u8,
    }
    .to_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Tag;

    fn time(tag: Tag, s: &str) -> Result<Timestamp, String> {
        parse_time(&AnyRef::new(tag, s.as_bytes()).unwrap())
    }

    #[test]
    fn times_before_1970_and_after_2050() {
        assert_eq!(
            time(Tag::UtcTime, "500101000000Z").unwrap().date_string(),
            "1950-01-01"
        );
        assert_eq!(
            time(Tag::UtcTime, "491231235959Z").unwrap().date_string(),
            "2049-12-31"
        );
        assert_eq!(
            time(Tag::GeneralizedTime, "99991231235959Z")
                .unwrap()
                .date_string(),
            "9999-12-31"
        );
        assert_eq!(
            time(Tag::GeneralizedTime, "19000101000000.5Z")
                .unwrap()
                .date_string(),
            "1900-01-01"
        );
        assert_eq!(
            time(Tag::UtcTime, "2501170930Z").unwrap().rfc3339(),
            "2025-01-17T09:30:00Z"
        );
        assert!(time(Tag::UtcTime, "250230000000Z").is_err());
        assert!(time(Tag::UtcTime, "2501010000+0100").is_err());
        assert!(time(Tag::UtcTime, "").is_err());
    }
}
