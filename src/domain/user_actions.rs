//! Which actions on a person the signed-in role allows, asked *before* the attempt so the Users
//! view can disable a button and show the reason beside it.
//!
//! These answer only the permission part of each command in [`Organization`], with the same
//! [`PermissionDenied`] sentence; rules that depend on the outcome (the last Administrator,
//! removing yourself) are left to the command itself. `tests/user_actions.rs` checks, for every
//! pair of roles, that each answer agrees with what the command does.

use crate::domain::ids::UserId;
use crate::domain::organization::Organization;
use crate::domain::permissions::{can, Permission, PermissionDenied};
use crate::domain::users::Role;

/// The signed-in person's role (Staff if the organization is inconsistent, which grants least).
fn actor_role(org: &Organization) -> Role {
    org.signed_in_user().map_or(Role::Staff, |u| u.role)
}

/// The target's role, if they exist.
fn target_role(org: &Organization, id: UserId) -> Option<Role> {
    org.user(id).map(|u| u.role)
}

/// Why the signed-in person may not edit `id`, if they may not (mirrors
/// [`Organization::edit_user`] keeping the person's current role).
pub fn edit_denied(org: &Organization, id: UserId) -> Option<PermissionDenied> {
    let role = actor_role(org);
    can(role, Permission::ManageUsers).err().or_else(|| {
        (target_role(org, id) == Some(Role::Administrator))
            .then(|| can(role, Permission::ManageAdministrators).err())
            .flatten()
    })
}

/// Why the signed-in person may not reset `id`'s password, if they may not (mirrors
/// [`Organization::record_password_change`]: anyone may reset their own).
pub fn reset_password_denied(org: &Organization, id: UserId) -> Option<PermissionDenied> {
    if id == org.signed_in() {
        return None;
    }
    let role = actor_role(org);
    can(role, Permission::ResetPasswords).err().or_else(|| {
        (target_role(org, id) == Some(Role::Administrator))
            .then(|| can(role, Permission::ManageAdministrators).err())
            .flatten()
    })
}

/// Why the signed-in person may not remove `id`, if their role does not allow it (mirrors the
/// permission checks of [`Organization::remove_user`]).
pub fn remove_denied(org: &Organization, id: UserId) -> Option<PermissionDenied> {
    edit_denied(org, id)
}

/// Why the signed-in person may not grant `role` to someone, if they may not (mirrors
/// [`Organization::add_user`]).
pub fn grant_denied(org: &Organization, role: Role) -> Option<PermissionDenied> {
    let actor = actor_role(org);
    can(actor, Permission::ManageUsers).err().or_else(|| {
        (role == Role::Administrator)
            .then(|| can(actor, Permission::ManageAdministrators).err())
            .flatten()
    })
}
