//! The injected normalizer: once installed, every normalizing and case-mapping rule in the core
//! goes through it.
//! Its own test binary (own process), because installation is process-wide and permanent.
use std::sync::atomic::{AtomicUsize, Ordering};

use mdm_link::domain::server_name::ServerName;
use mdm_link::domain::token::file_name::sanitize_server_name;
use mdm_link::domain::unicode::{install_normalizer, UnicodeNormalizer};

/// Keeps text as typed, as wasm32 does with nothing installed, and counts calls.
struct CountingIdentity {
    calls: AtomicUsize,
}

impl UnicodeNormalizer for CountingIdentity {
    fn nfc(&self, s: &str) -> String {
        self.calls.fetch_add(1, Ordering::SeqCst);
        s.to_owned()
    }

    fn nfkc(&self, s: &str) -> String {
        self.calls.fetch_add(1, Ordering::SeqCst);
        s.to_owned()
    }

    fn lowercase(&self, s: &str) -> String {
        self.calls.fetch_add(1, Ordering::SeqCst);
        s.to_ascii_lowercase()
    }

    fn uppercase(&self, s: &str) -> String {
        self.calls.fetch_add(1, Ordering::SeqCst);
        s.to_ascii_uppercase()
    }
}

static IDENTITY: CountingIdentity = CountingIdentity {
    calls: AtomicUsize::new(0),
};

#[test]
fn installed_normalizer_replaces_the_native_default() {
    // Before installation the native default (unicode-normalization) composes; wasm32's
    // default keeps the text as typed.
    let expected = if cfg!(target_arch = "wasm32") {
        "Cafe\u{301}"
    } else {
        "Caf\u{e9}"
    };
    assert_eq!(sanitize_server_name("Cafe\u{301}", 100), expected);

    assert!(install_normalizer(&IDENTITY));
    assert!(!install_normalizer(&IDENTITY), "second install is refused");

    let before = IDENTITY.calls.load(Ordering::SeqCst);
    // Text as typed: decomposed stays decomposed in file names and stored labels...
    assert_eq!(sanitize_server_name("Cafe\u{301}", 100), "Cafe\u{301}");
    let decomposed = ServerName::parse_standalone("Cafe\u{301}").unwrap();
    assert_eq!(decomposed.as_str(), "Cafe\u{301}");
    // ...and comparison keys no longer fold compatibility forms: the conservative fallback
    // treats full-width and ASCII spellings as different names instead of merging them.
    let full_width = ServerName::parse_standalone("\u{FF29}\u{FF30}\u{FF41}\u{FF44}s").unwrap();
    let ascii = ServerName::parse_standalone("IPads").unwrap();
    assert!(!full_width.same_as(&ascii));
    // Case folding goes through the installed implementation too (ASCII-only here).
    let lower = ServerName::parse_standalone("ipads").unwrap();
    assert!(lower.same_as(&ascii));
    let accented = ServerName::parse_standalone("ÉCOLE").unwrap();
    let accented_lower = ServerName::parse_standalone("école").unwrap();
    assert!(
        !accented.same_as(&accented_lower),
        "an ASCII-only lowercase cannot fold É: the installed one is in use"
    );
    assert!(IDENTITY.calls.load(Ordering::SeqCst) > before);
}
