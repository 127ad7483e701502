//! Preferences > Organization: how many days before expiry a token counts as expiring soon.

use yew::prelude::*;

use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::state::use_app;
use crate::ui::widgets::use_denied;

use super::use_setting_draft;
use crate::domain::text::count;

/// "Warn before token expiry": how many days before expiry a token counts as expiring soon.
#[component]
pub fn ExpiryWarning() -> Html {
    let app = use_app();
    let denied = use_denied(Permission::ChangeSettings);
    let current = app.org().settings().expiring_soon_days;
    let draft = use_setting_draft(current.to_string());
    let on_input = draft.on_input();
    let on_submit = {
        let (app, draft) = (app.clone(), draft.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            // The core decides the range; the page only turns the text into a number.
            let Ok(days) = draft.typed.trim().parse::<u32>() else {
                draft.refused("Enter a whole number of days, between 1 and 365.".to_string());
                return;
            };
            match app.run(Command::SetExpiringSoonDays { days }) {
                Ok(_) => draft.done(format!(
                    "Tokens now count as expiring soon {} before they expire.",
                    count(days, "day", "days")
                )),
                Err(refused) => draft.refused(refused.to_string()),
            }
        })
    };
    let described = draft.described_by("expiry-days", true, denied.is_some());
    html! {
        <form class="settings-form" aria-labelledby="expiry-heading" onsubmit={on_submit} novalidate=true>
            { crate::ui::widgets::raw("<h3 id=\"expiry-heading\">Warn before token expiry</h3>") }
            <p class="current">
                { "Tokens count as expiring soon " }<strong>{ count(current, "day", "days") }</strong>
                { " before they expire." }
            </p>
            <div class="field">
                { crate::ui::widgets::raw("<label for=\"expiry-days\">Days before expiry to warn</label>") }
                <div class="field-row">
                    <input id="expiry-days" type="number" min="1" max="365" step="1"
                           inputmode="numeric" class="narrow"
                           value={(*draft.typed).clone()} oninput={on_input}
                           disabled={denied.is_some()}
                           aria-invalid={draft.error.is_some().then_some("true")}
                           aria-describedby={described} />
                    <button type="submit" class="button" disabled={denied.is_some()}
                            aria-describedby={denied.as_ref().map(|_| "expiry-days-why")}>
                        { "Save" }</button>
                </div>
                { crate::ui::widgets::raw("<p class=\"hint\" id=\"expiry-days-hint\">From 1 to 365 days.</p>") }
                { draft.messages("expiry-days", denied.as_ref()) }
            </div>
        </form>
    }
}
