//! The app's views and their URLs. Hash routing (`#/certificate-check`) is deliberate: the app is
//! static files on any host, and hash URLs need no server-side fallback to survive a bookmark or
//! a reload.

use yew::prelude::*;
use yew_router::prelude::*;

use super::activity_view::ActivityView;
use super::certificate_check::CertificateCheck;
use super::preferences::{Preferences, PreferencesSection};
use super::users_view::UsersView;

/// Every addressable view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    /// The landing view.
    #[at("/")]
    Home,
    /// Certificate check.
    #[at("/certificate-check")]
    CertificateCheck,
    /// Preferences, first section.
    #[at("/preferences")]
    Preferences,
    /// Preferences > MDM Server Assignment.
    #[at("/preferences/mdm-servers")]
    MdmServers,
    /// The form that links a new MDM server.
    #[at("/preferences/mdm-servers/new")]
    AddMdmServer,
    /// One server's page.
    #[at("/preferences/mdm-servers/:id")]
    MdmServer {
        /// The server's id.
        id: u64,
    },
    /// Preferences > Organization (its name, token expiry warning).
    #[at("/preferences/organization")]
    Organization,
    /// People and roles.
    #[at("/users")]
    Users,
    /// The activity log.
    #[at("/activity")]
    Activity,
    /// Anything else.
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

/// Props for [`ReplaceWith`].
#[derive(Properties, PartialEq)]
pub struct ReplaceWithProps {
    /// The route that stands in for the current one.
    pub to: Route,
}

/// Swaps the current history entry for `to` (yew-router's `Redirect` pushes a new entry, which
/// would make Back bounce straight into the redirect again).
#[component]
pub fn ReplaceWith(props: &ReplaceWithProps) -> Html {
    let navigator = use_navigator();
    let to = props.to;
    use_effect_with(to, move |to| {
        if let Some(navigator) = navigator {
            navigator.replace(to);
        }
    });
    Html::default()
}

/// Renders the view for a route.
pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <ReplaceWith to={Route::CertificateCheck} /> },
        Route::CertificateCheck => html! { <CertificateCheck /> },
        Route::Preferences => html! { <ReplaceWith to={Route::MdmServers} /> },
        Route::MdmServers => html! { <Preferences section={PreferencesSection::MdmServers} /> },
        Route::AddMdmServer => html! { <Preferences section={PreferencesSection::AddServer} /> },
        Route::MdmServer { id } => html! {
            <Preferences section={PreferencesSection::Server(crate::domain::ids::ServerId(id))} />
        },
        Route::Organization => html! { <Preferences section={PreferencesSection::Organization} /> },
        Route::Users => html! { <UsersView /> },
        Route::Activity => html! { <ActivityView /> },
        Route::NotFound => html! {
            <section class="pane" aria-labelledby="not-found-title">
                <h1 id="not-found-title">{ "Page not found" }</h1>
                <p>{ "This address does not match a view of MDM Link. " }
                   <Link<Route> to={Route::CertificateCheck}>{ "Go to Certificate check" }</Link<Route>>
                </p>
            </section>
        },
    }
}
