//! The activity log, bounded: years of use must neither slow the app nor fill the browser's
//! storage, and no entry may vanish without the admin knowing. Entries beyond
//! [`MAX_ACTIVITY_ENTRIES`], or older than [`MAX_ACTIVITY_AGE_DAYS`], may be archived: the app
//! offers them as a CSV download first, then removes them from storage, counting how many went
//! ([`ActivityArchive`]) so the Activity view can say so.
//!
//! Archiving works in whole chunks of [`ACTIVITY_CHUNK`] entries, oldest first, because storage
//! keeps closed chunks as immutable blobs (see `persistence::layout`): a chunk-aligned archive
//! leaves every other chunk untouched.

use serde::{Deserialize, Serialize};

use super::{OrgError, Organization};
use crate::domain::activity::{ActivityEntry, ActivityKind, Subject};
use crate::domain::permissions::Permission;
use crate::domain::text::count;
use crate::domain::time::{Timestamp, MILLIS_PER_DAY};

/// Entries per stored chunk, and the unit of archiving.
pub const ACTIVITY_CHUNK: usize = 500;

/// Beyond this many entries, the oldest chunks may be archived.
pub const MAX_ACTIVITY_ENTRIES: usize = 5_000;

/// Chunks whose newest entry is older than this may be archived (about two years).
pub const MAX_ACTIVITY_AGE_DAYS: i64 = 730;

/// What was archived away from storage, kept so the Activity view can say it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityArchive {
    /// How many entries were archived, in all.
    pub count: u64,
    /// When the last archive was made.
    pub last_at: Option<Timestamp>,
    /// The time of the newest entry archived.
    pub through: Option<Timestamp>,
}

impl Organization {
    /// What was archived away from the log so far.
    pub fn activity_archive(&self) -> &ActivityArchive {
        &self.activity_archive
    }

    /// How many of the oldest entries may be archived at `now`: whole chunks, oldest first,
    /// while the log is over [`MAX_ACTIVITY_ENTRIES`] or the chunk's newest entry is older
    /// than [`MAX_ACTIVITY_AGE_DAYS`]. The newest chunk always stays.
    pub fn archivable_activity(&self, now: Timestamp) -> usize {
        let cutoff = Timestamp(now.0.saturating_sub(MAX_ACTIVITY_AGE_DAYS * MILLIS_PER_DAY));
        let mut archivable = 0;
        for chunk in self.activity.chunks_exact(ACTIVITY_CHUNK) {
            let remaining = self.activity.len() - archivable;
            let too_many = remaining > MAX_ACTIVITY_ENTRIES;
            let too_old = chunk.last().is_some_and(|e| e.at < cutoff);
            if remaining <= ACTIVITY_CHUNK || !(too_many || too_old) {
                break;
            }
            archivable += ACTIVITY_CHUNK;
        }
        archivable
    }

    /// The entries [`Organization::archivable_activity`] would archive, oldest first (to offer
    /// them as a CSV download before archiving).
    pub fn activity_to_archive(&self, now: Timestamp) -> &[ActivityEntry] {
        &self.activity[..self.archivable_activity(now)]
    }

    /// Archives the oldest `entries` entries, which must be exactly what
    /// [`Organization::archivable_activity`] allows at `now` (the UI offered them as CSV first).
    /// Needs `ChangeSettings`; the archive itself is logged.
    pub fn archive_activity(&mut self, entries: usize, now: Timestamp) -> Result<(), OrgError> {
        let actor = self.require(Permission::ChangeSettings)?;
        let allowed = self.archivable_activity(now);
        if entries == 0 || entries != allowed {
            return Err(OrgError::ArchiveChanged {
                offered: entries,
                allowed,
            });
        }
        let through = self.activity.get(entries - 1).map(|e| e.at);
        self.activity.drain(..entries);
        self.activity_archive.count += entries as u64;
        self.activity_archive.last_at = Some(now);
        self.activity_archive.through = through;
        let detail = format!(
            "{} archived after their CSV download; {} archived in all",
            count(entries, "entry", "entries"),
            count(self.activity_archive.count, "entry", "entries")
        );
        self.log(
            &actor,
            now,
            ActivityKind::ActivityArchived,
            Subject::Settings,
            "Activity".to_string(),
            detail,
        );
        Ok(())
    }

    /// When servers or their defaults last changed (from the log), to remind the admin that
    /// their last backup is older than that.
    pub fn last_server_change(&self) -> Option<Timestamp> {
        self.activity
            .iter()
            .rev()
            .find(|e| matches!(e.subject, Subject::Server | Subject::Default))
            .map(|e| e.at)
    }

    /// How many entries were archived before the first one in memory: the absolute position of
    /// `activity()[0]` in the whole history (storage numbers its chunks by it).
    pub(crate) fn activity_offset(&self) -> u64 {
        self.activity_archive.count
    }

    /// Puts the entries of stored closed chunks before the open ones just loaded.
    pub(crate) fn prepend_activity(&mut self, mut older: Vec<ActivityEntry>) {
        older.append(&mut self.activity);
        self.activity = older;
    }
}
