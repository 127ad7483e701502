//! Preferences > Organization: the organization's name, when tokens count as expiring soon,
//! backups (export, import) and what the organization uses of the browser's storage.
//!
//! Every field stays visible to everyone; when the signed-in role may not change it, the field
//! and its button are disabled and the core's sentence says why (linked to both by
//! `aria-describedby`).

mod backups;
mod expiry_warning;
mod organization_name;
mod storage_usage;

use yew::prelude::*;

use backups::Backups;
use expiry_warning::ExpiryWarning;
use organization_name::OrganizationName;
use storage_usage::StorageUsage;

/// The Organization pane. A plain function: its forms hold the state.
pub fn organization_settings() -> Html {
    html! {
        <section class="pane" aria-labelledby="organization-title">
            { crate::ui::widgets::raw("<h2 id=\"organization-title\">Organization</h2>") }
            <OrganizationName />
            <ExpiryWarning />
            <Backups />
            <StorageUsage />
        </section>
    }
}

/// A setting's typed text and what its last Save said: the state both Organization forms keep.
#[derive(Clone)]
struct SettingDraft {
    /// The text in the field.
    typed: UseStateHandle<String>,
    /// Why the last Save was refused (role=alert).
    error: UseStateHandle<Option<String>>,
    /// What the last Save did (role=status).
    saved: UseStateHandle<Option<String>>,
}

impl SettingDraft {
    /// Typing clears what the last Save said.
    fn on_input(&self) -> Callback<InputEvent> {
        let draft = self.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            draft.typed.set(input.value());
            draft.error.set(None);
            draft.saved.set(None);
        })
    }

    /// The Save worked: say what it did.
    fn done(&self, message: String) {
        self.error.set(None);
        self.saved.set(Some(message));
    }

    /// The Save was refused: say why.
    fn refused(&self, message: String) {
        self.saved.set(None);
        self.error.set(Some(message));
    }

    /// What the field `id` is described by: its hint (when it has one), the reason it is
    /// disabled, the last refusal. `None` when nothing applies.
    fn described_by(&self, id: &str, hint: bool, denied: bool) -> Option<String> {
        let ids: Vec<String> = [
            hint.then(|| format!("{id}-hint")),
            denied.then(|| format!("{id}-why")),
            self.error.is_some().then(|| format!("{id}-error")),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// Under the field `id`: the last refusal, why the field is disabled, what the last Save did.
    fn messages(&self, id: &str, denied: Option<&String>) -> Html {
        html! {
            <>
                if let Some(message) = &*self.error {
                    <p class="field-error" id={format!("{id}-error")} role="alert">{ message.clone() }</p>
                }
                if let Some(reason) = denied {
                    <p class="why" id={format!("{id}-why")}>{ reason.clone() }</p>
                }
                <p role="status" class="saved">{ (*self.saved).clone().unwrap_or_default() }</p>
            </>
        }
    }
}

/// The draft of a setting whose current value reads `current`.
#[hook]
fn use_setting_draft(current: String) -> SettingDraft {
    SettingDraft {
        typed: use_state(|| current),
        error: use_state(|| None),
        saved: use_state(|| None),
    }
}
