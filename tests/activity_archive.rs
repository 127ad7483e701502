//! The bounded activity log: what may be archived (whole chunks, oldest first, beyond 5,000
//! entries or older than two years), archiving only what was offered, and storage numbering
//! chunks across archives.

use std::collections::HashMap;

use mdm_link::domain::organization::{
    Command, OrgError, Organization, StoredCertificate, ACTIVITY_CHUNK, MAX_ACTIVITY_ENTRIES,
};
use mdm_link::domain::persistence::layout;
use mdm_link::domain::persistence::{load, StoredMeta, STORAGE_KEY};
use mdm_link::domain::time::{Timestamp, MILLIS_PER_DAY};
use mdm_link::domain::users::Role;

const T0: Timestamp = Timestamp(1_767_225_600_000);

fn cert() -> StoredCertificate {
    StoredCertificate {
        der_base64: "MIIB".repeat(50),
        sha256_hex: "ab".repeat(32),
        subject: "CN=x".into(),
        issuer: "CN=x".into(),
        serial_hex: "01".into(),
        not_after: T0,
        key_description: "RSA 2048 bits".into(),
    }
}

/// An organization whose log has `entries` entries, the first `old` of them dated `old_at`.
fn with_log(entries: usize, old: usize, old_at: Timestamp) -> Organization {
    let mut org = Organization::new_first_launch(old_at);
    let id = org.add_server("S", cert(), false, old_at).unwrap();
    let mut n = 0;
    while org.activity().len() < entries {
        let at = if org.activity().len() < old {
            old_at
        } else {
            T0
        };
        org.rename_server(id, &format!("S{n}"), at).unwrap();
        n += 1;
    }
    org
}

#[test]
fn whole_old_or_excess_chunks_may_be_archived_and_the_newest_stays() {
    let years_ago = Timestamp(T0.0 - 3 * 365 * MILLIS_PER_DAY);
    let cases = [
        (100, 0, 0),
        (MAX_ACTIVITY_ENTRIES, 0, 0),
        (MAX_ACTIVITY_ENTRIES + 1, 0, ACTIVITY_CHUNK),
        (MAX_ACTIVITY_ENTRIES + 600, 0, 2 * ACTIVITY_CHUNK),
        (1_200, 1_100, 2 * ACTIVITY_CHUNK),
        (1_200, 999, ACTIVITY_CHUNK),
        (600, 600, ACTIVITY_CHUNK),
        (400, 400, 0),
    ];
    for (entries, old, expected) in cases {
        let org = with_log(entries, old, years_ago);
        assert_eq!(
            org.archivable_activity(T0),
            expected,
            "{entries} entries, {old} old"
        );
        assert_eq!(org.activity_to_archive(T0).len(), expected);
    }
}

#[test]
fn archiving_takes_exactly_what_was_offered_and_says_so() {
    let mut org = with_log(MAX_ACTIVITY_ENTRIES + 10, 0, T0);
    let offered = org.archivable_activity(T0);
    assert_eq!(offered, ACTIVITY_CHUNK);
    let newest_archived = org.activity()[offered - 1].at;
    assert!(matches!(
        org.apply(
            &Command::ArchiveActivity {
                entries: offered + 500
            },
            T0
        ),
        Err(OrgError::ArchiveChanged { .. })
    ));
    let staff = org
        .add_user("Sam", "sam@example.com", Role::Staff, T0)
        .unwrap();
    let mut as_staff = org.clone();
    as_staff.sign_in_as(staff, T0).unwrap();
    assert!(matches!(
        as_staff.apply(&Command::ArchiveActivity { entries: offered }, T0),
        Err(OrgError::PermissionDenied(_))
    ));
    let before = org.activity().len();
    org.apply(&Command::ArchiveActivity { entries: offered }, T0)
        .unwrap();
    assert_eq!(
        org.activity().len(),
        before - offered + 1,
        "one entry logs the archive"
    );
    assert_eq!(org.activity_archive().count, offered as u64);
    assert_eq!(org.activity_archive().through, Some(newest_archived));
    assert!(org
        .activity()
        .last()
        .unwrap()
        .detail
        .contains("500 entries archived"));
}

#[test]
fn storage_keeps_chunk_numbers_across_an_archive() {
    let mut org = with_log(MAX_ACTIVITY_ENTRIES + 20, 0, T0);
    let mut store: HashMap<String, String> = HashMap::new();
    let save = |org: &Organization, store: &mut HashMap<String, String>, rev| {
        let l = layout::write(org, rev, &StoredMeta::default(), 0, &Default::default());
        let keys: Vec<String> = l.blobs.iter().map(|b| b.key.clone()).collect();
        for b in &l.blobs {
            store.insert(b.key.clone(), b.value());
        }
        store.insert(STORAGE_KEY.into(), l.root);
        store.retain(|k, _| !layout::is_blob_key(k) || keys.contains(k));
    };
    save(&org, &mut store, 1);
    assert!(store.contains_key("mdm-link.activity.0"));
    let chunk_1 = store["mdm-link.activity.1"].clone();
    let n = org.archivable_activity(T0);
    org.archive_activity(n, T0).unwrap();
    save(&org, &mut store, 2);
    assert!(
        !store.contains_key("mdm-link.activity.0"),
        "the archived chunk is gone"
    );
    assert_eq!(
        store["mdm-link.activity.1"], chunk_1,
        "the others keep their key and bytes"
    );
    let loaded = load(store.get(STORAGE_KEY).map(String::as_str), |k| {
        store.get(k).cloned()
    })
    .unwrap()
    .unwrap();
    assert_eq!(loaded.org, org);
}
