//! The clock: the one place the app reads the time. `SystemTime::now()` panics on wasm32, and
//! the core takes "now" as an argument anyway.

use crate::domain::time::Timestamp;

/// The current time from the browser's clock (`Date.now()`).
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}
