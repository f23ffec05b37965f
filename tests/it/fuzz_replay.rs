//! Replays every committed fuzz seed and regression through the fuzz
//! oracles, on stable, in the ordinary test run (needs the `arbitrary`
//! feature, which the README's test command turns on).

#[path = "../../fuzz/src/lib.rs"]
#[allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
mod oracles;

use std::path::Path;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file() && !p.ends_with(".gitkeep"));
    out.sort();
    out
}

#[test]
fn every_seed_and_regression_replays_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for (target, oracle) in oracles::TARGETS {
        let seeds = files(&root.join("corpus").join(target));
        assert!(!seeds.is_empty(), "no seed for fuzz target {target}");
        let regressions = files(&root.join("regressions").join(target));
        for path in seeds.iter().chain(&regressions) {
            let data = std::fs::read(path).unwrap();
            let outcome = std::panic::catch_unwind(|| oracle(&data));
            assert!(
                outcome.is_ok(),
                "{target}: {} failed ({data:02x?})",
                path.display()
            );
            replayed += 1;
        }
    }
    assert!(replayed >= 40, "only {replayed} inputs replayed");
}

#[test]
fn every_fuzz_target_has_an_oracle_and_a_seed_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut targets: Vec<String> = files(&root.join("fuzz_targets"))
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    targets.sort();
    let mut oracles: Vec<String> = oracles::TARGETS
        .iter()
        .map(|(t, _)| (*t).to_owned())
        .collect();
    oracles.sort();
    assert_eq!(targets, oracles);
}
