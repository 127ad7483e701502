//! The generated token file, taken apart field by field and decrypted natively, for Apple's
//! real certificate and our RSA 2048/3072/4096 vectors, and compared with Apple's real token.

mod common;

use cms::cert::IssuerAndSerialNumber;
use cms::content_info::CmsVersion;
use cms::enveloped_data::{RecipientIdentifier, RecipientInfo};
use common::*;
use der::{Decode, Encode, Tagged};
use mdm_link::domain::ids::UserId;
use mdm_link::domain::rsa_key::RsaKeyError;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::{issue_token, IssuedToken, TokenError, BASE64_LINE_WIDTH};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// Apple's real token was issued at this instant (its access token ends in it).
const APPLE_ISSUE_MS: i64 = 1_737_111_741_803;

fn vectors() -> Vec<Vector> {
    let mut v: Vec<Vector> = [2048, 3072, 4096].into_iter().map(own_vector).collect();
    if let Some(a) = apple_vector() {
        v.push(a);
    }
    v
}

fn issue(v: &Vector, seed: u64, now: i64) -> IssuedToken {
    issue_token(
        &v.cert_der,
        "Fleet Prod",
        UserId(7),
        Timestamp(now),
        &mut rng(seed),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", v.label))
}

/// Checks the whole file for one vector and returns the decrypted JSON.
fn check_token(v: &Vector, token: &IssuedToken, now: i64) -> TokenJson {
    let label = &v.label;
    let parsed = parse_file(&token.file_bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
    assert_eq!(parsed.headers, APPLE_HEADERS, "{label}: headers");
    let (last, full) = parsed.base64_lines.split_last().unwrap();
    assert!(
        full.iter().all(|l| l.len() == BASE64_LINE_WIDTH),
        "{label}: 76-col lines"
    );
    assert!(
        !last.is_empty() && last.len() <= BASE64_LINE_WIDTH,
        "{label}: last line"
    );

    // Strict DER: re-encoding gives the same bytes.
    let ci = cms::content_info::ContentInfo::from_der(&parsed.der).expect("strict DER");
    assert_eq!(ci.to_der().unwrap(), parsed.der, "{label}: canonical DER");

    let env = enveloped(&parsed.der);
    assert_eq!(env.version, CmsVersion::V0);
    assert!(env.originator_info.is_none() && env.unprotected_attrs.is_none());
    assert_eq!(env.recip_infos.0.len(), 1, "{label}: exactly one recipient");
    let RecipientInfo::Ktri(ktri) = env.recip_infos.0.get(0).unwrap() else {
        panic!("{label}: not KeyTransRecipientInfo")
    };
    assert_eq!(ktri.version, CmsVersion::V0);
    let RecipientIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer,
        serial_number,
    }) = &ktri.rid
    else {
        panic!("{label}: rid is not issuerAndSerialNumber")
    };
    // Byte-exact against the certificate's own encoding, not just structurally equal.
    let issuer_der = issuer.to_der().unwrap();
    let serial_der = serial_number.to_der().unwrap();
    assert!(
        contains(&v.cert_der, &issuer_der),
        "{label}: issuer bytes from the cert"
    );
    assert!(
        contains(&v.cert_der, &serial_der),
        "{label}: serial bytes from the cert"
    );
    // And structurally equal wherever `x509_cert` can read the certificate at all.
    if let Ok(cert) = Certificate::from_der(&v.cert_der) {
        assert_eq!(issuer, &cert.tbs_certificate.issuer);
        assert_eq!(serial_number, &cert.tbs_certificate.serial_number);
    }
    assert_eq!(ktri.key_enc_alg.oid.to_string(), "1.2.840.113549.1.1.1");
    assert_eq!(
        ktri.key_enc_alg
            .parameters
            .as_ref()
            .map(|p| p.to_der().unwrap()),
        Some(vec![0x05, 0x00]),
        "{label}: rsaEncryption with NULL parameters"
    );
    let modulus_bytes = match v.label.as_str() {
        "rsa3072" => 384,
        "rsa4096" => 512,
        _ => 256,
    };
    assert_eq!(ktri.enc_key.as_bytes().len(), modulus_bytes);

    let eci = &env.encrypted_content;
    assert_eq!(
        eci.content_type.to_string(),
        "1.2.840.113549.1.7.1",
        "id-data"
    );
    assert_eq!(
        eci.content_enc_alg.oid.to_string(),
        "2.16.840.1.101.3.4.1.2",
        "aes128-CBC"
    );
    let iv = eci.content_enc_alg.parameters.as_ref().unwrap();
    assert_eq!(iv.tag(), der::Tag::OctetString);
    assert_eq!(iv.value().len(), 16, "{label}: 16-byte IV");
    let ct = eci.encrypted_content.as_ref().unwrap().as_bytes();
    assert_eq!(ct.len() % 16, 0);

    let plain = decrypt(&parsed.der, &v.key_pkcs1_der);
    let json = check_plaintext(&plain).unwrap_or_else(|e| panic!("{label}: {e}"));
    assert!(
        json.access_token.ends_with(&format!("O{now}")),
        "{label}: issue ms"
    );
    assert_eq!(json.access_token_expiry, token.record.expires_at.rfc3339());
    assert_eq!(
        token.record.consumer_key_sha256,
        hex::encode(Sha256::digest(json.consumer_key.as_bytes()))
    );
    json
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn every_field_matches_apples_format_for_every_vector() {
    for (i, v) in vectors().iter().enumerate() {
        let token = issue(v, 100 + i as u64, APPLE_ISSUE_MS);
        check_token(v, &token, APPLE_ISSUE_MS);
        let r = &token.record;
        assert_eq!(r.issued_at, Timestamp(APPLE_ISSUE_MS));
        // Same expiry Apple wrote into its real token issued at that instant.
        assert_eq!(r.expires_at.rfc3339(), "2026-01-17T11:02:21Z");
        assert_eq!(r.downloaded_by, UserId(7));
        assert_eq!(
            r.certificate_sha256,
            hex::encode(Sha256::digest(&v.cert_der))
        );
        assert_eq!(r.id.len(), 16);
        assert!(r
            .id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(r.replaced_at, None);
        assert_eq!(
            token.file_name,
            "Fleet Prod_Token_2025-01-17T11-02-21Z_smime.p7m"
        );
    }
}

#[test]
fn apples_real_token_passes_the_same_checks() {
    let (Some(v), Some(file)) = (apple_vector(), apple_token()) else {
        return;
    };
    let parsed = parse_file(&file).unwrap();
    assert_eq!(parsed.headers, APPLE_HEADERS);
    assert!(parsed
        .base64_lines
        .iter()
        .all(|l| l.len() == BASE64_LINE_WIDTH));
    // Apple's is BER: the strict DER decoder refuses it, so openssl decrypts it here.
    assert!(cms::content_info::ContentInfo::from_der(&parsed.der).is_err());
    if mdm_link::test_support::require_openssl() {
        let out = std::process::Command::new("openssl")
            .args(["smime", "-decrypt", "-in"])
            .arg(apple_dir().join("apple-mdm-client-tests-1-server-token.p7m"))
            .arg("-inkey")
            .arg(&v.key_pem_path)
            .output()
            .expect("openssl runs");
        assert!(out.status.success(), "openssl decrypts Apple's token");
        let json = check_plaintext(&out.stdout).expect("Apple's own plaintext obeys our rules");
        assert!(json.access_token.ends_with(&format!("O{APPLE_ISSUE_MS}")));
    }
}

#[test]
fn asn1_shape_headers_and_line_width_match_apples_token() {
    let (Some(v), Some(apple)) = (apple_vector(), apple_token()) else {
        return;
    };
    let ours = issue(&v, 1, APPLE_ISSUE_MS);
    let a = parse_file(&apple).unwrap();
    let o = parse_file(&ours.file_bytes).unwrap();
    assert_eq!(a.headers, o.headers);
    let head_len = |f: &[u8]| f.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
    assert_eq!(
        apple[..head_len(&apple)],
        ours.file_bytes[..head_len(&ours.file_bytes)]
    );
    assert_eq!(a.base64_lines[0].len(), o.base64_lines[0].len());
    let (sa, so) = (shape(&a.der), shape(&o.der));
    assert!(sa.len() > 20, "walker saw the structure: {sa:?}");
    assert_eq!(
        sa, so,
        "same tag tree as Apple's token (BER vs DER and lengths ignored)"
    );
}

#[test]
fn same_seed_same_file_other_seed_other_secrets() {
    let v = own_vector(2048);
    let a = issue(&v, 5, APPLE_ISSUE_MS);
    let b = issue(&v, 5, APPLE_ISSUE_MS);
    let c = issue(&v, 6, APPLE_ISSUE_MS);
    assert_eq!(a, b, "deterministic for a given rng");
    assert_ne!(a.file_bytes, c.file_bytes);
    assert_ne!(a.record.id, c.record.id);
    assert_ne!(a.record.consumer_key_sha256, c.record.consumer_key_sha256);
    let ja = check_token(&v, &a, APPLE_ISSUE_MS);
    let jc = check_token(&v, &c, APPLE_ISSUE_MS);
    assert_ne!(ja.consumer_secret, jc.consumer_secret);
    assert_ne!(ja.access_secret, jc.access_secret);
}

#[test]
fn ten_digits_are_a_ten_digit_number_and_vary() {
    let v = own_vector(2048);
    let mut seen = std::collections::HashSet::new();
    for seed in 0..8 {
        let json = check_token(&v, &issue(&v, seed, APPLE_ISSUE_MS), APPLE_ISSUE_MS);
        let digits = &json.access_token[4..14];
        assert_ne!(&digits[..1], "0", "no leading zero: {digits}");
        seen.insert(digits.to_owned());
    }
    assert_eq!(seen.len(), 8);
}

#[test]
fn expiry_inside_the_file_follows_the_calendar() {
    let v = own_vector(2048);
    let cases = [
        // (issued, expected expiry in the JSON)
        (1_709_164_800_000, "2025-02-28T00:00:00Z"), // 2024-02-29T00:00:00Z, leap day
        (1_767_225_599_999, "2026-12-31T23:59:59Z"), // 2025-12-31T23:59:59.999Z, year end
        (1_704_067_200_000, "2025-01-01T00:00:00Z"), // 2024-01-01 midnight
    ];
    for (ms, expiry) in cases {
        let token = issue(&v, 9, ms);
        let json = check_token(&v, &token, ms);
        assert_eq!(json.access_token_expiry, expiry);
        assert_eq!(token.record.expires_at.rfc3339(), expiry);
    }
}

#[test]
fn refuses_keys_a_token_must_not_be_encrypted_to() {
    let dir = examples_dir();
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    let now = Timestamp(APPLE_ISSUE_MS);
    let cases: Vec<(Vec<u8>, TokenError)> = vec![
        (
            read("rsa1024.crt.der"),
            TokenError::RsaKey(RsaKeyError::TooShort { bits: 1024 }),
        ),
        (
            read("ec256.crt.der"),
            TokenError::NotRsaKey {
                algorithm: "id-ecPublicKey".into(),
            },
        ),
        (Vec::new(), TokenError::CertificateUnreadable),
        (
            b"-----BEGIN CERTIFICATE-----".to_vec(),
            TokenError::CertificateUnreadable,
        ),
        (read("rsa2048.key.der"), TokenError::CertificateUnreadable),
    ];
    for (der, expected) in cases {
        let got = issue_token(&der, "S", UserId(1), now, &mut rng(1)).unwrap_err();
        assert_eq!(got, expected);
        assert!(!got.to_string().is_empty());
    }
}

#[test]
fn refuses_an_impossible_clock() {
    let v = own_vector(2048);
    for ms in [
        i64::MIN,
        -1,
        0,
        999_999_999_999,
        10_000_000_000_000,
        i64::MAX,
    ] {
        let got = issue_token(&v.cert_der, "S", UserId(1), Timestamp(ms), &mut rng(1));
        assert_eq!(got.unwrap_err(), TokenError::ClockOutOfRange, "{ms}");
    }
    // The edges of the 13-digit range are fine.
    for ms in [1_000_000_000_000, 9_999_999_999_999] {
        let token = issue(&v, 2, ms);
        check_token(&v, &token, ms);
    }
}

#[test]
fn never_panics_on_damaged_certificates() {
    let v = own_vector(2048);
    let now = Timestamp(APPLE_ISSUE_MS);
    for cut in 0..v.cert_der.len() {
        let _ = issue_token(&v.cert_der[..cut], "S", UserId(1), now, &mut rng(1));
    }
    for i in (0..v.cert_der.len()).step_by(7) {
        let mut bad = v.cert_der.clone();
        bad[i] ^= 0xff;
        let _ = issue_token(&bad, "S", UserId(1), now, &mut rng(1));
    }
}

#[test]
fn issues_to_any_certificate_the_check_reads_even_dated_before_1970() {
    // The token reads the certificate through the check's decoder, so a certificate the check
    // accepts (here: notBefore moved to 1960, which `x509_cert` refuses) gets a token too.
    // Neither Apple nor we verify the signature, so patching the date is enough.
    let v = own_vector(2048);
    let mut der = v.cert_der.clone();
    let at = der
        .windows(2)
        .position(|w| w == [0x17, 0x0d])
        .expect("a UTCTime notBefore");
    der[at + 2..at + 4].copy_from_slice(b"60");
    assert!(
        Certificate::from_der(&der).is_err(),
        "x509_cert refuses 1960"
    );
    let checked = mdm_link::domain::certificate::check_file(&der, Timestamp(APPLE_ISSUE_MS))
        .expect("the check reads it");
    assert!(checked.certificates[0]
        .not_before
        .rfc3339()
        .starts_with("1960-"));
    let vector = Vector { cert_der: der, ..v };
    let token = issue(&vector, 3, APPLE_ISSUE_MS);
    check_token(&vector, &token, APPLE_ISSUE_MS);
}
