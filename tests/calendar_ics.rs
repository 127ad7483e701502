//! The renewal reminders file: RFC 5545 structure, folding, escaping and dates.

use mdm_link::domain::calendar::{escape_text, expiry_reminders_ics, MAX_LINE_OCTETS};
use mdm_link::domain::time::Timestamp;

const EXPIRES: Timestamp = Timestamp(1_768_647_741_000); // 2026-01-17T11:02:21Z
const NOW: Timestamp = Timestamp(1_737_111_741_803); // 2025-01-17T11:02:21.803Z

/// Physical lines, checking CRLF everywhere and the 75-octet limit.
fn physical_lines(ics: &str) -> Vec<&str> {
    assert!(ics.ends_with("\r\n"));
    let body = &ics[..ics.len() - 2];
    let lines: Vec<&str> = body.split("\r\n").collect();
    for l in &lines {
        assert!(
            !l.contains('\n') && !l.contains('\r'),
            "bare LF/CR in {l:?}"
        );
        assert!(l.len() <= MAX_LINE_OCTETS, "{} octets: {l:?}", l.len());
    }
    lines
}

/// Content lines after unfolding (RFC 5545 section 3.1).
fn unfold(ics: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in physical_lines(ics) {
        if let Some(cont) = l.strip_prefix(' ') {
            out.last_mut().expect("continuation first").push_str(cont);
        } else {
            out.push(l.to_owned());
        }
    }
    out
}

#[test]
fn structure_dates_and_alarms() {
    let ics = expiry_reminders_ics("Fleet Prod", EXPIRES, NOW, "server-1/token-ab");
    let lines = unfold(&ics);
    assert_eq!(
        &lines[..5],
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//MDM Link//Server token reminders//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ]
    );
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    let count = |p: &str| lines.iter().filter(|l| l.as_str() == p).count();
    assert_eq!(count("BEGIN:VEVENT"), 2);
    assert_eq!(count("END:VEVENT"), 2);
    assert_eq!(count("BEGIN:VALARM"), 2);
    assert_eq!(count("ACTION:DISPLAY"), 2);
    let has = |p: &str| lines.iter().any(|l| l == p);
    // 30 and 7 days before 2026-01-17 (crossing the year end), all-day, one day long.
    assert!(has("DTSTART;VALUE=DATE:20251218"));
    assert!(has("DTEND;VALUE=DATE:20251219"));
    assert!(has("DTSTART;VALUE=DATE:20260110"));
    assert!(has("DTEND;VALUE=DATE:20260111"));
    assert_eq!(count("DTSTAMP:20250117T110221Z"), 2);
    assert!(has("UID:server-1%2Ftoken-ab-30d@mdm-link"));
    assert!(has("UID:server-1%2Ftoken-ab-7d@mdm-link"));
    assert_eq!(count("SUMMARY:Renew MDM server token: Fleet Prod"), 2);
    let desc: Vec<_> = lines
        .iter()
        .filter(|l| l.starts_with("DESCRIPTION:The MDM"))
        .collect();
    assert_eq!(desc.len(), 2);
    assert!(desc[0].contains("expires on 2026-01-17 (in 30 days)"));
    assert!(desc[1].contains("(in 7 days)"));
    assert!(desc[0].contains("download a new server token"));
    // Every BEGIN has its END, properly nested.
    let mut stack = Vec::new();
    for l in &lines {
        if let Some(x) = l.strip_prefix("BEGIN:") {
            stack.push(x.to_owned());
        } else if let Some(x) = l.strip_prefix("END:") {
            assert_eq!(stack.pop().as_deref(), Some(x));
        }
    }
    assert!(stack.is_empty());
    // Same inputs, same file: re-import updates instead of duplicating.
    assert_eq!(
        ics,
        expiry_reminders_ics("Fleet Prod", EXPIRES, NOW, "server-1/token-ab")
    );
}

#[test]
fn leap_year_reminder_dates() {
    // Expiry 2028-03-01: 30 days before crosses Feb 29 2028.
    let expires = Timestamp(1_835_481_600_000); // 2028-03-01T00:00:00Z
    let lines = unfold(&expiry_reminders_ics("S", expires, NOW, "x"));
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20280131".to_owned()));
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20280223".to_owned()));
}

#[test]
fn escaping_table() {
    let cases = [
        ("plain", "plain"),
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("line1\nline2", "line1\\nline2"),
        ("line1\r\nline2", "line1\\nline2"),
        ("cr\ronly", "cr\\nonly"),
        ("bell\u{7}x", "bell x"),
        ("tab\tok", "tab\tok"),
        ("Zürich 🚀", "Zürich 🚀"),
    ];
    for (input, expected) in cases {
        assert_eq!(escape_text(input), expected, "{input:?}");
    }
}

#[test]
fn long_unicode_names_fold_without_splitting_characters() {
    for name in [
        "Ö".repeat(100),
        "🚀".repeat(100),
        "a,".repeat(100),
        format!("{}{}", "x".repeat(47), "€".repeat(60)),
    ] {
        let ics = expiry_reminders_ics(&name, EXPIRES, NOW, &name);
        // physical_lines checks CRLF and <= 75 octets; &str slicing proves char boundaries.
        let lines = unfold(&ics);
        let summary = format!("SUMMARY:Renew MDM server token: {}", escape_text(&name));
        assert_eq!(lines.iter().filter(|l| **l == summary).count(), 2, "{name}");
        assert!(
            physical_lines(&ics).iter().any(|l| l.starts_with(' ')),
            "folded"
        );
    }
}

#[test]
fn hostile_names_cannot_inject_properties() {
    let ics = expiry_reminders_ics("x\r\nEND:VEVENT\r\nBEGIN:VEVENT", EXPIRES, NOW, "\r\n");
    let lines = unfold(&ics);
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
    assert!(lines
        .iter()
        .all(|l| !l.starts_with("UID:") || l.contains("%0D%0A")));
}
