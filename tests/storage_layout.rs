//! The stored layout (schema 4): root + blobs round trip, the root is small and holds no
//! certificate DER and no server, a save writes the records of the servers that changed and no
//! other, the revision reads without parsing, a crash between blobs and root loses nothing that
//! was committed, two writers never share a key, the earlier root with inline servers still
//! reads, and missing or damaged blobs are reported, never ignored.

use std::collections::HashMap;

use mdm_link::domain::organization::{Organization, StoredCertificate, ACTIVITY_CHUNK};
use mdm_link::domain::persistence::layout::{self, certificate_key, is_blob_key, ServerRecords};
use mdm_link::domain::persistence::{load, peek_revision, LoadError, StoredMeta, STORAGE_KEY};
use mdm_link::domain::time::Timestamp;

const T0: Timestamp = Timestamp(1_767_225_600_000);

fn cert(n: u32) -> StoredCertificate {
    StoredCertificate {
        der_base64: format!("MIIB{n:08}").repeat(40),
        sha256_hex: format!("{n:064x}"),
        subject: format!("CN=mdm{n}.example.com, O=Example"),
        issuer: "CN=Example CA".to_string(),
        serial_hex: format!("{n:x}"),
        not_after: Timestamp(T0.0 + 365 * 86_400_000),
        key_description: "RSA 2048-bit".to_string(),
    }
}

/// `servers` servers and about `activity` log entries (renames add entries).
fn org(servers: u32, activity: usize) -> Organization {
    let mut org = Organization::new_first_launch(T0);
    let mut ids = Vec::new();
    for i in 0..servers {
        ids.push(
            org.add_server(&format!("Server {i}"), cert(i), false, T0)
                .unwrap(),
        );
    }
    let mut n = 0;
    while org.activity().len() < activity {
        let id = ids[n % ids.len()];
        org.rename_server(id, &format!("Server {n} renamed"), T0)
            .unwrap();
        n += 1;
    }
    org
}

/// A storage: key → value.
type Store = HashMap<String, String>;

/// Writes a layout the way the storage edge does: blobs (fresh or new) first, root last; a
/// fresh writer each time (it knows no record, so it writes every server).
fn save(store: &mut Store, org: &Organization, revision: u64, stored_closed: u64) -> usize {
    save_as(
        &mut ServerRecords::new("t"),
        store,
        org,
        revision,
        stored_closed,
    )
}

/// [`save`] by the writer whose knowledge is `records`.
fn save_as(
    records: &mut ServerRecords,
    store: &mut Store,
    org: &Organization,
    revision: u64,
    stored_closed: u64,
) -> usize {
    let layout = layout::write(
        org,
        revision,
        &StoredMeta::default(),
        stored_closed,
        records,
    );
    records.adopt(org, &layout);
    let mut written = 0;
    for blob in &layout.blobs {
        if blob.fresh || !store.contains_key(&blob.key) {
            store.insert(blob.key.clone(), blob.value());
            written += 1;
        }
    }
    store.insert(STORAGE_KEY.to_string(), layout.root.clone());
    let referenced: Vec<String> = layout.blobs.iter().map(|b| b.key.clone()).collect();
    store.retain(|k, _| !is_blob_key(k) || referenced.contains(k));
    written
}

fn read(store: &Store) -> Result<Option<mdm_link::domain::persistence::Stored>, LoadError> {
    load(store.get(STORAGE_KEY).map(String::as_str), |k| {
        store.get(k).cloned()
    })
}

#[test]
fn round_trip_through_root_and_blobs() {
    for (servers, activity) in [(0, 0), (3, 10), (20, ACTIVITY_CHUNK * 3 + 17), (1000, 1234)] {
        let org = org(servers.max(1), activity);
        let mut store = Store::new();
        save(&mut store, &org, 1, 0);
        let loaded = read(&store).unwrap().unwrap();
        assert_eq!(loaded.org, org, "{servers} servers, {activity} entries");
        assert_eq!(loaded.revision, 1);
        assert_eq!(
            loaded.closed_chunks,
            (org.activity().len() / ACTIVITY_CHUNK) as u64
        );
    }
}

#[test]
fn the_root_is_small_and_holds_no_certificate_der() {
    let org = org(1000, 1234);
    let layout = layout::write(&org, 7, &StoredMeta::default(), 0, &ServerRecords::new("t"));
    for server in org.servers() {
        assert!(!layout.root.contains(&server.certificate.der_base64));
    }
    assert!(
        !layout.root.contains("\"key_description\""),
        "no server inline"
    );
    let document = mdm_link::domain::persistence::encode(&org);
    assert!(
        layout.root.len() * 10 < document.len(),
        "root {} bytes against a whole document of {}",
        layout.root.len(),
        document.len()
    );
    assert_eq!(peek_revision(&layout.root), Some(7));
    assert_eq!(peek_revision(&document), None);
    assert_eq!(peek_revision("{\"schema\":4,\"revision\":x,"), None);
}

#[test]
fn a_second_save_writes_only_the_root_and_what_changed() {
    let mut org = org(50, 480);
    let mut store = Store::new();
    let mut records = ServerRecords::new("tab1");
    let first = save_as(&mut records, &mut store, &org, 1, 0);
    assert_eq!(
        first, 100,
        "50 certificates and 50 server records, no closed chunk yet"
    );
    let id = org.servers()[0].id;
    org.rename_server(id, "Renamed once more", T0).unwrap();
    assert_eq!(
        save_as(&mut records, &mut store, &org, 2, 0),
        1,
        "a rename writes the root and that server's record"
    );
    assert_eq!(
        save_as(&mut records, &mut store, &org, 3, 0),
        0,
        "no change"
    );
    let other = org.servers()[7].id;
    org.replace_certificate(other, cert(900), T0).unwrap();
    assert_eq!(
        save_as(&mut records, &mut store, &org, 3, 0),
        2,
        "a new certificate: its blob and that server's record"
    );
    // Crossing a chunk boundary writes that chunk, once.
    while org.activity().len() < ACTIVITY_CHUNK {
        org.rename_server(id, &format!("R{}", org.activity().len()), T0)
            .unwrap();
    }
    assert_eq!(save_as(&mut records, &mut store, &org, 4, 0), 2);
    assert_eq!(save_as(&mut records, &mut store, &org, 5, 1), 0);
    assert!(
        !store.contains_key(&certificate_key(&cert(7).sha256_hex)),
        "replaced: removed"
    );
    assert_eq!(read(&store).unwrap().unwrap().org, org);
    assert_eq!(
        store
            .keys()
            .filter(|k| k.starts_with("mdm-link.server."))
            .count(),
        50,
        "the records of earlier versions are removed"
    );
}

#[test]
fn a_writer_that_learned_a_root_writes_only_what_it_changes_and_never_another_writers_key() {
    let org_v1 = org(20, 30);
    let mut store = Store::new();
    let mut tab1 = ServerRecords::new("tab1");
    save_as(&mut tab1, &mut store, &org_v1, 1, 0);
    // A second tab reads revision 1 and changes another server.
    let mut tab2 = ServerRecords::new("tab2");
    let stored = read(&store).unwrap().unwrap();
    tab2.learn(&stored);
    let mut org_v2 = stored.org.clone();
    let id = org_v2.servers()[3].id;
    org_v2.set_allow_release(id, true, T0).unwrap();
    assert_eq!(save_as(&mut tab2, &mut store, &org_v2, 2, 0), 1);
    // The first tab, after learning revision 2, renames server 0: one record, and the second
    // tab's record of server 3 is kept as it is.
    let stored = read(&store).unwrap().unwrap();
    tab1.learn(&stored);
    let mut org_v3 = stored.org.clone();
    org_v3
        .rename_server(org_v3.servers()[0].id, "Tab one", T0)
        .unwrap();
    let before = store.clone();
    assert_eq!(save_as(&mut tab1, &mut store, &org_v3, 3, 0), 1);
    let server_keys = |s: &Store| {
        let mut keys: Vec<String> = s
            .keys()
            .filter(|k| k.starts_with("mdm-link.server."))
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    let (old, new) = (server_keys(&before), server_keys(&store));
    assert_eq!(old.iter().filter(|k| !new.contains(k)).count(), 1);
    let added: Vec<&String> = new.iter().filter(|k| !old.contains(k)).collect();
    assert_eq!(added.len(), 1);
    assert!(added[0].ends_with(".3.tab1"), "{added:?}");
    assert!(new.iter().any(|k| k.ends_with(".2.tab2")));
    assert_eq!(read(&store).unwrap().unwrap().org, org_v3);
    // A writer that forgot (a failed write) writes every record again, and the result reads.
    tab1.forget();
    let mut org_v4 = org_v3.clone();
    org_v4
        .rename_server(org_v4.servers()[1].id, "After a failure", T0)
        .unwrap();
    assert_eq!(save_as(&mut tab1, &mut store, &org_v4, 4, 0), 20);
    assert_eq!(read(&store).unwrap().unwrap().org, org_v4);
}

#[test]
fn a_root_with_its_servers_inline_still_reads() {
    // The form of this layout that the release before IndexedDB left in localStorage.
    let org = org(4, 12);
    let mut store = Store::new();
    save(&mut store, &org, 9, 0);
    let mut root: serde_json::Value = serde_json::from_str(&store[STORAGE_KEY]).unwrap();
    let keys: Vec<String> = serde_json::from_value(root["server_records"].take()).unwrap();
    let servers: Vec<serde_json::Value> = keys
        .iter()
        .map(|k| serde_json::from_str(&store[k]).unwrap())
        .collect();
    let root = root.as_object_mut().unwrap();
    root.remove("server_records");
    root["organization"]["servers"] = serde_json::Value::Array(servers);
    let mut legacy = Store::new();
    legacy.insert(STORAGE_KEY.into(), serde_json::to_string(&root).unwrap());
    for (k, v) in &store {
        if k.starts_with("mdm-link.certificate.") {
            legacy.insert(k.clone(), v.clone());
        }
    }
    let loaded = read(&legacy).unwrap().unwrap();
    assert_eq!(loaded.org, org);
    assert_eq!(loaded.revision, 9);
    assert!(loaded.server_keys.is_empty());
}

#[test]
fn a_crash_between_blobs_and_root_keeps_the_last_committed_state() {
    let org_v1 = org(5, 490);
    let mut store = Store::new();
    save(&mut store, &org_v1, 1, 0);
    // The next save writes its blobs (a new certificate, a closed chunk) and dies before the root.
    let mut org_v2 = org_v1.clone();
    org_v2.add_server("New", cert(77), false, T0).unwrap();
    let id = org_v2.servers()[0].id;
    while org_v2.activity().len() < ACTIVITY_CHUNK + 3 {
        org_v2
            .rename_server(id, &format!("X{}", org_v2.activity().len()), T0)
            .unwrap();
    }
    for blob in layout::write(
        &org_v2,
        2,
        &StoredMeta::default(),
        1,
        &ServerRecords::new("t"),
    )
    .blobs
    {
        store.insert(blob.key.clone(), blob.value());
    }
    assert_eq!(
        read(&store).unwrap().unwrap().org,
        org_v1,
        "the root still commits v1"
    );
    // A later save from v1's state (another tab) closes chunk 0 with other entries: it must
    // overwrite what the crashed save left under that key, and the result loads.
    let mut org_v3 = org_v1.clone();
    while org_v3.activity().len() < ACTIVITY_CHUNK + 1 {
        org_v3
            .rename_server(id, &format!("Y{}", org_v3.activity().len()), T0)
            .unwrap();
    }
    save(&mut store, &org_v3, 2, 0);
    assert_eq!(read(&store).unwrap().unwrap().org, org_v3);
    assert!(
        !store.contains_key(&certificate_key(&cert(77).sha256_hex)),
        "orphan removed"
    );
}

#[test]
fn missing_and_damaged_blobs_are_reported() {
    let org = org(3, ACTIVITY_CHUNK + 2);
    let mut store = Store::new();
    save(&mut store, &org, 1, 0);
    let mut no_cert = store.clone();
    no_cert.remove(&certificate_key(&org.servers()[1].certificate.sha256_hex));
    let name = org.servers()[1].name.to_string();
    match read(&no_cert) {
        Err(LoadError::MissingBlob { what, .. }) => {
            assert_eq!(what, format!("the certificate of “{name}”"))
        }
        other => panic!("{other:?}"),
    }
    let mut no_chunk = store.clone();
    no_chunk.remove("mdm-link.activity.0");
    assert!(matches!(
        read(&no_chunk),
        Err(LoadError::MissingBlob { .. })
    ));
    let record = store
        .keys()
        .find(|k| k.starts_with("mdm-link.server."))
        .unwrap()
        .clone();
    let mut no_record = store.clone();
    no_record.remove(&record);
    match read(&no_record) {
        Err(LoadError::MissingBlob { key, what }) => {
            assert_eq!(
                (key, what.as_str()),
                (record.clone(), "the record of one of the servers")
            )
        }
        other => panic!("{other:?}"),
    }
    let mut bad_record = store.clone();
    bad_record.insert(record, "{\"id\": 1".into());
    assert!(matches!(
        read(&bad_record),
        Err(LoadError::DamagedBlob { .. })
    ));
    let mut damaged = store.clone();
    damaged.insert("mdm-link.activity.0".into(), "[1, 2".into());
    assert!(matches!(read(&damaged), Err(LoadError::DamagedBlob { .. })));
    let mut short = store.clone();
    short.insert("mdm-link.activity.0".into(), "[]".into());
    assert!(matches!(read(&short), Err(LoadError::DamagedBlob { .. })));
    for error in [read(&no_cert), read(&damaged)] {
        let text = error.unwrap_err().to_string();
        assert!(text.starts_with("The saved data is"), "{text}");
    }
    // A root alone cannot be decoded as a whole document (a backup must be one).
    let root = store.get(STORAGE_KEY).unwrap();
    assert_eq!(
        mdm_link::domain::persistence::decode(root),
        Err(LoadError::RootWithoutBlobs)
    );
    assert_eq!(read(&Store::new()).unwrap(), None, "nothing stored");
}

#[test]
fn a_snapshot_for_the_background_worker_reads_back_as_the_same_organization() {
    use mdm_link::domain::persistence::{from_snapshot, snapshot};
    for (servers, activity) in [(1, 0), (30, ACTIVITY_CHUNK + 40)] {
        let org = org(servers, activity);
        let pairs = snapshot(&org);
        assert_eq!(pairs.len() % 2, 0);
        assert_eq!(from_snapshot(&pairs).unwrap(), org);
        // A record missing from the snapshot is reported, not skipped.
        let key = pairs
            .iter()
            .position(|k| k.starts_with("mdm-link.server."))
            .unwrap();
        let mut damaged = pairs.clone();
        damaged.drain(key..key + 2);
        assert!(matches!(
            from_snapshot(&damaged),
            Err(LoadError::MissingBlob { .. })
        ));
    }
    assert!(
        from_snapshot(&[]).is_err(),
        "an empty snapshot is no organization"
    );
}
