//! The banner on every view that says when something needs the admin: stored data that could
//! not be loaded or saved, and (through [`TokenBanner`]) servers whose tokens need action.

use yew::prelude::*;

use super::token_banner::TokenBanner;
use crate::domain::persistence;
use crate::ui::edges::{clock, downloads};
use crate::ui::state::{use_app, Action, StorageHealth};

/// The banner; renders nothing when all is well.
#[component]
pub fn StatusBanner() -> Html {
    let app = use_app();
    let download_failed = use_state(|| None::<String>);
    let storage = match &app.state().storage {
        StorageHealth::Ok => Html::default(),
        StorageHealth::Unavailable { reason } => html! {
            <div class="banner warning" role="alert">
                <strong>{ "Browser storage is not available. " }</strong>
                { format!("{reason}. You can work normally, but nothing will be kept after this \
                           page is closed.") }
            </div>
        },
        StorageHealth::SaveFailed { reason } => save_failed(&app, reason),
        StorageHealth::Unreadable { error, raw } => {
            let download = {
                let raw = raw.clone();
                let failed = download_failed.clone();
                Callback::from(move |_: MouseEvent| {
                    let name = format!("mdm-link-stored-data-{}.json", clock::now().date_string());
                    failed
                        .set(downloads::download(raw.as_bytes(), &name, "application/json").err());
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
                    if let Some(reason) = &*download_failed {
                        <p class="error-text">{ format!("The stored data could not be downloaded: {reason}. \
                            Nothing was changed; try again, or copy it from the browser's developer tools.") }</p>
                    }
                </div>
            }
        }
    };
    html! { <>{ storage }<TokenBanner /></> }
}

/// The last save failed (usually a full quota): say what happened, that nothing in the page is
/// lost, and what to do, with a retry once space is freed and a copy to download meanwhile.
fn save_failed(app: &crate::ui::state::AppContext, reason: &str) -> Html {
    let retry = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::RetrySave))
    };
    let download = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let name = format!("mdm-link-organization-{}.json", clock::now().date_string());
            let text = persistence::encode(app.org());
            if let Err(why) = downloads::download(text.as_bytes(), &name, "application/json") {
                app.dispatch(Action::SaveFailed(format!(
                    "the copy could not be downloaded either ({why})"
                )));
            }
        })
    };
    html! {
        <div class="banner error" role="alert">
            <p><strong>{ "Your last change was not saved. " }</strong>{ format!("{reason}.") }</p>
            <p>{ "Everything is still here in this page, but it will be lost when this page closes \
                  unless it can be saved. Free space for this site (for example, delete other \
                  sites' data in the browser's settings), then choose Try saving again. Meanwhile \
                  you can download a copy." }</p>
            <div class="banner-actions">
                <button type="button" class="button" onclick={retry}>{ "Try saving again" }</button>
                <button type="button" class="button secondary" onclick={download}>{ "Download a copy" }</button>
            </div>
        </div>
    }
}
