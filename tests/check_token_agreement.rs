//! One truth for RSA keys: every certificate the check calls "Usable" yields a token whose CMS
//! recipient is that very certificate, and every key the token refuses is an error finding in
//! the check with the same sentence. Run over every file of `../shared/corpora` and
//! `tests/examples` (a property over thousands of real and malformed certificates), then over
//! the hand-made edge cases in `tests/examples/rsa-edge` that the check once let through.

mod common;

use std::path::PathBuf;

use cms::enveloped_data::{RecipientIdentifier, RecipientInfo};
use der::Encode;
use mdm_link::domain::certificate::{check_file, Severity, Verdict};
use mdm_link::domain::ids::UserId;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::{issue_token, TokenError};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

/// 2026-12-01: any time works, the token does not look at certificate dates.
const NOW: Timestamp = Timestamp(1_796_083_200_000);

/// The raw bytes of the element at `at`: (tag, content range, end).
fn element(der: &[u8], at: usize) -> (u8, std::ops::Range<usize>, usize) {
    let first = der[at + 1];
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        let len = der[at + 2..at + 2 + n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, 2 + n)
    };
    (der[at], at + header..at + header + len, at + header + len)
}

/// The certificate's issuer Name (whole element) and serial number (INTEGER contents), read by
/// a walker independent of the crate's own decoders.
fn issuer_and_serial(cert: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let (_, cert_body, _) = element(cert, 0);
    let (_, tbs, _) = element(cert, cert_body.start);
    let mut pos = tbs.start;
    let (tag, _, end) = element(cert, pos);
    if tag == 0xa0 {
        pos = end; // version
    }
    let (_, serial, end) = element(cert, pos);
    let (_, _, end) = element(cert, end); // signature algorithm
    let (_, _, issuer_end) = element(cert, end);
    (cert[end..issuer_end].to_vec(), cert[serial].to_vec())
}

/// Issues a token for `der` and checks its one recipient is exactly that certificate.
fn token_is_addressed_to(der: &[u8], label: &str) {
    let issued = issue_token(
        der,
        "Agreement",
        UserId(1),
        NOW,
        &mut ChaCha20Rng::seed_from_u64(7),
    )
    .unwrap_or_else(|e| panic!("{label}: the check says Usable, but no token: {e}"));
    let file = common::parse_file(&issued.file_bytes).expect("an S/MIME file");
    let enveloped = common::enveloped(&file.der);
    let infos: Vec<&RecipientInfo> = enveloped.recip_infos.0.iter().collect();
    let [RecipientInfo::Ktri(ktri)] = infos.as_slice() else {
        panic!("{label}: one key-transport recipient expected");
    };
    let RecipientIdentifier::IssuerAndSerialNumber(rid) = &ktri.rid else {
        panic!("{label}: issuer and serial expected");
    };
    let (issuer, serial) = issuer_and_serial(der);
    assert_eq!(rid.issuer.to_der().unwrap(), issuer, "{label}: issuer");
    assert_eq!(rid.serial_number.as_bytes(), serial, "{label}: serial");
}

#[test]
fn every_usable_certificate_in_the_corpora_and_examples_gets_a_token_addressed_to_it() {
    let mut files =
        common::files_under(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples"));
    if let Some(corpora) = mdm_link::test_support::require_shared("corpora") {
        files.extend(common::files_under(&corpora));
    }
    let (mut usable, mut refused) = (0, 0);
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(checked) = check_file(&bytes, NOW) else {
            continue;
        };
        for (i, report) in checked.certificates.iter().enumerate() {
            let label = format!("{} #{i}", path.display());
            match report.verdict() {
                Verdict::Usable => {
                    token_is_addressed_to(&report.der, &label);
                    usable += 1;
                }
                Verdict::NotUsable => refused += 1,
            }
        }
    }
    println!("{usable} usable certificates each got a token; {refused} were not usable");
    assert!(
        usable > 20,
        "the property ran over real certificates ({usable})"
    );
}

/// Every refusal by the token is an error finding of the check, with the same sentence.
fn token_refusal_is_a_finding(der: &[u8], label: &str) -> String {
    let checked = check_file(der, NOW).unwrap_or_else(|e| panic!("{label}: {e}"));
    let [report] = checked.certificates.as_slice() else {
        panic!("{label}: one certificate");
    };
    assert_eq!(report.verdict(), Verdict::NotUsable, "{label}");
    let error =
        issue_token(der, "S", UserId(1), NOW, &mut ChaCha20Rng::seed_from_u64(1)).expect_err(label);
    let TokenError::RsaKey(key_error) = &error else {
        panic!("{label}: {error:?}");
    };
    let finding = report
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .unwrap_or_else(|| panic!("{label}: an error finding"));
    assert_eq!(finding.message, error.to_string(), "{label}: same sentence");
    assert_eq!(finding.code, key_error.code(), "{label}");
    finding.code.to_string()
}

#[test]
fn keys_the_check_once_let_through_are_now_refused_by_both_with_one_sentence() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples/rsa-edge");
    for (file, code, says) in [
        (
            "modulus-leading-zero.der",
            "rsa-key-malformed",
            "extra leading zero bytes",
        ),
        (
            "bit-string-unused-bits.der",
            "rsa-key-malformed",
            "3 unused bits",
        ),
        ("modulus-16392-bits.der", "rsa-key-too-long", "16392 bits"),
        (
            "exponent-2pow40.der",
            "rsa-key-malformed",
            "larger than 2^33 - 1",
        ),
    ] {
        let der = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(token_refusal_is_a_finding(&der, file), code, "{file}");
        let report = &check_file(&der, NOW).unwrap().certificates[0];
        let finding = report.finding(code).unwrap();
        assert!(
            finding.message.contains(says),
            "{file}: {}",
            finding.message
        );
    }
    // And the ordinary refusals: too short, not RSA.
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples");
    let der = std::fs::read(examples.join("token/rsa1024.crt.der")).unwrap();
    assert_eq!(
        token_refusal_is_a_finding(&der, "rsa1024"),
        "rsa-key-too-short"
    );
}
