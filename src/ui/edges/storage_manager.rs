//! `navigator.storage`: how much the browser lets this site store (`estimate()`), and asking
//! it to keep the site's data when space runs low (`persist()`). Reached dynamically (like the
//! clipboard) so the app needs no extra web-sys features; every answer is optional, since not
//! every browser has them.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What `navigator.storage.estimate()` reports, in bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Used by this site (Chromium does not count localStorage here).
    pub usage: f64,
    /// What the site may use.
    pub quota: f64,
}

/// `navigator.storage.estimate()`, if the browser has it.
pub async fn estimate() -> Option<Estimate> {
    let value = call("estimate").await?;
    let number = |field: &str| {
        Reflect::get(&value, &JsValue::from_str(field))
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some(Estimate {
        usage: number("usage")?,
        quota: number("quota")?,
    })
}

/// Asks the browser to keep this site's data (`persist()`); whether it agreed.
pub async fn persist() -> Option<bool> {
    call("persist").await?.as_bool()
}

/// Whether the browser already keeps this site's data (`persisted()`).
pub async fn persisted() -> Option<bool> {
    call("persisted").await?.as_bool()
}

async fn call(method: &str) -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let storage = Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if storage.is_undefined() {
        return None;
    }
    let function: Function = Reflect::get(&storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = function.call0(&storage).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}
