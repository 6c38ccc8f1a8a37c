//! The incident files' part of the model as bytes: what `lagesbild build`
//! keeps on disk for the next build (`OUT/.lagesbild.read`).
//!
//! Why: a build after editing a note reads every incident file again, and
//! on a large site parsing them is most of the build (a million rows:
//! 0.45 s of 1.1 s). Loading what the last build read takes a few tens of
//! milliseconds.
//!
//! The layout is this program's own (the header names the program's
//! stamp, so another program never reads it, and the machine's byte
//! order, `le` or `be`, which the incidents are written in):
//! - the line `lagesbild read 2 le STAMP`;
//! - the key (a little-endian `u64`, as are the two lengths below);
//! - the length of the rest of the part, then that rest in `postcard`
//!   (places, descriptions, organisations, counts, sources, problems);
//! - the number of incidents, zeros up to the next offset in the file
//!   aligned for an incident, then the incidents as they lie in memory
//!   ([`RECORD`] bytes each, see [`Incident`]). The million rows are most
//!   of the file: they are written with no encoding, and read back with
//!   none, where they lie (the file is mapped: see `output::kept`), so
//!   that a build after a note edit does not make the largest thing it
//!   holds at all;
//! - a check of everything before it (see [`crate::framed`]).
//!
//! The areas are not kept: the build reads the areas file every time and
//! makes them again from it and the places. A file that is cut short,
//! has another stamp or whose check fails decodes to nothing, and the
//! build reads the incident files.

use std::ops::Range;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use zerocopy::IntoBytes;

use super::Kept;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::framed::Bytes;
use crate::model::{Incident, Incidents, Model, Place, SourceCoverage};

const HEADER: &str = if cfg!(target_endian = "little") {
    "lagesbild read 2 le"
} else {
    "lagesbild read 2 be"
};

/// Bytes per incident.
const RECORD: usize = size_of::<Incident>();

/// The zeros written after offset `at` of the file so that the incidents
/// start at an offset aligned for them.
fn padding(at: usize) -> usize {
    at.next_multiple_of(align_of::<Incident>()) - at
}

/// An incident part to write, borrowed (from a model just read, so as
/// not to copy it).
pub(in crate::source) struct Part<'a> {
    pub places: &'a [Place],
    pub descriptions: &'a [String],
    pub incidents: &'a [Incident],
    pub organisations: &'a [String],
    pub rows: usize,
    pub files: usize,
    pub sources: &'a [SourceCoverage],
    pub diags: &'a Diagnostics,
}

impl<'a> Part<'a> {
    /// The incident part of `model`, with the problems found reading it.
    pub(in crate::source) fn of(model: &'a Model, diags: &'a Diagnostics) -> Part<'a> {
        Part {
            places: &model.places,
            descriptions: &model.descriptions,
            incidents: &model.incidents,
            organisations: &model.organisations,
            rows: model.rows,
            files: model.files,
            sources: &model.sources,
            diags,
        }
    }
}

/// Everything kept but the incidents and the areas, as written.
#[derive(Serialize)]
struct RestOut<'a> {
    places: &'a [Place],
    descriptions: &'a [String],
    organisations: &'a [String],
    rows: usize,
    files: usize,
    sources: &'a [SourceCoverage],
    diags: &'a Diagnostics,
}

/// The same, as read back.
#[derive(Deserialize)]
struct RestIn {
    places: Vec<Place>,
    descriptions: Vec<String>,
    organisations: Vec<String>,
    rows: usize,
    files: usize,
    sources: Vec<SourceCoverage>,
    diags: Diagnostics,
}

/// `part`, read under `key`, as bytes for [`decode`] under `program`.
pub(super) fn encode(key: u64, part: &Part, program: &str) -> Option<Vec<u8>> {
    let rest = RestOut {
        places: part.places,
        descriptions: part.descriptions,
        organisations: part.organisations,
        rows: part.rows,
        files: part.files,
        sources: part.sources,
        diags: part.diags,
    };
    let rest = postcard::to_stdvec(&rest).ok()?;
    let incidents = part.incidents;
    let mut out = crate::framed::open(HEADER, program);
    out.reserve(32 + RECORD + rest.len() + incidents.len() * RECORD);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(rest.len() as u64).to_le_bytes());
    out.extend_from_slice(&rest);
    out.extend_from_slice(&(incidents.len() as u64).to_le_bytes());
    out.resize(out.len() + padding(out.len()), 0);
    out.extend_from_slice(incidents.as_bytes());
    Some(crate::framed::close(out))
}

/// Where the body of the part [`encode`] wrote under `program` lies in
/// `bytes`, its frame checked; none for any other bytes.
pub(super) fn body_range(bytes: &[u8], program: &str) -> Option<std::ops::Range<usize>> {
    crate::framed::body_range(bytes, HEADER, program)
}

/// The key of a part whose `body` [`body_range`] found.
pub(super) fn key_of(body: &[u8]) -> Option<u64> {
    Reader(body).u64()
}

/// The key and part [`encode`] wrote under `program`; nothing for any
/// other bytes.
#[cfg(test)]
fn decode(bytes: Vec<u8>, program: &str) -> Option<(u64, Kept)> {
    let body = body_range(&bytes, program)?;
    decode_body(bytes.into(), body)
}

/// The key and part of a part whose body [`body_range`] found at `body`
/// in `bytes`. The incidents are taken where they lie in `bytes` (kept
/// for as long as they are), when aligned for them (always, for a file
/// mapped whole), else copied.
pub(super) fn decode_body(bytes: Bytes, body: Range<usize>) -> Option<(u64, Kept)> {
    let mut r = Reader(bytes.get(body.clone())?);
    let key = r.u64()?;
    let rest_len = usize::try_from(r.u64()?).ok()?;
    let rest: RestIn = postcard::from_bytes(r.take(rest_len)?).ok()?;
    let n = usize::try_from(r.u64()?).ok()?;
    // Where in `bytes` what is left of the body starts.
    let at = |r: &Reader| body.end - r.0.len();
    let zeros = r.take(padding(at(&r)))?;
    let start = at(&r);
    let records = start..start.checked_add(n.checked_mul(RECORD)?)?;
    r.take(records.len())?;
    if zeros.iter().any(|b| *b != 0) || !r.0.is_empty() {
        return None;
    }
    let incidents = Incidents::from_bytes(Arc::new(bytes), records)?;
    let kept = Kept {
        places: rest.places,
        descriptions: rest.descriptions,
        incidents,
        areas: None,
        organisations: rest.organisations,
        rows: rest.rows,
        files: rest.files,
        sources: rest.sources,
        diags: rest.diags,
    };
    Some((key, kept))
}

/// Whether a part read back from disk fits what this build read: the
/// place register in `model` comes first in its places, every index of
/// its incidents points into what it indexes (`areas` long), every row
/// lies between the first and last day a row may have (`dates`, in date
/// order) at a minute of the day with a position [`Incident::new`]
/// makes, every source is the configuration's with its configured days
/// (none left out), no problem kept is an error (a part read with errors
/// is never kept), and every coordinate is a number. Whatever the file
/// held, taking it must not make a later step index out of bounds or
/// reach a day the calendar cannot count from. It does not make the file
/// trustworthy: whoever can write the output folder can write the outputs
/// (see [`crate::framed`]).
pub(in crate::source) fn fits(
    k: &Kept,
    model: &Model,
    areas: usize,
    config: &Config,
    (first, last): (NaiveDate, NaiveDate),
) -> bool {
    use rayon::prelude::*;
    let register = model.places.len();
    let below = |i: Option<usize>, len: usize| i.is_none_or(|i| i < len);
    let finite = |x: Option<f64>| x.is_none_or(f64::is_finite);
    let day = |d: Option<NaiveDate>| d.is_none_or(|d| first <= d && d <= last);
    let configured = |(i, s): (usize, &SourceCoverage)| match config.sources.get(i) {
        Some(c) => {
            s.name == c.name
                && (s.covered_from, s.covered_until) == (c.covered_from, c.covered_until)
        }
        None => {
            s.name == crate::model::NO_SOURCE && (s.covered_from, s.covered_until) == (None, None)
        }
    };
    let categories = model.categories.len();
    let days = first.num_days_from_ce()..=last.num_days_from_ce();
    k.places.get(..register) == Some(model.places.as_slice())
        && (k.places.iter()).all(|p| finite(p.latitude) && finite(p.longitude))
        && (config.sources.len()..=config.sources.len() + 1).contains(&k.sources.len())
        && !k.diags.has_errors()
        && (k.sources.iter().enumerate()).all(configured)
        && (k.sources.iter()).all(|s| day(s.first) && day(s.last) && day(s.last_public))
        // A million rows: looked at on both processors.
        && (k.incidents.par_windows(2)).all(|w| w[0].day() <= w[1].day())
        && (k.incidents.par_iter()).all(|i| {
            days.contains(&i.day())
                && i.position_held()
                && below(i.minute().map(usize::from), 24 * 60)
                && below(Some(i.category.into()), categories)
                && below(i.place().map(|p| p as usize), k.places.len())
                && below(Some(i.organisation.into()), k.organisations.len())
                && below(i.description().map(|d| d as usize), k.descriptions.len())
                && below(i.area().map(usize::from), areas)
        })
}

/// Bytes read from the front.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.0.split_at_checked(n)?;
        self.0 = tail;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::model::IncidentFields;
    use crate::model::Model;

    /// With `some`, the largest values an incident holds.
    fn incident(day: u32, some: bool) -> Incident {
        Incident::new(IncidentFields {
            date: NaiveDate::from_ymd_opt(2024, 1, day).unwrap(),
            minute: some.then_some(1439),
            category: 3,
            place: some.then_some(u32::MAX - 1),
            organisation: 2,
            count: u32::MAX,
            position: some.then_some((-59_123_456, i32::MAX)),
            description: some.then_some(7),
            area: some.then_some(u16::MAX - 1),
        })
        .unwrap()
    }

    /// `i` with `change` made to its values.
    fn with(i: Incident, change: impl FnOnce(&mut IncidentFields)) -> Incident {
        let mut f = i.fields();
        change(&mut f);
        Incident::new(f).unwrap()
    }

    fn part(k: &Kept) -> Part<'_> {
        Part {
            places: &k.places,
            descriptions: &k.descriptions,
            incidents: &k.incidents,
            organisations: &k.organisations,
            rows: k.rows,
            files: k.files,
            sources: &k.sources,
            diags: &k.diags,
        }
    }

    fn kept() -> Kept {
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::warning(std::path::Path::new("a.csv"), 3, "ÅÄÖ"));
        Kept {
            places: vec![Place {
                id: "torget".into(),
                name: "Torget".into(),
                area: Some("Centrum".into()),
                latitude: Some(59.5),
                longitude: None,
                registered: false,
            }],
            descriptions: vec!["klotter".into(), String::new()],
            incidents: vec![incident(1, true), incident(1, false), incident(31, true)].into(),
            areas: Some(Vec::new()),
            organisations: vec!["polisen".into()],
            rows: 12,
            files: 2,
            sources: vec![SourceCoverage {
                name: "polisen".into(),
                rows: 3,
                first: NaiveDate::from_ymd_opt(2024, 1, 1),
                last_at: Some(("a.csv".into(), 4)),
                ..SourceCoverage::default()
            }],
            diags,
        }
    }

    #[test]
    fn what_is_encoded_decodes_to_the_same_part_under_the_same_program_only() {
        let kept = kept();
        let bytes = encode(42, &part(&kept), "prog").unwrap();
        let (key, back) = decode(bytes.clone(), "prog").expect("decodes");
        assert_eq!(key, 42);
        assert_eq!(
            *back.incidents, *kept.incidents,
            "every field, set and unset"
        );
        assert_eq!(format!("{:?}", back.places), format!("{:?}", kept.places));
        assert_eq!(back.descriptions, kept.descriptions);
        assert_eq!(back.organisations, kept.organisations);
        assert_eq!((back.rows, back.files), (12, 2));
        assert_eq!(back.sources, kept.sources);
        assert_eq!(back.diags, kept.diags);
        assert!(back.areas.is_none(), "the areas are made again, not kept");
        assert_eq!(
            encode(42, &part(&back), "prog").unwrap(),
            bytes,
            "deterministic"
        );
        assert!(
            decode(bytes.clone(), "other").is_none(),
            "another program's"
        );
        assert!(decode(bytes, "pro").is_none());
    }

    #[test]
    fn a_file_cut_short_or_damaged_anywhere_decodes_to_nothing() {
        let bytes = encode(42, &part(&kept()), "prog").unwrap();
        for len in [0, 8, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                decode(bytes[..len].to_vec(), "prog").is_none(),
                "cut at {len}"
            );
        }
        for at in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            assert!(decode(damaged, "prog").is_none(), "byte {at} changed");
        }
        let mut longer = bytes.clone();
        longer.insert(bytes.len() - 8, 0);
        assert!(decode(longer, "prog").is_none(), "a byte added");
    }

    #[test]
    fn the_incidents_are_taken_where_they_lie_in_a_mapped_file() {
        let kept = kept();
        let bytes = encode(7, &part(&kept), "prog").unwrap();
        let dir = std::env::temp_dir().join(format!("lagesbild-stored-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("read");
        std::fs::write(&file, &bytes).unwrap();
        let open = std::fs::File::open(&file).unwrap();
        // SAFETY: only this test has the file, and it only reads the map.
        let map = Bytes::Mapped(unsafe { memmap2::Mmap::map(&open) }.unwrap());
        // Removed at once (the map keeps its pages): nothing is left
        // behind should an assertion fail.
        std::fs::remove_dir_all(&dir).unwrap();
        let body = body_range(&map, "prog").unwrap();
        let (_, back) = decode_body(map, body).expect("decodes");
        assert!(back.incidents.in_place(), "not copied");
        assert_eq!(*back.incidents, *kept.incidents);
    }

    /// Where the number of incidents ends in `bytes` (then up to 3 zeros,
    /// then the 3 incidents of [`kept`] and the 8 bytes of the check).
    fn count_end(bytes: &[u8]) -> usize {
        let records = bytes.len() - 8 - 3 * RECORD;
        (0..align_of::<Incident>())
            .map(|zeros| records - zeros)
            .find(|&end| {
                padding(end) == records - end
                    && bytes[end - 8..end] == 3u64.to_le_bytes()
                    && bytes[end..records].iter().all(|b| *b == 0)
            })
            .expect("the count before the incidents")
    }

    #[test]
    fn every_padding_decodes_and_a_wrong_count_or_padding_does_not() {
        let kept = kept();
        // Stamps of 0 to 3 bytes put the count's end at each offset
        // modulo the incidents' alignment.
        let mut zeros_seen = std::collections::BTreeSet::new();
        for stamp in ["", "p", "pr", "pro"] {
            let bytes = encode(7, &part(&kept), stamp).unwrap();
            let end = count_end(&bytes);
            let records = bytes.len() - 8 - 3 * RECORD;
            zeros_seen.insert(records - end);
            assert_eq!(records % align_of::<Incident>(), 0, "{stamp:?}");
            let (_, back) = decode(bytes.clone(), stamp).expect("decodes");
            assert_eq!(*back.incidents, *kept.incidents, "{stamp:?}");
            // The same body framed again (a valid check) with one thing
            // wrong in it.
            let reframed = |change: &dyn Fn(&mut Vec<u8>)| {
                let mut b = bytes[..bytes.len() - 8].to_vec();
                change(&mut b);
                decode(crate::framed::close(b), stamp)
            };
            assert!(reframed(&|_| {}).is_some(), "{stamp:?}: framed again");
            for n in [2u64, 4, u64::MAX / 8] {
                let wrong = |b: &mut Vec<u8>| b[end - 8..end].copy_from_slice(&n.to_le_bytes());
                assert!(reframed(&wrong).is_none(), "{stamp:?}: count {n}");
            }
            if end < records {
                assert!(reframed(&|b| b[end] = 1).is_none(), "{stamp:?}: padding");
            }
        }
        assert_eq!(zeros_seen.len(), align_of::<Incident>(), "{zeros_seen:?}");
    }

    #[test]
    fn a_part_that_does_not_fit_what_this_build_read_is_not_taken() {
        let text = "[site]\ntitle = \"T\"\n[municipality]\nname = \"M\"\nlatitude = 59.0\n\
                    longitude = 13.0\n[[categories]]\nid = \"brand\"\nlabel = \"Brand\"\n";
        let config = Config::parse(
            std::path::Path::new("lagesbild.toml"),
            text,
            &mut Diagnostics::default(),
        )
        .unwrap();
        let category = crate::model::Category {
            id: "c".into(),
            label: "C".into(),
            colour: "#000".into(),
            public: true,
        };
        // Four categories; the register: the part's first place.
        let model = || Model {
            categories: vec![category.clone(); 4],
            places: kept().places,
            ..Model::default()
        };
        let days = |a, b| {
            (
                NaiveDate::from_ymd_opt(2020, 1, a).unwrap(),
                NaiveDate::from_ymd_opt(2024, 12, b).unwrap(),
            )
        };
        let take = |kept: &Kept| {
            let bytes = encode(42, &part(kept), "p").unwrap();
            let mut cache = super::super::ReadCache::stored(bytes, "p");
            let mut m = model();
            let mut diags = Diagnostics::default();
            let found = super::super::Found {
                polygons: &[],
                config: &config,
                dates: days(1, 31),
                diags: &mut diags,
            };
            let taken = cache.restore(42, &mut m, found);
            (taken, m.incidents.len(), cache.kept.is_some())
        };
        let mut fine = kept();
        fine.sources[0].name = crate::model::NO_SOURCE.into();
        fine.incidents = vec![with(incident(2, false), |f| {
            f.place = Some(0);
            f.organisation = 0;
            f.description = Some(1);
            f.area = Some(0);
        })]
        .into();
        assert_eq!(take(&fine), (true, 1, false), "taken, not copied");
        let bad: [fn(&mut IncidentFields); 8] = [
            |i| i.minute = Some(24 * 60),
            |i| i.category = 4,
            |i| i.place = Some(1),
            |i| i.organisation = 1,
            |i| i.description = Some(2),
            |i| i.area = Some(1),
            |i| i.date = NaiveDate::from_ymd_opt(2019, 12, 31).unwrap(),
            |i| i.date = NaiveDate::MAX,
        ];
        for (k, spoil) in bad.iter().enumerate() {
            let mut part = fine.clone();
            part.incidents = vec![with(fine.incidents[0], spoil)].into();
            assert_eq!(
                take(&part),
                (false, 0, false),
                "row {k}: not taken, and dropped"
            );
        }
        let later = with(fine.incidents[0], |f| {
            f.date = NaiveDate::from_ymd_opt(2024, 1, 3).unwrap()
        });
        let spoilers: [&dyn Fn(&mut Kept); 10] = [
            &|p| {
                p.diags.push(crate::diagnostics::Diagnostic::error(
                    std::path::Path::new("a.csv"),
                    2,
                    "x",
                ))
            },
            &|p| p.incidents = vec![later, fine.incidents[0]].into(),
            // Bytes no incident is made of: a day no calendar has; a
            // latitude that means "no position" with a longitude.
            &|p| p.incidents = vec![p.incidents[0].with_raw(i32::MAX, [i32::MIN; 2])].into(),
            &|p| {
                let i = p.incidents[0];
                p.incidents = vec![i.with_raw(i.day(), [i32::MIN, 5])].into()
            },
            &|p| p.places[0].latitude = Some(f64::NAN),
            &|p| p.places[0].name = "Torg".into(),
            &|p| p.places.clear(),
            &|p| p.sources[0].name = "polisen".into(),
            &|p| p.sources[0].covered_until = NaiveDate::from_ymd_opt(2024, 1, 1),
            &|p| p.sources[0].last = Some(NaiveDate::MIN),
        ];
        for (k, spoil) in spoilers.iter().enumerate() {
            let mut part = fine.clone();
            spoil(&mut part);
            assert_eq!(take(&part), (false, 0, false), "part {k}");
        }
    }
}
