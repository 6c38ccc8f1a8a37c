//! When meetings happen: the operative group every second Thursday, the
//! strategic group every second month, the council three times a year and
//! a safety walk each autumn, trimmed or topped up to the tier's exact
//! number of notes. Too many: operative meetings in the summer and
//! Christmas breaks go first, then evenly spread ones. Too few: the area
//! groups of a large municipality meet too.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Kind {
    Operative,
    Strategic,
    Council,
    Walk,
    /// An area group's meeting (index into the site's areas).
    Area(usize),
}

#[derive(Clone, Copy, Debug)]
pub struct Meeting {
    pub date: NaiveDate,
    pub kind: Kind,
}

fn nth(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).expect("valid weekday")
}

fn regular(first: NaiveDate, last: NaiveDate) -> Vec<Meeting> {
    let mut out = Vec::new();
    let mut d = nth(first.year(), 1, Weekday::Thu, 2);
    while d <= last {
        out.push(Meeting {
            date: d,
            kind: Kind::Operative,
        });
        d += Duration::days(14);
    }
    for year in first.year()..=last.year() {
        for month in [2, 4, 6, 8, 10, 12] {
            out.push(Meeting {
                date: nth(year, month, Weekday::Tue, 3),
                kind: Kind::Strategic,
            });
        }
        for month in [3, 6, 10] {
            out.push(Meeting {
                date: nth(year, month, Weekday::Wed, 2),
                kind: Kind::Council,
            });
        }
        out.push(Meeting {
            date: nth(year, 10, Weekday::Tue, 1),
            kind: Kind::Walk,
        });
    }
    out
}

/// `m` indices spread evenly over `0..len` (m ≤ len).
fn spread(len: usize, m: usize) -> Vec<usize> {
    (0..m).map(|j| (j * 2 + 1) * len / (m * 2)).collect()
}

fn in_break(d: NaiveDate) -> bool {
    d.month() == 7 || (d.month() == 12 && d.day() >= 20) || (d.month() == 1 && d.day() <= 6)
}

/// Exactly `notes` meetings between `first` and `last`, sorted by date.
pub fn meetings(first: NaiveDate, last: NaiveDate, notes: usize, areas: usize) -> Vec<Meeting> {
    let mut all = regular(first, last);
    if all.len() > notes {
        let excess = all.len() - notes;
        let operative = |breaks: bool| -> Vec<usize> {
            (0..all.len())
                .filter(|&i| all[i].kind == Kind::Operative && in_break(all[i].date) == breaks)
                .collect()
        };
        let (holiday, others) = (operative(true), operative(false));
        let mut drop: Vec<usize> = if excess <= holiday.len() {
            spread(holiday.len(), excess)
                .into_iter()
                .map(|j| holiday[j])
                .collect()
        } else {
            let rest = excess - holiday.len();
            assert!(
                rest <= others.len(),
                "too few notes for the regular meetings"
            );
            let mut d = holiday.clone();
            d.extend(spread(others.len(), rest).into_iter().map(|j| others[j]));
            d
        };
        drop.sort_unstable();
        for i in drop.into_iter().rev() {
            all.remove(i);
        }
    } else {
        let extra = notes - all.len();
        let span = (last - first).num_days() as usize;
        for i in 0..extra {
            let mut date = first + Duration::days(((i * 2 + 1) * span / (extra * 2)) as i64);
            while date.weekday().num_days_from_monday() >= 5 {
                date = if date + Duration::days(2) <= last {
                    date + Duration::days(1)
                } else {
                    date - Duration::days(1)
                };
            }
            all.push(Meeting {
                date,
                kind: Kind::Area(i % areas),
            });
        }
    }
    all.sort_by_key(|m| (m.date, m.kind));
    all
}
