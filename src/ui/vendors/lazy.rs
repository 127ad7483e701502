//! The view's module: the entry point of the `vendors` wasm (`src/bin/vendors.rs`). It renders
//! the view into the app's root element whenever one is in the page, and unmounts it as soon as
//! the element is gone (the app showed another view), so every component's clean-up runs:
//! private keys and secrets wiped, workers terminated. A `MutationObserver` on the page sees
//! both, so the app never has to call the module (it cannot: they are separate wasm programs).

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew::AppHandle;

use super::guide::Guide;
use super::make_certificate::MakeCertificate;
use super::open_token::OpenToken;
use super::{GUIDE_ID, ROOT_ID};
use crate::ui::edges;
use crate::ui::preferences::add_server::CERTIFICATE_INPUT_ID;
use crate::ui::routes::{self, Route};

thread_local! {
    /// The mounted view and the element it is in.
    static MOUNTED: RefCell<Option<(web_sys::Element, AppHandle<Vendors>)>> =
        const { RefCell::new(None) };
    /// The mounted Get started guide and the element it is in.
    static GUIDE: RefCell<Option<(web_sys::Element, AppHandle<Guide>)>> =
        const { RefCell::new(None) };
}

/// Starts the module: installs the browser's normalizer, renders into the root element if the
/// view is showing, and follows the page for the rest of its life.
pub fn start() {
    edges::install();
    take_a_subtree_number_other_than_the_apps();
    follow();
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let observer = Closure::<dyn FnMut()>::new(follow);
    let Ok(watch) = web_sys::MutationObserver::new(observer.as_ref().unchecked_ref()) else {
        return;
    };
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    let _ = watch.observe_with_options(&body, &options);
    // Both live as long as the page.
    observer.forget();
    std::mem::forget(watch);
}

/// Two Yew instances share one page here, and Yew marks the events and elements of each app
/// with a subtree number that every wasm instance counts from 1. The app is the page's first
/// Yew app and has no portals, so its number is 1; a view app numbered 1 as well would make the
/// app's listener (on `<body>`, which the view's events also pass) take the view's events for
/// its own and run its own handlers for them (a click on "Make test certificate" opened Users
/// before this). Rendering one empty app on a detached element first makes every view app
/// number 2 or more, so each instance handles exactly its own events.
/// `tests/e2e/vendors.test.mjs` would notice if this stopped holding.
fn take_a_subtree_number_other_than_the_apps() {
    #[component]
    fn Nothing() -> Html {
        Html::default()
    }
    if let Some(detached) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
    {
        yew::Renderer::<Nothing>::with_root(detached)
            .render()
            .destroy();
    }
}

/// Mounts the view and the guide into their root elements if they are new, unmounts them if
/// they are gone.
fn follow() {
    follow_one::<Vendors>(&MOUNTED, ROOT_ID);
    follow_one::<Guide>(&GUIDE, GUIDE_ID);
}

type Slot<C> = std::thread::LocalKey<RefCell<Option<(web_sys::Element, AppHandle<C>)>>>;

fn follow_one<C: BaseComponent<Properties = ()>>(slot: &'static Slot<C>, id: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    let current = slot.with(|m| m.borrow().as_ref().map(|(element, _)| element.clone()));
    if current == root {
        return;
    }
    if let Some((_, app)) = slot.with(|m| m.borrow_mut().take()) {
        app.destroy();
    }
    if let Some(root) = root {
        let app = yew::Renderer::<C>::with_root(root.clone()).render();
        slot.with(|m| *m.borrow_mut() = Some((root, app)));
    }
}

/// "Use this certificate for a new server": opens the Add form and gives `der` to its
/// certificate input as a file named `file_name`, as if the admin had picked it, so the
/// certificate goes through the same check and rules. The form appears once the app has
/// rendered the new route, so this looks for the input for up to two seconds.
pub(super) fn use_certificate(file_name: String, der: Vec<u8>) {
    routes::push(Route::AddMdmServer);
    look_for_input(40, file_name, der);
}

/// Looks for the Add form's input every 50 ms, `tries` more times.
fn look_for_input(tries: u8, file_name: String, der: Vec<u8>) {
    if tries == 0 {
        return;
    }
    gloo_timers::callback::Timeout::new(50, move || {
        let input = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(CERTIFICATE_INPUT_ID))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        match input {
            Some(input) => give_file(&input, &file_name, &der),
            None => look_for_input(tries - 1, file_name, der),
        }
    })
    .forget();
}

fn give_file(input: &web_sys::HtmlInputElement, file_name: &str, der: &[u8]) {
    let parts = Array::of1(&Uint8Array::from(der));
    let (Ok(file), Ok(transfer)) = (
        web_sys::File::new_with_u8_array_sequence(&parts, file_name),
        web_sys::DataTransfer::new(),
    ) else {
        return;
    };
    if transfer.items().add_with_file(&file).is_err() {
        return;
    }
    input.set_files(transfer.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(change) = web_sys::Event::new_with_event_init_dict("change", &init) {
        let _ = input.dispatch_event(&change);
    }
}

/// The view.
#[component]
fn Vendors() -> Html {
    html! {
        <section class="vendors" aria-labelledby="vendors-title">
            <h1 id="vendors-title">{ "For MDM vendors" }</h1>
            <p class="lead">
                { "Check both sides of the token exchange: make a test MDM server certificate, \
                   link it like a real server, then open the token you download with its private \
                   key. Everything happens in this page; private keys are never stored." }
            </p>
            <MakeCertificate />
            <OpenToken />
        </section>
    }
}
