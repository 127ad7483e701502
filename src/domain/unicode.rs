//! Unicode normalization and case mapping, injected like the clock and the RNG.
//!
//! The core normalizes typed labels (NFC for what is stored, NFKC inside the comparison key)
//! and server names in token file names (NFC), and lowercases text to compare and sort it
//! ([`lowercase`], [`uppercase`]). Why it is passed in rather than compiled in: the
//! `unicode-normalization` crate's tables cost ~141 KB raw / ~70 KB gzipped in the wasm bundle,
//! and the standard library's case-mapping tables (`str::to_lowercase`, `char::to_uppercase`)
//! another ~24 KB raw, while every browser already ships them behind `String.prototype.
//! normalize`, `toLowerCase` and `toUpperCase`. So the browser edge installs an implementation
//! that calls those, and the core stays pure: it never imports js-sys or web-sys, it only sees
//! this trait. Code that needs case mapping calls [`lowercase`]/[`uppercase`] here, never the
//! standard library's Unicode ones (ASCII-only `to_ascii_lowercase` is fine).
//!
//! # When nothing is installed
//!
//! - Native builds (tests, benchmarks, tools) use the `unicode-normalization` crate, so every
//!   rule is tested against the real Unicode algorithm with plain `cargo test`.
//! - wasm32 builds fall back to the identity for normalization (and ASCII-only case mapping):
//!   text is kept exactly as typed. That is
//!   conservative, never wrong in a harmful way: nothing is merged or altered, but a name typed
//!   precomposed and the same name typed decomposed (or in full-width letters) are treated as
//!   different, and the length limit counts the code points as typed. The app avoids this by
//!   installing the browser's normalizer before it mounts.
//!
//! Installing replaces the default for the rest of the process, so install once, at start,
//! before any label is cleaned or compared: results computed before and after would differ.
//!
//! # What the browser edge implements
//!
//! The edge lives in `src/ui` (it may use js-sys; the core may not). In outline:
//!
//! ```text
//! struct BrowserNormalizer;
//!
//! impl mdm_link::domain::unicode::UnicodeNormalizer for BrowserNormalizer {
//!     fn nfc(&self, s: &str) -> String {
//!         js_sys::JsString::from(s).normalize("NFC").into()
//!     }
//!     fn nfkc(&self, s: &str) -> String {
//!         js_sys::JsString::from(s).normalize("NFKC").into()
//!     }
//!     fn lowercase(&self, s: &str) -> String {
//!         js_sys::JsString::from(s).to_lower_case().into()
//!     }
//!     fn uppercase(&self, s: &str) -> String {
//!         js_sys::JsString::from(s).to_upper_case().into()
//!     }
//! }
//!
//! static BROWSER_NORMALIZER: BrowserNormalizer = BrowserNormalizer;
//!
//! // In ui::start(), before mounting the app:
//! mdm_link::domain::unicode::install_normalizer(&BROWSER_NORMALIZER);
//! ```
//!
//! A Rust `&str` is valid UTF-8, so it never holds a lone surrogate and the round trip through
//! a JS string is lossless. The edge must return the normalized text itself, never an error.
//!
//! Any host can install its own implementation the same way:
//!
//! ```
//! use mdm_link::domain::unicode::{install_normalizer, UnicodeNormalizer};
//!
//! /// Keeps text as typed (what wasm32 does when nothing is installed).
//! struct AsTyped;
//!
//! impl UnicodeNormalizer for AsTyped {
//!     fn nfc(&self, s: &str) -> String {
//!         s.to_owned()
//!     }
//!     fn nfkc(&self, s: &str) -> String {
//!         s.to_owned()
//!     }
//!     fn lowercase(&self, s: &str) -> String {
//!         s.to_ascii_lowercase()
//!     }
//!     fn uppercase(&self, s: &str) -> String {
//!         s.to_ascii_uppercase()
//!     }
//! }
//!
//! static AS_TYPED: AsTyped = AsTyped;
//! assert!(install_normalizer(&AS_TYPED));
//! // A second installation is refused: the first one stays in force.
//! assert!(!install_normalizer(&AS_TYPED));
//! ```
//!
//! Nothing here can fail except a second installation, which [`install_normalizer`] reports as
//! `false`, so the module has no error type.

use std::sync::OnceLock;

/// Unicode normalization forms the core needs, supplied by the host.
///
/// Implementations must be pure functions of their input (the same text always gives the same
/// result) and must return the normalized text per Unicode Standard Annex #15.
pub trait UnicodeNormalizer: Send + Sync {
    /// `s` in Normalization Form C (canonical composition): "é" typed as e + U+0301 becomes
    /// the single code point U+00E9.
    fn nfc(&self, s: &str) -> String;

    /// `s` in Normalization Form KC (compatibility composition): additionally full-width
    /// letters become ASCII, ligatures split and no-break spaces become spaces.
    fn nfkc(&self, s: &str) -> String;

    /// `s` lowercased by the Unicode default case mapping (what `toLowerCase` does).
    fn lowercase(&self, s: &str) -> String;

    /// `s` uppercased by the Unicode default case mapping (what `toUpperCase` does).
    fn uppercase(&self, s: &str) -> String;
}

/// The normalizer installed by the host, if any.
static INSTALLED: OnceLock<&'static dyn UnicodeNormalizer> = OnceLock::new();

/// Installs the process-wide normalizer the core uses from now on. Returns `false`, keeping the
/// first one, if a normalizer was already installed.
///
/// Call it once at start-up, before any label is cleaned or compared (see the module docs).
pub fn install_normalizer(normalizer: &'static dyn UnicodeNormalizer) -> bool {
    INSTALLED.set(normalizer).is_ok()
}

// ASCII text is its own NFC and NFKC (no ASCII character has a decomposition) and its Unicode
// case mapping is the ASCII one, so it never goes to the installed normalizer: in the browser
// that is a round trip through JavaScript per call, and loading 1,000 servers made ~4,000 of
// them (~20 ms of the list's start-up in a profile). `ascii_fast_path_agrees` checks the claim.

/// `s` in NFC, through the installed normalizer or the build's default.
pub(crate) fn nfc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    active().nfc(s)
}

/// `s` in NFKC, through the installed normalizer or the build's default.
pub(crate) fn nfkc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    active().nfkc(s)
}

/// `s` lowercased (Unicode default case mapping), through the installed implementation or the
/// build's default. The one lowercasing the app uses for comparing and sorting.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    active().lowercase(s)
}

/// `s` uppercased (Unicode default case mapping), through the installed implementation or the
/// build's default.
pub fn uppercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    active().uppercase(s)
}

/// The installed normalizer, else the default. Not cached in `INSTALLED`, so a host that
/// installs late still gets its own normalizer for everything after.
fn active() -> &'static dyn UnicodeNormalizer {
    INSTALLED.get().copied().unwrap_or(&DEFAULT)
}

/// Native default: the `unicode-normalization` crate (a native-only dependency).
#[cfg(not(target_arch = "wasm32"))]
struct CrateNormalizer;

#[cfg(not(target_arch = "wasm32"))]
impl UnicodeNormalizer for CrateNormalizer {
    fn nfc(&self, s: &str) -> String {
        unicode_normalization::UnicodeNormalization::nfc(s).collect()
    }

    fn nfkc(&self, s: &str) -> String {
        unicode_normalization::UnicodeNormalization::nfkc(s).collect()
    }

    fn lowercase(&self, s: &str) -> String {
        s.to_lowercase()
    }

    fn uppercase(&self, s: &str) -> String {
        s.to_uppercase()
    }
}

#[cfg(not(target_arch = "wasm32"))]
static DEFAULT: CrateNormalizer = CrateNormalizer;

/// wasm32 default when the app installed nothing: text as typed (see the module docs).
#[cfg(target_arch = "wasm32")]
struct Identity;

#[cfg(target_arch = "wasm32")]
impl UnicodeNormalizer for Identity {
    fn nfc(&self, s: &str) -> String {
        s.to_owned()
    }

    fn nfkc(&self, s: &str) -> String {
        s.to_owned()
    }

    // ASCII only: the standard library's Unicode tables must not be linked into the wasm.
    fn lowercase(&self, s: &str) -> String {
        s.to_ascii_lowercase()
    }

    fn uppercase(&self, s: &str) -> String {
        s.to_ascii_uppercase()
    }
}

#[cfg(target_arch = "wasm32")]
static DEFAULT: Identity = Identity;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    // These run against the default only: installing would change the normalizer for every
    // other unit test in this process. tests/unicode_normalizer.rs covers installation.

    #[test]
    fn native_default_composes_and_folds_compatibility_forms() {
        assert_eq!(nfc("e\u{0301}"), "\u{00E9}");
        assert_eq!(nfkc("e\u{0301}"), "\u{00E9}");
        assert_eq!(nfc("\u{FF35}\u{FB01}"), "\u{FF35}\u{FB01}");
        assert_eq!(nfkc("\u{FF35}\u{FB01}"), "Ufi");
    }

    #[test]
    fn ascii_fast_path_agrees() {
        // Every ASCII character, alone and in a run, against the full implementation (the
        // `unicode-normalization` crate and the standard library's Unicode case mapping).
        let every: String = (0u8..=127).map(char::from).collect();
        let mut inputs: Vec<String> = every.chars().map(String::from).collect();
        inputs.push(every);
        inputs.push("Cupertino iPads — Lab".replace('—', "-"));
        for s in &inputs {
            assert_eq!(nfc(s), CrateNormalizer.nfc(s), "{s:?}");
            assert_eq!(nfkc(s), CrateNormalizer.nfkc(s), "{s:?}");
            assert_eq!(lowercase(s), CrateNormalizer.lowercase(s), "{s:?}");
            assert_eq!(uppercase(s), CrateNormalizer.uppercase(s), "{s:?}");
        }
        // Anything else still goes to the normalizer.
        assert_eq!(lowercase("ÉCOLE"), "école");
        assert_eq!(nfkc("\u{FF21}"), "A");
    }
}
