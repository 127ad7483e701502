//! The two token actions an admin takes from a server's page or the banner: download a new
//! token, and download calendar reminders for its expiry. The token is made in the background
//! worker (`src/bin/worker.rs`, the same one the vendor kit uses): RSA and AES live there, so
//! the app's first load carries none of that code, and the worker's wasm is fetched on the
//! first Download Token. The worker supplies the browser's CSPRNG; the page its clock. This
//! edge records the token, then hands the file to the browser as a download. Nothing secret is
//! kept.

use super::background;
use super::edges::{clock, downloads};
use super::state::AppContext;
use crate::domain::calendar::expiry_reminders_ics;
use crate::domain::ids::ServerId;
use crate::domain::organization::Command;
use crate::domain::text::with_reason;
use crate::domain::token::IssuedToken;
use crate::worker_protocol::{AppReply, Request};
use yew::Callback;

/// What breaks when the working token of server `name` is replaced (a new download, a new
/// public key): every confirmation of such an action says it in these words.
pub fn token_stops(name: &str) -> String {
    format!(
        "The token now installed on “{name}” stops working; the MDM server must get the new one."
    )
}

/// "Download Token" on the server page and in the banner: asks first when the server has a
/// working token, which the download replaces (a first download, or one after the token
/// stopped working, asks nothing), then makes and downloads it, saying how it went.
pub fn download_asking(app: &AppContext, id: ServerId) {
    let org = app.org();
    let working = org
        .token_status(id, app.state().now)
        .is_some_and(|s| s.is_working());
    let start = {
        let app = app.clone();
        Callback::from(move |()| {
            app.say("Making the token…".into());
            let said = app.clone();
            download_token(&app, id, move |result| {
                said.say(match result {
                    Ok(file) if working => format!("Downloaded {file}. Upload it to your MDM server; the previous token no longer works."),
                    Ok(file) => format!("Downloaded {file}. Upload it to your MDM server."),
                    Err(error) => error,
                })
            });
        })
    };
    match org.server(id) {
        Some(server) if working => {
            let name = server.name.as_str();
            app.ask(
                format!("Download a new token for “{name}”?"),
                token_stops(name),
                "Download new token",
                false,
                start,
            );
        }
        _ => start.emit(()),
    }
}

/// Makes, records and downloads a new token for `server`, in the background; `done` gets the
/// file name, or the reason no token was downloaded.
///
/// Order matters: the token is recorded (which checks permission, that the certificate is
/// still the server's, and makes the previous token "Replaced") before the file is offered, so a
/// file is never handed out that the app does not know about.
pub fn download_token(
    app: &AppContext,
    server: ServerId,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let org = app.org();
    let Some(entry) = org.server(server) else {
        return done(Err(
            "This server no longer exists; it may have been deleted.".into(),
        ));
    };
    if let Err(denied) = org.may(crate::domain::permissions::Permission::DownloadToken) {
        return done(Err(denied.to_string()));
    }
    let request = Request::Issue {
        certificate_base64: entry.certificate.der_base64.clone(),
        server_name: entry.name.to_string(),
        downloaded_by: org.signed_in().0,
        now: clock::now(),
    };
    let app = app.clone();
    background::ask(&request, move |reply| {
        done(match reply {
            Ok(AppReply::Issued(issued)) => {
                let IssuedToken {
                    file_name,
                    file_bytes,
                    record,
                } = *issued;
                app.run(Command::RecordToken {
                    server,
                    token: record,
                })
                .map_err(|error| error.to_string())
                .and_then(|_| {
                    downloads::download(&file_bytes, &file_name, "application/pkcs7-mime")
                        .map_err(|e| with_reason("The token file could not be downloaded.", &e))?;
                    Ok(file_name)
                })
            }
            Ok(AppReply::Refused(reason)) => Err(reason),
            Ok(_) => Err(with_reason("No token was made.", background::ANSWERED_ELSE)),
            Err(reason) => Err(with_reason("No token was made.", &reason)),
        });
    });
}

/// Downloads an iCalendar file with reminders 30 and 7 days before the server's active token
/// expires.
pub fn download_reminders(app: &AppContext, server: ServerId) -> Result<String, String> {
    let org = app.org();
    let entry = org.server(server).ok_or("This server no longer exists.")?;
    let token = org
        .active_token(server)
        .ok_or("This server has no token yet: download one first.")?;
    let ics = expiry_reminders_ics(
        entry.name.as_str(),
        token.expires_at,
        clock::now(),
        &format!("{}-{}", server.0, token.id),
    );
    let stem = crate::domain::token::sanitize_server_name(entry.name.as_str(), 200);
    let file_name = format!("{stem}_Token_Reminders.ics");
    downloads::download(ics.as_bytes(), &file_name, "text/calendar")
        .map_err(|e| with_reason("The reminders could not be downloaded.", &e))?;
    Ok(file_name)
}
