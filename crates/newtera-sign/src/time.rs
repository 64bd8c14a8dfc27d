//! UTC formatting of an injected `SystemTime`; this crate never reads the clock.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// Seconds from 1970-01-01 to 10000-01-01: SigV4 dates have four-digit years.
const MAX_SECS: u64 = 253_402_300_800;

/// Length of an `x-amz-date` value, `YYYYMMDD'T'HHMMSS'Z'`.
pub(crate) const AMZ_DATE_LEN: usize = 16;
/// Length of a date stamp, `YYYYMMDD`.
const DATE_STAMP_LEN: usize = 8;

/// A UTC instant between 1970 and 9999, split into calendar fields once so
/// that every format below is a cheap `format!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningTime {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    millis: u32,
    epoch_secs: u64,
}

impl SigningTime {
    /// Converts a `SystemTime`.
    ///
    /// Errors: [`Error::InvalidTime`] for times before 1970 or after 9999.
    pub fn new(time: SystemTime) -> Result<Self> {
        let since = time
            .duration_since(UNIX_EPOCH)
            .map_err(|_| Error::InvalidTime)?;
        Self::from_duration(since)
    }

    fn from_duration(since: Duration) -> Result<Self> {
        let secs = since.as_secs();
        if secs >= MAX_SECS {
            return Err(Error::InvalidTime);
        }
        // Both casts are lossless: secs < MAX_SECS, so days < 2_932_897.
        let days = (secs / 86_400) as i64;
        let (year, month, day) = civil_from_days(days);
        let rem = (secs % 86_400) as u32;
        Ok(Self {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
            millis: since.subsec_millis(),
            epoch_secs: secs,
        })
    }

    /// Parses an `x-amz-date` value, `YYYYMMDD'T'HHMMSS'Z'` in UTC (AWS
    /// General Reference, "Elements of an AWS API request signature"), e.g.
    /// to replay a logged request or a published test vector.
    ///
    /// Errors: [`Error::InvalidAmzDate`] for any other shape, an impossible
    /// date or time (month 13, 30 February, hour 24, leap second 60), or a
    /// year before 1970.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use newtera_sign::SigningTime;
    /// let t = SigningTime::parse_amz_date("20150830T123600Z")?;
    /// assert_eq!(t.to_system_time(), UNIX_EPOCH + Duration::from_secs(1_440_938_160));
    /// assert_eq!(t.amz_date(), "20150830T123600Z");
    /// assert!(SigningTime::parse_amz_date("2015-08-30T12:36:00Z").is_err());
    /// # Ok::<(), newtera_sign::Error>(())
    /// ```
    pub fn parse_amz_date(value: &str) -> Result<Self> {
        let invalid = || Error::InvalidAmzDate {
            value: value.to_owned(),
        };
        let fields = amz_date_fields(value).ok_or_else(invalid)?;
        let [year, month, day, hour, minute, second] = fields;
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60
            && year >= 1970;
        if !valid {
            return Err(invalid());
        }
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + u64::from(hour * 3600 + minute * 60 + second);
        Self::from_duration(Duration::from_secs(secs)).map_err(|_| invalid())
    }

    /// This instant as a `SystemTime` (milliseconds kept).
    pub fn to_system_time(&self) -> SystemTime {
        UNIX_EPOCH
            + Duration::from_secs(self.epoch_secs)
            + Duration::from_millis(self.millis.into())
    }

    /// `YYYYMMDD'T'HHMMSS'Z'`, the `x-amz-date` format.
    pub fn amz_date(&self) -> String {
        let mut out = String::with_capacity(AMZ_DATE_LEN);
        self.write_amz_date(&mut out);
        out
    }

    /// Appends [`amz_date`](Self::amz_date) to `out`.
    pub(crate) fn write_amz_date(&self, out: &mut String) {
        self.write_date_stamp(out);
        // Writing to a `String` cannot fail.
        let _ = write!(
            out,
            "T{:02}{:02}{:02}Z",
            self.hour, self.minute, self.second
        );
    }

    /// `YYYYMMDD`, the date of the credential scope.
    pub fn date_stamp(&self) -> String {
        let mut out = String::with_capacity(DATE_STAMP_LEN);
        self.write_date_stamp(&mut out);
        out
    }

    /// [`date_stamp`](Self::date_stamp)'s ASCII digits, without allocating.
    pub(crate) fn date_stamp_digits(&self) -> [u8; DATE_STAMP_LEN] {
        let mut digits = [b'0'; DATE_STAMP_LEN];
        let mut rest = self.year * 10_000 + self.month * 100 + self.day;
        for digit in digits.iter_mut().rev() {
            // `rest % 10` is below 10, so the cast is lossless.
            *digit = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        digits
    }

    /// Appends [`date_stamp`](Self::date_stamp) to `out`.
    pub(crate) fn write_date_stamp(&self, out: &mut String) {
        let _ = write!(out, "{:04}{:02}{:02}", self.year, self.month, self.day);
    }

    /// ISO 8601 with milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ`, the format of
    /// a POST policy `expiration`.
    pub fn iso8601_millis(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.millis
        )
    }

    /// Whole seconds since the Unix epoch.
    pub fn epoch_seconds(&self) -> u64 {
        self.epoch_secs
    }
}

/// `[year, month, day, hour, minute, second]` of `YYYYMMDDTHHMMSSZ`,
/// unchecked beyond the shape.
fn amz_date_fields(value: &str) -> Option<[u32; 6]> {
    let b = value.as_bytes();
    let shape = b.len() == 16 && b.get(8) == Some(&b'T') && b.get(15) == Some(&b'Z');
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = value.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if !shape {
        return None;
    }
    Some([
        digits(0..4)?,
        digits(4..6)?,
        digits(6..8)?,
        digits(9..11)?,
        digits(11..13)?,
        digits(13..15)?,
    ])
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a valid date from 1970 on, after Howard
/// Hinnant's `days_from_civil`.
fn days_from_civil(year: u32, month: u32, day: u32) -> u64 {
    let y = u64::from(year) - u64::from(month <= 2);
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = u64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + u64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), after
/// Howard Hinnant's `civil_from_days`; only non-negative inputs reach it.
fn civil_from_days(days: i64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // The range check in `from_duration` keeps every field within u32.
    (year as u32, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, millis: u32) -> SigningTime {
        let t = UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(millis.into());
        SigningTime::new(t).expect("in range")
    }

    #[test]
    fn formats_known_instants() {
        let t = at(1_369_353_600, 0);
        assert_eq!(t.amz_date(), "20130524T000000Z");
        assert_eq!(t.date_stamp(), "20130524");
        let t = at(1_440_938_160, 7);
        assert_eq!(t.amz_date(), "20150830T123600Z");
        assert_eq!(t.iso8601_millis(), "2015-08-30T12:36:00.007Z");
        // A leap day and the last second of a year.
        assert_eq!(at(951_782_400, 0).date_stamp(), "20000229");
        assert_eq!(
            at(1_704_067_199, 999).iso8601_millis(),
            "2023-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn parses_what_it_formats() {
        for secs in [0, 951_782_400, 1_440_938_160, 1_704_067_199, MAX_SECS - 1] {
            let t = at(secs, 0);
            assert_eq!(SigningTime::parse_amz_date(&t.amz_date()), Ok(t));
        }
        for bad in [
            "",
            "20150830T123600",
            "20150830 123600Z",
            "20151330T123600Z",
            "20150230T123600Z",
            "20150830T246000Z",
            "20150830T123660Z",
            "19691231T235959Z",
            "2015083OT123600Z",
            "+0150830T123600Z",
            "２015083T123600Z",
        ] {
            assert!(SigningTime::parse_amz_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_out_of_range() {
        assert_eq!(
            SigningTime::new(UNIX_EPOCH - Duration::from_secs(1)),
            Err(Error::InvalidTime)
        );
        assert_eq!(
            SigningTime::new(UNIX_EPOCH + Duration::from_secs(MAX_SECS)),
            Err(Error::InvalidTime)
        );
        assert_eq!(at(MAX_SECS - 1, 0).amz_date(), "99991231T235959Z");
    }

    #[test]
    fn date_stamp_digits_spell_the_date_stamp() {
        for secs in [0, 951_782_400, 1_369_353_600, MAX_SECS - 1] {
            let t = at(secs, 0);
            let digits = t.date_stamp_digits();
            assert_eq!(std::str::from_utf8(&digits), Ok(t.date_stamp().as_str()));
            assert_eq!(t.amz_date().len(), AMZ_DATE_LEN);
        }
    }
}
