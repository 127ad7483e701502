use rsa::{pkcs1::DecodeRsaPublicKey, Pkcs1v15Encrypt, RsaPublicKey};
use std::time::Instant;
fn main() {
    let pem = std::fs::read_to_string("tests/examples/token/rsa2048-key.pem").unwrap_or_default();
    let _ = pem;
    let der = std::fs::read("tests/examples/token/rsa2048.crt.der").unwrap();
    use der::Decode;
    let cert = x509_cert::Certificate::from_der(&der).unwrap();
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    let key = RsaPublicKey::from_pkcs1_der(spki).unwrap();
    let mut rng = rand_core::OsRng;
    let t = Instant::now();
    for _ in 0..200 {
        let _ = key.encrypt(&mut rng, Pkcs1v15Encrypt, &[7u8; 16]).unwrap();
    }
    println!("encrypt: {:?}/op", t.elapsed() / 200);
    let t = Instant::now();
    for _ in 0..200 {
        let _ = RsaPublicKey::from_pkcs1_der(spki).unwrap();
    }
    println!("parse key: {:?}/op", t.elapsed() / 200);
    let mut rng2 = <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::seed_from_u64(1);
    let t = Instant::now();
    for _ in 0..200 {
        let _ = mdm_link::domain::token::issue_token(
            &der,
            "x",
            mdm_link::domain::ids::UserId(1),
            mdm_link::domain::time::Timestamp(1_750_000_000_000),
            &mut rng2,
        )
        .unwrap();
    }
    println!("issue: {:?}/op", t.elapsed() / 200);
}
