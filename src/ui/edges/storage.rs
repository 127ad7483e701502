//! The only code that touches `localStorage`. It moves text in and out under
//! [`STORAGE_KEY`]; what the text means is the domain's business (`domain::persistence`).
//!
//! Why web-sys and not `gloo-storage` (which the design card names for this edge):
//! `gloo_storage::LocalStorage::raw()` throws (`expect_throw`) when the browser refuses access
//! to storage, which is one of the faults the app must survive with a banner, and its `get`/
//! `set` serialize every value with serde_json, which would store our JSON document as a JSON
//! string inside a JSON string. ARCHITECTURE.md records the size measured for both.

use crate::domain::persistence::STORAGE_KEY;

/// The browser's storage, or why it cannot be used (disabled by policy, private mode, or a
/// sandboxed frame throws on access).
fn local_storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser offers no local storage".into()),
        Err(error) => Err(js_message(
            &error,
            "the browser refused access to local storage",
        )),
    }
}

/// The stored text, `Ok(None)` when nothing was ever stored.
pub fn read() -> Result<Option<String>, String> {
    local_storage()?
        .get_item(STORAGE_KEY)
        .map_err(|error| js_message(&error, "the browser refused to read local storage"))
}

/// Stores `text`, replacing what was there. Fails on quota exceeded or disabled storage.
pub fn write(text: &str) -> Result<(), String> {
    local_storage()?
        .set_item(STORAGE_KEY, text)
        .map_err(|error| js_message(&error, "the browser refused to save"))
}

/// A plain sentence from a DOMException (`QuotaExceededError`, `SecurityError`...).
fn js_message(error: &wasm_bindgen::JsValue, fallback: &str) -> String {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|v| v.as_string());
    match name.as_deref() {
        Some("QuotaExceededError") => {
            format!("{fallback}: browser storage is full (quota exceeded)")
        }
        Some("SecurityError") => format!("{fallback}: storage is disabled for this page"),
        Some(other) => format!("{fallback} ({other})"),
        None => fallback.to_string(),
    }
}
