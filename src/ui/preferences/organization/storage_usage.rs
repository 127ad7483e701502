//! Preferences > Organization > Storage: how much the organization takes in the browser's
//! storage (its own keys), how much of what the browser lets the site keep is in use
//! (`navigator.storage.estimate()`), and whether the browser keeps the data even when space
//! runs low (`navigator.storage.persist()`), with a way to ask.

use yew::prelude::*;

use crate::domain::certificate::size_text;
use crate::ui::edges::storage_manager;
use crate::ui::state::use_app;
use crate::ui::state::Action;

/// The Storage section.
#[component]
pub fn StorageUsage() -> Html {
    let app = use_app();
    let persisted = use_state(|| None::<bool>);
    {
        let (app, persisted) = (app.clone(), persisted.clone());
        use_effect_with(app.state().base_revision, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                app.dispatch(Action::Estimated(storage_manager::estimate().await));
                persisted.set(storage_manager::persisted().await);
            });
        });
    }
    let ask = {
        let persisted = persisted.clone();
        Callback::from(move |_: MouseEvent| {
            let persisted = persisted.clone();
            wasm_bindgen_futures::spawn_local(async move {
                persisted.set(storage_manager::persist().await);
            });
        })
    };
    let used = app.state().stored_bytes as u64;
    let kept = match *persisted {
        Some(true) => "The browser keeps this site's data even when space runs low (persistent storage granted).",
        Some(false) => "The browser may clear this site's data when space runs low (persistent storage not granted): keep backups.",
        None => "This browser does not say whether it keeps this site's data when space runs low: keep backups.",
    };
    html! {
        <section class="settings-form" aria-labelledby="storage-heading">
            { crate::ui::widgets::raw("<h3 id=\"storage-heading\">Storage</h3>") }
            <p class="current" id="storage-used">
                { format!("This organization takes {} in this browser's storage.", size_text(used)) }
            </p>
            if let Some(e) = app.state().estimate.filter(|e| e.quota > 0.0) {
                <p id="storage-estimate">{ format!("The browser lets this site keep up to {}; {} is in use ({}%).",
                                                   size_text(e.quota as u64), size_text(e.usage as u64),
                                                   (e.usage * 100.0 / e.quota).round() as u64) }</p>
            }
            <p id="storage-persisted">{ kept }</p>
            if *persisted == Some(false) {
                <button type="button" class="button secondary" onclick={ask}>
                    { "Ask the browser to keep this data" }</button>
            }
        </section>
    }
}
