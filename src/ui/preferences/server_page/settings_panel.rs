//! A server's settings: "Allow this MDM server to release devices", and which device types it
//! is the default for.

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::state::AppContext;

/// Release devices, and which device types it is the default for. A plain function: what a
/// change did, or why it was refused, is announced by the root's status line.
pub fn settings_panel(app: &AppContext, id: ServerId) -> Html {
    let denied = app
        .org()
        .may(Permission::EditServer)
        .err()
        .map(|d| d.to_string());
    let Some(server) = app.org().server(id) else {
        return Html::default();
    };
    let defaults = app.org().defaults_for(id);
    let name = server.name.to_string();
    // Either way the MDM server's powers change: the box goes back until it is confirmed.
    let onchange = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let allow = input.checked();
            input.set_checked(!allow);
            let then = {
                let (app, name) = (app.clone(), name.clone());
                Callback::from(move |()| {
                    app.say(match app.run(Command::SetAllowRelease { id, allow }) {
                        Ok(_) if allow => format!("“{name}” may now release devices."),
                        Ok(_) => format!("“{name}” may no longer release devices."),
                        Err(e) => e.to_string(),
                    })
                })
            };
            if allow {
                app.ask(
                    format!("Allow “{name}” to release devices?"),
                    format!("“{name}” will be able to release devices: a released device leaves your organization for good."),
                    "Allow releasing",
                    true,
                    then,
                );
            } else {
                app.ask(
                    format!("Stop “{name}” releasing devices?"),
                    format!(
                        "“{name}” can no longer release devices: a release it asks for is refused."
                    ),
                    "Stop releasing",
                    false,
                    then,
                );
            }
        })
    };
    html! {
        <section class="panel" aria-labelledby="settings-title">
            { crate::ui::widgets::raw("<h3 id=\"settings-title\">Settings</h3>") }
            <div class="field checkbox">
                <input id="server-allow-release" type="checkbox" checked={server.allow_release_devices}
                       {onchange} disabled={denied.is_some()}
                       aria-describedby={denied.as_ref().map(|_| "release-why")} />
                { crate::ui::widgets::raw("<label for=\"server-allow-release\">Allow this MDM server to release devices</label>") }
            </div>
            if let Some(reason) = &denied {
                <p class="why" id="release-why">{ reason.clone() }</p>
            }
            <p>{ "Default for: " }
                { if defaults.is_empty() { "no device type (choose defaults in MDM Server Assignment)".to_string() }
                  else { defaults.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ") } }</p>
            <p class="muted small">{ format!("Added on {}.", server.added_at.date_string()) }</p>
        </section>
    }
}
