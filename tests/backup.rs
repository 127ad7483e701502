//! Backups: export → import → export gives the same bytes; the import plan lists what changes;
//! every corrupt, truncated, hostile or newer file is refused with what is wrong and where, and
//! changes nothing; and no private key can ever be in a backup.

mod common;

use std::path::PathBuf;

use mdm_link::domain::certificate::check_file;
use mdm_link::domain::organization::{DeviceType, Organization, StoredCertificate};
use mdm_link::domain::persistence::backup::{export, file_name, plan_import, BackupError};
use mdm_link::domain::persistence::{layout, LoadError, StoredMeta};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::TokenRecord;
use mdm_link::domain::users::Role;
use serde_json::{json, Value};

const T0: Timestamp = Timestamp(1_767_225_600_000);

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples")
}

fn certificate(file: &str) -> StoredCertificate {
    let bytes = std::fs::read(examples().join(file)).unwrap();
    StoredCertificate::from_checked_file(&check_file(&bytes, T0).unwrap()).unwrap()
}

/// An organization with people, three servers with real certificates, tokens, defaults, a
/// replaced certificate and activity.
fn populated() -> Organization {
    let mut org = Organization::new_first_launch(T0);
    org.rename_organization("Acme Schools", T0).unwrap();
    let dana = org
        .add_user(
            "Dana Enroll",
            "dana@acme.example",
            Role::DeviceEnrollmentManager,
            T0,
        )
        .unwrap();
    org.add_user("Lee Staff", "lee@acme.example", Role::Staff, T0)
        .unwrap();
    let ipads = org
        .add_server("Cupertino iPads", certificate("rsa2048.pem"), false, T0)
        .unwrap();
    let macs = org
        .add_server("Lab Macs", certificate("rsa3072.pem"), true, T0)
        .unwrap();
    org.add_server(
        "Building 4 – Room 12",
        certificate("rsa4096.pem"),
        false,
        T0,
    )
    .unwrap();
    org.set_default(DeviceType::IPad, Some(ipads), T0).unwrap();
    org.set_default(DeviceType::Mac, Some(macs), T0).unwrap();
    org.replace_certificate(macs, certificate("exponent3.pem"), T0)
        .unwrap();
    let token = TokenRecord {
        id: "0011223344556677".into(),
        issued_at: T0,
        expires_at: Timestamp(T0.0 + 365 * 86_400_000),
        downloaded_by: org.signed_in(),
        certificate_sha256: org.server(ipads).unwrap().certificate.sha256_hex.clone(),
        consumer_key_sha256: "ab".repeat(32),
        replaced_at: None,
    };
    org.record_token(ipads, token, T0).unwrap();
    org.record_password_change(dana, T0).unwrap();
    org
}

#[test]
fn export_import_export_gives_the_same_bytes() {
    let org = populated();
    let file = export(&org);
    assert!(file.starts_with("{\"format\":\"mdm-link-backup\",\"backup_version\":1,\"schema\":4,"));
    let fresh = Organization::new_first_launch(Timestamp(T0.0 + 1));
    let plan = plan_import(&file, &fresh, T0).unwrap();
    assert_eq!(plan.organization, org);
    assert_eq!(export(&plan.organization), file, "byte for byte");
    let c = &plan.changes;
    assert_eq!(
        c.renamed,
        Some(("My Organization".into(), "Acme Schools".into()))
    );
    assert_eq!(
        c.servers_added,
        ["Cupertino iPads", "Lab Macs", "Building 4 – Room 12"]
    );
    assert_eq!(c.people_added, ["Dana Enroll", "Lee Staff"]);
    assert_eq!(c.tokens_added, 1);
    assert!(c.summary().iter().any(|l| l.starts_with("3 servers added")));
    // Importing over the same state changes nothing.
    let again = plan_import(&file, &org, T0).unwrap();
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    assert_eq!(
        file_name(&org, T0),
        "MDM Link backup Acme Schools 2026-01-01.json"
    );
}

#[test]
fn the_plan_lists_changes_and_removals() {
    let backup = populated();
    let mut now = backup.clone();
    let macs = now.servers()[1].id;
    now.rename_server(macs, "Lab Macs 2", T0).unwrap();
    now.add_server("Only here", certificate("one-day.pem"), false, T0)
        .unwrap();
    now.add_user("New Person", "new@acme.example", Role::Staff, T0)
        .unwrap();
    let plan = plan_import(&export(&backup), &now, T0).unwrap();
    let c = plan.changes;
    assert_eq!(c.servers_changed, ["Lab Macs"]);
    assert_eq!(c.servers_removed, ["Only here"]);
    assert_eq!(c.people_removed, ["New Person"]);
    assert!(c
        .summary()
        .iter()
        .any(|l| l.contains("removed (they are not in the backup)")));
}

/// The backup as JSON, changed by `edit`.
fn edited(edit: impl Fn(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&export(&populated())).unwrap();
    edit(&mut v);
    v.to_string()
}

#[test]
fn every_bad_file_is_refused_saying_what_and_where() {
    let current = Organization::new_first_launch(T0);
    let file = export(&populated());
    let key_base64 = {
        let pem = std::fs::read_to_string(examples().join("rsa2048.key.pem")).unwrap();
        pem.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated",
            file[..file.len() / 2].to_string(),
            "line 1, column",
        ),
        ("not JSON", "MDM Link".into(), "JSON is damaged"),
        (
            "other JSON",
            "{\"hello\": 1}".into(),
            "not an MDM Link backup",
        ),
        (
            "wrong marker",
            edited(|v| v["format"] = json!("zip")),
            "not an MDM Link backup",
        ),
        (
            "newer backup",
            edited(|v| v["backup_version"] = json!(2)),
            "backup version 2",
        ),
        (
            "newer schema",
            edited(|v| v["schema"] = json!(99)),
            "schema 99",
        ),
        (
            "edited subject",
            edited(|v| {
                v["organization"]["servers"][1]["certificate"]["subject"] = json!("CN=evil")
            }),
            "“Lab Macs” (server 2 in the file) does not match",
        ),
        (
            "a private key instead of a certificate",
            edited(|v| {
                v["organization"]["servers"][0]["certificate"]["der_base64"] = json!(key_base64)
            }),
            "“Cupertino iPads” (server 1 in the file) cannot be read any more",
        ),
        (
            "damaged base64",
            edited(|v| v["organization"]["servers"][2]["certificate"]["der_base64"] = json!("@@@")),
            "(server 3 in the file) is not valid base64",
        ),
        (
            "two servers with one name",
            edited(|v| v["organization"]["servers"][1]["name"] = json!("cupertino IPADS")),
            "two servers are named",
        ),
        (
            "a reserved server name",
            edited(|v| v["organization"]["servers"][1]["name"] = json!("Unassigned")),
            "reserved",
        ),
        (
            "a token downloaded by nobody",
            edited(|v| v["organization"]["servers"][0]["tokens"][0]["downloaded_by"] = json!(999)),
            "refers to an unknown person",
        ),
        (
            "a default pointing nowhere",
            edited(|v| v["organization"]["defaults"]["mac"] = json!(999)),
            "the default for Mac is a server that does not exist",
        ),
        (
            "markup and a NUL in a name",
            edited(|v| v["organization"]["users"][1]["name"] = json!("<b>\u{0}</b>")),
            "invisible",
        ),
        (
            "deep nesting",
            format!("{}{}", "[".repeat(5000), "]".repeat(5000)),
            "JSON is damaged",
        ),
    ];
    for (what, text, says) in cases {
        let error = plan_import(&text, &current, T0).unwrap_err();
        let message = error.to_string();
        assert!(message.contains(says), "{what}: {message}");
        assert!(message.ends_with('.'), "{what}: {message}");
    }
    let big = " ".repeat(mdm_link::domain::persistence::backup::MAX_BACKUP_BYTES + 1);
    assert!(matches!(
        plan_import(&big, &current, T0),
        Err(BackupError::TooLarge { .. })
    ));
    // A stored root needs its blobs: it is not a backup.
    let root = layout::write(
        &populated(),
        3,
        &StoredMeta::default(),
        0,
        &Default::default(),
    )
    .root;
    assert_eq!(
        plan_import(&root, &current, T0),
        Err(BackupError::Organization(LoadError::RootWithoutBlobs))
    );
}

#[test]
fn stored_data_from_an_older_release_imports_as_an_older_backup() {
    let v1 = std::fs::read_to_string(examples().join("state/v1-populated.json")).unwrap();
    // Its certificates are placeholders, not real DER: the re-check refuses them, by name.
    let error = plan_import(&v1, &Organization::new_first_launch(T0), T0).unwrap_err();
    assert!(
        matches!(error, BackupError::Certificate { position: 1, .. }),
        "{error}"
    );
    // A real older document (schema 3, as the previous release stored it) imports.
    let mut doc: Value = serde_json::from_str(&export(&populated())).unwrap();
    doc.as_object_mut().unwrap().remove("format");
    doc.as_object_mut().unwrap().remove("backup_version");
    doc["schema"] = json!(3);
    let plan = plan_import(&doc.to_string(), &Organization::new_first_launch(T0), T0).unwrap();
    assert_eq!(plan.organization, populated());
}

/// No private key can reach a backup: every corpus and example file that holds key material
/// is refused as a server certificate, and a backup of every certificate that is accepted holds
/// none of those keys' bytes.
#[test]
fn no_private_key_ever_reaches_a_backup() {
    let mut files = common::files_under(&examples());
    if let Some(corpora) = mdm_link::test_support::require_shared("corpora") {
        files.extend(common::files_under(&corpora));
    }
    let mut org = Organization::new_first_launch(T0);
    let mut key_material: Vec<String> = Vec::new();
    let mut key_files = 0;
    for (i, path) in files.iter().enumerate() {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let has_key = text.contains("PRIVATE KEY")
            || matches!(check_file(&bytes, T0), Err(ref e) if matches!(e.code(), "private-key" | "pkcs12-bundle"));
        if has_key {
            key_files += 1;
            // Remember the end of each key's encoding, which holds its private parts (the
            // start holds the modulus, which the certificate has too).
            for block in text.split("-----BEGIN ").skip(1) {
                if block.contains("PRIVATE KEY") {
                    let body: String = block
                        .lines()
                        .skip(1)
                        .take_while(|l| !l.starts_with("-----"))
                        .filter(|l| !l.contains(':'))
                        .collect();
                    let body = body.trim_end_matches('=');
                    if body.len() >= 80 {
                        key_material.push(body[body.len() - 40..].to_string());
                    }
                }
            }
            if !text.contains("-----BEGIN") && bytes.len() >= 96 {
                use base64ct::{Base64, Encoding};
                // Aligned to the file's start, as the file's own base64 would be.
                let start = (bytes.len() - 60) / 3 * 3;
                key_material.push(Base64::encode_string(&bytes[start..start + 48]));
            }
        }
        let Ok(checked) = check_file(&bytes, T0) else {
            continue;
        };
        if let Ok(certificate) = StoredCertificate::from_checked_file(&checked) {
            assert!(!has_key, "{} holds a key but was accepted", path.display());
            let _ = org.add_server(&format!("Server {i}"), certificate, false, T0);
        }
    }
    assert!(key_files > 10, "the corpora hold key files ({key_files})");
    let backup = export(&org);
    assert!(org.servers().len() > 100, "{} servers", org.servers().len());
    for slice in &key_material {
        assert!(
            !backup.contains(slice.as_str()),
            "key material {slice} is in the backup"
        );
    }
    assert!(!backup.contains("PRIVATE KEY"));
}

#[test]
fn the_backup_reminder_follows_servers_and_age() {
    use mdm_link::domain::persistence::reminder::{backup_reminder, BackupReminder};
    const DAY: i64 = 86_400_000;
    let mut org = Organization::new_first_launch(T0);
    assert_eq!(
        backup_reminder(&org, None, T0),
        None,
        "no servers, nothing to lose yet"
    );
    org.add_server("Cupertino iPads", certificate("rsa2048.pem"), false, T0)
        .unwrap();
    assert_eq!(
        backup_reminder(&org, None, T0),
        Some(BackupReminder::NoneYet)
    );
    let exported = Timestamp(T0.0 + DAY);
    assert_eq!(backup_reminder(&org, Some(exported), exported), None);
    assert_eq!(
        backup_reminder(&org, Some(exported), Timestamp(exported.0 + 30 * DAY)),
        None,
        "exactly 30 days is not over 30"
    );
    assert_eq!(
        backup_reminder(&org, Some(exported), Timestamp(exported.0 + 30 * DAY + 1)),
        Some(BackupReminder::Old(exported))
    );
    let later = Timestamp(exported.0 + 2 * DAY);
    org.add_server("Lab Macs", certificate("rsa3072.pem"), true, later)
        .unwrap();
    let reminder = backup_reminder(&org, Some(exported), later).unwrap();
    assert_eq!(reminder, BackupReminder::BeforeLatestChanges(exported));
    assert_eq!(
        reminder.to_string(),
        "Last backup: 2026-01-02, before your latest changes to servers."
    );
}
