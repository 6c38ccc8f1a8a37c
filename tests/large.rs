//! Large inputs that used to take quadratic time or grow the output with
//! their size, each generated here. They are `#[ignore]`d by `cargo test`
//! and run by `benches/run` (or by hand:
//! `cargo test --release --test large -- --ignored`); each must finish
//! within its limit. With `LAGESBILD_LARGE_DIR` set the generated sites
//! are written there and kept, to be measured by hand (BENCHMARKS.md).

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CONFIG: &str = "[site]\ntitle = \"Stor\"\n\n[municipality]\nname = \"Testkommun\"\n\
    latitude = 59.33\nlongitude = 18.07\n\n[[categories]]\nid = \"brand\"\nlabel = \"Brand\"\n\
    public = true\n\n[reports]\ncadences = [\"month\", \"year\"]\n";

fn site(name: &str) -> common::TempDir {
    let dir = match std::env::var_os("LAGESBILD_LARGE_DIR") {
        Some(d) => common::TempDir::kept(Path::new(&d).join(name)),
        None => common::temp_dir(&format!("large-{name}")),
    };
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content/incidents")).unwrap();
    std::fs::create_dir_all(dir.join("content/meetings")).unwrap();
    std::fs::write(dir.join("lagesbild.toml"), CONFIG).unwrap();
    dir
}

fn incidents(dir: &Path, rows: &str) {
    let text = format!("datum;kategori;antal;latitud;longitud\n{rows}");
    std::fs::write(dir.join("content/incidents/a.csv"), text).unwrap();
}

/// Builds `dir` with the binary; fails if that takes longer than `limit`.
fn build(dir: &Path, limit: Duration) -> PathBuf {
    let out = dir.join("dist");
    let started = Instant::now();
    let run = Command::new(env!("CARGO_BIN_EXE_lagesbild"))
        .args(["build", "--quiet", "--site"])
        .arg(dir)
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(took < limit, "took {took:?}, limit {limit:?}");
    eprintln!("{}: {took:.2?}", dir.display());
    out
}

fn size(dir: &Path) -> usize {
    common::read_tree(dir).values().map(Vec::len).sum()
}

#[test]
#[ignore = "a large generated input, slow in a debug build: benches/run runs it in release"]
fn thirty_thousand_actions() {
    let dir = site("actions");
    incidents(&dir, "2024-01-05;brand;1;;\n");
    // 100 notes of 300 new actions each; each note restates the previous
    // note's 300 as done. Every other note is public.
    for n in 0..100 {
        let mut note = format!(
            "+++\ntitle = \"Möte {n}\"\ndate = 2024-{:02}-{:02}\ngroup = \"operative\"\n\
             public = {}\npublic_summary = \"Sammanfattning\"\n",
            1 + n / 28 % 12,
            1 + n % 28,
            n % 2 == 0
        );
        for k in 0..300 {
            let _ = write!(
                note,
                "\n[[actions]]\nid = \"A-{n}-{k}\"\nwhat = \"Åtgärd {k}\"\nstatus = \"ongoing\"\npublic = true\n"
            );
            if n > 0 {
                let _ = write!(
                    note,
                    "\n[[actions]]\nid = \"A-{}-{k}\"\nstatus = \"done\"\n",
                    n - 1
                );
            }
        }
        note.push_str("+++\nText.\n");
        std::fs::write(dir.join(format!("content/meetings/m{n:03}.md")), note).unwrap();
    }
    let out = build(&dir, Duration::from_secs(120));
    let actions = std::fs::read_to_string(out.join("internal/actions/index.html")).unwrap();
    assert!(actions.contains("A-99-299") && actions.contains("A-0-0"));
}

#[test]
#[ignore = "a large generated input, slow in a debug build: benches/run runs it in release"]
fn twenty_thousand_identical_headings() {
    let dir = site("headings");
    incidents(&dir, "2024-01-05;brand;1;;\n");
    let mut note =
        "+++\ntitle = \"Rubriker\"\ndate = 2024-01-10\ngroup = \"operative\"\n+++\n".to_string();
    for _ in 0..20_000 {
        note.push_str("\n## Läget\n\ntext\n");
    }
    std::fs::write(dir.join("content/meetings/m.md"), note).unwrap();
    let out = build(&dir, Duration::from_secs(120));
    let tree = common::read_tree(&out.join("internal"));
    let page = tree
        .iter()
        .find(|(p, b)| p.ends_with(".html") && b.windows(12).any(|w| w == b"id=\"laget-20"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("the note page");
    assert!(page.contains("id=\"laget-20000\"") && !page.contains("id=\"laget-20001\""));
}

/// A GeoJSON of one area whose outer ring is a circle of `n` points.
fn circle_geojson(n: usize) -> String {
    let mut ring = String::new();
    for i in 0..=n {
        let a = (i % n) as f64 / n as f64 * std::f64::consts::TAU;
        let _ = write!(
            ring,
            "{}[{:.7},{:.7}]",
            if i == 0 { "" } else { "," },
            18.07 + 0.05 * a.cos(),
            59.33 + 0.025 * a.sin()
        );
    }
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\
         \"properties\":{{\"name\":\"Rund\"}},\"geometry\":{{\"type\":\"Polygon\",\
         \"coordinates\":[[{ring}]]}}}}]}}"
    )
}

#[test]
#[ignore = "a large generated input, slow in a debug build: benches/run runs it in release"]
fn a_200_000_vertex_area_draws_small_and_counts_exactly() {
    let mut rows = String::new();
    for i in 0..2_000 {
        // Half inside the circle, half outside it; no two rows alike.
        let lat = if i % 2 == 0 { 59.33 } else { 59.40 };
        let lon = 18.07 + i as f64 * 1e-6;
        let _ = writeln!(rows, "2024-{:02}-10;brand;1;{lat};{lon:.6}", 1 + i % 12);
    }
    let mut sizes = Vec::new();
    for n in [40, 200_000] {
        let dir = site(&format!("polygon-{n}"));
        incidents(&dir, &rows);
        std::fs::write(dir.join("content/areas.geojson"), circle_geojson(n)).unwrap();
        let out = build(&dir, Duration::from_secs(120));
        // Counted on the full geometry: the 1,000 points inside, exactly.
        let data =
            std::fs::read_to_string(out.join("internal/reports/year/2024/data.json")).unwrap();
        let data: serde_json::Value = serde_json::from_str(&data).unwrap();
        let rund = data["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["label"] == "Rund")
            .unwrap();
        assert_eq!(rund["count"], 1000);
        let largest = common::read_tree(&out)
            .values()
            .map(Vec::len)
            .max()
            .unwrap();
        eprintln!("{n} vertices: largest file {largest} bytes");
        sizes.push(size(&out));
    }
    let growth = sizes[1].saturating_sub(sizes[0]);
    eprintln!(
        "output {} bytes with 40 vertices, {} with 200,000",
        sizes[0], sizes[1]
    );
    assert!(
        growth < 400_000,
        "200,000 vertices grew the output by {growth} bytes"
    );
}
