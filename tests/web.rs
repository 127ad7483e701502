//! wasm-bindgen tests: the core and the browser edges inside headless Chromium.
#![cfg(target_arch = "wasm32")]

use mdm_link::domain::time::Timestamp;
use mdm_link::ui::edges::{clock, normalizer, storage};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn clock_edge_reads_the_browser_clock_in_milliseconds() {
    let before = js_sys::Date::now() as i64;
    let now = clock::now();
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
    let file = check_file(der, clock::now()).expect("a certificate");
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
    let error = check_file(key, clock::now()).expect_err("a private key is refused");
    assert_eq!(error.code(), "private-key");
}

#[wasm_bindgen_test]
fn names_are_normalized_by_the_browser_in_the_wasm_build() {
    use mdm_link::domain::server_name::ServerName;
    normalizer::install();
    // Full-width letters are the reserved name after NFKC: the browser's tables must be in use.
    assert!(ServerName::parse_standalone("Ｕｎａｓｓｉｇｎｅｄ").is_err());
    // Precomposed and decomposed "é" are the same name.
    let first = ServerName::parse_standalone("Caf\u{e9} iPads").expect("a valid name");
    assert!(ServerName::parse("Cafe\u{301} iPads", [&first]).is_err());
    assert!(ServerName::parse_standalone("Building 4 – Room 12").is_ok());
    // Case folding is the browser's Unicode toLowerCase, not ASCII only.
    let ecole = ServerName::parse_standalone("école Paris").expect("a valid name");
    assert!(ServerName::parse("ÉCOLE PARIS", [&ecole]).is_err());
    let greek = ServerName::parse_standalone("ΟΔΟΣ").expect("a valid name");
    assert!(ServerName::parse("οδος", [&greek]).is_err());
    assert_eq!(mdm_link::domain::unicode::uppercase("straße"), "STRASSE");
}

#[wasm_bindgen_test]
fn storage_edge_round_trips_text_under_the_apps_keys() {
    normalizer::install();
    let local = storage::open().expect("local storage in the test browser");
    let key = "mdm-link.web-test";
    local.remove(key);
    assert_eq!(local.get(key), Ok(None), "nothing stored");
    local.set(key, "Acme Schools – ü").expect("saved");
    assert_eq!(local.get(key), Ok(Some("Acme Schools – ü".to_string())));
    assert!(local
        .app_keys()
        .iter()
        .any(|(k, units)| k == key && *units == 16));
    local.remove(key);
    assert_eq!(local.get(key), Ok(None));
}

/// The IndexedDB edge: a transaction's writes land together when it commits, an aborted one
/// writes nothing, and a read inside a transaction sees what the last commit left.
#[wasm_bindgen_test]
async fn indexeddb_edge_commits_all_or_nothing() {
    use mdm_link::ui::edges::idb::{database, Transaction};
    let db = database().await.expect("IndexedDB in the test browser");
    let clean = Transaction::begin(&db, true).unwrap();
    for key in clean.keys().await.unwrap() {
        clean.delete(&key).unwrap();
    }
    clean.commit().await.expect("cleared");

    let write = Transaction::begin(&db, true).unwrap();
    assert_eq!(write.get("mdm-link.state").await, Ok(None));
    write.put("mdm-link.state", "root – ü").unwrap();
    write.put("mdm-link.certificate.ab", "blob").unwrap();
    write.commit().await.expect("committed");

    let aborted = Transaction::begin(&db, true).unwrap();
    assert_eq!(
        aborted.get("mdm-link.state").await,
        Ok(Some("root – ü".to_string()))
    );
    aborted.put("mdm-link.state", "never stored").unwrap();
    aborted.delete("mdm-link.certificate.ab").unwrap();
    aborted.abort();

    let read = Transaction::begin(&db, false).unwrap();
    let mut entries = read.entries().await.unwrap();
    entries.sort();
    assert_eq!(
        entries,
        vec![
            ("mdm-link.certificate.ab".to_string(), "blob".to_string()),
            ("mdm-link.state".to_string(), "root – ü".to_string()),
        ]
    );
}

/// Two commands dispatched one after the other, with no render between them, both take
/// effect: each `Action::Run` is applied by the reducer to the state the previous one left, not
/// to a copy a view took before.
#[wasm_bindgen_test]
fn two_commands_in_one_event_both_apply_to_the_newest_state() {
    use std::cell::RefCell;
    use std::rc::Rc;

    use mdm_link::domain::organization::{Command, DeviceType, Organization, StoredCertificate};
    use mdm_link::ui::state::{Action, AppState, StorageHealth};
    use yew::Reducible;

    normalizer::install();
    let now = clock::now();
    let file =
        mdm_link::domain::certificate::check_file(include_bytes!("examples/rsa2048.der"), now)
            .expect("a certificate");
    let certificate = StoredCertificate::from_checked_file(&file).expect("accepted");
    let mut org = Organization::new_first_launch(now);
    let add = |name: &str| Command::AddServer {
        name: name.into(),
        certificate: certificate.clone(),
        allow_release_devices: false,
    };
    org.apply(&add("Cupertino iPads"), now).unwrap();
    org.apply(&add("Lab Macs"), now).unwrap();
    let (ipads, macs) = (org.servers()[0].id, org.servers()[1].id);
    let state = Rc::new(AppState::new(org, StorageHealth::Ok, now));
    let run = |state: Rc<AppState>, command| {
        let reply = Rc::new(RefCell::new(None));
        let next = state.reduce(Action::Run {
            command,
            reply: reply.clone(),
        });
        (next, reply.take().expect("the reducer answered"))
    };
    let (state, first) = run(
        state,
        Command::SetDefault {
            device_type: DeviceType::IPad,
            server: Some(ipads),
        },
    );
    let (state, second) = run(
        state,
        Command::SetDefault {
            device_type: DeviceType::Mac,
            server: Some(macs),
        },
    );
    assert!(first.is_ok() && second.is_ok());
    assert_eq!(state.org.default_for(DeviceType::IPad), Some(ipads));
    assert_eq!(state.org.default_for(DeviceType::Mac), Some(macs));
    assert_eq!(state.revision, 2);
    // A refused command changes nothing and says why.
    let (after, refused) = run(
        state.clone(),
        Command::RenameServer {
            id: macs,
            from: "Lab Macs".into(),
            name: "Cupertino IPADS".into(),
        },
    );
    assert!(refused.is_err());
    assert!(Rc::ptr_eq(&after, &state));
}

/// Every route survives the trip to its address and back, and odd addresses land where the
/// previous router sent them.
#[wasm_bindgen_test]
fn routes_round_trip_through_their_addresses() {
    use mdm_link::ui::routes::Route;
    let all = [
        Route::Home,
        Route::CertificateCheck,
        Route::Preferences,
        Route::MdmServers,
        Route::AddMdmServer,
        Route::MdmServer { id: 0 },
        Route::MdmServer { id: 42 },
        Route::MdmServer { id: u64::MAX },
        Route::Organization,
        Route::Users,
        Route::Activity,
        Route::Vendors,
        Route::NotFound,
    ];
    for route in all {
        let href = route.href();
        assert!(href.starts_with("#/"), "{href}");
        assert_eq!(Route::recognize(&href[1..]), route, "{href}");
    }
    for (path, route) in [
        ("", Route::Home),
        ("/users/", Route::Users),
        ("/activity?filter=x", Route::Activity),
        ("/vendors", Route::Vendors),
        ("/preferences/mdm-servers/7/", Route::MdmServer { id: 7 }),
        ("/preferences/mdm-servers/new", Route::AddMdmServer),
        ("/preferences/mdm-servers/-1", Route::NotFound),
        (
            "/preferences/mdm-servers/18446744073709551616",
            Route::NotFound,
        ),
        ("/preferences/mdm-servers/3x", Route::NotFound),
        ("/Users", Route::NotFound),
        ("/nowhere", Route::NotFound),
    ] {
        assert_eq!(Route::recognize(path), route, "{path:?}");
    }
    assert_eq!(Route::Home.redirect(), Some(Route::CertificateCheck));
    assert_eq!(Route::Preferences.redirect(), Some(Route::MdmServers));
    assert_eq!(Route::Users.redirect(), None);
}
