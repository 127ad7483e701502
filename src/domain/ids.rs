//! Stable identifiers for people and servers. Names change (rename, typo fixes); ids never do,
//! so history (activity, token downloads) keeps pointing at the right record.

use serde::{Deserialize, Serialize};

/// Identifies a person in the organization, including people who have left (their id stays in
/// token history and the activity log).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub u64);

/// Identifies an MDM server entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServerId(pub u64);
