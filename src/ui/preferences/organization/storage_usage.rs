//! Preferences > Organization > Storage: how much of the browser's storage the organization
//! uses (its own keys, against the ~5 MiB browsers allow a site in local storage, and what
//! `navigator.storage.estimate()` reports), and whether the browser keeps the data even when
//! space runs low (`navigator.storage.persist()`), with a way to ask.

use yew::prelude::*;

use crate::domain::certificate::size_text;
use crate::ui::edges::storage::LIMIT_UNITS;
use crate::ui::edges::storage_manager::{self, Estimate};
use crate::ui::state::use_app;

/// The Storage section.
#[component]
pub fn StorageUsage() -> Html {
    let app = use_app();
    let estimate = use_state(|| None::<Estimate>);
    let persisted = use_state(|| None::<bool>);
    {
        let (estimate, persisted) = (estimate.clone(), persisted.clone());
        use_effect_with(app.state().base_revision, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                estimate.set(storage_manager::estimate().await);
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
    let used = app.state().stored_units;
    let percent = used * 100 / LIMIT_UNITS;
    let kept = match *persisted {
        Some(true) => "The browser keeps this site's data even when space runs low (persistent storage granted).",
        Some(false) => "The browser may clear this site's data when space runs low (persistent storage not granted): keep backups.",
        None => "This browser does not say whether it keeps this site's data when space runs low: keep backups.",
    };
    html! {
        <section class="settings-form" aria-labelledby="storage-heading">
            <h3 id="storage-heading">{ "Storage" }</h3>
            <p class="current" id="storage-used">
                { format!("This organization uses {} of the {} browsers let a site keep in local storage ({percent}%).",
                          size_text(used as u64), size_text(LIMIT_UNITS as u64)) }
            </p>
            if let Some(e) = *estimate {
                <p class="hint">{ format!("The browser reports {} used of {} available to this site for its other storage.",
                                          size_text(e.usage as u64), size_text(e.quota as u64)) }</p>
            }
            <p id="storage-persisted">{ kept }</p>
            if *persisted == Some(false) {
                <button type="button" class="button secondary" onclick={ask}>
                    { "Ask the browser to keep this data" }</button>
            }
        </section>
    }
}
