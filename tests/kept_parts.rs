//! A build takes the incident files' part of the model from what the last
//! build read (`OUT/.lagesbild.read`, `source::ReadCache::stored`) and
//! the analysis of the incident data from what it made
//! (`OUT/.lagesbild.analysis`, `analysis::AnalysisCache::stored`) when
//! what they were made from is the same, and the result is the output,
//! and the warnings, of a clean build.

mod common;

use std::path::{Path, PathBuf};

use common::outputs;
use lagesbild::analysis::AnalysisCache;
use lagesbild::site::Site;
use lagesbild::source::ReadCache;

/// Builds `site` into `out`: its warnings, as text.
fn build(site: &Path, out: &Path) -> Vec<String> {
    let (site, _) =
        Site::build(site, out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let shown = site.diagnostics.sorted();
    shown.iter().map(|d| format!("{d:?}")).collect()
}

/// Builds `site` into `out`: whether it took the incidents read and their
/// analysis from the last build.
fn built_taking(site: &Path, out: &Path) -> (bool, bool) {
    common::build_summary(site, out).taken
}

/// Builds `site` afresh into `clean` and checks that `out` holds the same
/// outputs: the clean build's folder.
fn as_clean(site: &Path, out: &Path, clean: PathBuf) -> PathBuf {
    build(site, &clean);
    assert_eq!(outputs(out), outputs(&clean));
    clean
}

/// The basic fixture with a row repeated (so reading the incident files
/// warns), in a folder of its own: the folder, the site, the output.
fn site(name: &str) -> (common::TempDir, PathBuf, PathBuf) {
    let (tmp, site, out) = common::basic_site(name);
    let csv = site.join("content/incidents/a.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let row = text.lines().nth(1).unwrap().to_string();
    std::fs::write(&csv, format!("{text}{row}\n")).unwrap();
    (tmp, site, out)
}

/// The stored part's header before the program stamp: its version and
/// the machine's byte order.
const HEAD: &str = if cfg!(target_endian = "little") {
    "lagesbild read 2 le "
} else {
    "lagesbild read 2 be "
};

/// The stored part's bytes and the program stamp its header names.
fn stored(out: &Path) -> (Vec<u8>, String) {
    let bytes = std::fs::read(out.join(".lagesbild.read")).expect("a stored read");
    let head = bytes.split(|b| *b == b'\n').next().unwrap();
    let head = String::from_utf8(head.to_vec()).unwrap();
    let stamp = head.strip_prefix(HEAD).expect(&head);
    (bytes, stamp.to_string())
}

/// The stored analysis's bytes.
fn stored_analysis(out: &Path) -> Vec<u8> {
    std::fs::read(out.join(lagesbild::output::ANALYSIS_FILE)).expect("a stored analysis")
}

/// Whether analysing `site` now takes the data part `out` holds.
fn analysis_taken(site: &Path, out: &Path) -> bool {
    let (_, stamp) = stored(out);
    // Read by contents, as a build reads: the model's data key is the
    // key of every input but the notes.
    let mut read = ReadCache::stored(Vec::new(), &stamp);
    let site = Site::load_with(site, Some(&mut read)).unwrap_or_else(|d| panic!("{d:?}"));
    let mut cache = AnalysisCache::stored(&stored_analysis(out), &stamp);
    site.analyse_with(Some(&mut cache));
    cache.hit()
}

/// Whether reading `site` now takes the incident part `out` holds.
fn taken(site: &Path, out: &Path) -> bool {
    let (bytes, stamp) = stored(out);
    taken_from(site, &bytes, &stamp)
}

/// Whether reading `site` now takes the incident part in `bytes`, stored
/// under the program stamp `stamp`.
fn taken_from(site: &Path, bytes: &[u8], stamp: &str) -> bool {
    let mut cache = ReadCache::stored(bytes.to_vec(), stamp);
    Site::load_with(site, Some(&mut cache)).unwrap_or_else(|d| panic!("{d:?}"));
    cache.hit()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_build_after_a_note_edit_takes_the_incidents_read_last_and_equals_a_clean_one() {
    let (tmp, site, out) = site("kept-read");
    let warned = build(&site, &out);
    assert!(
        warned.iter().any(|w| w.contains("a.csv")),
        "the repeated row warns: {warned:?}"
    );
    assert!(taken(&site, &out), "the same files: the part is taken");
    let (first, _) = stored(&out);

    let note = site.join("content/meetings/2024-01-11-operativ.md");
    edit(&note, "Inget särskilt.", "Klotter vid skolan.");
    assert!(taken(&site, &out), "a note is not an incident file");
    let warnings = build(&site, &out);
    assert!(stored(&out).0 == first);
    let clean = tmp.join("clean");
    assert_eq!(warnings, build(&site, &clean), "the same warnings");
    assert_eq!(outputs(&out), outputs(&clean));
    assert!(stored(&clean).0 == first, "what a clean build stores");
}

#[test]
fn an_incident_file_changed_with_its_size_and_time_kept_is_read_again() {
    let (tmp, site, out) = site("kept-read-contents");
    build(&site, &out);
    let (first, _) = stored(&out);
    // Another hour, the same length, and the old modification time put
    // back: only the contents tell.
    let csv = site.join("content/incidents/a.csv");
    let time = std::fs::metadata(&csv).unwrap().modified().unwrap();
    let len = std::fs::metadata(&csv).unwrap().len();
    edit(&csv, "2023-01-10,10:00", "2023-01-10,23:00");
    let file = std::fs::File::options().write(true).open(&csv).unwrap();
    file.set_modified(time).unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&csv).unwrap().len(), len);
    assert!(!taken(&site, &out), "other contents: read again");

    build(&site, &out);
    assert!(stored(&out).0 != first, "stored anew");
    let clean = as_clean(&site, &out, tmp.join("clean"));
    assert!(stored(&out).0 == stored(&clean).0);
}

#[test]
fn a_damaged_or_foreign_stored_part_is_read_again_and_replaced() {
    let (tmp, site, out) = site("kept-read-damaged");
    build(&site, &out);
    let (first, stamp) = stored(&out);
    let clean = tmp.join("clean");
    build(&site, &clean);
    let path = out.join(".lagesbild.read");
    let head = HEAD.len();
    let mut foreign = first.clone();
    foreign[head..head + stamp.len()].fill(b'0');
    let damaged: [Vec<u8>; 4] = [
        first[..first.len() / 2].to_vec(),
        first.iter().map(|b| b ^ 1).collect(),
        // Another program's stamp (so the check fails too).
        foreign,
        Vec::new(),
    ];
    assert!(taken_from(&site, &first, &stamp));
    for (k, bytes) in damaged.iter().enumerate() {
        std::fs::write(&path, bytes).unwrap();
        assert!(!taken_from(&site, bytes, &stamp), "case {k}");
        build(&site, &out);
        assert!(stored(&out).0 == first, "case {k}: replaced whole");
        assert_eq!(outputs(&out), outputs(&clean), "case {k}");
    }
}

/// Whether the kept file `name` of `out` is the same file as when
/// `witness` was made ([`witness`]): not written again since.
#[cfg(unix)]
fn same_file(out: &Path, name: &str, witness: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
    ino(&out.join(name)) == ino(witness)
}

/// A second name of the kept file `name` of `out`, which keeps its inode
/// from being taken by the file written next.
/// It is made beside the site folder (in the test's own folder), not in
/// it: a file there would be an input.
#[cfg(unix)]
fn witness(out: &Path, name: &str) -> PathBuf {
    let test_dir = out.ancestors().find(|d| d.join("site").is_dir()).unwrap();
    let witness = test_dir.join(format!("witness{name}"));
    let _ = std::fs::remove_file(&witness);
    std::fs::hard_link(out.join(name), &witness).unwrap();
    witness
}

const READ: &str = lagesbild::output::READ_FILE;
const ANALYSIS: &str = lagesbild::output::ANALYSIS_FILE;

#[cfg(unix)]
#[test]
fn a_forced_build_takes_nothing_kept_and_rewrites_only_what_differs() {
    use lagesbild::progress::Silent;
    let (_tmp, site, out) = site("kept-read-force");
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let build = |force| match Site::build_if_changed(&site, &out, None, &Silent, force) {
        Ok(lagesbild::site::Built::Full(_, summary)) => summary.taken,
        _ => panic!("a full build expected"),
    };
    assert_eq!(build(false), (false, false), "nothing kept yet");
    let first = stored(&out).0;
    let (read, analysis) = (witness(&out, READ), witness(&out, ANALYSIS));
    edit(&note, "Inget särskilt.", "Klotter vid skolan.");
    assert_eq!(build(false), (true, true), "a note edited: both taken");
    assert!(same_file(&out, READ, &read), "taken: not written again");
    assert!(
        same_file(&out, ANALYSIS, &analysis),
        "taken: not written again"
    );
    edit(&note, "Klotter vid skolan.", "Inget särskilt.");
    assert_eq!(build(true), (false, false), "forced: both made again");
    // The read part made again is the one stored: left as it is; the
    // analysis is written again.
    assert!(
        same_file(&out, READ, &read),
        "the same part: not written again"
    );
    assert!(!same_file(&out, ANALYSIS, &analysis), "written again");
    assert!(std::fs::read(&analysis).unwrap() == stored_analysis(&out));
    assert!(taken(&site, &out) && analysis_taken(&site, &out));
    // A stored read part that is not this build's is replaced.
    let mut other = stored(&out).0;
    let middle = other.len() / 2;
    other[middle] ^= 1;
    std::fs::remove_file(out.join(READ)).unwrap();
    std::fs::write(out.join(READ), &other).unwrap();
    // (The witness of the part before is replaced by one of this file.)
    let damaged = witness(&out, READ);
    assert_eq!(build(true), (false, false));
    assert!(!same_file(&out, READ, &damaged), "damaged: written again");
    assert!(first == stored(&out).0, "as before");
}

#[cfg(unix)]
#[test]
fn a_damaged_analysis_is_made_again_and_an_output_folder_inside_the_inputs_is_left_out_of_the_key()
{
    let (tmp, site, _) = site("kept-analysis-damaged");
    // The output folder inside `content/`, whose files the key would
    // otherwise take in (and so never be the same twice).
    let out = site.join("content/utdata");
    build(&site, &out);
    let first = stored_analysis(&out);
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    edit(&note, "Inget särskilt.", "Klotter vid skolan.");
    let read = witness(&out, READ);
    let mut damaged = first.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 1;
    std::fs::write(out.join(ANALYSIS), &damaged).unwrap();
    assert!(!analysis_taken(&site, &out));
    build(&site, &out);
    assert!(same_file(&out, READ, &read), "the read part taken");
    assert!(stored_analysis(&out) == first, "made again, the same");
    as_clean(&site, &out, tmp.join("clean"));
}

#[test]
fn the_analysis_is_taken_after_a_note_edit_and_made_anew_when_a_meeting_or_an_input_changes() {
    let (tmp, site, out) = site("kept-analysis");
    build(&site, &out);
    assert!(analysis_taken(&site, &out), "nothing changed");
    let first = stored_analysis(&out);

    // A note's text: taken, not written again.
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    edit(&note, "Inget särskilt.", "Klotter vid skolan.");
    assert!(analysis_taken(&site, &out));
    assert_eq!(built_taking(&site, &out), (true, true));
    assert!(
        stored_analysis(&out) == first,
        "taken, so not written again"
    );

    // A new operative meeting ends a period: made anew.
    let text = std::fs::read_to_string(&note).unwrap();
    let added = site.join("content/meetings/2024-03-21-operativ.md");
    std::fs::write(&added, text.replace("2024-01-11", "2024-03-21")).unwrap();
    assert!(!analysis_taken(&site, &out), "a meeting added");
    assert_eq!(
        built_taking(&site, &out),
        (true, false),
        "the incidents read taken"
    );
    assert!(stored_analysis(&out) != first);
    let clean = as_clean(&site, &out, tmp.join("clean"));
    assert!(stored_analysis(&out) == stored_analysis(&clean));

    // Any input but the notes (here a page): made anew, and read anew.
    let kept = stored_analysis(&out);
    edit(
        &site.join("content/pages/om.md"),
        "Testsidan.",
        "Testsidan, med en rad till.",
    );
    assert!(!analysis_taken(&site, &out), "a page edited");
    assert!(!taken(&site, &out));
    assert_eq!(built_taking(&site, &out), (false, false));
    assert!(analysis_taken(&site, &out));
    as_clean(&site, &out, tmp.join("clean-2"));
    assert!(
        stored_analysis(&out) != kept,
        "stored anew, under the new key"
    );
}

/// An incident file of `n` rows of 2023, the first at 00:00, no two alike
/// (below half a million).
fn rows(n: u32) -> String {
    let mut csv = String::from("date,time,category,place,organisation,count,description\n");
    let first = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    for k in 0..n {
        let day = first + chrono::Days::new(u64::from(k % 365));
        let (category, place, org) = match k % 3 {
            0 => ("skadegorelse", "torget", "Polisen"),
            1 => ("klotter", "skolan", "Kommunen"),
            _ => ("klotter", "torget", "Polisen"),
        };
        let time = format!("{:02}:{:02}", (k / 365) % 24, (k / 8760) % 60);
        csv.push_str(&format!("{day},{time},{category},{place},{org},1,\n"));
    }
    csv
}

#[test]
fn a_part_large_enough_to_be_mapped_is_taken_and_equals_a_clean_build() {
    let (tmp, site, out) = site("kept-read-mapped");
    // 40,000 rows: 1.2 MiB of incidents, so the part is mapped, not read
    // (`output::kept`, parts of 1 MiB or more), and used where it lies.
    std::fs::write(site.join("content/incidents/many.csv"), rows(40_000)).unwrap();
    built_taking(&site, &out);
    let (first_part, _) = stored(&out);
    assert!(first_part.len() > 1 << 20, "{} bytes", first_part.len());
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    edit(&note, "Inget särskilt.", "Klotter vid skolan.");
    assert_eq!(built_taking(&site, &out), (true, true), "both taken");
    assert!(stored(&out).0 == first_part, "not written again");
    as_clean(&site, &out, tmp.join("clean"));
}

#[test]
fn a_note_is_read_from_the_bytes_its_hash_was_taken_of() {
    let (_tmp, site, out) = site("kept-read-texts");
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let seen = lagesbild::source::seen::Seen::default();
    let trust = lagesbild::source::seen::Trust::now(&seen);
    let (_, hashes) =
        lagesbild::source::inputs::fingerprint_and_hashes(&site, &out, trust).unwrap();
    // Saved again after the build hashed it: the build reads what it
    // hashed, so its key and its pages are of the same text.
    edit(&note, "Inget särskilt.", "Sparad under bygget.");
    let mut cache = ReadCache::stored(Vec::new(), "p").knowing(hashes, &out);
    let read = Site::load_with(&site, Some(&mut cache)).unwrap_or_else(|d| panic!("{d:?}"));
    let body = |site: &Site| {
        (site.model.meetings.iter())
            .find(|m| m.slug == "2024-01-11-operativ")
            .map(|m| m.body.clone())
            .unwrap()
    };
    assert!(body(&read).contains("Inget särskilt."), "{}", body(&read));
    let now = Site::load(&site).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(body(&now).contains("Sparad under bygget."), "read anew");
}

/// The large input files `out` records as hashed (`source::seen`): the
/// last field of each line after the header.
fn recorded_inputs(out: &Path) -> Vec<String> {
    let bytes = std::fs::read(out.join(lagesbild::output::INPUTS_FILE)).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes[..bytes.len().saturating_sub(8)]).into_owned();
    let lines = text.lines().skip(1);
    lines
        .map(|l| l.rsplit(' ').next().unwrap().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_large_incident_file_is_recorded_once_settled_and_read_again_once_rewritten() {
    use lagesbild::progress::Silent;
    use lagesbild::site::Built;
    let (tmp, site, out) = common::basic_site("kept-inputs");
    // 10,000 rows: more than one piece of the hashing, so recorded (the
    // fixture's own file is smaller: hashed at every build).
    let csv = site.join("content/incidents/many.csv");
    std::fs::write(&csv, rows(10_000)).unwrap();
    assert!(std::fs::metadata(&csv).unwrap().len() > lagesbild::source::seen::LARGE);
    let build = || match Site::build_if_changed(&site, &out, None, &Silent, false) {
        Ok(Built::Full(_, summary)) => Some(summary.taken),
        Ok(Built::UpToDate { .. }) => None,
        Err(e) => panic!("{:?}", e.diagnostics()),
    };
    assert_eq!(self::build(&site, &tmp.join("plain")), Vec::<String>::new());
    // Written just now (again, after that build): hashed, not recorded.
    std::fs::write(&csv, rows(10_000)).unwrap();
    assert_eq!(build(), Some((false, false)));
    assert_eq!(recorded_inputs(&out), Vec::<String>::new());
    // Settled: recorded by the next build, even one with nothing to do.
    std::thread::sleep(lagesbild::source::seen::SETTLE + std::time::Duration::from_millis(500));
    assert_eq!(build(), None, "nothing changed");
    assert_eq!(recorded_inputs(&out), ["content/incidents/many.csv"]);
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    edit(&note, "Inget särskilt.", "Klotter vid skolan.");
    assert_eq!(build(), Some((true, true)), "a note edited: both taken");
    assert_eq!(recorded_inputs(&out), ["content/incidents/many.csv"]);
    // Rewritten with the same length and its modification time put back:
    // its change time tells, so it is read again.
    let meta = std::fs::metadata(&csv).unwrap();
    edit(&csv, "2023-01-01,00:00", "2023-01-01,23:00");
    let file = std::fs::File::options().write(true).open(&csv).unwrap();
    file.set_modified(meta.modified().unwrap()).unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&csv).unwrap().len(), meta.len());
    assert_eq!(build(), Some((false, false)), "read again");
    assert_eq!(recorded_inputs(&out), Vec::<String>::new(), "not settled");
    as_clean(&site, &out, tmp.join("clean"));
}

#[cfg(unix)]
#[test]
fn a_file_planted_in_an_output_folder_recorded_as_left_is_swept_out_two_builds_on() {
    use lagesbild::progress::Silent;
    let (tmp, site, out) = common::basic_site("kept-folders");
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let mut edits = 0;
    let mut edited_build = || {
        edits += 1;
        let text = std::fs::read_to_string(&note).unwrap();
        std::fs::write(&note, format!("{text}\nÄndring {edits}.\n")).unwrap();
        match Site::build_if_changed(&site, &out, None, &Silent, false) {
            Ok(lagesbild::site::Built::Full(..)) => {}
            _ => panic!("a full build expected"),
        }
    };
    // Two builds: the outputs alternate between two folders. Once their
    // folders' times are settled, the next two builds record them, so
    // the fifth takes the first tree's record.
    edited_build();
    edited_build();
    std::thread::sleep(lagesbild::source::seen::SETTLE + std::time::Duration::from_millis(500));
    edited_build();
    edited_build();
    let record = std::fs::read(out.join(lagesbild::output::FOLDERS_FILE)).unwrap();
    assert!(
        record.len() > 40 * 20,
        "folders recorded: {} bytes",
        record.len()
    );
    edited_build();
    // Files put into folders of the current outputs that the record has
    // as they are (a note edit changes a report's folder, not the folder
    // of all reports): the build after next stages into that very tree,
    // and would not read them.
    let record = std::fs::read(out.join(lagesbild::output::FOLDERS_FILE)).unwrap();
    let header = record.split(|b| *b == b'\n').next().unwrap();
    let stamp = String::from_utf8_lossy(header)
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    let folders = lagesbild::output::folders::Folders::stored(&record, &stamp);
    assert_ne!(folders, Default::default(), "{stamp}");
    let planted = [("internal", "reports"), ("public", "reports")].map(|(output, folder)| {
        let dir = out.join(output).join(folder);
        let mut names: Vec<(String, bool)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().into_string().unwrap(),
                    e.file_type().unwrap().is_dir(),
                )
            })
            .collect();
        let mut names: Vec<(&str, bool)> =
            names.iter_mut().map(|(n, d)| (n.as_str(), *d)).collect();
        let hash = lagesbild::output::folders::names_hash(&mut names);
        let stamp = lagesbild::output::folders::DirStamp::of(&std::fs::metadata(&dir).unwrap());
        assert!(
            folders.seed(output).holds(folder, &stamp.unwrap(), hash),
            "{output}/{folder} recorded as it is"
        );
        dir.join("planted.html")
    });
    for file in &planted {
        std::fs::write(file, "x").unwrap();
    }
    edited_build();
    edited_build();
    for file in &planted {
        assert!(!file.exists(), "{} swept out", file.display());
    }
    as_clean(&site, &out, tmp.join("clean"));
}
