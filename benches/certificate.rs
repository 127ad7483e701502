//! Criterion benchmarks of the certificate check:
//! - over the frankencert seed certificates (~1,005 real server certificates): report
//!   per-certificate time as batch median / count;
//! - the slowest files of all of `../shared/corpora` (the "no input hangs" figure; timing
//!   belongs here, not in a test, because a loaded 2-core machine makes any time limit flaky).
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use mdm_link::domain::certificate::check_file;
use mdm_link::domain::time::Timestamp;

fn load(corpus: &str) -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/../shared/corpora/{corpus}", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p.display().to_string(), b));
            }
        }
    }
    out
}

fn certificate(c: &mut Criterion) {
    let files: Vec<Vec<u8>> = load("frankencert-seeds")
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    if files.is_empty() {
        println!("skipping: ../shared/corpora/frankencert-seeds not found");
        return;
    }
    let now = Timestamp(1_795_000_000_000);
    println!("frankencert-seeds: {} files", files.len());
    c.bench_function(&format!("check_file x {} files", files.len()), |b| {
        b.iter(|| {
            let mut certs = 0usize;
            for f in &files {
                if let Ok(r) = check_file(std::hint::black_box(f), now) {
                    certs += r.certificates.len();
                }
            }
            certs
        })
    });
}

/// The five files of all the corpora that take longest, each benchmarked on its own.
fn slowest_corpus_files(c: &mut Criterion) {
    let now = Timestamp(1_795_000_000_000);
    let mut timed: Vec<(f64, String, Vec<u8>)> = load("")
        .into_iter()
        .map(|(name, bytes)| {
            let start = Instant::now();
            for _ in 0..3 {
                let _ = check_file(std::hint::black_box(&bytes), now);
            }
            (start.elapsed().as_secs_f64() / 3.0, name, bytes)
        })
        .collect();
    timed.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut group = c.benchmark_group("slowest corpus file");
    for (_, name, bytes) in timed.into_iter().take(5) {
        let short = name.rsplit('/').take(2).collect::<Vec<_>>().join(" < ");
        group.bench_function(short, |b| {
            b.iter(|| check_file(std::hint::black_box(&bytes), now))
        });
    }
    group.finish();
}

criterion_group!(benches, certificate, slowest_corpus_files);
criterion_main!(benches);
