//! The four fuzz checks as plain functions: the fuzz targets (fuzz_targets/) call them, and so
//! does the replay tool (examples/replay.rs) that times every corpus input. Each panics only
//! on a bug: a panic in the code under test or a broken property.
#![forbid(unsafe_code)]

pub mod certificate_check {

    use mdm_link::domain::certificate::check_file;
    use mdm_link::domain::organization::StoredCertificate;
    use mdm_link::domain::time::Timestamp;

    const NOW: Timestamp = Timestamp(1_767_225_600_000);

    /// Uploaded bytes → certificate verdict: `check_file` must answer every input (a report or a
    /// specific refusal) without a panic, and what it accepts for a server must become a stored
    /// certificate.
    pub fn run(data: &[u8]) {
        if let Ok(file) = check_file(data, NOW) {
            // Reading every certificate's verdict and details exercises the report's own code.
            let _ = format!("{file:?}");
            let _ = StoredCertificate::from_checked_file(&file);
        }
    }
}

pub mod stored_state {

    use std::collections::HashMap;

    use mdm_link::domain::persistence::{layout, load, load_current, peek_revision, StoredMeta};

    /// Stored JSON → loaded state. The input is what IndexedDB holds: the root text, then NUL-
    /// separated key/value pairs of blobs. Loading (with and without upgrades) must answer without a
    /// panic, and whatever loads must save and load again to the same organization (a load that
    /// cannot be saved back would lose data on the next change).
    pub fn run(data: &[u8]) {
        let mut parts = data.split(|&b| b == 0);
        let Some(root) = parts.next() else { return };
        let root = String::from_utf8_lossy(root);
        let mut blobs = HashMap::new();
        while let (Some(key), Some(value)) = (parts.next(), parts.next()) {
            blobs.insert(
                String::from_utf8_lossy(key).into_owned(),
                String::from_utf8_lossy(value).into_owned(),
            );
        }
        let blob = |key: &str| blobs.get(key).cloned();
        let _ = peek_revision(&root);
        let _ = load_current(Some(&root), blob);
        if let Ok(Some(stored)) = load(Some(&root), blob) {
            let saved = layout::write(
                &stored.org,
                stored.revision + 1,
                &StoredMeta::default(),
                0,
                &Default::default(),
            );
            let written: HashMap<String, String> = saved
                .blobs
                .iter()
                .map(|b| (b.key.clone(), b.value()))
                .collect();
            let again = load(Some(&saved.root), |key| written.get(key).cloned())
                .expect("what loaded must load again after a save")
                .expect("a saved root is stored data");
            assert_eq!(
                again.org, stored.org,
                "a save and load keeps the organization"
            );
        }
    }
}

pub mod backup_import {

    use std::sync::OnceLock;

    use mdm_link::domain::organization::Organization;
    use mdm_link::domain::persistence::backup::{export, plan_import};
    use mdm_link::domain::time::Timestamp;

    const NOW: Timestamp = Timestamp(1_767_225_600_000);

    fn current() -> &'static Organization {
        static ORG: OnceLock<Organization> = OnceLock::new();
        ORG.get_or_init(|| Organization::new_first_launch(NOW))
    }

    /// Backup file → import plan: `plan_import` must check any text completely and either refuse it
    /// with a reason or plan an import whose organization exports and plans again to no change.
    pub fn run(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        if let Ok(plan) = plan_import(text, current(), NOW) {
            let _ = plan.changes.summary();
            let again = plan_import(&export(&plan.organization), &plan.organization, NOW)
                .expect("an imported organization's own backup imports");
            assert!(
                again.changes.is_empty(),
                "re-importing its own backup changes nothing"
            );
        }
    }
}

pub mod token_open {

    use mdm_link::domain::time::Timestamp;
    use mdm_link::domain::token::open::open_token;
    use rand_chacha::rand_core::SeedableRng;

    const NOW: Timestamp = Timestamp(1_767_225_600_000);

    const KEYS: [&[u8]; 3] = [
        include_bytes!("../../tests/examples/token/rsa2048.key.pem"),
        include_bytes!("../../tests/examples/token/rsa2048.key.der"),
        include_bytes!("../../tests/examples/rsa2048.key.pem"),
    ];

    /// Token file + key → opened token: `open_token` must report on any token and any key file
    /// without a panic. The first byte chooses the key: one of the project's real RSA test keys
    /// (so the fuzzer reaches the decryption and the payload reader), no key, or key bytes taken
    /// from the input (the key reader); the second byte chooses a password.
    pub fn run(data: &[u8]) {
        let [choice, password, rest @ ..] = data else {
            return;
        };
        let password = match password % 3 {
            0 => None,
            1 => Some(""),
            _ => Some("correct horse"),
        };
        let (key, token): (Option<&[u8]>, &[u8]) = match (choice % 8) as usize {
            i @ 0..=2 => (Some(KEYS[i]), rest),
            3 => (None, rest),
            _ => {
                // A key file from the input: its length in the next two bytes.
                let [a, b, rest @ ..] = rest else { return };
                let n = (usize::from(*a) << 8 | usize::from(*b)).min(rest.len());
                (Some(&rest[..n]), &rest[n..])
            }
        };
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let report = open_token(token, key, password, NOW, &mut rng);
        let _ = format!("{report:?}");
    }
}
