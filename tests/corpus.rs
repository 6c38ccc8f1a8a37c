//! The malformed-input corpus: every case in `tests/corpus/` plus a few
//! generated ones (too big or too binary to commit) is dropped into a copy
//! of `tests/fixtures/basic` and built with the real binary. Each case must
//! give the exit code and diagnostics its `.expect` file names, must not
//! panic or hang, and a failed build must leave the earlier output exactly
//! as it was. All cases run; every failure is listed at the end.
//!
//! Layout: `tests/corpus/KIND/NNN-name.EXT` with a sidecar
//! `tests/corpus/KIND/NNN-name.expect`. KIND says where the input goes:
//!
//! | KIND     | copied to                       |
//! |----------|---------------------------------|
//! | `csv`    | `content/incidents/corpus.csv`  |
//! | `notes`  | `content/meetings/corpus.md`    |
//! | `pages`  | `content/pages/corpus.md`       |
//! | `config` | `lagesbild.toml` (replaced)     |
//! | `places` | `content/places.toml` (replaced)|
//!
//! The `.expect` file: the first line is `exit: N`, the exit code of
//! `lagesbild build --site . --out OUT` run in the site folder. Every
//! other non-empty line is a substring that must occur in standard error;
//! `not: TEXT` means TEXT must not occur, and `icase: TEXT` compares
//! without regard to case.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A build of the small fixture takes well under a second in debug; a case
/// still running after this long is reported as hanging. The limit is far
/// above any real build, so a slow or shared machine never trips it: it
/// catches endless loops, not slowness.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Added to a missing expectation that is there but for a leading `./`.
const DOT_NOTE: &str = " (present, but with the path printed as `./…`)";

const CSV: &str = "content/incidents/corpus.csv";
const NOTE: &str = "content/meetings/corpus.md";
const PAGE: &str = "content/pages/corpus.md";
const CONFIG: &str = "lagesbild.toml";
const PLACES: &str = "content/places.toml";

/// Where an input of each corpus folder goes in the site.
const KINDS: [(&str, &str); 5] = [
    ("csv", CSV),
    ("notes", NOTE),
    ("pages", PAGE),
    ("config", CONFIG),
    ("places", PLACES),
];

#[derive(Debug, Clone)]
enum Expect {
    Has(String),
    HasIcase(String),
    Not(String),
}

struct Case {
    name: String,
    /// Files written into the copy of the fixture: relative path → bytes.
    files: Vec<(String, Vec<u8>)>,
    exit: i32,
    expect: Vec<Expect>,
    /// Most bytes standard error may hold (a huge field must not be echoed).
    max_stderr: Option<usize>,
    /// Standard error must not hold control characters (binary input must
    /// not reach the terminal raw).
    printable: bool,
}

impl Case {
    fn new(name: &str, files: Vec<(&str, Vec<u8>)>, exit: i32, expect: &[&str]) -> Case {
        Case {
            name: name.to_string(),
            files: files.into_iter().map(|(p, b)| (p.to_string(), b)).collect(),
            exit,
            expect: expect.iter().map(|l| parse_expect_line(l)).collect(),
            max_stderr: None,
            printable: false,
        }
    }

    fn max_stderr(mut self, bytes: usize) -> Case {
        self.max_stderr = Some(bytes);
        self
    }

    fn printable(mut self) -> Case {
        self.printable = true;
        self
    }
}

fn parse_expect_line(line: &str) -> Expect {
    if let Some(rest) = line.strip_prefix("not: ") {
        Expect::Not(rest.to_string())
    } else if let Some(rest) = line.strip_prefix("icase: ") {
        Expect::HasIcase(rest.to_string())
    } else {
        Expect::Has(line.to_string())
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The committed cases; problems with the corpus itself (an input without
/// `.expect`, a bad first line) are returned as failures.
fn committed_cases(problems: &mut Vec<String>) -> Vec<Case> {
    let mut cases = Vec::new();
    for (kind, target) in KINDS {
        let dir = corpus_dir().join(kind);
        let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        let inputs: Vec<&PathBuf> = entries
            .iter()
            .filter(|p| p.extension().is_none_or(|x| x != "expect"))
            .collect();
        for p in entries
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "expect"))
        {
            if !inputs.iter().any(|i| i.with_extension("expect") == *p) {
                problems.push(format!(
                    "{kind}/{}: .expect without an input",
                    p.file_name().unwrap().to_string_lossy()
                ));
            }
        }
        for input in inputs {
            let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
            let name = format!("{kind}/{stem}");
            let Ok(text) = fs::read_to_string(input.with_extension("expect")) else {
                problems.push(format!(
                    "{name}: no readable {stem}.expect beside the input"
                ));
                continue;
            };
            let mut lines = text.lines();
            let exit = lines
                .next()
                .and_then(|l| l.strip_prefix("exit: "))
                .and_then(|n| n.trim().parse::<i32>().ok());
            let Some(exit) = exit else {
                problems.push(format!(
                    "{name}: the first line of the .expect must be `exit: N`"
                ));
                continue;
            };
            let expect: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
            cases.push(Case::new(
                &name,
                vec![(target, fs::read(input).unwrap())],
                exit,
                &expect,
            ));
        }
    }
    cases
}

fn fixture_config() -> String {
    fs::read_to_string(common::fixture("basic").join(CONFIG)).unwrap()
}

/// Inputs that are too big or too binary to commit.
fn generated_cases() -> Vec<Case> {
    const HEADER: &str = "date,time,category,place,count,description\n";
    const ROW: &str = "2024-04-01,10:00,brand,torget,1,\n";
    let csv = |name: &str, text: String, exit: i32, expect: &[&str]| {
        Case::new(name, vec![(CSV, text.into_bytes())], exit, expect)
    };
    let mut rng = common::Rng(0x00c0_ffee_5eed_1234);
    let mut cases = Vec::new();

    // A 10 MB description (quoted) is text like any other.
    cases.push(csv(
        "generated/g01-10mb-description-field",
        format!(
            "{HEADER}{ROW}2024-04-02,10:00,brand,torget,1,\"{}\"\n",
            "x".repeat(10_000_000)
        ),
        0,
        &["not: error:", "not: warning:"],
    ));
    // A 10 MB category: one error, and the value is not echoed in full.
    cases.push(
        csv(
            "generated/g02-10mb-category-field",
            format!(
                "{HEADER}{ROW}2024-04-02,10:00,{},torget,1,\n",
                "k".repeat(10_000_000)
            ),
            1,
            &[
                "error: content/incidents/corpus.csv:3:18: unknown category",
                "1 error(s)",
            ],
        )
        .max_stderr(20_000),
    );
    // A header of 100,000 columns, of which two are standard.
    let mut wide = String::from("date,category");
    for i in 3..=100_000 {
        wide.push_str(&format!(",c{i}"));
    }
    wide.push_str("\n2024-04-01,brand");
    wide.push_str(&",".repeat(99_998));
    wide.push('\n');
    cases.push(csv(
        "generated/g03-100000-columns",
        wide,
        0,
        &["not: error:", "not: warning:"],
    ));
    // A row with 100,000 trailing delimiters: ignored.
    cases.push(csv(
        "generated/g04-100000-trailing-delimiters",
        format!(
            "{HEADER}2024-04-01,10:00,brand,torget,1,{}\n",
            ",".repeat(100_000)
        ),
        0,
        &["not: error:", "not: warning:"],
    ));
    // Random bytes (with NULs): not a text file.
    cases.push(
        Case::new(
            "generated/g05-random-binary-csv",
            vec![(CSV, rng.bytes(4096, true))],
            1,
            &["error: content/incidents/corpus.csv", "1 error(s)"],
        )
        .printable(),
    );
    // Random bytes without NULs: read as Windows-1252, so the header has no
    // date column; the garbage must not reach the terminal raw.
    cases.push(
        Case::new(
            "generated/g06-random-binary-csv-without-nul",
            vec![(CSV, rng.bytes(4096, false))],
            1,
            &["error: content/incidents/corpus.csv:1:1: no date column in the header"],
        )
        .printable(),
    );
    cases.push(
        Case::new(
            "generated/g07-random-binary-note",
            vec![(NOTE, rng.bytes(4096, true))],
            1,
            &["error: content/meetings/corpus.md:", "UTF-8"],
        )
        .printable(),
    );
    cases.push(
        Case::new(
            "generated/g08-random-binary-config",
            vec![(CONFIG, rng.bytes(4096, true))],
            1,
            &["error: lagesbild.toml:", "UTF-8"],
        )
        .printable(),
    );
    cases.push(
        Case::new(
            "generated/g09-random-binary-places",
            vec![(PLACES, rng.bytes(4096, true))],
            1,
            &["error: content/places.toml:", "UTF-8"],
        )
        .printable(),
    );
    // Windows-1252 bytes in a file whose source says utf-8: the first bad
    // character is named by line and column, not by byte offset.
    let config = format!(
        "{}\n[[sources]]\nname = \"Korpus\"\nglob = \"corpus.csv\"\nencoding = \"utf-8\"\n",
        fixture_config()
    );
    let cp1252: Vec<u8> =
        "date;time;category;place;count\n2024-04-01;10:00;brand;torget;1\n2024-04-02;10:00;Skadeg"
            .bytes()
            .chain([0xf6])
            .chain("relse;torget;1\n".bytes())
            .collect();
    cases.push(Case::new(
        "generated/g10-windows-1252-declared-utf-8",
        vec![(CONFIG, config.into_bytes()), (CSV, cp1252)],
        1,
        &["error: content/incidents/corpus.csv:3:24:", "UTF-8"],
    ));
    // An Excel workbook saved under a .csv name (a zip file).
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    xlsx.extend(rng.bytes(1000, true));
    cases.push(
        Case::new(
            "generated/g11-xlsx-named-csv",
            vec![(CSV, xlsx)],
            1,
            &["error: content/incidents/corpus.csv", "CSV"],
        )
        .printable(),
    );
    // A quote opened on line 2 and never closed, with 200,000 rows after it:
    // the error points at the quote, not at the end of the file.
    cases.push(
        csv(
            "generated/g12-unclosed-quote-before-200000-rows",
            format!(
                "{HEADER}2024-04-01,10:00,brand,torget,1,\"oj\n{}",
                "2024-04-02,10:00,brand,torget,1,\n".repeat(200_000)
            ),
            1,
            &["error: content/incidents/corpus.csv:2:33:", "quote"],
        )
        .max_stderr(20_000),
    );
    // A 10 MB header without any delimiter.
    cases.push(
        csv(
            "generated/g13-10mb-header-line",
            format!("{}\n{ROW}", "y".repeat(10_000_000)),
            1,
            &["error: content/incidents/corpus.csv:1:1: no date column in the header"],
        )
        .max_stderr(20_000),
    );
    // Arrays nested 100,000 deep must not overflow the stack.
    let deep = format!("{}]{}", "[".repeat(100_000), "]".repeat(99_999));
    cases.push(Case::new(
        "generated/g14-config-nested-100000-deep",
        vec![(
            CONFIG,
            format!("{}\n[reports]\ncadences = {deep}\n", fixture_config()).into_bytes(),
        )],
        1,
        &["error: lagesbild.toml:45:"],
    ));
    cases.push(Case::new(
        "generated/g15-note-nested-100000-deep",
        vec![(
            NOTE,
            format!(
                "+++\ntitle = \"Korpus\"\ndate = 2024-03-14\ngroup = \"strategic\"\nattendees = {deep}\n+++\n"
            )
            .into_bytes(),
        )],
        1,
        &["error: content/meetings/corpus.md:5:"],
    ));
    // 20,000 bad rows: 50 shown, the rest counted, in the total too.
    let mut bad = String::from(HEADER);
    for i in 0..20_000 {
        bad.push_str(&format!("2024-04-01,10:00,brand,torget,0,rad {i}\n"));
    }
    cases.push(
        csv(
            "generated/g16-20000-bad-rows",
            bad,
            1,
            &[
                "error: content/incidents/corpus.csv:51:31: \"0\" is not a valid count",
                "not: content/incidents/corpus.csv:52:31",
                "… and 19950 more errors in this file",
                "20000 error(s)",
            ],
        )
        .max_stderr(100_000),
    );
    // 5,000 copies of one row: ten warnings, the rest counted.
    cases.push(
        csv(
            "generated/g17-5000-repeated-rows",
            format!("{HEADER}{}", ROW.repeat(5_000)),
            0,
            &[
                "warning: content/incidents/corpus.csv:3: this row repeats line 2 exactly",
                "… and 4989 more repeated rows in this file",
                "not: error:",
            ],
        )
        .max_stderr(100_000),
    );
    cases
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every entry (files and folders, hidden ones too) below `dir`, relative.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

struct Run {
    code: Option<i32>,
    /// The signal that ended the process, if one did.
    signal: Option<i32>,
    stderr: Vec<u8>,
    timed_out: bool,
    elapsed: Duration,
}

fn run_build(site: &Path, logs: &Path) -> Run {
    let stdout = fs::File::create(logs.join("stdout")).unwrap();
    let stderr = fs::File::create(logs.join("stderr")).unwrap();
    let started = Instant::now();
    // The expected diagnostics are written in English (the corpus's sites
    // are Swedish; tests/language.rs covers the Swedish messages).
    let mut child = Command::new(env!("CARGO_BIN_EXE_lagesbild"))
        .env("LAGESBILD_LANG", "en")
        .args(["build", "--site", ".", "--out", "OUT", "--quiet"])
        .current_dir(site)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > TIMEOUT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&status);
    #[cfg(not(unix))]
    let signal = None;
    Run {
        code: status.code(),
        signal,
        stderr: fs::read(logs.join("stderr")).unwrap(),
        timed_out,
        elapsed: started.elapsed(),
    }
}

/// Runs one case; returns what is wrong with it (empty when it passes).
fn run_case(index: usize, case: &Case) -> Vec<String> {
    let root = common::temp_dir(&format!("corpus-{index}"));
    let site = root.join("site");
    copy_tree(&common::fixture("basic"), &site);
    for (path, bytes) in &case.files {
        fs::write(site.join(path), bytes).unwrap();
    }
    let out = site.join("OUT");
    fs::create_dir_all(out.join("internal")).unwrap();
    fs::write(
        out.join("internal/marker.txt"),
        "output of an earlier build\n",
    )
    .unwrap();
    let before_files = common::read_tree(&out);
    let before_entries = entries(&out);

    let run = run_build(&site, &root);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    let mut problems = Vec::new();

    if run.timed_out {
        problems.push(format!(
            "did not finish within {} s (hangs or far too slow); killed",
            TIMEOUT.as_secs()
        ));
    } else {
        match run.code {
            Some(0 | 1) => {}
            Some(101) => problems.push("exit code 101: the program panicked".into()),
            Some(c) => problems.push(format!("exit code {c}: expected 0 or 1")),
            None => problems.push(format!(
                "ended by signal {:?} (stack overflow or abort?)",
                run.signal
            )),
        }
        if run.code != Some(case.exit) && matches!(run.code, Some(0 | 1)) {
            problems.push(format!(
                "exit code {}: expected {}",
                run.code.unwrap(),
                case.exit
            ));
        }
    }
    if stderr.contains("panicked") {
        problems.push("\"panicked\" in standard error".into());
    }
    // Paths printed as `./content/…` instead of `content/…` are a single,
    // separate defect; say so, so that it is not mistaken for a missing
    // diagnostic.
    let without_dot = stderr.replace(": ./", ": ");
    for e in &case.expect {
        match e {
            Expect::Has(s) if !stderr.contains(s.as_str()) => {
                let note = if without_dot.contains(s.as_str()) {
                    DOT_NOTE
                } else {
                    ""
                };
                problems.push(format!("missing {s:?}{note}"));
            }
            Expect::HasIcase(s) if !stderr.to_lowercase().contains(&s.to_lowercase()) => {
                let note = if without_dot.to_lowercase().contains(&s.to_lowercase()) {
                    DOT_NOTE
                } else {
                    ""
                };
                problems.push(format!("missing (any case) {s:?}{note}"));
            }
            Expect::Not(s) if stderr.contains(s.as_str()) => {
                problems.push(format!("unwanted {s:?}"));
            }
            _ => {}
        }
    }
    if let Some(max) = case.max_stderr
        && run.stderr.len() > max
    {
        problems.push(format!(
            "standard error holds {} bytes, expected at most {max} (a huge value echoed in full?)",
            run.stderr.len()
        ));
    }
    if case.printable
        && let Some(c) = stderr
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        problems.push(format!(
            "standard error holds the control character {c:?}: binary input is printed raw"
        ));
    }

    // The output folder: untouched by a failed build; `internal` replaced
    // as a whole by a successful one, with no staging folders left behind.
    let after_entries = entries(&out);
    if run.code == Some(0) && !run.timed_out {
        let hidden: Vec<&String> = after_entries
            .iter()
            .filter(|e| !e.contains('/') && e.starts_with('.'))
            // The record of a whole build and what it keeps for the next
            // are not leftovers.
            .filter(|e| !lagesbild::output::LEFT_BESIDE.contains(&e.as_str()))
            .take(5)
            .collect();
        if !hidden.is_empty() {
            problems.push(format!(
                "successful build left hidden (staging) entries in OUT: {hidden:?}"
            ));
        }
        if !out.join("internal/index.html").is_file() {
            problems.push("successful build wrote no OUT/internal/index.html".into());
        }
        if out.join("internal/marker.txt").exists() {
            problems.push("successful build kept the stale OUT/internal/marker.txt".into());
        }
    } else {
        if after_entries != before_entries {
            let added: Vec<&String> = after_entries
                .iter()
                .filter(|e| !before_entries.contains(e))
                .take(5)
                .collect();
            let removed: Vec<&String> = before_entries
                .iter()
                .filter(|e| !after_entries.contains(e))
                .collect();
            problems.push(format!(
                "failed build changed OUT: added {added:?}, removed {removed:?}"
            ));
        }
        if common::read_tree(&out) != before_files {
            problems.push("failed build changed the content of OUT".into());
        }
    }

    if !problems.is_empty() {
        let shown: String = stderr.chars().take(2500).collect();
        let cut = if shown.len() < stderr.len() {
            "\n    […]"
        } else {
            ""
        };
        eprintln!(
            "---- {} (exit {:?}, {:.1} s)\n{}\n  stderr:\n    {}{cut}\n",
            case.name,
            run.code,
            run.elapsed.as_secs_f64(),
            problems
                .iter()
                .map(|p| format!("  - {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
            shown.replace('\n', "\n    ")
        );
    }
    let _ = fs::remove_dir_all(&root);
    problems
}

#[test]
fn every_corpus_case_gives_its_diagnostics_without_panic_or_damage() {
    let mut failures = Vec::new();
    let mut cases = committed_cases(&mut failures);
    let committed = cases.len();
    cases.extend(generated_cases());
    let started = Instant::now();

    let next = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<usize, Vec<String>>> = Mutex::new(BTreeMap::new());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let problems = run_case(i, case);
                    results.lock().unwrap().insert(i, problems);
                }
            });
        }
    });

    let results = results.into_inner().unwrap();
    let mut failed = 0;
    let mut only_dot = 0;
    for (i, problems) in &results {
        if !problems.is_empty() {
            failed += 1;
            if problems.iter().all(|p| p.contains(DOT_NOTE)) {
                only_dot += 1;
            }
            failures.push(format!("{}: {}", cases[*i].name, problems.join("; ")));
        }
    }
    if only_dot > 0 {
        failures.insert(
            0,
            format!(
                "({only_dot} of the failing cases fail only because paths are printed as `./content/…` / `./lagesbild.toml` instead of `content/…` / `lagesbild.toml`)"
            ),
        );
    }
    println!(
        "corpus: ran {} cases ({committed} committed, {} generated) in {:.1} s; {failed} failed",
        results.len(),
        cases.len() - committed,
        started.elapsed().as_secs_f64()
    );
    assert!(
        cases.len() >= 110,
        "the corpus should hold at least 110 cases"
    );
    assert!(
        failures.is_empty(),
        "{failed} of {} corpus cases failed (details above, in the captured output):\n{}",
        cases.len(),
        failures.join("\n")
    );
}
