//! Preferences > Organization: renaming the organization (Administrators only).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::state::use_app;
use crate::ui::widgets::use_denied;

/// Renaming the organization (Administrators only).
#[component]
pub fn OrganizationName() -> Html {
    let app = use_app();
    let denied = use_denied(Permission::RenameOrganization);
    let current = app.org().name().to_string();
    let typed = use_state(|| current.clone());
    let error = use_state(|| None::<String>);
    let saved = use_state(|| None::<String>);

    let on_input = {
        let (typed, error, saved) = (typed.clone(), error.clone(), saved.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            typed.set(input.value());
            error.set(None);
            saved.set(None);
        })
    };
    let on_submit = {
        let app = app.clone();
        let (typed, error, saved) = (typed.clone(), error.clone(), saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match app.run(Command::RenameOrganization {
                name: (*typed).clone(),
            }) {
                Ok(_) => {
                    let name = app.org().name().to_string();
                    error.set(None);
                    saved.set(Some(format!("The organization is now called “{name}”.")));
                    typed.set(name);
                }
                Err(refused) => {
                    saved.set(None);
                    error.set(Some(refused.to_string()));
                }
            }
        })
    };

    let described = [
        denied.as_ref().map(|_| "org-name-why"),
        error.as_ref().map(|_| "org-name-error"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <form class="settings-form" aria-labelledby="org-name-heading" onsubmit={on_submit}>
            <h3 id="org-name-heading">{ "Name" }</h3>
            <p class="current">{ "Current name: " }<strong>{ current }</strong></p>
            <div class="field">
                <label for="org-name">{ "Organization name" }</label>
                <div class="field-row">
                    <input id="org-name" type="text" autocomplete="organization"
                           value={(*typed).clone()} oninput={on_input}
                           disabled={denied.is_some()}
                           aria-invalid={error.is_some().then_some("true")}
                           aria-describedby={(!described.is_empty()).then_some(described.clone())} />
                    <button type="submit" class="button" disabled={denied.is_some()}
                            aria-describedby={denied.as_ref().map(|_| "org-name-why")}>
                        { "Save name" }</button>
                </div>
                if let Some(message) = &*error {
                    <p class="field-error" id="org-name-error" role="alert">{ message.clone() }</p>
                }
                if let Some(reason) = &denied {
                    <p class="why" id="org-name-why">{ reason.clone() }</p>
                }
                <p role="status" class="saved">{ (*saved).clone().unwrap_or_default() }</p>
            </div>
        </form>
    }
}
