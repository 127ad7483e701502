//! The Yew app and its thin browser edges (wasm32 only).
//!
//! Architecture invariant: the components here only adapt. Every rule (what a certificate
//! means, which names are allowed, who may do what) lives in [`crate::domain`]; the UI turns
//! user events into calls on the core and renders what the core returns.

mod account_menu;
mod bench_hooks;
pub mod browser;
mod certificate_check;
mod certificate_report;
mod preferences;
mod routes;
mod sidebar;

use yew::prelude::*;
use yew_router::prelude::*;

use routes::{switch, Route};

/// Mounts the app on `<body>`. Called once from `main`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The app root: the router (hash-based, so any static host serves deep links and bookmarks)
/// around the sidebar and the current view.
#[component]
fn App() -> Html {
    html! {
        <HashRouter>
            <div class="app">
                <sidebar::Sidebar person_name={AttrValue::from("Administrator")} />
                <main class="view" id="main">
                    <Switch<Route> render={switch} />
                </main>
            </div>
        </HashRouter>
    }
}
