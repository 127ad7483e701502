//! The "Activity" view: every change, newest first, filterable, downloadable as CSV.

use yew::prelude::*;

/// The Activity view.
#[component]
pub fn ActivityView() -> Html {
    html! { <section aria-labelledby="activity-title"><h1 id="activity-title">{ "Activity" }</h1></section> }
}
