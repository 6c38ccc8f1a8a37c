//! Daylight, twilight and darkness at the municipality's coordinates.
//!
//! Feeling unsafe is tied to darkness, and darkness at 60° N swings from
//! 5 to 17 hours a day over the year: a winter month has more events in
//! darkness simply because it has more darkness. So every event with a
//! time is classed, and each period also gets the share of its hours that
//! were dark, to read the one against the other.
//!
//! Definitions (the sun's centre, standard refraction, times from the
//! `sunrise` crate):
//! - **daylight**: the sun is up, from sunrise to sunset (altitude above
//!   −0.833°);
//! - **twilight**: civil twilight, between sunset and the sun 6° below
//!   the horizon (and the same before sunrise);
//! - **darkness**: the sun more than 6° below the horizon.

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;
use sunrise::{Coordinates, DawnType, SolarDay, SolarEvent};

/// How light it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Light {
    Daylight = 0,
    Twilight = 1,
    Dark = 2,
}

impl Light {
    pub const ALL: [Light; 3] = [Light::Daylight, Light::Twilight, Light::Dark];

    pub fn id(self) -> &'static str {
        match self {
            Light::Daylight => "daylight",
            Light::Twilight => "twilight",
            Light::Dark => "dark",
        }
    }
}

/// One local day's events as local minutes after midnight (0–1440).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SunDay {
    pub dawn: u16,
    pub sunrise: u16,
    pub sunset: u16,
    pub dusk: u16,
}

impl SunDay {
    /// The light at local minute `m` of the day.
    pub fn light_at(&self, m: u16) -> Light {
        if self.sunrise <= m && m < self.sunset {
            Light::Daylight
        } else if self.dawn <= m && m < self.dusk {
            Light::Twilight
        } else {
            Light::Dark
        }
    }

    /// Minutes of daylight, twilight and darkness in the day (sum 1440).
    pub fn minutes(&self) -> [u64; 3] {
        let day = u64::from(self.sunset - self.sunrise);
        let lit = u64::from(self.dusk - self.dawn);
        [day, lit - day, 1440 - lit]
    }
}

/// The sun over one place.
#[derive(Debug, Clone, Copy)]
pub struct Sun {
    coord: Option<Coordinates>,
    lat: f64,
    tz: Tz,
}

impl Sun {
    pub fn new(lat: f64, lon: f64, tz: Tz) -> Sun {
        Sun {
            coord: Coordinates::new(lat, lon),
            lat,
            tz,
        }
    }

    /// Dawn, sunrise, sunset and dusk of a local date. A threshold the sun
    /// never crosses that day (white nights, polar day or night) is put at
    /// midnight: at the start and end of the day when the sun stays above
    /// it (summer half of the year on the northern hemisphere), together at
    /// noon when it stays below.
    pub fn day(&self, date: NaiveDate) -> SunDay {
        let Some(coord) = self.coord else {
            return SunDay {
                dawn: 0,
                sunrise: 0,
                sunset: 0,
                dusk: 0,
            };
        };
        let solar = SolarDay::new(coord, date);
        let summer = (4..=9).contains(&date.month()) == (self.lat >= 0.0);
        let pair =
            |up: SolarEvent, down: SolarEvent| match (solar.event_time(up), solar.event_time(down))
            {
                (Some(a), Some(b)) => (self.local_minute(a, date), self.local_minute(b, date)),
                _ if summer => (0, 1440),
                _ => (720, 720),
            };
        let (sunrise, sunset) = pair(SolarEvent::Sunrise, SolarEvent::Sunset);
        let (dawn, dusk) = pair(
            SolarEvent::Dawn(DawnType::Civil),
            SolarEvent::Dusk(DawnType::Civil),
        );
        SunDay {
            dawn: dawn.min(sunrise),
            sunrise,
            sunset,
            dusk: dusk.max(sunset),
        }
    }

    /// Minutes after local midnight of `date`, clamped to the day.
    fn local_minute(&self, t: chrono::DateTime<chrono::Utc>, date: NaiveDate) -> u16 {
        let local = self.tz.from_utc_datetime(&t.naive_utc()).naive_local();
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight");
        let m = (local - midnight).num_seconds() as f64 / 60.0;
        m.round().clamp(0.0, 1440.0) as u16
    }
}

/// Days of one date range with their sun times, for repeated look-ups.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SunTable {
    pub first: Option<NaiveDate>,
    pub days: Vec<SunDay>,
}

impl SunTable {
    pub fn new(sun: &Sun, first: NaiveDate, last: NaiveDate) -> SunTable {
        let days = first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|d| sun.day(d))
            .collect();
        SunTable {
            first: Some(first),
            days,
        }
    }

    pub fn get(&self, d: NaiveDate) -> Option<&SunDay> {
        let i = (d - self.first?).num_days();
        usize::try_from(i).ok().and_then(|i| self.days.get(i))
    }

    /// Minutes of daylight, twilight and darkness from `start` to `end`.
    pub fn minutes(&self, start: NaiveDate, end: NaiveDate) -> [u64; 3] {
        let mut out = [0; 3];
        for d in start.iter_days().take_while(|d| *d <= end) {
            if let Some(s) = self.get(d) {
                for (o, m) in out.iter_mut().zip(s.minutes()) {
                    *o += m;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_at_the_boundaries() {
        let d = SunDay {
            dawn: 400,
            sunrise: 450,
            sunset: 1000,
            dusk: 1050,
        };
        assert_eq!(d.light_at(399), Light::Dark);
        assert_eq!(d.light_at(400), Light::Twilight);
        assert_eq!(d.light_at(450), Light::Daylight);
        assert_eq!(d.light_at(999), Light::Daylight);
        assert_eq!(d.light_at(1000), Light::Twilight);
        assert_eq!(d.light_at(1050), Light::Dark);
        assert_eq!(d.minutes(), [550, 100, 790]);
    }

    #[test]
    fn white_nights_have_no_darkness() {
        // Kiruna at midsummer: the sun never sets.
        let sun = Sun::new(67.855, 20.225, chrono_tz::Europe::Stockholm);
        let d = sun.day(NaiveDate::from_ymd_opt(2024, 6, 21).unwrap());
        assert_eq!(d.minutes(), [1440, 0, 0]);
        // Kiruna at midwinter: no sunrise, but civil twilight at noon.
        let d = sun.day(NaiveDate::from_ymd_opt(2024, 12, 21).unwrap());
        assert_eq!(d.minutes()[0], 0);
        assert!(d.minutes()[1] > 0 && d.minutes()[2] > 1000);
    }
}
