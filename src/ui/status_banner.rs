//! The banner on every view that says when something needs the admin: stored data that could not
//! be loaded or saved (and, with the token work, servers whose tokens need action).

use yew::prelude::*;

use super::browser;
use super::routes::Route;
use super::state::{use_app, Action, StorageHealth};
use super::token_actions::download_token;
use crate::domain::permissions::Permission;
use crate::domain::token::TokenStatus;

/// The banner; renders nothing when all is well.
#[component]
pub fn StatusBanner() -> Html {
    let app = use_app();
    let storage = match &app.state().storage {
        StorageHealth::Ok => Html::default(),
        StorageHealth::Unavailable { reason } => html! {
            <div class="banner warning" role="alert">
                <strong>{ "Browser storage is not available. " }</strong>
                { format!("{reason}. You can work normally, but nothing will be kept after this \
                           page is closed.") }
            </div>
        },
        StorageHealth::SaveFailed { reason } => html! {
            <div class="banner error" role="alert">
                <strong>{ "Your last change was not saved. " }</strong>
                { format!("{reason}. Everything is still here in this page; it will be saved \
                           with your next change once the browser allows it.") }
            </div>
        },
        StorageHealth::Unreadable { error, raw } => {
            let download = {
                let raw = raw.clone();
                Callback::from(move |_: MouseEvent| {
                    let name =
                        format!("mdm-link-stored-data-{}.json", browser::now().date_string());
                    let _ = browser::download(raw.as_bytes(), &name, "application/json");
                })
            };
            let replace = {
                let app = app.clone();
                Callback::from(move |_: MouseEvent| app.dispatch(Action::ReplaceUnreadable))
            };
            html! {
                <div class="banner error" role="alert">
                    <p><strong>{ "The data stored in this browser could not be loaded. " }</strong>
                       { format!("{error}.") }</p>
                    <p>{ "It has not been changed or deleted. You are working on a new, empty \
                          organization that is not saved, so the stored data stays as it was. \
                          Download the stored data to keep a copy." }</p>
                    <div class="banner-actions">
                        <button type="button" class="button" onclick={download}>{ "Download stored data" }</button>
                        <button type="button" class="button secondary" onclick={replace}>
                            { "Replace stored data with this organization" }</button>
                    </div>
                </div>
            }
        }
    };
    html! { <>{ storage }<TokenBanner /></> }
}

/// Servers whose tokens need action (expired, expiring soon, invalidated), with a direct
/// "Download Token" for people allowed to, and a plain explanation for people who are not.
#[component]
fn TokenBanner() -> Html {
    let app = use_app();
    let message = use_state(|| None::<String>);
    let now = app.state().now;
    let org = app.org();
    let mut attention: Vec<(crate::domain::ids::ServerId, String, TokenStatus)> = org
        .servers()
        .iter()
        .filter_map(|server| {
            let status = org.token_status(server.id, now)?;
            (status.needs_action() && status != TokenStatus::NoToken)
                .then(|| (server.id, server.name.to_string(), status))
        })
        .collect();
    if attention.is_empty() {
        return Html::default();
    }
    attention.sort_by_key(|entry| entry.1.to_lowercase());
    let denied = org.may(Permission::DownloadToken).err();
    html! {
        <section class="banner warning" aria-labelledby="token-banner-title">
            <h2 id="token-banner-title" class="banner-title">
                { if attention.len() == 1 { "1 server token needs action".to_string() }
                  else { format!("{} server tokens need action", attention.len()) } }
            </h2>
            <ul class="banner-list">
                { for attention.into_iter().map(|(id, name, status)| {
                    let href = Route::MdmServer { id: id.0 }.href();
                    let on_download = {
                        let app = app.clone();
                        let message = message.clone();
                        Callback::from(move |_: MouseEvent| match download_token(&app, id) {
                            Ok(file) => message.set(Some(format!("Downloaded {file}."))),
                            Err(error) => message.set(Some(error)),
                        })
                    };
                    html! {
                        <li key={id.0}>
                            <a {href}>{ name.clone() }</a>{ ": " }{ status.text() }
                            if denied.is_none() {
                                { " " }
                                <button type="button" class="button small" onclick={on_download}
                                        aria-label={format!("Download Token for {name}")}>{ "Download Token" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
            if let Some(denied) = &denied {
                <p class="why">{ format!("{denied} Ask one of them to download new tokens.") }</p>
            }
            if let Some(text) = &*message {
                <p role="status">{ text.clone() }</p>
            }
        </section>
    }
}
