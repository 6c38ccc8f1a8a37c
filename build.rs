//! Tells the tests whether the shared real data (`../shared/realdata`,
//! beside the repository) are there. The tests that read them are
//! *ignored* when the folder is missing on a developer's machine and *run*
//! (and fail, saying why) when it is missing under `CI=true`, so they never
//! pass without having checked anything. `LAGESBILD_SHARED` points at
//! another shared folder (relative to the repository), for trying both ways.

use std::path::Path;

fn main() {
    println!("cargo:rustc-check-cfg=cfg(shared_missing)");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=LAGESBILD_SHARED");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let shared = std::env::var("LAGESBILD_SHARED").unwrap_or_else(|_| "../shared".into());
    let shared = Path::new(&manifest).join(shared);
    let realdata = shared.join("realdata");
    println!("cargo:rustc-env=LAGESBILD_SHARED_DIR={}", shared.display());
    if realdata.is_dir() {
        println!("cargo:rerun-if-changed={}", realdata.display());
        return;
    }
    // Cargo reruns a script that watches a missing path on every build,
    // and recompiles the crate each time: so a missing folder is not
    // watched. After adding it, `touch build.rs` (or set CI or
    // LAGESBILD_SHARED) to run the tests.
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !ci {
        println!("cargo:rustc-cfg=shared_missing");
    }
}
