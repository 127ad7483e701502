//! The rules every stored organization must satisfy, checked when it is loaded so a corrupted or
//! hand-edited state is reported instead of misbehaving later.

use super::{DeviceType, OrgError, Organization, MAX_EXPIRING_SOON_DAYS};
use crate::domain::ids::UserId;
use crate::domain::server_name::ServerName;
use crate::domain::text::sort_by;
use crate::domain::users::{Role, User};

impl Organization {
    /// The rules every stored organization must satisfy; checked on load so a corrupted or
    /// hand-edited state is reported instead of misbehaving later.
    pub(super) fn check_invariants(&self) -> Result<(), OrgError> {
        let bad = |reason: String| Err(OrgError::Inconsistent { reason });
        let mut user_ids: Vec<u64> = self.users.iter().map(|u| u.id.0).collect();
        let mut server_ids: Vec<u64> = self.servers.iter().map(|s| s.id.0).collect();
        let mut all: Vec<u64> = user_ids.iter().chain(server_ids.iter()).copied().collect();
        sort_by(&mut all, u64::cmp);
        if all.windows(2).any(|w| w[0] == w[1]) {
            return bad("two records share an id".to_string());
        }
        if all.last().is_some_and(|max| *max >= self.next_id) {
            return bad("the id counter is behind the ids in use".to_string());
        }
        sort_by(&mut user_ids, u64::cmp);
        sort_by(&mut server_ids, u64::cmp);
        let known_user = |id: UserId| user_ids.binary_search(&id.0).is_ok();
        if self.user(self.signed_in).is_none_or(|u| !u.is_active()) {
            return bad("the signed-in person is not a current member".to_string());
        }
        let active: Vec<&User> = self.users.iter().filter(|u| u.is_active()).collect();
        if !active.iter().any(|u| u.role == Role::Administrator) {
            return bad("there is no current Administrator".to_string());
        }
        for (i, a) in active.iter().enumerate() {
            if let Some(b) = active[i + 1..]
                .iter()
                .find(|b| b.account.same_as(&a.account))
            {
                return bad(format!("{} and {} share an account", a.name, b.name));
            }
        }
        let mut names: Vec<&ServerName> = self.servers.iter().map(|s| &s.name).collect();
        sort_by(&mut names, |a, b| a.key().cmp(b.key()));
        if let Some(pair) = names.windows(2).find(|w| w[0].same_as(w[1])) {
            return bad(format!("two servers are named “{}”", pair[0]));
        }
        for s in &self.servers {
            if !known_user(s.added_by)
                || s.tokens.iter().any(|t| !known_user(t.downloaded_by))
                || s.certificate_history
                    .iter()
                    .any(|c| !known_user(c.replaced_by))
            {
                return bad(format!("“{}” refers to an unknown person", s.name));
            }
            if s.tokens.iter().filter(|t| t.replaced_at.is_none()).count() > 1 {
                return bad(format!("“{}” has more than one active token", s.name));
            }
        }
        for t in DeviceType::ALL {
            if let Some(id) = self.defaults.get(t) {
                if server_ids.binary_search(&id.0).is_err() {
                    return bad(format!(
                        "the default for {t} is a server that does not exist"
                    ));
                }
            }
        }
        if !(1..=MAX_EXPIRING_SOON_DAYS).contains(&self.settings.expiring_soon_days) {
            return bad(format!(
                "“expiring soon” is set to {} days",
                self.settings.expiring_soon_days
            ));
        }
        Ok(())
    }
}
