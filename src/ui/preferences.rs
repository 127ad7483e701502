//! Preferences, organised like Apple Business Essentials: a list of sections and the pane of the
//! selected one. "MDM Server Assignment" is the section that matters most here.

pub(crate) mod add_server;
mod default_servers;
mod organization;
mod server_list;
mod server_page;

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::ui::routes::{link_click, Route};
use add_server::AddServer;
use organization::organization_settings;
use server_list::MdmServers;
use server_page::ServerPage;

/// The sections (and sub-pages) of Preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreferencesSection {
    /// The list of linked MDM servers and the defaults per device type.
    MdmServers,
    /// The form that links a new server.
    AddServer,
    /// One server's page.
    Server(ServerId),
    /// The organization's name and settings.
    Organization,
}

/// The Preferences view showing `section`. A plain function: it keeps no state.
pub fn preferences(section: PreferencesSection) -> Html {
    let in_servers = !matches!(section, PreferencesSection::Organization);
    let pane = match section {
        PreferencesSection::MdmServers => html! { <MdmServers /> },
        PreferencesSection::AddServer => html! { <AddServer /> },
        PreferencesSection::Server(id) => html! { <ServerPage {id} /> },
        PreferencesSection::Organization => organization_settings(),
    };
    let link = |to: Route, label: &'static str, current: bool| {
        html! {
            <li><a href={to.href()} onclick={link_click(to)} class={classes!(current.then_some("current"))}
                   aria-current={current.then_some("page")}>{ label }</a></li>
        }
    };
    html! {
        <div class="preferences">
            { crate::ui::widgets::raw("<h1>Preferences</h1>") }
            <div class="preferences-layout">
                <nav class="preferences-sections" aria-label="Preferences sections">
                    <ul>
                        { link(Route::MdmServers, "MDM Server Assignment", in_servers) }
                        { link(Route::Organization, "Organization", !in_servers) }
                    </ul>
                </nav>
                <div class="preferences-pane">{ pane }</div>
            </div>
        </div>
    }
}
