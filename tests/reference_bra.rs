//! Brå's real reported-crime statistics for Sunne (from `../shared/realdata`;
//! ignored when absent on a developer's machine, failing under `CI=true`,
//! see build.rs) imported as the example site's reference series and shown
//! beside the example's own counts.

mod common;

use std::path::Path;

use lagesbild::site::Site;
use serde_json::Value;

const BRA: &str = "realdata/bra_anmalda_brott_sunne_1766_excerpt.csv";

#[test]
#[cfg_attr(shared_missing, ignore = "../shared/realdata is missing")]
fn bra_sunne_file_imports_and_is_shown_beside_own_counts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = Path::new(env!("LAGESBILD_SHARED_DIR")).join(BRA);
    let bra = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: the shared real data must be beside the repository",
            path.display()
        )
    });
    let site = common::temp_dir("bra-site");
    std::fs::copy(root.join("lagesbild.toml"), site.join("lagesbild.toml")).unwrap();
    for (path, bytes) in common::read_tree(&root.join("content")) {
        let to = site.join("content").join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    std::fs::write(site.join("content/reference/bra.csv"), bra).unwrap();
    let out = common::temp_dir("bra-out");
    let (s, _) = Site::build(&site, &out, Some("internal"))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    // 228 rows: 30 years (1996–2025) × 6 keys, and 48 quarters from
    // 2014K1 to 2026K2 (2014K3 and K4 missing), totals only.
    assert_eq!(s.model.reference.len(), 228);
    let year: Value = serde_json::from_slice(
        &std::fs::read(out.join("internal/reports/year/2025/data.json")).unwrap(),
    )
    .unwrap();
    let refs = year["analysis"]["reference"].as_array().unwrap();
    let total = refs.iter().find(|r| r["key"] == "total").unwrap();
    // Sunne 2025 in the file: 998 reported crimes, 7 473 per 100 000.
    assert_eq!(total["official_count"], 998);
    assert_eq!(total["per100k"], 7473.0);
    assert_eq!(total["own"], year["total"]["count"], "beside the own total");
    let vandalism = refs.iter().find(|r| r["key"] == "vandalism").unwrap();
    assert!(
        vandalism["own"].as_u64().is_some(),
        "compared with own categories"
    );
    let q: Value = serde_json::from_slice(
        &std::fs::read(out.join("internal/reports/quarter/2026-q1/data.json")).unwrap(),
    )
    .unwrap();
    let r = &q["analysis"]["reference"][0];
    assert_eq!(
        (&r["official_count"], &r["preliminary"]),
        (&Value::from(246), &Value::Bool(true))
    );
    let page = std::fs::read_to_string(out.join("internal/reports/year/2025/index.html")).unwrap();
    assert!(page.contains("Anmälda brott totalt") && page.contains(">998<"));
    println!(
        "Brå Sunne 2025: 998 reported crimes beside {} own events",
        year["total"]["count"]
    );
}
