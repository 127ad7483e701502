//! When to remind the admin to export a backup: the organization lives in one browser only, so
//! a backup is the only copy that survives cleared site data. The rule is here, not in a view,
//! so it is tested natively and stated once.

use std::fmt;

use crate::domain::organization::Organization;
use crate::domain::time::{Timestamp, MILLIS_PER_DAY};

/// Remind when the last backup is older than this many days.
pub const BACKUP_REMINDER_DAYS: i64 = 30;

/// Why a backup is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupReminder {
    /// There are servers and no backup was ever exported from this browser.
    NoneYet,
    /// Servers changed after the last backup (its date).
    BeforeLatestChanges(Timestamp),
    /// The last backup (its date) is more than [`BACKUP_REMINDER_DAYS`] old.
    Old(Timestamp),
}

/// Whether a backup is due: never while there are no servers (nothing worth losing yet); after
/// the first server when none was exported; when servers changed since the last export; when it
/// is over 30 days old.
pub fn backup_reminder(
    org: &Organization,
    last_export: Option<Timestamp>,
    now: Timestamp,
) -> Option<BackupReminder> {
    if org.servers().is_empty() {
        return None;
    }
    let Some(last) = last_export else {
        return Some(BackupReminder::NoneYet);
    };
    if org
        .last_server_change()
        .is_some_and(|changed| changed > last)
    {
        return Some(BackupReminder::BeforeLatestChanges(last));
    }
    (now.0 - last.0 > BACKUP_REMINDER_DAYS * MILLIS_PER_DAY).then_some(BackupReminder::Old(last))
}

impl fmt::Display for BackupReminder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupReminder::NoneYet => f.write_str(
                "No backup of this organization yet: export one so its servers can be restored \
                 if this browser's data is cleared.",
            ),
            BackupReminder::BeforeLatestChanges(last) => write!(
                f,
                "Last backup: {}, before your latest changes to servers.",
                last.date_string()
            ),
            BackupReminder::Old(last) => write!(
                f,
                "Last backup: {}, over {BACKUP_REMINDER_DAYS} days ago.",
                last.date_string()
            ),
        }
    }
}
