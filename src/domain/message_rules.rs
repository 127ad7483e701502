//! Issue 10, "Messages in an admin's words", for every message the core can give: each error
//! enum's every variant, each finding the check builds outside a certificate's fields, every
//! token status and reminder, with counts 0, 1 and 2 wherever a number is counted. Each must
//! pass [`crate::test_support::sentence_problems`] (a capital first, one full stop last, no
//! `(s)`, "1 day" and "no token records", no raw `Some(`...).
//!
//! Each enum has an `index` function that matches without a wildcard, so a new variant does not
//! compile until it has an index, and then fails [`covers`] until the table has an example of
//! it. Real inputs (every example file and the shared corpora) are in `tests/messages.rs`.

use crate::domain::certificate::file_findings;
use crate::domain::certificate::{InputError, Source};
use crate::domain::ids::{ServerId, UserId};
use crate::domain::organization::{CertificateNotAccepted, DeviceType, OrgError};
use crate::domain::permissions::{can, Permission};
use crate::domain::persistence::backup::{BackupError, Changes};
use crate::domain::persistence::reminder::BackupReminder;
use crate::domain::persistence::LoadError;
use crate::domain::rsa_key::{Field, RsaKeyError};
use crate::domain::server_name::ServerNameError;
use crate::domain::time::Timestamp;
use crate::domain::token::open::OpenError;
use crate::domain::token::status::TokenStatus;
use crate::domain::token::TokenError;
use crate::domain::users::{Role, UserError};
use crate::domain::vendor::test_certificate::{MakeError, Progress};
use crate::domain::vendor::KeyError;
use crate::test_support::{assert_sentences, sentence_problems};
use crate::worker_protocol::ProtocolError;

const T: Timestamp = Timestamp(1_795_000_000_000);

/// Asserts that `samples` hold every index below `n` that `index` gives.
fn covers<E>(what: &str, n: usize, samples: &[E], index: fn(&E) -> usize) {
    let mut seen = vec![false; n];
    for s in samples {
        seen[index(s)] = true;
    }
    let missing: Vec<usize> = (0..n).filter(|i| !seen[*i]).collect();
    assert!(
        missing.is_empty(),
        "{what}: no example of variants {missing:?}"
    );
}

/// For an enum whose `code()` names each variant by its own entry of a `CODES` list (an
/// exhaustive match there, so a new variant needs a new code): fails unless every code has an
/// example among `samples`. The same guarantee as [`covers`] without a second variant table.
fn covers_codes<E>(what: &str, codes: &[&str], samples: &[E], code: fn(&E) -> &'static str) {
    let seen: Vec<&str> = samples.iter().map(code).collect();
    let missing: Vec<&&str> = codes.iter().filter(|c| !seen.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "{what}: no example of codes {missing:?}"
    );
}

/// Checks `samples` rendered by `show`, all at once. With `PRINT_MESSAGES=1` (and
/// `--nocapture`) it prints them, for reading them through as an admin would.
fn check<E>(what: &str, samples: &[E], show: impl Fn(&E) -> Vec<String>) {
    let texts: Vec<(String, String)> = samples
        .iter()
        .flat_map(|s| show(s).into_iter().map(|t| (what.to_string(), t)))
        .collect();
    if std::env::var_os("PRINT_MESSAGES").is_some() {
        for (what, text) in &texts {
            println!("{what}: {text}");
        }
    }
    assert_sentences(texts.iter().map(|(w, t)| (w.clone(), t.as_str())));
}

fn input_index(e: &InputError) -> usize {
    match e {
        InputError::Empty => 0,
        InputError::TooLarge { .. } => 1,
        InputError::CertificateRequest => 2,
        InputError::RevocationList => 3,
        InputError::PublicKeyOnly => 4,
        InputError::Pkcs7Bundle => 5,
        InputError::EncryptedMessage => 6,
        InputError::CmsMessage { .. } => 7,
        InputError::PrivateKey { .. } => 8,
        InputError::Pkcs12 => 9,
        InputError::Image { .. } => 10,
        InputError::Archive { .. } => 11,
        InputError::Pdf => 12,
        InputError::NotCertificateText { .. } => 13,
        InputError::PemUnterminated { .. } => 14,
        InputError::UnsupportedPem { .. } => 15,
        InputError::PemBase64 { .. } => 16,
        InputError::Truncated { .. } => 17,
        InputError::CorruptDer { .. } => 18,
        InputError::NotX509 { .. } => 19,
        InputError::UnrecognisedAsn1 { .. } => 20,
        InputError::UnrecognisedBinary { .. } => 21,
    }
}

fn input_errors() -> Vec<InputError> {
    vec![
        InputError::Empty,
        InputError::TooLarge { bytes: 1 },
        InputError::TooLarge { bytes: 2 << 20 },
        InputError::CertificateRequest,
        InputError::RevocationList,
        InputError::PublicKeyOnly,
        InputError::Pkcs7Bundle,
        InputError::EncryptedMessage,
        InputError::CmsMessage {
            content_type: "signedData".into(),
        },
        InputError::PrivateKey {
            kind: "PKCS#8 private key".into(),
        },
        InputError::Pkcs12,
        InputError::Image { format: "PNG" },
        InputError::Archive { format: "ZIP" },
        InputError::Pdf,
        InputError::NotCertificateText {
            looks_like: "JSON data".into(),
        },
        InputError::PemUnterminated {
            label: "CERTIFICATE".into(),
        },
        InputError::UnsupportedPem {
            label: "SSH2 PUBLIC KEY".into(),
        },
        InputError::PemBase64 {
            label: "CERTIFICATE".into(),
            detail: "line 3 has a character that is not base64".into(),
        },
        InputError::Truncated {
            at: 0,
            expected: 1,
            got: 0,
        },
        InputError::Truncated {
            at: 4,
            expected: 900,
            got: 898,
        },
        InputError::CorruptDer {
            offset: 1,
            detail: "a length of 5 bytes".into(),
        },
        InputError::NotX509 {
            part: "validity dates",
            offset: Some(0),
            detail: "the end date is not a date".into(),
        },
        InputError::NotX509 {
            part: "serial number",
            offset: None,
            detail: "it is empty".into(),
        },
        InputError::UnrecognisedAsn1 {
            outline: "SEQUENCE { INTEGER, OCTET STRING }".into(),
        },
        InputError::UnrecognisedBinary {
            first_bytes: "00 01 02".into(),
        },
    ]
}

#[test]
fn every_refusal_of_a_file_or_a_pasted_text_is_a_sentence() {
    let errors = input_errors();
    covers("InputError", 22, &errors, input_index);
    check("InputError", &errors, |e| {
        vec![
            e.describe(Source::File),
            e.describe(Source::Pasted),
            e.to_string(),
            // As a finding of a file, or a pasted text, whose other certificates were read.
            file_findings::unreadable_certificate(Source::File, e).message,
            file_findings::unreadable_certificate(Source::Pasted, e).message,
        ]
    });
    // The names of blocks set aside are plain words, never a code.
    for e in &errors {
        let name = e.what_it_is();
        assert!(!name.contains(e.code()), "{name}");
        assert!(name.starts_with("a ") || name.starts_with("an "), "{name}");
    }
}

#[test]
fn the_files_own_findings_are_sentences_with_counts_that_agree() {
    let csr = InputError::CertificateRequest;
    let crl = InputError::RevocationList;
    let mut findings = vec![file_findings::trust_settings_ignored()];
    for source in [Source::File, Source::Pasted] {
        findings.extend([
            file_findings::private_key_in_file(source, "PKCS#8 private key"),
            file_findings::pkcs7_bundle(source),
            file_findings::other_blocks_ignored(source, std::slice::from_ref(&csr)),
            file_findings::other_blocks_ignored(source, &[csr.clone(), csr.clone()]),
            file_findings::other_blocks_ignored(source, &[csr.clone(), crl.clone()]),
            file_findings::other_blocks_ignored(source, &[csr.clone(), crl.clone(), crl.clone()]),
        ]);
        for n in [0, 1, 2, 3] {
            findings.push(file_findings::several_certificates(source, n));
        }
    }
    for n in [1, 2, 100] {
        // The cap is a constant: never 0.
        findings.push(file_findings::bundle_capped(n));
    }
    for n in [0, 1, 2, 3] {
        findings.push(file_findings::trailing_data(n));
        findings.push(file_findings::extra_bytes_in_block(n));
    }
    check("file finding", &findings, |f| vec![f.message.clone()]);
    // What the rules cannot see: the verb agrees with the count too.
    let said = |f: crate::domain::certificate::Finding| f.message;
    assert!(said(file_findings::trailing_data(1)).starts_with("1 byte after the certificate is"));
    // A pasted text is never called a file.
    for source_text in [
        said(file_findings::private_key_in_file(
            Source::Pasted,
            "PKCS#1 RSA private key",
        )),
        said(file_findings::several_certificates(Source::Pasted, 2)),
        said(file_findings::pkcs7_bundle(Source::Pasted)),
    ] {
        assert!(source_text.starts_with("The pasted text "), "{source_text}");
        assert!(!source_text.contains("file"), "{source_text}");
    }
    assert!(
        said(file_findings::extra_bytes_in_block(1)).contains("byte after the certificate; it was")
    );
    assert!(said(file_findings::bundle_capped(1)).contains("first 1 was read"));
    let two_csrs = [
        InputError::CertificateRequest,
        InputError::CertificateRequest,
    ];
    assert!(
        said(file_findings::other_blocks_ignored(Source::File, &two_csrs))
            .contains("2 blocks that are not")
    );
}

fn rsa_index(e: &RsaKeyError) -> usize {
    match e {
        RsaKeyError::UnusedBits { .. } => 0,
        RsaKeyError::NotDer => 1,
        RsaKeyError::NotInteger { .. } => 2,
        RsaKeyError::NotPositive { .. } => 3,
        RsaKeyError::NonMinimal { .. } => 4,
        RsaKeyError::TooShort { .. } => 5,
        RsaKeyError::TooLong { .. } => 6,
        RsaKeyError::EvenModulus => 7,
        RsaKeyError::ExponentTooSmall { .. } => 8,
        RsaKeyError::ExponentEven { .. } => 9,
        RsaKeyError::ExponentTooLarge => 10,
    }
}

fn rsa_errors() -> Vec<RsaKeyError> {
    let mut errors = vec![
        RsaKeyError::NotDer,
        RsaKeyError::EvenModulus,
        RsaKeyError::ExponentTooLarge,
    ];
    for n in [1u8, 2] {
        errors.push(RsaKeyError::UnusedBits { unused: n });
    }
    for field in [Field::Modulus, Field::Exponent] {
        errors.push(RsaKeyError::NotInteger { field });
        errors.push(RsaKeyError::NotPositive { field });
        errors.push(RsaKeyError::NonMinimal { field });
    }
    for bits in [1, 2, 1024] {
        errors.push(RsaKeyError::TooShort { bits });
    }
    errors.push(RsaKeyError::TooLong { bits: 16_392 });
    for e in [1, 2] {
        errors.push(RsaKeyError::ExponentTooSmall { e });
        errors.push(RsaKeyError::ExponentEven { e: e * 2 });
    }
    errors
}

#[test]
fn every_rsa_key_refusal_and_token_error_is_a_sentence() {
    let errors = rsa_errors();
    covers("RsaKeyError", 11, &errors, rsa_index);
    check("RsaKeyError", &errors, |e| vec![e.to_string()]);
    let token = |e: &TokenError| match e {
        TokenError::CertificateUnreadable => 0,
        TokenError::NotRsaKey { .. } => 1,
        TokenError::RsaKey(_) => 2,
        TokenError::ClockOutOfRange => 3,
        TokenError::EncryptionFailed => 4,
        TokenError::EncodingFailed => 5,
    };
    let mut tokens = vec![
        TokenError::CertificateUnreadable,
        TokenError::NotRsaKey {
            algorithm: "id-ecPublicKey".into(),
        },
        TokenError::NotRsaKey {
            algorithm: "Ed25519".into(),
        },
        TokenError::ClockOutOfRange,
        TokenError::EncryptionFailed,
        TokenError::EncodingFailed,
    ];
    tokens.extend(errors.into_iter().map(TokenError::RsaKey));
    covers("TokenError", 6, &tokens, token);
    check("TokenError", &tokens, |e| vec![e.to_string()]);
}

#[test]
fn an_add_form_refusal_is_a_sentence_for_any_count() {
    let refusals: Vec<CertificateNotAccepted> = (0..3)
        .map(|count| CertificateNotAccepted::NotExactlyOne { count })
        .chain((0..3).map(|n| {
            CertificateNotAccepted::NotUsable {
                reasons: (0..n)
                    .map(|i| format!("The certificate has problem {}.", i + 1))
                    .collect(),
            }
        }))
        .collect();
    let index = |e: &CertificateNotAccepted| match e {
        CertificateNotAccepted::NotExactlyOne { .. } => 0,
        CertificateNotAccepted::NotUsable { .. } => 1,
    };
    covers("CertificateNotAccepted", 2, &refusals, index);
    check("CertificateNotAccepted", &refusals, |e| {
        vec![e.to_string(), e.headline().to_string()]
    });
}

fn server_name_errors() -> Vec<ServerNameError> {
    vec![
        ServerNameError::Empty,
        ServerNameError::TooLong { chars: 101 },
        ServerNameError::LineBreak,
        ServerNameError::ControlCharacter { code_point: 9 },
        ServerNameError::DirectionalFormatting { code_point: 0x202E },
        ServerNameError::Reserved {
            reserved: "Unassigned",
        },
        ServerNameError::Duplicate {
            existing: "Cupertino iPads.".into(),
        },
    ]
}

fn user_errors() -> Vec<UserError> {
    vec![
        UserError::NameEmpty,
        UserError::NameTooLong { chars: 201 },
        UserError::NameHasInvisibleCharacter { code_point: 10 },
        UserError::AccountEmpty,
        UserError::AccountTooLong { chars: 321 },
        UserError::AccountHasSpace,
        UserError::AccountNotAnAddress,
        UserError::AccountDomainInvalid,
        UserError::AccountTaken {
            holder: "Ada Lovelace".into(),
        },
    ]
}

fn org_index(e: &OrgError) -> usize {
    match e {
        OrgError::PermissionDenied(_) => 0,
        OrgError::ServerName(_) => 1,
        OrgError::User(_) => 2,
        OrgError::OrganizationNameEmpty => 3,
        OrgError::OrganizationNameTooLong { .. } => 4,
        OrgError::OrganizationNameInvisibleCharacter { .. } => 5,
        OrgError::UnknownUser(_) => 6,
        OrgError::UserHasLeft { .. } => 7,
        OrgError::UnknownServer(_) => 8,
        OrgError::LastAdministrator { .. } => 9,
        OrgError::CannotRemoveYourself => 10,
        OrgError::SameCertificate => 11,
        OrgError::DefaultsNeedReassignment { .. } => 12,
        OrgError::ReassignmentNotNeeded { .. } => 13,
        OrgError::ReassignedTwice { .. } => 14,
        OrgError::ReassignedToDeletedServer { .. } => 15,
        OrgError::TokenCertificateMismatch { .. } => 16,
        OrgError::TokenDownloaderMismatch => 17,
        OrgError::TokenAlreadyRecorded => 18,
        OrgError::ExpiringSoonDaysOutOfRange { .. } => 19,
        OrgError::IdsExhausted => 20,
        OrgError::ArchiveChanged { .. } => 21,
        OrgError::ImportOutdated => 22,
        OrgError::RenamedElsewhere { .. } => 23,
        OrgError::ReadOnly => 24,
        OrgError::Busy => 25,
        OrgError::Inconsistent { .. } => 26,
    }
}

#[test]
fn every_refused_command_says_why_in_a_sentence() {
    let mut errors = vec![
        OrgError::OrganizationNameEmpty,
        OrgError::OrganizationNameTooLong { chars: 201 },
        OrgError::OrganizationNameInvisibleCharacter { code_point: 10 },
        OrgError::UnknownUser(UserId(9)),
        OrgError::UserHasLeft {
            name: "Ada Lovelace".into(),
            left_at: T,
        },
        OrgError::UnknownServer(ServerId(9)),
        OrgError::LastAdministrator {
            name: "Ada Lovelace".into(),
        },
        OrgError::CannotRemoveYourself,
        OrgError::SameCertificate,
        OrgError::TokenCertificateMismatch {
            server: "Lab".into(),
        },
        OrgError::TokenDownloaderMismatch,
        OrgError::TokenAlreadyRecorded,
        OrgError::IdsExhausted,
        OrgError::ImportOutdated,
        OrgError::RenamedElsewhere {
            from: "Lab".into(),
            to: "Lab Macs".into(),
        },
        OrgError::ReadOnly,
        OrgError::Busy,
        OrgError::Inconsistent {
            reason: "the signed-in person is not a current member".into(),
        },
    ];
    for days in [0, 366, 1000] {
        errors.push(OrgError::ExpiringSoonDaysOutOfRange { days });
    }
    for (offered, allowed) in [(0, 1), (1, 0), (2, 500)] {
        errors.push(OrgError::ArchiveChanged { offered, allowed });
    }
    for n in 1..=3 {
        errors.push(OrgError::DefaultsNeedReassignment {
            server: "Lab".into(),
            device_types: DeviceType::ALL[..n].to_vec(),
        });
    }
    for device_type in DeviceType::ALL {
        errors.push(OrgError::ReassignmentNotNeeded { device_type });
        errors.push(OrgError::ReassignedTwice { device_type });
        errors.push(OrgError::ReassignedToDeletedServer { device_type });
    }
    for permission in Permission::ALL {
        for role in Role::ALL {
            if let Err(denied) = can(role, permission) {
                errors.push(OrgError::PermissionDenied(denied));
            }
        }
    }
    errors.extend(server_name_errors().into_iter().map(OrgError::ServerName));
    errors.extend(user_errors().into_iter().map(OrgError::User));
    covers("OrgError", 27, &errors, org_index);
    let server_name = |e: &ServerNameError| match e {
        ServerNameError::Empty => 0,
        ServerNameError::TooLong { .. } => 1,
        ServerNameError::LineBreak => 2,
        ServerNameError::ControlCharacter { .. } => 3,
        ServerNameError::DirectionalFormatting { .. } => 4,
        ServerNameError::Reserved { .. } => 5,
        ServerNameError::Duplicate { .. } => 6,
    };
    covers("ServerNameError", 7, &server_name_errors(), server_name);
    let user = |e: &UserError| match e {
        UserError::NameEmpty => 0,
        UserError::NameTooLong { .. } => 1,
        UserError::NameHasInvisibleCharacter { .. } => 2,
        UserError::AccountEmpty => 3,
        UserError::AccountTooLong { .. } => 4,
        UserError::AccountHasSpace => 5,
        UserError::AccountNotAnAddress => 6,
        UserError::AccountDomainInvalid => 7,
        UserError::AccountTaken { .. } => 8,
    };
    covers("UserError", 9, &user_errors(), user);
    check("OrgError", &errors, |e| vec![e.to_string()]);
}

fn load_index(e: &LoadError) -> usize {
    match e {
        LoadError::NotJson { .. } => 0,
        LoadError::SchemaMissing => 1,
        LoadError::SchemaInvalid { .. } => 2,
        LoadError::NewerSchema { .. } => 3,
        LoadError::Invalid { .. } => 4,
        LoadError::MissingBlob { .. } => 5,
        LoadError::DamagedBlob { .. } => 6,
        LoadError::RootWithoutBlobs => 7,
        LoadError::NeedsUpgrade { .. } => 8,
        LoadError::Unreadable { .. } => 9,
        LoadError::MigrationFailed { .. } => 10,
    }
}

fn load_errors() -> Vec<LoadError> {
    vec![
        LoadError::NotJson {
            line: 1,
            column: 2,
            message: "EOF while parsing an object".into(),
        },
        LoadError::SchemaMissing,
        LoadError::SchemaInvalid {
            found: "\"four\"".into(),
        },
        LoadError::NewerSchema { found: 5 },
        LoadError::Invalid {
            schema: 4,
            message: "missing field `servers`".into(),
        },
        LoadError::MissingBlob {
            key: "mdm-link.certificate.ab12".into(),
            what: "the certificate of “Lab”".into(),
        },
        LoadError::DamagedBlob {
            key: "mdm-link.activity.0".into(),
            message: "it is not JSON".into(),
        },
        LoadError::RootWithoutBlobs,
        LoadError::NeedsUpgrade { schema: 3 },
        LoadError::Unreadable {
            reason: "The background worker stopped. Reload the page and try again.".into(),
        },
        LoadError::MigrationFailed {
            from: 2,
            to: 3,
            reason: "no upgrade step is known".into(),
        },
    ]
}

#[test]
fn every_storage_and_backup_refusal_is_a_sentence() {
    let loads = load_errors();
    covers("LoadError", 11, &loads, load_index);
    check("LoadError", &loads, |e| vec![e.to_string()]);
    let backup = |e: &BackupError| match e {
        BackupError::TooLarge { .. } => 0,
        BackupError::NotJson { .. } => 1,
        BackupError::NotABackup => 2,
        BackupError::NewerVersion { .. } => 3,
        BackupError::Organization(_) => 4,
        BackupError::Certificate { .. } => 5,
    };
    let mut backups = vec![
        BackupError::TooLarge { bytes: 17 << 20 },
        BackupError::NotJson {
            line: 1,
            column: 1,
            message: "expected value".into(),
        },
        BackupError::NotABackup,
        BackupError::NewerVersion { found: 2 },
        BackupError::Certificate {
            server: "Lab".into(),
            position: 1,
            reason: "is not valid base64, so the file was damaged or edited.".into(),
        },
    ];
    backups.extend(loads.into_iter().map(BackupError::Organization));
    covers("BackupError", 6, &backups, backup);
    check("BackupError", &backups, |e| vec![e.to_string()]);
    let reminders = [
        BackupReminder::NoneYet,
        BackupReminder::BeforeLatestChanges(T),
        BackupReminder::Old(T),
    ];
    let reminder = |r: &BackupReminder| match r {
        BackupReminder::NoneYet => 0,
        BackupReminder::BeforeLatestChanges(_) => 1,
        BackupReminder::Old(_) => 2,
    };
    covers("BackupReminder", 3, &reminders, reminder);
    check("BackupReminder", &reminders, |r| vec![r.to_string()]);
}

#[test]
fn an_import_preview_counts_right_from_none_to_many() {
    let names = |n: usize| (0..n).map(|i| format!("Name {i}")).collect::<Vec<_>>();
    let mut previews = vec![Changes::default()];
    for n in 0..3 {
        for m in 0..3 {
            previews.push(Changes {
                renamed: (n == 1).then(|| ("Old".into(), "New".into())),
                servers_added: names(n),
                servers_changed: names(m),
                servers_removed: names(n),
                people_added: names(m),
                people_changed: names(n),
                people_removed: names(m),
                tokens_added: n,
                tokens_removed: m,
                defaults_or_settings_changed: n == m,
                activity: (n, m),
            });
        }
    }
    check("Changes::summary", &previews, Changes::summary);
}

#[test]
fn every_token_status_is_a_sentence_with_days_that_agree() {
    let mut statuses = vec![
        TokenStatus::NoToken,
        TokenStatus::Expired { expired_at: T },
        TokenStatus::CertificateReplaced { at: T },
        TokenStatus::PasswordChanged {
            person: "Ada Lovelace".into(),
            at: T,
        },
        TokenStatus::LeftOrganization {
            person: "Ada Lovelace".into(),
            at: T,
        },
    ];
    for days_left in [0, 1, 2, 30, 31] {
        statuses.push(TokenStatus::Active {
            expires_at: T,
            days_left,
        });
        statuses.push(TokenStatus::ExpiresSoon {
            expires_at: T,
            days_left,
        });
    }
    let index = |s: &TokenStatus| match s {
        TokenStatus::NoToken => 0,
        TokenStatus::Active { .. } => 1,
        TokenStatus::ExpiresSoon { .. } => 2,
        TokenStatus::Expired { .. } => 3,
        TokenStatus::CertificateReplaced { .. } => 4,
        TokenStatus::PasswordChanged { .. } => 5,
        TokenStatus::LeftOrganization { .. } => 6,
    };
    covers("TokenStatus", 7, &statuses, index);
    check("TokenStatus", &statuses, |s| vec![s.text()]);
}

fn key_errors() -> Vec<KeyError> {
    vec![
        KeyError::Empty,
        KeyError::TooLarge { bytes: 2 << 20 },
        KeyError::NoPrivateKey {
            holds: "a certificate".into(),
        },
        KeyError::Encrypted,
        KeyError::WrongPassword,
        KeyError::LegacyEncrypted,
        KeyError::UnsupportedEncryption {
            scheme: "PBES1 with DES".into(),
        },
        KeyError::EncryptionTooCostly {
            asks: "5000000 PBKDF2 iterations".into(),
        },
        KeyError::NotRsa {
            algorithm: "elliptic-curve (EC)".into(),
        },
        KeyError::NotRsa {
            algorithm: "DSA".into(),
        },
        KeyError::NotRsa {
            algorithm: "Ed25519".into(),
        },
        KeyError::Pkcs12,
        KeyError::UnsupportedFormat {
            format: "an OpenSSH private key",
            convert: "ssh-keygen -p -m PKCS8 -f key",
        },
        KeyError::TooLong { bits: 16_392 },
        KeyError::Corrupt {
            detail: "byte 4 holds an INTEGER that runs past the end".into(),
        },
    ]
}

#[test]
fn a_change_refused_on_another_windows_state_names_it_with_counts_that_agree() {
    use crate::domain::organization::{Command, Organization};
    let org = Organization::new_first_launch(T);
    let commands = [
        Command::SetExpiringSoonDays { days: 1 },
        Command::SetExpiringSoonDays { days: 2 },
        Command::ArchiveActivity { entries: 1 },
        Command::ArchiveActivity { entries: 2 },
        Command::RenameOrganization {
            name: "Lab.".into(),
        },
    ];
    // The sentence `rebase` gives a refused replay.
    check("a refused replay", &commands, |c| {
        vec![format!(
            "Your change “{}” was not saved: another window changed the organization first. {}",
            c.describe(&org),
            OrgError::Busy
        )]
    });
    for (command, says) in commands
        .iter()
        .zip(["1 day", "2 days", "1 old activity entry"])
    {
        assert!(
            command.describe(&org).contains(says),
            "{}",
            command.describe(&org)
        );
    }
}

#[test]
fn a_reason_joined_to_a_lead_is_a_sentence_of_its_own_whatever_its_shape() {
    use crate::domain::text::with_reason;
    let reasons = [
        "",
        "the background worker gave no answer",
        "The background worker stopped (out of memory). Reload the page and try again.",
        "  the browser could not start the background worker.  ",
        "Is the page offline?",
    ];
    check("with_reason", &reasons, |r| {
        vec![with_reason("No token was made.", r)]
    });
    assert_eq!(
        with_reason("No token was made.", "the worker stopped"),
        "No token was made. The worker stopped."
    );
}

#[test]
fn every_vendor_kit_message_is_a_sentence() {
    let keys = key_errors();
    covers_codes("KeyError", &KeyError::CODES, &keys, KeyError::code);
    check("KeyError", &keys, |e| vec![e.to_string()]);
    let recipient = "the certificate issued by “CN=Lab” with serial number 01".to_string();
    let mut opens = vec![
        OpenError::Empty,
        OpenError::TooLarge { bytes: 2 << 20 },
        OpenError::Base64Damaged { line: 1 },
        OpenError::NotCms {
            looks_like: "a certificate".into(),
        },
        OpenError::NotEnveloped {
            content_type: "signedData".into(),
        },
        OpenError::UnsupportedRecipient {
            kinds: "a key agreement recipient".into(),
        },
        OpenError::UnsupportedKeyTransport {
            algorithm: "RSAES-OAEP".into(),
        },
        OpenError::UnsupportedCipher {
            algorithm: "DES-EDE3-CBC".into(),
        },
        OpenError::NoEncryptedContent,
        OpenError::KeyNotForCertificate,
        OpenError::WrongKey {
            recipient: recipient.clone(),
        },
        OpenError::NotApplePayload {
            why: "it holds no JSON".into(),
        },
    ];
    for missing in [1, 2] {
        opens.push(OpenError::Truncated {
            part: "the encrypted content",
            at: 10,
            missing,
        });
    }
    opens.push(OpenError::Corrupt {
        part: "the recipient",
        at: 3,
        what: "a length that runs past the end".into(),
    });
    for opened in [false, true] {
        opens.push(OpenError::OtherCertificate {
            recipient: recipient.clone(),
            certificate: "the certificate issued by “CN=Other” with serial number 02".into(),
            opened,
        });
    }
    // `OpenError::Key` is covered by construction: every key error, wrapped.
    opens.extend(keys.into_iter().map(OpenError::Key));
    covers_codes("OpenError", &OpenError::CODES, &opens, OpenError::code);
    check("OpenError", &opens, |e| vec![e.to_string()]);
    let make = |e: &MakeError| match e {
        MakeError::KeySize { .. } => 0,
        MakeError::CommonNameEmpty => 1,
        MakeError::CommonNameTooLong { .. } => 2,
        MakeError::CommonNameCharacter { .. } => 3,
        MakeError::ValidityDays => 4,
        MakeError::ClockOutOfRange => 5,
        MakeError::RandomSourceFailed => 6,
        MakeError::BuildFailed { .. } => 7,
    };
    let makes = [
        MakeError::KeySize { bits: 1024 },
        MakeError::CommonNameEmpty,
        MakeError::CommonNameTooLong { chars: 65 },
        MakeError::CommonNameCharacter { code_point: 0x0a },
        MakeError::CommonNameCharacter { code_point: 9 },
        MakeError::ValidityDays,
        MakeError::ClockOutOfRange,
        MakeError::RandomSourceFailed,
        MakeError::BuildFailed {
            detail: "the signer refused the key".into(),
        },
    ];
    covers("MakeError", 8, &makes, make);
    check("MakeError", &makes, |e| vec![e.to_string()]);
    let steps = [
        Progress::FirstPrime,
        Progress::SecondPrime,
        Progress::Certificate,
    ];
    check("Progress", &steps, |p| vec![p.to_string()]);
    assert!(sentence_problems(&ProtocolError.to_string()).is_empty());
}
