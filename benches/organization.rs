//! Persistence half of the "1,000 servers" benchmark: encode and decode of an organization with
//! 1,000 servers, each with a certificate and a token record.
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use mdm_link::domain::organization::{Organization, StoredCertificate};
use mdm_link::domain::persistence::{decode, encode};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::TokenRecord;

const T0: Timestamp = Timestamp(1_767_225_600_000);

fn org_with_servers(n: u32) -> Organization {
    let mut org = Organization::new_first_launch(T0);
    for i in 0..n {
        let sha = format!("{i:064x}");
        let cert = StoredCertificate {
            der_base64: "MIIDxTCCAq2gAwIBAgIU".repeat(60),
            sha256_hex: sha.clone(),
            subject: format!("CN=mdm{i}.example.com, O=Example"),
            issuer: "CN=Example CA".to_string(),
            serial_hex: format!("{i:x}"),
            not_after: Timestamp(T0.0 + 365 * 86_400_000),
            key_description: "RSA 2048-bit".to_string(),
        };
        let Ok(id) = org.add_server(&format!("Server {i}"), cert, false, T0) else {
            continue;
        };
        let token = TokenRecord {
            id: format!("{i:016x}"),
            issued_at: T0,
            expires_at: Timestamp(T0.0 + 365 * 86_400_000),
            downloaded_by: org.signed_in(),
            certificate_sha256: sha,
            consumer_key_sha256: "ab".repeat(32),
            replaced_at: None,
        };
        let _ = org.record_token(id, token, T0);
    }
    org
}

fn persistence(c: &mut Criterion) {
    let org = org_with_servers(1000);
    let text = encode(&org);
    assert!(decode(&text).is_ok());
    c.bench_function("encode 1000 servers", |b| {
        b.iter(|| encode(black_box(&org)))
    });
    c.bench_function("decode 1000 servers", |b| {
        b.iter(|| decode(black_box(&text)))
    });
}

criterion_group!(benches, persistence);
criterion_main!(benches);
