//! Persisted schema: round trips, the v1 fixture migration, and every kind of load error.
use mdm_link::domain::ids::{ServerId, UserId};
use mdm_link::domain::organization::{DeviceType, Organization, StoredCertificate};
use mdm_link::domain::persistence::{
    decode, encode, load_or_first_launch, migrate_v1_to_v2, migrate_v2_to_v3, LoadError,
    SCHEMA_VERSION, STORAGE_KEY,
};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::TokenRecord;
use mdm_link::domain::users::Role;
use serde_json::{json, Value};

const V1_FIXTURE: &str = include_str!("examples/state/v1-populated.json");
const V2_FIXTURE: &str = include_str!("examples/state/v2-populated.json");
const T0: Timestamp = Timestamp(1_767_225_600_000);

fn cert(n: u32) -> StoredCertificate {
    StoredCertificate {
        der_base64: "MIIBxTCCAW".repeat(20),
        sha256_hex: format!("{n:064x}"),
        subject: format!("CN=mdm{n}.example.com, O=Example"),
        issuer: "CN=Example CA".to_string(),
        serial_hex: format!("{n:x}"),
        not_after: Timestamp(T0.0 + 365 * 86_400_000),
        key_description: "RSA 2048-bit".to_string(),
    }
}

fn populated(servers: u32) -> Organization {
    let mut org = Organization::new_first_launch(T0);
    let dem = org
        .add_user(
            "Dana",
            "dana@example.com",
            Role::DeviceEnrollmentManager,
            T0,
        )
        .unwrap();
    org.add_user("Lee", "lee@example.com", Role::Staff, T0)
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..servers {
        let id = org
            .add_server(&format!("Server {i} – Room {i}"), cert(i), i % 3 == 0, T0)
            .unwrap();
        let tok = TokenRecord {
            id: format!("{i:016x}"),
            issued_at: T0,
            expires_at: Timestamp(T0.0 + 365 * 86_400_000),
            downloaded_by: org.signed_in(),
            certificate_sha256: cert(i).sha256_hex,
            consumer_key_sha256: "ab".repeat(32),
            replaced_at: None,
        };
        org.record_token(id, tok, T0).unwrap();
        ids.push(id);
    }
    if let Some(first) = ids.first() {
        org.set_default(DeviceType::Mac, Some(*first), T0).unwrap();
        org.replace_certificate(*first, cert(999_999), T0).unwrap();
    }
    org.record_password_change(dem, T0).unwrap();
    org.set_expiring_soon_days(45, T0).unwrap();
    org
}

#[test]
fn storage_key_and_version() {
    assert_eq!(STORAGE_KEY, "mdm-link.state");
    assert_eq!(SCHEMA_VERSION, 4);
    let text = encode(&Organization::new_first_launch(T0));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema"], json!(4));
    assert_eq!(
        v["organization"]["settings"]["expiring_soon_days"],
        json!(30)
    );
}

#[test]
fn round_trip_populated_and_1000_servers() {
    for n in [0, 3, 1000] {
        let org = populated(n);
        let text = encode(&org);
        assert_eq!(decode(&text), Ok(org.clone()), "{n} servers");
        assert_eq!(encode(&decode(&text).unwrap()), text);
    }
}

#[test]
fn v1_fixture_migrates_and_loads() {
    let org = decode(V1_FIXTURE).expect("v1 fixture loads");
    assert_eq!(org.name(), "Acme Schools");
    assert_eq!(org.settings().expiring_soon_days, 30);
    assert_eq!(org.servers().len(), 2);
    assert_eq!(org.default_for(DeviceType::Mac), Some(ServerId(5)));
    assert_eq!(org.default_for(DeviceType::IPad), Some(ServerId(4)));
    assert_eq!(org.active_token(ServerId(4)).unwrap().id, "bb22");
    assert_eq!(org.active_users().len(), 2);
    assert!(org.user(UserId(3)).unwrap().left_at.is_some());
    assert_eq!(org.activity().len(), 2);
    // Re-encoding writes the current schema, which decodes to the same organization.
    let again = encode(&org);
    assert!(again.starts_with("{\"schema\":4,"));
    assert_eq!(decode(&again), Ok(org));
}

/// The schema-2 fixture (written by the release before schema 3) loads, its single last
/// password change becomes a one-entry history, and the certificate replacement time it stored
/// separately is the one in the certificate history.
#[test]
fn v2_fixture_migrates_and_loads() {
    let stored: Value = serde_json::from_str(V2_FIXTURE).unwrap();
    assert_eq!(stored["schema"], json!(2));
    let org = decode(V2_FIXTURE).expect("v2 fixture loads");
    let dana = org.user(UserId(2)).unwrap();
    assert_eq!(dana.password_changes, [Timestamp(1_768_000_000_000)]);
    assert!(org.user(UserId(1)).unwrap().password_changes.is_empty());
    let replaced = stored["organization"]["servers"][0]["certificate_replaced_at"].as_i64();
    let server = &org.servers()[0];
    assert_eq!(
        server.certificate_history.last().map(|c| c.replaced_at.0),
        replaced
    );
    // The same organization as the v1 fixture (which went through schema 2 on its way).
    assert_eq!(decode(V1_FIXTURE), Ok(org.clone()));
    let again = encode(&org);
    assert!(again.starts_with("{\"schema\":4,"));
    assert!(!again.contains("password_changed_at") && !again.contains("certificate_replaced_at"));
    assert_eq!(decode(&again), Ok(org));
}

#[test]
fn migration_v2_to_v3_turns_the_last_password_change_into_a_history() {
    let doc = migrate_v2_to_v3(json!({"schema": 2, "organization": {
        "users": [{"password_changed_at": 5}, {"password_changed_at": null}, {}],
        "servers": [{"certificate_replaced_at": 9, "name": "A"}],
    }}))
    .unwrap();
    assert_eq!(doc["schema"], json!(3));
    let users = &doc["organization"]["users"];
    assert_eq!(users[0]["password_changes"], json!([5]));
    assert_eq!(users[1]["password_changes"], json!([]));
    assert_eq!(users[2]["password_changes"], json!([]));
    // What schema 3 no longer has is ignored by its reader and dropped by the next save.
    assert_eq!(doc["organization"]["servers"][0]["name"], json!("A"));
    // A hand-upgraded list is kept; a password time that is not a number is refused.
    let kept = migrate_v2_to_v3(json!({"organization": {"users": [
        {"password_changes": [1, 2], "password_changed_at": 2}
    ]}}))
    .unwrap();
    assert_eq!(
        kept["organization"]["users"][0]["password_changes"],
        json!([1, 2])
    );
    assert!(migrate_v2_to_v3(json!({"organization": {"users": [
        {"password_changed_at": "yesterday"}
    ]}}))
    .is_err());
    assert!(migrate_v2_to_v3(json!({"schema": 2})).is_err());
}

#[test]
fn migration_v1_to_v2_adds_settings_and_keeps_existing() {
    let doc = migrate_v1_to_v2(json!({"schema": 1, "organization": {"name": "x"}})).unwrap();
    assert_eq!(doc["schema"], json!(2));
    assert_eq!(
        doc["organization"]["settings"],
        json!({"expiring_soon_days": 30})
    );
    let kept = migrate_v1_to_v2(
        json!({"schema": 1, "organization": {"settings": {"expiring_soon_days": 7}}}),
    )
    .unwrap();
    assert_eq!(
        kept["organization"]["settings"]["expiring_soon_days"],
        json!(7)
    );
}

#[test]
fn load_errors_by_kind() {
    // Not JSON, with position.
    match decode("{\"schema\": 2,\n  \"organization\": ") {
        Err(LoadError::NotJson { line, .. }) => assert_eq!(line, 2),
        other => panic!("{other:?}"),
    }
    for garbage in ["", "garbage", "{\"schema\":", "\u{FEFF}{}"] {
        assert!(
            matches!(decode(garbage), Err(LoadError::NotJson { .. })),
            "{garbage:?}"
        );
    }
    // Missing schema.
    for doc in [
        "{}",
        "[]",
        "[2]",
        "null",
        "42",
        "\"text\"",
        "{\"organization\": {}}",
        "{\"schema\": null}",
    ] {
        assert_eq!(decode(doc), Err(LoadError::SchemaMissing), "{doc}");
    }
    // Invalid schema.
    for (doc, found) in [
        ("{\"schema\": \"2\"}", "\"2\""),
        ("{\"schema\": 0}", "0"),
        ("{\"schema\": -1}", "-1"),
        ("{\"schema\": 1.5}", "1.5"),
    ] {
        assert_eq!(
            decode(doc),
            Err(LoadError::SchemaInvalid {
                found: found.into()
            }),
            "{doc}"
        );
    }
    // Newer release: reported with its version, never treated as empty.
    let newer = decode("{\"schema\": 99, \"organization\": {}}").unwrap_err();
    assert_eq!(newer, LoadError::NewerSchema { found: 99 });
    assert!(newer
        .to_string()
        .contains("schema 99; this release reads up to 4"));
    // Wrong shape for the current version.
    match decode("{\"schema\": 4, \"organization\": {\"name\": 5}}") {
        Err(LoadError::Invalid { schema: 4, message }) => {
            assert!(message.contains("line 1"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        decode("{\"schema\": 4}"),
        Err(LoadError::Invalid { .. })
    ));
    // Wrong shape after migration.
    assert!(matches!(
        decode("{\"schema\": 1, \"organization\": {\"name\": \"x\"}}"),
        Err(LoadError::Invalid { schema: 1, .. })
    ));
    // ... with serde's message, and no position (it would point into the upgraded text, which
    // is not what is stored).
    assert_eq!(
        decode("{\"schema\": 1, \"organization\": {\"name\": 5}}"),
        Err(LoadError::Invalid {
            schema: 1,
            message: "after upgrading to schema 4: invalid type: integer `5`, expected a string"
                .into(),
        })
    );
    // Migration failure.
    assert_eq!(
        decode("{\"schema\": 1, \"organization\": []}"),
        Err(LoadError::MigrationFailed {
            from: 1,
            to: 2,
            reason: "it has no organization object".into()
        })
    );
}

#[test]
fn inconsistent_state_is_refused() {
    let org = populated(2);
    let good: Value = serde_json::from_str(&encode(&org)).unwrap();
    type Mutation = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Mutation)> = vec![
        (
            "signed-in person missing",
            Box::new(|v| v["organization"]["signed_in"] = json!(77)),
        ),
        (
            "dangling default",
            Box::new(|v| v["organization"]["defaults"]["ipad"] = json!(77)),
        ),
        (
            "duplicate server name",
            Box::new(|v| v["organization"]["servers"][1]["name"] = json!("SERVER 0 – room 0")),
        ),
        (
            "reserved server name",
            Box::new(|v| v["organization"]["servers"][1]["name"] = json!("Unassigned")),
        ),
        (
            "id counter behind",
            Box::new(|v| v["organization"]["next_id"] = json!(2)),
        ),
        (
            "no administrator",
            Box::new(|v| v["organization"]["users"][0]["role"] = json!("staff")),
        ),
        (
            "two active tokens",
            Box::new(|v| {
                let t = v["organization"]["servers"][1]["tokens"][0].clone();
                v["organization"]["servers"][1]["tokens"]
                    .as_array_mut()
                    .unwrap()
                    .push(t);
            }),
        ),
        (
            "expiring soon zero",
            Box::new(|v| v["organization"]["settings"]["expiring_soon_days"] = json!(0)),
        ),
        (
            "unknown role",
            Box::new(|v| v["organization"]["users"][1]["role"] = json!("owner")),
        ),
    ];
    for (what, mutate) in cases {
        let mut v = good.clone();
        mutate(&mut v);
        let err = decode(&v.to_string()).unwrap_err();
        assert!(
            matches!(err, LoadError::Invalid { schema: 4, .. }),
            "{what}: {err:?}"
        );
    }
}

#[test]
fn only_absent_storage_means_first_launch() {
    let fresh = load_or_first_launch(None, T0).unwrap();
    assert_eq!(fresh.name(), "My Organization");
    assert!(load_or_first_launch(Some(""), T0).is_err());
    assert!(load_or_first_launch(Some("{\"schema\": 4}"), T0).is_err());
}

#[test]
fn every_load_error_has_a_sentence() {
    let errors = [
        LoadError::NotJson {
            line: 1,
            column: 2,
            message: "expected value".into(),
        },
        LoadError::SchemaMissing,
        LoadError::SchemaInvalid {
            found: "\"x\"".into(),
        },
        LoadError::NewerSchema { found: 3 },
        LoadError::Invalid {
            schema: 2,
            message: "missing field `name`".into(),
        },
        LoadError::MigrationFailed {
            from: 1,
            to: 2,
            reason: "it has no organization object".into(),
        },
    ];
    for e in errors {
        let m = e.to_string();
        assert!(m.starts_with("The saved data") && m.ends_with('.'), "{m}");
    }
}
