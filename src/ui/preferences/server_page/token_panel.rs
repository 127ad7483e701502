//! A server's token: its status in plain words, Download Token, calendar reminders, history.

use yew::prelude::*;

use super::PanelProps;
use crate::domain::permissions::Permission;
use crate::domain::token::TokenStatus;
use crate::ui::state::use_app;
use crate::ui::token_actions::{download_reminders, download_token};
use crate::ui::widgets::GuardedButton;

/// The token: status in plain words, Download Token, reminders and history.
#[component]
pub fn TokenPanel(props: &PanelProps) -> Html {
    let app = use_app();
    let message = use_state(|| None::<(bool, String)>);
    let now = app.state().now;
    let org = app.org();
    let status = org
        .token_status(props.id, now)
        .unwrap_or(TokenStatus::NoToken);
    let history = org.token_history(props.id, now);
    // Reminders only make sense for a token that is still working.
    let has_token = matches!(
        status,
        TokenStatus::Active { .. } | TokenStatus::ExpiresSoon { .. }
    );
    let on_download = {
        let app = app.clone();
        let message = message.clone();
        let id = props.id;
        Callback::from(move |_: MouseEvent| {
            message.set(Some((true, "Making the token…".to_string())));
            let message = message.clone();
            download_token(&app, id, move |result| {
                match result {
                Ok(file) => message.set(Some((true, format!("Downloaded {file}. Upload it to your MDM server; the previous token no longer works.")))),
                Err(error) => message.set(Some((false, error))),
            }
            });
        })
    };
    let on_reminder = {
        let app = app.clone();
        let message = message.clone();
        let id = props.id;
        Callback::from(move |_: MouseEvent| match download_reminders(&app, id) {
            Ok(file) => message.set(Some((
                true,
                format!("Downloaded {file}: open it to add the reminders to your calendar."),
            ))),
            Err(error) => message.set(Some((false, error))),
        })
    };
    html! {
        <section class="panel" aria-labelledby="token-title">
            <h3 id="token-title">{ "Server token" }</h3>
            <p class={classes!("token-status", status.code(), status.needs_action().then_some("attention"))}
               id="token-status">{ status.text() }</p>
            <div class="actions">
                <GuardedButton label="Download Token" permission={Permission::DownloadToken} onclick={on_download} />
                if has_token {
                    <button type="button" class="button secondary" onclick={on_reminder}>
                        { "Add reminder to calendar" }</button>
                }
            </div>
            if let Some((ok, text)) = &*message {
                <p class={if *ok { "notice" } else { "field-error" }} role={if *ok { "status" } else { "alert" }}>
                    { text.clone() }</p>
            }
            if !history.is_empty() {
                <table class="data-table compact">
                    <caption>{ "Token history" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Issued" }</th><th scope="col">{ "Expires" }</th>
                        <th scope="col">{ "Downloaded by" }</th><th scope="col">{ "Ended" }</th>
                    </tr></thead>
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
