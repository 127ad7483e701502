//! The only code that touches `localStorage`: text in and out under the app's keys (all start
//! with `mdm-link.`; nothing else in the origin's storage is read or written). What the text
//! means is the domain's business (`domain::persistence`).
//!
//! Why web-sys and not `gloo-storage` (which the design card names for this edge):
//! `gloo_storage::LocalStorage::raw()` throws (`expect_throw`) when the browser refuses access
//! to storage, which is one of the faults the app must survive with a banner, and its `get`/
//! `set` serialize every value with serde_json, which would store our JSON document as a JSON
//! string inside a JSON string. ARCHITECTURE.md records the size measured for both.

use super::idb::js_message;
use crate::domain::persistence::KEY_PREFIX;

/// How many UTF-16 code units (keys and values together) Chromium, Firefox and Safari let one
/// site keep in `localStorage`: 5 Mi (measured in Chromium 156: 5,241,856 of one value with a
/// one-letter key).
pub const LIMIT_UNITS: usize = 5 * 1024 * 1024;

/// The browser's local storage.
pub struct Storage(web_sys::Storage);

/// The browser's storage, or why it cannot be used (disabled by policy, private mode, or a
/// sandboxed frame throws on access).
pub fn open() -> Result<Storage, String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(Storage(storage)),
        Ok(None) => Err("this browser offers no local storage".into()),
        Err(error) => Err(js_message(
            &error,
            "the browser refused access to local storage",
        )),
    }
}

impl Storage {
    /// The text under `key`, `Ok(None)` when there is none.
    pub fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.0
            .get_item(key)
            .map_err(|error| js_message(&error, "the browser refused to read local storage"))
    }

    /// Stores `text` under `key`. Fails on quota exceeded or disabled storage.
    pub fn set(&self, key: &str, text: &str) -> Result<(), String> {
        self.0
            .set_item(key, text)
            .map_err(|error| js_message(&error, "the browser refused to save"))
    }

    /// Removes `key` (nothing if it is not there).
    pub fn remove(&self, key: &str) {
        let _ = self.0.remove_item(key);
    }

    /// Every key of the app's, with the length of its value in UTF-16 code units.
    pub fn app_keys(&self) -> Vec<(String, usize)> {
        let count = self.0.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| self.0.key(i).ok().flatten())
            .filter(|key| key.starts_with(KEY_PREFIX))
            .map(|key| {
                let units = self
                    .0
                    .get_item(&key)
                    .ok()
                    .flatten()
                    .map_or(0, |v| js_sys::JsString::from(v).length() as usize);
                (key, units)
            })
            .collect()
    }
}
