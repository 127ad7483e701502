//! MDM server names: what an admin types in "Add MDM Server" and sees in every list, default
//! picker and token file name.
//!
//! Apple Business Manager shows the pseudo-servers "Unassigned" and "Reassigned" in its own
//! lists, so those names are reserved in any letter case, width or normalization. Names must also
//! be unique in the organization in a way a person would agree with: two names that look the
//! same (differing only in letter case, Unicode encoding of accents, full-width letters,
//! invisible characters or repeated spaces) are the same name.
//!
//! Error messages are whole sentences, shown as they are beside the field as the admin types.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::text::{clean_label, comparison_key, LabelProblem};

/// Longest accepted name, in Unicode scalar values of the trimmed, NFC-normalized name. Apple
/// does not publish a limit; 100 keeps names readable in lists and token file names while
/// leaving room for descriptive names like "Building 4 – Room 12 – Shared iPads".
pub const MAX_SERVER_NAME_CHARS: usize = 100;

/// Names Apple Business Manager itself uses for device states; a server with either name would
/// be indistinguishable from them in device lists.
pub const RESERVED_SERVER_NAMES: [&str; 2] = ["Unassigned", "Reassigned"];

/// A validated MDM server name. Holding one proves the format rules passed; uniqueness is proven
/// against the list given to [`ServerName::parse`] at the time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServerName {
    /// As displayed: trimmed, NFC.
    text: String,
    /// [`comparison_key`] of `text`, kept so uniqueness checks over 1,000 servers stay cheap.
    key: String,
}

/// Why a typed server name was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerNameError {
    /// Nothing visible was typed (only spaces or invisible characters count as nothing).
    Empty,
    /// Longer than [`MAX_SERVER_NAME_CHARS`]; carries the length typed.
    TooLong {
        /// Length in Unicode scalar values after trimming and NFC.
        chars: usize,
    },
    /// Contains a line break (CR, LF, U+2028, U+2029...): a name is one line.
    LineBreak,
    /// Contains an invisible control character such as a tab.
    ControlCharacter {
        /// The offending code point.
        code_point: u32,
    },
    /// Contains a bidirectional override or isolate that could make the name display as
    /// something else.
    DirectionalFormatting {
        /// The offending code point.
        code_point: u32,
    },
    /// Matches "Unassigned" or "Reassigned" in some case, width or normalization.
    Reserved {
        /// The reserved name it matches, in Apple's spelling.
        reserved: &'static str,
    },
    /// Another server already has a name that compares equal.
    Duplicate {
        /// That server's name as displayed.
        existing: String,
    },
}

impl fmt::Display for ServerNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerNameError::Empty => write!(f, "Enter a name for the MDM server."),
            ServerNameError::TooLong { chars } => write!(
                f,
                "The name is {chars} characters long; use at most {MAX_SERVER_NAME_CHARS}."
            ),
            ServerNameError::LineBreak => {
                write!(f, "The name must be on one line; remove the line break.")
            }
            ServerNameError::ControlCharacter { code_point } => write!(
                f,
                "The name contains an invisible control character (U+{code_point:04X}); remove it."
            ),
            ServerNameError::DirectionalFormatting { code_point } => write!(
                f,
                "The name contains a text-direction override (U+{code_point:04X}) that could disguise it; remove it."
            ),
            ServerNameError::Reserved { reserved } => write!(
                f,
                "The name “{reserved}” is reserved by Apple Business Manager; choose another."
            ),
            ServerNameError::Duplicate { existing } => write!(
                f,
                "Another MDM server is already named “{existing}”; names must differ by more than letter case, accents’ encoding or spacing."
            ),
        }
    }
}

impl std::error::Error for ServerNameError {}

impl From<LabelProblem> for ServerNameError {
    fn from(p: LabelProblem) -> Self {
        match p {
            LabelProblem::Empty => ServerNameError::Empty,
            LabelProblem::TooLong { chars } => ServerNameError::TooLong { chars },
            LabelProblem::LineBreak => ServerNameError::LineBreak,
            LabelProblem::ControlCharacter { code_point } => {
                ServerNameError::ControlCharacter { code_point }
            }
            LabelProblem::DirectionalFormatting { code_point } => {
                ServerNameError::DirectionalFormatting { code_point }
            }
        }
    }
}

impl ServerName {
    /// Parses a typed name and checks it is unique among `existing` (the organization's other
    /// servers). When renaming, pass every server except the one being renamed, so changing only
    /// the letter case of its own name is allowed; [`crate::domain::organization::Organization::check_server_name`]
    /// does that for you.
    pub fn parse<'a>(
        input: &str,
        existing: impl IntoIterator<Item = &'a ServerName>,
    ) -> Result<ServerName, ServerNameError> {
        let name = ServerName::parse_standalone(input)?;
        if let Some(clash) = existing.into_iter().find(|other| other.key == name.key) {
            return Err(ServerNameError::Duplicate {
                existing: clash.text.clone(),
            });
        }
        Ok(name)
    }

    /// Format-only check (trim, length, characters, reserved names), without uniqueness: for
    /// loading stored data and for checks with no organization at hand.
    pub fn parse_standalone(input: &str) -> Result<ServerName, ServerNameError> {
        let text = clean_label(input, MAX_SERVER_NAME_CHARS)?;
        let key = comparison_key(&text);
        if let Some(reserved) = RESERVED_SERVER_NAMES
            .iter()
            .find(|r| comparison_key(r) == key)
        {
            return Err(ServerNameError::Reserved { reserved });
        }
        Ok(ServerName { text, key })
    }

    /// The name as displayed (trimmed, NFC).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The comparison key (see the module docs): equal keys mean the same name.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// Whether two names count as the same name (the uniqueness rule).
    pub fn same_as(&self, other: &ServerName) -> bool {
        self.key == other.key
    }
}

impl fmt::Display for ServerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for ServerName {
    type Error = ServerNameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        ServerName::parse_standalone(&value)
    }
}

impl From<ServerName> for String {
    fn from(name: ServerName) -> String {
        name.text
    }
}
