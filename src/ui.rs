//! The Yew app and its thin browser edges (wasm32 only).
//!
//! Architecture invariant: the components here only adapt. Every rule (what a certificate
//! means, which names are allowed, who may do what) lives in [`crate::domain`]; the UI turns
//! user events into domain [`crate::domain::organization::Command`]s and renders what the core
//! returns.
//!
//! Grouped by what a person sees:
//!
//! | module | what |
//! | --- | --- |
//! | `app` | the root: load, save, clock ticks, other tabs, the current route |
//! | [`state`] | `AppState`, the one reducer, `AppContext::run` |
//! | `sync` | loading and saving across tabs: one IndexedDB transaction per save, the revision check, re-applying commands |
//! | `background` | one request to the background worker: a token, a backup check, an upgrade |
//! | `token_actions`, `backup_actions` | Download Token and calendar reminders; Export backup |
//! | [`routes`] | `Route`, its URLs and navigation: a leaf that imports no view |
//! | `views` | which view a route shows |
//! | [`edges`] | the browser: clock, files, downloads, clipboard, storage, normalizer, worker |
//! | `shell` | sidebar, name menu, "Sign in as", the banners |
//! | `widgets` | guarded button, modal, confirmation dialog, certificate input and report |
//! | `preferences` | Preferences: MDM Server Assignment (list, defaults, Add, a server's page) and Organization |
//! | `people` | Users |
//! | `check` | Certificate check |
//! | `activity` | Activity |
//! | `vendors` | For MDM vendors: make a test certificate, open a token (work in a web worker) |

mod activity;
mod app;
mod background;
mod backup_actions;
#[cfg(feature = "bench")]
mod bench_hooks;
mod check;
pub mod edges;
mod people;
mod preferences;
pub mod routes;
mod shell;
pub mod state;
mod sync;
mod token_actions;
pub mod vendors;
mod views;
mod widgets;

/// Mounts the app on `<body>`. Called once from `main`.
pub fn start() {
    edges::install();
    yew::Renderer::<app::App>::new().render();
}
