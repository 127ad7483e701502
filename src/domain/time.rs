//! Instants in UTC, passed into the core from the edge, and the calendar arithmetic on them.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC. The browser's `Date.now()` gives exactly this, and
/// the token format needs millisecond precision (its access token ends in the issue time in ms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// Milliseconds in one day.
pub const MILLIS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    /// The instant `secs` seconds after the Unix epoch.
    pub fn from_unix_seconds(secs: i64) -> Self {
        Timestamp(secs.saturating_mul(1000))
    }

    /// Whole seconds since the Unix epoch (rounded towards negative infinity).
    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// Whole days from `self` until `later`, rounded down; negative when `later` is earlier.
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(MILLIS_PER_DAY)
    }

    /// The civil UTC date and time of this instant.
    pub fn civil(self) -> CivilDateTime {
        let secs = self.unix_seconds();
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        CivilDateTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: ((rem % 3600) / 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// `YYYY-MM-DD` in UTC: how dates are shown to admins (unambiguous in every locale).
    pub fn date_string(self) -> String {
        let c = self.civil();
        format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
    }

    /// RFC 3339 in UTC with seconds and `Z`, e.g. `2026-01-17T09:30:00Z`.
    pub fn rfc3339(self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }
}

/// A UTC calendar date and time of day (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CivilDateTime {
    /// Year, e.g. 2026.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 59.
    pub second: u8,
}

impl CivilDateTime {
    /// The instant this civil time names, in UTC.
    pub fn to_timestamp(self) -> Timestamp {
        let days = days_from_civil(self.year, self.month, self.day);
        let secs = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        Timestamp::from_unix_seconds(secs)
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm, exact for all i64 years
/// we can meet).
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_across_leap_days_and_year_ends() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 2, 29), (2025, 12, 31), (2100, 3, 1)] {
            let days = days_from_civil(y, m, d);
            assert_eq!(civil_from_days(days), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(Timestamp(1_737_072_000_000).rfc3339(), "2025-01-17T00:00:00Z");
    }

    #[test]
    fn days_until_rounds_down() {
        let a = Timestamp(0);
        assert_eq!(a.days_until(Timestamp(MILLIS_PER_DAY - 1)), 0);
        assert_eq!(a.days_until(Timestamp(MILLIS_PER_DAY)), 1);
        assert_eq!(a.days_until(Timestamp(-1)), -1);
    }
}
