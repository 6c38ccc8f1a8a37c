//! The `lagesbild` command: a thin layer over [`lagesbild::site::Site`].
//!
//! Everything it prints goes through [`say`]: a closed or full standard
//! output or error (`lagesbild check | head -0`, `> /dev/full`) ends the
//! program quietly with exit code 141 (a closed pipe, as a shell reports a
//! SIGPIPE) or 74 (any other write error), never with a panic.

use std::io::Write;
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

/// Which standard stream [`say`] writes to.
#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// `println!`/`eprintln!` that end the program quietly when the stream is
/// closed or full.
macro_rules! say {
    (out, $($arg:tt)*) => { say(Stream::Out, format_args!($($arg)*)) };
    (err, $($arg:tt)*) => { say(Stream::Err, format_args!($($arg)*)) };
}

/// Writes one line and flushes it; on failure exits with 141 (closed pipe)
/// or 74 (other errors, e.g. a full disk), printing nothing more.
fn say(stream: Stream, text: std::fmt::Arguments) {
    let written = match stream {
        Stream::Out => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}").and_then(|()| out.flush())
        }
        Stream::Err => writeln!(std::io::stderr().lock(), "{text}"),
    };
    if let Err(e) = written {
        let code = if e.kind() == std::io::ErrorKind::BrokenPipe {
            141
        } else {
            74
        };
        std::process::exit(code);
    }
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
    say!(
        err,
        "error: no {} in {}: give the site folder with --site DIR",
        lagesbild::config::CONFIG_FILE,
        site.display()
    );
    Some(ExitCode::from(2))
}

fn report(diags: &Diagnostics) {
    for d in diags.sorted() {
        say!(err, "{d}");
    }
    let (e, w) = (diags.errors().count(), diags.warnings().count());
    if e + w > 0 {
        say!(err, "{e} error(s), {w} warning(s)");
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
                say!(
                    out,
                    "Built from {} incident rows in {} files and {} notes in {:.2} s",
                    sum.rows,
                    sum.files,
                    sum.notes,
                    sum.elapsed.as_secs_f64()
                );
                for (name, dir, pages, files) in &sum.outputs {
                    say!(
                        out,
                        "  {name}: {pages} pages ({files} files) in {}",
                        dir.display()
                    );
                }
                for p in &sum.privacy {
                    say!(
                        out,
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
            say!(
                err,
                "error: no output named \"{name}\" in lagesbild.toml ([[outputs]])"
            );
            ExitCode::from(2)
        }
        Err(e) => {
            report(&e.diagnostics());
            say!(
                err,
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
            say!(
                out,
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
