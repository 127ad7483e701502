//! A server's token: its status in plain words, Download Token, calendar reminders, history.

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::permissions::Permission;
use crate::domain::token::TokenStatus;
use crate::ui::state::AppContext;
use crate::ui::token_actions::{download_asking, download_reminders};
use crate::ui::widgets::GuardedButton;

/// The token: status in plain words, Download Token, reminders and history. A plain function
/// (what happens is announced by the root's status line), so it costs no component.
pub fn token_panel(app: &AppContext, id: ServerId) -> Html {
    let now = app.state().now;
    let org = app.org();
    let status = org.token_status(id, now).unwrap_or(TokenStatus::NoToken);
    let history = org.token_history(id, now);
    // Reminders only make sense for a token that is still working.
    let has_token = status.is_working();
    let on_download = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| download_asking(&app, id))
    };
    let on_reminder = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            app.say(match download_reminders(&app, id) {
                Ok(file) => {
                    format!("Downloaded {file}: open it to add the reminders to your calendar.")
                }
                Err(error) => error,
            })
        })
    };
    html! {
        <section class="panel" aria-labelledby="token-title">
            { crate::ui::widgets::raw("<h3 id=\"token-title\">Server token</h3>") }
            <p class={["tone tone-", status.severity()].concat()}
               id="token-status">{ crate::ui::widgets::dated(&status.text()) }</p>
            <div class="actions">
                <GuardedButton label="Download Token" permission={Permission::DownloadToken} onclick={on_download} />
                if has_token {
                    <button type="button" class="button secondary" onclick={on_reminder}>
                        { "Add reminder to calendar" }</button>
                }
            </div>
            if !history.is_empty() {
                <table class="data-table compact">
                    <caption>{ "Token history" }</caption>
                    { crate::ui::widgets::thead(&["Issued", "Expires", "Downloaded by", "Ended"]) }
                    <tbody>
                        { for history.iter().rev().map(|(record, end)| html! {
                            <tr key={record.id.clone()}>
                                <td>{ record.issued_at.rfc3339().replace('T', " ").replace('Z', " UTC") }</td>
                                <td>{ record.expires_at.date_string() }</td>
                                <td>{ org.user(record.downloaded_by).map(|u| u.name.to_string()).unwrap_or_else(|| "unknown".into()) }</td>
                                <td>{ end.text() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
