//! The sidebar, organised like Apple Business Essentials: the app's views at the top and the
//! signed-in person at the bottom, whose menu leads to Preferences.

use yew::prelude::*;

use super::account_menu::AccountMenu;
use crate::ui::routes::{link_click, Route};

/// The sidebar navigation: `person_name` (the signed-in person) at the bottom, and the link of
/// the `current` view marked. A plain function: the name menu holds the state. `person_name` is
/// `None` while the stored organization is still being read: the links work, the name menu
/// (which lists the organization's people) comes once it is known.
pub fn sidebar(person_name: Option<AttrValue>, current: Route) -> Html {
    html! {
        <nav class="sidebar" aria-label="MDM Link">
            <div class="brand" aria-hidden="true">{ "MDM Link" }</div>
            <ul class="nav-list">
                <li>{ nav_link(Route::MdmServers, "MDM Server Assignment", current) }</li>
                <li>{ nav_link(Route::Users, "Users", current) }</li>
                <li>{ nav_link(Route::Activity, "Activity", current) }</li>
                <li>{ nav_link(Route::CertificateCheck, "Certificate check", current) }</li>
                <li>{ nav_link(Route::Vendors, "For MDM vendors", current) }</li>
            </ul>
            <div class="sidebar-bottom">
                if let Some(person_name) = person_name {
                    <AccountMenu {person_name} />
                }
            </div>
        </nav>
    }
}

/// A sidebar link that marks itself `aria-current="page"` when its view is showing, so screen
/// readers and the styles both know where the admin is. A real link (open in a new tab works),
/// navigated through the router on a plain click so history stays coherent and Back works. A
/// plain function, not a component: it has no state of its own.
fn nav_link(to: Route, label: &'static str, current: Route) -> Html {
    // A server's page and the Add form belong to MDM Server Assignment.
    let is_current = current == to
        || (to == Route::MdmServers
            && matches!(current, Route::AddMdmServer | Route::MdmServer { .. }));
    html! {
        <a href={to.href()} onclick={link_click(to)}
           class={classes!("nav-link", is_current.then_some("current"))}
           aria-current={is_current.then_some("page")}>
            { label }
        </a>
    }
}
