//! The activity log: who did what, when. Entries copy the names involved at the time, so the
//! log still reads correctly after people and servers are renamed, leave or are deleted.

use serde::{Deserialize, Serialize};

use crate::domain::ids::UserId;
use crate::domain::time::Timestamp;
use crate::domain::unicode::lowercase;

/// What happened. Serialized as its stable [`ActivityKind::code`], which is also what the CSV
/// export and the filter use, so stored logs and exports stay readable across releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityKind {
    /// The organization was set up on first launch.
    OrganizationCreated,
    /// The organization was renamed.
    OrganizationRenamed,
    /// A person was added.
    UserAdded,
    /// A person's name, account or role changed.
    UserEdited,
    /// A person was removed (kept as a former member).
    UserRemoved,
    /// A password was reset.
    PasswordReset,
    /// Someone signed in (switched user).
    SignedIn,
    /// An MDM server was added.
    ServerAdded,
    /// An MDM server was renamed.
    ServerRenamed,
    /// A server's certificate was replaced.
    CertificateReplaced,
    /// "Allow this MDM server to release devices" was changed.
    ReleaseSettingChanged,
    /// A default server for a device type was set or cleared.
    DefaultChanged,
    /// An MDM server was deleted.
    ServerDeleted,
    /// A server token was downloaded.
    TokenDownloaded,
    /// An organization setting changed.
    SettingsChanged,
    /// Old entries of this log were archived (after their CSV download).
    ActivityArchived,
}

impl ActivityKind {
    /// Stable machine code, e.g. "server-added".
    pub fn code(self) -> &'static str {
        use ActivityKind::*;
        match self {
            OrganizationCreated => "organization-created",
            OrganizationRenamed => "organization-renamed",
            UserAdded => "user-added",
            UserEdited => "user-edited",
            UserRemoved => "user-removed",
            PasswordReset => "password-reset",
            SignedIn => "signed-in",
            ServerAdded => "server-added",
            ServerRenamed => "server-renamed",
            CertificateReplaced => "certificate-replaced",
            ReleaseSettingChanged => "release-setting-changed",
            DefaultChanged => "default-changed",
            ServerDeleted => "server-deleted",
            TokenDownloaded => "token-downloaded",
            SettingsChanged => "settings-changed",
            ActivityArchived => "activity-archived",
        }
    }
}

/// What kind of thing an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// The organization itself.
    Organization,
    /// A person.
    User,
    /// An MDM server.
    Server,
    /// The default server of a device type.
    Default,
    /// Organization settings.
    Settings,
}

impl Subject {
    /// Stable code, e.g. "server".
    pub fn code(self) -> &'static str {
        match self {
            Subject::Organization => "organization",
            Subject::User => "user",
            Subject::Server => "server",
            Subject::Default => "default",
            Subject::Settings => "settings",
        }
    }
}

/// One line of the activity log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// When.
    pub at: Timestamp,
    /// Who did it.
    pub actor: UserId,
    /// Their name at the time.
    pub actor_name: String,
    /// What they did.
    pub action: ActivityKind,
    /// What kind of thing it was done to.
    pub subject: Subject,
    /// The name of that thing at the time (server, person, organization, device type).
    pub subject_name: String,
    /// A plain-English detail, e.g. "renamed from “Old” to “New”".
    pub detail: String,
}

/// The entries matching `query`, newest first (the log is stored oldest first, in the order
/// things happened).
///
/// Matching is case-insensitive, over every field as the admin sees it: the date and time
/// (RFC 3339 UTC), actor name, action code, subject code, subject name and detail. The query is
/// split on whitespace and every word must match some field ("server cupertino" finds server
/// events about Cupertino). An empty query lists everything.
pub fn filter_activity<'a>(entries: &'a [ActivityEntry], query: &str) -> Vec<&'a ActivityEntry> {
    let words: Vec<String> = query.split_whitespace().map(lowercase).collect();
    entries
        .iter()
        .rev()
        .filter(|e| {
            if words.is_empty() {
                return true;
            }
            let haystack = [
                e.at.rfc3339().as_str(),
                e.actor_name.as_str(),
                e.action.code(),
                e.subject.code(),
                e.subject_name.as_str(),
                e.detail.as_str(),
            ]
            .join("\n");
            let haystack = lowercase(&haystack);
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect()
}

/// The byte-order mark every CSV starts with, so spreadsheet programs read it as UTF-8.
pub const CSV_BOM: &str = "\u{FEFF}";

/// The CSV header row, in column order.
pub const CSV_HEADER: &str = "time,actor,action,subject,name,detail";

/// The entries as an RFC 4180 CSV file, in the order given (pass [`filter_activity`]'s result to
/// export what is on screen).
///
/// - [`CSV_BOM`], then the header row [`CSV_HEADER`]; every record ends with CRLF.
/// - Time is RFC 3339 UTC; actor and name are the names at the time.
/// - Formula-injection guard: a spreadsheet treats a cell starting with `=` `+` `-` `@`, tab or
///   CR as a formula, and names are typed by people, so such fields get a leading `'` (OWASP's
///   advice; spreadsheets hide it, and it shows the text was neutralised).
/// - Then fields containing `,` `"` CR or LF are quoted, with `"` doubled.
pub fn activity_csv<'a>(entries: impl IntoIterator<Item = &'a ActivityEntry>) -> String {
    // A UTF-8 byte-order mark first: Excel reads a CSV without one in the system's legacy code
    // page, which garbles every name outside ASCII ("Zoë", "“Lab”").
    let mut out = String::from(CSV_BOM);
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for e in entries {
        let fields = [
            e.at.rfc3339(),
            e.actor_name.clone(),
            e.action.code().to_string(),
            e.subject.code().to_string(),
            e.subject_name.clone(),
            e.detail.clone(),
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_field(&mut out, field);
        }
        out.push_str("\r\n");
    }
    out
}

/// Appends one field, guarded against formula injection and quoted per RFC 4180.
fn push_csv_field(out: &mut String, field: &str) {
    let guarded;
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{field}");
        guarded.as_str()
    } else {
        field
    };
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}
