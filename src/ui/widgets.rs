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

/// `text` with every `YYYY-MM-DD` date in a no-wrap span, so a narrow column never breaks a
/// date at its hyphens ("2027-" / "12-02").
pub fn dated(text: &str) -> yew::Html {
    let bytes = text.as_bytes();
    let is_date = |i: usize| {
        bytes.get(i..i + 10).is_some_and(|d| {
            d.iter().enumerate().all(|(k, b)| match k {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        })
    };
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if is_date(i) {
            parts.push(yew::html! { { text[start..i].to_string() } });
            parts.push(yew::html! { <span class="date">{ text[i..i + 10].to_string() }</span> });
            i += 10;
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(yew::html! { { text[start..].to_string() } });
    parts.into_iter().collect()
}
