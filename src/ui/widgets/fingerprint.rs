//! A fingerprint with a copy button that confirms the copy in a live region.

use yew::prelude::*;

use crate::domain::text::with_reason;
use crate::ui::edges::clipboard;

/// Props for [`Fingerprint`].
#[derive(Properties, PartialEq)]
pub struct FingerprintProps {
    /// Unique id, for element ids.
    pub id: String,
    /// What it is, e.g. "SHA-256 fingerprint".
    pub label: AttrValue,
    /// The fingerprint text.
    pub value: String,
}

/// A fingerprint with a copy button that confirms the copy in a live region.
#[component]
pub fn Fingerprint(props: &FingerprintProps) -> Html {
    let feedback = use_state(String::new);
    let onclick = {
        let feedback = feedback.clone();
        let value = props.value.clone();
        Callback::from(move |_: MouseEvent| {
            let feedback = feedback.clone();
            let value = value.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match clipboard::copy_text(&value).await {
                    Ok(()) => feedback.set("Copied.".into()),
                    Err(message) => feedback.set(with_reason("Not copied.", &message)),
                }
            });
        })
    };
    html! {
        <span class="fingerprint">
            <code class="mono" id={props.id.clone()}>{ props.value.clone() }</code>
            <button type="button" class="button small" {onclick}
                    aria-label={format!("Copy {}", props.label)}>{ "Copy" }</button>
            <span class="copy-feedback" role="status">{ (*feedback).clone() }</span>
        </span>
    }
}
