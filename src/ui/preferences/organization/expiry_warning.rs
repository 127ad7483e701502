//! Preferences > Organization: how many days before expiry a token counts as expiring soon.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::state::use_app;
use crate::ui::widgets::use_denied;

/// "Warn before token expiry": how many days before expiry a token counts as expiring soon.
#[component]
pub fn ExpiryWarning() -> Html {
    let app = use_app();
    let denied = use_denied(Permission::ChangeSettings);
    let current = app.org().settings().expiring_soon_days;
    let typed = use_state(|| current.to_string());
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
            // The core decides the range; the page only turns the text into a number.
            let Ok(days) = typed.trim().parse::<u32>() else {
                saved.set(None);
                error.set(Some(
                    "Enter a whole number of days, between 1 and 365.".to_string(),
                ));
                return;
            };
            match app.run(Command::SetExpiringSoonDays { days }) {
                Ok(_) => {
                    error.set(None);
                    saved.set(Some(format!(
                        "Tokens now count as expiring soon {days} days before they expire."
                    )));
                }
                Err(refused) => {
                    saved.set(None);
                    error.set(Some(refused.to_string()));
                }
            }
        })
    };

    let described = [
        Some("expiry-days-hint"),
        denied.as_ref().map(|_| "expiry-days-why"),
        error.as_ref().map(|_| "expiry-days-error"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <form class="settings-form" aria-labelledby="expiry-heading" onsubmit={on_submit} novalidate=true>
            <h3 id="expiry-heading">{ "Warn before token expiry" }</h3>
            <p class="current">
                { "Tokens count as expiring soon " }<strong>{ format!("{current} days") }</strong>
                { " before they expire." }
            </p>
            <div class="field">
                <label for="expiry-days">{ "Days before expiry to warn" }</label>
                <div class="field-row">
                    <input id="expiry-days" type="number" min="1" max="365" step="1"
                           inputmode="numeric" class="narrow"
                           value={(*typed).clone()} oninput={on_input}
                           disabled={denied.is_some()}
                           aria-invalid={error.is_some().then_some("true")}
                           aria-describedby={described} />
                    <button type="submit" class="button" disabled={denied.is_some()}
                            aria-describedby={denied.as_ref().map(|_| "expiry-days-why")}>
                        { "Save" }</button>
                </div>
                <p class="hint" id="expiry-days-hint">{ "From 1 to 365 days." }</p>
                if let Some(message) = &*error {
                    <p class="field-error" id="expiry-days-error" role="alert">{ message.clone() }</p>
                }
                if let Some(reason) = &denied {
                    <p class="why" id="expiry-days-why">{ reason.clone() }</p>
                }
                <p role="status" class="saved">{ (*saved).clone().unwrap_or_default() }</p>
            </div>
        </form>
    }
}
