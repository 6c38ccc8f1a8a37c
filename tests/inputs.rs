//! What a site may make the program read and write: page names that clash
//! or run long, paths in the configuration that leave the site, links in
//! the content folders, and a closed standard output.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use lagesbild::site::Site;

/// A copy of the basic fixture in a fresh temporary folder.
fn basic_copy(name: &str) -> common::TempDir {
    let site = common::temp_dir(name);
    for (path, bytes) in common::read_tree(&common::fixture("basic")) {
        let to = site.join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    site
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap_or_default();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

/// The messages of a failed load, one a line.
fn errors(site: &Path) -> String {
    let d = Site::load(site).err().expect("the load fails");
    d.errors()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_area_differing_only_in_case_is_an_error_naming_both_sources() {
    let site = basic_copy("clash-area");
    // The register's torget lies in "Centrum" (places.toml line 4).
    std::fs::write(
        site.join("content/incidents/partner.csv"),
        "date,category,place,area,organisation\n2024-03-01,klotter,Parken,centrum,Partnern\n",
    )
    .unwrap();
    let e = errors(&site);
    assert!(e.contains("partner.csv:2"), "{e}");
    assert!(e.contains("places.toml:4"), "{e}");
    assert!(
        e.contains("\"centrum\"") && e.contains("\"Centrum\""),
        "{e}"
    );
    assert!(Site::build(&site, &common::temp_dir("clash-area-out"), None).is_err());
}

#[test]
fn place_ids_with_one_page_name_are_an_error() {
    let site = basic_copy("clash-place");
    append(
        &site.join("content/places.toml"),
        "\n[[places]]\nid = \"Torget\"\nname = \"Stora torget\"\n",
    );
    let e = errors(&site);
    let line = e
        .lines()
        .find(|l| l.contains("same page"))
        .unwrap_or_else(|| panic!("{e}"));
    assert!(line.contains("places.toml:"), "{line}");
    assert!(
        line.contains("\"Torget\"")
            && line.contains("\"torget\"")
            && line.contains("places.toml:2"),
        "{line}"
    );
}

#[test]
fn unreadable_and_long_ids_get_stable_names() {
    let site = basic_copy("names");
    let long = "Gatan ".repeat(30);
    append(
        &site.join("content/places.toml"),
        &format!(
            "\n[[places]]\nid = \"Ωμέγα\"\nname = \"Omega\"\n\n[[places]]\nid = \"{long}\"\nname = \"Lång\"\n"
        ),
    );
    let out = common::temp_dir("names-out");
    let (s, _) = Site::build(&site, &out, Some("internal"))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let warning = s
        .diagnostics
        .warnings()
        .map(|d| d.to_string())
        .find(|d| d.contains("too long for a page name"))
        .expect("a warning for the long id");
    assert!(warning.contains("places.toml:"), "{warning}");
    let places: Vec<String> = std::fs::read_dir(out.join("internal/places"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let hashed = places.iter().filter(|p| p.starts_with("x-")).count();
    assert_eq!(hashed, 1, "{places:?}");
    let cut: Vec<_> = places
        .iter()
        .filter(|p| p.starts_with("gatan-gatan"))
        .collect();
    assert!(cut.len() == 1 && cut[0].len() == 100, "{cut:?}");
    assert!(common::broken_links(&out.join("internal")).is_empty());
}

#[test]
fn a_config_path_leaving_the_site_is_an_error_at_its_line() {
    let site = basic_copy("outside");
    let config = site.join("lagesbild.toml");
    let lines = std::fs::read_to_string(&config).unwrap().lines().count();
    append(&config, "\n[areas]\nfile = \"/etc/passwd\"\n");
    let e = errors(&site);
    let want = format!("lagesbild.toml:{}:8", lines + 3);
    assert!(
        e.contains(&want) && e.contains("/etc/passwd"),
        "{want} in {e}"
    );

    let site = basic_copy("outside-dots");
    append(
        &site.join("lagesbild.toml"),
        "\n[areas]\nfile = \"../../lagesbild.toml\"\n",
    );
    assert!(errors(&site).contains("leaves the site folder"));
}

#[cfg(unix)]
#[test]
fn links_are_followed_inside_the_site_only() {
    use std::os::unix::fs::symlink;
    let site = basic_copy("links");
    let outside = common::temp_dir("links-outside");
    std::fs::write(
        outside.join("secret.csv"),
        "date,category,place,organisation\n2024-03-01,klotter,torget,Hemligt\n",
    )
    .unwrap();
    let inc = site.join("content/incidents");
    symlink(outside.join("secret.csv"), inc.join("secret.csv")).unwrap();
    symlink(&outside, inc.join("utanfor")).unwrap();
    // A link to a file inside the site is followed.
    std::fs::create_dir_all(site.join("arkiv")).unwrap();
    std::fs::write(
        site.join("arkiv/inne.csv"),
        "date,category,place,organisation\n2024-03-02,klotter,torget,Inne\n",
    )
    .unwrap();
    symlink(site.join("arkiv/inne.csv"), inc.join("inne.csv")).unwrap();
    std::fs::write(
        outside.join("host.md"),
        "+++\ntitle = \"Värd\"\n+++\nHemligt\n",
    )
    .unwrap();
    symlink(outside.join("host.md"), site.join("content/pages/host.md")).unwrap();

    let s = Site::load(&site).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(s.model.organisations.iter().any(|o| o == "Inne"));
    assert!(!s.model.organisations.iter().any(|o| o == "Hemligt"));
    let warnings: Vec<String> = s.diagnostics.warnings().map(|d| d.to_string()).collect();
    for link in ["secret.csv", "utanfor", "host.md"] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(link) && w.contains("leads outside the site folder")),
            "{link}: {warnings:#?}"
        );
    }
}

/// `lagesbild check | head -0`: the reader is gone before the summary.
#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lagesbild"))
        .args(["check", "--site"])
        .arg(common::fixture("basic"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let full = std::fs::File::create("/dev/full");
    if let Ok(full) = full {
        let out = Command::new(env!("CARGO_BIN_EXE_lagesbild"))
            .args(["check", "--site"])
            .arg(common::fixture("basic"))
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
