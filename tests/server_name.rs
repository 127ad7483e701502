//! Every server-name rule, table-driven.
use mdm_link::domain::server_name::{ServerName, ServerNameError};

fn names(list: &[&str]) -> Vec<ServerName> {
    list.iter()
        .map(|n| ServerName::parse_standalone(n).expect("fixture name is valid"))
        .collect()
}

#[test]
fn accepted_names_are_trimmed_and_kept() {
    let cases = [
        ("Building 4 – Room 12", "Building 4 – Room 12"),
        ("Cupertino iPads", "Cupertino iPads"),
        ("  Cupertino iPads\u{3000}", "Cupertino iPads"),
        ("\u{00A0}Jamf Pro\t", "Jamf Pro"),
        ("Unassigned devices", "Unassigned devices"),
        ("Reassigned-2", "Reassigned-2"),
        ("מכשירי אייפד", "מכשירי אייפד"),
        ("Café\u{200D}☕", "Café\u{200D}☕"),
        ("Cafe\u{0301}", "Café"), // stored NFC
    ];
    for (input, shown) in cases {
        let name = ServerName::parse(input, &names(&["Other"]))
            .unwrap_or_else(|e| panic!("{input:?} refused: {e}"));
        assert_eq!(name.as_str(), shown, "{input:?}");
    }
}

#[test]
fn reserved_names_in_any_case_spacing_width_or_normalization() {
    let cases = [
        ("Unassigned", "Unassigned"),
        ("unassigned", "Unassigned"),
        ("UNASSIGNED", "Unassigned"),
        ("  Unassigned\n", "Unassigned"),
        ("Ｕｎａｓｓｉｇｎｅｄ", "Unassigned"),
        ("ＵＮＡＳＳＩＧＮＥＤ", "Unassigned"),
        ("Un\u{200B}assigned", "Unassigned"),
        ("\u{FEFF}Unassigned", "Unassigned"),
        ("Reassigned", "Reassigned"),
        (" Reassigned ", "Reassigned"),
        ("reASSIGNED", "Reassigned"),
        ("Ｒｅａｓｓｉｇｎｅｄ", "Reassigned"),
    ];
    for (input, reserved) in cases {
        assert_eq!(
            ServerName::parse_standalone(input),
            Err(ServerNameError::Reserved { reserved }),
            "{input:?}"
        );
    }
    let msg = ServerName::parse_standalone("UNASSIGNED")
        .unwrap_err()
        .to_string();
    assert_eq!(
        msg,
        "The name “Unassigned” is reserved by Apple Business Manager; choose another."
    );
}

#[test]
fn duplicates_by_case_normalization_width_and_spacing() {
    let existing = names(&["Cupertino iPads", "Café Macs", "Straße", "Jamf  Pro"]);
    let cases = [
        ("cupertino ipads", "Cupertino iPads"),
        ("CUPERTINO IPADS", "Cupertino iPads"),
        ("Cupertino  iPads", "Cupertino iPads"),
        ("Ｃｕｐｅｒｔｉｎｏ iPads", "Cupertino iPads"),
        ("Cafe\u{0301} Macs", "Café Macs"),
        ("café macs", "Café Macs"),
        ("STRASSE", "Straße"),
        ("jamf pro", "Jamf  Pro"),
    ];
    for (input, existing_name) in cases {
        assert_eq!(
            ServerName::parse(input, &existing),
            Err(ServerNameError::Duplicate {
                existing: existing_name.to_string()
            }),
            "{input:?}"
        );
    }
    // Precomposed vs decomposed in the other direction.
    let decomposed = names(&["e\u{0301}cole"]);
    assert!(matches!(
        ServerName::parse("\u{00E9}cole", &decomposed),
        Err(ServerNameError::Duplicate { .. })
    ));
    // Distinct names pass.
    assert!(ServerName::parse("Cupertino iPhones", &existing).is_ok());
}

#[test]
fn length_limit_is_100_scalar_values_after_trim_and_nfc() {
    let hundred = "a".repeat(100);
    assert!(ServerName::parse_standalone(&hundred).is_ok());
    assert!(ServerName::parse_standalone(&format!("  {hundred}  ")).is_ok());
    let accented = "e\u{0301}".repeat(100); // 200 scalars typed, 100 after NFC
    assert!(ServerName::parse_standalone(&accented).is_ok());
    let emoji = "🍎".repeat(100);
    assert!(ServerName::parse_standalone(&emoji).is_ok());
    assert_eq!(
        ServerName::parse_standalone(&"a".repeat(101)),
        Err(ServerNameError::TooLong { chars: 101 })
    );
    assert_eq!(
        ServerName::parse_standalone(&"a".repeat(101))
            .unwrap_err()
            .to_string(),
        "The name is 101 characters long; use at most 100."
    );
}

#[test]
fn empty_and_invisible_only_names() {
    for input in [
        "",
        "   ",
        "\u{3000}\u{00A0}",
        "\u{200B}",
        "\u{FEFF} \u{200B}",
    ] {
        assert_eq!(
            ServerName::parse_standalone(input),
            Err(ServerNameError::Empty),
            "{input:?}"
        );
    }
}

#[test]
fn control_and_formatting_characters() {
    let cases = [
        (
            "Jamf\tPro",
            ServerNameError::ControlCharacter { code_point: 9 },
        ),
        (
            "Jamf\u{0}Pro",
            ServerNameError::ControlCharacter { code_point: 0 },
        ),
        (
            "Jamf\u{1B}Pro",
            ServerNameError::ControlCharacter { code_point: 0x1B },
        ),
        (
            "Jamf\u{7F}Pro",
            ServerNameError::ControlCharacter { code_point: 0x7F },
        ),
        (
            "Jamf\u{9F}Pro",
            ServerNameError::ControlCharacter { code_point: 0x9F },
        ),
        ("Jamf\nPro", ServerNameError::LineBreak),
        ("Jamf\r\nPro", ServerNameError::LineBreak),
        ("Jamf\u{2028}Pro", ServerNameError::LineBreak),
        ("Jamf\u{2029}Pro", ServerNameError::LineBreak),
        ("Jamf\u{85}Pro", ServerNameError::LineBreak),
        (
            "Jamf\u{202E}orP",
            ServerNameError::DirectionalFormatting { code_point: 0x202E },
        ),
        (
            "Jamf\u{202A}Pro",
            ServerNameError::DirectionalFormatting { code_point: 0x202A },
        ),
        (
            "Jamf\u{2066}Pro",
            ServerNameError::DirectionalFormatting { code_point: 0x2066 },
        ),
        (
            "Jamf\u{2069}Pro",
            ServerNameError::DirectionalFormatting { code_point: 0x2069 },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(
            ServerName::parse_standalone(input),
            Err(expected),
            "{input:?}"
        );
    }
    assert_eq!(
        ServerName::parse_standalone("a\tb")
            .unwrap_err()
            .to_string(),
        "The name contains an invisible control character (U+0009); remove it."
    );
    // Left-to-right / right-to-left marks are allowed (needed for mixed-direction names).
    assert!(ServerName::parse_standalone("iPads \u{200F}שלום").is_ok());
}

#[test]
fn every_error_has_a_plain_message() {
    let errors = [
        ServerNameError::Empty,
        ServerNameError::TooLong { chars: 120 },
        ServerNameError::LineBreak,
        ServerNameError::ControlCharacter { code_point: 9 },
        ServerNameError::DirectionalFormatting { code_point: 0x202E },
        ServerNameError::Reserved {
            reserved: "Reassigned",
        },
        ServerNameError::Duplicate {
            existing: "Cupertino iPads".into(),
        },
    ];
    for e in errors {
        let m = e.to_string();
        assert!(m.len() > 15 && !m.contains("Error"), "{m}");
    }
}

#[test]
fn serde_round_trip_and_refusal_of_bad_stored_names() {
    let name = ServerName::parse_standalone("Cupertino iPads").unwrap();
    let json = serde_json::to_string(&name).unwrap();
    assert_eq!(json, "\"Cupertino iPads\"");
    assert_eq!(serde_json::from_str::<ServerName>(&json).unwrap(), name);
    assert!(serde_json::from_str::<ServerName>("\"Unassigned\"").is_err());
}

#[test]
fn arbitrary_inputs_never_panic() {
    let mut s = String::new();
    for c in (0u32..0x3000).step_by(7).filter_map(char::from_u32) {
        s.push(c);
        let _ = ServerName::parse_standalone(&s);
        if s.len() > 400 {
            s.clear();
        }
    }
}
