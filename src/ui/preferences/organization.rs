//! Preferences > Organization: the organization's name and when tokens count as expiring soon.
//!
//! Both fields stay visible to everyone; when the signed-in role may not change them, the field
//! and its button are disabled and the core's sentence says why (linked to both by
//! `aria-describedby`).

mod expiry_warning;
mod organization_name;

use yew::prelude::*;

use expiry_warning::ExpiryWarning;
use organization_name::OrganizationName;

/// The Organization pane. A plain function: its two forms hold the state.
pub fn organization_settings() -> Html {
    html! {
        <section class="pane" aria-labelledby="organization-title">
            <h2 id="organization-title">{ "Organization" }</h2>
            <OrganizationName />
            <ExpiryWarning />
        </section>
    }
}
