//! Widgets shared by several views.

pub mod certificate_input;
pub mod certificate_report;
pub mod confirm_dialog;
pub mod fingerprint;
pub mod guarded_button;
pub mod modal;

pub use certificate_input::{accept_warnings, chosen_summary, CertificateInput, ChosenCertificate};
pub use confirm_dialog::{confirm_dialog, ConfirmDialogProps};
pub use guarded_button::{next_id, use_denied, GuardedButton};
pub use modal::Modal;

/// Static markup (fixed text) as one piece of HTML: a virtual-DOM node per element costs
/// first-load bytes for text that never changes. Only ever given literals, and never table
/// parts (`<caption>`, `<thead>`, `<tr>`...): Yew parses the markup inside a `<div>`, where
/// the HTML parser drops them.
pub fn raw(html: &'static str) -> yew::Html {
    yew::Html::from_html_unchecked(yew::AttrValue::Static(html))
}

/// A table's header row of column headings: one function for every table's header.
pub fn thead(columns: &[&'static str]) -> yew::Html {
    yew::html! {
        <thead><tr>{ for columns.iter().map(|c| yew::html! { <th scope="col">{ *c }</th> }) }</tr></thead>
    }
}
