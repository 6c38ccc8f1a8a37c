//! The preview's rebuild after a note edit, measured: what `lagesbild
//! serve` does when a note is saved (`Site::rendered` with the caches of
//! the previous render), on a site folder it may edit (a benchmark tier
//! generated for the purpose: `benches/run` passes its copy).
//!
//! ```sh
//! cargo run --release --example rebuild -- --site DIR [--output internal] [--rounds 20]
//! ```
//!
//! It renders once (the first build), then `--rounds` times appends a
//! line to the newest note and renders again, and prints a Markdown table
//! row: pages drawn anew per rebuild, the rebuild's wall time (median,
//! min, max) in milliseconds, and its processor time (user + system over
//! every thread, the mean of the rounds; from `/proc/self/stat` on
//! Linux, else `–`), which a busy shared machine disturbs far less.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lagesbild::progress::{Progress, Silent, Timings};
use lagesbild::site::{Caches, Site};

fn main() {
    let mut site = PathBuf::from(".");
    let mut output = String::from("internal");
    let mut rounds = 20usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().unwrap_or_default();
        match a.as_str() {
            "--site" => site = value.into(),
            "--output" => output = value,
            "--rounds" => rounds = value.parse().unwrap_or(rounds).max(1),
            _ => {
                eprintln!("usage: rebuild --site DIR [--output NAME] [--rounds N]");
                std::process::exit(2);
            }
        }
    }
    let notes = site.join("content/meetings");
    let Some(note) = std::fs::read_dir(&notes).ok().and_then(|d| {
        d.filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .max()
    }) else {
        eprintln!("no notes in {}", notes.display());
        std::process::exit(1);
    };
    let mut caches = Caches::default();
    // Each step's time on standard error, as `lagesbild build` prints them.
    let timings = std::env::var_os("LAGESBILD_TIMINGS").is_some();
    let render = |caches: &mut Caches| {
        let started = Instant::now();
        let progress: Box<dyn Progress> = if timings {
            Box::new(Timings::new())
        } else {
            Box::new(Silent)
        };
        let rendered = Site::rendered(&site, Some(&output), progress.as_ref(), Some(caches));
        progress.finish();
        match rendered {
            Ok(r) => drop(r),
            Err(e) => {
                for d in e.diagnostics().sorted() {
                    eprintln!("{d}");
                }
                std::process::exit(1);
            }
        }
        started.elapsed()
    };
    let first = render(&mut caches);
    let cpu_before = cpu_ms();
    let mut times: Vec<Duration> = Vec::new();
    let mut drawn = Vec::new();
    for round in 0..rounds {
        let mut text = std::fs::read_to_string(&note).expect("the note");
        text.push_str(&format!("\nRad {round} tillagd i förhandsvisningen.\n"));
        std::fs::write(&note, text).expect("the note written");
        times.push(render(&mut caches));
        drawn.push(caches.pages.values().map(|c| c.fresh()).sum::<usize>());
    }
    let cpu = cpu_before.zip(cpu_ms()).map_or("–".to_string(), |(a, b)| {
        format!("{:.0}", (b - a) / rounds as f64)
    });
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (lo, hi) = (times[0], times[times.len() - 1]);
    println!(
        "| {output} | {:.0} | {} | {} | {:.0} | {:.0} / {:.0} | {cpu} |",
        ms(first),
        rounds,
        drawn.iter().max().unwrap_or(&0),
        ms(times[times.len() / 2]),
        ms(lo),
        ms(hi)
    );
}

/// The processor time this process has used, user and system, in
/// milliseconds (`/proc/self/stat`, fields 14 and 15, in clock ticks of
/// 1/100 s, as Linux reports them to programs).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: count from its end.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) * 10.0)
}
