//! People: adding, editing, removing, recording password changes, signing in as someone. The
//! rules about Administrators (only an Administrator grants the role, the last one stays) live
//! here.

use super::{Actor, OrgError, Organization};
use crate::domain::activity::{ActivityKind, Subject};
use crate::domain::ids::UserId;
use crate::domain::permissions::{can, Permission};
use crate::domain::time::Timestamp;
use crate::domain::users::{ManagedAppleAccount, PersonName, Role, User, UserError};

impl Organization {
    /// Everyone, current and former, in the order they were added.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// Current members, in the order they were added.
    pub fn active_users(&self) -> Vec<&User> {
        self.users.iter().filter(|u| u.is_active()).collect()
    }

    /// Former members.
    pub fn former_users(&self) -> Vec<&User> {
        self.users.iter().filter(|u| !u.is_active()).collect()
    }

    /// A person by id, current or former.
    pub fn user(&self, id: UserId) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// Who is signed in.
    pub fn signed_in(&self) -> UserId {
        self.signed_in
    }

    /// The signed-in person (always present in a consistent organization).
    pub fn signed_in_user(&self) -> Option<&User> {
        self.user(self.signed_in)
    }

    /// Checks an account as the admin types it: against every active person except `editing`.
    pub fn check_account(
        &self,
        input: &str,
        editing: Option<UserId>,
    ) -> Result<ManagedAppleAccount, UserError> {
        ManagedAppleAccount::parse(
            input,
            self.users
                .iter()
                .filter(|u| u.is_active() && Some(u.id) != editing)
                .map(|u| (&u.account, u.name.as_str())),
        )
    }

    /// Adds a person. Needs `ManageUsers`, and `ManageAdministrators` to add an Administrator.
    pub fn add_user(
        &mut self,
        name: &str,
        account: &str,
        role: Role,
        now: Timestamp,
    ) -> Result<UserId, OrgError> {
        let actor = self.require(Permission::ManageUsers)?;
        if role == Role::Administrator {
            can(actor.role, Permission::ManageAdministrators)?;
        }
        let name = PersonName::parse(name)?;
        let account = self.check_account(account, None)?;
        let id = UserId(self.allocate_id()?);
        let detail = format!("added as {} with account {}", role.label(), account);
        let subject_name = name.to_string();
        self.users.push(User {
            id,
            name,
            account,
            role,
            password_changes: Vec::new(),
            left_at: None,
            created_at: now,
        });
        self.log(
            &actor,
            now,
            ActivityKind::UserAdded,
            Subject::User,
            subject_name,
            detail,
        );
        Ok(id)
    }

    /// Changes a current member's name, account and role. Needs `ManageUsers`; touching an
    /// Administrator or granting the role also needs `ManageAdministrators`. The last active
    /// Administrator cannot be demoted.
    pub fn edit_user(
        &mut self,
        id: UserId,
        name: &str,
        account: &str,
        role: Role,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::ManageUsers)?;
        let target = self.active_user(id)?.clone();
        if target.role == Role::Administrator || role == Role::Administrator {
            can(actor.role, Permission::ManageAdministrators)?;
        }
        let name = PersonName::parse(name)?;
        let account = self.check_account(account, Some(id))?;
        if target.role == Role::Administrator && role != Role::Administrator {
            self.ensure_not_last_admin(&target)?;
        }
        let mut changes = Vec::new();
        if name != target.name {
            changes.push(format!("name “{}” → “{}”", target.name, name));
        }
        if account != target.account {
            changes.push(format!("account {} → {}", target.account, account));
        }
        if role != target.role {
            changes.push(format!("role {} → {}", target.role.label(), role.label()));
        }
        if changes.is_empty() {
            return Ok(());
        }
        let subject_name = name.to_string();
        if let Some(user) = self.users.iter_mut().find(|u| u.id == id) {
            user.name = name;
            user.account = account;
            user.role = role;
        }
        self.log(
            &actor,
            now,
            ActivityKind::UserEdited,
            Subject::User,
            subject_name,
            changes.join("; "),
        );
        Ok(())
    }

    /// Removes a person: they are kept as a former member with `left_at = now` (for history and
    /// token status), and tokens they downloaded stop working. Checks, in order: permission
    /// (`ManageUsers`, plus `ManageAdministrators` for an Administrator), that they are a current
    /// member, the last-Administrator rule, and that you are not removing yourself.
    pub fn remove_user(&mut self, id: UserId, now: Timestamp) -> Result<(), OrgError> {
        let actor = self.require(Permission::ManageUsers)?;
        let target = self.active_user(id)?.clone();
        if target.role == Role::Administrator {
            can(actor.role, Permission::ManageAdministrators)?;
            self.ensure_not_last_admin(&target)?;
        }
        if id == actor.id {
            return Err(OrgError::CannotRemoveYourself);
        }
        let stops = tokens_stop_working(&self.servers_relying_on(id, now));
        if let Some(user) = self.users.iter_mut().find(|u| u.id == id) {
            user.left_at = Some(now);
        }
        self.log(
            &actor,
            now,
            ActivityKind::UserRemoved,
            Subject::User,
            target.name.to_string(),
            format!(
                "{} ({}) left the organization{}",
                target.name,
                target.role.label(),
                stops
            ),
        );
        Ok(())
    }

    /// Records that a current member changed their password (in their Managed Apple Account;
    /// the app keeps no passwords): tokens they downloaded stop working. Anyone may record
    /// their own; others need `ResetPasswords`, plus `ManageAdministrators` for an
    /// Administrator. The log names the servers whose tokens stop working.
    pub fn record_password_change(&mut self, id: UserId, now: Timestamp) -> Result<(), OrgError> {
        let actor = self.actor()?;
        let target = self.active_user(id)?.clone();
        if id != actor.id {
            can(actor.role, Permission::ResetPasswords)?;
            if target.role == Role::Administrator {
                can(actor.role, Permission::ManageAdministrators)?;
            }
        }
        let stops = tokens_stop_working(&self.servers_relying_on(id, now));
        if let Some(user) = self.users.iter_mut().find(|u| u.id == id) {
            user.password_changes.push(now);
        }
        self.log(
            &actor,
            now,
            ActivityKind::PasswordReset,
            Subject::User,
            target.name.to_string(),
            format!("password change recorded{stops}"),
        );
        Ok(())
    }

    /// Switches who is signed in (the app simulates signing in; no password). Any current member.
    pub fn sign_in_as(&mut self, id: UserId, now: Timestamp) -> Result<(), OrgError> {
        let previous = self.actor()?;
        let target = self.active_user(id)?.clone();
        if id == previous.id {
            return Ok(());
        }
        self.signed_in = id;
        let actor = Actor {
            id,
            name: target.name.to_string(),
            role: target.role,
        };
        self.log(
            &actor,
            now,
            ActivityKind::SignedIn,
            Subject::User,
            target.name.to_string(),
            format!(
                "signed in as {}, replacing {}",
                target.role.label(),
                previous.name
            ),
        );
        Ok(())
    }

    fn ensure_not_last_admin(&self, target: &User) -> Result<(), OrgError> {
        let other_admins = self
            .users
            .iter()
            .filter(|u| u.is_active() && u.role == Role::Administrator && u.id != target.id)
            .count();
        if other_admins == 0 {
            Err(OrgError::LastAdministrator {
                name: target.name.to_string(),
            })
        } else {
            Ok(())
        }
    }

    /// The servers whose working token (active or expiring soon at `now`) was downloaded by
    /// `id`, by name in list order: what stops working if that person changes their password or
    /// leaves.
    pub fn servers_relying_on(&self, id: UserId, now: Timestamp) -> Vec<&str> {
        self.servers
            .iter()
            .filter(|s| {
                self.active_token(s.id)
                    .is_some_and(|t| t.downloaded_by == id)
                    && self
                        .token_status(s.id, now)
                        .is_some_and(|st| st.is_working())
            })
            .map(|s| s.name.as_str())
            .collect()
    }
}

/// "; the token of “A” stops working", "; the tokens of “A” and “B” stop working", or nothing.
fn tokens_stop_working(servers: &[&str]) -> String {
    match servers.len() {
        0 => String::new(),
        1 => format!(
            "; the server token of {} stops working",
            crate::domain::text::quoted_list(servers)
        ),
        _ => format!(
            "; the server tokens of {} stop working",
            crate::domain::text::quoted_list(servers)
        ),
    }
}
