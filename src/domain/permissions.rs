//! Who may do what. The core checks every command itself (the UI only greys out controls using
//! the same function), so a bug in the UI cannot let Staff delete a server.
//!
//! The table, modelled on Apple Business Manager's roles (✓ = allowed):
//!
//! | Permission            | Administrator | Device Enrollment Manager | People Manager | Content Manager | Staff |
//! |-----------------------|:-------------:|:-------------------------:|:--------------:|:---------------:|:-----:|
//! | `AddServer`           | ✓ | ✓ |   |   |   |
//! | `EditServer`          | ✓ | ✓ |   |   |   |
//! | `DeleteServer`        | ✓ | ✓ |   |   |   |
//! | `SetDefaults`         | ✓ | ✓ |   |   |   |
//! | `DownloadToken`       | ✓ | ✓ |   |   |   |
//! | `ChangeSettings`      | ✓ | ✓ |   |   |   |
//! | `ManageUsers`         | ✓ |   | ✓ |   |   |
//! | `ResetPasswords`      | ✓ |   | ✓ |   |   |
//! | `ManageAdministrators`| ✓ |   |   |   |   |
//! | `RenameOrganization`  | ✓ |   |   |   |   |
//!
//! How the organization applies it:
//! - `ManageUsers` covers adding, editing and removing people who are not Administrators and
//!   giving them any role except Administrator. Anything that touches an Administrator (granting
//!   or removing the role, editing, removing or resetting the password of an Administrator) also
//!   needs `ManageAdministrators`, so a People Manager cannot promote themselves or lock out an
//!   Administrator.
//! - Everyone may reset their own password and switch who is signed in (the app simulates
//!   signing in); both are logged.
//! - Independently of roles, the last active Administrator can be neither removed nor demoted,
//!   and nobody can remove themselves (see `OrgError`).

use std::fmt;

use crate::domain::users::Role;

/// Something a role may or may not be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    /// Add an MDM server.
    AddServer,
    /// Rename a server, replace its certificate, change its release setting.
    EditServer,
    /// Delete a server.
    DeleteServer,
    /// Choose the default server per device type.
    SetDefaults,
    /// Download a server token.
    DownloadToken,
    /// Change organization settings (when tokens count as expiring soon).
    ChangeSettings,
    /// Add, edit and remove people who are not Administrators.
    ManageUsers,
    /// Reset other people's passwords.
    ResetPasswords,
    /// Grant or remove the Administrator role; edit, remove or reset an Administrator.
    ManageAdministrators,
    /// Rename the organization.
    RenameOrganization,
}

impl Permission {
    /// Every permission, for table tests and UI.
    pub const ALL: [Permission; 10] = [
        Permission::AddServer,
        Permission::EditServer,
        Permission::DeleteServer,
        Permission::SetDefaults,
        Permission::DownloadToken,
        Permission::ChangeSettings,
        Permission::ManageUsers,
        Permission::ResetPasswords,
        Permission::ManageAdministrators,
        Permission::RenameOrganization,
    ];

    /// The roles allowed, in Apple's order.
    pub fn allowed_roles(self) -> &'static [Role] {
        use Permission::*;
        match self {
            AddServer | EditServer | DeleteServer | SetDefaults | DownloadToken
            | ChangeSettings => &[Role::Administrator, Role::DeviceEnrollmentManager],
            ManageUsers | ResetPasswords => &[Role::Administrator, Role::PeopleManager],
            ManageAdministrators | RenameOrganization => &[Role::Administrator],
        }
    }

    /// What the permission lets you do, completing "Only ... can ___".
    fn doing(self) -> &'static str {
        use Permission::*;
        match self {
            AddServer => "add MDM servers",
            EditServer => "change MDM servers",
            DeleteServer => "delete MDM servers",
            SetDefaults => "choose default MDM servers",
            DownloadToken => "download server tokens",
            ChangeSettings => "change when tokens count as expiring soon",
            ManageUsers => "add, edit or remove people",
            ResetPasswords => "record other people’s password changes",
            ManageAdministrators => {
                "grant or remove the Administrator role or change an Administrator’s details"
            }
            RenameOrganization => "rename the organization",
        }
    }
}

/// A refused permission: which one, and the role that was refused. Its message is the sentence
/// shown beside a disabled control, e.g. "Only an Administrator or a Device Enrollment Manager
/// can add MDM servers. You are signed in as Staff."
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PermissionDenied {
    /// What was attempted.
    pub permission: Permission,
    /// The role of the person who attempted it.
    pub role: Role,
}

impl fmt::Display for PermissionDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let allowed: Vec<String> = self
            .permission
            .allowed_roles()
            .iter()
            .map(|r| r.with_article())
            .collect();
        write!(
            f,
            "Only {} can {}. You are signed in as {}.",
            allowed.join(" or "),
            self.permission.doing(),
            self.role.with_article()
        )
    }
}

impl std::error::Error for PermissionDenied {}

/// Whether `role` has `permission`; the `Err` carries the sentence to show.
pub fn can(role: Role, permission: Permission) -> Result<(), PermissionDenied> {
    if permission.allowed_roles().contains(&role) {
        Ok(())
    } else {
        Err(PermissionDenied { permission, role })
    }
}
