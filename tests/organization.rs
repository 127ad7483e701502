//! Organization commands, permissions, defaults, tokens, people and the activity log.
use mdm_link::domain::activity::{
    activity_csv, filter_activity, ActivityKind, CSV_BOM, CSV_HEADER,
};
use mdm_link::domain::ids::{ServerId, UserId};
use mdm_link::domain::organization::{DeviceType, OrgError, Organization, StoredCertificate};
use mdm_link::domain::permissions::{can, Permission, PermissionDenied};
use mdm_link::domain::server_name::ServerNameError;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::TokenRecord;
use mdm_link::domain::users::{Role, UserError};

const T0: Timestamp = Timestamp(1_767_225_600_000); // 2026-01-01

fn t(days: i64) -> Timestamp {
    Timestamp(T0.0 + days * 86_400_000)
}

fn cert(n: u8) -> StoredCertificate {
    StoredCertificate {
        der_base64: "MIIB".to_string(),
        sha256_hex: format!("{n:02x}").repeat(32),
        subject: format!("CN=mdm{n}.example.com"),
        issuer: "CN=Example CA".to_string(),
        serial_hex: format!("{n:02x}"),
        not_after: t(365),
        key_description: "RSA 2048-bit".to_string(),
    }
}

fn token(id: &str, org: &Organization, server: ServerId, at: Timestamp) -> TokenRecord {
    TokenRecord {
        id: id.to_string(),
        issued_at: at,
        expires_at: Timestamp(at.0 + 365 * 86_400_000),
        downloaded_by: org.signed_in(),
        certificate_sha256: org.server(server).unwrap().certificate.sha256_hex.clone(),
        consumer_key_sha256: "ab".repeat(32),
        replaced_at: None,
    }
}

/// An org with one person of every role; the Administrator (id 1) is signed in.
fn org_with_roles() -> (Organization, Vec<(Role, UserId)>) {
    let mut org = Organization::new_first_launch(T0);
    let mut ids = vec![(Role::Administrator, org.signed_in())];
    for (i, role) in Role::ALL.iter().enumerate().skip(1) {
        let id = org
            .add_user(
                &format!("Person {i}"),
                &format!("p{i}@example.com"),
                *role,
                t(0),
            )
            .unwrap();
        ids.push((*role, id));
    }
    (org, ids)
}

#[test]
fn first_launch_org_has_a_signed_in_administrator() {
    let org = Organization::new_first_launch(T0);
    assert_eq!(org.name(), "My Organization");
    let admin = org.signed_in_user().unwrap();
    assert_eq!(admin.role, Role::Administrator);
    assert_eq!(admin.account.as_str(), "admin@example.com");
    assert_eq!(org.settings().expiring_soon_days, 30);
    assert_eq!(org.activity().len(), 1);
    assert_eq!(org.activity()[0].action, ActivityKind::OrganizationCreated);
}

#[test]
fn permission_table() {
    use Permission::*;
    use Role::*;
    // (permission, [Administrator, DEM, People Manager, Content Manager, Staff])
    let table: [(Permission, [bool; 5]); 10] = [
        (AddServer, [true, true, false, false, false]),
        (EditServer, [true, true, false, false, false]),
        (DeleteServer, [true, true, false, false, false]),
        (SetDefaults, [true, true, false, false, false]),
        (DownloadToken, [true, true, false, false, false]),
        (ChangeSettings, [true, true, false, false, false]),
        (ManageUsers, [true, false, true, false, false]),
        (ResetPasswords, [true, false, true, false, false]),
        (ManageAdministrators, [true, false, false, false, false]),
        (RenameOrganization, [true, false, false, false, false]),
    ];
    assert_eq!(table.len(), Permission::ALL.len());
    for (permission, allowed) in table {
        for (role, ok) in Role::ALL.into_iter().zip(allowed) {
            assert_eq!(can(role, permission).is_ok(), ok, "{role:?} {permission:?}");
        }
    }
    assert_eq!(
        can(Staff, AddServer).unwrap_err().to_string(),
        "Only an Administrator or a Device Enrollment Manager can add MDM servers. You are signed in as Staff."
    );
    assert_eq!(
        can(PeopleManager, RenameOrganization)
            .unwrap_err()
            .to_string(),
        "Only an Administrator can rename the organization. You are signed in as a People Manager."
    );
    for p in Permission::ALL {
        for r in Role::ALL {
            if let Err(e) = can(r, p) {
                assert!(e.to_string().ends_with(&format!("{}.", r.with_article())));
            }
        }
    }
}

#[test]
fn commands_enforce_permissions_for_every_role() {
    for (role, _) in org_with_roles().1 {
        let (mut org, ids) = org_with_roles();
        let server = org.add_server("Jamf", cert(1), false, t(1)).unwrap();
        let staff = ids.iter().find(|(r, _)| *r == Role::Staff).unwrap().1;
        let me = ids.iter().find(|(r, _)| *r == role).unwrap().1;
        org.sign_in_as(me, t(2)).unwrap();
        let servers_ok = matches!(role, Role::Administrator | Role::DeviceEnrollmentManager);
        let people_ok = matches!(role, Role::Administrator | Role::PeopleManager);
        let admin_ok = role == Role::Administrator;
        let denied = |r: Result<(), OrgError>| matches!(r, Err(OrgError::PermissionDenied(_)));
        let mut o = org.clone();
        assert_eq!(
            !denied(o.add_server("New", cert(2), false, t(3)).map(|_| ())),
            servers_ok,
            "{role:?}"
        );
        assert_eq!(
            !denied(o.clone().rename_server(server, "Renamed", t(3))),
            servers_ok
        );
        assert_eq!(
            !denied(o.clone().replace_certificate(server, cert(9), t(3))),
            servers_ok
        );
        assert_eq!(
            !denied(o.clone().set_allow_release(server, true, t(3))),
            servers_ok
        );
        assert_eq!(
            !denied(o.clone().set_default(DeviceType::Mac, Some(server), t(3))),
            servers_ok
        );
        assert_eq!(
            !denied(o.clone().delete_server(server, &[], t(3))),
            servers_ok
        );
        let tok = token("t1", &o, server, t(3));
        assert_eq!(
            !denied(o.clone().record_token(server, tok, t(3))),
            servers_ok
        );
        assert_eq!(
            !denied(o.clone().set_expiring_soon_days(14, t(3))),
            servers_ok
        );
        assert_eq!(
            !denied(
                o.clone()
                    .add_user("N", "n@example.com", Role::Staff, t(3))
                    .map(|_| ())
            ),
            people_ok
        );
        assert_eq!(
            !denied(
                o.clone()
                    .edit_user(staff, "Renamed", "p5@example.com", Role::Staff, t(3))
            ),
            people_ok
        );
        assert_eq!(!denied(o.clone().remove_user(staff, t(3))), people_ok);
        assert_eq!(
            !denied(o.clone().record_password_change(staff, t(3))),
            people_ok || me == staff
        );
        assert_eq!(
            !denied(
                o.clone()
                    .add_user("A", "a@example.com", Role::Administrator, t(3))
                    .map(|_| ())
            ),
            admin_ok
        );
        assert_eq!(
            !denied(o.clone().edit_user(
                staff,
                "Person 5",
                "p5@example.com",
                Role::Administrator,
                t(3)
            )),
            admin_ok
        );
        assert_eq!(
            !denied(o.clone().record_password_change(UserId(1), t(3))),
            admin_ok || me == UserId(1)
        );
        assert_eq!(
            !denied(o.clone().rename_organization("Acme", t(3))),
            admin_ok
        );
        // Everyone may reset their own password and switch user.
        assert!(o.clone().record_password_change(me, t(3)).is_ok());
        assert!(o.sign_in_as(staff, t(3)).is_ok());
        assert_eq!(org.may(Permission::AddServer).is_ok(), servers_ok);
    }
}

#[test]
fn people_manager_cannot_touch_administrators() {
    let (mut org, ids) = org_with_roles();
    let pm = ids[2].1;
    org.sign_in_as(pm, t(1)).unwrap();
    let err = org.remove_user(UserId(1), t(2)).unwrap_err();
    assert_eq!(
        err,
        OrgError::PermissionDenied(PermissionDenied {
            permission: Permission::ManageAdministrators,
            role: Role::PeopleManager
        })
    );
    assert!(org
        .edit_user(pm, "Me", "p2@example.com", Role::Administrator, t(2))
        .is_err());
    // But can manage a Staff member.
    assert!(org
        .edit_user(
            ids[4].1,
            "Staffer",
            "staff@example.com",
            Role::ContentManager,
            t(2)
        )
        .is_ok());
}

#[test]
fn last_administrator_can_be_neither_removed_nor_demoted() {
    let mut org = Organization::new_first_launch(T0);
    let me = org.signed_in();
    assert_eq!(
        org.remove_user(me, t(1)),
        Err(OrgError::LastAdministrator {
            name: "Administrator".into()
        })
    );
    assert_eq!(
        org.edit_user(me, "Administrator", "admin@example.com", Role::Staff, t(1)),
        Err(OrgError::LastAdministrator {
            name: "Administrator".into()
        })
    );
    assert!(org
        .remove_user(me, t(1))
        .unwrap_err()
        .to_string()
        .contains("is the only Administrator"));
    // With a second admin: demoting yourself works, removing yourself does not.
    let second = org
        .add_user("Second", "second@example.com", Role::Administrator, t(1))
        .unwrap();
    assert_eq!(
        org.remove_user(me, t(2)),
        Err(OrgError::CannotRemoveYourself)
    );
    org.edit_user(
        me,
        "Administrator",
        "admin@example.com",
        Role::DeviceEnrollmentManager,
        t(2),
    )
    .unwrap();
    org.sign_in_as(second, t(3)).unwrap();
    // Now `second` is the only one left.
    assert!(matches!(
        org.edit_user(second, "Second", "second@example.com", Role::Staff, t(4)),
        Err(OrgError::LastAdministrator { .. })
    ));
}

#[test]
fn removed_users_are_kept_with_left_at() {
    let (mut org, ids) = org_with_roles();
    let dem = ids[1].1;
    let server = {
        org.sign_in_as(dem, t(1)).unwrap();
        let s = org.add_server("Jamf", cert(1), false, t(1)).unwrap();
        let tok = token("tok", &org, s, t(1));
        org.record_token(s, tok, t(1)).unwrap();
        org.sign_in_as(UserId(1), t(1)).unwrap();
        s
    };
    org.remove_user(dem, t(5)).unwrap();
    let user = org.user(dem).unwrap();
    assert_eq!(user.left_at, Some(t(5)));
    assert!(!org.active_users().iter().any(|u| u.id == dem));
    assert!(org.former_users().iter().any(|u| u.id == dem));
    let facts = org
        .downloader_facts(org.active_token(server).unwrap())
        .unwrap();
    assert_eq!((facts.name, facts.left_at), ("Person 1", Some(t(5))));
    assert!(org
        .activity()
        .last()
        .unwrap()
        .detail
        .contains("the server token of “Jamf” stops working"));
    // Former members cannot be edited or signed in as; their account may be reused.
    assert!(matches!(
        org.sign_in_as(dem, t(6)),
        Err(OrgError::UserHasLeft { .. })
    ));
    assert!(matches!(
        org.remove_user(dem, t(6)),
        Err(OrgError::UserHasLeft { .. })
    ));
    assert!(org
        .add_user("New", "P1@example.com", Role::Staff, t(6))
        .is_ok());
}

#[test]
fn user_validation() {
    let mut org = Organization::new_first_launch(T0);
    let cases: [(&str, &str, OrgError); 8] = [
        ("", "a@example.com", OrgError::User(UserError::NameEmpty)),
        (
            &"x".repeat(101),
            "a@example.com",
            OrgError::User(UserError::NameTooLong { chars: 101 }),
        ),
        (
            "A\tB",
            "a@example.com",
            OrgError::User(UserError::NameHasInvisibleCharacter { code_point: 9 }),
        ),
        ("Ann", "  ", OrgError::User(UserError::AccountEmpty)),
        (
            "Ann",
            "ann smith@example.com",
            OrgError::User(UserError::AccountHasSpace),
        ),
        (
            "Ann",
            "ann@example@com",
            OrgError::User(UserError::AccountNotAnAddress),
        ),
        (
            "Ann",
            "ann@localhost",
            OrgError::User(UserError::AccountDomainInvalid),
        ),
        (
            "Ann",
            "ADMIN@Example.com",
            OrgError::User(UserError::AccountTaken {
                holder: "Administrator".into(),
            }),
        ),
    ];
    for (name, account, expected) in cases {
        assert_eq!(
            org.add_user(name, account, Role::Staff, t(1)),
            Err(expected),
            "{name:?} {account:?}"
        );
    }
    let long = format!("{}@example.com", "a".repeat(250));
    assert!(matches!(
        org.add_user("Ann", &long, Role::Staff, t(1)),
        Err(OrgError::User(UserError::AccountTooLong { .. }))
    ));
    for bad in [
        "@example.com",
        "ann@",
        "ann@.com",
        "ann@example.",
        "ann@exa..mple.com",
    ] {
        assert!(
            org.add_user("Ann", bad, Role::Staff, t(1)).is_err(),
            "{bad}"
        );
    }
    let id = org
        .add_user("  Ann  ", " ann@example.com ", Role::Staff, t(1))
        .unwrap();
    assert_eq!(org.user(id).unwrap().name.as_str(), "Ann");
    assert_eq!(org.user(id).unwrap().account.as_str(), "ann@example.com");
    // Editing may keep one's own account (in another case).
    org.edit_user(id, "Ann", "Ann@Example.com", Role::Staff, t(2))
        .unwrap();
}

#[test]
fn reset_password_records_time_and_event() {
    let (mut org, ids) = org_with_roles();
    let staff = ids[4].1;
    org.record_password_change(staff, t(3)).unwrap();
    assert_eq!(org.user(staff).unwrap().password_changed_at(), Some(t(3)));
    assert_eq!(org.user(staff).unwrap().password_changes, [t(3)]);
    let e = org.activity().last().unwrap();
    assert_eq!(
        (e.action, e.subject_name.as_str()),
        (ActivityKind::PasswordReset, "Person 4")
    );
}

#[test]
fn server_lifecycle_and_names() {
    let mut org = Organization::new_first_launch(T0);
    let a = org
        .add_server("Cupertino iPads", cert(1), false, t(1))
        .unwrap();
    assert!(!org.server(a).unwrap().allow_release_devices);
    assert_eq!(
        org.add_server("cupertino ipads", cert(2), false, t(1)),
        Err(OrgError::ServerName(ServerNameError::Duplicate {
            existing: "Cupertino iPads".into()
        }))
    );
    assert!(matches!(
        org.add_server("Ｒｅａｓｓｉｇｎｅｄ", cert(2), false, t(1)),
        Err(OrgError::ServerName(ServerNameError::Reserved { .. }))
    ));
    let b = org
        .add_server("Building 4 – Room 12", cert(2), true, t(1))
        .unwrap();
    // Renaming to a case variant of its own name is allowed; to another server's is not.
    org.rename_server(a, "CUPERTINO iPads", t(2)).unwrap();
    assert_eq!(org.server(a).unwrap().name.as_str(), "CUPERTINO iPads");
    assert!(org.rename_server(b, "cupertino ipads", t(2)).is_err());
    assert!(org.check_server_name("Cupertino IPADS", Some(a)).is_ok());
    assert!(org.check_server_name("Cupertino IPADS", None).is_err());
    // Certificate replacement keeps history.
    assert_eq!(
        org.replace_certificate(a, cert(1), t(3)),
        Err(OrgError::SameCertificate)
    );
    org.replace_certificate(a, cert(7), t(3)).unwrap();
    let s = org.server(a).unwrap();
    assert_eq!(s.certificate.sha256_hex, cert(7).sha256_hex);
    assert_eq!(s.certificate_history.len(), 1);
    assert_eq!(s.certificate_history[0].replaced_at, t(3));
    assert_eq!(s.certificate_history[0].sha256_hex, cert(1).sha256_hex);
    assert_eq!(s.certificate_history[0].replaced_by, UserId(1));
    org.set_allow_release(a, true, t(4)).unwrap();
    assert!(org.server(a).unwrap().allow_release_devices);
    assert_eq!(
        org.rename_server(ServerId(999), "X", t(4)),
        Err(OrgError::UnknownServer(ServerId(999)))
    );
}

#[test]
fn defaults_move_on_delete() {
    let mut org = Organization::new_first_launch(T0);
    let a = org.add_server("A", cert(1), false, t(1)).unwrap();
    let b = org.add_server("B", cert(2), false, t(1)).unwrap();
    for dt in [DeviceType::Mac, DeviceType::IPad, DeviceType::AppleWatch] {
        org.set_default(dt, Some(a), t(2)).unwrap();
    }
    org.set_default(DeviceType::IPhone, Some(b), t(2)).unwrap();
    assert_eq!(
        org.defaults_for(a),
        vec![DeviceType::Mac, DeviceType::IPad, DeviceType::AppleWatch]
    );

    // Missing choices → error listing the types.
    let err = org
        .delete_server(a, &[(DeviceType::Mac, Some(b))], t(3))
        .unwrap_err();
    assert_eq!(
        err,
        OrgError::DefaultsNeedReassignment {
            server: "A".into(),
            device_types: vec![DeviceType::IPad, DeviceType::AppleWatch]
        }
    );
    assert_eq!(
        err.to_string(),
        "“A” is the default MDM server for iPad and Apple Watch. Choose another server or no default for each before deleting it."
    );
    // Bad reassignments.
    let full = |mac| {
        vec![
            (DeviceType::Mac, mac),
            (DeviceType::IPad, None),
            (DeviceType::AppleWatch, None),
        ]
    };
    assert_eq!(
        org.delete_server(a, &full(Some(a)), t(3)),
        Err(OrgError::ReassignedToDeletedServer {
            device_type: DeviceType::Mac
        })
    );
    assert_eq!(
        org.delete_server(a, &full(Some(ServerId(99))), t(3)),
        Err(OrgError::UnknownServer(ServerId(99)))
    );
    let mut extra = full(Some(b));
    extra.push((DeviceType::IPhone, None));
    assert_eq!(
        org.delete_server(a, &extra, t(3)),
        Err(OrgError::ReassignmentNotNeeded {
            device_type: DeviceType::IPhone
        })
    );
    let mut twice = full(Some(b));
    twice.push((DeviceType::Mac, None));
    assert_eq!(
        org.delete_server(a, &twice, t(3)),
        Err(OrgError::ReassignedTwice {
            device_type: DeviceType::Mac
        })
    );
    assert!(org.server(a).is_some(), "failed deletes change nothing");

    // Mac → B, iPad → none, Apple Watch → none.
    org.delete_server(a, &full(Some(b)), t(3)).unwrap();
    assert!(org.server(a).is_none());
    assert_eq!(org.default_for(DeviceType::Mac), Some(b));
    assert_eq!(org.default_for(DeviceType::IPad), None);
    assert_eq!(org.default_for(DeviceType::AppleWatch), None);
    assert_eq!(org.default_for(DeviceType::IPhone), Some(b));
    // A server that is no default deletes without choices.
    let c = org.add_server("C", cert(3), false, t(4)).unwrap();
    org.delete_server(c, &[], t(4)).unwrap();
    // Default to a missing server is refused.
    assert_eq!(
        org.set_default(DeviceType::AppleTv, Some(c), t(5)),
        Err(OrgError::UnknownServer(c))
    );
}

#[test]
fn device_type_labels() {
    let labels: Vec<&str> = DeviceType::ALL.iter().map(|d| d.label()).collect();
    assert_eq!(
        labels,
        [
            "Mac",
            "iPhone",
            "iPad",
            "Apple TV",
            "Apple Vision Pro",
            "Apple Watch"
        ]
    );
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.label()).collect();
    assert_eq!(
        roles,
        [
            "Administrator",
            "Device Enrollment Manager",
            "People Manager",
            "Content Manager",
            "Staff"
        ]
    );
}

#[test]
fn record_token_replaces_previous() {
    let mut org = Organization::new_first_launch(T0);
    let s = org.add_server("A", cert(1), false, t(1)).unwrap();
    assert!(org.active_token(s).is_none());
    let first = token("first", &org, s, t(1));
    org.record_token(s, first.clone(), t(1)).unwrap();
    assert_eq!(org.active_token(s).unwrap().id, "first");
    org.record_token(s, token("second", &org, s, t(10)), t(10))
        .unwrap();
    let server = org.server(s).unwrap();
    assert_eq!(server.tokens.len(), 2);
    assert_eq!(server.tokens[0].replaced_at, Some(t(10)));
    assert_eq!(server.tokens[1].replaced_at, None);
    assert_eq!(org.active_token(s).unwrap().id, "second");
    assert!(org
        .activity()
        .last()
        .unwrap()
        .detail
        .contains("replaces token first"));
    // Duplicates, wrong certificate and wrong downloader are refused.
    assert_eq!(
        org.record_token(s, first.clone(), t(11)),
        Err(OrgError::TokenAlreadyRecorded)
    );
    let mut wrong_cert = token("x", &org, s, t(11));
    wrong_cert.certificate_sha256 = cert(2).sha256_hex;
    assert!(matches!(
        org.record_token(s, wrong_cert, t(11)),
        Err(OrgError::TokenCertificateMismatch { .. })
    ));
    let mut wrong_user = token("y", &org, s, t(11));
    wrong_user.downloaded_by = UserId(42);
    assert_eq!(
        org.record_token(s, wrong_user, t(11)),
        Err(OrgError::TokenDownloaderMismatch)
    );
}

#[test]
fn settings_range() {
    let mut org = Organization::new_first_launch(T0);
    assert_eq!(
        org.set_expiring_soon_days(0, t(1)),
        Err(OrgError::ExpiringSoonDaysOutOfRange { days: 0 })
    );
    assert!(org.set_expiring_soon_days(366, t(1)).is_err());
    org.set_expiring_soon_days(60, t(1)).unwrap();
    assert_eq!(org.settings().expiring_soon_days, 60);
    assert!(org.rename_organization("", t(1)).is_err());
    org.rename_organization("  Acme Schools ", t(1)).unwrap();
    assert_eq!(org.name(), "Acme Schools");
}

#[test]
fn every_command_appends_one_activity_entry() {
    let mut org = Organization::new_first_launch(T0);
    let expect = |org: &Organization, kind: ActivityKind, n: &mut usize| {
        *n += 1;
        assert_eq!(org.activity().len(), *n, "{kind:?}");
        let last = org.activity().last().unwrap();
        assert_eq!(last.action, kind);
        assert!(!last.actor_name.is_empty() && !last.subject_name.is_empty());
    };
    let mut n = 1;
    org.rename_organization("Acme", t(1)).unwrap();
    expect(&org, ActivityKind::OrganizationRenamed, &mut n);
    let u = org
        .add_user("Ann", "ann@example.com", Role::Administrator, t(1))
        .unwrap();
    expect(&org, ActivityKind::UserAdded, &mut n);
    org.edit_user(u, "Ann B", "ann@example.com", Role::Administrator, t(1))
        .unwrap();
    expect(&org, ActivityKind::UserEdited, &mut n);
    org.record_password_change(u, t(1)).unwrap();
    expect(&org, ActivityKind::PasswordReset, &mut n);
    let s = org.add_server("A", cert(1), false, t(1)).unwrap();
    expect(&org, ActivityKind::ServerAdded, &mut n);
    let s2 = org.add_server("B", cert(2), false, t(1)).unwrap();
    expect(&org, ActivityKind::ServerAdded, &mut n);
    org.rename_server(s, "A2", t(1)).unwrap();
    expect(&org, ActivityKind::ServerRenamed, &mut n);
    org.replace_certificate(s, cert(3), t(1)).unwrap();
    expect(&org, ActivityKind::CertificateReplaced, &mut n);
    org.set_allow_release(s, true, t(1)).unwrap();
    expect(&org, ActivityKind::ReleaseSettingChanged, &mut n);
    org.set_default(DeviceType::Mac, Some(s), t(1)).unwrap();
    expect(&org, ActivityKind::DefaultChanged, &mut n);
    let tok = token("t", &org, s, t(1));
    org.record_token(s, tok, t(1)).unwrap();
    expect(&org, ActivityKind::TokenDownloaded, &mut n);
    org.set_expiring_soon_days(10, t(1)).unwrap();
    expect(&org, ActivityKind::SettingsChanged, &mut n);
    org.delete_server(s, &[(DeviceType::Mac, Some(s2))], t(1))
        .unwrap();
    expect(&org, ActivityKind::ServerDeleted, &mut n);
    org.sign_in_as(u, t(1)).unwrap();
    expect(&org, ActivityKind::SignedIn, &mut n);
    assert_eq!(org.activity().last().unwrap().actor_name, "Ann B");
    org.remove_user(UserId(1), t(1)).unwrap();
    expect(&org, ActivityKind::UserRemoved, &mut n);
    // No-op commands and failures log nothing.
    org.rename_organization("Acme", t(2)).unwrap();
    org.set_default(DeviceType::Mac, Some(s2), t(2)).unwrap();
    org.set_default(DeviceType::Mac, Some(s2), t(2)).unwrap();
    assert_eq!(org.activity().len(), n);
    let _ = org.add_server("", cert(9), false, t(2));
    assert_eq!(org.activity().len(), n);
}

#[test]
fn activity_filter_is_newest_first_and_case_insensitive() {
    let mut org = Organization::new_first_launch(T0);
    org.add_server("Cupertino iPads", cert(1), false, t(1))
        .unwrap();
    org.add_server("Austin Macs", cert(2), false, t(2)).unwrap();
    org.add_user("Zoë", "zoe@example.com", Role::Staff, t(3))
        .unwrap();
    let all = filter_activity(org.activity(), "");
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].action, ActivityKind::UserAdded);
    let servers = filter_activity(org.activity(), "SERVER-added");
    assert_eq!(servers.len(), 2);
    assert_eq!(servers[0].subject_name, "Austin Macs");
    assert_eq!(filter_activity(org.activity(), "server cupertino").len(), 1);
    assert_eq!(filter_activity(org.activity(), "ZOË").len(), 1);
    assert_eq!(filter_activity(org.activity(), "2026-01-03").len(), 1);
    assert_eq!(filter_activity(org.activity(), "administrator").len(), 4);
    assert!(filter_activity(org.activity(), "nothing-like-this").is_empty());
}

#[test]
fn activity_csv_escapes_and_guards_against_formulas() {
    let mut org = Organization::new_first_launch(T0);
    org.rename_organization("=HYPERLINK(\"http://evil\")", t(1))
        .unwrap();
    org.add_server("Lab, \"North\"", cert(1), false, t(1))
        .unwrap();
    org.add_server("-2+3", cert(2), false, t(1)).unwrap();
    org.add_server("@SUM(A1)", cert(3), false, t(1)).unwrap();
    org.add_server("+cmd", cert(4), false, t(1)).unwrap();
    let csv = activity_csv(org.activity());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        format!("{CSV_BOM}{CSV_HEADER}"),
        "a UTF-8 byte-order mark, then the header (Excel reads it as UTF-8)"
    );
    assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(lines.last(), Some(&""), "ends with CRLF");
    assert_eq!(lines.len(), 1 + 6 + 1);
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","));
    assert!(csv.contains(",\"Lab, \"\"North\"\"\","));
    assert!(csv.contains(",'-2+3,"));
    assert!(csv.contains(",'@SUM(A1),"));
    assert!(csv.contains(",'+cmd,"));
    assert!(lines[1].starts_with(
        "2026-01-01T00:00:00Z,Administrator,organization-created,organization,My Organization,"
    ));
    // No field starts with a formula character unguarded.
    for line in &lines[1..] {
        for field in line.split(',') {
            assert!(!field.starts_with(['=', '+', '-', '@']), "{field}");
        }
    }
}

#[test]
fn csv_quotes_line_breaks_in_details() {
    use mdm_link::domain::activity::{ActivityEntry, Subject};
    let e = ActivityEntry {
        at: T0,
        actor: UserId(1),
        actor_name: "A\tB".into(),
        action: ActivityKind::ServerAdded,
        subject: Subject::Server,
        subject_name: "x".into(),
        detail: "line1\r\nline2".into(),
    };
    let csv = activity_csv([&e]);
    assert!(csv.ends_with(",x,\"line1\r\nline2\"\r\n"), "{csv:?}");
    let tab = ActivityEntry {
        actor_name: "\tTab".into(),
        ..e
    };
    assert!(activity_csv([&tab]).contains(",'\tTab,"));
}
