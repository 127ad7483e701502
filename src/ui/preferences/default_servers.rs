//! The default server for each device type, as Apple Business Manager has it: at most one per
//! type, chosen from the linked servers or none.

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::organization::{Command, DeviceType};
use crate::domain::permissions::Permission;
use crate::domain::unicode::lowercase;
use crate::ui::state::use_app;
use crate::ui::widgets::use_denied;

/// The default server for each device type, as Apple Business Manager has it: at most one per
/// type, chosen from the linked servers or none.
#[component]
pub fn DefaultServers() -> Html {
    let app = use_app();
    let denied = use_denied(Permission::SetDefaults);
    let error = use_state(|| None::<String>);
    let org = app.org();
    if org.servers().is_empty() {
        return Html::default();
    }
    let mut servers: Vec<(ServerId, String)> = org
        .servers()
        .iter()
        .map(|s| (s.id, s.name.to_string()))
        .collect();
    servers.sort_by_key(|(_, name)| lowercase(name));
    html! {
        <section class="defaults" aria-labelledby="defaults-title">
            <h3 id="defaults-title">{ "Default MDM servers" }</h3>
            <p class="muted">{ "New devices of each type are assigned to its default server." }</p>
            if let Some(reason) = &denied {
                <p class="why" id="defaults-why">{ reason.clone() }</p>
            }
            <div class="defaults-grid">
                { for DeviceType::ALL.iter().map(|device_type| {
                    let device_type = *device_type;
                    let current = org.default_for(device_type);
                    let id = format!("default-{}", device_type.label().to_ascii_lowercase().replace(' ', "-"));
                    let onchange = {
                        let app = app.clone();
                        let error = error.clone();
                        Callback::from(move |event: Event| {
                            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                            let target = select.value().parse::<u64>().ok().map(ServerId);
                            match app.run(Command::SetDefault { device_type, server: target }) {
                                Ok(_) => error.set(None),
                                Err(e) => error.set(Some(e.to_string())),
                            }
                        })
                    };
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{ device_type.label() }</label>
                            <select id={id} {onchange} disabled={denied.is_some()}
                                    aria-describedby={denied.as_ref().map(|_| "defaults-why")}>
                                <option value="" selected={current.is_none()}>{ "No default" }</option>
                                { for servers.iter().map(|(sid, name)| html! {
                                    <option value={sid.0.to_string()} selected={current == Some(*sid)}>
                                        { name.clone() }
                                    </option>
                                }) }
                            </select>
                        </div>
                    }
                }) }
            </div>
            if let Some(message) = &*error {
                <p class="field-error" role="alert">{ message.clone() }</p>
            }
        </section>
    }
}
