//! The output folder under interruption and contention: builds killed
//! (SIGKILL) at random moments, many of them inside the swap, always leave
//! either the complete previous or the complete new set of outputs (after
//! the next build's recovery; before it too, unless the swap's journal
//! says one is under way), and two builds into one folder never mix.

mod common;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lagesbild");
/// Milliseconds slept before each of the swap's four renames.
const SWAP_DELAY_MS: u64 = 15;

/// A tiny site; `extra` more rows make its outputs differ.
fn site(root: &Path, name: &str, extra: usize) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("content/incidents")).unwrap();
    std::fs::write(
        dir.join("lagesbild.toml"),
        "[site]\ntitle = \"Kill test\"\n\n[municipality]\nname = \"Testkommun\"\n\
         latitude = 59.33\nlongitude = 18.07\n\n[[categories]]\nid = \"brand\"\n\
         label = \"Brand\"\npublic = true\n\n[reports]\ncadences = [\"month\"]\n",
    )
    .unwrap();
    let mut csv = String::from("datum;kategori\n");
    for i in 0..(12 + extra) {
        csv.push_str(&format!("2024-0{}-1{};brand\n", 1 + i % 3, i % 10));
    }
    std::fs::write(dir.join("content/incidents/a.csv"), csv).unwrap();
    dir
}

fn build(site: &Path, out: &Path, delay: Option<u64>) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("LAGESBILD_LANG", "en")
        .args(["build", "--quiet", "--site"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(ms) = delay {
        cmd.env("LAGESBILD_TEST_SWAP_DELAY_MS", ms.to_string());
    }
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

/// Path → hash of every file of both outputs; `None` for a missing one.
type Manifest = BTreeMap<String, Option<BTreeMap<String, u64>>>;

fn manifest(out: &Path) -> Manifest {
    ["internal", "public"]
        .into_iter()
        .map(|name| {
            let dir = out.join(name);
            let files = dir.is_dir().then(|| {
                common::read_tree(&dir)
                    .into_iter()
                    .map(|(p, bytes)| {
                        let mut h = DefaultHasher::new();
                        bytes.hash(&mut h);
                        (p, h.finish())
                    })
                    .collect()
            });
            (name.to_string(), files)
        })
        .collect()
}

fn entries(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Only the outputs, and the record of the last whole build and what it
/// keeps for the next if any: its protections, its pages' record, the
/// incidents it read, their analysis, their views' fingerprints and the
/// pages' search documents, and the outputs the last swap replaced (whole
/// outputs only, the next build's staging folders).
fn assert_clean(out: &Path) {
    use lagesbild::output::{LEFT_BESIDE as records, OLD_DIR};
    let mut entries = entries(out);
    entries.retain(|e| !records.contains(&e.as_str()));
    assert_eq!(entries, ["internal", "public"], "leftovers in {out:?}");
    if out.join(OLD_DIR).exists() {
        let kept = self::entries(&out.join(OLD_DIR));
        assert!(
            kept.iter().all(|e| e == "internal" || e == "public"),
            "{kept:?} in {OLD_DIR}"
        );
    }
}

/// Kills `child` with SIGKILL; true when it was still running.
fn kill(child: &mut Child) -> bool {
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let status = child.wait().unwrap();
    running && !status.success()
}

fn wait_for(path: &Path, child: &mut Child, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if path.exists() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(300));
    }
    false
}

#[test]
fn killed_builds_leave_the_old_or_the_new_set_never_a_mix() {
    let root = common::temp_dir("kill");
    let sites = [site(&root, "a", 0), site(&root, "b", 5)];
    let errors = common::fixture("errors");
    let out = root.join("dist");
    // The two sets, and how long a build takes.
    let mut sets = Vec::new();
    let mut slowest = Duration::ZERO;
    for s in &sites {
        let started = Instant::now();
        let done = run(&mut build(s, &out, None));
        slowest = slowest.max(started.elapsed());
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        sets.push(manifest(&out));
    }
    assert_ne!(sets[0], sets[1]);
    let mut current = 1;
    let journal = out.join(".lagesbild.journal");
    let mut rng = common::Rng(0x5eed_cafe_f00d_0001);
    let (mut killed, mut in_swap, mut rounds) = (0, 0, 0);
    let window = slowest.as_millis() as u64 + 4 * SWAP_DELAY_MS;
    while killed < 100 || in_swap < 20 {
        rounds += 1;
        assert!(rounds < 400, "too few builds could be interrupted");
        let target = 1 - current;
        let mut child = build(&sites[target], &out, Some(SWAP_DELAY_MS))
            .spawn()
            .unwrap();
        // Every third round waits for the swap to begin, then kills
        // somewhere among its renames; the others kill at any moment.
        if rounds % 3 == 0 {
            if wait_for(&journal, &mut child, Duration::from_secs(20)) {
                std::thread::sleep(Duration::from_millis(
                    rng.below(4 * SWAP_DELAY_MS as usize) as u64
                ));
            }
        } else {
            std::thread::sleep(Duration::from_millis(rng.below(window as usize) as u64));
        }
        let interrupted = kill(&mut child);
        let journaled = journal.exists();
        if !journaled {
            // No swap under way: the outputs as they are must be whole.
            let now = manifest(&out);
            assert!(
                now == sets[current] || now == sets[target],
                "round {rounds}: a mixed or missing output with no journal"
            );
        }
        // A build that fails on its content still recovers the folder first.
        let failed = run(&mut build(&errors, &out, None));
        assert_eq!(
            failed.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&failed.stderr)
        );
        let now = manifest(&out);
        let became = if now == sets[current] {
            current
        } else if now == sets[target] {
            target
        } else {
            panic!("round {rounds}: after recovery the outputs are a mix or missing");
        };
        if journaled {
            assert_eq!(
                became, target,
                "round {rounds}: a journaled swap must be finished"
            );
        }
        assert_clean(&out);
        killed += usize::from(interrupted);
        in_swap += usize::from(interrupted && journaled);
        current = became;
    }
    // The next normal build works and leaves nothing behind.
    let done = run(&mut build(&sites[1 - current], &out, None));
    assert!(done.status.success());
    assert_eq!(manifest(&out), sets[1 - current]);
    assert_clean(&out);
    eprintln!("{rounds} builds, {killed} killed, {in_swap} of them inside the swap");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn two_builds_into_one_folder_serialise_or_one_is_refused() {
    let root = common::temp_dir("concurrent");
    let sites = [site(&root, "a", 0), site(&root, "b", 5)];
    let mut sets = Vec::new();
    for (k, s) in sites.iter().enumerate() {
        let out = root.join(format!("ref-{k}"));
        assert!(run(&mut build(s, &out, None)).status.success());
        sets.push(manifest(&out));
    }
    let mut refused = 0;
    for round in 0..6 {
        let out = root.join(format!("dist-{round}"));
        // The slow swap keeps the first build in the folder long enough.
        let first = build(&sites[round % 2], &out, Some(60)).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(5 * round as u64));
        let second = build(&sites[1 - round % 2], &out, Some(60))
            .spawn()
            .unwrap();
        let results = [
            first.wait_with_output().unwrap(),
            second.wait_with_output().unwrap(),
        ];
        let codes: Vec<Option<i32>> = results.iter().map(|r| r.status.code()).collect();
        assert!(
            codes.contains(&Some(0)),
            "round {round}: none succeeded: {codes:?}"
        );
        for r in results.iter().filter(|r| !r.status.success()) {
            let err = String::from_utf8_lossy(&r.stderr);
            assert_eq!(r.status.code(), Some(3), "{err}");
            assert!(err.contains("another build is writing to"), "{err}");
            assert!(err.contains("nothing was written by this one"), "{err}");
            refused += 1;
        }
        let now = manifest(&out);
        assert!(
            now == sets[0] || now == sets[1],
            "round {round}: mixed output"
        );
        assert_clean(&out);
    }
    assert!(refused > 0, "the builds never overlapped");
    std::fs::remove_dir_all(&root).unwrap();
}
