//! wasm-bindgen tests: the core and the browser edges inside headless Chromium.
#![cfg(target_arch = "wasm32")]

use mdm_link::domain::time::Timestamp;
use mdm_link::ui::browser;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn clock_edge_reads_the_browser_clock_in_milliseconds() {
    let before = js_sys::Date::now() as i64;
    let now = browser::now();
    let after = js_sys::Date::now() as i64;
    assert!(before <= now.0 && now.0 <= after);
    // The domain's calendar arithmetic agrees with the browser's own.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now.0 as f64));
    let iso: String = date.to_iso_string().into();
    assert_eq!(&iso[..19], &now.rfc3339()[..19]);
    assert_eq!(Timestamp(0).rfc3339(), "1970-01-01T00:00:00Z");
}

#[wasm_bindgen_test]
fn certificate_check_runs_in_the_browser_with_the_browser_clock() {
    use mdm_link::domain::certificate::{check_file, Verdict};
    let der = include_bytes!("examples/rsa2048.der");
    let file = check_file(der, browser::now()).expect("a certificate");
    assert_eq!(file.certificates.len(), 1);
    let report = &file.certificates[0];
    assert_eq!(report.verdict(), Verdict::Usable);
    let expected = include_str!("examples/rsa2048.sha256.txt");
    assert!(
        expected.trim().ends_with(&report.sha256_hex),
        "{expected} vs {}",
        report.sha256_hex
    );
    let key = include_bytes!("examples/key-pkcs1.der");
    let error = check_file(key, browser::now()).expect_err("a private key is refused");
    assert_eq!(error.code(), "private-key");
}

#[wasm_bindgen_test]
fn names_are_normalized_by_the_browser_in_the_wasm_build() {
    use mdm_link::domain::server_name::ServerName;
    browser::install_edges();
    // Full-width letters are the reserved name after NFKC: the browser's tables must be in use.
    assert!(ServerName::parse_standalone("Ｕｎａｓｓｉｇｎｅｄ").is_err());
    // Precomposed and decomposed "é" are the same name.
    let first = ServerName::parse_standalone("Caf\u{e9} iPads").expect("a valid name");
    assert!(ServerName::parse("Cafe\u{301} iPads", [&first]).is_err());
    assert!(ServerName::parse_standalone("Building 4 – Room 12").is_ok());
}

#[wasm_bindgen_test]
fn storage_edge_round_trips_the_organization_through_local_storage() {
    use mdm_link::domain::organization::Organization;
    use mdm_link::domain::persistence::{decode, encode, STORAGE_KEY};
    use mdm_link::ui::storage;
    browser::install_edges();
    let local = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage in the test browser");
    let _ = local.remove_item(STORAGE_KEY);
    assert_eq!(
        storage::read(),
        Ok(None),
        "nothing stored means first launch"
    );
    let mut org = Organization::new_first_launch(browser::now());
    org.rename_organization("Acme Schools", browser::now())
        .expect("an Administrator may rename");
    storage::write(&encode(&org)).expect("saved");
    let stored = storage::read().expect("readable").expect("present");
    assert_eq!(decode(&stored).expect("decodes"), org);
    let _ = local.remove_item(STORAGE_KEY);
}
