//! Token download names: Apple's pattern, and safe on Windows, macOS and Linux for any name.

use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::file_name::{is_reserved_stem, sanitize_server_name};
use mdm_link::domain::token::token_file_name;

/// 2025-01-17T11:02:21.803Z, when Apple issued its real token.
const NOW: Timestamp = Timestamp(1_737_111_741_803);
const SUFFIX: &str = "_Token_2025-01-17T11-02-21Z_smime.p7m";

/// An independent statement of the rules, checked on every generated name.
fn assert_portable(name: &str) {
    assert!(name.len() <= 255, "too long ({} bytes): {name}", name.len());
    assert!(name.ends_with(SUFFIX), "{name}");
    assert!(!name.starts_with('.') && !name.starts_with(' '), "{name:?}");
    for c in name.chars() {
        assert!(!c.is_control(), "control char in {name:?}");
        assert!(!"<>:\"/\\|?*".contains(c), "forbidden {c:?} in {name:?}");
    }
    let stem = name
        .split('.')
        .next()
        .unwrap()
        .trim_end()
        .to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"]
        .iter()
        .map(|s| s.to_string())
        .chain((0..10).flat_map(|i| [format!("COM{i}"), format!("LPT{i}")]))
        .collect::<Vec<_>>();
    assert!(!reserved.contains(&stem), "reserved stem in {name:?}");
    assert!(name.len() > SUFFIX.len(), "empty server part in {name:?}");
}

#[test]
fn names_follow_apples_pattern_and_the_rules() {
    let long_a = "a".repeat(300);
    let emoji_100 = "🚀".repeat(100); // 400 bytes
    let cases: Vec<(&str, String)> = vec![
        ("Fleet Prod", "Fleet Prod".into()),
        ("Jamf <Pro>: \"main\"", "Jamf _Pro__ _main_".into()),
        ("a/b\\c|d?e*f", "a_b_c_d_e_f".into()),
        (
            "tab\there\nnewline\u{7f}del\u{85}nel",
            "tab_here_newline_del_nel".into(),
        ),
        ("  trailing dots...  ", "trailing dots".into()),
        ("...hidden", "hidden".into()),
        ("CON", "CON_".into()),
        ("con", "con_".into()),
        ("Nul.server", "Nul_.server".into()),
        ("com1", "com1_".into()),
        ("LPT9.tar.gz", "LPT9_.tar.gz".into()),
        ("COM¹", "COM¹_".into()),
        ("CONSOLE", "CONSOLE".into()),
        ("AUX .x", "AUX _.x".into()),
        ("", "MDM_Server".into()),
        ("   ", "MDM_Server".into()),
        ("...", "MDM_Server".into()),
        ("evil\u{202E}gpj.exe", "evil_gpj.exe".into()),
        ("Café", "Café".into()),
        ("Cafe\u{301}", "Café".into()), // NFC
        ("Schule 🏫 Nord", "Schule 🏫 Nord".into()),
        ("東京サーバー", "東京サーバー".into()),
        (&long_a, "a".repeat(218)),
        (&emoji_100, "🚀".repeat(54)), // 216 bytes; a 55th would need 220 > 218
    ];
    for (input, server_part) in cases {
        let name = token_file_name(input, NOW);
        assert_eq!(name, format!("{server_part}{SUFFIX}"), "input {input:?}");
        assert_portable(&name);
    }
}

#[test]
fn every_forbidden_and_control_character_is_replaced() {
    let mut all: Vec<char> = "<>:\"/\\|?*".chars().collect();
    all.extend((0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32));
    for c in all {
        let name = token_file_name(&format!("x{c}y"), NOW);
        assert_eq!(name, format!("x_y{SUFFIX}"), "char U+{:04X}", c as u32);
    }
}

#[test]
fn truncation_never_splits_a_character_and_ends_cleanly() {
    // Fill right up to the boundary with every combination of 1-4 byte characters.
    for pad in 0..4 {
        for ch in ["a", "é", "€", "🚀", "👩‍💻"] {
            let input = format!("{}{}", "b".repeat(pad), ch.repeat(120));
            let name = token_file_name(&input, NOW);
            assert_portable(&name);
            assert!(!name.contains("\u{200D}_Token"), "dangling ZWJ: {name}");
        }
        // A dot or space landing at the cut is trimmed.
        let input = format!("{}{}", "c".repeat(217 - pad), ". . . . tail");
        let name = token_file_name(&input, NOW);
        assert_portable(&name);
        assert!(
            !name.contains("._Token") && !name.contains(" _Token"),
            "{name}"
        );
    }
}

#[test]
fn every_valid_server_name_gives_a_portable_file_name() {
    // Pseudo-random names from a small deterministic generator over tricky characters.
    let alphabet: Vec<char> = "aZ9 .-_<>:\"/\\|?*\u{0}\u{1f}\u{7f}é€🚀\u{200D}\u{202E}\u{301}ſK"
        .chars()
        .collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 101) as usize;
        let name: String = (0..len)
            .map(|i| alphabet[((state >> (i % 50)) as usize + i * 7) % alphabet.len()])
            .collect();
        assert_portable(&token_file_name(&name, NOW));
    }
    for reserved in [
        "con", "PRN", "aux.", "nul.txt", "Com7", "lpt0", "LPT³.x", "con  .a",
    ] {
        assert_portable(&token_file_name(reserved, NOW));
    }
}

#[test]
fn the_time_is_utc_with_hyphens() {
    let cases = [
        (Timestamp(0), "S_Token_1970-01-01T00-00-00Z_smime.p7m"),
        (
            Timestamp(1_709_164_800_000),
            "S_Token_2024-02-29T00-00-00Z_smime.p7m",
        ),
        (
            Timestamp(1_767_225_599_999),
            "S_Token_2025-12-31T23-59-59Z_smime.p7m",
        ),
    ];
    for (t, expected) in cases {
        assert_eq!(token_file_name("S", t), expected);
    }
}

#[test]
fn sanitizer_respects_tiny_budgets_and_reserved_detection() {
    assert_eq!(sanitize_server_name("Server", 3), "Ser");
    assert_eq!(sanitize_server_name("", 4), "MDM_");
    assert_eq!(sanitize_server_name("CON", 3), "MDM");
    assert_eq!(sanitize_server_name("x", 0), "");
    assert!(is_reserved_stem("nul.txt"));
    assert!(is_reserved_stem("COM1 "));
    assert!(!is_reserved_stem("COM10"));
    assert!(!is_reserved_stem("CONSOLE"));
}
