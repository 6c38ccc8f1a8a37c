//! The same rows as Excel and other systems write them: Windows-1252 with
//! semicolons and `14.30` times, UTF-8 with a byte-order mark, and tabs. All
//! three must give byte-identical sites.

mod common;

use std::path::Path;

use lagesbild::site::Site;

const ROWS: [[&str; 6]; 5] = [
    [
        "2024-03-01",
        "14.30",
        "Skadegörelse",
        "Torget",
        "1",
        "Krossad ruta; vid kiosken",
    ],
    [
        "2024-03-02",
        "9.05",
        "klotter",
        "Norrskolan",
        "2",
        "Tagg \"XYZ\"",
    ],
    ["2024-03-02", "", "Brand", "skolan", "", "Papperskorg"],
    [
        "2024-03-15",
        "23.59",
        "VANDALISM",
        "torget",
        "1",
        "Två rader\ni beskrivningen",
    ],
    ["2024-04-01", "00.00", "brand", "Torget", "3", ""],
];

fn write_site(name: &str, bytes: Vec<u8>) -> common::TempDir {
    let site = common::temp_dir(name);
    let basic = common::fixture("basic");
    // The basic site's Bolaget says its export covers to 2 May 2024; this
    // site has none of its files, so that line is left out (else the one
    // export here, to 1 April, would be warned as lagging behind it).
    let config = std::fs::read_to_string(basic.join("lagesbild.toml")).unwrap();
    let config = config.replace("covered_until = 2024-05-02\n", "");
    std::fs::write(site.join("lagesbild.toml"), config).unwrap();
    std::fs::create_dir_all(site.join("content/incidents")).unwrap();
    std::fs::copy(
        basic.join("content/places.toml"),
        site.join("content/places.toml"),
    )
    .unwrap();
    std::fs::write(site.join("content/incidents/export.csv"), bytes).unwrap();
    site
}

fn table(delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(["Datum", "Tid", "Kategori", "Plats", "Antal", "Beskrivning"])
        .unwrap();
    for r in ROWS {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap())
        .unwrap()
        .replace('\n', "\r\n")
}

fn build(site: &Path, name: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = common::temp_dir(&format!("{name}-out"));
    let (site, summary) =
        Site::build(site, &out, None).unwrap_or_else(|e| panic!("{name}: {:?}", e.diagnostics()));
    assert!(
        site.diagnostics.is_empty(),
        "{name}: {:?}",
        site.diagnostics.sorted()
    );
    assert_eq!(summary.rows, 5, "{name}");
    common::read_out(&out)
}

#[test]
fn windows_1252_bom_and_tab_files_give_identical_sites() {
    let semicolons = table(b';');
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&semicolons);
    assert!(!unmappable);
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(table(b',').into_bytes());
    let tab = table(b'\t').into_bytes();
    assert!(
        cp1252.contains(&0xf6),
        "the Windows-1252 file has a one-byte ö"
    );
    let a = build(&write_site("cp1252", cp1252.into_owned()), "cp1252");
    let b = build(&write_site("bom", bom), "bom");
    let c = build(&write_site("tab", tab), "tab");
    assert!(a.contains_key("internal/reports/month/2024-03/data.json"));
    assert_eq!(a, b, "Windows-1252 semicolon vs UTF-8 with BOM");
    assert_eq!(a, c, "Windows-1252 semicolon vs tab");
    let march: serde_json::Value =
        serde_json::from_slice(&a["internal/reports/month/2024-03/data.json"]).unwrap();
    assert_eq!(march["total"]["count"], 5);
    assert_eq!(march["series"][0]["count"], 1);
}
