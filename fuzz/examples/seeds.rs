//! Writes the seeds the project makes itself (scripts/fuzz.sh runs it; the corpora from
//! ../shared and tests/examples are copied beside them): a populated organization as stored
//! (root + blobs, the `stored_state` input format) and as a backup, and tokens for the fuzz
//! targets' own test key and for Apple's published test server (with its key in the input).
use std::fs;
use std::path::{Path, PathBuf};

use mdm_link::domain::certificate::check_file;
use mdm_link::domain::organization::{DeviceType, Organization, StoredCertificate};
use mdm_link::domain::persistence::{backup, layout, StoredMeta};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::users::Role;
use rand_chacha::rand_core::SeedableRng;

const T0: Timestamp = Timestamp(1_767_225_600_000);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn certificate(file: &str) -> StoredCertificate {
    let bytes = fs::read(root().join("tests/examples").join(file)).unwrap();
    StoredCertificate::from_checked_file(&check_file(&bytes, T0).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: seeds OUT_DIR"));
    let mut org = Organization::new_first_launch(T0);
    org.rename_organization("Acme <b>Schools</b>", T0).unwrap();
    let dana = org
        .add_user(
            "Dana <i>Enroll</i>",
            "dana@acme.example",
            Role::DeviceEnrollmentManager,
            T0,
        )
        .unwrap();
    let ipads = org
        .add_server("Cupertino iPads", certificate("rsa2048.pem"), false, T0)
        .unwrap();
    let macs = org
        .add_server("Lab Macs", certificate("rsa3072.pem"), true, T0)
        .unwrap();
    org.set_default(DeviceType::IPad, Some(ipads), T0).unwrap();
    org.set_default(DeviceType::Mac, Some(macs), T0).unwrap();
    org.replace_certificate(macs, certificate("exponent3.pem"), T0)
        .unwrap();
    org.record_password_change(dana, T0).unwrap();
    for i in 0..510 {
        // Enough activity for one closed chunk (a blob of its own).
        org.rename_organization(&format!("Acme {i}"), T0).unwrap();
    }

    let saved = layout::write(&org, 7, &StoredMeta::default(), 0);
    let mut stored = saved.root.into_bytes();
    for blob in &saved.blobs {
        stored.push(0);
        stored.extend_from_slice(blob.key.as_bytes());
        stored.push(0);
        stored.extend_from_slice(blob.value().as_bytes());
    }
    write(&out.join("stored_state"), "populated-layout", &stored);
    write(
        &out.join("backup_import"),
        "populated-backup.json",
        backup::export(&org).as_bytes(),
    );

    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let der = fs::read(root().join("tests/examples/token/rsa2048.crt.der")).unwrap();
    let token =
        mdm_link::domain::token::issue_token(&der, "Fuzz", org.signed_in(), T0, &mut rng).unwrap();
    for (choice, name) in [
        (0u8, "own-token-pem-key"),
        (1, "own-token-der-key"),
        (3, "own-token-no-key"),
    ] {
        let mut input = vec![choice, 0];
        input.extend_from_slice(&token.file_bytes);
        write(&out.join("token_open"), name, &input);
    }
    let apple = root().join("../shared/vectors/apple-issued-token");
    if let (Ok(key), Ok(token)) = (
        fs::read(apple.join("apple-mdm-client-tests-1.pem")),
        fs::read(apple.join("apple-mdm-client-tests-1-server-token.p7m")),
    ) {
        let mut input = vec![4, 0, (key.len() >> 8) as u8, key.len() as u8];
        input.extend_from_slice(&key);
        input.extend_from_slice(&token);
        write(&out.join("token_open"), "apple-token-with-key", &input);
    }
    println!("[seeds] written to {}", out.display());
}
