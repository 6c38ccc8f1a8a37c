//! Synthetic benchmark sites of fixed tiers, deterministic for a seed.
//!
//! The `benchsite` example is the command line; `tests/benchsite.rs`
//! includes this module too, so the test calls the same code. Nothing here
//! reads the clock or iterates a hash map into the output: the same tier
//! and seed give a byte-identical site.

mod incidents;
mod notes;
mod rng;
mod schedule;
mod texts;
mod world;

use std::io;
use std::path::Path;

use chrono::NaiveDate;

/// The last year of every tier's data.
const LAST_YEAR: i32 = 2025;
/// Written into the site folder; only a folder holding it is ever cleared.
pub const MARKER: &str = ".benchsite";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    Small,
    Medium,
    Large,
    NotesOnly,
}

/// What a tier holds.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub years: i32,
    pub rows: usize,
    pub notes: usize,
    pub places: usize,
    pub areas: usize,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Small, Tier::Medium, Tier::Large, Tier::NotesOnly];

    pub fn name(self) -> &'static str {
        match self {
            Tier::Small => "small",
            Tier::Medium => "medium",
            Tier::Large => "large",
            Tier::NotesOnly => "notes-only",
        }
    }

    pub fn parse(name: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn spec(self) -> Spec {
        let (years, rows, notes, places, areas) = match self {
            Tier::Small => (1, 5_000, 30, 20, 4),
            Tier::Medium => (5, 100_000, 150, 60, 8),
            Tier::Large => (10, 1_000_000, 600, 200, 12),
            Tier::NotesOnly => (10, 0, 1_000, 40, 8),
        };
        Spec {
            years,
            rows,
            notes,
            places,
            areas,
        }
    }
}

/// What a run wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub rows: usize,
    pub incident_files: usize,
    pub notes: usize,
    pub places: usize,
}

/// Refuses a non-empty folder that an earlier run did not make; clears
/// what an earlier run wrote.
fn prepare(out: &Path) -> io::Result<()> {
    if out.join(MARKER).is_file() {
        let content = out.join("content");
        if content.exists() {
            std::fs::remove_dir_all(content)?;
        }
    } else if out.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return Err(io::Error::other(format!(
            "{} is not empty and holds no {MARKER} file of an earlier run: give an empty or new folder",
            out.display()
        )));
    }
    std::fs::create_dir_all(out.join("content/meetings"))?;
    std::fs::create_dir_all(out.join("content/pages"))
}

/// Writes the site of `tier` for `seed` into `out`.
pub fn generate(tier: Tier, seed: u64, out: &Path) -> io::Result<Summary> {
    let spec = tier.spec();
    prepare(out)?;
    let first = NaiveDate::from_ymd_opt(LAST_YEAR - spec.years + 1, 1, 1).expect("valid");
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).expect("valid");
    let places = world::places(&mut rng::Rng::new(seed, 1), spec.places, spec.areas);
    let write = |rel: &str, text: &str| std::fs::write(out.join(rel), text);
    write(MARKER, &format!("tier {} seed {seed}\n", tier.name()))?;
    write(
        "lagesbild.toml",
        &world::config_toml(tier.name(), seed, spec.areas),
    )?;
    write("content/places.toml", &world::places_toml(&places))?;

    let (rows, incident_files) = if spec.rows > 0 {
        let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
        let mut rng = rng::Rng::new(seed, 2);
        incidents::write(
            &out.join("content/incidents"),
            &mut rng,
            &days,
            spec.rows,
            &places,
        )?
    } else {
        (0, 0)
    };

    let meetings = schedule::meetings(first, last, spec.notes, spec.areas);
    let mut writer = notes::Writer::new(rng::Rng::new(seed, 3), &places);
    let mut names = std::collections::BTreeSet::new();
    for m in &meetings {
        let (name, text) = writer.note(m);
        assert!(names.insert(name.clone()), "two notes named {name}");
        write(&format!("content/meetings/{name}.md"), &text)?;
    }
    for (name, text) in texts::pages() {
        write(&format!("content/pages/{name}.md"), text)?;
    }
    Ok(Summary {
        rows,
        incident_files,
        notes: meetings.len(),
        places: places.len(),
    })
}
