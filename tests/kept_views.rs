//! A build takes the internal report, place and area pages that did not
//! change since the last build without even making their views: their
//! fingerprints are known from the data parts' fingerprints the last
//! build kept (`OUT/.lagesbild.views`, `audience::memo`) and from what
//! the notes add (`audience::view::TakenPage`). The result is the output
//! a clean build writes, the search index and the feed included.

mod common;

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use lagesbild::config::Cadence;
use lagesbild::output::VIEWS_FILE;
use lagesbild::site::Site;

use common::{basic_site, build_summary as build, outputs};

/// Builds `site` afresh into a folder of its own and checks that `out`
/// holds the same outputs.
fn as_clean(site: &Path, out: &Path, clean: PathBuf) {
    build(site, &clean);
    let (got, want) = (outputs(out), outputs(&clean));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &want {
        assert!(got[path] == *bytes, "{path} differs from a clean build's");
    }
}

/// Replaces `from` by `to` in note `name`'s text.
fn edit(site: &Path, name: &str, from: &str, to: &str) {
    let note = site.join("content/meetings").join(name);
    let text = std::fs::read_to_string(&note).unwrap();
    assert!(text.contains(from), "{name} holds {from}");
    std::fs::write(&note, text.replace(from, to)).unwrap();
}

/// The internal pages whose views can be known without being made: the
/// reports incident data cover (they have a `data.json`), the places'
/// and the areas' pages.
fn offered(out: &Path) -> usize {
    let files = outputs(out);
    let count = |prefix: &str, name: &str| {
        (files.keys())
            .filter(|p| p.starts_with(prefix) && p.ends_with(name))
            .count()
    };
    count("internal/reports/", "/data.json") + count("internal/places/", "/index.html")
        - usize::from(files.contains_key("internal/places/index.html"))
        + count("internal/areas/", "/index.html")
}

const COUNCIL: &str = "2024-01-18-radet.md";
const OPERATIVE: &str = "2024-02-08-operativ.md";

#[test]
fn unchanged_pages_are_taken_without_their_views_and_the_output_equals_a_clean_one() {
    let (tmp, site, out) = basic_site("kept-views");
    let first = build(&site, &out);
    assert_eq!(first.unviewed, 0, "nothing kept yet");
    let all = offered(&out);
    assert!(all >= 8, "reports, places and areas: {all}");

    // Nothing changed: every report, place and area page is taken.
    let again = build(&site, &out);
    assert_eq!(again.unviewed, all);
    as_clean(&site, &out, tmp.join("clean-0"));

    // A note's title is in the links of the report of its period: that
    // report's view is made again, the rest taken.
    edit(
        &site,
        OPERATIVE,
        "Operativ grupp 2024-02-08",
        "Operativ grupp, Torget",
    );
    let titled = build(&site, &out);
    assert!(titled.unviewed < all, "{} of {all}", titled.unviewed);
    assert!(titled.unviewed > 0);
    as_clean(&site, &out, tmp.join("clean-1"));

    // An action's status is in the register's rows the reports, its
    // place's page and its area's page list.
    edit(
        &site,
        COUNCIL,
        "status = \"planned\"",
        "status = \"ongoing\"",
    );
    let status = build(&site, &out);
    assert!(status.unviewed < all);
    as_clean(&site, &out, tmp.join("clean-2"));

    // An action placed elsewhere that targets Torget marks Torget's
    // timeline only: the page changes through the marks alone.
    edit(
        &site,
        OPERATIVE,
        "+++\n\n## Läget",
        "[[actions]]\nid = \"A-2\"\nwhat = \"Vakt vid skolan\"\nplace = \"skolan\"\n\
         status = \"ongoing\"\nstart = 2024-02-01\ntarget_places = [\"torget\"]\n+++\n\n## Läget",
    );
    build(&site, &out);
    let torget = || std::fs::read_to_string(out.join("internal/places/torget/index.html")).unwrap();
    let before = torget();
    assert!(before.contains("Insatsen A-2 (Vakt vid skolan) började 1 februari 2024."));
    as_clean(&site, &out, tmp.join("clean-3"));
    edit(&site, OPERATIVE, "start = 2024-02-01", "start = 2024-03-01");
    let moved = build(&site, &out);
    assert!(moved.unviewed < all);
    let after = torget();
    assert!(after.contains("Insatsen A-2 (Vakt vid skolan) började 1 mars 2024."));
    assert!(!after.contains("A-2 (Vakt vid skolan) började 1 februari"));
    as_clean(&site, &out, tmp.join("clean-4"));
    assert_eq!(build(&site, &out).unviewed, all, "all taken again");
}

#[test]
fn a_taken_page_whose_file_went_missing_is_made_again() {
    let (tmp, site, out) = basic_site("kept-views-missing");
    build(&site, &out);
    let all = offered(&out);
    let page = out.join("internal/places/torget/index.html");
    std::fs::remove_file(&page).unwrap();
    let summary = build(&site, &out);
    assert_eq!(summary.unviewed, all - 1);
    assert!(page.is_file());
    as_clean(&site, &out, tmp.join("clean"));
}

/// The most pages a build knows the fingerprint of without a stored one:
/// the latest operative report, whose view the start page shows a summary
/// of (made first, its fingerprint is known when its page is made), when
/// its page is the last build's.
const MADE_FIRST: usize = 1;

/// The stored prints as `audience::memo::Prints` writes them (postcard):
/// by report, and by profile with its span.
type Prints = (
    BTreeMap<(Cadence, usize), u64>,
    BTreeMap<usize, (u64, Option<(i32, usize)>)>,
);

const HEADER: &str = "lagesbild views 1";

/// The program stamp, key and prints of a stored file.
fn decoded(bytes: &[u8]) -> (String, u64, Prints) {
    let (stamp, body) = common::unframed(bytes, HEADER);
    let (key, prints): (u64, Prints) = postcard::from_bytes(body).unwrap();
    (stamp, key, prints)
}

/// `value` framed as the program `stamp` frames the stored prints.
fn framed(value: &impl serde::Serialize, stamp: &str) -> Vec<u8> {
    common::framed(HEADER, &postcard::to_stdvec(value).unwrap(), stamp)
}

#[test]
fn damaged_foreign_made_up_or_other_data_fingerprints_are_not_taken() {
    let (tmp, site, out) = basic_site("kept-views-damaged");
    build(&site, &out);
    let all = offered(&out);
    let stored = std::fs::read(out.join(VIEWS_FILE)).expect("fingerprints kept");

    let mut damaged = stored.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 1;
    let (stamp, key, prints) = decoded(&stored);
    let foreign = framed(&(key, &prints), "another program");
    // Under this program and key, but every print wrong, and prints of
    // reports and places there are not, with spans no date can hold.
    let (mut reports, mut profiles) = prints;
    reports.values_mut().for_each(|f| *f = f.wrapping_add(1));
    profiles
        .values_mut()
        .for_each(|(f, _)| *f = f.wrapping_add(1));
    reports.insert((Cadence::Year, 999), 7);
    profiles.insert(10_000, (7, Some((i32::MAX, usize::MAX))));
    profiles.insert(0, (7, Some((i32::MIN, usize::MAX))));
    let made_up = framed(&(key, (&reports, &profiles)), &stamp);
    for (what, bytes) in [
        ("made up", made_up),
        ("damaged", damaged),
        ("cut short", stored[..stored.len() - 1].to_vec()),
        ("foreign", foreign),
        ("empty", Vec::new()),
    ] {
        std::fs::write(out.join(VIEWS_FILE), &bytes).unwrap();
        assert_eq!(
            build(&site, &out).unviewed,
            MADE_FIRST,
            "{what}: none taken"
        );
        as_clean(&site, &out, tmp.join(what.replace(' ', "-")));
        assert_eq!(build(&site, &out).unviewed, all, "{what}: made again");
    }

    // Another day's incident data: another key, nothing taken.
    let csv = site.join("content/incidents/a.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let row = text.lines().nth(1).unwrap().to_string();
    std::fs::write(&csv, format!("{text}{row}\n")).unwrap();
    assert!(build(&site, &out).unviewed <= MADE_FIRST, "other data");
    as_clean(&site, &out, tmp.join("clean-data"));
    assert_eq!(build(&site, &out).unviewed, all);
}

#[cfg(unix)]
#[test]
fn a_forced_build_makes_every_view_and_its_fingerprints_anew() {
    use lagesbild::progress::Silent;
    use std::os::unix::fs::MetadataExt;
    let (tmp, site, out) = basic_site("kept-views-force");
    let build = |force| match Site::build_if_changed(&site, &out, None, &Silent, force) {
        Ok(lagesbild::site::Built::Full(_, summary)) => summary.unviewed,
        _ => panic!("a full build expected"),
    };
    build(false);
    // A second name keeps the stored file's inode from being reused.
    let witness = tmp.join("witness");
    std::fs::hard_link(out.join(VIEWS_FILE), &witness).unwrap();
    let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
    assert_eq!(build(true), 0);
    // Made anew, not taken from the file: written again, though the same.
    assert_ne!(inode(&out.join(VIEWS_FILE)), inode(&witness));
    assert_eq!(
        std::fs::read(out.join(VIEWS_FILE)).unwrap(),
        std::fs::read(&witness).unwrap()
    );
}
