//! The two token actions an admin takes from a server's page or the banner: download a new
//! token, and download calendar reminders for its expiry. The core makes the file and the
//! record; this edge supplies the browser's CSPRNG and clock, records the token, then hands the
//! file to the browser as a download. Nothing secret is kept.

use rand_core::OsRng;

use super::edges::{clock, downloads};
use super::state::AppContext;
use crate::domain::calendar::expiry_reminders_ics;
use crate::domain::ids::ServerId;
use crate::domain::organization::Command;
use crate::domain::token::issue_token;

/// Generates, records and downloads a new token for `server`; returns the file name.
///
/// Order matters: the token is recorded (which checks permission and makes the previous token
/// "Replaced") before the file is offered, so a file is never handed out that the app does not
/// know about.
pub fn download_token(app: &AppContext, server: ServerId) -> Result<String, String> {
    let org = app.org();
    let entry = org
        .server(server)
        .ok_or("This server no longer exists; it may have been deleted.")?;
    org.may(crate::domain::permissions::Permission::DownloadToken)
        .map_err(|denied| denied.to_string())?;
    let der = entry
        .certificate
        .der()
        .ok_or("The stored certificate of this server is damaged; upload its public key again.")?;
    let issued = issue_token(
        &der,
        entry.name.as_str(),
        org.signed_in(),
        clock::now(),
        &mut OsRng,
    )
    .map_err(|error| format!("No token was made: {error}"))?;
    let record = issued.record;
    app.run(Command::RecordToken {
        server,
        token: record,
    })
    .map_err(|error| error.to_string())?;
    downloads::download(
        &issued.file_bytes,
        &issued.file_name,
        "application/pkcs7-mime",
    )?;
    Ok(issued.file_name)
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
    downloads::download(ics.as_bytes(), &file_name, "text/calendar")?;
    Ok(file_name)
}
