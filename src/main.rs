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
use lagesbild::msg;
use lagesbild::progress::{Display, Progress, Silent, Timings};
use lagesbild::site::{Built, ReleaseOutcome, Site};

mod allocator;

#[global_allocator]
static ALLOCATOR: allocator::Tuned = allocator::Tuned;

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
        /// Build in full even when nothing changed since the last build.
        #[arg(long)]
        force: bool,
    },
    /// Read and validate everything, write nothing.
    Check {
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Preview one output on 127.0.0.1: build it into memory, serve it,
    /// and rebuild and reload open pages whenever a file of the site
    /// changes. Writes nothing.
    Serve {
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The output to serve (a name from [[outputs]]); by default
        /// `internal`, or the first.
        #[arg(long)]
        output: Option<String>,
        /// The port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Release the complete periods of the public output, and publish
    /// changed released counts as revisions: recorded in the site's
    /// publication ledger, content/releases.toml.
    Release {
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The release date (YYYY-MM-DD); today by default.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// Why released counts were revised, shown beside each revision.
        #[arg(long)]
        reason: Option<String>,
        /// Print what the release would add, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a new site folder that builds at once: a commented
    /// configuration, a place register, a free page and a first note.
    Init {
        /// The folder to create (or one without these files).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The municipality's name, e.g. "Sunne kommun".
        #[arg(long)]
        name: Option<String>,
    },
    /// Write a new file from a template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// The note of a meeting: title, period and the open actions to follow
    /// up, in content/meetings/DATE-GROUP.md.
    Meeting {
        /// The meeting's group: operative, strategic, council or a
        /// [[groups]] id.
        #[arg(long)]
        group: String,
        /// The meeting's date (YYYY-MM-DD); today by default.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
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

/// A duration in seconds, two decimals, in the messages' language.
fn seconds(d: std::time::Duration) -> String {
    format!("{:.2}", d.as_secs_f64()).replace('.', &msg!("decimal_separator"))
}

/// One line per output built: name, pages, files, folder.
fn say_outputs(outputs: &[(String, std::path::PathBuf, usize, usize)]) {
    for (name, dir, pages, files) in outputs {
        say!(
            out,
            "  {}",
            msg!(
                "build_output",
                name = name,
                pages = pages,
                files = files,
                dir = dir.display()
            )
        );
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let lang =
        lagesbild::messages::for_args(&words[1.min(words.len())..], &|k| std::env::var(k).ok());
    lagesbild::messages::set_language(lang);
    let cli: Cli = match lagesbild::messages::help::parse(args) {
        Ok(cli) => cli,
        Err(stop) => {
            if stop.error {
                say!(err, "{}", stop.text);
            } else {
                say!(out, "{}", stop.text);
            }
            return ExitCode::from(stop.code);
        }
    };
    match cli.command {
        Command::Build {
            site,
            out,
            output,
            quiet,
            force,
        } => build(
            &site,
            out.unwrap_or_else(|| site.join("dist")),
            output.as_deref(),
            (quiet, force),
        ),
        Command::Check { site } => check(&site),
        Command::Serve { site, output, port } => {
            serve(lagesbild::serve::Options { site, output, port })
        }
        Command::Release {
            site,
            date,
            reason,
            dry_run,
        } => release(
            &site,
            date.unwrap_or_else(|| chrono::Local::now().date_naive()),
            reason.as_deref(),
            dry_run,
        ),
        Command::Init { dir, name } => init(&dir, name.as_deref()),
        Command::New {
            what: NewCommand::Meeting { group, date, site },
        } => new_meeting(&site, &group, date.unwrap_or_else(today)),
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn init(dir: &std::path::Path, name: Option<&str>) -> ExitCode {
    let name = name.unwrap_or(lagesbild::scaffold::init::DEFAULT_NAME);
    match lagesbild::scaffold::init::init(dir, name, today()) {
        Ok(files) => {
            say!(
                out,
                "{}",
                msg!("init_created", name = name, dir = dir.display())
            );
            for f in files {
                say!(out, "  {}", f.display());
            }
            say!(out, "{}", msg!("init_next", dir = dir.display()));
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_error(&e),
    }
}

fn new_meeting(site: &std::path::Path, group: &str, date: chrono::NaiveDate) -> ExitCode {
    match lagesbild::scaffold::meeting::new_meeting(site, group, date) {
        Ok(path) => {
            say!(out, "{}", site.join(path).display());
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_error(&e),
    }
}

/// Prints why `init` or `new` wrote nothing; exit code 2 for wrong usage.
fn scaffold_error(e: &lagesbild::scaffold::ScaffoldError) -> ExitCode {
    use lagesbild::scaffold::ScaffoldError as E;
    if let E::Content(d) = e {
        report(d);
    }
    say!(err, "{}: {e}", msg!("severity_error"));
    if let E::UnknownGroup { hint: Some(h), .. } = e {
        say!(err, "    = {}: {h}", msg!("hint"));
    }
    match e {
        E::UnknownGroup { .. } | E::NoSite(_) => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

fn usage_error(site: &std::path::Path) -> Option<ExitCode> {
    if site.join(lagesbild::config::CONFIG_FILE).is_file() {
        return None;
    }
    say!(
        err,
        "{}: {}",
        msg!("severity_error"),
        msg!(
            "no_site",
            file = lagesbild::config::CONFIG_FILE,
            dir = site.display()
        )
    );
    Some(ExitCode::from(2))
}

fn report(diags: &Diagnostics) {
    for d in diags.sorted() {
        say!(err, "{d}");
    }
    let (e, w) = (diags.errors().count(), diags.warnings().count());
    if e + w > 0 {
        say!(err, "{}", msg!("counts", errors = e, warnings = w));
    }
}

/// `lagesbild build`; `force` builds in full even with nothing to do.
fn build(
    site: &std::path::Path,
    out: PathBuf,
    only: Option<&str>,
    (quiet, force): (bool, bool),
) -> ExitCode {
    if let Some(code) = usage_error(site) {
        return code;
    }
    let progress: Box<dyn Progress> = if std::env::var_os("LAGESBILD_TIMINGS").is_some() {
        Box::new(Timings::new())
    } else if quiet {
        Box::new(Silent)
    } else {
        Box::new(Display::new())
    };
    match Site::build_if_changed(site, &out, only, progress.as_ref(), force) {
        Ok(Built::UpToDate { outputs, elapsed }) => {
            if !quiet {
                let seconds = seconds(elapsed);
                say!(out, "{}", msg!("build_up_to_date", seconds = seconds));
                say_outputs(&outputs);
            }
            ExitCode::SUCCESS
        }
        Ok(Built::Full(s, sum)) => {
            report(&s.diagnostics);
            if !quiet {
                let seconds = seconds(sum.elapsed);
                say!(
                    out,
                    "{}",
                    msg!(
                        "build_summary",
                        rows = sum.rows,
                        files = sum.files,
                        notes = sum.notes,
                        seconds = seconds
                    )
                );
                say_outputs(&sum.outputs);
                if sum.kept > 0 {
                    let pages: usize = sum.outputs.iter().map(|o| o.2).sum();
                    say!(
                        out,
                        "  {}",
                        msg!("build_kept", kept = sum.kept, pages = pages)
                    );
                }
                for line in lagesbild::model::coverage_lines(&s.model) {
                    println!("  {line}");
                }
                for p in &sum.privacy {
                    ledger_note(p);
                    say!(
                        out,
                        "  {}",
                        msg!(
                            "build_privacy",
                            output = p.output,
                            cells = p.cells,
                            hidden = p.primary + p.secondary,
                            primary = p.primary,
                            secondary = p.secondary,
                            categories = p.categories_withheld.len(),
                            notes = p.notes_withheld,
                            actions = p.actions_withheld,
                            pages = p.pages_withheld
                        )
                    );
                    if p.grouped_periods > 0 {
                        say!(
                            out,
                            "  {}",
                            msg!(
                                "build_grouped",
                                output = p.output,
                                periods = p.grouped_periods
                            )
                        );
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(lagesbild::site::BuildError::UnknownOutput(name)) => {
            say!(
                err,
                "{}: {}",
                msg!("severity_error"),
                msg!("build_unknown_output", name = name)
            );
            ExitCode::from(2)
        }
        Err(lagesbild::site::BuildError::Write(e)) => {
            // The message says what state the output folder is in.
            say!(err, "{}", msg!("build_failed", error = e));
            ExitCode::from(if e.is_busy() { 3 } else { 1 })
        }
        Err(e) => {
            report(&e.diagnostics());
            say!(
                err,
                "{}",
                msg!("build_failed_unwritten", dir = out.display())
            );
            ExitCode::from(1)
        }
    }
}

fn release(
    site: &std::path::Path,
    date: chrono::NaiveDate,
    reason: Option<&str>,
    dry_run: bool,
) -> ExitCode {
    if let Some(code) = usage_error(site) {
        return code;
    }
    let s = match Site::load(site) {
        Ok(s) => s,
        Err(d) => {
            report(&d);
            say!(err, "{}", msg!("release_failed"));
            return ExitCode::from(1);
        }
    };
    report(&s.diagnostics);
    match s.release(date, reason, dry_run) {
        Ok(ReleaseOutcome::Nothing) => {
            say!(out, "{}", msg!("release_nothing"));
            ExitCode::SUCCESS
        }
        Ok(ReleaseOutcome::Released(r)) => {
            let file = lagesbild::source::ledger::LEDGER_FILE;
            let line = if dry_run {
                msg!(
                    "release_would_record",
                    number = r.number,
                    date = r.date,
                    through = r.through,
                    file = file
                )
            } else {
                msg!(
                    "release_recorded",
                    number = r.number,
                    date = r.date,
                    through = r.through,
                    file = file
                )
            };
            say!(out, "{line}");
            let hidden = r.entries.iter().filter(|e| e.value.hidden).count();
            say!(
                out,
                "  {}",
                msg!(
                    "release_counts",
                    periods = r.periods.len(),
                    counts = r.entries.len(),
                    hidden = hidden,
                    revisions = r.revisions.len()
                )
            );
            for p in &r.periods {
                say!(out, "  + {p}");
            }
            for v in &r.revisions {
                say!(out, "  ~ {}: {} -> {}", v.cell, v.from, v.to);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            say!(err, "{}: {e}", msg!("severity_error"));
            say!(err, "{}", msg!("release_failed"));
            ExitCode::from(1)
        }
    }
}

/// Where the public output stands against the publication ledger.
fn ledger_note(p: &lagesbild::audience::view::PrivacyReport) {
    match &p.ledger {
        None => say!(
            err,
            "{}: {}",
            msg!("severity_warning"),
            msg!(
                "ledger_missing",
                output = p.output,
                file = lagesbild::source::ledger::LEDGER_FILE
            )
        ),
        Some(l) if l.changed + l.waiting > 0 => say!(
            err,
            "{}: {}",
            msg!("severity_note"),
            msg!(
                "ledger_waiting",
                output = p.output,
                changed = l.changed,
                waiting = l.waiting,
                release = l.releases
            )
        ),
        Some(_) => {}
    }
}

fn serve(options: lagesbild::serve::Options) -> ExitCode {
    if let Some(code) = usage_error(&options.site) {
        return code;
    }
    let server = match lagesbild::serve::Server::bind(options) {
        Ok(s) => s,
        Err(e) => {
            say!(
                err,
                "{}: {}",
                msg!("severity_error"),
                msg!("serve_port", error = e)
            );
            return ExitCode::from(1);
        }
    };
    say!(out, "{}", msg!("serve_serving", url = server.url()));
    server.run(std::sync::Arc::new(served));
    ExitCode::SUCCESS
}

/// What `serve` says after each build.
fn served(event: lagesbild::serve::Event) {
    use lagesbild::serve::Event;
    match event {
        Event::Built {
            elapsed,
            files,
            changed,
            warnings,
        } => {
            for w in &warnings {
                say!(err, "{w}");
            }
            let ms = format!("{:.0}", elapsed.as_secs_f64() * 1000.0);
            say!(
                out,
                "{}",
                msg!("serve_built", ms = ms, files = files, changed = changed)
            );
        }
        Event::Failed { errors } => {
            for e in &errors {
                say!(err, "{e}");
            }
            say!(err, "{}", msg!("serve_failed"));
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
                "{}",
                msg!(
                    "check_ok",
                    rows = s.model.rows,
                    files = s.model.files,
                    notes = s.model.meetings.len(),
                    pages = s.model.pages.len()
                )
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
