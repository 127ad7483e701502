//! The clipboard, for copying fingerprints.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::describe_js_error;

/// Copies text to the clipboard (asynchronous Clipboard API, reached dynamically because
/// web-sys still marks it unstable).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|value| !value.is_undefined())
        .ok_or("this browser offers no clipboard here")?;
    let write_text: js_sys::Function = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or("this browser offers no clipboard here")?;
    let promise: js_sys::Promise = write_text
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or("the clipboard refused the text")?;
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|error| describe_js_error(&error, "the clipboard refused the text"))
}
