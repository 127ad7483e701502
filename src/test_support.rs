//! Test support (native only, not part of the app): what a test does when something it needs
//! from outside the project is missing: a tool (`openssl`, Python with `cryptography`) or the
//! shared corpora and vectors in `../shared`.
//!
//! Outside CI a missing prerequisite is a skip with its reason printed, so a developer without
//! OpenSSL can still run the rest. Under `CI=true` it is a failure: a test must never pass in CI
//! by doing nothing.

use std::path::PathBuf;
use std::process::Command;

/// Whether this run is CI (`CI=true`, as `.ci/run` and most CI services set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `true` when `available`; otherwise a skip with `what` printed, or, under CI, a panic that
/// fails the test.
pub fn require(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    assert!(
        !in_ci(),
        "CI=true and {what} is missing: a CI run must not skip this test"
    );
    eprintln!("SKIP: {what} is missing (outside CI this is a skip, not a failure)");
    false
}

/// `openssl`, if it runs.
pub fn require_openssl() -> bool {
    let available = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    require(available, "the openssl command")
}

/// Python 3 with `cryptography`'s PKCS#7 decryption, if it imports.
pub fn require_python_cryptography() -> bool {
    let available = Command::new("python3")
        .args([
            "-c",
            "from cryptography.hazmat.primitives.serialization import pkcs7; pkcs7.pkcs7_decrypt_smime",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    require(available, "python3 with the cryptography package")
}

/// `../shared/<relative>` beside the project, if it exists.
pub fn require_shared(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    let what = format!("{} (the shared corpora and vectors)", path.display());
    require(path.exists(), &what).then_some(path)
}
