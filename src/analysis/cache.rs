//! The analysis of the incident data, kept between the rebuilds of
//! `lagesbild serve`, and on disk between `lagesbild build`s.
//!
//! Why: the reports of every period, their hot spots and patterns cost a
//! large site a few hundred milliseconds, and a coordinator editing a
//! note changes none of what they are made from. They are kept under a key
//! of everything they depend on: the model's data key (set by the reader
//! when it read with a cache: the configuration, the registers, every
//! incident and area file), the operative meetings' dates (they are the
//! operative periods' ends) and the first and last meeting date (calendar
//! periods and the sun table reach them). A model read without a data key
//! is never taken from the cache. What notes add to a report, the indexes
//! of the notes dated in it, is recomputed every time; so is the action
//! register, which notes make.
//!
//! `lagesbild build` keeps the data part in the output folder
//! (`OUT/.lagesbild.analysis`, [`AnalysisCache::stored`]): postcard in a
//! frame naming the program ([`crate::framed`]). There the model's data
//! key is the contents of every input file but the notes (see
//! `source::ReadCache::stored`). A part read back from disk is checked
//! against the model and the configuration before it is used ([`fits`]):
//! whatever the file held, no later step may index out of bounds.

use std::hash::{Hash, Hasher};

use chrono::{Datelike, NaiveDate};

use super::periods::Period;
use super::{Counts, Coverage, PeriodReport, SunTable, meetings_in};
use crate::config::{Cadence, Config};
use crate::model::{AreaId, Model, PlaceId};

/// Everything the analysis makes of the incident data.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct DataPart {
    pub coverage: Option<Coverage>,
    pub public_until: Option<NaiveDate>,
    pub reports: std::collections::BTreeMap<Cadence, Vec<PeriodReport>>,
    pub neighbours: Vec<Vec<AreaId>>,
    pub place_totals: Vec<u64>,
    pub seasonal: Vec<(i32, [Option<u64>; 12])>,
    pub sun: SunTable,
}

/// The data part of the last analysis and the key it was made under.
#[derive(Default)]
pub struct AnalysisCache {
    kept: Option<(u64, DataPart)>,
    key: Option<u64>,
    hit: bool,
    /// For the cache `lagesbild build` keeps on disk
    /// ([`AnalysisCache::stored`]): the program's stamp, and the data part
    /// this build made anew, as bytes.
    stored: Option<(String, Option<Vec<u8>>)>,
}

/// The header of the stored data part (see [`crate::framed`]).
const HEADER: &str = "lagesbild analysis 2";

impl AnalysisCache {
    /// The cache of `lagesbild build`: holding the data part
    /// [`AnalysisCache::to_stored`] gave under `program`, or empty for any
    /// other bytes (none, another program's, damaged). The part is taken
    /// only under the same key, and only when it fits the model and the
    /// configuration ([`fits`]).
    pub fn stored(bytes: &[u8], program: &str) -> AnalysisCache {
        let body = crate::framed::body(bytes, HEADER, program);
        AnalysisCache {
            kept: body.and_then(|b| postcard::from_bytes(b).ok()),
            stored: Some((program.to_string(), None)),
            ..AnalysisCache::default()
        }
    }

    /// The data part this build made anew, as bytes for
    /// [`AnalysisCache::stored`] (none when it was taken, or the model had
    /// no data key).
    pub fn to_stored(&mut self) -> Option<Vec<u8>> {
        self.stored.as_mut()?.1.take()
    }

    /// Whether the last analysis took its data part from this cache.
    pub fn hit(&self) -> bool {
        self.hit
    }

    /// The key of the last analysis's data part: the same key, the same
    /// data part (`None` when the model had no data key).
    pub fn key(&self) -> Option<u64> {
        self.key
    }

    /// The data part for `model` and `config`: the kept one with the
    /// notes' indexes renewed when the key matches, else `make()`'s, kept
    /// (for a stored cache: encoded).
    pub(super) fn data(
        &mut self,
        model: &Model,
        config: &Config,
        make: impl FnOnce() -> DataPart,
    ) -> DataPart {
        let key = key(model);
        self.key = key;
        self.hit = false;
        if self.stored.is_some() {
            // A stored part is used once: taken, not copied, and dropped
            // when it is not taken (before the analysis makes another).
            if let (Some(key), Some((at, kept))) = (key, self.kept.take())
                && key == at
                && fits(&kept, model, config)
            {
                return self.taken(kept, model);
            }
        } else if let (Some(key), Some((at, kept))) = (key, &self.kept)
            && key == *at
        {
            let kept = kept.clone();
            return self.taken(kept, model);
        }
        let data = make();
        match &mut self.stored {
            Some((program, bytes)) => *bytes = key.and_then(|k| encode(k, &data, program)),
            None => self.kept = key.map(|k| (k, data.clone())),
        }
        data
    }

    /// `data`, kept, with the notes' indexes renewed for `model`.
    fn taken(&mut self, mut data: DataPart, model: &Model) -> DataPart {
        for r in data.reports.values_mut().flatten() {
            r.meetings = meetings_in(&r.period, model);
        }
        self.hit = true;
        data
    }
}

/// A date as its day number, for the stored part: the days of every
/// series bucket are most of its dates, and as text they made encoding
/// it slower (medium tier: 3.6 against 2.2 ms).
pub(super) mod day {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        d.num_days_from_ce().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n)
            .ok_or_else(|| serde::de::Error::custom("no such day"))
    }
}

/// `data`, made under `key`, as bytes for [`AnalysisCache::stored`].
fn encode(key: u64, data: &DataPart, program: &str) -> Option<Vec<u8>> {
    let mut out = crate::framed::open(HEADER, program);
    out.extend(postcard::to_stdvec(&(key, data)).ok()?);
    Some(crate::framed::close(out))
}

/// Whether a data part read back from disk fits the model and the
/// configuration: the same coverage, the configuration's cadences with
/// the very periods, windows and comparisons the model makes (so the
/// periods' link names are the ones this build would write), counts per
/// category as long as the categories, every place, organisation and
/// neighbouring area among the model's, no count (and no sum of the
/// place totals or of the årshjul) above the model's events, the årshjul's
/// months those the coverage counts, finite expectations, and the sun
/// table over the days it would span with its times in order. Whatever
/// the file held, taking it must not make a later step index out of
/// bounds, overflow, or write a page anywhere else. It does not make the
/// file trustworthy: whoever can write the output folder can write the
/// outputs (see [`crate::framed`]).
fn fits(data: &DataPart, model: &Model, config: &Config) -> bool {
    let (coverage, public_until) = super::coverage(model);
    // A million rows: summed on both processors.
    let events: u64 = {
        use rayon::prelude::*;
        model.incidents.par_iter().map(|i| u64::from(i.count)).sum()
    };
    let few = |n: &u64| *n <= events;
    let sun_days = super::sun_span(model, coverage).map(|(a, b)| (a, (b - a).num_days() + 1));
    let years: Vec<i32> =
        coverage.map_or_else(Vec::new, |c| (c.start.year()..=c.end.year()).collect());
    // A month of the årshjul counts when its first day is covered.
    let counted = |y: i32, m: usize| {
        let first = NaiveDate::from_ymd_opt(y, m as u32 + 1, 1);
        coverage.is_some_and(|c| first.is_some_and(|f| c.start <= f && f <= c.end))
    };
    let cadences: std::collections::BTreeSet<&Cadence> = config.reports.cadences.iter().collect();
    (data.coverage, data.public_until) == (coverage, public_until)
        && data.reports.keys().eq(cadences)
        && (data.reports.iter()).all(|(c, rs)| {
            let periods = super::cadence_periods(*c, model, coverage);
            rs.len() == periods.len()
                && (rs.iter().enumerate())
                    .all(|(i, r)| report_fits(r, &periods, i, model, coverage, &few))
        })
        && data.neighbours.len() == model.areas.len()
        && (data.neighbours.iter().flatten()).all(|a| usize::from(*a) < model.areas.len())
        && data.place_totals.len() == model.places.len()
        && at_most(data.place_totals.iter(), events)
        && data.seasonal.iter().map(|(y, _)| *y).eq(years)
        && (data.seasonal.iter()).all(|&(y, m)| (0..12).all(|i| m[i].is_some() == counted(y, i)))
        && at_most(
            data.seasonal.iter().flat_map(|(_, m)| m.iter().flatten()),
            events,
        )
        && (data.sun.first, data.sun.days.len() as i64)
            == sun_days.map_or((None, 0), |(a, n)| (Some(a), n))
        && (data.sun.days.iter()).all(|d| {
            d.dawn <= d.sunrise && d.sunrise <= d.sunset && d.sunset <= d.dusk && d.dusk <= 1440
        })
}

/// Whether `counts` sum to at most `most` (so no sum of them overflows).
fn at_most<'a>(mut counts: impl Iterator<Item = &'a u64>, most: u64) -> bool {
    counts
        .try_fold(0u64, |sum, n| sum.checked_add(*n).filter(|s| *s <= most))
        .is_some()
}

/// Whether the `i`th report of a cadence whose periods are `periods` is
/// the one the model makes in all but its counts, and its counts are
/// `few` and as long as what they count.
fn report_fits(
    r: &PeriodReport,
    periods: &[Period],
    i: usize,
    model: &Model,
    coverage: Option<Coverage>,
    few: &dyn Fn(&u64) -> bool,
) -> bool {
    let p = &periods[i];
    let prev = match i {
        0 => super::periods::range_before(p),
        _ => (periods[i - 1].start, periods[i - 1].end),
    };
    let w = super::windows(p, prev, coverage);
    let compared = |x: Option<(NaiveDate, NaiveDate)>| {
        x.filter(|&(a, b)| coverage.is_some_and(|c| c.covers(a, b)))
    };
    let categories = model.categories.len();
    let counts = |c: &Counts| {
        c.by_category.len() == categories && few(&c.total) && c.by_category.iter().all(few)
    };
    let place = |p: PlaceId| (p as usize) < model.places.len();
    let days = (w.current.1 - w.current.0).num_days() as u64 + 1;
    let patterns = &r.patterns;
    r.period == *p
        && r.window == w.current
        && (r.previous_window, r.year_ago_window) == (compared(w.previous), compared(w.year_ago))
        && (r.previous.is_some(), r.year_ago.is_some())
            == (r.previous_window.is_some(), r.year_ago_window.is_some())
        && r.partial == coverage.is_some_and(|c| p.end > c.end)
        && r.covered == coverage.is_some_and(|c| p.end >= c.start)
        && counts(&r.current)
        && r.previous.iter().chain(&r.year_ago).all(counts)
        && r.places.iter().all(|(p, n)| place(*p) && few(n))
        && r.areas.iter().all(|(_, n)| few(n))
        && r.organisations
            .iter()
            .all(|(o, n)| usize::from(*o) < model.organisations.len() && few(n))
        && (r.series.iter()).all(|b| {
            w.current.0 <= b.start && b.start <= b.end && b.end <= w.current.1 && few(&b.count)
        })
        && patterns
            .weekday_hour
            .iter()
            .flatten()
            .chain(&patterns.light)
            .all(few)
        && few(&patterns.untimed)
        && patterns.light_by_category.len() == categories
        && patterns.light_by_category.iter().flatten().all(few)
        && (patterns.light_by_place.iter()).all(|(p, l)| place(*p) && l.iter().all(few))
        && patterns.minutes.iter().all(|m| *m <= days * 1440)
        && (r.hotspots.iter()).all(|h| {
            place(h.place)
                && few(&h.count)
                && h.expected.is_none_or(f64::is_finite)
                && h.p_value.is_none_or(f64::is_finite)
        })
}

/// The key of the data part, or `None` for a model read without one.
fn key(model: &Model) -> Option<u64> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    model.data_key?.hash(&mut h);
    let dates = model.meetings.iter().map(|m| m.date);
    (dates.clone().min(), dates.max()).hash(&mut h);
    for m in model.meetings.iter().filter(|m| m.group == "operative") {
        m.date.hash(&mut h);
    }
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analysis::analyse_with;
    use crate::model::{Category, Incident, Place};

    fn config() -> Config {
        let text = "[site]\ntitle = \"T\"\n[municipality]\nname = \"M\"\nlatitude = 59.0\n\
                    longitude = 13.0\n[[categories]]\nid = \"brand\"\nlabel = \"Brand\"\n";
        let mut d = crate::diagnostics::Diagnostics::default();
        Config::parse(Path::new("lagesbild.toml"), text, &mut d).unwrap()
    }

    /// Two places, one category, rows over two years; read with a data key.
    fn model() -> Model {
        let place = |id: &str| Place {
            id: id.into(),
            name: id.into(),
            area: None,
            latitude: None,
            longitude: None,
            registered: true,
        };
        let row = |y, m, d, place| {
            Incident::new(crate::model::IncidentFields {
                date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                minute: Some(600),
                category: 0,
                place: Some(place),
                organisation: 0,
                count: 2,
                position: None,
                description: None,
                area: None,
            })
            .unwrap()
        };
        Model {
            categories: vec![Category {
                id: "brand".into(),
                label: "Brand".into(),
                colour: "#000".into(),
                public: true,
            }],
            places: vec![place("torget"), place("skolan")],
            organisations: vec!["Polisen".into()],
            incidents: vec![row(2023, 2, 1, 0), row(2023, 9, 9, 1), row(2024, 3, 5, 0)].into(),
            data_key: Some(7),
            ..Model::default()
        }
    }

    /// What a stored cache holding `bytes` gives `model`: whether the data
    /// part was taken, and the analysis.
    fn analysed(bytes: &[u8], program: &str, model: &Model) -> (bool, String) {
        let mut cache = AnalysisCache::stored(bytes, program);
        let analysis = analyse_with(&config(), model, Some(&mut cache));
        (cache.hit(), format!("{analysis:?}"))
    }

    #[test]
    fn a_stored_part_is_taken_under_its_key_and_program_and_analyses_the_same() {
        let model = model();
        let mut fresh = AnalysisCache::stored(&[], "p");
        let made = format!("{:?}", analyse_with(&config(), &model, Some(&mut fresh)));
        assert!(!fresh.hit());
        let bytes = fresh.to_stored().expect("made anew, so stored");
        assert!(fresh.to_stored().is_none(), "given once");
        assert_eq!(analysed(&bytes, "p", &model), (true, made.clone()));
        assert!(made.contains("place_totals: [4, 2]"), "{made}");
        assert!(!analysed(&bytes, "q", &model).0, "another program's");
        let mut other = model.clone();
        other.data_key = Some(8);
        assert!(!analysed(&bytes, "p", &other).0, "another key");
        other.data_key = None;
        let mut none = AnalysisCache::stored(&bytes, "p");
        analyse_with(&config(), &other, Some(&mut none));
        assert!(
            !none.hit() && none.to_stored().is_none(),
            "no data key: nothing kept"
        );
    }

    #[test]
    fn a_stored_part_that_does_not_fit_the_model_is_made_anew() {
        let model = model();
        let mut fresh = AnalysisCache::stored(&[], "p");
        analyse_with(&config(), &model, Some(&mut fresh));
        let bytes = fresh.to_stored().unwrap();
        let body = crate::framed::body(&bytes, HEADER, "p").unwrap();
        let (key, part): (u64, DataPart) = postcard::from_bytes(body).unwrap();
        fn year(d: &mut DataPart) -> &mut PeriodReport {
            d.reports
                .get_mut(&Cadence::Year)
                .unwrap()
                .last_mut()
                .unwrap()
        }
        let spoilers: [fn(&mut DataPart); 21] = [
            |d| d.place_totals.fill(6),
            |d| {
                let m = &mut d.seasonal[0].1;
                m[0] = if m[0].is_some() { None } else { Some(0) };
            },
            |d| year(d).period.slug = "../../x".into(),
            |d| year(d).period.year += 1,
            |d| year(d).period.end = NaiveDate::MAX,
            |d| d.coverage.as_mut().unwrap().end = NaiveDate::MAX,
            |d| d.public_until = None,
            |d| year(d).current.total = u64::MAX,
            |d| year(d).patterns.weekday_hour[0][0] = u64::MAX,
            |d| year(d).patterns.minutes[0] = u64::MAX,
            |d| d.seasonal.clear(),
            |d| d.sun.first = d.sun.first.map(|f| f + chrono::Days::new(1)),
            |d| d.place_totals.truncate(d.place_totals.len() - 1),
            |d| d.neighbours.push(Vec::new()),
            |d| drop(d.reports.remove(&Cadence::Month)),
            |d| year(d).current.by_category.push(1),
            |d| year(d).places.push((2, 1)),
            |d| year(d).organisations.push((1, 1)),
            |d| year(d).patterns.light_by_category.clear(),
            |d| {
                let end = year(d).window.1;
                year(d).window = (end + chrono::Days::new(1), end);
            },
            |d| d.sun.days[0].sunrise = d.sun.days[0].sunset + 1,
        ];
        assert!(
            part.coverage.is_some() && part.public_until.is_some() && !part.seasonal.is_empty()
        );
        assert!(!part.sun.days.is_empty() && part.reports.contains_key(&Cadence::Year));
        assert!(analysed(&encode(key, &part, "p").unwrap(), "p", &model).0);
        for (k, spoil) in spoilers.iter().enumerate() {
            let mut spoiled = part.clone();
            spoil(&mut spoiled);
            let (taken, _) = analysed(&encode(key, &spoiled, "p").unwrap(), "p", &model);
            assert!(!taken, "spoiler {k}");
        }
    }
}
