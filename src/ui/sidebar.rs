//! The sidebar, organised like Apple Business Essentials: the app's views at the top and the
//! signed-in person at the bottom, whose menu leads to Preferences.

use yew::prelude::*;
use yew_router::prelude::*;

use super::account_menu::AccountMenu;
use super::routes::Route;

/// Props for [`Sidebar`].
#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    /// The signed-in person's name, shown at the bottom.
    pub person_name: AttrValue,
}

/// The sidebar navigation.
#[component]
pub fn Sidebar(props: &SidebarProps) -> Html {
    html! {
        <nav class="sidebar" aria-label="MDM Link">
            <div class="brand" aria-hidden="true">{ "MDM Link" }</div>
            <ul class="nav-list">
                <li><NavLink to={Route::Users} label="Users" /></li>
                <li><NavLink to={Route::Activity} label="Activity" /></li>
                <li><NavLink to={Route::CertificateCheck} label="Certificate check" /></li>
            </ul>
            <div class="sidebar-bottom">
                <AccountMenu person_name={props.person_name.clone()} />
            </div>
        </nav>
    }
}

/// Props for [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    /// Where it goes.
    pub to: Route,
    /// Its visible label (also its accessible name).
    pub label: AttrValue,
}

/// A sidebar link that marks itself `aria-current="page"` when its view is showing, so screen
/// readers and the styles both know where the admin is.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let current = use_route::<Route>();
    let is_current = current.as_ref() == Some(&props.to);
    let href = format!("#{}", props.to.to_path());
    let navigator = use_navigator();
    let to = props.to;
    // A real link (open in a new tab works), navigated through the router so history stays
    // coherent and Back works.
    let onclick = Callback::from(move |event: MouseEvent| {
        if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
            return;
        }
        if let Some(navigator) = &navigator {
            event.prevent_default();
            navigator.push(&to);
        }
    });
    html! {
        <a href={href} {onclick} class={classes!("nav-link", is_current.then_some("current"))}
           aria-current={is_current.then_some("page")}>
            { props.label.clone() }
        </a>
    }
}
