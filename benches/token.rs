//! Criterion benchmarks of token generation: the RSA public-key operation dominates, so 2048-
//! and 4096-bit keys bracket what admins will see in the browser.
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use mdm_link::domain::ids::UserId;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::issue_token;
use rand_chacha::rand_core::SeedableRng;

fn issue(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples/token");
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(42);
    for bits in [2048, 4096] {
        let cert = std::fs::read(dir.join(format!("rsa{bits}.crt.der"))).expect("vector");
        c.bench_function(&format!("issue_token rsa{bits}"), |b| {
            b.iter(|| {
                issue_token(
                    black_box(&cert),
                    "Bench Server",
                    UserId(1),
                    Timestamp(1_737_111_741_803),
                    &mut rng,
                )
                .expect("token")
            })
        });
    }
}

criterion_group!(benches, issue);
criterion_main!(benches);
