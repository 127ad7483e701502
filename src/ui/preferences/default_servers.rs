//! The default server for each device type, as Apple Business Manager has it: at most one per
//! type, chosen from the linked servers or none.
//!
//! At 1,000 servers the six pickers are 6,000 options, so they are their own component whose
//! props change only when the organization does (its version), the defaults or the
//! permission: a save, a tick of the clock or a banner never re-renders them.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::organization::{Command, Defaults, DeviceType};
use crate::domain::permissions::Permission;
use crate::domain::text::{escape_html_into, sort_by};
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

/// The six pickers. Yew renders each `<select>` empty and never touches its children; the
/// options (1,001 each at 1,000 servers) are written as HTML text (names escaped), parsed by
/// the browser once into the first picker and cloned into the others, after each render that
/// changes the servers. Building 6,000 options node by node through the virtual DOM took most
/// of the list's first render; parsing all six took ~23 ms, cloning saves most of that. The
/// options do not depend on the current defaults, so choosing one never rebuilds them (focus and
/// scroll stay); the chosen options are set after each render instead.
#[component]
fn Pickers(props: &PickersProps) -> Html {
    let PickersProps {
        app,
        servers,
        defaults,
        denied,
        version,
    } = props;
    let error = use_state(|| None::<String>);
    {
        let servers = servers.clone();
        use_effect_with(*version, move |_| fill_options(&servers));
    }
    {
        let defaults = defaults.clone();
        use_effect_with((*version, defaults.clone()), move |_| {
            for device_type in DeviceType::ALL {
                if let Some(select) = picker(device_type) {
                    select.set_value(
                        &defaults
                            .get(device_type)
                            .map_or(String::new(), |id| id.0.to_string()),
                    );
                }
            }
        });
    }
    html! {
        <section class="defaults" aria-labelledby="defaults-title">
            { crate::ui::widgets::raw("<h3 id=\"defaults-title\">Default MDM servers</h3>") }
            { crate::ui::widgets::raw("<p class=\"muted\">New devices of each type are assigned to its default server.</p>") }
            if let Some(reason) = &denied {
                <p class="why" id="defaults-why">{ reason.clone() }</p>
            }
            <div class="defaults-grid">
                { for DeviceType::ALL.iter().map(|device_type| {
                    let device_type = *device_type;
                    let id = picker_id(device_type);
                    let onchange = {
                        let (app, error, servers) = (app.clone(), error.clone(), servers.clone());
                        Callback::from(move |event: Event| {
                            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                            let target = select.value().parse::<u64>().ok().map(ServerId);
                            match app.run(Command::SetDefault { device_type, server: target }) {
                                Ok(_) => {
                                    error.set(None);
                                    app.say(match servers.iter().find(|(id, _)| Some(*id) == target) {
                                        Some((_, name)) => format!("New {} devices now go to “{name}”.", device_type.label()),
                                        None => format!("{} devices have no default server now.", device_type.label()),
                                    });
                                }
                                Err(e) => error.set(Some(e.to_string())),
                            }
                        })
                    };
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{ device_type.label() }</label>
                            <select {id} {onchange} disabled={denied.is_some()}
                                    aria-describedby={denied.as_ref().map(|_| "defaults-why")}></select>
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

/// A device type's picker in the page, if it is there.
fn picker(device_type: DeviceType) -> Option<web_sys::HtmlSelectElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(&picker_id(device_type))?
        .dyn_into()
        .ok()
}

/// Writes "No default" and every server into the six pickers: parsed once, cloned five times.
fn fill_options(servers: &[(ServerId, String)]) {
    let mut pickers = DeviceType::ALL.into_iter().filter_map(picker);
    let Some(first) = pickers.next() else {
        return;
    };
    first.set_inner_html(&options_html(servers));
    for other in pickers {
        if let Ok(copy) = first.clone_node_with_deep(true) {
            other.replace_children_with_node(&js_sys::Array::from(&copy.child_nodes()));
        }
    }
}

/// The element id of a device type's picker ("default-apple-tv").
fn picker_id(device_type: DeviceType) -> String {
    format!(
        "default-{}",
        device_type.label().to_ascii_lowercase().replace(' ', "-")
    )
}

/// "No default" and every server, as `<option>` HTML, names escaped.
fn options_html(servers: &[(ServerId, String)]) -> String {
    let mut html = String::from("<option value=\"\">No default</option>");
    for (id, name) in servers {
        html.push_str(&format!("<option value=\"{}\">", id.0));
        escape_html_into(name, &mut html);
        html.push_str("</option>");
    }
    html
}
