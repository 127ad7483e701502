//! The app root: loads the state once, saves it after every change, keeps "now" fresh, adopts
//! what other tabs save, and renders the shell around the current view.

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::edges::{clock, idb, storage_manager};
use super::routes::{self, Route, ROUTE_EVENT};
use super::shell::{sidebar, StatusBanner};
use super::state::{Action, AppContext, AppState, StorageHealth};
use super::sync;
use super::views;
use super::widgets::{confirm_dialog, ConfirmDialogProps};
use crate::domain::organization::rebase::Moved;
use crate::domain::organization::Organization;

/// How often the clock is re-read so token statuses stay current on a page left open.
const TICK_MILLIS: u32 = 60_000;

/// The app root: loads the state once, saves it after every change, keeps "now" fresh, and
/// renders the router (hash-based, so any static host serves deep links and bookmarks) around
/// the sidebar and the current view.
#[component]
pub fn App() -> Html {
    // Storage is read asynchronously (IndexedDB): until then nothing is shown or saved.
    let state = use_reducer(|| {
        let now = clock::now();
        let mut state = AppState::new(Organization::new_first_launch(now), StorageHealth::Ok, now);
        state.loading = true;
        state
    });
    {
        let handle = state.clone();
        use_effect_with((), move |()| {
            let dispatcher = handle.dispatcher();
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = sync::load().await;
                dispatcher.dispatch(Action::Loaded(Box::new(loaded)));
                dispatcher.dispatch(Action::Estimated(storage_manager::estimate().await));
            });
        });
    }

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

    // Another tab saved (it says so on the channel), or the browser closed the database (site
    // data cleared): look at once; adopt, or re-apply what is pending here.
    {
        let handle = state.clone();
        use_effect_with((), move |()| {
            let channel = web_sys::BroadcastChannel::new(sync::CHANNEL).ok();
            let listener = channel.as_ref().map(|channel| {
                let handle = handle.clone();
                EventListener::new(channel, "message", move |_| sync::sync(&handle))
            });
            let closed = handle.clone();
            idb::on_closed(move || sync::sync(&closed));
            move || {
                drop(listener);
                if let Some(channel) = channel {
                    channel.close();
                }
            }
        });
    }

    // The current view, re-read from the address on Back/Forward, hash links and in-app
    // navigation; the landing and Preferences addresses are replaced by their first view.
    let route = use_state_eq(routes::current);
    {
        let route = route.clone();
        use_effect_with((), move |()| {
            let listeners = web_sys::window().map(|w| {
                let reread = move |event: &Event| {
                    // The browser's own (Back, Forward, a hash link); ours come through `push`.
                    if event.is_trusted() {
                        routes::request_focus();
                    }
                    route.set(routes::current());
                };
                (
                    EventListener::new(&w, ROUTE_EVENT, reread.clone()),
                    EventListener::new(&w, "hashchange", reread),
                )
            });
            move || drop(listeners)
        });
    }
    // After in-app navigation focus goes to the new view's heading (a preferences page's own
    // heading, else the view's), so keyboard and screen-reader users start there.
    use_effect_with(*route, move |route: &Route| {
        if let Some(to) = route.redirect() {
            routes::replace(to);
        } else if routes::take_focus_request() && !routes::focus(".preferences-pane h2", true) {
            routes::focus("main h1", true);
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
    // Until the stored organization is read and decoded, the shell and the views that do not
    // read it (the landing certificate check among them) are already there; the others say the
    // app is opening. Commands are refused meanwhile (the reducer), and nothing is saved (`sync`).
    let person = (!state.loading).then(|| {
        AttrValue::from(
            state
                .org
                .signed_in_user()
                .map(|user| user.name.as_str().to_string())
                .unwrap_or_default(),
        )
    });
    let content = if state.loading && views::needs_organization(*route) {
        crate::ui::widgets::raw("<p role=\"status\" class=\"loading\">Opening MDM Link…</p>")
    } else {
        views::view(*route)
    };
    let skip = Callback::from(|event: MouseEvent| {
        event.prevent_default();
        routes::focus("main", true);
    });
    // A file dropped anywhere but a drop zone must not make the browser open it in place of the
    // app (losing what is on screen); the drop zones handle their own drops first.
    let refuse = Callback::from(|event: DragEvent| event.prevent_default());
    let dialog = state.ask.clone().map(|ask| {
        let close = {
            let handle = state.clone();
            Callback::from(move |()| handle.dispatch(Action::Ask(None)))
        };
        let close_then = close.clone();
        let then = ask.then.clone();
        confirm_dialog(ConfirmDialogProps {
            title: ask.title.clone().into(),
            consequence: ask.consequence.clone().into(),
            confirm_label: ask.confirm.clone().into(),
            danger: ask.danger,
            on_confirm: Callback::from(move |()| {
                close_then.emit(());
                then.emit(());
            }),
            on_cancel: close,
            error: None,
            return_focus: None,
            children: ask.children.clone(),
        })
    });
    let said = match &state.said {
        Some((text, on)) if on == &*route => text.clone(),
        _ => String::new(),
    };
    html! {
        <ContextProvider<AppContext> context={context}>
            <a class="skip" href="#main" onclick={skip}>{ "Skip to content" }</a>
            <div class="app" ondragover={refuse.clone()} ondrop={refuse}>
                { sidebar(person, *route) }
                <main class="view" id="main" aria-busy={state.loading.then_some("true")}>
                    if !state.loading {
                        <StatusBanner />
                    }
                    { content }
                </main>
                <p role="status" class="toast">{ said }</p>
                { dialog.unwrap_or_default() }
            </div>
        </ContextProvider<AppContext>>
    }
}
