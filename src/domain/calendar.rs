//! Calendar reminders for token renewal, as an iCalendar (RFC 5545) file the admin imports.
//!
//! A token that quietly expires stops device enrollment, so the app offers two reminders (30 and
//! 7 days ahead) the admin can put in the calendar they already use. The output sticks to the
//! subset Apple Calendar, Outlook and Google Calendar all import: CRLF lines folded at 75
//! octets, escaped TEXT, all-day `VALUE=DATE` events, and a stable UID per reminder so that
//! importing again updates the events instead of duplicating them.

use crate::domain::time::{civil_from_days, Timestamp, MILLIS_PER_DAY};

/// Days before expiry at which a reminder is placed, earliest first.
pub const REMINDER_DAYS_BEFORE: [i64; 2] = [30, 7];

/// Longest content line in octets, excluding the CRLF (RFC 5545 section 3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// Two all-day reminders, 30 and 7 days before the token for `server_name` expires at
/// `expires_at` (dates in UTC, like every date the app shows).
///
/// `now` becomes the DTSTAMP; `uid_seed` should identify the token (e.g. server id and token
/// id) so the UIDs stay the same when the file is downloaded again. Each event carries a
/// display alarm at 09:00 on its day (`TRIGGER:PT9H` from the all-day start, which is how Apple
/// Calendar writes its own all-day alerts).
pub fn expiry_reminders_ics(
    server_name: &str,
    expires_at: Timestamp,
    now: Timestamp,
    uid_seed: &str,
) -> String {
    let expiry_day = expires_at.0.div_euclid(MILLIS_PER_DAY);
    let name = escape_text(server_name);
    let summary = format!("Renew MDM server token: {name}");
    let uid_base = uid_part(uid_seed);
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//MDM Link//Server token reminders//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    for days_before in REMINDER_DAYS_BEFORE {
        let day = expiry_day - days_before;
        let description = escape_text(&format!(
            "The MDM server token for \"{server_name}\" expires on {} (in {days_before} days). \
             Open MDM Link, download a new server token for this server, and upload it to your \
             MDM server. Devices stop syncing with Apple Business Manager once the old token \
             expires.",
            expires_at.date_string()
        ));
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{uid_base}-{days_before}d@mdm-link"),
            format!("DTSTAMP:{}", ics_utc(now)),
            format!("DTSTART;VALUE=DATE:{}", ics_date(day)),
            format!("DTEND;VALUE=DATE:{}", ics_date(day + 1)),
            format!("SUMMARY:{summary}"),
            format!("DESCRIPTION:{description}"),
            "TRANSP:TRANSPARENT".to_owned(),
            "BEGIN:VALARM".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            format!("DESCRIPTION:{summary}"),
            "TRIGGER:PT9H".to_owned(),
            "END:VALARM".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    out
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 section 3.3.11).
/// Other control characters are not allowed in TEXT and become spaces.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded to at most 75 octets per physical line, never splitting a UTF-8
/// character, each physical line ended by CRLF and continuations starting with one space.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut end = limit;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&rest[..end]);
        out.push_str("\r\n ");
        rest = &rest[end..];
        limit = MAX_LINE_OCTETS - 1; // the leading space counts
    }
}

/// A UID-safe form of the seed: ASCII letters, digits, `-` and `.` kept, everything else
/// percent-encoded, so different seeds never give the same UID and no escaping is needed.
fn uid_part(seed: &str) -> String {
    let mut out = String::with_capacity(seed.len());
    for b in seed.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push_str("token");
    }
    out
}

fn ics_date(days_since_epoch: i64) -> String {
    let (y, m, d) = civil_from_days(days_since_epoch);
    format!("{y:04}{m:02}{d:02}")
}

fn ics_utc(t: Timestamp) -> String {
    let c = t.civil();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}
