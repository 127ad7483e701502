//! The banner on every view that says when something needs the admin: stored data that could not
//! be loaded or saved (and, with the token work, servers whose tokens need action).

use yew::prelude::*;

use super::browser;
use super::state::{use_app, Action, StorageHealth};

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
    html! { <>{ storage }</> }
}
