//! Independent clients decrypt our tokens: OpenSSL (`smime` and `cms`) and Python
//! `cryptography` (through tests/tools/decrypt_token.py, which also checks every format rule).
//! Each client is skipped with a message when it is not installed, except under `CI=true`,
//! where a missing client fails the test (see `mdm_link::test_support`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use mdm_link::domain::ids::UserId;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::issue_token;
use mdm_link::test_support::{require_openssl, require_python_cryptography};

const NOW: i64 = 1_767_225_599_999; // 2025-12-31T23:59:59.999Z: the expiry crosses a year end

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/decrypt_token.py")
}

/// Writes a fresh token for `bits` into a temp dir; returns its path and the expected plaintext.
fn token_file(bits: u32) -> (PathBuf, Vec<u8>, Vector) {
    let v = own_vector(bits);
    let token = issue_token(
        &v.cert_der,
        "Interop",
        UserId(1),
        Timestamp(NOW),
        &mut rng(u64::from(bits)),
    )
    .expect("issue");
    let dir = std::env::temp_dir().join(format!("mdm-link-interop-{}-{bits}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(&token.file_name);
    std::fs::write(&path, &token.file_bytes).unwrap();
    let der = parse_file(&token.file_bytes).unwrap().der;
    let plain = decrypt(&der, &v.key_pkcs1_der);
    check_plaintext(&plain).unwrap();
    (path, plain, v)
}

fn run(cmd: &mut Command) -> (i32, Vec<u8>, String) {
    let out = cmd.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cleanup(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn openssl_smime_and_cms_decrypt_our_tokens() {
    if !require_openssl() {
        return;
    }
    for bits in [2048, 3072, 4096] {
        let (path, plain, v) = token_file(bits);
        let (code, out, err) = run(Command::new("openssl")
            .args(["smime", "-decrypt", "-in"])
            .arg(&path)
            .arg("-inkey")
            .arg(&v.key_pem_path));
        assert_eq!(code, 0, "openssl smime rsa{bits}: {err}");
        assert_eq!(out, plain, "openssl smime rsa{bits}: same plaintext");
        let (code, out, err) = run(Command::new("openssl")
            .args(["cms", "-decrypt", "-in"])
            .arg(&path)
            .arg("-inkey")
            .arg(&v.key_pem_path)
            .arg("-recip")
            .arg(&v.cert_pem_path));
        assert_eq!(code, 0, "openssl cms rsa{bits}: {err}");
        assert_eq!(out, plain, "openssl cms rsa{bits}: same plaintext");
        cleanup(&path);
    }
}

#[test]
fn python_cryptography_decrypts_and_validates_our_tokens() {
    if !require_python_cryptography() {
        return;
    }
    for bits in [2048, 3072, 4096] {
        let (path, plain, v) = token_file(bits);
        let (code, out, err) = run(Command::new("python3")
            .arg(script())
            .arg(&path)
            .arg(&v.cert_pem_path)
            .arg(&v.key_pem_path)
            .args(["--issued-ms", &NOW.to_string()]));
        assert_eq!(code, 0, "python rsa{bits}: {err}");
        assert_eq!(out, plain, "python rsa{bits}: same plaintext");
        // The validator is not vacuous: a wrong issue time is reported as a rule failure.
        let (code, _, err) = run(Command::new("python3")
            .arg(script())
            .arg(&path)
            .arg(&v.cert_pem_path)
            .arg(&v.key_pem_path)
            .args(["--issued-ms", "1737111741803"]));
        assert_eq!(code, 1, "python rsa{bits} must fail the issue-time rule");
        assert!(err.contains("access_token"), "{err}");
        // And a damaged outer file too (a header changed).
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace("S/MIME Encrypted", "S/MIME encrypted");
        std::fs::write(&path, text).unwrap();
        let (code, _, err) = run(Command::new("python3")
            .arg(script())
            .arg(&path)
            .arg(&v.cert_pem_path)
            .arg(&v.key_pem_path));
        assert_eq!(code, 1, "python rsa{bits} must fail the header rule: {err}");
        cleanup(&path);
    }
}
