//! Dates and times as partners write them.
//!
//! A date alone (`2024-03-05`), a date with a local time (`2024-03-05 14:30`)
//! or an instant with an offset (`2024-03-05T14:30:00+01:00`, `…Z`), which is
//! converted to the municipality's local time, so that an incident at 23:30
//! UTC in winter counts on the next local day. Times: `14:30`, `14.30`,
//! `9:48`, `9:48:12`. Impossible values are errors, never guesses.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;

/// A local date and, when known, the local minute of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalStamp {
    pub date: NaiveDate,
    pub minute: Option<u16>,
}

/// Earliest and latest year accepted: a date outside is a typo (2204 for
/// 2024, 0024), and would make the build report across centuries.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Parses a date column, which may also carry a time and an offset.
pub fn parse_date(value: &str, tz: Tz) -> Result<LocalStamp, String> {
    let stamp = parse_any_date(value, tz)?;
    if !YEARS.contains(&stamp.date.year()) {
        return Err(crate::msg!(
            "implausible_year",
            value = crate::diagnostics::echo(value.trim()),
            from = YEARS.start(),
            to = YEARS.end()
        ));
    }
    Ok(stamp)
}

fn parse_any_date(value: &str, tz: Tz) -> Result<LocalStamp, String> {
    let v = value.trim();
    if let Some(date) = ymd_date(v) {
        return Ok(LocalStamp { date, minute: None });
    }
    if let Some(stamp) = ymd_hm(v) {
        return Ok(stamp);
    }
    if let Ok(date) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Ok(LocalStamp { date, minute: None });
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(v)
        .or_else(|_| DateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S %:z"))
    {
        let local = dt.with_timezone(&tz);
        return Ok(stamp(local.naive_local()));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(v, fmt) {
            return Ok(stamp(dt));
        }
    }
    let v = crate::diagnostics::echo(v);
    Err(crate::msg!("bad_date", value = v))
}

/// `YYYY-MM-DD` exactly, read without a format parser: nearly every row
/// of a large file is written so, and parsing it is a hot path.
fn ymd_date(v: &str) -> Option<NaiveDate> {
    let b = v.as_bytes();
    let digits = |r| digits(b, r);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// `YYYY-MM-DD HH:MM`, with `T` for the space or `:SS` after, exactly (a
/// local time, no offset), read without a format parser: a whole source
/// may write its times so (the rescue service's `Tidpunkt`), and the
/// format parsers, tried one after another, cost more than the rest of
/// its row. What it reads, the format parsers read alike
/// (`fast_paths_agree_with_the_format_parser`); anything else is left to
/// them.
fn ymd_hm(v: &str) -> Option<LocalStamp> {
    let b = v.as_bytes();
    let digits = |r| digits(b, r);
    let seconds = match b.len() {
        16 => Some(0),
        19 if b[16] == b':' => digits(17..19),
        _ => None,
    }?;
    if !matches!(b[10], b' ' | b'T') || b[13] != b':' || seconds >= 60 {
        return None;
    }
    let date = ymd_date(v.get(..10)?)?;
    let (h, m) = (digits(11..13)?, digits(14..16)?);
    (h < 24 && m < 60).then(|| LocalStamp {
        date,
        minute: Some((h * 60 + m) as u16),
    })
}

/// The number written in ASCII digits at `r` of `b`, if all are digits.
fn digits(b: &[u8], r: std::ops::Range<usize>) -> Option<u32> {
    b[r].iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `H:MM`, `HH:MM` or the same with `.`, read without a format parser.
fn hm_time(v: &str) -> Option<u16> {
    let (h, m) = v.split_once([':', '.'])?;
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let (h, m) = (number(h, 1..=2)?, number(m, 2..=2)?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn stamp(dt: NaiveDateTime) -> LocalStamp {
    LocalStamp {
        date: dt.date(),
        minute: Some((dt.hour() * 60 + dt.minute()) as u16),
    }
}

/// Parses a time column into the minute of the day; empty is `None`.
pub fn parse_time(value: &str) -> Result<Option<u16>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if let Some(minute) = hm_time(v) {
        return Ok(Some(minute));
    }
    let normalised = v.replace('.', ":");
    for fmt in ["%H:%M", "%H:%M:%S"] {
        if let Ok(t) = NaiveTime::parse_from_str(&normalised, fmt) {
            return Ok(Some((t.hour() * 60 + t.minute()) as u16));
        }
    }
    let v = crate::diagnostics::echo(v);
    Err(crate::msg!("bad_time", value = v))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TZ: Tz = chrono_tz::Europe::Stockholm;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn plain_date() {
        assert_eq!(
            parse_date("2024-02-29", TZ).unwrap(),
            LocalStamp {
                date: d(2024, 2, 29),
                minute: None
            }
        );
    }

    #[test]
    fn utc_late_evening_is_next_local_day() {
        let s = parse_date("2024-03-05T23:30:00Z", TZ).unwrap();
        assert_eq!(
            s,
            LocalStamp {
                date: d(2024, 3, 6),
                minute: Some(30)
            }
        );
    }

    #[test]
    fn offset_is_converted_in_summer_time() {
        let s = parse_date("2024-07-01T22:15:00+00:00", TZ).unwrap();
        assert_eq!(
            s,
            LocalStamp {
                date: d(2024, 7, 2),
                minute: Some(15)
            }
        );
        let s = parse_date("2026-08-22 9:48:12 +02:00", TZ).unwrap();
        assert_eq!(
            s,
            LocalStamp {
                date: d(2026, 8, 22),
                minute: Some(9 * 60 + 48)
            }
        );
    }

    #[test]
    fn local_date_time() {
        assert_eq!(
            parse_date("2024-03-05 14:30", TZ).unwrap().minute,
            Some(14 * 60 + 30)
        );
    }

    #[test]
    fn impossible_values_are_errors() {
        assert!(parse_date("2023-02-30", TZ).is_err());
        assert!(parse_date("2023-13-01", TZ).is_err());
        assert!(parse_time("25:00").is_err());
        assert!(parse_date("2204-04-01", TZ).is_err());
        assert!(parse_date("0024-04-01", TZ).is_err());
        assert!(parse_time("12:60").is_err());
    }

    #[test]
    fn time_forms() {
        assert_eq!(parse_time("14.30").unwrap(), Some(870));
        assert_eq!(parse_time("9:48").unwrap(), Some(588));
        assert_eq!(parse_time("9:48:12").unwrap(), Some(588));
        assert_eq!(parse_time(" ").unwrap(), None);
    }

    #[test]
    fn fast_paths_agree_with_the_format_parser() {
        for v in [
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-1-05",
            "0999-01-01",
            "2024-02-3x",
        ] {
            let slow = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
            let fast = ymd_date(v);
            assert!(fast.is_none() || fast == slow, "{v}");
            if v.len() == 10 && !v.contains('x') {
                assert_eq!(fast, slow, "{v}");
            }
        }
        // Date and time: the fast path against the format parsers'
        // chain, which it stands in front of.
        let slow = |v: &str| {
            [
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok())
            .map(stamp)
        };
        for v in [
            "2024-03-05 14:30",
            "2024-03-05T14:30",
            "2024-03-05 14:30:59",
            "2024-03-05T00:00:00",
            "2024-02-29 23:59",
            "2023-02-29 12:00",
            "2024-03-05 24:00",
            "2024-03-05 12:60",
            "2024-03-05 12:30:60",
            "2024-03-05 12:30:6x",
            "2024-03-05x12:30",
            "2024-03-05 12.30",
            "2024-03-05 1:30",
            "2024-03-05 12:30+01",
            "2024-3-05 12:30:00",
            "2024-03-05 ab:cd",
            "",
            "2024",
        ] {
            let fast = ymd_hm(v);
            assert!(fast.is_none() || fast == slow(v), "{v}");
        }
        for v in [
            "2024-03-05 14:30",
            "2024-03-05T14:30",
            "2024-03-05 14:30:59",
        ] {
            assert!(ymd_hm(v).is_some() && ymd_hm(v) == slow(v), "{v}");
        }
        for v in [
            "0:00", "9:48", "14.30", "23:59", "24:00", "12:60", "1:5", "123:00", "ab:cd",
        ] {
            let slow = NaiveTime::parse_from_str(&v.replace('.', ":"), "%H:%M")
                .ok()
                .map(|t| (t.hour() * 60 + t.minute()) as u16);
            let fast = hm_time(v);
            // The fast path may pass ("1:5" is left to the format parser),
            // never disagree.
            assert!(fast.is_none() || fast == slow, "{v}");
            if ["0:00", "9:48", "14.30", "23:59"].contains(&v) {
                assert!(fast.is_some() && fast == slow, "{v}");
            }
        }
    }
}
