//! A modal dialog on the native `<dialog>` element: `showModal()` gives focus trapping, an inert
//! page behind it, Escape to cancel and the `dialog` role for free, which a hand-made overlay
//! would have to reimplement (and usually gets wrong for keyboard users).
//!
//! The dialog is open exactly while the component is mounted: the parent's state decides, and
//! Escape or Cancel ask the parent to unmount it through `on_close`.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::guarded_button::next_id;

/// Props for [`Modal`].
#[derive(Properties, PartialEq)]
pub struct ModalProps {
    /// The dialog's title: its heading and accessible name.
    pub title: AttrValue,
    /// A sentence shown first and linked as the dialog's accessible description.
    #[prop_or_default]
    pub description: Option<AttrValue>,
    /// An `alertdialog` (a confirmation that interrupts) rather than a plain `dialog`.
    #[prop_or_default]
    pub alert: bool,
    /// Called when the person presses Escape (the parent then unmounts the dialog).
    pub on_close: Callback<()>,
    /// Where focus goes when the dialog closes; defaults to what was focused when it opened
    /// (if that element is still on the page).
    #[prop_or_default]
    pub return_focus: Option<NodeRef>,
    /// The dialog's content (text and buttons).
    #[prop_or_default]
    pub children: Html,
}

/// A modal `<dialog>` shown with `showModal()` while mounted.
#[component]
pub fn Modal(props: &ModalProps) -> Html {
    let dialog_ref = use_node_ref();
    let ids = use_memo((), |()| {
        let n = next_id();
        (
            format!("dialog-title-{n}"),
            format!("dialog-description-{n}"),
        )
    });
    let (title_id, description_id) = &*ids;
    {
        let dialog_ref = dialog_ref.clone();
        let return_focus = props.return_focus.clone();
        use_effect_with((), move |()| {
            let opener = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            if let Some(dialog) = dialog_ref.cast::<Element>() {
                show_modal(&dialog);
            }
            move || {
                if let Some(dialog) = dialog_ref.cast::<Element>() {
                    call_method(&dialog, "close");
                }
                let target = return_focus
                    .and_then(|r| r.cast::<HtmlElement>())
                    .or_else(|| opener.and_then(|e| e.dyn_into::<HtmlElement>().ok()))
                    .filter(|e| e.is_connected());
                if let Some(target) = target {
                    let _ = target.focus();
                }
            }
        });
    }
    // Escape fires `cancel`: keep the element open and let the parent's state close it, so the
    // DOM and the state never disagree.
    let oncancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: Event| {
            event.prevent_default();
            on_close.emit(());
        })
    };
    html! {
        <dialog ref={dialog_ref} class="modal" aria-labelledby={title_id.clone()}
                role={props.alert.then_some("alertdialog")}
                aria-describedby={props.description.as_ref().map(|_| description_id.clone())} {oncancel}>
            <h2 id={title_id.clone()}>{ props.title.clone() }</h2>
            if let Some(text) = &props.description {
                <p id={description_id.clone()}>{ text.clone() }</p>
            }
            { props.children.clone() }
        </dialog>
    }
}

/// Calls `showModal()`. Reached dynamically (like the clipboard in `browser.rs`) so the app
/// needs no extra web-sys feature; falls back to the `open` attribute if it is missing.
fn show_modal(dialog: &Element) {
    if !call_method(dialog, "showModal") {
        let _ = dialog.set_attribute("open", "");
    }
}

/// Calls a no-argument method on `target`; whether it existed and did not throw.
fn call_method(target: &Element, name: &str) -> bool {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|value| value.dyn_into::<Function>().ok())
        .is_some_and(|method| method.call0(target).is_ok())
}
