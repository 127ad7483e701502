//! Token status, history and the one-year expiry arithmetic, table-driven.

use mdm_link::domain::ids::UserId;
use mdm_link::domain::time::{CivilDateTime, Timestamp, MILLIS_PER_DAY};
use mdm_link::domain::token::{
    how_it_ended, one_year_after, stopped_working, token_status, DownloaderFacts, Invalidation,
    TokenEnd, TokenEvents, TokenRecord, TokenStatus,
};

fn at(y: i64, mo: u8, d: u8, h: u8, mi: u8, s: u8) -> Timestamp {
    CivilDateTime {
        year: y,
        month: mo,
        day: d,
        hour: h,
        minute: mi,
        second: s,
    }
    .to_timestamp()
}
fn day(y: i64, mo: u8, d: u8) -> Timestamp {
    at(y, mo, d, 12, 0, 0)
}

#[test]
fn one_year_after_follows_the_calendar() {
    let cases = [
        // Leap day: Feb 28 of the next year (never more than a year), see one_year_after docs.
        (
            "2024-02-29T00:00:00Z",
            at(2024, 2, 29, 0, 0, 0),
            "2025-02-28T00:00:00Z",
        ),
        (
            "2024-02-29T23:59:59Z",
            at(2024, 2, 29, 23, 59, 59),
            "2025-02-28T23:59:59Z",
        ),
        (
            "2023-02-28",
            at(2023, 2, 28, 8, 0, 0),
            "2024-02-28T08:00:00Z",
        ),
        (
            "2023-03-01",
            at(2023, 3, 1, 8, 0, 0),
            "2024-03-01T08:00:00Z",
        ),
        (
            "2025-12-31T23:59:59Z",
            at(2025, 12, 31, 23, 59, 59),
            "2026-12-31T23:59:59Z",
        ),
        (
            "2025-01-01T00:00:00Z",
            at(2025, 1, 1, 0, 0, 0),
            "2026-01-01T00:00:00Z",
        ),
        (
            "2099-02-28",
            at(2099, 2, 28, 1, 2, 3),
            "2100-02-28T01:02:03Z",
        ),
        (
            "2096-02-29 to non-leap 2097",
            at(2096, 2, 29, 1, 2, 3),
            "2097-02-28T01:02:03Z",
        ),
        (
            "2099-12-31",
            at(2099, 12, 31, 0, 0, 0),
            "2100-12-31T00:00:00Z",
        ),
    ];
    for (label, issued, expected) in cases {
        assert_eq!(one_year_after(issued).rfc3339(), expected, "{label}");
    }
    // Milliseconds are dropped, as in Apple's token (.803 -> whole second).
    let apple = one_year_after(Timestamp(1_737_111_741_803));
    assert_eq!(apple, Timestamp(1_768_647_741_000));
    assert_eq!(apple.rfc3339(), "2026-01-17T11:02:21Z");
    // Never panics at the extremes.
    for t in [i64::MIN, -1, 0, i64::MAX] {
        let _ = one_year_after(Timestamp(t));
    }
}

fn record(issued: Timestamp) -> TokenRecord {
    TokenRecord {
        id: "00112233aabbccdd".into(),
        issued_at: issued,
        expires_at: one_year_after(issued),
        downloaded_by: UserId(3),
        certificate_sha256: "0".repeat(64),
        consumer_key_sha256: "1".repeat(64),
        replaced_at: None,
    }
}

const ADA: &str = "Ada Admin";

/// The events of one table row: certificate replacements, password changes, leaving.
struct Events {
    replacements: Vec<Timestamp>,
    passwords: Vec<Timestamp>,
    left: Option<Timestamp>,
    /// Whether a downloader is known at all.
    known: bool,
}

impl Events {
    fn none() -> Events {
        Events {
            replacements: Vec::new(),
            passwords: Vec::new(),
            left: None,
            known: false,
        }
    }
    fn certs(times: &[Option<Timestamp>]) -> Events {
        Events {
            replacements: times.iter().flatten().copied().collect(),
            ..Events::none()
        }
    }
    fn person(passwords: &[Option<Timestamp>], left: Option<Timestamp>) -> Events {
        Events {
            passwords: passwords.iter().flatten().copied().collect(),
            left,
            known: true,
            ..Events::none()
        }
    }
    fn and_certs(mut self, times: &[Option<Timestamp>]) -> Events {
        self.replacements = times.iter().flatten().copied().collect();
        self
    }
    fn view(&self) -> TokenEvents<'_> {
        TokenEvents {
            certificate_replacements: &self.replacements,
            downloader: self.known.then(|| DownloaderFacts {
                name: ADA,
                password_changes: &self.passwords,
                left_at: self.left,
            }),
        }
    }
}

/// What the history says about the same token, for the agreement check.
fn history_agrees(status: &TokenStatus, end: &TokenEnd) -> bool {
    match (status, end) {
        (TokenStatus::Active { expires_at, .. }, TokenEnd::StillActive { expires_at: e })
        | (TokenStatus::ExpiresSoon { expires_at, .. }, TokenEnd::StillActive { expires_at: e }) => {
            expires_at == e
        }
        (TokenStatus::Expired { expired_at }, TokenEnd::Expired { at }) => expired_at == at,
        (
            TokenStatus::CertificateReplaced { at },
            TokenEnd::Invalidated {
                reason: Invalidation::CertificateReplaced,
                at: a,
            },
        ) => at == a,
        (
            TokenStatus::PasswordChanged { person, at },
            TokenEnd::Invalidated {
                reason: Invalidation::PasswordChanged { person: p },
                at: a,
            },
        )
        | (
            TokenStatus::LeftOrganization { person, at },
            TokenEnd::Invalidated {
                reason: Invalidation::LeftOrganization { person: p },
                at: a,
            },
        ) => person == p && at == a,
        _ => false,
    }
}

/// The status of every row, and the history's account of the same active token, which must tell
/// the same story: same event, same date (the stopped-working time comes from one function).
#[test]
fn status_table() {
    let issued = at(2025, 1, 17, 11, 2, 21);
    let rec = record(issued); // expires 2026-01-17T11:02:21Z
    let before = Some(day(2025, 1, 1));
    let march = Some(day(2025, 3, 2));
    let april = Some(day(2025, 4, 4));
    let may = Some(day(2025, 5, 5));
    let july = Some(day(2025, 7, 7));
    let after_expiry = Some(day(2026, 2, 1));
    let now_mid = day(2025, 8, 1);
    let now_soon = day(2025, 12, 28);
    let now_late = day(2026, 3, 1);
    let rows: Vec<(&str, Events, Timestamp, &str, &str)> = vec![
        // label, events, now, code, text prefix
        (
            "active",
            Events::none(),
            now_mid,
            "active",
            "Active, expires on 2026-01-17 (in 169 days)",
        ),
        (
            "active, events before issue ignored",
            Events::person(&[before], None).and_certs(&[before]),
            now_mid,
            "active",
            "Active, expires on 2026-01-17",
        ),
        (
            "future leaving date ignored",
            Events::person(&[], Some(day(2025, 9, 1))),
            now_mid,
            "active",
            "Active, expires on 2026-01-17",
        ),
        (
            "expires soon",
            Events::none(),
            now_soon,
            "expires_soon",
            "Expires soon: expires on 2026-01-17 (in 20 days)",
        ),
        (
            "expires soon, last day",
            Events::none(),
            at(2026, 1, 17, 0, 0, 0),
            "expires_soon",
            "Expires soon: expires on 2026-01-17 (today)",
        ),
        (
            "expires soon, tomorrow",
            Events::none(),
            at(2026, 1, 16, 23, 0, 0),
            "expires_soon",
            "Expires soon: expires on 2026-01-17 (in 1 day)",
        ),
        (
            "expired at the instant",
            Events::none(),
            rec.expires_at,
            "expired",
            "Expired on 2026-01-17",
        ),
        (
            "expired",
            Events::none(),
            now_late,
            "expired",
            "Expired on 2026-01-17",
        ),
        (
            "certificate replaced",
            Events::certs(&[march]),
            now_mid,
            "certificate_replaced",
            "Needs a new token: the public key was replaced on 2025-03-02",
        ),
        (
            "password changed",
            Events::person(&[march], None),
            now_mid,
            "password_changed",
            "Needs a new token: Ada Admin, who downloaded it, changed their password on 2025-03-02",
        ),
        (
            "left organization",
            Events::person(&[], march),
            now_mid,
            "left_organization",
            "Needs a new token: Ada Admin, who downloaded it, left the organization on 2025-03-02",
        ),
        // Several of one kind without a new token in between: the first one after issue.
        (
            "certificate replaced twice",
            Events::certs(&[march, may]),
            now_mid,
            "certificate_replaced",
            "Needs a new token: the public key was replaced on 2025-03-02",
        ),
        (
            "certificate replaced three times, listed out of order",
            Events::certs(&[july, before, may, march]),
            now_mid,
            "certificate_replaced",
            "Needs a new token: the public key was replaced on 2025-03-02",
        ),
        (
            "password changed twice",
            Events::person(&[march, may], None),
            now_mid,
            "password_changed",
            "Needs a new token: Ada Admin, who downloaded it, changed their password on 2025-03-02",
        ),
        (
            "password changed three times, one before the token",
            Events::person(&[before, may, july], None),
            now_mid,
            "password_changed",
            "Needs a new token: Ada Admin, who downloaded it, changed their password on 2025-05-05",
        ),
        // Mixes: the earliest event wins.
        (
            "password first, then two certificates",
            Events::person(&[march], None).and_certs(&[may, july]),
            now_mid,
            "password_changed",
            "Needs a new token: Ada Admin, who downloaded it, changed their password on 2025-03-02",
        ),
        (
            "certificate first, then two passwords",
            Events::person(&[april, may], None).and_certs(&[march, july]),
            now_mid,
            "certificate_replaced",
            "Needs a new token: the public key was replaced on 2025-03-02",
        ),
        (
            "cert first, then leaving",
            Events::person(&[], july).and_certs(&[march]),
            now_mid,
            "certificate_replaced",
            "Needs a new token: the public key was replaced on 2025-03-02",
        ),
        (
            "left first, then password",
            Events::person(&[july], may),
            now_mid,
            "left_organization",
            "Needs a new token: Ada Admin, who downloaded it, left the organization on 2025-05-05",
        ),
        (
            "second password before the first certificate",
            Events::person(&[before, april], None)
                .and_certs(&[may, march.map(|t| Timestamp(t.0 + MILLIS_PER_DAY * 60))]),
            now_mid,
            "password_changed",
            "Needs a new token: Ada Admin, who downloaded it, changed their password on 2025-04-04",
        ),
        (
            "invalidated, then expired",
            Events::person(&[], march),
            now_late,
            "left_organization",
            "Needs a new token: Ada Admin, who downloaded it, left the organization on 2025-03-02",
        ),
        (
            "expired, then cert replaced and password changed",
            Events::person(&[after_expiry], None).and_certs(&[after_expiry]),
            now_late,
            "expired",
            "Expired on 2026-01-17",
        ),
        // Same instant: cert > left > password.
        (
            "tie cert/left/password",
            Events::person(&[march], march).and_certs(&[march]),
            now_mid,
            "certificate_replaced",
            "Needs a new token: the public key was replaced",
        ),
        (
            "tie left/password",
            Events::person(&[march], march),
            now_mid,
            "left_organization",
            "Needs a new token: Ada Admin, who downloaded it, left",
        ),
        (
            "tie cert/expiry",
            Events::certs(&[Some(rec.expires_at)]),
            now_late,
            "certificate_replaced",
            "Needs a new token: the public key was replaced on 2026-01-17",
        ),
        (
            "event at the issue instant ignored",
            Events::certs(&[Some(issued)]),
            now_mid,
            "active",
            "Active",
        ),
    ];
    for (label, events, now, code, text) in rows {
        let status = token_status(Some(&rec), &events.view(), now, 30);
        assert_eq!(status.code(), code, "{label}: {status:?}");
        assert!(
            status.text().starts_with(text),
            "{label}: {:?}",
            status.text()
        );
        assert_eq!(status.needs_action(), code != "active", "{label}");
        // One severity per state, for the colour and icon of every view.
        let severity = match code {
            "no_token" => "none",
            "active" => "ok",
            "expires_soon" => "soon",
            _ => "bad",
        };
        assert_eq!(status.severity(), severity, "{label}");
        assert!(status.text().ends_with('.'), "{label}: a whole sentence");
        let end = how_it_ended(&rec, &events.view(), now);
        assert!(
            history_agrees(&status, &end),
            "{label}: status {status:?} but history {end:?}"
        );
        let stop = stopped_working(&rec, &events.view(), now);
        assert_eq!(
            stop.map(|s| s.at),
            match &end {
                TokenEnd::Invalidated { at, .. } => Some(*at),
                _ => None,
            },
            "{label}"
        );
    }
}

#[test]
fn no_token_and_window_edges() {
    let replaced = Events::certs(&[Some(day(2025, 1, 1))]);
    let s = token_status(None, &replaced.view(), day(2025, 1, 2), 30);
    assert_eq!(s, TokenStatus::NoToken);
    assert!(s.text().starts_with("No token yet"));
    assert!(s.needs_action());
    let rec = record(at(2025, 1, 17, 11, 2, 21));
    for (now, window, code, days) in [
        (day(2025, 12, 18), 30, "expires_soon", 30),
        (day(2025, 12, 17), 30, "active", 31),
        (day(2026, 1, 10), 0, "active", 7),
        (at(2026, 1, 17, 11, 2, 20), 0, "expires_soon", 0),
    ] {
        let s = token_status(Some(&rec), &Events::none().view(), now, window);
        assert_eq!(s.code(), code, "{now:?}");
        match s {
            TokenStatus::Active { days_left, .. } | TokenStatus::ExpiresSoon { days_left, .. } => {
                assert_eq!(days_left, days)
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn history_table() {
    let issued = at(2024, 2, 29, 9, 0, 0);
    let mut rec = record(issued); // expires 2025-02-28T09:00:00Z
    let ada = |p: Option<Timestamp>, l| Events::person(&[p], l);
    let replacements = [
        Some(day(2023, 5, 1)),
        Some(day(2024, 9, 9)),
        Some(day(2024, 6, 6)),
    ];
    let now = day(2025, 6, 1);
    // label, replaced by a newer token at, certificate replacements, downloader, now, end, text
    type Row<'a> = (
        &'a str,
        Option<Timestamp>,
        Events,
        Timestamp,
        TokenEnd,
        &'a str,
    );
    let rows: Vec<Row> = vec![
        (
            "still active",
            None,
            Events::none(),
            day(2024, 6, 1),
            TokenEnd::StillActive {
                expires_at: rec.expires_at,
            },
            "Active, expires on 2025-02-28",
        ),
        (
            "expired",
            None,
            Events::none(),
            now,
            TokenEnd::Expired { at: rec.expires_at },
            "Expired on 2025-02-28",
        ),
        (
            "replaced by a newer token",
            Some(day(2024, 8, 1)),
            ada(Some(day(2024, 9, 1)), None),
            now,
            TokenEnd::Replaced {
                at: day(2024, 8, 1),
            },
            "Replaced on 2024-08-01",
        ),
        (
            "broke before it was replaced",
            Some(day(2024, 8, 1)),
            ada(Some(day(2024, 7, 1)), None),
            now,
            TokenEnd::Invalidated {
                reason: Invalidation::PasswordChanged {
                    person: "Ada Admin".into(),
                },
                at: day(2024, 7, 1),
            },
            "Stopped working on 2024-07-01: Ada Admin changed their password",
        ),
        (
            "first certificate replacement after issue",
            None,
            Events::certs(&replacements),
            now,
            TokenEnd::Invalidated {
                reason: Invalidation::CertificateReplaced,
                at: day(2024, 6, 6),
            },
            "Stopped working on 2024-06-06: the public key was replaced",
        ),
        (
            "left",
            None,
            ada(None, Some(day(2024, 4, 4))),
            now,
            TokenEnd::Invalidated {
                reason: Invalidation::LeftOrganization {
                    person: "Ada Admin".into(),
                },
                at: day(2024, 4, 4),
            },
            "Stopped working on 2024-04-04: Ada Admin left the organization",
        ),
        (
            "tie: invalidation beats replacement",
            Some(day(2024, 4, 4)),
            ada(None, Some(day(2024, 4, 4))),
            now,
            TokenEnd::Invalidated {
                reason: Invalidation::LeftOrganization {
                    person: "Ada Admin".into(),
                },
                at: day(2024, 4, 4),
            },
            "Stopped working on 2024-04-04: Ada Admin left the organization",
        ),
    ];
    for (label, replaced_at, events, now, expected, text) in rows {
        rec.replaced_at = replaced_at;
        let end = how_it_ended(&rec, &events.view(), now);
        assert_eq!(end, expected, "{label}");
        assert_eq!(end.text(), text, "{label}");
    }
}

#[test]
fn calendar_days_not_24h_periods() {
    // 23:00 the day before expiry day is "1 day", regardless of the hours left.
    let rec = record(at(2025, 1, 17, 0, 30, 0));
    let now = Timestamp(rec.expires_at.0 - MILLIS_PER_DAY / 24);
    let s = token_status(Some(&rec), &Events::none().view(), now, 30);
    assert_eq!(
        s.text(),
        "Expires soon: expires on 2026-01-17 (in 1 day). Download a new token before then."
    );
}
