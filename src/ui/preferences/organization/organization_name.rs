//! Preferences > Organization: renaming the organization (Administrators only).

use yew::prelude::*;

use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::state::use_app;
use crate::ui::widgets::use_denied;

use super::use_setting_draft;

/// Renaming the organization (Administrators only).
#[component]
pub fn OrganizationName() -> Html {
    let app = use_app();
    let denied = use_denied(Permission::RenameOrganization);
    let current = app.org().name().to_string();
    let draft = use_setting_draft(current.clone());
    let on_input = draft.on_input();
    let on_submit = {
        let (app, draft) = (app.clone(), draft.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match app.run(Command::RenameOrganization {
                name: (*draft.typed).clone(),
            }) {
                Ok(_) => {
                    let name = app.org().name().to_string();
                    draft.done(format!("The organization is now called “{name}”."));
                    draft.typed.set(name);
                }
                Err(refused) => draft.refused(refused.to_string()),
            }
        })
    };
    let described = draft.described_by("org-name", false, denied.is_some());
    html! {
        <form class="settings-form" aria-labelledby="org-name-heading" onsubmit={on_submit}>
            { crate::ui::widgets::raw("<h3 id=\"org-name-heading\">Name</h3>") }
            <p class="current">{ "Current name: " }<strong>{ current }</strong></p>
            <div class="field">
                { crate::ui::widgets::raw("<label for=\"org-name\">Organization name</label>") }
                <div class="field-row">
                    <input id="org-name" type="text" autocomplete="organization"
                           value={(*draft.typed).clone()} oninput={on_input}
                           disabled={denied.is_some()}
                           aria-invalid={draft.error.is_some().then_some("true")}
                           aria-describedby={described} />
                    <button type="submit" class="button" disabled={denied.is_some()}
                            aria-describedby={denied.as_ref().map(|_| "org-name-why")}>
                        { "Save name" }</button>
                </div>
                { draft.messages("org-name", denied.as_ref()) }
            </div>
        </form>
    }
}
