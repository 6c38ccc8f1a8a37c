//! The `lagesbild` command: a thin layer over [`lagesbild::site::Site`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lagesbild::diagnostics::Diagnostics;
use lagesbild::progress::{Display, Progress, Silent};
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
        /// Build only this output (a name from [[outputs]]).
        #[arg(long)]
        output: Option<String>,
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
        Command::Build {
            site,
            out,
            output,
            quiet,
        } => build(
            &site,
            out.unwrap_or_else(|| site.join("dist")),
            output.as_deref(),
            quiet,
        ),
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

fn build(site: &std::path::Path, out: PathBuf, only: Option<&str>, quiet: bool) -> ExitCode {
    if let Some(code) = usage_error(site) {
        return code;
    }
    let progress: Box<dyn Progress> = if quiet {
        Box::new(Silent)
    } else {
        Box::new(Display::new())
    };
    match Site::build_with(site, &out, only, progress.as_ref()) {
        Ok((s, sum)) => {
            report(&s.diagnostics);
            if !quiet {
                println!(
                    "Built from {} incident rows in {} files and {} notes in {:.2} s",
                    sum.rows,
                    sum.files,
                    sum.notes,
                    sum.elapsed.as_secs_f64()
                );
                for (name, dir, pages, files) in &sum.outputs {
                    println!(
                        "  {name}: {pages} pages ({files} files) in {}",
                        dir.display()
                    );
                }
                for line in lagesbild::model::coverage_lines(&s.model) {
                    println!("  {line}");
                }
                for p in &sum.privacy {
                    println!(
                        "  {}: {} counts published, {} hidden (primary {}, secondary {}); withheld {} categories, {} notes, {} actions, {} pages",
                        p.output,
                        p.cells,
                        p.primary + p.secondary,
                        p.primary,
                        p.secondary,
                        p.categories_withheld.len(),
                        p.notes_withheld,
                        p.actions_withheld,
                        p.pages_withheld
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(lagesbild::site::BuildError::UnknownOutput(name)) => {
            eprintln!("error: no output named \"{name}\" in lagesbild.toml ([[outputs]])");
            ExitCode::from(2)
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
            for line in lagesbild::model::coverage_lines(&s.model) {
                println!("  {line}");
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            report(&d);
            ExitCode::from(1)
        }
    }
}
