//! A build takes from the current output the pages whose views did not
//! change since the build that wrote it (`output::PageRecord`), and the
//! result is the output a clean build writes.

mod common;

use std::path::Path;

use lagesbild::site::{Site, Summary};

use common::{basic_site, build_summary as build, outputs};

fn pages(summary: &Summary) -> usize {
    summary.outputs.iter().map(|(_, _, pages, _)| pages).sum()
}

/// Replaces `from` by `to` in one note's text.
fn edit_note_text(site: &Path, from: &str, to: &str) {
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let text = std::fs::read_to_string(&note).unwrap();
    assert!(text.contains(from));
    std::fs::write(&note, text.replace(from, to)).unwrap();
}

fn edit_note(site: &Path) {
    edit_note_text(site, "Inget särskilt.", "Klotter vid skolan.");
}

#[test]
fn a_build_after_a_note_edit_renders_only_what_changed_and_equals_a_clean_one() {
    let (tmp, site, out) = basic_site("kept-pages");

    let first = build(&site, &out);
    assert_eq!(first.kept, 0, "nothing to keep from an empty folder");

    // Nothing changed: every page but each output's search page (made
    // outside the pages) is taken as it is.
    let again = build(&site, &out);
    assert_eq!(again.kept, pages(&again) - again.outputs.len());
    assert_eq!(pages(&again), pages(&first));

    // One note edited: its page, the lists and the reports that show it
    // are rendered again, the others kept; the whole equals a clean build.
    edit_note(&site);
    let edited = build(&site, &out);
    assert!(
        edited.kept > 0 && edited.kept < again.kept,
        "{} of {}",
        edited.kept,
        again.kept
    );
    let clean = tmp.join("clean");
    build(&site, &clean);
    assert_eq!(outputs(&out), outputs(&clean));
}

#[test]
fn a_file_changed_by_hand_or_a_record_of_another_program_means_rendering_again() {
    let (tmp, site, out) = basic_site("kept-pages-hand");
    let clean = tmp.join("clean");
    build(&site, &clean);
    let first = build(&site, &out);

    // A page's file edited in the output: that page is rendered again.
    let index = out.join("internal/index.html");
    let mut html = std::fs::read(&index).unwrap();
    html.extend_from_slice(b"<!-- edited by hand -->");
    std::fs::write(&index, html).unwrap();
    // And a report's data file removed: its page is rendered again too.
    let report = common::read_tree(&out.join("internal"))
        .into_keys()
        .find(|p| p.ends_with("data.csv"))
        .expect("a report with its data");
    std::fs::remove_file(out.join("internal").join(&report)).unwrap();
    let again = build(&site, &out);
    assert_eq!(again.kept, pages(&first) - first.outputs.len() - 2);
    assert_eq!(outputs(&out), outputs(&clean));

    // A file of a page that build staged again (its size, time and inode
    // recorded as the record had them, not looked up afresh) edited by
    // hand: that page is rendered again too.
    let meeting = common::read_tree(&out.join("internal"))
        .into_keys()
        .find(|p| p.starts_with("meetings/") && p.ends_with("/index.html"))
        .expect("a meeting's page");
    let meeting = out.join("internal").join(meeting);
    let mut html = std::fs::read(&meeting).unwrap();
    html.extend_from_slice(b"<!-- edited by hand -->");
    std::fs::write(&meeting, html).unwrap();
    let third = build(&site, &out);
    assert_eq!(third.kept, pages(&first) - first.outputs.len() - 1);
    assert_eq!(outputs(&out), outputs(&clean));

    // A record another program wrote is not read.
    let record = out.join(".lagesbild.pages");
    let text = std::fs::read_to_string(&record).unwrap();
    let (head, rest) = text.split_once('\n').unwrap();
    assert!(head.starts_with("lagesbild pages 1 "), "{head}");
    std::fs::write(
        &record,
        format!("lagesbild pages 1 0123456789abcdef\n{rest}"),
    )
    .unwrap();
    assert_eq!(build(&site, &out).kept, 0);
    // A damaged one neither.
    std::fs::write(&record, text.replace("page\t", "page\tzz")).unwrap();
    assert_eq!(build(&site, &out).kept, 0);
    // Nor one naming a file outside the output.
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.contains("\tindex.html\tindex.html\t"), "{text}");
    let outside = text.replacen(
        "\tindex.html\tindex.html\t",
        "\tindex.html\t../index.html\t",
        1,
    );
    std::fs::write(&record, outside).unwrap();
    assert_eq!(build(&site, &out).kept, 0);
    assert_eq!(outputs(&out), outputs(&clean));
}

#[test]
fn a_forced_build_renders_every_page_again() {
    use lagesbild::progress::Silent;
    use lagesbild::site::Built;
    let (_tmp, site, out) = basic_site("kept-pages-force");
    let first = build(&site, &out);
    edit_note(&site);
    let kept = |force| match Site::build_if_changed(&site, &out, None, &Silent, force) {
        Ok(Built::Full(_, summary)) => summary.kept,
        Ok(Built::UpToDate { .. }) => panic!("a full build expected"),
        Err(e) => panic!("{:?}", e.diagnostics()),
    };
    assert_eq!(kept(true), 0);
    // Forced again: a full build though nothing changed, still nothing kept.
    assert_eq!(kept(true), 0);
    edit_note_text(&site, "Klotter vid skolan.", "Inget särskilt.");
    assert!(kept(false) > pages(&first) / 2);
}

#[test]
fn the_command_line_says_how_many_pages_it_took_as_they_were() {
    let (_tmp, site, out) = basic_site("kept-pages-cli");
    let run = || {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_lagesbild"))
            .args(["build", "--site"])
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .env("LAGESBILD_LANG", "sv")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let first = run();
    assert!(!first.contains("oförändrade"), "{first}");
    edit_note(&site);
    let second = run();
    let line = second
        .lines()
        .find(|l| l.contains("oförändrade"))
        .unwrap_or_else(|| panic!("{second}"));
    let pages: usize = first
        .lines()
        .filter_map(|l| {
            l.split_once(" sidor (")?
                .0
                .rsplit(' ')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    assert!(
        line.ends_with(&format!(
            " av {pages} sidor var oförändrade sedan förra bygget och togs som de var"
        )),
        "{line}"
    );
    let kept: usize = line.trim().split(' ').next().unwrap().parse().unwrap();
    assert!(kept > 0 && kept < pages, "{line}");
}

#[test]
fn a_page_file_replaced_in_the_output_is_staged_again_as_recorded() {
    let (tmp, site, out) = basic_site("kept-pages-replaced");
    let clean = tmp.join("clean");
    build(&site, &clean);
    // Three builds: from the third on, the staging folder starts as the
    // output the last swap replaced, which shares the unchanged files.
    let first = build(&site, &out);
    build(&site, &out);
    build(&site, &out);
    // A page's file replaced by another file (a new inode), as an editor
    // saving a copy would: the file the last build recorded is still the
    // seed's, and it is what the output holds again.
    let index = out.join("internal/index.html");
    let planted = out.join("planted.html");
    std::fs::write(&planted, "<!-- replaced by hand -->").unwrap();
    std::fs::rename(&planted, &index).unwrap();
    let again = build(&site, &out);
    assert_eq!(again.kept, pages(&first) - first.outputs.len());
    let html = std::fs::read_to_string(&index).unwrap();
    assert!(!html.contains("replaced by hand"), "{html}");
    assert_eq!(outputs(&out), outputs(&clean));
}
