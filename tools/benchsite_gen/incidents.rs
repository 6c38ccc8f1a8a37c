//! Incident files: exactly the tier's number of rows, spread over its
//! years with seasons, weekdays, a slow trend and day-to-day noise, one
//! file per partner and year (`content/incidents/<partner>/<year>.csv`).
//!
//! Rows are made day by day and written straight to buffered files, so a
//! million rows take a few seconds and little memory.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::rng::{Rng, Weighted};
use super::world::{CATEGORIES, Layout, Place, RESCUE_NAMES, SOURCES};

const SEASON: [f64; 12] = [
    0.85, 0.8, 0.9, 1.0, 1.1, 1.2, 1.25, 1.15, 1.0, 0.95, 0.9, 0.95,
];
const WEEKDAY: [f64; 7] = [0.9, 0.9, 0.95, 1.0, 1.2, 1.3, 0.85];

/// One incident before it is written.
struct Row {
    source: usize,
    /// Minute of the day; `None` when the partner left the time empty.
    minute: Option<u16>,
    category: usize,
    place: Option<usize>,
    description: usize,
    count: u32,
    /// 0: the place's name, 1: its alias, 2: its id.
    place_form: u8,
    position: Option<(f64, f64)>,
}

/// How many rows each day gets: proportional to its weight, rounded so
/// that the days add up to exactly `rows`.
fn rows_per_day(rng: &mut Rng, days: &[NaiveDate], rows: usize) -> Vec<usize> {
    let first_year = days[0].year();
    let weights: Vec<f64> = days
        .iter()
        .map(|d| {
            let special = match (d.month(), d.day()) {
                (12, 31) | (1, 1) => 3.0,
                (4, 30) => 2.0,
                _ => 1.0,
            };
            let trend = 1.0 + 0.04 * f64::from(d.year() - first_year);
            SEASON[d.month0() as usize]
                * WEEKDAY[d.weekday().num_days_from_monday() as usize]
                * trend
                * special
                * (0.7 + 0.6 * rng.f64())
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sum = 0.0;
    let mut given = 0;
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            sum += w;
            let upto = if i + 1 == days.len() {
                rows
            } else {
                (sum / total * rows as f64).round() as usize
            };
            let n = upto.saturating_sub(given);
            given += n;
            n
        })
        .collect()
}

/// Samplers fixed for a whole site.
struct Draw<'a> {
    places: &'a [Place],
    sources: Weighted,
    categories: Vec<Weighted>,
    hours: Vec<Weighted>,
    all_places: Weighted,
    housing: (Vec<usize>, Weighted),
}

impl<'a> Draw<'a> {
    /// `village_share`: the part of all rows at each village place.
    fn new(rng: &mut Rng, places: &'a [Place], village_share: f64) -> Draw<'a> {
        let mut rank: Vec<usize> = (0..places.len()).collect();
        rng.shuffle(&mut rank);
        let zipf = |r: usize| 1.0 / (r as f64 + 1.0).powf(0.9);
        let towns: f64 = (0..places.len())
            .filter(|&i| !places[i].village)
            .map(|i| zipf(rank[i]))
            .sum();
        let villages = places.iter().filter(|p| p.village).count() as f64;
        let scale = (1.0 - villages * village_share) / towns;
        let popularity: Vec<f64> = (0..places.len())
            .map(|i| {
                if places[i].village {
                    village_share
                } else {
                    zipf(rank[i]) * scale
                }
            })
            .collect();
        let mut housing: Vec<usize> = (0..places.len()).filter(|&i| places[i].housing).collect();
        if housing.is_empty() {
            housing = (0..places.len()).collect();
        }
        let housing_weights = Weighted::new(housing.iter().map(|&i| popularity[i]));
        Draw {
            places,
            sources: Weighted::new(SOURCES.iter().map(|s| s.share)),
            categories: SOURCES.iter().map(|s| Weighted::new(s.weights)).collect(),
            hours: CATEGORIES
                .iter()
                .map(|c| Weighted::new(c.hours.iter().copied()))
                .collect(),
            all_places: Weighted::new(popularity),
            housing: (housing, housing_weights),
        }
    }

    fn row(&self, rng: &mut Rng) -> Row {
        let source = self.sources.sample(rng);
        let layout = SOURCES[source].layout;
        let category = self.categories[source].sample(rng);
        let place = if rng.chance(0.08) {
            None
        } else if layout == Layout::Housing {
            Some(self.housing.0[self.housing.1.sample(rng)])
        } else {
            Some(self.all_places.sample(rng))
        };
        let timed = layout == Layout::Rescue || !rng.chance(0.03);
        let minute = timed.then(|| (self.hours[category].sample(rng) * 60 + rng.below(60)) as u16);
        let count = match layout {
            Layout::Municipality | Layout::Housing if rng.chance(0.05) => rng.between(2, 4) as u32,
            _ => 1,
        };
        let place_form = match rng.below(10) {
            0 => 1,
            1 => 2,
            _ => 0,
        };
        let near = place.and_then(|p| self.places[p].position);
        let position = match layout {
            Layout::Municipality if rng.chance(0.4) => near,
            Layout::Rescue => Some(near.unwrap_or(super::world::CENTRE)),
            _ => None,
        }
        .map(|(lat, lon)| {
            (
                lat + (rng.f64() - 0.5) * 0.001,
                lon + (rng.f64() - 0.5) * 0.002,
            )
        });
        Row {
            source,
            minute,
            category,
            place,
            description: rng.below(CATEGORIES[category].descriptions.len()),
            count,
            place_form,
            position,
        }
    }

    /// A key equal for rows the importer would call duplicates.
    fn key(row: &Row) -> u64 {
        let minute = row.minute.map_or(0xFFFF, u64::from);
        let place = row.place.map_or(0xFFFF, |p| p as u64);
        (row.source as u64) << 56
            | minute << 40
            | (row.category as u64) << 32
            | place << 16
            | (row.description as u64) << 8
            | u64::from(row.count)
    }
}

/// Writes the incident files under `dir`; returns (rows, files).
pub fn write(
    dir: &Path,
    rng: &mut Rng,
    days: &[NaiveDate],
    rows: usize,
    places: &[Place],
) -> io::Result<(usize, usize)> {
    let per_day = rows_per_day(rng, days, rows);
    // About 1.2 incidents a month at each village place (placeless rows
    // aside), so their areas' monthly counts are often 1 or 2.
    let months = days.len() as f64 / 30.44;
    let draw = Draw::new(rng, places, (1.2 * months / rows as f64).min(0.02));
    let mut out = Files::new(dir);
    let mut day_rows = Vec::new();
    let mut seen = HashSet::new();
    let mut line = String::new();
    let mut written = 0;
    for (&day, &n) in days.iter().zip(&per_day) {
        day_rows.clear();
        seen.clear();
        while day_rows.len() < n {
            let mut row = draw.row(rng);
            // Overlapping exports repeat rows; a benchmark site should not
            // (each repeat is a warning), so a repeat gets another minute.
            while !seen.insert(Draw::key(&row)) {
                row.minute = Some(rng.below(24 * 60) as u16);
            }
            day_rows.push(row);
        }
        day_rows.sort_by_key(|r| (r.source, r.minute.map_or(u32::MAX, u32::from)));
        let date = day.format("%Y-%m-%d").to_string();
        for row in &day_rows {
            line.clear();
            format_row(&mut line, &date, row, places);
            out.file(row.source, day.year())?
                .write_all(line.as_bytes())?;
            written += 1;
        }
    }
    let files = out.finish()?;
    Ok((written, files))
}

/// The open file of each partner for the current year.
struct Files<'a> {
    dir: &'a Path,
    open: Vec<Option<(i32, BufWriter<File>)>>,
    count: usize,
}

impl<'a> Files<'a> {
    fn new(dir: &'a Path) -> Files<'a> {
        Files {
            dir,
            open: SOURCES.iter().map(|_| None).collect(),
            count: 0,
        }
    }

    fn file(&mut self, source: usize, year: i32) -> io::Result<&mut BufWriter<File>> {
        let slot = &mut self.open[source];
        if slot.as_ref().is_none_or(|(y, _)| *y != year) {
            if let Some((_, mut w)) = slot.take() {
                w.flush()?;
            }
            let folder = self.dir.join(SOURCES[source].folder);
            std::fs::create_dir_all(&folder)?;
            let file = File::create(folder.join(format!("{year}.csv")))?;
            let mut w = BufWriter::with_capacity(1 << 18, file);
            w.write_all(header(SOURCES[source].layout).as_bytes())?;
            *slot = Some((year, w));
            self.count += 1;
        }
        Ok(&mut slot.as_mut().expect("just opened").1)
    }

    fn finish(self) -> io::Result<usize> {
        for (_, mut w) in self.open.into_iter().flatten() {
            w.flush()?;
        }
        Ok(self.count)
    }
}

fn header(layout: Layout) -> &'static str {
    match layout {
        Layout::Police => "Datum,Tid,Händelsetyp,Plats,Beskrivning\n",
        Layout::Municipality => {
            "Datum;Klockslag;Kategori;Plats;Antal;Latitud;Longitud;Beskrivning\n"
        }
        Layout::Housing => "date,time,category,place,organisation,count,description\n",
        Layout::Rescue => "Tidpunkt\tHändelse\tObjekt\tKoordinater\tNotering\n",
    }
}

/// A field, quoted when it holds the delimiter or a quote.
fn field(line: &mut String, value: &str, delimiter: char) {
    if value.contains(delimiter) || value.contains('"') {
        line.push('"');
        line.push_str(&value.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(value);
    }
}

fn format_row(line: &mut String, date: &str, row: &Row, places: &[Place]) {
    use std::fmt::Write as _;
    let category = &CATEGORIES[row.category];
    let time = row
        .minute
        .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
        .unwrap_or_default();
    let place = row.place.map_or(String::new(), |p| {
        let p = &places[p];
        match (row.place_form, &p.alias) {
            (1, Some(alias)) => alias.clone(),
            (2, _) => p.id.clone(),
            _ => p.name.clone(),
        }
    });
    let description = category.descriptions[row.description];
    let layout = SOURCES[row.source].layout;
    match layout {
        Layout::Police => {
            let _ = write!(line, "{date},{time},{},", category.police);
            field(line, &place, ',');
            line.push(',');
            field(line, description, ',');
        }
        Layout::Municipality => {
            let _ = write!(line, "{date};{time};{};", category.id);
            field(line, &place, ';');
            let _ = write!(line, ";{};", row.count);
            if let Some((lat, lon)) = row.position {
                let _ = write!(line, "{};{}", decimal_comma(lat), decimal_comma(lon));
            } else {
                line.push(';');
            }
            line.push(';');
            field(line, description, ';');
        }
        Layout::Housing => {
            let _ = write!(line, "{date},{time},{},", category.label);
            field(line, &place, ',');
            let _ = write!(line, ",{},{},", SOURCES[row.source].organisation, row.count);
            field(line, description, ',');
        }
        Layout::Rescue => {
            let names: Vec<&str> = RESCUE_NAMES
                .iter()
                .filter(|(_, id)| *id == category.id)
                .map(|(name, _)| *name)
                .collect();
            let name = names[row.description % names.len()];
            let (lat, lon) = row.position.expect("rescue rows have coordinates");
            let _ = write!(
                line,
                "{date} {time}\t{name}\t{place}\t{lat:.5},{lon:.5}\t{description}"
            );
        }
    }
    line.push('\n');
}

fn decimal_comma(x: f64) -> String {
    format!("{x:.5}").replace('.', ",")
}
