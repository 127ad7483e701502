//! The app root: loads the state once, saves it after every change, keeps "now" fresh, adopts
//! what other tabs save, and renders the shell around the current view.

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::edges::{clock, storage};
use super::routes::{self, Route, ROUTE_EVENT};
use super::shell::{sidebar, StatusBanner};
use super::state::{Action, AppContext, AppState};
use super::views;
use crate::domain::persistence;

/// How often the clock is re-read so token statuses stay current on a page left open.
const TICK_MILLIS: u32 = 60_000;

/// The app root: loads the state once, saves it after every change, keeps "now" fresh, and
/// renders the router (hash-based, so any static host serves deep links and bookmarks) around
/// the sidebar and the current view.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::load);

    // Save after every committed change (never over unreadable stored data).
    {
        let handle = state.clone();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 && handle.may_save() {
                match storage::write(&persistence::encode(&handle.org)) {
                    Ok(()) => handle.dispatch(Action::Saved),
                    Err(reason) => handle.dispatch(Action::SaveFailed(reason)),
                }
            }
        });
    }

    // Keep "now" current: a timer, and whenever the tab becomes visible or focused again.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let tick = {
                let dispatcher = dispatcher.clone();
                move || dispatcher.dispatch(Action::Tick(clock::now()))
            };
            let interval = Interval::new(TICK_MILLIS, tick.clone());
            let window = web_sys::window();
            let focus = window.as_ref().map(|w| {
                let tick = tick.clone();
                EventListener::new(w, "focus", move |_| tick())
            });
            let visible = window
                .and_then(|w| w.document())
                .map(|d| EventListener::new(&d, "visibilitychange", move |_| tick()));
            move || drop((interval, focus, visible))
        });
    }

    // Another tab saved: adopt its state (the reducer ignores it unless our storage is healthy), so
    // two open tabs never silently overwrite each other's changes with a stale copy.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    if event.key().as_deref() != Some(persistence::STORAGE_KEY) {
                        return;
                    }
                    if let Some(Ok(org)) = event.new_value().map(|text| persistence::decode(&text))
                    {
                        dispatcher.dispatch(Action::SavedElsewhere(org));
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
