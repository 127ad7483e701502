//! Test certificates made by the vendor kit: they parse with x509-cert, the certificate check
//! calls them "Usable" with no warning, their signature verifies with their own key according to
//! Python `cryptography` (tests/tools/verify_certificate.py), the key file reads back, serials
//! are random, and progress is reported step by step.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::rng;
use const_oid::db::rfc5280::{ID_CE_BASIC_CONSTRAINTS, ID_CE_KEY_USAGE};
use const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION;
use der::referenced::OwnedToRef;
use der::{Decode, Encode};
use mdm_link::domain::certificate::{check_file, Severity, Verdict};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::vendor::{
    make_test_certificate, read_private_key, test_certificate::DEFAULT_COMMON_NAME, Progress,
    TestCertificate, TestCertificateRequest,
};
use mdm_link::test_support::require_python_cryptography;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
use x509_cert::Certificate;

/// 2026-12-01T00:00:00Z.
const NOW: Timestamp = Timestamp(1_796_083_200_000);

fn make(bits: u32, days: u32, seed: u64) -> (TestCertificate, Vec<u8>) {
    let request = TestCertificateRequest::new(bits, DEFAULT_COMMON_NAME, days).unwrap();
    let mut steps = Vec::new();
    let made = make_test_certificate(&request, NOW, &mut rng(seed), &mut |p| steps.push(p.step()))
        .expect("a test certificate");
    (made, steps)
}

#[test]
fn generated_certificates_parse_with_x509_cert_and_hold_what_the_issue_asks() {
    for bits in [2048u32, 3072, 4096] {
        let (made, steps) = make(bits, 365, u64::from(bits));
        assert_eq!(steps, [1, 2, 3], "rsa{bits}: one report per step, in order");
        let cert = Certificate::from_der(&made.certificate_der).expect("x509-cert parses it");
        let tbs = &cert.tbs_certificate;
        assert_eq!(tbs.version, x509_cert::certificate::Version::V3);
        assert_eq!(tbs.subject, tbs.issuer, "self-signed");
        assert_eq!(
            tbs.subject.to_string(),
            "CN=mdm-link-test,O=MDM Link test certificate"
        );
        assert_eq!(cert.signature_algorithm.oid, SHA_256_WITH_RSA_ENCRYPTION);
        let serial = tbs.serial_number.as_bytes();
        assert_eq!(serial.len(), 16, "16 bytes, no sign byte needed");
        assert!(
            serial[0] & 0x80 == 0 && serial[0] & 0x40 != 0,
            "positive, 127 bits"
        );
        let not_before = tbs.validity.not_before.to_unix_duration().as_secs();
        let not_after = tbs.validity.not_after.to_unix_duration().as_secs();
        assert_eq!(not_before as i64, NOW.unix_seconds());
        assert_eq!(not_after - not_before, 365 * 86_400);
        let exts = tbs.extensions.as_ref().expect("extensions");
        let ku = exts.iter().find(|e| e.extn_id == ID_CE_KEY_USAGE).unwrap();
        assert!(ku.critical);
        let ku = KeyUsage::from_der(ku.extn_value.as_bytes()).unwrap();
        assert_eq!(
            ku.0,
            KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment
        );
        let bc = exts
            .iter()
            .find(|e| e.extn_id == ID_CE_BASIC_CONSTRAINTS)
            .unwrap();
        assert!(bc.critical);
        assert!(
            !BasicConstraints::from_der(bc.extn_value.as_bytes())
                .unwrap()
                .ca
        );

        // The key read back from the PEM is the certificate's key, and the right size.
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(&made.private_key_pem).unwrap();
        assert_eq!(key.n().bits(), bits as usize);
        assert_eq!(key.e(), &rsa::BigUint::from(65_537u32));
        let spki = &tbs.subject_public_key_info;
        let public = rsa::RsaPublicKey::try_from(spki.owned_to_ref()).unwrap();
        assert_eq!(public, key.to_public_key());
        assert!(made
            .private_key_pem
            .starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(made
            .certificate_pem
            .starts_with("-----BEGIN CERTIFICATE-----\n"));
    }
}

#[test]
fn generated_certificates_are_usable_in_the_certificate_check_without_warnings() {
    for (bits, days) in [(2048u32, 365u32), (2048, 1), (3072, 3650)] {
        let (made, _) = make(bits, days, 7 + u64::from(days));
        for (form, bytes) in [
            ("DER", made.certificate_der.clone()),
            ("PEM", made.certificate_pem.clone().into_bytes()),
        ] {
            let file = check_file(&bytes, NOW).expect("the check reads it");
            assert!(file.usable_as_server_entry(), "{form} rsa{bits}");
            let report = &file.certificates[0];
            assert_eq!(report.verdict(), Verdict::Usable);
            assert!(report.self_signed);
            assert_eq!(
                report.subject,
                "O=MDM Link test certificate, CN=mdm-link-test"
            );
            let warnings: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.severity != Severity::Info)
                .map(|f| f.code)
                .collect();
            // A one-day certificate "expires soon", which is true and only a warning.
            let expected: &[&str] = if days == 1 { &["expires-soon"] } else { &[] };
            assert_eq!(warnings, expected, "{form} rsa{bits} {days} days");
        }
        // The private key file alone is refused by the check as a key, never read.
        let refused = check_file(made.private_key_pem.as_bytes(), NOW).unwrap_err();
        assert_eq!(refused.code(), "private-key");
        // And the vendor kit's key reader reads it back.
        let key = read_private_key(made.private_key_pem.as_bytes(), None).unwrap();
        assert_eq!(key.bits(), bits as usize);
    }
}

#[test]
fn serials_are_random_and_the_same_seed_makes_the_same_certificate() {
    let (a, _) = make(2048, 365, 1);
    let (b, _) = make(2048, 365, 2);
    let (a_again, _) = make(2048, 365, 1);
    let serial = |der: &[u8]| {
        Certificate::from_der(der)
            .unwrap()
            .tbs_certificate
            .serial_number
            .to_der()
            .unwrap()
    };
    assert_ne!(serial(&a.certificate_der), serial(&b.certificate_der));
    assert_ne!(a.private_key_pem, b.private_key_pem);
    assert_eq!(
        a.certificate_der, a_again.certificate_der,
        "reproducible from the RNG"
    );
}

#[test]
fn a_different_common_name_and_validity_are_written() {
    let request = TestCertificateRequest::parse(2048, "  Acme MDM — staging  ", "30").unwrap();
    assert_eq!(request.common_name(), "Acme MDM — staging");
    let made = make_test_certificate(&request, NOW, &mut rng(3), &mut |_| {}).unwrap();
    let file = check_file(&made.certificate_der, NOW).unwrap();
    assert_eq!(
        file.certificates[0].subject,
        "O=MDM Link test certificate, CN=Acme MDM — staging"
    );
    assert_eq!(file.certificates[0].days_left, 30);
    // A certificate made in 2049 that runs past 2050 switches to GeneralizedTime and still parses.
    let late = Timestamp(2_524_608_000_000 - 86_400_000); // 2049-12-31
    let made = make_test_certificate(&request, late, &mut rng(4), &mut |_| {}).unwrap();
    let file = check_file(&made.certificate_der, late).unwrap();
    assert_eq!(file.certificates[0].not_after.date_string(), "2050-01-30");
}

#[test]
fn progress_text_is_a_sentence_per_step() {
    assert_eq!(
        Progress::FirstPrime.to_string(),
        "Finding the first of the key's two prime numbers (step 1 of 3)."
    );
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/verify_certificate.py")
}

#[test]
fn python_cryptography_verifies_the_signature_with_the_certificates_own_key() {
    if !require_python_cryptography() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("mdm-link-vendor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for bits in [2048u32, 4096] {
        let (made, _) = make(bits, 365, 40 + u64::from(bits));
        let cert = dir.join(format!("cert{bits}.der"));
        let key = dir.join(format!("key{bits}.pem"));
        std::fs::write(&cert, &made.certificate_der).unwrap();
        std::fs::write(&key, made.private_key_pem.as_bytes()).unwrap();
        let out = Command::new("python3")
            .arg(script())
            .arg(&cert)
            .arg(&key)
            .output()
            .expect("python3 runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "rsa{bits}: {stderr}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(&format!("\"bits\": {bits}")), "{stdout}");
        assert!(stdout.contains("\"hash\": \"sha256\""), "{stdout}");

        // The checker is not vacuous: one flipped signature bit fails it.
        let mut broken = made.certificate_der.clone();
        let last = broken.len() - 1;
        broken[last] ^= 1;
        std::fs::write(&cert, &broken).unwrap();
        let out = Command::new("python3")
            .arg(script())
            .arg(&cert)
            .arg(&key)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "a broken signature must fail");
        // Nor is the key check: another certificate's key fails it.
        let (other, _) = make(2048, 365, 99);
        std::fs::write(&cert, &made.certificate_der).unwrap();
        std::fs::write(&key, other.private_key_pem.as_bytes()).unwrap();
        let out = Command::new("python3")
            .arg(script())
            .arg(&cert)
            .arg(&key)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "a foreign key must fail");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
