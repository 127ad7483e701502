//! Replays every file of the shared certificate corpora through `check_file`: no panic, and
//! every refusal has a specific code. A robustness test, not a benchmark: how long the slowest
//! file takes is printed, and measured in `benches/certificate.rs`, never asserted here.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use mdm_link::domain::certificate::check_file;
use mdm_link::domain::time::Timestamp;

#[test]
fn every_corpus_file_gets_a_report_or_a_specific_error() {
    let Some(root) = mdm_link::test_support::require_shared("corpora") else {
        return;
    };
    let files = common::files_under(&root);
    let now = Timestamp(1_795_000_000_000);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut panics = Vec::new();
    let (mut slowest, mut slowest_file) = (Duration::ZERO, PathBuf::new());
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| check_file(&bytes, now));
        let took = start.elapsed();
        if took > slowest {
            (slowest, slowest_file) = (took, path.clone());
        }
        let key = match result {
            Err(_) => {
                panics.push(path.clone());
                "PANIC".to_owned()
            }
            Ok(Ok(f)) => format!("ok: {} certificate(s)", f.certificates.len().min(3)),
            Ok(Err(e)) => {
                assert!(!e.to_string().is_empty());
                format!("err: {}", e.code())
            }
        };
        *outcomes.entry(key).or_default() += 1;
    }
    println!("corpus replay: {} files", files.len());
    for (k, n) in &outcomes {
        println!("  {n:>6}  {k}");
    }
    println!("slowest: {slowest:?} ({})", slowest_file.display());
    assert!(panics.is_empty(), "panicked on {panics:?}");
    let catch_all = outcomes
        .get("err: unrecognised-binary")
        .copied()
        .unwrap_or(0);
    assert!(
        catch_all * 5 < files.len(),
        "catch-all used for {catch_all} of {} files",
        files.len()
    );
}
