//! The thin browser edges: the clock, files, downloads, the clipboard, storage, Unicode
//! normalization and the vendor kit's web worker. Nothing here decides anything; each edge moves bytes, text or instants
//! between the browser and the domain core, and turns the browser's exceptions into plain
//! sentences.

pub mod clipboard;
pub mod clock;
pub mod downloads;
pub mod files;
pub mod idb;
pub mod normalizer;
pub mod storage;
pub mod storage_manager;
pub mod worker;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A plain sentence for a JavaScript error: its message if it has one, else `fallback`.
fn describe_js_error(error: &JsValue, fallback: &str) -> String {
    Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .map(|message| format!("{fallback}: {message}"))
        .unwrap_or_else(|| fallback.to_string())
}

/// Hands the browser's edges to the core; called once before the app mounts.
pub fn install() {
    normalizer::install();
}
