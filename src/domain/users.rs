//! People in the organization: their names, Managed Apple Accounts and roles.
//!
//! People who leave are kept (with `left_at` set) rather than deleted: tokens they downloaded
//! stop working when they leave, and the token status must be able to say "PERSON, who
//! downloaded it, left the organization on DATE". The activity log keeps their name too.
//!
//! Error messages are whole sentences, shown as they are beside the field as the admin types.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::ids::UserId;
use crate::domain::text::{clean_label, LabelProblem};
use crate::domain::time::Timestamp;

/// Longest accepted person name, in Unicode scalar values (trimmed, NFC).
pub const MAX_PERSON_NAME_CHARS: usize = 100;

/// Longest accepted account, in characters: the practical limit on an email address path
/// (RFC 5321's 256-octet path minus the angle brackets).
pub const MAX_ACCOUNT_CHARS: usize = 254;

/// The roles of Apple Business Essentials / Manager that matter to MDM server assignment. What
/// each may do is decided in [`crate::domain::permissions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Full control, including granting the Administrator role.
    Administrator,
    /// Manages devices: MDM servers, defaults, server tokens.
    DeviceEnrollmentManager,
    /// Manages people.
    PeopleManager,
    /// Manages apps and books; nothing here.
    ContentManager,
    /// An ordinary member; read-only here.
    Staff,
}

impl Role {
    /// Every role, in the order Apple lists them.
    pub const ALL: [Role; 5] = [
        Role::Administrator,
        Role::DeviceEnrollmentManager,
        Role::PeopleManager,
        Role::ContentManager,
        Role::Staff,
    ];

    /// The role's name as Apple spells it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::DeviceEnrollmentManager => "Device Enrollment Manager",
            Role::PeopleManager => "People Manager",
            Role::ContentManager => "Content Manager",
            Role::Staff => "Staff",
        }
    }

    /// The label with the article a sentence needs: "an Administrator", "a People Manager",
    /// "Staff" (a group noun, so no article).
    pub fn with_article(self) -> String {
        match self {
            Role::Administrator => "an Administrator".to_string(),
            Role::Staff => "Staff".to_string(),
            other => format!("a {}", other.label()),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a typed person name or account was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserError {
    /// The name is empty.
    NameEmpty,
    /// The name is longer than [`MAX_PERSON_NAME_CHARS`].
    NameTooLong {
        /// Length typed, in Unicode scalar values.
        chars: usize,
    },
    /// The name contains a line break, a control character or a direction override.
    NameHasInvisibleCharacter {
        /// The offending code point.
        code_point: u32,
    },
    /// The account is empty.
    AccountEmpty,
    /// The account is longer than [`MAX_ACCOUNT_CHARS`].
    AccountTooLong {
        /// Length typed, in characters.
        chars: usize,
    },
    /// The account contains a space or another invisible character.
    AccountHasSpace,
    /// The account does not have exactly one "@" with something on both sides.
    AccountNotAnAddress,
    /// The part after "@" is not a domain with a dot (like "example.com").
    AccountDomainInvalid,
    /// Another active person already has this account (compared ignoring letter case).
    AccountTaken {
        /// Who has it.
        holder: String,
    },
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserError::NameEmpty => write!(f, "Enter the person’s name."),
            UserError::NameTooLong { chars } => write!(
                f,
                "The name is {chars} characters long; use at most {MAX_PERSON_NAME_CHARS}."
            ),
            UserError::NameHasInvisibleCharacter { code_point } => write!(
                f,
                "The name contains an invisible or line-break character (U+{code_point:04X}); remove it."
            ),
            UserError::AccountEmpty => write!(f, "Enter the Managed Apple Account."),
            UserError::AccountTooLong { chars } => write!(
                f,
                "The account is {chars} characters long; use at most {MAX_ACCOUNT_CHARS}."
            ),
            UserError::AccountHasSpace => {
                write!(f, "The account cannot contain spaces or invisible characters.")
            }
            UserError::AccountNotAnAddress => write!(
                f,
                "The account must look like name@example.com, with one “@”."
            ),
            UserError::AccountDomainInvalid => write!(
                f,
                "The part after “@” must be a domain such as example.com."
            ),
            UserError::AccountTaken { holder } => {
                write!(f, "{holder} already uses this account.")
            }
        }
    }
}

impl std::error::Error for UserError {}

/// A person's display name: trimmed, NFC, 1 to [`MAX_PERSON_NAME_CHARS`] characters, one line,
/// no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Parses a typed name.
    pub fn parse(input: &str) -> Result<PersonName, UserError> {
        clean_label(input, MAX_PERSON_NAME_CHARS)
            .map(PersonName)
            .map_err(|p| match p {
                LabelProblem::Empty => UserError::NameEmpty,
                LabelProblem::TooLong { chars } => UserError::NameTooLong { chars },
                LabelProblem::LineBreak => UserError::NameHasInvisibleCharacter { code_point: 10 },
                LabelProblem::ControlCharacter { code_point }
                | LabelProblem::DirectionalFormatting { code_point } => {
                    UserError::NameHasInvisibleCharacter { code_point }
                }
            })
    }

    /// The name as displayed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For the core's own constants, which the tests prove valid.
    pub(crate) fn trusted(name: &str) -> PersonName {
        PersonName(name.to_string())
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = UserError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(n: PersonName) -> String {
        n.0
    }
}

/// A Managed Apple Account: the email-like sign-in of a person in the organization.
///
/// Deliberately loose (this is not an email validator): trimmed; exactly one "@" with a
/// non-empty local part; a domain of dot-separated non-empty labels with at least one dot; no
/// whitespace or control characters anywhere; at most [`MAX_ACCOUNT_CHARS`] characters. Stored as
/// typed (after trimming); compared ignoring letter case, because Apple treats accounts
/// case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ManagedAppleAccount(String);

impl ManagedAppleAccount {
    /// Parses a typed account and checks no one in `existing` (the organization's active
    /// people, except the one being edited) already uses it.
    pub fn parse<'a>(
        input: &str,
        existing: impl IntoIterator<Item = (&'a ManagedAppleAccount, &'a str)>,
    ) -> Result<ManagedAppleAccount, UserError> {
        let account = ManagedAppleAccount::parse_standalone(input)?;
        if let Some((_, holder)) = existing
            .into_iter()
            .find(|(other, _)| other.same_as(&account))
        {
            return Err(UserError::AccountTaken {
                holder: holder.to_string(),
            });
        }
        Ok(account)
    }

    /// Format-only check, without uniqueness.
    pub fn parse_standalone(input: &str) -> Result<ManagedAppleAccount, UserError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(UserError::AccountEmpty);
        }
        let chars = text.chars().count();
        if chars > MAX_ACCOUNT_CHARS {
            return Err(UserError::AccountTooLong { chars });
        }
        if text.chars().any(|c| {
            c.is_whitespace() || c.is_control() || crate::domain::text::is_default_ignorable(c)
        }) {
            return Err(UserError::AccountHasSpace);
        }
        let mut parts = text.split('@');
        let domain = match (parts.next(), parts.next(), parts.next()) {
            (Some(local), Some(domain), None) if !local.is_empty() && !domain.is_empty() => domain,
            _ => return Err(UserError::AccountNotAnAddress),
        };
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err(UserError::AccountDomainInvalid);
        }
        Ok(ManagedAppleAccount(text.to_string()))
    }

    /// The account as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For the core's own constants, which the tests prove valid.
    pub(crate) fn trusted(account: &str) -> ManagedAppleAccount {
        ManagedAppleAccount(account.to_string())
    }

    /// Whether two accounts are the same ignoring letter case.
    pub fn same_as(&self, other: &ManagedAppleAccount) -> bool {
        crate::domain::unicode::lowercase(&self.0) == crate::domain::unicode::lowercase(&other.0)
    }
}

impl fmt::Display for ManagedAppleAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ManagedAppleAccount {
    type Error = UserError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ManagedAppleAccount::parse_standalone(&value)
    }
}

impl From<ManagedAppleAccount> for String {
    fn from(a: ManagedAppleAccount) -> String {
        a.0
    }
}

/// A person, current or former.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Stable id; never reused.
    pub id: UserId,
    /// Display name.
    pub name: PersonName,
    /// Sign-in account.
    pub account: ManagedAppleAccount,
    /// What they may do.
    pub role: Role,
    /// Every recorded change of their password, oldest first: a token they downloaded stops
    /// working at the first change after its download, so the token status needs all of them,
    /// not only the last.
    pub password_changes: Vec<Timestamp>,
    /// When they left the organization; `None` while they are a member. Tokens they downloaded
    /// stop working when they leave.
    pub left_at: Option<Timestamp>,
    /// When they were added.
    pub created_at: Timestamp,
}

impl User {
    /// Whether they are still a member (not removed).
    pub fn is_active(&self) -> bool {
        self.left_at.is_none()
    }

    /// When their password last changed, if a change was ever recorded.
    pub fn password_changed_at(&self) -> Option<Timestamp> {
        self.password_changes.iter().copied().max()
    }
}
