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
/// options (1,001 each at 1,000 servers) are written as HTML text (names escaped) and parsed by
/// the browser. Building 6,000 options node by node through the virtual DOM took most of the
/// list's first render, and even parsed they cost ~7 ms a picker, so a render gives each picker
/// only its chosen option (what a closed picker shows) and the whole list follows one picker per
/// task after the page is painted (all six within a few tens of milliseconds, before a person can
/// reach one). The options do not depend on the current defaults, so choosing one never
/// rebuilds them (focus and scroll stay); the chosen options are set after each render instead.
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
    let fill = use_mut_ref(Filling::default);
    {
        let (servers, fill) = (servers.clone(), fill.clone());
        use_effect_with(*version, move |_| {
            let generation = {
                let mut fill = fill.borrow_mut();
                fill.generation += 1;
                fill.html = Rc::from(options_html(&servers));
                fill.filled = [false; DeviceType::ALL.len()];
                fill.generation
            };
            fill_later(fill, generation);
        });
    }
    {
        let (defaults, servers, fill) = (defaults.clone(), servers.clone(), fill.clone());
        use_effect_with((*version, defaults.clone()), move |_| {
            let mut fill = fill.borrow_mut();
            for (i, device_type) in DeviceType::ALL.into_iter().enumerate() {
                let chosen = defaults.get(device_type);
                fill.chosen[i] = chosen.map_or(String::new(), |id| id.0.to_string());
                if let Some(select) = picker(device_type) {
                    if !fill.filled[i] {
                        let name = chosen.and_then(|id| servers.iter().find(|(s, _)| *s == id));
                        select.set_inner_html(&chosen_option_html(name));
                    }
                    select.set_value(&fill.chosen[i]);
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
                            <select {id} {onchange}
                                    disabled={denied.is_some()}
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

/// Which pickers hold the whole list of the current version, and what each has chosen.
#[derive(Default)]
struct Filling {
    /// Bumped when the servers change, so a fill scheduled for older servers stops.
    generation: u64,
    html: Rc<str>,
    filled: [bool; DeviceType::ALL.len()],
    chosen: [String; DeviceType::ALL.len()],
}

/// Fills picker `i` with the whole list now, unless it has it.
fn fill_now(fill: &Rc<std::cell::RefCell<Filling>>, i: usize) {
    let mut fill = fill.borrow_mut();
    if fill.filled[i] {
        return;
    }
    if let Some(select) = picker(DeviceType::ALL[i]) {
        select.set_inner_html(&fill.html);
        select.set_value(&fill.chosen[i]);
        fill.filled[i] = true;
    }
}

/// Fills the pickers one per task (a timer each, so the page is painted first and no task is
/// long), while `generation` is current.
fn fill_later(fill: Rc<std::cell::RefCell<Filling>>, generation: u64) {
    gloo_timers::callback::Timeout::new(0, move || {
        let next = {
            let f = fill.borrow();
            if f.generation != generation {
                return;
            }
            f.filled.iter().position(|done| !done)
        };
        if let Some(i) = next {
            fill_now(&fill, i);
            fill_later(fill, generation);
        }
    })
    .forget();
}

/// A device type's picker in the page, if it is there.
fn picker(device_type: DeviceType) -> Option<web_sys::HtmlSelectElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(&picker_id(device_type))?
        .dyn_into()
        .ok()
}

/// The element id of a device type's picker ("default-apple-tv").
fn picker_id(device_type: DeviceType) -> String {
    format!(
        "default-{}",
        device_type.label().to_ascii_lowercase().replace(' ', "-")
    )
}

/// The one option a picker shows before it has the whole list: its chosen server, or "No
/// default".
fn chosen_option_html(chosen: Option<&(ServerId, String)>) -> String {
    let mut html = String::new();
    match chosen {
        None => html.push_str(NO_DEFAULT_OPTION),
        Some((id, name)) => push_option(&mut html, *id, name),
    }
    html
}

const NO_DEFAULT_OPTION: &str = "<option value=\"\">No default</option>";

/// "No default" and every server, as `<option>` HTML, names escaped.
fn options_html(servers: &[(ServerId, String)]) -> String {
    let mut html = String::from(NO_DEFAULT_OPTION);
    for (id, name) in servers {
        push_option(&mut html, *id, name);
    }
    html
}

/// One server's `<option>`, its name escaped.
fn push_option(html: &mut String, id: ServerId, name: &str) {
    html.push_str(&format!("<option value=\"{}\">", id.0));
    escape_html_into(name, html);
    html.push_str("</option>");
}
