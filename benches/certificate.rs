//! Criterion benchmark of the certificate check over the frankencert seed certificates
//! (~1,005 real server certificates). Report per-certificate time as batch median / count.
use criterion::{criterion_group, criterion_main, Criterion};
use mdm_link::domain::certificate::check_file;
use mdm_link::domain::time::Timestamp;

fn load() -> Vec<Vec<u8>> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/frankencert-seeds"
    );
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
                out.push(b);
            }
        }
    }
    out
}

fn certificate(c: &mut Criterion) {
    let files = load();
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

criterion_group!(benches, certificate);
criterion_main!(benches);
