//! A server's settings: "Allow this MDM server to release devices", and which device types it
//! is the default for.

use yew::prelude::*;

use super::PanelProps;
use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::state::use_app;
use crate::ui::widgets::use_denied;

/// Release devices, and which device types it is the default for.
#[component]
pub fn SettingsPanel(props: &PanelProps) -> Html {
    let app = use_app();
    let error = use_state(|| None::<String>);
    let denied = use_denied(Permission::EditServer);
    let Some(server) = app.org().server(props.id) else {
        return Html::default();
    };
    let defaults = app.org().defaults_for(props.id);
    let onchange = {
        let app = app.clone();
        let error = error.clone();
        let id = props.id;
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let allow = input.checked();
            if let Err(e) = app.run(Command::SetAllowRelease { id, allow }) {
                input.set_checked(!allow);
                error.set(Some(e.to_string()));
            }
        })
    };
    html! {
        <section class="panel" aria-labelledby="settings-title">
            <h3 id="settings-title">{ "Settings" }</h3>
            <div class="field checkbox">
                <input id="server-allow-release" type="checkbox" checked={server.allow_release_devices}
                       {onchange} disabled={denied.is_some()}
                       aria-describedby={denied.as_ref().map(|_| "release-why")} />
                <label for="server-allow-release">{ "Allow this MDM server to release devices" }</label>
            </div>
            if let Some(reason) = &denied {
                <p class="why" id="release-why">{ reason.clone() }</p>
            }
            if let Some(message) = &*error {
                <p class="field-error" role="alert">{ message.clone() }</p>
            }
            <p>{ "Default for: " }
                { if defaults.is_empty() { "no device type (choose defaults in MDM Server Assignment)".to_string() }
                  else { defaults.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ") } }</p>
            <p class="muted small">{ format!("Added on {}.", server.added_at.date_string()) }</p>
        </section>
    }
}
