//! Token lifecycle: is the server's current token still good, and how did old ones end?
//!
//! A server token stops working for four reasons: it expires after a year, the server's
//! public key certificate is replaced (the token was encrypted to the old one), or the person
//! who downloaded it changes their password or leaves the organization (Apple ties the token
//! to that account). All of these are facts the app already has; this module turns them into
//! the one status an admin needs to see.
//!
//! **Precedence when several apply: the earliest event wins**, because that is when the token
//! actually stopped working and the date an admin needs to line up with "MDM stopped syncing".
//! Anything that happens later cannot break an already broken token, so reporting it would
//! point at the wrong cause (e.g. "Expired on 2026-01-17" hides that it broke on 2025-03-02
//! when its downloader left). Every one of these statuses asks for the same fix (a new token),
//! so no event needs to outrank another for being "more actionable". On the same instant the
//! more specific cause wins: certificate replaced (the new token must use the new
//! certificate), then left the organization (someone else must download it), then password
//! changed, then expiry.
//!
//! Only events strictly after the token's `issued_at` and not after `now` count: a password
//! changed before the download does not affect it, and a leaving date entered in advance does
//! not break the token until it arrives.
//!
//! Every event of the whole history counts, not only the latest: when a server's certificate
//! is replaced twice, or the downloader's password changes twice, without a new token in
//! between, the token stopped working at the first one. [`stopped_working`] is the one function
//! that decides this; [`token_status`] and [`how_it_ended`] both read it, so the status and the
//! history always tell the same story.

use crate::domain::time::{Timestamp, MILLIS_PER_DAY};
use crate::domain::token::TokenRecord;

/// What the app knows about the person who downloaded a token: their name, every recorded
/// password change, and when they left. The one type the organization hands to the token
/// lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DownloaderFacts<'a> {
    /// Their display name, used in the status text.
    pub name: &'a str,
    /// Every recorded password change, in any order.
    pub password_changes: &'a [Timestamp],
    /// When they left the organization, if they did.
    pub left_at: Option<Timestamp>,
}

/// Everything outside a token record that can end it: the server's certificate replacements
/// and the downloader's facts. Both the status and the history read a token through this one
/// set of facts and [`stopped_working`], so they always name the same event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenEvents<'a> {
    /// Every time the server's certificate was replaced, in any order.
    pub certificate_replacements: &'a [Timestamp],
    /// The person who downloaded the token, if known.
    pub downloader: Option<DownloaderFacts<'a>>,
}

/// The state of a server's current token, as shown to admins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    /// No token has been downloaded for this server.
    NoToken,
    /// Working, and not expiring within the warning window.
    Active {
        /// When it expires.
        expires_at: Timestamp,
        /// Calendar days (UTC) from today until the expiry date.
        days_left: i64,
    },
    /// Working, but expiring within the warning window.
    ExpiresSoon {
        /// When it expires.
        expires_at: Timestamp,
        /// Calendar days (UTC) from today until the expiry date; 0 means today.
        days_left: i64,
    },
    /// Past its expiry.
    Expired {
        /// When it expired.
        expired_at: Timestamp,
    },
    /// The server's certificate was replaced after the token was made.
    CertificateReplaced {
        /// When the certificate was replaced.
        at: Timestamp,
    },
    /// The downloader changed their password after downloading it.
    PasswordChanged {
        /// The downloader's name.
        person: String,
        /// When the password changed.
        at: Timestamp,
    },
    /// The downloader left the organization after downloading it.
    LeftOrganization {
        /// The downloader's name.
        person: String,
        /// When they left.
        at: Timestamp,
    },
}

/// The status of a server's current token (`active`, `None` when none was ever downloaded) at
/// `now`; see the module documentation for precedence. A token counts as expiring soon from
/// `expiring_soon_days` calendar days before its expiry.
pub fn token_status(
    active: Option<&TokenRecord>,
    events: &TokenEvents<'_>,
    now: Timestamp,
    expiring_soon_days: u32,
) -> TokenStatus {
    let Some(record) = active else {
        return TokenStatus::NoToken;
    };
    match stopped_working(record, events, now) {
        Some(Stop {
            cause: Invalidation::CertificateReplaced,
            at,
        }) => TokenStatus::CertificateReplaced { at },
        Some(Stop {
            cause: Invalidation::LeftOrganization { person },
            at,
        }) => TokenStatus::LeftOrganization { person, at },
        Some(Stop {
            cause: Invalidation::PasswordChanged { person },
            at,
        }) => TokenStatus::PasswordChanged { person, at },
        None if now >= record.expires_at => TokenStatus::Expired {
            expired_at: record.expires_at,
        },
        None => {
            let days_left = calendar_days_between(now, record.expires_at);
            let expires_at = record.expires_at;
            if days_left <= i64::from(expiring_soon_days) {
                TokenStatus::ExpiresSoon {
                    expires_at,
                    days_left,
                }
            } else {
                TokenStatus::Active {
                    expires_at,
                    days_left,
                }
            }
        }
    }
}

impl TokenStatus {
    /// One sentence for the admin, starting with the state and giving dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            TokenStatus::NoToken => "No token yet: download one to link this server.".to_owned(),
            TokenStatus::Active {
                expires_at,
                days_left,
            } => {
                format!(
                    "Active, expires on {}{}.",
                    expires_at.date_string(),
                    in_days(*days_left)
                )
            }
            TokenStatus::ExpiresSoon {
                expires_at,
                days_left,
            } => format!(
                "Expires soon: expires on {}{}. Download a new token before then.",
                expires_at.date_string(),
                in_days(*days_left)
            ),
            TokenStatus::Expired { expired_at } => format!(
                "Expired on {}. Download a new token.",
                expired_at.date_string()
            ),
            TokenStatus::CertificateReplaced { at } => format!(
                "Needs a new token: the public key was replaced on {}.",
                at.date_string()
            ),
            TokenStatus::PasswordChanged { person, at } => format!(
                "Needs a new token: {person}, who downloaded it, changed their password on {}.",
                at.date_string()
            ),
            TokenStatus::LeftOrganization { person, at } => format!(
                "Needs a new token: {person}, who downloaded it, left the organization on {}.",
                at.date_string()
            ),
        }
    }

    /// Whether the token works now (active or expiring soon): a server relies on it.
    pub fn is_working(&self) -> bool {
        matches!(
            self,
            TokenStatus::Active { .. } | TokenStatus::ExpiresSoon { .. }
        )
    }

    /// How serious the state is, one word for the colour and icon every view shows beside the
    /// text: `bad` (needs a new token, expired: red), `soon` (expires soon: amber), `ok`
    /// (active: green), `none` (no token yet: grey). One mapping, so the list, the server page
    /// and the banner never disagree.
    pub fn severity(&self) -> &'static str {
        match self {
            TokenStatus::NoToken => "none",
            TokenStatus::Active { .. } => "ok",
            TokenStatus::ExpiresSoon { .. } => "soon",
            _ => "bad",
        }
    }

    /// Whether the admin has to do something (download a first or new token) now or soon.
    pub fn needs_action(&self) -> bool {
        !matches!(self, TokenStatus::Active { .. })
    }

    /// A stable machine-readable name, for CSS classes, filters and tests.
    pub fn code(&self) -> &'static str {
        match self {
            TokenStatus::NoToken => "no_token",
            TokenStatus::Active { .. } => "active",
            TokenStatus::ExpiresSoon { .. } => "expires_soon",
            TokenStatus::Expired { .. } => "expired",
            TokenStatus::CertificateReplaced { .. } => "certificate_replaced",
            TokenStatus::PasswordChanged { .. } => "password_changed",
            TokenStatus::LeftOrganization { .. } => "left_organization",
        }
    }
}

/// " (in N days)", " (in 1 day)" or " (today)".
fn in_days(days: i64) -> String {
    match days {
        0 => " (today)".to_owned(),
        1 => " (in 1 day)".to_owned(),
        n => format!(" (in {n} days)"),
    }
}

/// Whole calendar days (UTC dates) from `from` to `to`, so "in 1 day" means "tomorrow" whatever
/// the hour.
fn calendar_days_between(from: Timestamp, to: Timestamp) -> i64 {
    to.0.div_euclid(MILLIS_PER_DAY) - from.0.div_euclid(MILLIS_PER_DAY)
}

/// Why a token stopped working before its expiry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalidation {
    /// The server's certificate was replaced.
    CertificateReplaced,
    /// The downloader changed their password.
    PasswordChanged {
        /// The downloader's name.
        person: String,
    },
    /// The downloader left the organization.
    LeftOrganization {
        /// The downloader's name.
        person: String,
    },
}

/// How a token's life ended, for the history list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenEnd {
    /// It has not ended yet.
    StillActive {
        /// When it will expire.
        expires_at: Timestamp,
    },
    /// A newer token for the same server took over.
    Replaced {
        /// When the newer token was downloaded.
        at: Timestamp,
    },
    /// It ran out.
    Expired {
        /// When it expired.
        at: Timestamp,
    },
    /// Something broke it before it expired or was replaced.
    Invalidated {
        /// What broke it.
        reason: Invalidation,
        /// When.
        at: Timestamp,
    },
}

/// How `record` ended by `now`: the earliest of replacement by a newer token, invalidation
/// ([`stopped_working`], the same function the status reads) and expiry. On the same instant an
/// invalidation beats replacement, which beats expiry. A token that ended by replacement is not
/// reported as broken by later events, and one that broke before it was replaced shows why it
/// broke.
pub fn how_it_ended(record: &TokenRecord, events: &TokenEvents<'_>, now: Timestamp) -> TokenEnd {
    let stop = stopped_working(record, events, now);
    let replaced = record
        .replaced_at
        .filter(|t| counts(*t, record.issued_at, now));
    let expired = (now >= record.expires_at).then_some(record.expires_at);
    // Ties: invalidation first, then replacement, then expiry (`min_by_key` keeps the first).
    let candidates = [
        stop.map(|s| (s.at, Some(s.cause))),
        replaced.map(|t| (t, None)),
        expired.map(|t| (t, None)),
    ];
    let first = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|(at, cause)| (at, i, cause)))
        .min_by_key(|(at, i, _)| (*at, *i));
    match first {
        None => TokenEnd::StillActive {
            expires_at: record.expires_at,
        },
        Some((at, _, Some(reason))) => TokenEnd::Invalidated { reason, at },
        Some((at, 1, None)) => TokenEnd::Replaced { at },
        Some((at, _, None)) => TokenEnd::Expired { at },
    }
}

impl TokenEnd {
    /// A short phrase for the history list, dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            TokenEnd::StillActive { expires_at } => {
                format!("Active, expires on {}", expires_at.date_string())
            }
            TokenEnd::Replaced { at } => format!("Replaced on {}", at.date_string()),
            TokenEnd::Expired { at } => format!("Expired on {}", at.date_string()),
            TokenEnd::Invalidated { reason, at } => match reason {
                Invalidation::CertificateReplaced => format!(
                    "Stopped working on {}: the public key was replaced",
                    at.date_string()
                ),
                Invalidation::PasswordChanged { person } => format!(
                    "Stopped working on {}: {person} changed their password",
                    at.date_string()
                ),
                Invalidation::LeftOrganization { person } => format!(
                    "Stopped working on {}: {person} left the organization",
                    at.date_string()
                ),
            },
        }
    }
}

/// When and why a token stopped working before its expiry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    /// What broke it.
    pub cause: Invalidation,
    /// When.
    pub at: Timestamp,
}

/// An event affects a token only if it happened after the token was issued and has happened.
fn counts(event: Timestamp, issued_at: Timestamp, now: Timestamp) -> bool {
    event > issued_at && event <= now
}

/// The first event over the token's whole history that broke `record` by `now`, if any: the
/// earliest certificate replacement, leaving, or password change after it was issued and no
/// later than its expiry (replacement by a newer token and expiry itself are not breakage;
/// [`how_it_ended`] adds them). On the same instant the more specific cause wins: certificate
/// replaced, then left, then password changed.
///
/// This is the one place the stopped-working time is decided; the status and the history both
/// read it, so replacing a certificate twice, or changing a password twice, without a new token
/// in between always names the first event in both.
pub fn stopped_working(
    record: &TokenRecord,
    events: &TokenEvents<'_>,
    now: Timestamp,
) -> Option<Stop> {
    // An event after the token expired cannot break it: it had already stopped.
    let until = now.min(record.expires_at);
    let first_after = |times: &mut dyn Iterator<Item = Timestamp>| {
        times.filter(|t| counts(*t, record.issued_at, until)).min()
    };
    let mut candidates: Vec<Stop> = Vec::with_capacity(3);
    if let Some(at) = first_after(&mut events.certificate_replacements.iter().copied()) {
        candidates.push(Stop {
            cause: Invalidation::CertificateReplaced,
            at,
        });
    }
    if let Some(d) = events.downloader {
        if let Some(at) = first_after(&mut d.left_at.into_iter()) {
            candidates.push(Stop {
                cause: Invalidation::LeftOrganization {
                    person: d.name.to_owned(),
                },
                at,
            });
        }
        if let Some(at) = first_after(&mut d.password_changes.iter().copied()) {
            candidates.push(Stop {
                cause: Invalidation::PasswordChanged {
                    person: d.name.to_owned(),
                },
                at,
            });
        }
    }
    // min_by_key keeps the first of equal keys, so the push order above is the tie-break.
    candidates.into_iter().min_by_key(|s| s.at)
}
