//! The "Users" view: people, their Managed Apple Accounts and roles.

use yew::prelude::*;

/// The Users view.
#[component]
pub fn UsersView() -> Html {
    html! { <section aria-labelledby="users-title"><h1 id="users-title">{ "Users" }</h1></section> }
}
