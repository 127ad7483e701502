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

use crate::domain::time::{Timestamp, MILLIS_PER_DAY};
use crate::domain::token::TokenRecord;

/// What the app knows about the person who downloaded a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloaderFacts {
    /// Their display name, used in the status text.
    pub name: String,
    /// When they last changed their password, if known.
    pub password_changed_at: Option<Timestamp>,
    /// When they left the organization, if they did.
    pub left_at: Option<Timestamp>,
}

/// Everything [`token_status`] looks at for one server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFacts<'a> {
    /// The server's current token, if one was ever downloaded.
    pub active: Option<&'a TokenRecord>,
    /// When the server's public key certificate was last replaced.
    pub certificate_replaced_at: Option<Timestamp>,
    /// The person who downloaded `active`, if known.
    pub downloader: Option<DownloaderFacts>,
    /// The current time.
    pub now: Timestamp,
    /// How many days before expiry the status turns into "Expires soon".
    pub expiring_soon_days: u32,
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

/// The status of a server's current token; see the module documentation for precedence.
pub fn token_status(facts: &TokenFacts) -> TokenStatus {
    let Some(record) = facts.active else {
        return TokenStatus::NoToken;
    };
    match first_end(
        record,
        facts.certificate_replaced_at,
        facts.downloader.as_ref(),
        false,
        facts.now,
    ) {
        Some(End::CertificateReplaced(at)) => TokenStatus::CertificateReplaced { at },
        Some(End::Left(person, at)) => TokenStatus::LeftOrganization { person, at },
        Some(End::Password(person, at)) => TokenStatus::PasswordChanged { person, at },
        Some(End::Expired(expired_at)) | Some(End::Replaced(expired_at)) => {
            TokenStatus::Expired { expired_at }
        }
        None => {
            let days_left = calendar_days_between(facts.now, record.expires_at);
            let expires_at = record.expires_at;
            if days_left <= i64::from(facts.expiring_soon_days) {
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
                    "Active, expires on {}{}",
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

/// Facts about a past (or current) token, for the history list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryFacts<'a> {
    /// Every time the server's certificate was replaced (any order); the first one after the
    /// token was issued is the one that broke it.
    pub certificate_replacements: &'a [Timestamp],
    /// The person who downloaded it, if known.
    pub downloader: Option<&'a DownloaderFacts>,
    /// The current time.
    pub now: Timestamp,
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

/// How `record` ended: the earliest of replacement by a newer token, invalidation and expiry
/// (same rules as [`token_status`]; on the same instant an invalidation beats replacement,
/// which beats expiry). A token that ended by replacement is not reported as broken by later
/// events, and one that broke before it was replaced shows why it broke.
pub fn how_it_ended(record: &TokenRecord, facts: &HistoryFacts) -> TokenEnd {
    let replaced_cert = facts
        .certificate_replacements
        .iter()
        .copied()
        .filter(|t| counts(*t, record.issued_at, facts.now))
        .min();
    match first_end(record, replaced_cert, facts.downloader, true, facts.now) {
        None => TokenEnd::StillActive {
            expires_at: record.expires_at,
        },
        Some(End::Replaced(at)) => TokenEnd::Replaced { at },
        Some(End::Expired(at)) => TokenEnd::Expired { at },
        Some(End::CertificateReplaced(at)) => TokenEnd::Invalidated {
            reason: Invalidation::CertificateReplaced,
            at,
        },
        Some(End::Password(person, at)) => TokenEnd::Invalidated {
            reason: Invalidation::PasswordChanged { person },
            at,
        },
        Some(End::Left(person, at)) => TokenEnd::Invalidated {
            reason: Invalidation::LeftOrganization { person },
            at,
        },
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

/// The events that can end a token, in tie-break order (first wins on the same instant).
#[derive(Debug)]
enum End {
    CertificateReplaced(Timestamp),
    Left(String, Timestamp),
    Password(String, Timestamp),
    Replaced(Timestamp),
    Expired(Timestamp),
}

impl End {
    fn at(&self) -> Timestamp {
        match self {
            End::CertificateReplaced(t)
            | End::Left(_, t)
            | End::Password(_, t)
            | End::Replaced(t)
            | End::Expired(t) => *t,
        }
    }
}

/// An event affects a token only if it happened after the token was issued and has happened.
fn counts(event: Timestamp, issued_at: Timestamp, now: Timestamp) -> bool {
    event > issued_at && event <= now
}

/// The earliest event that ended `record` by `now`, if any.
fn first_end(
    record: &TokenRecord,
    certificate_replaced_at: Option<Timestamp>,
    downloader: Option<&DownloaderFacts>,
    include_replacement: bool,
    now: Timestamp,
) -> Option<End> {
    let ok = |t: &Timestamp| counts(*t, record.issued_at, now);
    let mut candidates = Vec::with_capacity(5);
    if let Some(t) = certificate_replaced_at.filter(ok) {
        candidates.push(End::CertificateReplaced(t));
    }
    if let Some(d) = downloader {
        if let Some(t) = d.left_at.filter(ok) {
            candidates.push(End::Left(d.name.clone(), t));
        }
        if let Some(t) = d.password_changed_at.filter(ok) {
            candidates.push(End::Password(d.name.clone(), t));
        }
    }
    if include_replacement {
        if let Some(t) = record.replaced_at.filter(ok) {
            candidates.push(End::Replaced(t));
        }
    }
    if now >= record.expires_at {
        candidates.push(End::Expired(record.expires_at));
    }
    // min_by_key keeps the first of equal keys, so the push order above is the tie-break.
    candidates.into_iter().min_by_key(End::at)
}
