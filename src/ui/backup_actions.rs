//! Exporting a backup, from Preferences > Organization or a banner: the core makes the file, the
//! browser downloads it, and the export's date is kept (in this browser only) for the reminder.

use super::edges::{clock, downloads};
use super::state::{Action, AppContext};
use crate::domain::persistence::backup;

/// Downloads the backup of the current organization; returns the file name.
pub fn export_backup(app: &AppContext) -> Result<String, String> {
    let now = clock::now();
    let name = backup::file_name(app.org(), now);
    downloads::download(
        backup::export(app.org()).as_bytes(),
        &name,
        "application/json",
    )
    .map_err(|reason| format!("The backup could not be downloaded: {reason}."))?;
    app.dispatch(Action::BackupExported(now));
    Ok(name)
}
