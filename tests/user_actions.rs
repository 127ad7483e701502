//! The Users view asks `user_actions` before an attempt; these tests prove every answer agrees
//! with what the organization's command does, for every signed-in role and every target role.
use mdm_link::domain::ids::UserId;
use mdm_link::domain::organization::{OrgError, Organization};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::user_actions::{
    edit_denied, grant_denied, remove_denied, reset_password_denied,
};
use mdm_link::domain::users::Role;

const T0: Timestamp = Timestamp(1_767_225_600_000); // 2026-01-01

/// One person of every role, plus a second Administrator so last-Administrator rules do not hide
/// the permission answer.
fn org_with_roles() -> (Organization, Vec<UserId>) {
    let mut org = Organization::new_first_launch(T0);
    let mut ids = vec![org.signed_in()];
    for (i, role) in Role::ALL
        .iter()
        .chain([Role::Administrator].iter())
        .enumerate()
        .skip(1)
    {
        let id = org
            .add_user(
                &format!("Person {i}"),
                &format!("p{i}@example.com"),
                *role,
                T0,
            )
            .unwrap();
        ids.push(id);
    }
    (org, ids)
}

fn permission_error<T>(result: Result<T, OrgError>) -> Option<String> {
    match result {
        Err(OrgError::PermissionDenied(denied)) => Some(denied.to_string()),
        _ => None,
    }
}

#[test]
fn answers_agree_with_the_commands_for_every_pair_of_roles() {
    let (base, ids) = org_with_roles();
    for &actor in &ids {
        let mut signed_in = base.clone();
        signed_in.sign_in_as(actor, T0).unwrap();
        for &target in &ids {
            let user = signed_in.user(target).unwrap().clone();
            let what = format!(
                "{:?} on {:?}",
                signed_in.signed_in_user().unwrap().role,
                user.role
            );

            let mut copy = signed_in.clone();
            let edit = copy.edit_user(
                target,
                user.name.as_str(),
                user.account.as_str(),
                user.role,
                T0,
            );
            assert_eq!(
                edit_denied(&signed_in, target).map(|d| d.to_string()),
                permission_error(edit),
                "edit: {what}"
            );

            let mut copy = signed_in.clone();
            assert_eq!(
                reset_password_denied(&signed_in, target).map(|d| d.to_string()),
                permission_error(copy.record_password_change(target, T0)),
                "reset: {what}"
            );

            let mut copy = signed_in.clone();
            assert_eq!(
                remove_denied(&signed_in, target).map(|d| d.to_string()),
                permission_error(copy.remove_user(target, T0)),
                "remove: {what}"
            );
        }
        for role in Role::ALL {
            let mut copy = signed_in.clone();
            let added = copy.add_user("New Person", "new@example.com", role, T0);
            assert_eq!(
                grant_denied(&signed_in, role).map(|d| d.to_string()),
                permission_error(added),
                "grant {role:?}"
            );
        }
    }
}

#[test]
fn everyone_may_reset_their_own_password() {
    let (base, ids) = org_with_roles();
    for &actor in &ids {
        let mut org = base.clone();
        org.sign_in_as(actor, T0).unwrap();
        assert_eq!(reset_password_denied(&org, actor), None);
    }
}
