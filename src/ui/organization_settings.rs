//! Preferences > Organization: the organization's name and when tokens count as expiring soon.

use yew::prelude::*;

/// The Organization pane.
#[component]
pub fn OrganizationSettings() -> Html {
    html! { <section class="pane" aria-labelledby="organization-title"><h2 id="organization-title">{ "Organization" }</h2></section> }
}
