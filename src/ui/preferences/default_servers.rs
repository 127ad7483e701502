//! The default server for each device type, as Apple Business Manager has it: at most one per
//! type, chosen from the linked servers or none.
//!
//! At 1,000 servers the six pickers are 6,000 options, so they are their own component whose
//! props change only when the organization does (its version), the defaults or the
//! permission: a save, a tick of the clock or a banner never re-renders them.

use std::rc::Rc;

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::organization::{Command, Defaults, DeviceType};
use crate::domain::permissions::Permission;
use crate::domain::text::sort_by;
use crate::domain::unicode::lowercase;
use crate::ui::state::{use_app, AppContext};
use crate::ui::widgets::use_denied;

/// The default server for each device type, as Apple Business Manager has it: at most one per
/// type, chosen from the linked servers or none.
#[component]
pub fn DefaultServers() -> Html {
    let app = use_app();
    let denied = use_denied(Permission::SetDefaults);
    let version = app.state().org_version;
    // The servers by name, worked out once per version of the organization.
    let servers = {
        let org = app.state().org.clone();
        use_memo(version, move |_| {
            let mut servers: Vec<(String, ServerId, String)> = org
                .servers()
                .iter()
                .map(|s| (lowercase(s.name.as_str()), s.id, s.name.to_string()))
                .collect();
            sort_by(&mut servers, |a, b| a.0.cmp(&b.0));
            servers
                .into_iter()
                .map(|(_, id, name)| (id, name))
                .collect::<Vec<_>>()
        })
    };
    if servers.is_empty() {
        return Html::default();
    }
    let defaults = app.org().defaults().clone();
    html! {
        <Pickers {app} {version} {servers} {defaults} {denied} />
    }
}

#[derive(Properties)]
struct PickersProps {
    app: AppContext,
    version: u64,
    servers: Rc<Vec<(ServerId, String)>>,
    defaults: Defaults,
    denied: Option<String>,
}

/// Equal when what is shown is: the same organization version (so the same names), defaults
/// and permission. The context is not compared: it changes with every save.
impl PartialEq for PickersProps {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.defaults == other.defaults
            && self.denied == other.denied
    }
}

#[component]
fn Pickers(props: &PickersProps) -> Html {
    let PickersProps {
        app,
        servers,
        defaults,
        denied,
        ..
    } = props;
    let error = use_state(|| None::<String>);
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
                    let current = defaults.get(device_type);
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
