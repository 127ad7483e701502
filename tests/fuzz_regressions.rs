//! Replays every input the fuzzers ever found crashing or slow (fuzz/regressions/TARGET/*, kept
//! by hand from fuzz/artifacts/) through the same checks the fuzz targets run
//! (fuzz/src/lib.rs, compiled in here as a module), and the project's own example files through
//! the certificate and token targets, so `cargo test` keeps every finding fixed without
//! cargo-fuzz. The fuzzing itself is scripts/fuzz.sh, outside the test command.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code, missing_docs)]
mod checks;

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_none_or(|e| e != "md"))
        .collect();
    out.sort();
    out
}

/// One fuzz check: bytes in, a panic on a bug.
type Check = fn(&[u8]);

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_committed_fuzz_finding_stays_fixed() {
    let targets: [(&str, Check); 4] = [
        ("certificate_check", checks::certificate_check::run),
        ("stored_state", checks::stored_state::run),
        ("backup_import", checks::backup_import::run),
        ("token_open", checks::token_open::run),
    ];
    for (target, run) in targets {
        for file in files(&Path::new(ROOT).join("fuzz/regressions").join(target)) {
            run(&std::fs::read(&file).unwrap());
        }
    }
}

#[test]
fn the_example_files_pass_the_certificate_and_token_targets() {
    let examples = files(&Path::new(ROOT).join("tests/examples"));
    let tokens = files(&Path::new(ROOT).join("tests/examples/token"));
    assert!(examples.len() > 50);
    for file in examples.iter().chain(&tokens) {
        let bytes = std::fs::read(file).unwrap();
        checks::certificate_check::run(&bytes);
        for choice in 0..=4u8 {
            let mut input = vec![choice, 1, 0, 0];
            input.extend_from_slice(&bytes);
            checks::token_open::run(&input);
        }
    }
}
