//! Exporting a backup, from Preferences > Organization or a banner: the background worker writes
//! the file (the whole-document encoding is not in the app's first load), the browser downloads
//! it, and the export's date is kept (in this browser only) for the reminder.

use yew::Callback;

use super::background;
use super::edges::{clock, downloads};
use super::state::{Action, AppContext};
use crate::domain::persistence::{self, backup};
use crate::domain::text::with_reason;
use crate::ui::background::ANSWERED_ELSE;
use crate::worker_protocol::{AppReply, Request};

/// Downloads the backup of the current organization; `done` gets the file name, or why not.
pub fn export_backup(app: &AppContext, done: Callback<Result<String, String>>) {
    let app = app.clone();
    let now = clock::now();
    let name = backup::file_name(app.org(), now);
    let request = Request::Export {
        organization: persistence::snapshot(app.org()),
    };
    wasm_bindgen_futures::spawn_local(async move {
        let text = match background::ask_async(request).await {
            Ok(AppReply::Exported(text)) => text,
            Ok(AppReply::Refused(reason)) | Err(reason) => {
                return done.emit(Err(with_reason(
                    "The backup could not be written.",
                    &reason,
                )))
            }
            Ok(_) => {
                return done.emit(Err(with_reason(
                    "The backup could not be written.",
                    ANSWERED_ELSE,
                )))
            }
        };
        match downloads::download(text.as_bytes(), &name, "application/json") {
            Ok(()) => {
                app.dispatch(Action::BackupExported(now));
                done.emit(Ok(name));
            }
            Err(reason) => done.emit(Err(with_reason(
                "The backup could not be downloaded.",
                &reason,
            ))),
        }
    });
}
