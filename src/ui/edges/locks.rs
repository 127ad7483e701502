//! A lock shared by every tab of the app: the Web Locks API (`navigator.locks`), so that a
//! save's read of the stored revision, its check and its write happen with no other tab in
//! between. The storage event alone cannot give that: it tells a tab about another tab's save
//! only after the fact.
//!
//! The work under the lock is synchronous (localStorage is), so the callback holds the lock
//! only while it runs. Browsers without Web Locks (none that runs this app in a secure context;
//! plain `http://` on another host than localhost) run the work directly: the revision check
//! then still catches a stale base in all but a same-moment race.

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The lock every tab takes around reading, checking and writing the stored state.
pub const STATE_LOCK: &str = "mdm-link.state";

/// Runs `work` while holding the lock `name` across tabs (later, when the lock is granted).
pub fn with_lock(name: &str, work: impl FnOnce() + 'static) {
    let Some(request) = lock_request() else {
        work();
        return;
    };
    let (locks, request) = request;
    let callback = Closure::once_into_js(move |_lock: JsValue| {
        work();
        JsValue::UNDEFINED
    });
    if request
        .call2(&locks, &JsValue::from_str(name), &callback)
        .is_err()
    {
        // Could not ask for the lock (should not happen): the caller's work is not lost, but
        // it can no longer run from here; the next save tries again.
        web_sys::console::warn_1(&JsValue::from_str(
            "MDM Link: the cross-tab lock was refused",
        ));
    }
}

/// `navigator.locks` and its `request`, when the browser has them.
fn lock_request() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((locks, request))
}
