//! Which view each route shows. The one place that imports every view, so `routes` stays a leaf.

use yew::prelude::*;

use super::activity::ActivityView;
use super::check::CertificateCheck;
use super::people::UsersView;
use super::preferences::{preferences, PreferencesSection};
use super::routes::{link_click, Route};
use super::vendors;
use crate::domain::ids::ServerId;

/// Whether `route`'s view reads the organization. The others (the certificate check, the
/// vendor kit, "Page not found") render while the stored organization is still being read and
/// decoded, so the landing view is usable as soon as the wasm runs (issue 12, start-up).
pub fn needs_organization(route: Route) -> bool {
    !matches!(
        route,
        Route::Home | Route::CertificateCheck | Route::Vendors | Route::NotFound
    )
}

/// Renders the view for a route.
pub fn view(route: Route) -> Html {
    match route {
        // The root replaces these with their redirect as soon as they render.
        Route::Home | Route::Preferences => Html::default(),
        Route::CertificateCheck => html! { <CertificateCheck /> },
        Route::MdmServers => preferences(PreferencesSection::MdmServers),
        Route::AddMdmServer => preferences(PreferencesSection::AddServer),
        Route::MdmServer { id } => preferences(PreferencesSection::Server(ServerId(id))),
        Route::Organization => preferences(PreferencesSection::Organization),
        Route::Users => html! { <UsersView /> },
        Route::Activity => html! { <ActivityView /> },
        Route::Vendors => vendors::root(),
        Route::NotFound => html! {
            <section class="pane" aria-labelledby="not-found-title">
                { crate::ui::widgets::raw("<h1 id=\"not-found-title\">Page not found</h1>") }
                <p>{ "This address does not match a view of MDM Link. " }
                   <a href={Route::CertificateCheck.href()} onclick={link_click(Route::CertificateCheck)}>
                       { "Go to Certificate check" }
                   </a>
                </p>
            </section>
        },
    }
}
