//! The `lagesbild` command: a thin layer over [`lagesbild::site::Site`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lagesbild::diagnostics::Diagnostics;
use lagesbild::site::Site;

#[derive(Parser)]
#[command(
    name = "lagesbild",
    version,
    about = "Builds a municipality's lägesbild (situation picture) as a static website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and validate everything, then write the site.
    Build {
        /// The site folder (holding lagesbild.toml).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The output folder; each audience gets a sub-folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print only errors and warnings.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Read and validate everything, write nothing.
    Check {
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, out, quiet } => {
            build(&site, out.unwrap_or_else(|| site.join("dist")), quiet)
        }
        Command::Check { site } => check(&site),
    }
}

fn usage_error(site: &std::path::Path) -> Option<ExitCode> {
    if site.join(lagesbild::config::CONFIG_FILE).is_file() {
        return None;
    }
    eprintln!(
        "error: no {} in {}: give the site folder with --site DIR",
        lagesbild::config::CONFIG_FILE,
        site.display()
    );
    Some(ExitCode::from(2))
}

fn report(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    let (e, w) = (diags.errors().count(), diags.warnings().count());
    if e + w > 0 {
        eprintln!("{e} error(s), {w} warning(s)");
    }
}

fn build(site: &std::path::Path, out: PathBuf, quiet: bool) -> ExitCode {
    if let Some(code) = usage_error(site) {
        return code;
    }
    match Site::build(site, &out) {
        Ok((s, sum)) => {
            report(&s.diagnostics);
            if !quiet {
                println!(
                    "Read {} incident rows from {} files and {} notes; wrote {} pages ({} files) to {} in {:.2} s",
                    sum.rows,
                    sum.files,
                    sum.notes,
                    sum.pages,
                    sum.written,
                    out.join("internal").display(),
                    sum.elapsed.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            report(&e.diagnostics());
            eprintln!(
                "build failed: nothing was written, {} is as it was",
                out.display()
            );
            ExitCode::from(1)
        }
    }
}

fn check(site: &std::path::Path) -> ExitCode {
    if let Some(code) = usage_error(site) {
        return code;
    }
    match Site::load(site) {
        Ok(s) => {
            report(&s.diagnostics);
            println!(
                "OK: {} incident rows in {} files, {} notes, {} pages of text",
                s.model.rows,
                s.model.files,
                s.model.meetings.len(),
                s.model.pages.len()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            report(&d);
            ExitCode::from(1)
        }
    }
}
