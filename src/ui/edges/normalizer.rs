//! Unicode normalization and case mapping by the browser's own `String.prototype.normalize`,
//! `toLowerCase` and `toUpperCase`: the core needs NFC, NFKC and lowercasing for names, and the
//! browser already carries the tables (about 70 KB gzipped of normalization tables and ~24 KB raw
//! of case tables if compiled into the wasm instead).

/// The browser's normalizer, handed to the core.
pub struct BrowserNormalizer;

impl crate::domain::unicode::UnicodeNormalizer for BrowserNormalizer {
    fn nfc(&self, s: &str) -> String {
        js_sys::JsString::from(s).normalize("NFC").into()
    }

    fn nfkc(&self, s: &str) -> String {
        js_sys::JsString::from(s).normalize("NFKC").into()
    }

    fn lowercase(&self, s: &str) -> String {
        js_sys::JsString::from(s).to_lower_case().into()
    }

    fn uppercase(&self, s: &str) -> String {
        js_sys::JsString::from(s).to_upper_case().into()
    }
}

/// The one instance handed to the core at start.
pub static BROWSER_NORMALIZER: BrowserNormalizer = BrowserNormalizer;

/// Installs [`BROWSER_NORMALIZER`] in the core.
pub fn install() {
    crate::domain::unicode::install_normalizer(&BROWSER_NORMALIZER);
}
