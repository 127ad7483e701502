//! The migrations that bring an older stored document up to the current schema, one step per
//! version, each a pure function on the JSON so it can be tested on frozen fixtures.

use serde_json::Value;

use super::SCHEMA_VERSION;
use crate::domain::organization::DEFAULT_EXPIRING_SOON_DAYS;

/// A migration step: a document in schema N to the same document in schema N + 1.
pub(super) type Migration = fn(Value) -> Result<Value, String>;

/// The chain: entry `i` upgrades schema `i + 1` to `i + 2`. Its length is tied to
/// [`SCHEMA_VERSION`] by the type, so bumping the version without a migration does not compile.
pub(super) const CHAIN: [Migration; SCHEMA_VERSION as usize - 1] =
    [migrate_v1_to_v2, migrate_v2_to_v3, migrate_v3_to_v4];

/// Schema 1 → 2: adds `organization.settings` with `expiring_soon_days` = 30 (schema 1 used a
/// fixed 30-day warning). A `settings` object already present is kept, so a document that was
/// hand-upgraded is not overwritten.
pub fn migrate_v1_to_v2(mut doc: Value) -> Result<Value, String> {
    let org = doc
        .get_mut("organization")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| "it has no organization object".to_string())?;
    org.entry("settings")
        .or_insert_with(|| serde_json::json!({ "expiring_soon_days": DEFAULT_EXPIRING_SOON_DAYS }));
    if let Some(map) = doc.as_object_mut() {
        map.insert("schema".to_string(), Value::from(2));
    }
    Ok(doc)
}

/// Schema 2 → 3: each person gets `password_changes`, a list holding their schema-2
/// `password_changed_at` (the only change schema 2 kept) or nothing; a list already present is
/// kept. The old `password_changed_at`, and each server's `certificate_replaced_at` (its times
/// are in `certificate_history`), are left in the document: the schema-3 reader ignores them and
/// the next save writes schema 3 without them. (Removing keys from a `serde_json::Value` would
/// compile a BTreeMap removal into the wasm, ~1.5 KB gzipped, for a step taken once.)
pub fn migrate_v2_to_v3(mut doc: Value) -> Result<Value, String> {
    let org = doc
        .get_mut("organization")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| "it has no organization object".to_string())?;
    if let Some(users) = org.get_mut("users").and_then(Value::as_array_mut) {
        for user in users.iter_mut().filter_map(Value::as_object_mut) {
            if user.contains_key("password_changes") {
                continue;
            }
            let changes = match user.get("password_changed_at") {
                None | Some(Value::Null) => Vec::new(),
                Some(time @ Value::Number(_)) => vec![time.clone()],
                Some(other) => {
                    return Err(format!(
                        "a person's password_changed_at is {other}, not a time"
                    ))
                }
            };
            user.insert("password_changes".to_string(), Value::Array(changes));
        }
    }
    if let Some(map) = doc.as_object_mut() {
        map.insert("schema".to_string(), Value::from(3));
    }
    Ok(doc)
}

/// Schema 3 → 4: the document keeps its shape; `organization.activity_archive` (nothing
/// archived yet) is left to its default. What changed in schema 4 is where the data is stored
/// (the layout), which a document does not see.
pub fn migrate_v3_to_v4(mut doc: Value) -> Result<Value, String> {
    if !doc.get("organization").is_some_and(Value::is_object) {
        return Err("it has no organization object".to_string());
    }
    if let Some(map) = doc.as_object_mut() {
        map.insert("schema".to_string(), Value::from(4));
    }
    Ok(doc)
}
