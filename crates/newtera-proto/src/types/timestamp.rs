//! A UTC instant parsed from the formats S3 servers send: RFC 3339 in XML
//! bodies, and the three HTTP-date forms in headers (through `httpdate`).

use std::fmt;

use crate::error::Error;

/// A UTC instant with millisecond precision as S3 reports it.
///
/// Parsed from RFC 3339 (`2009-10-12T17:50:30.000Z`, listing bodies) and
/// HTTP dates (`Last-Modified` headers): IMF-fixdate
/// (`Wed, 09 Nov 2016 16:24:52 GMT`) and, as RFC 9110 §5.6.7 asks of
/// recipients, the obsolete RFC 850 (`Wednesday, 09-Nov-16 16:24:52 GMT`)
/// and asctime (`Wed Nov  9 16:24:52 2016`) forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: i64,
    millis: u16,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

impl Timestamp {
    /// The instant `secs` seconds (and `millis` ms) after the Unix epoch.
    pub fn from_unix(secs: i64, millis: u16) -> Self {
        Self {
            secs,
            millis: millis.min(999),
        }
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.secs
    }

    /// The millisecond part.
    pub fn millis(&self) -> u16 {
        self.millis
    }

    /// Parses any supported format: RFC 3339 when it starts with a digit,
    /// else an HTTP date ([`Timestamp::parse_http_date`]).
    pub fn parse(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        // Every format is short; refuse long input before splitting it.
        if s.len() > 64 {
            return Err(bad(s));
        }
        if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            Self::parse_rfc3339(s)
        } else {
            Self::parse_http_date(s)
        }
    }

    /// Parses an HTTP date in any of its three forms (IMF-fixdate, RFC 850,
    /// asctime), or the looser RFC 1123 some servers write (`UTC` for
    /// `GMT`, a one-digit day).
    pub fn parse_http_date(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        match httpdate::parse_http_date(s) {
            Ok(time) => {
                let since = time
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_err(|_| bad(s))?;
                let secs = i64::try_from(since.as_secs()).map_err(|_| bad(s))?;
                Ok(Self::from_unix(secs, 0))
            }
            Err(_) => Self::parse_rfc1123(s),
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`, or with a `±HH:MM` (or `±HHMM`)
    /// offset instead of `Z`, converted to UTC.
    pub fn parse_rfc3339(s: &str) -> Result<Self, Error> {
        let b = s.as_bytes();
        let at = |i: usize| b.get(i).copied();
        let shaped = b.len() >= 20
            && at(4) == Some(b'-')
            && at(7) == Some(b'-')
            && at(13) == Some(b':')
            && at(16) == Some(b':')
            && matches!(at(10), Some(b'T' | b't' | b' '));
        if !shaped {
            return Err(bad(s));
        }
        let date = (num(b, 0, 4)?, num(b, 5, 2)?, num(b, 8, 2)?);
        let time = (num(b, 11, 2)?, num(b, 14, 2)?, num(b, 17, 2)?);
        // Bytes 0..19 are ASCII now, so byte 19 starts a character.
        let rest = s.get(19..).ok_or_else(|| bad(s))?;
        let (millis, zone) = fraction(rest).ok_or_else(|| bad(s))?;
        let offset = utc_offset(zone).ok_or_else(|| bad(s))?;
        let local = Self::from_parts(date, time, millis).ok_or_else(|| bad(s))?;
        Ok(Self {
            secs: local.secs - offset,
            ..local
        })
    }

    /// Parses `Www, DD Mon YYYY HH:MM:SS GMT`.
    pub fn parse_rfc1123(s: &str) -> Result<Self, Error> {
        let parts: Vec<&str> = s.split_ascii_whitespace().collect();
        let [_, day, month, year, time, "GMT" | "UTC"] = parts.as_slice() else {
            return Err(bad(s));
        };
        let month = MONTHS
            .iter()
            .position(|m| m == month)
            .ok_or_else(|| bad(s))? as u32
            + 1;
        let t = time.as_bytes();
        if t.len() != 8 || t.get(2) != Some(&b':') || t.get(5) != Some(&b':') {
            return Err(bad(s));
        }
        let date = (
            year.parse().map_err(|_| bad(s))?,
            month,
            day.parse().map_err(|_| bad(s))?,
        );
        let time = (num(t, 0, 2)?, num(t, 3, 2)?, num(t, 6, 2)?);
        Self::from_parts(date, time, 0).ok_or_else(|| bad(s))
    }

    fn from_parts(
        (y, mo, d): (u32, u32, u32),
        (h, mi, sec): (u32, u32, u32),
        millis: u16,
    ) -> Option<Self> {
        let valid = (1..=12).contains(&mo)
            && d >= 1
            && d <= days_in_month(y, mo)
            && h < 24
            && mi < 60
            && sec <= 60;
        valid.then(|| {
            let days = days_from_civil(i64::from(y), mo, d);
            Self {
                secs: days * 86_400 + i64::from(h * 3600 + mi * 60 + sec),
                millis,
            }
        })
    }

    /// Formats as an HTTP date (`If-Modified-Since` and friends).
    pub fn to_http_date(&self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        let day = self.secs.div_euclid(86_400).rem_euclid(7) as usize;
        let wd = WEEKDAYS.get(day).unwrap_or(&"Thu");
        let month = MONTHS.get(mo.saturating_sub(1) as usize).unwrap_or(&"Jan");
        format!("{wd}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} GMT")
    }

    fn civil(&self) -> (i64, u32, u32, i64, i64, i64) {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }
}

/// RFC 3339 with milliseconds, as S3 writes it.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.civil();
        write!(
            f,
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
            self.millis
        )
    }
}

impl std::str::FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

/// Seconds east of UTC for `Z` or `±HH:MM` / `±HHMM`.
fn utc_offset(text: &str) -> Option<i64> {
    if matches!(text, "Z" | "z") {
        return Some(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = text.as_bytes().get(1..)?;
    let b: Vec<u8> = match rest {
        [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => vec![*h1, *h2, *m1, *m2],
        _ => return None,
    };
    let (h, m) = (num(&b, 0, 2).ok()?, num(&b, 2, 2).ok()?);
    (h < 24 && m < 60).then(|| sign * i64::from(h * 3600 + m * 60))
}

fn bad(s: &str) -> Error {
    Error::invalid(
        "timestamp",
        format!(
            "unrecognised date `{}`",
            s.chars().take(40).collect::<String>()
        ),
    )
}

/// Reads `len` ASCII digits at `at`.
/// The milliseconds of an optional `.fff…` fraction, and what follows it.
fn fraction(rest: &str) -> Option<(u16, &str)> {
    let Some(frac) = rest.strip_prefix('.') else {
        return Some((0, rest));
    };
    let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    // The digits are ASCII, so the split falls on a character boundary.
    let (digits, zone) = frac.split_at(digits);
    // The first three digits, padded with zeros: `.5` is 500 ms.
    let ms = digits
        .bytes()
        .chain(*b"000")
        .take(3)
        .fold(0u16, |ms, d| ms * 10 + u16::from(d - b'0'));
    Some((ms, zone))
}

fn num(b: &[u8], at: usize, len: usize) -> Result<u32, Error> {
    let digits = b
        .get(at..at + len)
        .ok_or_else(|| Error::invalid("timestamp", "too short"))?;
    digits.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit()
            .then(|| acc * 10 + u32::from(c - b'0'))
            .ok_or_else(|| Error::invalid("timestamp", "not a digit"))
    })
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's civil calendar algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_agree() {
        let a = Timestamp::parse("2009-10-12T17:50:30.000Z").unwrap();
        let b = Timestamp::parse("Mon, 12 Oct 2009 17:50:30 GMT").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.unix_seconds(), 1_255_369_830);
        assert_eq!(a.to_string(), "2009-10-12T17:50:30.000Z");
        assert_eq!(a.to_http_date(), "Mon, 12 Oct 2009 17:50:30 GMT");
    }

    #[test]
    fn fractions_and_leap_days() {
        let t = Timestamp::parse("2024-02-29T00:00:00.5Z").unwrap();
        assert_eq!(t.millis(), 500);
        for (text, ms) in [
            (".05Z", 50),
            (".123Z", 123),
            (".1239999Z", 123),
            (".000Z", 0),
        ] {
            let t = Timestamp::parse(&format!("2024-02-29T00:00:00{text}")).unwrap();
            assert_eq!(t.millis(), ms, "{text}");
        }
        assert!(Timestamp::parse("2023-02-29T00:00:00Z").is_err());
        assert!(Timestamp::parse("2023-13-01T00:00:00Z").is_err());
        assert!(Timestamp::parse("garbage").is_err());
        assert!(Timestamp::parse("").is_err());
    }

    #[test]
    fn xml_dates_with_offsets_are_converted_to_utc() {
        let want = Timestamp::parse("2016-11-09T16:24:52Z").unwrap();
        for form in [
            "2016-11-09T16:24:52.000Z",
            "2016-11-09T16:24:52+00:00",
            "2016-11-09T18:24:52+02:00",
            "2016-11-09T11:24:52-0500",
            "2016-11-09 16:24:52z",
        ] {
            assert_eq!(Timestamp::parse(form).unwrap(), want, "{form:?}");
        }
        for bad in [
            "2016-11-09T16:24:52",
            "2016-11-09T16:24:52+2",
            "2016-11-09T16:24:52+24:00",
            "2016-11-09T16:24:52+02::00",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_http_date_form_reads_the_same_instant() {
        let want = Timestamp::parse("2016-11-09T16:24:52Z").unwrap();
        for form in [
            "Wed, 09 Nov 2016 16:24:52 GMT",
            "Wednesday, 09-Nov-16 16:24:52 GMT",
            "Wed Nov  9 16:24:52 2016",
            "Wed, 9 Nov 2016 16:24:52 UTC",
            " Wed, 09 Nov 2016 16:24:52 GMT ",
        ] {
            assert_eq!(Timestamp::parse(form).unwrap(), want, "{form:?}");
        }
        for bad in [
            "Wednesday, 09-Nov-16 16:24:52",
            "Wed Nov 99 16:24:52 2016",
            "Wed, 31 Feb 2016 16:24:52 GMT",
            "Wed Nov  9 16:24:52",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?}");
        }
    }
}
