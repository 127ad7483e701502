//! Hostile input, as a table (issue 12): names and certificate fields with markup, right-to-left
//! overrides, NUL bytes, 10,000 characters and invalid UTF-8, through every place the core
//! turns them into something shown or saved: the name rules, the certificate's subject as
//! displayed, the activity CSV, the calendar file, the token file name, and storage (a reload).
//! Each is either refused with its specific reason, changing nothing, or kept literally (markup
//! stays text; invisible and direction-changing characters are made visible, never obeyed).
//! The views show these same strings as text nodes (Yew never parses them as markup):
//! tests/e2e/hostile-input.test.mjs checks that in the browser.

use std::collections::HashMap;

use der::{Decode, Encode};
use mdm_link::domain::activity::activity_csv;
use mdm_link::domain::calendar::expiry_reminders_ics;
use mdm_link::domain::certificate::check_file;
use mdm_link::domain::organization::{OrgError, Organization, StoredCertificate};
use mdm_link::domain::persistence::{layout, load, StoredMeta};
use mdm_link::domain::server_name::{ServerName, ServerNameError};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::token_file_name;
use mdm_link::domain::users::Role;
use x509_cert::name::Name;
use x509_cert::Certificate;

const T0: Timestamp = Timestamp(1_767_225_600_000);

/// The hostile values, as bytes (one is not UTF-8), with what a typed name of it must become.
struct Case {
    what: &'static str,
    bytes: Vec<u8>,
    /// `Ok(shown)`: a typed name is kept as `shown`; `Err(())`: refused with a specific reason.
    as_name: Result<String, ()>,
}

fn cases() -> Vec<Case> {
    let long: String = "Ab".repeat(5_000);
    vec![
        Case {
            what: "markup",
            bytes: b"<script>alert(1)</script><img src=x onerror=alert(2)> & \"q\" 'a'".to_vec(),
            as_name: Ok("<script>alert(1)</script><img src=x onerror=alert(2)> & \"q\" 'a'".into()),
        },
        Case {
            what: "RTL override",
            bytes: "Invoice \u{202E}gpj.exe".as_bytes().to_vec(),
            as_name: Err(()),
        },
        Case {
            what: "RTL isolate",
            bytes: "a\u{2067}b\u{2069}c".as_bytes().to_vec(),
            as_name: Err(()),
        },
        Case {
            what: "NUL",
            bytes: b"before\0after".to_vec(),
            as_name: Err(()),
        },
        Case {
            what: "10,000 characters",
            bytes: long.clone().into_bytes(),
            as_name: Err(()),
        },
        // A name read from a file: the browser's and Rust's decoders both make U+FFFD of it.
        Case {
            what: "invalid UTF-8",
            bytes: b"caf\xc3 \xff\xfe name".to_vec(),
            as_name: Ok("caf\u{FFFD} \u{FFFD}\u{FFFD} name".into()),
        },
        Case {
            what: "formula",
            bytes: b"=HYPERLINK(\"http://x\",\"y\")".to_vec(),
            as_name: Ok("=HYPERLINK(\"http://x\",\"y\")".into()),
        },
    ]
}

fn text(case: &Case) -> String {
    String::from_utf8_lossy(&case.bytes).into_owned()
}

/// Characters that must never reach a display, a file or a file name as themselves: controls
/// and the bidirectional embeddings, overrides and isolates (they reorder what follows).
fn is_dangerous(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `rsa2048.der` with its subject replaced by one CN and one O whose UTF8String holds `value`
/// byte for byte (invalid UTF-8 included). The signature no longer matches, which the check
/// does not require of an MDM server's self-signed certificate.
fn certificate_with_subject(value: &[u8]) -> Vec<u8> {
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = content.len();
        if n < 0x80 {
            out.push(n as u8);
        } else {
            let bytes: Vec<u8> = n
                .to_be_bytes()
                .into_iter()
                .skip_while(|&b| b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend_from_slice(content);
        out
    }
    let atv = |oid_last: u8| {
        tlv(
            0x31,
            &tlv(
                0x30,
                &[&tlv(0x06, &[0x55, 0x04, oid_last])[..], &tlv(0x0c, value)].concat(),
            ),
        )
    };
    let name = tlv(0x30, &[atv(10), atv(3)].concat());
    let der = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/examples/rsa2048.der"
    ))
    .unwrap();
    let mut cert = Certificate::from_der(&der).unwrap();
    cert.tbs_certificate.subject = Name::from_der(&name).unwrap();
    cert.to_der().unwrap()
}

/// RFC 4514's escaping of the characters it reserves, as the check displays a name.
fn rfc4514(s: &str) -> String {
    s.chars().fold(String::new(), |mut out, c| {
        if matches!(c, '"' | '+' | ',' | ';' | '\\') {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

#[test]
fn typed_names_are_kept_literally_or_refused_with_their_reason() {
    for case in cases() {
        let typed = text(&case);
        let server = ServerName::parse(&typed, std::iter::empty::<&ServerName>());
        let mut org = Organization::new_first_launch(T0);
        let before = org.clone();
        let person = org.add_user(&typed, "p@acme.example", Role::Staff, T0);
        let renamed = org.rename_organization(&typed, T0);
        match &case.as_name {
            Ok(shown) => {
                assert_eq!(
                    server
                        .as_ref()
                        .map(|n| n.as_str().to_owned())
                        .ok()
                        .as_deref(),
                    Some(shown.as_str()),
                    "{}: server name",
                    case.what
                );
                assert!(person.is_ok(), "{}: person name", case.what);
                assert!(renamed.is_ok(), "{}: organization name", case.what);
                assert_eq!(org.name(), shown.as_str(), "{}", case.what);
            }
            Err(()) => {
                let error = server.expect_err(case.what);
                assert!(
                    !matches!(error, ServerNameError::Empty),
                    "{}: a specific reason, got {error:?}",
                    case.what
                );
                assert!(!error.to_string().is_empty());
                assert!(
                    matches!(person, Err(OrgError::User(_))),
                    "{}: person refused: {person:?}",
                    case.what
                );
                assert!(renamed.is_err(), "{}: organization name refused", case.what);
                assert_eq!(org, before, "{}: a refused name changes nothing", case.what);
            }
        }
    }
}

#[test]
fn certificate_fields_show_literally_and_safely_and_survive_a_reload() {
    for case in cases() {
        let der = certificate_with_subject(&case.bytes);
        let checked = check_file(&der, T0).unwrap_or_else(|e| panic!("{}: {e}", case.what));
        let report = &checked.certificates[0];
        let subject = &report.subject;
        assert!(
            !subject.chars().any(is_dangerous),
            "{}: the subject as shown has no raw control or direction character: {subject:?}",
            case.what
        );
        match case.what {
            "markup" | "formula" => assert!(
                subject.contains(&rfc4514(&text(&case))),
                "{}: kept literally: {subject}",
                case.what
            ),
            "invalid UTF-8" => assert!(subject.contains("caf\u{FFFD}"), "{subject}"),
            "NUL" => assert!(subject.contains("before\\00after"), "{subject}"),
            "RTL override" => assert!(subject.contains("Invoice \\E2\\80\\AEgpj.exe"), "{subject}"),
            "RTL isolate" => assert!(subject.contains("a\\E2\\81\\A7b\\E2\\81\\A9c"), "{subject}"),
            "10,000 characters" => assert!(
                subject.contains(&"Ab".repeat(5_000)),
                "all 10,000 characters are shown"
            ),
            other => unreachable!("{other}"),
        }

        // Stored with a server (when the check lets it be one) and read back after a "reload".
        let Ok(stored) = StoredCertificate::from_checked_file(&checked) else {
            continue;
        };
        let mut org = Organization::new_first_launch(T0);
        org.add_server("Hostile", stored, false, T0).unwrap();
        let saved = layout::write(&org, 1, &StoredMeta::default(), 0, &Default::default());
        let blobs: HashMap<String, String> = saved
            .blobs
            .iter()
            .map(|b| (b.key.clone(), b.value()))
            .collect();
        let reloaded = load(Some(&saved.root), |k| blobs.get(k).cloned())
            .unwrap()
            .unwrap()
            .org;
        assert_eq!(
            reloaded, org,
            "{}: a reload gives back the same organization",
            case.what
        );
        assert_eq!(
            reloaded.servers()[0].certificate.subject,
            *subject,
            "{}: the same subject after a reload",
            case.what
        );
    }
}

/// Splits one RFC 4180 record (no line breaks inside fields here).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if field.is_empty() => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn accepted_names_reach_the_csv_the_calendar_file_and_the_token_file_name_safely() {
    for case in cases().into_iter().filter(|c| c.as_name.is_ok()) {
        let name = case.as_name.clone().unwrap();
        let mut org = Organization::new_first_launch(T0);
        org.rename_organization(&name, T0).unwrap();

        // CSV: the field reads back as the name (a formula gets the leading ' guard).
        let csv = activity_csv(org.activity());
        let fields: Vec<String> = csv.split("\r\n").skip(1).flat_map(csv_fields).collect();
        let expected = if name.starts_with('=') {
            format!("'{name}")
        } else {
            name.clone()
        };
        assert!(fields.contains(&expected), "{}: {fields:?}", case.what);

        // .ics: folded at 75 octets, nothing raw, and unfolding + unescaping gives the name back.
        let ics = expiry_reminders_ics(&name, Timestamp(T0.0 + 40 * 86_400_000), T0, "s1-t1");
        for line in ics.split("\r\n") {
            assert!(
                line.len() <= 75,
                "{}: a line of {} octets",
                case.what,
                line.len()
            );
            assert!(!line.chars().any(is_dangerous), "{}: {line:?}", case.what);
        }
        let unfolded = ics.replace("\r\n ", "");
        let summary = unfolded
            .lines()
            .find(|l| l.starts_with("SUMMARY:"))
            .unwrap();
        let unescaped = summary
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\\\", "\\");
        assert_eq!(
            unescaped,
            format!("SUMMARY:Renew MDM server token: {name}"),
            "{}",
            case.what
        );

        // Token file name: one safe file name on every desktop system.
        let file = token_file_name(&name, T0);
        assert!(file.len() <= 255 && file.ends_with("_smime.p7m"), "{file}");
        assert!(
            !file
                .chars()
                .any(|c| is_dangerous(c) || "<>:\"/\\|?*".contains(c)),
            "{}: {file:?}",
            case.what
        );
    }
    // Names that are refused never reach these files; the file name is still safe if one did.
    for case in cases().into_iter().filter(|c| c.as_name.is_err()) {
        let file = token_file_name(&text(&case), T0);
        assert!(
            file.len() <= 255 && !file.chars().any(is_dangerous),
            "{}: {file:?}",
            case.what
        );
    }
}

/// The certificate files `tests/e2e/hostile-input.test.mjs` uploads: one per hostile value
/// except the formula, with its CN and O set to it (`certificate_with_subject`).
fn hostile_vectors() -> Vec<(String, Vec<u8>)> {
    let file = |what: &str| {
        let stem: String = what
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        format!("{}.der", stem.replace("10-000-characters", "long"))
    };
    cases()
        .into_iter()
        .filter(|c| c.what != "formula")
        .map(|c| (file(c.what), certificate_with_subject(&c.bytes)))
        .collect()
}

#[test]
fn the_committed_hostile_certificates_are_what_the_table_makes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples/hostile");
    if std::env::var_os("WRITE_HOSTILE_VECTORS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, der) in hostile_vectors() {
            std::fs::write(dir.join(name), der).unwrap();
        }
    }
    for (name, der) in hostile_vectors() {
        let committed = std::fs::read(dir.join(&name)).unwrap_or_else(|e| {
            panic!(
                "{name}: {e} (WRITE_HOSTILE_VECTORS=1 cargo test --test hostile_input writes them)"
            )
        });
        assert_eq!(committed, der, "{name} is what the table makes");
    }
}
