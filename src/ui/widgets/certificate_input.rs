//! Choosing a server's public key certificate (new server or "Upload new public key"): a file
//! input with drag-and-drop, read in the page and run through the certificate check, then a
//! summary and the findings, and whether the core accepts it for a server.

use std::rc::Rc;

use yew::prelude::*;

use super::certificate_report;
use crate::domain::certificate::{
    check_file, CheckedFile, Finding, InputError, Severity, MAX_FILE_BYTES,
};
use crate::domain::hex::fingerprint_display;
use crate::domain::organization::StoredCertificate;
use crate::domain::text::with_reason;
use crate::ui::edges::{clock, files};

/// What the admin chose, once checked.
#[derive(Clone, Debug, PartialEq)]
pub enum ChosenCertificate {
    /// Nothing chosen yet.
    None,
    /// Being read.
    Reading(String),
    /// Accepted by the core for a server; warnings (if any) still to be accepted by the admin.
    Accepted {
        /// File name.
        file_name: String,
        /// The certificate to store.
        certificate: StoredCertificate,
        /// Every finding of the file and the certificate (no errors, by construction).
        findings: Rc<Vec<Finding>>,
    },
    /// Refused, with the plain reason and any findings that explain it.
    Refused {
        /// File name.
        file_name: String,
        /// Why: one sentence above the findings, or the whole reason when there are none.
        reason: String,
        /// The reason's stable code, when it is the check's refusal of the file.
        code: Option<&'static str>,
        /// The findings behind it, when the file was a certificate.
        findings: Rc<Vec<Finding>>,
    },
}

impl ChosenCertificate {
    /// Whether it may be saved: accepted by the core, and any warnings accepted by the admin.
    /// The one rule for both the Add form and "Upload new public key".
    pub fn ready(&self, warnings_accepted: bool) -> bool {
        matches!(self, ChosenCertificate::Accepted { .. })
            && (!self.has_warnings() || warnings_accepted)
    }

    /// The name of the file chosen, once there is one.
    pub fn file_name(&self) -> Option<AttrValue> {
        match self {
            ChosenCertificate::None => None,
            ChosenCertificate::Reading(name)
            | ChosenCertificate::Accepted {
                file_name: name, ..
            }
            | ChosenCertificate::Refused {
                file_name: name, ..
            } => Some(name.clone().into()),
        }
    }

    /// Whether some findings are warnings the admin must accept before saving.
    pub fn has_warnings(&self) -> bool {
        match self {
            ChosenCertificate::Accepted { findings, .. } => {
                findings.iter().any(|f| f.severity == Severity::Warning)
            }
            _ => false,
        }
    }
}

/// Checks a file's bytes and decides whether a server may use it.
pub fn choose(file_name: String, bytes: &[u8]) -> ChosenCertificate {
    match check_file(bytes, clock::now()) {
        Err(error) => ChosenCertificate::Refused {
            file_name,
            reason: error.to_string(),
            code: Some(error.code()),
            findings: Rc::new(Vec::new()),
        },
        Ok(file) => accept(file_name, &file),
    }
}

fn accept(file_name: String, file: &CheckedFile) -> ChosenCertificate {
    let findings: Vec<Finding> = file.entry_findings().cloned().collect();
    match StoredCertificate::from_checked_file(file) {
        Ok(certificate) => ChosenCertificate::Accepted {
            file_name,
            certificate,
            findings: Rc::new(findings),
        },
        // The findings below say why; the full sentence would say it again.
        Err(refusal) => ChosenCertificate::Refused {
            file_name,
            reason: refusal.headline().to_string(),
            code: None,
            findings: Rc::new(findings),
        },
    }
}

/// Props for [`CertificateInput`].
#[derive(Properties, PartialEq)]
pub struct CertificateInputProps {
    /// The input's label, e.g. "Public key certificate".
    pub label: AttrValue,
    /// The input's id.
    pub id: AttrValue,
    /// Reports each chosen file, once checked.
    pub on_choose: Callback<ChosenCertificate>,
    /// Disabled (with the reason shown elsewhere and linked here).
    #[prop_or_default]
    pub disabled: bool,
    /// Id of the element that explains why it is disabled.
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
    /// The chosen file's name, shown beside the button (the browser's own text would say
    /// "No file chosen": the input is emptied after each pick so the same file can be picked
    /// again, and a dropped file never reaches it).
    #[prop_or_default]
    pub file_name: Option<AttrValue>,
}

/// A labelled file input that also accepts a dropped file.
#[component]
pub fn CertificateInput(props: &CertificateInputProps) -> Html {
    let dragging = use_state(|| false);
    let handle = {
        let on_choose = props.on_choose.clone();
        move |list: Option<web_sys::FileList>| {
            let mut picked = files::picked_files(list);
            let on_choose = on_choose.clone();
            if picked.len() > 1 {
                return on_choose.emit(ChosenCertificate::Refused {
                    file_name: format!("{} files", picked.len()),
                    reason: "One certificate is needed. Drop or choose only the MDM server's own certificate file.".into(),
                    code: None,
                    findings: Rc::new(Vec::new()),
                });
            }
            let Some(picked) = picked.pop() else {
                return;
            };
            if picked.size > MAX_FILE_BYTES as u64 {
                let too_large = InputError::TooLarge {
                    bytes: usize::try_from(picked.size).unwrap_or(usize::MAX),
                };
                on_choose.emit(ChosenCertificate::Refused {
                    file_name: picked.name,
                    reason: too_large.to_string(),
                    code: Some(too_large.code()),
                    findings: Rc::new(Vec::new()),
                });
                return;
            }
            on_choose.emit(ChosenCertificate::Reading(picked.name.clone()));
            wasm_bindgen_futures::spawn_local(async move {
                let chosen = match files::read_file(&picked.file).await {
                    Ok(bytes) => choose(picked.name, &bytes),
                    Err(message) => ChosenCertificate::Refused {
                        file_name: picked.name,
                        reason: with_reason("The file could not be read.", &message),
                        code: Some("unreadable"),
                        findings: Rc::new(Vec::new()),
                    },
                };
                on_choose.emit(chosen);
            });
        }
    };
    let onchange = {
        let handle = handle.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            handle(input.files());
            input.set_value("");
        })
    };
    let disabled = props.disabled;
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            if !disabled {
                handle(event.data_transfer().and_then(|t| t.files()));
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    html! {
        <div class={classes!("drop-zone", "compact", dragging.then_some("dragging"))}
             {ondrop} {ondragover} {ondragleave}>
            <label for={props.id.clone()} class="field-label">{ props.label.clone() }</label>
            { crate::ui::widgets::raw("<p class=\"hint\">A .pem, .der, .crt or .cer file from the MDM vendor: choose it or drop it here.</p>") }
            <input type="file" id={props.id.clone()} accept=".pem,.der,.crt,.cer,.cert"
                   class="visually-hidden file-input" {onchange} disabled={props.disabled}
                   aria-describedby={props.describedby.clone()} />
            <label for={props.id.clone()} class="button secondary file-button">{ "Choose file…" }</label>
            <span class="file-name">{ props.file_name.clone().unwrap_or_default() }</span>
        </div>
    }
}

/// The summary (subject, key, expiry, SHA-256) and findings of a chosen certificate, or why it
/// was refused. A plain function: it keeps no state.
pub fn chosen_summary(chosen: &ChosenCertificate) -> Html {
    match chosen {
        ChosenCertificate::None => Html::default(),
        ChosenCertificate::Reading(name) => html! {
            <p role="status">{ format!("Checking {name}…") }</p>
        },
        ChosenCertificate::Refused {
            file_name,
            reason,
            code,
            findings,
        } => html! {
            <div class="chosen refused" role="alert">
                <p class="chosen-file">{ "“" }<strong>{ file_name.clone() }</strong>{ "” was not accepted." }</p>
                { match code {
                    Some(code) => certificate_report::refusal(reason, code),
                    None => html! { <p class="refusal">{ reason.clone() }</p> },
                } }
                { certificate_report::findings(findings.iter().collect()) }
            </div>
        },
        ChosenCertificate::Accepted {
            file_name,
            certificate,
            findings,
        } => html! {
            <div class="chosen accepted">
                <p class="chosen-file">{ "“" }<strong>{ file_name.clone() }</strong>{ "” can be used for an MDM server." }</p>
                <dl class="details">
                    { crate::ui::widgets::raw("<dt>Subject</dt>") }<dd>{ certificate.subject.clone() }</dd>
                    { crate::ui::widgets::raw("<dt>Public key</dt>") }<dd>{ certificate.key_description.clone() }</dd>
                    { crate::ui::widgets::raw("<dt>Expires</dt>") }<dd>{ certificate.not_after.date_string() }</dd>
                    { crate::ui::widgets::raw("<dt>SHA-256 fingerprint</dt>") }
                    <dd class="mono">{ fingerprint_display(&certificate.sha256_hex) }</dd>
                </dl>
                { certificate_report::findings(findings.iter().collect()) }
            </div>
        },
    }
}

/// The "I have read the warnings" checkbox, shown only when the chosen certificate has
/// warnings; `accepted` holds its state.
pub fn accept_warnings(
    id: &'static str,
    chosen: &ChosenCertificate,
    accepted: &UseStateHandle<bool>,
) -> Html {
    if !chosen.has_warnings() {
        return Html::default();
    }
    let onchange = {
        let accepted = accepted.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            accepted.set(input.checked());
        })
    };
    html! {
        <div class="field checkbox">
            <input {id} type="checkbox" checked={**accepted} {onchange} />
            <label for={id}>{ "I have read the warnings and want to use this certificate" }</label>
        </div>
    }
}
