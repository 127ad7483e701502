//! Opening tokens with their private keys (`domain::token::open`): Apple's real token, tokens
//! made by MDM Link in every form they travel in, tokens made by `openssl smime -encrypt` with
//! AES-128 and AES-256 in Apple's framing (and by `openssl cms` with AES-192, by key id, as
//! streamed BER), every diagnosis with its own case, and 1,000+ random, mutated and truncated
//! inputs that must neither panic nor hang.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64ct::{Base64, Encoding};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut, KeyIvInit};
use cms::content_info::ContentInfo;
use cms::enveloped_data::{EnvelopedData, RecipientInfo};
use common::*;
use der::{Decode, Encode};
use mdm_link::domain::certificate::Severity;
use mdm_link::domain::ids::UserId;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::issue_token;
use mdm_link::domain::token::open::{
    finding_code, open_token, OpenError, Recipient, TokenForm, TokenReport,
};
use mdm_link::domain::vendor::{make_test_certificate, KeyError, TestCertificateRequest};
use mdm_link::test_support::require_openssl;
use rand_chacha::rand_core::RngCore;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};

/// 2026-12-01T00:00:00Z: after Apple's token expired (2026-01-17).
const NOW: Timestamp = Timestamp(1_796_083_200_000);
/// When our tokens are issued in these tests: 2026-11-30T12:00:00Z.
const ISSUED: Timestamp = Timestamp(1_796_040_000_000);

fn open(token: &[u8], key: Option<&[u8]>, password: Option<&str>) -> TokenReport {
    open_token(token, key, password, NOW, &mut rng(11))
}

fn codes(report: &TokenReport) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.code).collect()
}

fn errors(report: &TokenReport) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code)
        .collect()
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    let path = path.as_ref();
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn token_vector(name: &str) -> PathBuf {
    examples_dir().join(name)
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/examples")
        .join(name)
}

/// A token made by MDM Link for the certificate in `cert_der`.
fn our_token(cert_der: &[u8], seed: u64) -> Vec<u8> {
    issue_token(cert_der, "Open Test", UserId(1), ISSUED, &mut rng(seed))
        .expect("issue")
        .file_bytes
}

fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdm-link-open-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What the report's decrypted JSON must equal: the same token decrypted with the `rsa` and
/// `cms` crates directly (tests/common).
fn natively_decrypted(file: &[u8], key_pkcs1_der: &[u8]) -> TokenJson {
    let der = parse_file(file).expect("our file").der;
    check_plaintext(&decrypt(&der, key_pkcs1_der)).expect("Apple's rules")
}

fn assert_contents(report: &TokenReport, expected: &TokenJson, label: &str) {
    let c = report
        .contents
        .as_ref()
        .unwrap_or_else(|| panic!("{label}: not opened: {:#?}", report.findings));
    assert_eq!(c.consumer_key.as_str(), expected.consumer_key, "{label}");
    assert_eq!(
        c.consumer_secret.as_str(),
        expected.consumer_secret,
        "{label}"
    );
    assert_eq!(c.access_token.as_str(), expected.access_token, "{label}");
    assert_eq!(c.access_secret.as_str(), expected.access_secret, "{label}");
    assert_eq!(c.expiry_text, expected.access_token_expiry, "{label}");
    assert!(errors(report).is_empty(), "{label}: {:#?}", report.findings);
}

// ---------------------------------------------------------------------------------------------
// Apple's real token

#[test]
fn opens_apples_real_token_with_its_key_in_every_form_of_the_key() {
    let (Some(v), Some(token)) = (apple_vector(), apple_token()) else {
        return;
    };
    let dir = apple_dir();
    let pem_key = read(dir.join("apple-mdm-client-tests-1.pem"));
    let der_key = read(dir.join("apple-mdm-client-tests-1.der"));
    let cert_pem = read(dir.join("apple-mdm-client-tests-1.crt"));
    let both = [cert_pem.as_slice(), b"\n", &pem_key].concat();
    for (label, key) in [
        ("PKCS#1 PEM", &pem_key),
        ("PKCS#1 DER", &der_key),
        ("cert + key", &both),
    ] {
        let report = open(&token, Some(key), None);
        let c = report
            .contents
            .as_ref()
            .unwrap_or_else(|| panic!("{label}: {:#?}", report.findings));
        assert!(
            c.consumer_key.starts_with("CK_") && c.consumer_key.len() == 99,
            "{label}"
        );
        assert_eq!(c.expiry_text, "2026-01-17T11:02:21Z");
        assert!(c.access_token.ends_with("O1737111741803"), "{label}");
        assert_eq!(c.days_left, -318, "{label}");
        assert_eq!(
            report.form,
            Some(TokenForm::Smime {
                apple_headers: true
            })
        );
        assert_eq!(report.content_cipher, Some("AES-128-CBC"));
        assert_eq!(
            report.recipients,
            [Recipient::IssuerSerial {
                issuer: "C=DE, OU=com.github.petarov, CN=apple-mdm-client-tests".into(),
                serial_hex: "70:FE:DD:C7:D5:AF:A3:93".into(),
            }]
        );
        assert_eq!(errors(&report), Vec::<&str>::new(), "{label}");
        let expired = report.finding("token-expired").expect("expired");
        assert_eq!(expired.severity, Severity::Warning);
        assert!(
            expired.message.contains("expired on 2026-01-17"),
            "{}",
            expired.message
        );
        if label == "cert + key" {
            let cert = report.certificate.as_ref().expect("certificate facts");
            assert!(cert.is_recipient && cert.matches_key);
        } else {
            assert!(report.certificate.is_none());
        }
    }
    // What openssl finds in the same file, field for field.
    if require_openssl() {
        let out = Command::new("openssl")
            .args(["smime", "-decrypt", "-in"])
            .arg(dir.join("apple-mdm-client-tests-1-server-token.p7m"))
            .arg("-inkey")
            .arg(&v.key_pem_path)
            .output()
            .unwrap();
        assert!(out.status.success());
        let json = check_plaintext(&out.stdout).unwrap();
        let report = open(&token, Some(&pem_key), None);
        let c = report.contents.unwrap();
        assert_eq!(c.consumer_key.as_str(), json.consumer_key);
        assert_eq!(c.access_secret.as_str(), json.access_secret);
    }
}

#[test]
fn apples_token_opens_from_its_ber_its_base64_body_and_with_crlf_line_ends() {
    let (Some(_), Some(token)) = (apple_vector(), apple_token()) else {
        return;
    };
    let key = read(apple_dir().join("apple-mdm-client-tests-1.pem"));
    let parsed = parse_file(&token).unwrap();
    let body: String = parsed.base64_lines.join("\n");
    let crlf = String::from_utf8(token.clone())
        .unwrap()
        .replace('\n', "\r\n");
    for (label, file, form) in [
        ("BER", parsed.der.clone(), TokenForm::Binary),
        ("base64 body", body.into_bytes(), TokenForm::Base64),
        (
            "CRLF",
            crlf.into_bytes(),
            TokenForm::Smime {
                apple_headers: true,
            },
        ),
    ] {
        let report = open(&file, Some(&key), None);
        assert!(report.contents.is_some(), "{label}: {:#?}", report.findings);
        assert_eq!(report.form, Some(form), "{label}");
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens made by MDM Link

#[test]
fn opens_tokens_made_by_mdm_link_for_2048_3072_and_4096_bit_keys() {
    for bits in [2048, 3072, 4096] {
        let v = own_vector(bits);
        let file = our_token(&v.cert_der, u64::from(bits));
        let expected = natively_decrypted(&file, &v.key_pkcs1_der);
        let pkcs8_pem = read(&v.key_pem_path);
        for (label, key) in [("PKCS#8 PEM", &pkcs8_pem), ("PKCS#1 DER", &v.key_pkcs1_der)] {
            let report = open(&file, Some(key), None);
            assert_contents(&report, &expected, &format!("rsa{bits} {label}"));
            assert_eq!(
                report.form,
                Some(TokenForm::Smime {
                    apple_headers: true
                })
            );
            let c = report.contents.as_ref().unwrap();
            assert_eq!(c.days_left, 364, "issued yesterday for one year");
            assert!(report.finding("token-expired").is_none());
            assert!(report.finding("token-opened").is_some());
            assert_eq!(
                report
                    .key
                    .as_deref()
                    .map(|k| k.starts_with(&format!("RSA {bits} bits"))),
                Some(true)
            );
        }
        // The certificate and key in one PEM file: the recipient is that certificate.
        let both = [read(&v.cert_pem_path), read(&v.key_pem_path)].concat();
        let report = open(&file, Some(&both), None);
        assert_contents(&report, &expected, &format!("rsa{bits} cert + key"));
        let cert = report.certificate.as_ref().unwrap();
        assert!(cert.is_recipient && cert.matches_key);
    }
}

#[test]
fn mdm_link_tokens_open_as_der_base64_and_pem() {
    let v = own_vector(2048);
    let file = our_token(&v.cert_der, 5);
    let expected = natively_decrypted(&file, &v.key_pkcs1_der);
    let der = parse_file(&file).unwrap().der;
    let b64 = Base64::encode_string(&der);
    let pem = format!(
        "-----BEGIN PKCS7-----\n{}\n-----END PKCS7-----\n",
        b64.as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (label, input, form) in [
        ("DER", der.clone(), TokenForm::Binary),
        (
            "base64 one line",
            b64.clone().into_bytes(),
            TokenForm::Base64,
        ),
        ("PEM", pem.into_bytes(), TokenForm::Pem),
        (
            "BOM + file",
            [b"\xef\xbb\xbf".as_slice(), &file].concat(),
            TokenForm::Smime {
                apple_headers: true,
            },
        ),
    ] {
        let report = open(&input, Some(&v.key_pkcs1_der), None);
        assert_contents(&report, &expected, label);
        assert_eq!(report.form, Some(form), "{label}");
    }
}

#[test]
fn a_token_for_a_test_certificate_made_in_the_vendor_kit_opens_with_its_key() {
    let request = TestCertificateRequest::new(2048, "mdm-link-test", 365).unwrap();
    let made = make_test_certificate(&request, ISSUED, &mut rng(21), &mut |_| {}).unwrap();
    let file = our_token(&made.certificate_der, 22);
    let key = made.private_key_pem.as_bytes();
    let report = open(&file, Some(key), None);
    assert!(report.contents.is_some(), "{:#?}", report.findings);
    assert_eq!(report.key.as_deref(), Some("RSA 2048 bits (PEM, PKCS#8)"));
    let both = [made.certificate_pem.as_bytes(), key].concat();
    let report = open(&file, Some(&both), None);
    let cert = report.certificate.as_ref().unwrap();
    assert!(
        cert.is_recipient && cert.matches_key,
        "{:#?}",
        report.findings
    );
}

// ---------------------------------------------------------------------------------------------
// Tokens made by OpenSSL

/// Apple's plaintext layout around a JSON like Apple's.
fn apple_plaintext() -> Vec<u8> {
    let json = format!(
        "{{\"consumer_key\":\"CK_{}\",\"consumer_secret\":\"CS_{}\",\"access_token\":\"AT_O1234567890O{}O1796040000000\",\"access_secret\":\"AS_{}\",\"access_token_expiry\":\"2027-11-30T12:00:00Z\"}}",
        "a".repeat(96),
        "b".repeat(40),
        "c".repeat(40),
        "d".repeat(40)
    );
    format!(
        "Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n-----BEGIN MESSAGE-----\n{json}\n-----END MESSAGE-----\n"
    )
    .into_bytes()
}

/// Runs openssl; returns stdout.
fn openssl(args: &[&str], paths: &[&Path]) -> Vec<u8> {
    let mut cmd = Command::new("openssl");
    cmd.args(args);
    for p in paths {
        cmd.arg(p);
    }
    let out = cmd.output().expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// An S/MIME file with OpenSSL's headers replaced by Apple's four.
fn in_apple_framing(smime: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(smime.to_vec()).unwrap();
    let (_, body) = text.split_once("\n\n").expect("headers end");
    let mut out = APPLE_HEADERS.join("\n");
    out.push_str("\n\n");
    out.push_str(body);
    out.into_bytes()
}

#[test]
fn opens_tokens_made_by_openssl_smime_with_aes128_and_aes256_in_apples_framing() {
    if !require_openssl() {
        return;
    }
    let dir = temp_dir("openssl");
    let plain = dir.join("plain.txt");
    std::fs::write(&plain, apple_plaintext()).unwrap();
    let v = own_vector(2048);
    let key = read(&v.key_pem_path);
    for (cipher, name) in [("-aes128", "AES-128-CBC"), ("-aes256", "AES-256-CBC")] {
        for stream in [false, true] {
            let mut args = vec!["smime", "-encrypt", cipher, "-binary"];
            if stream {
                args.push("-stream");
            }
            args.push("-in");
            let smime = openssl(&args, &[&plain, &v.cert_pem_path]);
            let label = format!("{cipher} stream={stream}");
            // As OpenSSL writes it, and in Apple's framing.
            for (file, apple_headers) in [(smime.clone(), false), (in_apple_framing(&smime), true)]
            {
                let report = open(&file, Some(&key), None);
                let c = report
                    .contents
                    .as_ref()
                    .unwrap_or_else(|| panic!("{label}: {:#?}", report.findings));
                assert_eq!(c.consumer_key.as_str(), format!("CK_{}", "a".repeat(96)));
                assert_eq!(c.access_secret.as_str(), format!("AS_{}", "d".repeat(40)));
                assert_eq!(c.expiry_text, "2027-11-30T12:00:00Z");
                assert_eq!(report.content_cipher, Some(name), "{label}");
                assert_eq!(
                    report.form,
                    Some(TokenForm::Smime { apple_headers }),
                    "{label}"
                );
                assert!(
                    errors(&report).is_empty(),
                    "{label}: {:#?}",
                    report.findings
                );
            }
        }
        // And its DER.
        let der = openssl(
            &[
                "smime", "-encrypt", cipher, "-binary", "-outform", "DER", "-in",
            ],
            &[&plain, &v.cert_pem_path],
        );
        let report = open(&der, Some(&key), None);
        assert!(
            report.contents.is_some(),
            "{cipher} DER: {:#?}",
            report.findings
        );
        assert_eq!(report.form, Some(TokenForm::Binary));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn opens_openssl_cms_tokens_with_aes192_and_recipients_named_by_key_id() {
    if !require_openssl() {
        return;
    }
    let dir = temp_dir("cms");
    let plain = dir.join("plain.txt");
    std::fs::write(&plain, apple_plaintext()).unwrap();
    let v = own_vector(3072);
    let key = read(&v.key_pem_path);
    let smime = openssl(
        &["cms", "-encrypt", "-aes192", "-binary", "-keyid", "-in"],
        &[&plain, &v.cert_pem_path],
    );
    let report = open(&smime, Some(&key), None);
    assert!(report.contents.is_some(), "{:#?}", report.findings);
    assert_eq!(report.content_cipher, Some("AES-192-CBC"));
    assert!(matches!(report.recipients[..], [Recipient::KeyId { .. }]));
    // Two recipients: the key of the second one opens it.
    let other = own_vector(2048);
    let smime = openssl(
        &["smime", "-encrypt", "-aes128", "-binary", "-in"],
        &[&plain, &other.cert_pem_path, &v.cert_pem_path],
    );
    let report = open(&smime, Some(&key), None);
    assert!(report.contents.is_some(), "{:#?}", report.findings);
    assert_eq!(report.recipients.len(), 2);
    // An OpenSSL token of arbitrary text opens, and says it is not Apple's format.
    std::fs::write(&plain, b"hello").unwrap();
    let smime = openssl(
        &["smime", "-encrypt", "-aes128", "-in"],
        &[&plain, &v.cert_pem_path],
    );
    let report = open(&smime, Some(&key), None);
    assert_eq!(errors(&report), ["not-apple-payload"]);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Every diagnosis

/// Re-encrypts a DER token's content with its own content key: `plaintext` replaces the
/// content, or with `None` the encrypted content is removed (a detached EnvelopedData).
fn reseal(der: &[u8], key_pkcs1_der: &[u8], plaintext: Option<&[u8]>) -> Vec<u8> {
    let ci = ContentInfo::from_der(der).unwrap();
    let mut env = EnvelopedData::from_der(&ci.content.to_der().unwrap()).unwrap();
    let key = RsaPrivateKey::from_pkcs1_der(key_pkcs1_der).unwrap();
    let RecipientInfo::Ktri(ktri) = env.recip_infos.0.get(0).unwrap() else {
        panic!()
    };
    let cek = key
        .decrypt(Pkcs1v15Encrypt, ktri.enc_key.as_bytes())
        .unwrap();
    let params = env
        .encrypted_content
        .content_enc_alg
        .parameters
        .as_ref()
        .unwrap();
    let iv = der::asn1::OctetString::from_der(&params.to_der().unwrap()).unwrap();
    env.encrypted_content.encrypted_content = plaintext.map(|p| {
        let ct = cbc::Encryptor::<aes::Aes128>::new_from_slices(&cek, iv.as_bytes())
            .unwrap()
            .encrypt_padded_vec_mut::<Pkcs7>(p);
        der::asn1::OctetString::new(ct).unwrap()
    });
    let content = der::Any::from_der(&env.to_der().unwrap()).unwrap();
    ContentInfo {
        content_type: ci.content_type,
        content,
    }
    .to_der()
    .unwrap()
}

/// `bytes` with the first occurrence of `from` replaced by `to` (same length).
fn patch(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern present");
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

fn int(content: &[u8]) -> Vec<u8> {
    tlv(0x02, content)
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// An EncryptedPrivateKeyInfo asking for `iterations` of PBKDF2 (the data is never decrypted).
fn costly_encrypted_key(iterations: u32) -> Vec<u8> {
    use rsa::pkcs8::pkcs5::{pbes2, EncryptionScheme};
    let params =
        pbes2::Parameters::pbkdf2_sha256_aes256cbc(iterations, &[1; 16], &[2; 16]).unwrap();
    rsa::pkcs8::EncryptedPrivateKeyInfo {
        encryption_algorithm: EncryptionScheme::Pbes2(params),
        encrypted_data: &[0; 32],
    }
    .to_der()
    .unwrap()
}

#[test]
fn every_diagnosis_has_its_case() {
    let v2048 = own_vector(2048);
    let v3072 = own_vector(3072);
    let token = our_token(&v2048.cert_der, 1);
    let der = parse_file(&token).unwrap().der;
    let key = read(&v2048.key_pem_path);
    let key_der = v2048.key_pkcs1_der.clone();
    let key3072 = read(&v3072.key_pem_path);
    let text = String::from_utf8(token.clone()).unwrap();

    // Token side.
    let mut damaged = text.lines().map(str::to_owned).collect::<Vec<_>>();
    damaged[7].replace_range(10..11, "*");
    let damaged = damaged.join("\n") + "\n";
    let cut = Base64::encode_string(&der[..der.len() / 2]);
    let mut length_broken = der.clone();
    length_broken[27] = 0x85; // the SET's length field claims 5 length bytes
    let oaep = patch(
        &der,
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05],
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x07, 0x05],
    );
    let gcm = patch(
        &der,
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02],
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x06],
    );
    assert_eq!(
        &der[26..28],
        &[0x31, 0x82],
        "the recipient SET sits at byte 26"
    );
    assert_eq!(der[30], 0x30, "the KeyTransRecipientInfo at byte 30");
    let mut password_recipient = der.clone();
    password_recipient[30] = 0xa3;
    let detached = reseal(&der, &key_der, None);
    let not_apple = reseal(&der, &key_der, Some(b"{\"hello\":\"world\"}"));
    let missing_field = reseal(
        &der,
        &key_der,
        Some(b"-----BEGIN MESSAGE-----\n{\"consumer_key\":\"CK_1\"}\n-----END MESSAGE-----\n"),
    );
    let other_cert_same_key = [
        read(example("one-day.pem")),
        read(example("rsa2048.key.pem")),
    ]
    .concat();
    let examples_token = our_token(
        &pem_body(
            &String::from_utf8(read(example("rsa2048.pem"))).unwrap(),
            "CERTIFICATE",
        ),
        3,
    );
    let cert_and_wrong_key = [read(&v2048.cert_pem_path), key3072.clone()].concat();
    let cert_3072_and_key = [read(&v3072.cert_pem_path), key3072.clone()].concat();
    let late = open_token(
        &token,
        Some(&key),
        None,
        Timestamp(ISSUED.0 + 400 * 86_400_000),
        &mut rng(1),
    );

    let token_cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        ("token-file-empty", b" \n".to_vec(), key.clone()),
        (
            "token-file-too-large",
            vec![b'M'; 1024 * 1024 + 1],
            key.clone(),
        ),
        ("token-base64-damaged", damaged.into_bytes(), key.clone()),
        ("not-cms", read(&v2048.cert_pem_path), key.clone()),
        (
            "cms-not-enveloped",
            read(example("bundle.p7b")),
            key.clone(),
        ),
        ("token-truncated", cut.into_bytes(), key.clone()),
        ("token-corrupt", length_broken, key.clone()),
        ("unsupported-recipient", password_recipient, key.clone()),
        ("unsupported-key-transport", oaep, key.clone()),
        ("unsupported-content-cipher", gcm, key.clone()),
        ("no-encrypted-content", detached, key.clone()),
        (
            "token-for-other-certificate",
            token.clone(),
            cert_3072_and_key,
        ),
        ("key-not-for-certificate", token.clone(), cert_and_wrong_key),
        ("key-does-not-open-token", token.clone(), key3072.clone()),
        ("not-apple-payload", not_apple, key_der.clone()),
    ];
    let mut seen = Vec::new();
    for (code, token, key) in &token_cases {
        let report = open(token, Some(key), None);
        assert!(
            codes(&report).contains(code),
            "{code}: {:#?}",
            report.findings
        );
        assert!(report.contents.is_none(), "{code} opened");
        seen.push(*code);
    }
    // Details of a few.
    let report = open(&missing_field, Some(&key_der), None);
    assert!(report
        .finding("not-apple-payload")
        .unwrap()
        .message
        .contains("consumer_secret"));
    let report = open(&token_cases[5].1, Some(&key), None);
    let truncated = report.finding("token-truncated").unwrap();
    assert!(
        truncated.message.contains("the data ends at byte"),
        "{}",
        truncated.message
    );
    let report = open(&token_cases[2].1, Some(&key), None);
    assert!(report
        .finding("token-base64-damaged")
        .unwrap()
        .message
        .contains("line 8"));
    let report = open(&read(example("key-pkcs1.pem")), Some(&key), None);
    assert!(report
        .finding("not-cms")
        .unwrap()
        .message
        .contains("a private key"));
    let other = open(&token, Some(&token_cases[11].2), None);
    let message = &other
        .finding("token-for-other-certificate")
        .unwrap()
        .message;
    assert!(
        message.contains("mdm-link-token-test-rsa2048")
            && message.contains("00:A1:B2:C3:D4:E5:F6:20:48"),
        "{message}"
    );
    assert!(
        message.contains("usual cause when an MDM server reports an invalid token"),
        "{message}"
    );
    assert!(
        other.finding("key-does-not-open-token").is_none(),
        "explained once"
    );
    let wrong = open(&token, Some(&key3072), None);
    let message = &wrong.finding("key-does-not-open-token").unwrap().message;
    assert!(
        message.contains("mdm-link-token-test-rsa2048") && message.contains("usual cause"),
        "{message}"
    );
    // The same key in a reissued certificate: it opens, and the server's lookup would fail.
    let reissued = open(&examples_token, Some(&other_cert_same_key), None);
    assert!(reissued.contents.is_some(), "{:#?}", reissued.findings);
    assert!(reissued
        .finding("token-for-other-certificate")
        .unwrap()
        .message
        .contains("still opens it"));
    seen.push("token-for-other-certificate");

    // Notes and warnings.
    assert!(late.finding("token-expired").is_some());
    assert_eq!(late.contents.as_ref().unwrap().days_left, -35);
    let no_key = open(&token, None, None);
    assert_eq!(codes(&no_key), ["token-form", "no-private-key-chosen"]);
    assert_eq!(
        no_key.recipients.len(),
        1,
        "the recipient shows without a key"
    );
    let opened = open(&token, Some(&key), None);
    assert!(opened.finding("token-opened").is_some());
    seen.extend([
        "token-expired",
        "no-private-key-chosen",
        "token-opened",
        "token-form",
    ]);

    // Key side, each with a token that would otherwise open.
    let examples_key_encrypted = read(example("key-encrypted.pem"));
    let legacy = b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nQUJDRA==\n-----END RSA PRIVATE KEY-----\n".to_vec();
    let pbes1 = tlv(
        0x30,
        &[
            tlv(
                0x30,
                &[
                    tlv(
                        0x06,
                        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x03],
                    ),
                    tlv(0x30, &[tlv(0x04, &[7; 8]), int(&[8])].concat()),
                ]
                .concat(),
            ),
            tlv(0x04, &[0; 16]),
        ]
        .concat(),
    );
    let openssh = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n".to_vec();
    let mut huge_modulus = vec![0x01; 2501];
    huge_modulus[0] = 0x7f;
    let huge = tlv(
        0x30,
        &[
            int(&[0]),
            int(&huge_modulus),
            int(&[1, 0, 1]),
            int(&[3]),
            int(&[5]),
            int(&[7]),
            int(&[9]),
            int(&[11]),
            int(&[13]),
        ]
        .concat(),
    );
    let mut altered = key_der.clone();
    altered[100] ^= 0x01; // a modulus byte
    let cut_key = String::from_utf8(key.clone()).unwrap();
    let cut_key = cut_key[..cut_key.len() / 2].to_owned().into_bytes();
    let key_cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("key-file-empty", Vec::new(), None),
        ("key-file-too-large", vec![b'A'; 1024 * 1024 + 1], None),
        ("no-private-key", read(&v2048.cert_pem_path), None),
        (
            "encrypted-private-key",
            examples_key_encrypted.clone(),
            None,
        ),
        (
            "wrong-private-key-password",
            examples_key_encrypted.clone(),
            Some("not the password"),
        ),
        ("encrypted-private-key-legacy", legacy, None),
        ("unsupported-key-encryption", pbes1, Some("x")),
        (
            "key-encryption-too-costly",
            costly_encrypted_key(10_000_000),
            Some("x"),
        ),
        ("not-rsa-key", read(example("key-ec.pem")), None),
        ("pkcs12-key-file", read(example("bundle.p12")), None),
        ("unsupported-key-format", openssh, None),
        ("private-key-too-large", huge, None),
        ("private-key-corrupt", altered, None),
    ];
    for (code, key, password) in &key_cases {
        let report = open(&token, Some(key), *password);
        assert_eq!(errors(&report), [*code], "{:#?}", report.findings);
        assert_eq!(
            report.recipients.len(),
            1,
            "{code}: the token side is still read"
        );
        seen.push(*code);
    }
    // More forms of the same diagnoses.
    for (code, key) in [
        ("not-rsa-key", read(example("key-ec.der"))),
        ("not-rsa-key", read(token_vector("ec256.key.pem"))),
        ("private-key-corrupt", cut_key),
        ("no-private-key", read(example("csr.pem"))),
        ("no-private-key", b"just some words".to_vec()),
        ("no-private-key", read(example("image.png"))),
        ("encrypted-private-key", read(example("key-encrypted.der"))),
    ] {
        let report = open(&token, Some(&key), None);
        assert_eq!(errors(&report), [code]);
    }
    // The password that unlocks the encrypted example key opens a token for its certificate.
    let report = open(
        &examples_token,
        Some(&examples_key_encrypted),
        Some("vectors"),
    );
    assert!(report.contents.is_some(), "{:#?}", report.findings);
    assert_eq!(
        report.key.as_deref(),
        Some("RSA 2048 bits (PEM, PKCS#8, password-protected)")
    );
    let report = open(
        &examples_token,
        Some(&read(example("key-encrypted.der"))),
        Some("vectors"),
    );
    assert!(report.contents.is_some(), "{:#?}", report.findings);

    // Every code the opener can give has been seen, and maps back from text.
    let mut all: Vec<&str> = OpenError::CODES
        .iter()
        .chain(KeyError::CODES.iter())
        .copied()
        .collect();
    all.extend([
        "token-expired",
        "no-private-key-chosen",
        "token-opened",
        "token-form",
    ]);
    for code in &all {
        assert!(seen.contains(code), "no case for {code}");
        assert_eq!(finding_code(code), Some(*code));
    }
    assert_eq!(finding_code("no-such-code"), None);
}

#[test]
fn every_message_is_a_sentence_an_admin_can_read() {
    let v = own_vector(2048);
    let token = our_token(&v.cert_der, 1);
    for (file, key) in [
        (b"".to_vec(), None),
        (b"hello".to_vec(), Some(b"hello".to_vec())),
        (token.clone(), Some(read(own_vector(3072).key_pem_path))),
        (token, Some(read(example("key-encrypted.pem")))),
    ] {
        for f in open(&file, key.as_deref(), None).findings {
            assert!(f.message.starts_with(char::is_uppercase), "{}", f.message);
            assert!(f.message.ends_with(['.', ')']), "{}", f.message);
            assert!(
                !f.message.contains("Error") && !f.message.contains("error:"),
                "{}",
                f.message
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Never panic, never hang

#[test]
fn a_thousand_random_mutated_and_truncated_inputs_never_panic_and_never_pass_silently() {
    let v = own_vector(2048);
    let key = read(&v.key_pem_path);
    let token = our_token(&v.cert_der, 9);
    let der = parse_file(&token).unwrap().der;
    let mut inputs: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    // Every truncation of the DER and every 7th of the S/MIME text.
    for cut in 0..der.len() {
        inputs.push((der[..cut].to_vec(), Some(key.clone())));
    }
    for cut in (0..token.len()).step_by(7) {
        inputs.push((token[..cut].to_vec(), Some(key.clone())));
    }
    if let Some(apple) = apple_token() {
        let apple_der = parse_file(&apple).unwrap().der;
        let apple_key = read(apple_dir().join("apple-mdm-client-tests-1.pem"));
        for cut in (0..apple_der.len()).step_by(3) {
            inputs.push((apple_der[..cut].to_vec(), Some(apple_key.clone())));
        }
    }
    // Random bytes, random text, and the DER with random bytes changed.
    let mut r = rng(2024);
    for i in 0..400 {
        let len = (r.next_u32() % 1500) as usize;
        let mut bytes = vec![0u8; len];
        r.fill_bytes(&mut bytes);
        if i % 3 == 0 && !bytes.is_empty() {
            bytes[0] = 0x30;
        }
        if i % 5 == 0 {
            bytes = Base64::encode_string(&bytes).into_bytes();
        }
        inputs.push((bytes, Some(key.clone())));
        let mut mutated = der.clone();
        for _ in 0..=(r.next_u32() % 4) {
            let at = (r.next_u32() as usize) % mutated.len();
            mutated[at] = r.next_u32() as u8;
        }
        inputs.push((mutated, Some(key.clone())));
    }
    // Truncated and mutated keys with a good token.
    let key_der = v.key_pkcs1_der.clone();
    for cut in (0..key_der.len()).step_by(5) {
        inputs.push((token.clone(), Some(key_der[..cut].to_vec())));
    }
    for cut in (0..key.len()).step_by(11) {
        inputs.push((token.clone(), Some(key[..cut].to_vec())));
    }
    for _ in 0..100 {
        let mut mutated = key_der.clone();
        let at = (r.next_u32() as usize) % mutated.len();
        mutated[at] ^= (r.next_u32() as u8) | 1;
        inputs.push((token.clone(), Some(mutated)));
    }
    assert!(inputs.len() >= 1000, "{} inputs", inputs.len());
    let mut opened = 0;
    for (i, (token, key)) in inputs.iter().enumerate() {
        let report = open_token(token, key.as_deref(), None, NOW, &mut rng(i as u64));
        if report.contents.is_some() {
            opened += 1;
        } else {
            assert!(
                report
                    .findings
                    .iter()
                    .any(|f| f.severity == Severity::Error),
                "input {i} neither opened nor said why: {:#?}",
                report.findings
            );
        }
        for f in &report.findings {
            assert!(finding_code(f.code).is_some(), "unlisted code {}", f.code);
        }
    }
    // The untouched inputs (full-length ones) did open; most damaged ones did not.
    assert!(
        opened >= 1 && opened < inputs.len() / 2,
        "{opened} of {} opened",
        inputs.len()
    );
    eprintln!("{} inputs, {opened} opened", inputs.len());
}

#[test]
fn every_shared_corpus_file_as_a_token_and_as_a_key_gets_a_finding_and_never_a_panic() {
    let Some(root) = mdm_link::test_support::require_shared("corpora") else {
        return;
    };
    let v = own_vector(2048);
    let key = read(&v.key_pem_path);
    let token = our_token(&v.cert_der, 4);
    let files = files_under(&root);
    let mut silent = Vec::new();
    let mut keys_read = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        for report in [
            open(&bytes, Some(&key), None),
            open(&token, Some(&bytes), None),
        ] {
            if report.contents.is_none()
                && !report
                    .findings
                    .iter()
                    .any(|f| f.severity == Severity::Error)
            {
                silent.push(path.clone());
            }
            if report.contents.is_some() {
                keys_read += 1;
            }
        }
    }
    eprintln!(
        "{} corpus files as token and as key; {keys_read} opened",
        files.len()
    );
    assert!(
        files.len() > 1000,
        "the corpus is there: {} files",
        files.len()
    );
    assert!(silent.is_empty(), "no finding for {silent:?}");
}
