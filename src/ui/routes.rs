//! The app's views and their URLs. Hash routing (`#/certificate-check`) is deliberate: the app is
//! static files on any host, and hash URLs need no server-side fallback to survive a bookmark or
//! a reload.
//!
//! The router is our own (this file) rather than yew-router: the app has ten fixed paths, and
//! yew-router with gloo-history, route-recognizer and serde_urlencoded cost ~34 KB gzipped of the
//! first-load budget. The root reads `location.hash` into a [`Route`], re-reads it on `popstate`
//! and `hashchange` (Back, Forward, a plain `<a href="#/...">`), and [`push`] / [`replace`] write
//! history and then announce the change the same way.
//!
//! This module is a leaf: it names views but imports none of them (`views.rs` maps a route to
//! its view), so any view can link to any other without an import circle.

use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Every addressable view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The landing view (`/`).
    Home,
    /// Certificate check (`/certificate-check`).
    CertificateCheck,
    /// Preferences, first section (`/preferences`).
    Preferences,
    /// Preferences > MDM Server Assignment (`/preferences/mdm-servers`).
    MdmServers,
    /// The form that links a new MDM server (`/preferences/mdm-servers/new`).
    AddMdmServer,
    /// One server's page (`/preferences/mdm-servers/:id`).
    MdmServer {
        /// The server's id.
        id: u64,
    },
    /// Preferences > Organization, its name and token expiry warning (`/preferences/organization`).
    Organization,
    /// People and roles (`/users`).
    Users,
    /// The activity log (`/activity`).
    Activity,
    /// For MDM vendors: make a test certificate, open a token (`/vendors`).
    Vendors,
    /// Anything else (`/not-found`).
    NotFound,
}

impl Route {
    /// The route for a path such as `/preferences/mdm-servers/3`. A trailing slash and a query
    /// are ignored, as they were under yew-router; anything unknown is [`Route::NotFound`].
    pub fn recognize(path: &str) -> Route {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path.strip_suffix('/').unwrap_or(path);
        match path {
            "" => Route::Home,
            "/certificate-check" => Route::CertificateCheck,
            "/preferences" => Route::Preferences,
            "/preferences/mdm-servers" => Route::MdmServers,
            "/preferences/mdm-servers/new" => Route::AddMdmServer,
            "/preferences/organization" => Route::Organization,
            "/users" => Route::Users,
            "/activity" => Route::Activity,
            "/vendors" => Route::Vendors,
            _ => path
                .strip_prefix("/preferences/mdm-servers/")
                .and_then(|id| id.parse().ok())
                .map_or(Route::NotFound, |id| Route::MdmServer { id }),
        }
    }

    /// The link target for this route, hash included (`#/users`).
    pub fn href(self) -> String {
        let path = match self {
            Route::Home => "/",
            Route::CertificateCheck => "/certificate-check",
            Route::Preferences => "/preferences",
            Route::MdmServers => "/preferences/mdm-servers",
            Route::AddMdmServer => "/preferences/mdm-servers/new",
            Route::MdmServer { id } => return format!("#/preferences/mdm-servers/{id}"),
            Route::Organization => "/preferences/organization",
            Route::Users => "/users",
            Route::Activity => "/activity",
            Route::Vendors => "/vendors",
            Route::NotFound => "/not-found",
        };
        format!("#{path}")
    }

    /// Where this route immediately sends the admin instead (replacing, not pushing, the history
    /// entry, so Back does not bounce straight into the redirect again).
    pub fn redirect(self) -> Option<Route> {
        match self {
            Route::Home => Some(Route::CertificateCheck),
            Route::Preferences => Some(Route::MdmServers),
            _ => None,
        }
    }
}

/// The route the address bar shows now. `#` alone, or no hash, is the landing view.
pub fn current() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let path = hash.strip_prefix('#').unwrap_or(&hash);
    if path.is_empty() || path.starts_with('/') {
        Route::recognize(path)
    } else {
        // `#users` read as a relative path, like the previous router did.
        Route::recognize(&format!("/{path}"))
    }
}

/// The event the root listens for to re-read the address. Browsers fire it on Back/Forward and
/// on following a hash link, but not on `pushState`/`replaceState`, so [`push`] and [`replace`]
/// fire it themselves.
pub const ROUTE_EVENT: &str = "popstate";

/// Opens `route` as a new history entry (Back returns here).
pub fn push(route: Route) {
    request_focus();
    navigate(route, false);
}

/// Shows `route` in place of the current history entry.
pub fn replace(route: Route) {
    navigate(route, true);
}

fn navigate(route: Route, in_place: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let href = route.href();
    let written = if in_place {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(&href))
    };
    if written.is_ok() {
        if let Ok(event) = web_sys::Event::new(ROUTE_EVENT) {
            let _ = window.dispatch_event(&event);
        }
    }
}

/// Moves focus to the first element matching `selector`, if there is one; `programmatic`
/// makes it focusable first (a heading), which a control never needs. Whether it was found.
pub fn focus(selector: &str, programmatic: bool) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if programmatic {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let _ = element.focus();
    true
}

thread_local! {
    /// Set by [`push`]: the root moves focus to the new view's heading once it is shown.
    static FOCUS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the root to focus the next view's heading (the browser navigated: Back, Forward).
pub fn request_focus() {
    FOCUS.with(|f| f.set(true));
}

/// Whether the last route change came from [`push`] or [`request_focus`], once.
pub fn take_focus_request() -> bool {
    FOCUS.with(|f| f.replace(false))
}

/// The click handler of an in-app link: a plain click pushes `to` through [`push`]; a click
/// with a modifier (new tab, new window) or another button is left to the browser.
pub fn link_click(to: Route) -> Callback<MouseEvent> {
    Callback::from(move |event: MouseEvent| {
        if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
            return;
        }
        event.prevent_default();
        push(to);
    })
}
