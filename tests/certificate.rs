//! Table-driven tests of the certificate check against the vectors in tests/examples
//! (made by tests/examples/make-vectors.sh; see NOTES.md there).

use mdm_link::domain::certificate::{
    check_file, CheckedFile, Encoding, InputError, PublicKeyInfo, Severity, Verdict, MAX_FILE_BYTES,
};
use mdm_link::domain::time::{CivilDateTime, Timestamp};

/// 2027-01-01, a month after the vectors were made (2026-11-27): the one-day certificate has
/// expired, the 10-year ones are valid.
fn now() -> Timestamp {
    CivilDateTime {
        year: 2027,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
    }
    .to_timestamp()
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(name: &str) -> Result<CheckedFile, InputError> {
    check_file(&read(name), now())
}

fn codes(file: &CheckedFile) -> Vec<&'static str> {
    file.certificates
        .iter()
        .flat_map(|c| c.findings.iter().map(|f| f.code))
        .chain(file.findings.iter().map(|f| f.code))
        .collect()
}

/// Files that must be refused, with the error code expected.
#[test]
fn every_wrong_file_gets_its_specific_error() {
    let table = [
        ("empty.txt", "empty-file"),
        ("whitespace.txt", "empty-file"),
        ("csr.pem", "certificate-request"),
        ("csr.der", "certificate-request"),
        ("crl.pem", "revocation-list"),
        ("crl.der", "revocation-list"),
        ("pubkey.pem", "public-key-only"),
        ("pubkey.der", "public-key-only"),
        ("rsa-pubkey.pem", "public-key-only"),
        ("rsa2048.key.pem", "private-key"),
        ("key-pkcs1.pem", "private-key"),
        ("key-pkcs1.der", "private-key"),
        ("key-pkcs8.der", "private-key"),
        ("key-encrypted.pem", "private-key"),
        ("key-encrypted.der", "private-key"),
        ("key-ec.pem", "private-key"),
        ("key-ec.der", "private-key"),
        ("bundle.p12", "pkcs12-bundle"),
        ("bundle-empty.p7b.pem", "pkcs7-without-certificates"),
        ("token-enveloped.der", "encrypted-message"),
        ("token-smime.p7m", "encrypted-message"),
        ("image.png", "image-file"),
        ("archive.zip", "archive-file"),
        ("document.pdf", "pdf-document"),
        ("random.bin", "unrecognised-binary"),
        ("notes.json", "text-not-certificate"),
        ("ssh.pub", "text-not-certificate"),
        ("unsupported-label.pem", "unsupported-pem"),
        ("broken-unterminated.pem", "pem-unterminated"),
        ("broken-base64.pem", "pem-base64-invalid"),
        ("broken-truncated.der", "truncated"),
        ("broken-truncated.pem", "truncated"),
        ("broken-length.der", "corrupt-der"),
        ("broken-not-x509.der", "not-x509"),
        ("broken-asn1-unknown.der", "unrecognised-asn1"),
    ];
    for (file, code) in table {
        match check(file) {
            Err(e) => {
                assert_eq!(e.code(), code, "{file}: {e}");
                let msg = e.to_string();
                assert!(msg.len() > 40, "{file}: message too short: {msg}");
            }
            Ok(f) => panic!("{file}: expected {code}, got {:?}", codes(&f)),
        }
    }
}

#[test]
fn error_messages_say_what_and_where() {
    let e = check("broken-truncated.der").unwrap_err();
    let total = read("rsa2048.der").len();
    assert_eq!(
        e,
        InputError::Truncated {
            at: 0,
            expected: total,
            got: 700
        }
    );
    assert!(
        e.to_string()
            .contains(&format!("ends {} bytes early", total - 700)),
        "{e}"
    );

    let e = check("broken-not-x509.der").unwrap_err();
    assert!(
        matches!(&e, InputError::NotX509 { part, .. } if part.starts_with("validity dates")),
        "{e:?}"
    );
    assert!(e.to_string().contains("validity dates"));

    let e = check("broken-length.der").unwrap_err();
    assert!(e.to_string().contains("byte 1"), "{e}");

    assert!(check("image.png")
        .unwrap_err()
        .to_string()
        .contains("PNG image"));
    assert!(check("ssh.pub")
        .unwrap_err()
        .to_string()
        .contains("SSH public key"));
    assert!(check("key-pkcs1.der")
        .unwrap_err()
        .to_string()
        .contains("never be shared"));
    assert!(check("bundle.p12")
        .unwrap_err()
        .to_string()
        .contains("private key"));

    let big = vec![b'A'; MAX_FILE_BYTES + 1];
    let e = check_file(&big, now()).unwrap_err();
    assert_eq!(
        e,
        InputError::TooLarge {
            bytes: MAX_FILE_BYTES + 1
        }
    );
}

/// Every way OpenSSL accepts the same certificate gives the same report.
#[test]
fn every_encoding_variant_reads_the_same_certificate() {
    let reference = check("rsa2048.der").unwrap();
    assert_eq!(reference.encoding, Encoding::Der);
    let want = &reference.certificates[0];
    let table = [
        ("rsa2048.pem", Encoding::Pem),
        ("variant-crlf.pem", Encoding::Pem),
        ("variant-cr.pem", Encoding::Pem),
        ("variant-oneline.pem", Encoding::Pem),
        ("variant-76col.pem", Encoding::Pem),
        ("variant-bom.pem", Encoding::Pem),
        ("variant-utf16.pem", Encoding::Pem),
        ("variant-trailing-space.pem", Encoding::Pem),
        ("variant-x509-label.pem", Encoding::Pem),
        ("variant-text-around.pem", Encoding::Pem),
        ("trusted.pem", Encoding::Pem),
        ("variant-bare.b64", Encoding::Base64),
        ("variant-der-trailing.der", Encoding::Der),
        ("bundle-one.p7b.pem", Encoding::Pem),
    ];
    for (file, encoding) in table {
        let got = check(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(got.encoding, encoding, "{file}");
        assert_eq!(got.certificates.len(), 1, "{file}");
        assert_eq!(&got.certificates[0], want, "{file}");
        assert_eq!(got.certificates[0].verdict(), Verdict::Usable, "{file}");
    }
    assert_eq!(
        codes(&check("trusted.pem").unwrap()).last(),
        Some(&"trust-settings-ignored")
    );
    assert!(codes(&check("variant-der-trailing.der").unwrap()).contains(&"trailing-data"));
    assert!(codes(&check("bundle-one.p7b.pem").unwrap()).contains(&"pkcs7-bundle"));
}

#[test]
fn the_reference_certificate_report() {
    let f = check("rsa2048.pem").unwrap();
    assert!(f.usable_as_server_entry());
    let c = &f.certificates[0];
    assert_eq!(c.subject, "CN=mdm.example.com, O=Example MDM Vendor");
    assert_eq!(c.issuer, c.subject);
    assert_eq!(c.version, 3);
    assert!(c.self_signed);
    assert_eq!(
        c.public_key,
        PublicKeyInfo::Rsa {
            bits: 2048,
            exponent: "65537".into()
        }
    );
    assert_eq!(c.public_key.to_string(), "RSA 2048 bits, exponent 65537");
    assert_eq!(c.signature_algorithm, "sha256WithRSAEncryption");
    assert_eq!(
        c.key_usage.as_deref(),
        Some(&["digitalSignature".to_owned(), "keyEncipherment".to_owned()][..])
    );
    assert_eq!(
        c.extended_key_usage.as_deref(),
        Some(&["serverAuth".to_owned(), "clientAuth".to_owned()][..])
    );
    assert!(
        c.not_after.civil().year >= 2120,
        "100-year certificate uses GeneralizedTime"
    );
    assert_eq!(c.days_left, now().days_until(c.not_after));
    assert!(c.serial_hex.split(':').all(|b| b.len() == 2
        && b.chars()
            .all(|x| x.is_ascii_hexdigit() && !x.is_ascii_lowercase())));
    let mut got = codes(&f);
    got.sort_unstable();
    assert_eq!(got, ["rsa-key-size", "self-signed", "validity-period"]);
    assert_eq!(Verdict::Usable.label(), "Usable");
    assert_eq!(Verdict::NotUsable.label(), "Not usable");
    assert_eq!(Severity::Warning.label(), "Warning");
}

#[test]
fn fingerprints_match_openssl() {
    let c = &check("rsa2048.der").unwrap().certificates[0];
    let sha256 = String::from_utf8(read("rsa2048.sha256.txt")).unwrap();
    let sha1 = String::from_utf8(read("rsa2048.sha1.txt")).unwrap();
    assert_eq!(
        sha256.trim(),
        format!("sha256 Fingerprint={}", c.sha256_hex)
    );
    assert_eq!(sha1.trim(), format!("sha1 Fingerprint={}", c.sha1_hex));
    assert_eq!(
        c.sha256_plain(),
        c.sha256_hex.replace(':', "").to_lowercase()
    );
    assert_eq!(c.sha256_plain().len(), 64);
}

/// Each certificate vector and the finding codes (and verdict) it must produce.
#[test]
fn every_finding_code() {
    let table: &[(&str, &str, Severity, Verdict)] = &[
        (
            "rsa1024.pem",
            "rsa-key-too-short",
            Severity::Error,
            Verdict::NotUsable,
        ),
        (
            "rsa3072.pem",
            "rsa-key-size",
            Severity::Info,
            Verdict::Usable,
        ),
        (
            "rsa4096.pem",
            "rsa-key-size",
            Severity::Info,
            Verdict::Usable,
        ),
        (
            "exponent3.pem",
            "rsa-exponent-unusual",
            Severity::Info,
            Verdict::Usable,
        ),
        (
            "ec-p256.pem",
            "key-not-rsa",
            Severity::Error,
            Verdict::NotUsable,
        ),
        (
            "ed25519.pem",
            "key-not-rsa",
            Severity::Error,
            Verdict::NotUsable,
        ),
        ("one-day.pem", "expired", Severity::Warning, Verdict::Usable),
        (
            "ku-digitalsignature.pem",
            "key-usage-without-key-encipherment",
            Severity::Warning,
            Verdict::Usable,
        ),
        (
            "sha1-signed.pem",
            "weak-signature-sha1",
            Severity::Warning,
            Verdict::Usable,
        ),
        (
            "md5-signed.pem",
            "weak-signature-md5",
            Severity::Warning,
            Verdict::Usable,
        ),
        (
            "rsa2048.pem",
            "self-signed",
            Severity::Info,
            Verdict::Usable,
        ),
        (
            "rsa2048.pem",
            "validity-period",
            Severity::Info,
            Verdict::Usable,
        ),
        (
            "cert-and-key.pem",
            "private-key-in-file",
            Severity::Error,
            Verdict::NotUsable,
        ),
    ];
    for (file, code, severity, verdict) in table {
        let f = check(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let c = &f.certificates[0];
        let finding = c
            .finding(code)
            .unwrap_or_else(|| panic!("{file}: no {code} in {:?}", c.findings));
        assert_eq!(finding.severity, *severity, "{file} {code}");
        assert_eq!(c.verdict(), *verdict, "{file}");
    }
    let ec = &check("ec-p256.pem").unwrap().certificates[0];
    assert_eq!(ec.public_key.to_string(), "EC P-256");
    assert_eq!(ec.signature_algorithm, "ecdsa-with-SHA256");
    assert_eq!(
        check("ed25519.pem").unwrap().certificates[0].public_key,
        PublicKeyInfo::Ed25519
    );
    assert_eq!(
        check("exponent3.pem").unwrap().certificates[0]
            .public_key
            .to_string(),
        "RSA 2048 bits, exponent 3"
    );
}

#[test]
fn dates_relative_to_now() {
    let c = check("one-day.pem").unwrap().certificates.remove(0);
    // Just after issue: valid, expires within 30 days.
    let soon = check_file(&read("one-day.pem"), c.not_before)
        .unwrap()
        .certificates
        .remove(0);
    assert_eq!(soon.days_left, 1);
    assert!(soon.finding("expires-soon").is_some());
    let early = Timestamp(c.not_before.0 - 1);
    let before = check_file(&read("one-day.pem"), early)
        .unwrap()
        .certificates
        .remove(0);
    assert!(before.finding("not-yet-valid").is_some());
    assert!(c.days_left < 0);
    assert!(c
        .finding("expired")
        .unwrap()
        .message
        .contains("Apple does not check"));
}

#[test]
fn chains_bundles_and_issuers() {
    let f = check("chain3.pem").unwrap();
    assert_eq!(f.certificates.len(), 3);
    assert!(!f.usable_as_server_entry());
    let several = f
        .findings
        .iter()
        .find(|x| x.code == "several-certificates")
        .unwrap();
    assert_eq!(several.severity, Severity::Warning);
    assert!(several.message.contains("exactly one"));
    let server = &f.certificates[0];
    assert!(!server.self_signed);
    assert!(server
        .finding("issued-by-ca")
        .unwrap()
        .message
        .contains("Example Intermediate CA"));
    assert!(f.certificates[1].finding("basic-constraints-ca").is_some());
    assert!(
        f.certificates[2].finding("basic-constraints-ca").is_none(),
        "self-signed root"
    );
    assert_eq!(
        f.certificates[1].public_key.to_string(),
        "RSA 4096 bits, exponent 65537"
    );

    let p7 = check("bundle.p7b").unwrap();
    assert_eq!(p7.certificates.len(), 3);
    assert_eq!(p7.certificates, f.certificates);
    let two = check("variant-two-der.der").unwrap();
    assert_eq!(two.certificates.len(), 2);
}

#[test]
fn a_private_key_never_reaches_the_output() {
    let f = check("cert-and-key.pem").unwrap();
    assert_eq!(f.certificates.len(), 1);
    assert_eq!(f.findings[0].code, "private-key-in-file");
    assert_eq!(f.findings[0].severity, Severity::Error);
    assert!(!f.usable_as_server_entry());
    let key_pem = String::from_utf8(read("rsa2048.key.pem")).unwrap();
    let key_b64: String = key_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let out = format!("{f:?}{:?}", check("key-pkcs1.pem"));
    let key_der = read("key-pkcs1.der");
    let hexed: String = key_der.iter().map(|b| format!("{b:02X}")).collect();
    for probe in key_b64
        .as_bytes()
        .chunks(16)
        .chain(hexed.as_bytes().chunks(16))
    {
        let probe = std::str::from_utf8(probe).unwrap();
        assert!(!out.contains(probe), "key material {probe} leaked");
        assert!(!out.to_uppercase().contains(&probe.to_uppercase()) || probe.len() < 16);
    }
}

#[test]
fn markup_in_a_subject_is_kept_literally() {
    let c = &check("markup-subject.pem").unwrap().certificates[0];
    assert_eq!(
        c.subject,
        "CN=<script>alert(1)</script>, O=Example MDM Vendor"
    );
}
