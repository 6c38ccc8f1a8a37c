//! Writes a synthetic site for benchmarks (see `BENCHMARKS.md`):
//!
//! ```sh
//! cargo run --release --example benchsite -- --tier small|medium|large|notes-only [--seed N] --out DIR
//! ```
//!
//! The same tier and seed give a byte-identical site.

mod benchsite_gen;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use benchsite_gen::Tier;
use clap::Parser;

#[derive(Parser)]
#[command(
    name = "benchsite",
    about = "Writes a synthetic lagesbild site of a benchmark tier"
)]
struct Args {
    /// small | medium | large | notes-only
    #[arg(long, value_parser = parse_tier)]
    tier: Tier,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The site folder to write (new or empty, or written by an earlier run).
    #[arg(long)]
    out: PathBuf,
}

fn parse_tier(name: &str) -> Result<Tier, String> {
    Tier::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Tier::ALL.iter().map(|t| t.name()).collect();
        format!(
            "unknown tier \"{name}\": expected one of {}",
            names.join(", ")
        )
    })
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    match benchsite_gen::generate(args.tier, args.seed, &args.out) {
        Ok(s) => {
            println!(
                "wrote {} tier (seed {}) to {}: {} incident rows in {} files, {} notes, {} places in {:.2} s",
                args.tier.name(),
                args.seed,
                args.out.display(),
                s.rows,
                s.incident_files,
                s.notes,
                s.places,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
