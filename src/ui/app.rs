//! The app root: loads the state once, saves it after every change, keeps "now" fresh, adopts
//! what other tabs save, and renders the shell around the current view.

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::edges::clock;
use super::routes::{self, Route, ROUTE_EVENT};
use super::shell::{sidebar, StatusBanner};
use super::state::{Action, AppContext};
use super::sync;
use super::views;
use crate::domain::organization::rebase::Moved;
use crate::domain::persistence;

/// How often the clock is re-read so token statuses stay current on a page left open.
const TICK_MILLIS: u32 = 60_000;

/// The app root: loads the state once, saves it after every change, keeps "now" fresh, and
/// renders the router (hash-based, so any static host serves deep links and bookmarks) around
/// the sidebar and the current view.
#[component]
pub fn App() -> Html {
    let state = use_reducer(sync::load);

    // Save after every committed change, under the cross-tab lock (never over unreadable or
    // newer stored data: `sync` checks).
    {
        let handle = state.clone();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                sync::sync(&handle);
            }
        });
    }

    // Keep "now" current: a timer, and whenever the tab becomes visible or focused again; on
    // focus also look for another tab's save (or a deletion) at once.
    {
        let handle = state.clone();
        use_effect_with((), move |()| {
            let tick = {
                let dispatcher = handle.dispatcher();
                move || dispatcher.dispatch(Action::Tick(clock::now()))
            };
            let interval = Interval::new(TICK_MILLIS, tick.clone());
            let window = web_sys::window();
            let focus = window.as_ref().map(|w| {
                let (tick, handle) = (tick.clone(), handle.clone());
                EventListener::new(w, "focus", move |_| {
                    tick();
                    sync::sync(&handle);
                })
            });
            let visible = window
                .and_then(|w| w.document())
                .map(|d| EventListener::new(&d, "visibilitychange", move |_| tick()));
            move || drop((interval, focus, visible))
        });
    }

    // Another tab saved (or the data was deleted): adopt it, or re-apply what is pending here,
    // under the lock, so two open tabs never overwrite each other.
    {
        let handle = state.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    // `key` is null when another tab cleared all of the site's storage.
                    let key = event.key();
                    if key.is_none() || key.as_deref() == Some(persistence::STORAGE_KEY) {
                        sync::sync(&handle);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The current view, re-read from the address on Back/Forward, hash links and in-app
    // navigation; the landing and Preferences addresses are replaced by their first view.
    let route = use_state_eq(routes::current);
    {
        let route = route.clone();
        use_effect_with((), move |()| {
            let listeners = web_sys::window().map(|w| {
                let reread = move |_: &Event| route.set(routes::current());
                (
                    EventListener::new(&w, ROUTE_EVENT, reread.clone()),
                    EventListener::new(&w, "hashchange", reread),
                )
            });
            move || drop(listeners)
        });
    }
    use_effect_with(*route, |route: &Route| {
        if let Some(to) = route.redirect() {
            routes::replace(to);
        }
    });

    // A server added here got another id when another tab's save came first: its page follows.
    {
        let route = *route;
        use_effect_with(state.moved_servers.clone(), move |moved| {
            if let Route::MdmServer { id } = route {
                match moved.iter().find(|(old, _)| old.0 == id) {
                    Some((_, Moved::To(new))) => routes::replace(Route::MdmServer { id: new.0 }),
                    Some((_, Moved::Gone)) => routes::replace(Route::MdmServers),
                    None => {}
                }
            }
        });
    }

    let context = AppContext::new(state.clone());
    let person = state
        .org
        .signed_in_user()
        .map(|user| user.name.as_str().to_string())
        .unwrap_or_default();
    html! {
        <ContextProvider<AppContext> context={context}>
            <div class="app">
                { sidebar(AttrValue::from(person), *route) }
                <main class="view" id="main">
                    <StatusBanner />
                    { views::view(*route) }
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}
