//! "Make test certificate": the form (common name, days, key size), progress with Cancel while
//! the worker generates the key, then the certificate's check result, its downloads and "Use this
//! certificate for a new server".
//!
//! The private key PEM is held in a wiped buffer (`use_mut_ref`) only until the view is left or
//! another certificate is made; the worker is terminated once it has answered, on Cancel and when
//! the view is left.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;
use zeroize::Zeroizing;

use super::lazy::use_certificate;
use crate::domain::certificate::{check_file, Source};
use crate::domain::text::with_reason;
use crate::domain::vendor::test_certificate::{
    DEFAULT_COMMON_NAME, DEFAULT_KEY_SIZE, DEFAULT_VALIDITY_DAYS, KEY_SIZES,
};
use crate::domain::vendor::{test_file_names, Progress, TestCertificateRequest, TestFileNames};
use crate::ui::edges::worker::VendorWorker;
use crate::ui::edges::{clock, downloads};
use crate::ui::widgets::certificate_report::{check_result, CheckOutcome};
use crate::worker_protocol::{Reply, Request};

/// Where the panel is.
#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    /// Generating; the step reached (0 while the worker loads).
    Working(u8),
    Cancelled,
    Failed(String),
    Made(Rc<Made>),
}

/// A made certificate, public parts only (the key is in the panel's wiped holder).
#[derive(PartialEq)]
struct Made {
    names: TestFileNames,
    der: Vec<u8>,
    pem: String,
    check: CheckOutcome,
}

type Holder<T> = Rc<RefCell<Option<T>>>;

/// Drops the worker after the current event (never inside its own message handler).
fn finish_later(worker: &Holder<VendorWorker>) {
    let worker = worker.clone();
    wasm_bindgen_futures::spawn_local(async move {
        worker.borrow_mut().take();
    });
}

/// The panel.
#[component]
pub fn MakeCertificate() -> Html {
    let common_name = use_state(|| DEFAULT_COMMON_NAME.to_owned());
    let days = use_state(|| DEFAULT_VALIDITY_DAYS.to_string());
    let bits = use_state(|| DEFAULT_KEY_SIZE);
    let phase = use_state(|| Phase::Idle);
    let form_error = use_state(|| None::<String>);
    let worker: Holder<VendorWorker> = use_mut_ref(|| None);
    let key: Holder<Zeroizing<String>> = use_mut_ref(|| None);
    // The common name of the request in flight, for the file names.
    let pending_name = use_mut_ref(String::new);
    {
        let (worker, key) = (worker.clone(), key.clone());
        use_effect_with((), move |()| {
            move || {
                worker.borrow_mut().take();
                key.borrow_mut().take();
            }
        });
    }

    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.set(input.value());
        })
    };
    let on_bits = {
        let bits = bits.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            bits.set(select.value().parse().unwrap_or(DEFAULT_KEY_SIZE));
        })
    };
    let on_reply = {
        let (phase, key, worker, pending_name) = (
            phase.clone(),
            key.clone(),
            worker.clone(),
            pending_name.clone(),
        );
        move |reply: Result<Reply, String>| match reply {
            Ok(Reply::Progress(step)) => phase.set(Phase::Working(step)),
            Ok(Reply::Made {
                certificate_der,
                certificate_pem,
                private_key_pem,
            }) => {
                *key.borrow_mut() = Some(private_key_pem);
                let check = match check_file(&certificate_der, clock::now()) {
                    Ok(file) => CheckOutcome::Checked(file),
                    Err(error) => CheckOutcome::Refused {
                        error,
                        source: Source::File,
                    },
                };
                let names = test_file_names(&pending_name.borrow());
                phase.set(Phase::Made(Rc::new(Made {
                    names,
                    der: certificate_der,
                    pem: certificate_pem,
                    check,
                })));
                finish_later(&worker);
            }
            Ok(Reply::MakeFailed(message)) | Err(message) => {
                phase.set(Phase::Failed(message));
                finish_later(&worker);
            }
            Ok(_) => {}
        }
    };
    let on_reply = Rc::new(on_reply);
    let onsubmit = {
        let (common_name, days, bits, phase, form_error, worker, key, pending_name) = (
            common_name.clone(),
            days.clone(),
            bits.clone(),
            phase.clone(),
            form_error.clone(),
            worker.clone(),
            key.clone(),
            pending_name.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = match TestCertificateRequest::parse(*bits, &common_name, &days) {
                Ok(request) => request,
                Err(e) => return form_error.set(Some(e.to_string())),
            };
            form_error.set(None);
            key.borrow_mut().take();
            *pending_name.borrow_mut() = request.common_name().to_owned();
            let mut slot = worker.borrow_mut();
            if slot.is_none() {
                let on_reply = on_reply.clone();
                match VendorWorker::start(Reply::decode, move |reply| on_reply(reply)) {
                    Ok(started) => *slot = Some(started),
                    Err(e) => return phase.set(Phase::Failed(with_reason("No key was made.", &e))),
                }
            }
            if let Some(w) = slot.as_ref() {
                w.send(&Request::Make {
                    bits: request.bits(),
                    common_name: request.common_name().to_owned(),
                    validity_days: request.validity_days(),
                    now: clock::now(),
                });
            }
            phase.set(Phase::Working(0));
        })
    };
    let on_cancel = {
        let (phase, worker) = (phase.clone(), worker.clone());
        Callback::from(move |_: MouseEvent| {
            worker.borrow_mut().take();
            phase.set(Phase::Cancelled);
        })
    };
    let working = matches!(*phase, Phase::Working(_));

    html! {
        <section class="card" aria-labelledby="make-title">
            <h2 id="make-title">{ "Make a test certificate" }</h2>
            <p class="hint">
                { "An RSA key pair and a self-signed certificate, as an MDM server has: link it as \
                   a test server, download its token, and open the token below with the key." }
            </p>
            <form class="form" {onsubmit} novalidate=true>
                <div class="form-fields">
                    <div class="field">
                        <label for="vendor-cn">{ "Common name" }</label>
                        <input id="vendor-cn" type="text" value={(*common_name).clone()}
                               oninput={text_input(&common_name)} disabled={working} />
                    </div>
                    <div class="field">
                        <label for="vendor-days">{ "Valid for (days)" }</label>
                        <input id="vendor-days" type="number" min="1" max="3650" class="narrow"
                               value={(*days).clone()} oninput={text_input(&days)} disabled={working} />
                    </div>
                    <div class="field">
                        <label for="vendor-bits">{ "Key size" }</label>
                        <select id="vendor-bits" onchange={on_bits} disabled={working}>
                            { for KEY_SIZES.iter().map(|size| html! {
                                <option value={size.to_string()} selected={*size == *bits}>
                                    { format!("{size} bits") }
                                </option>
                            }) }
                        </select>
                    </div>
                </div>
                if let Some(message) = &*form_error {
                    <p class="field-error" role="alert">{ message.clone() }</p>
                }
                <div class="form-actions">
                    <button type="submit" class="button" disabled={working}>{ "Make test certificate" }</button>
                    if working {
                        <button type="button" class="button secondary" onclick={on_cancel}>{ "Cancel" }</button>
                    }
                </div>
            </form>
            { progress(&phase) }
            if let Phase::Made(made) = &*phase {
                { made_view(made, &key) }
            }
        </section>
    }
}

/// The status line: progress while working, then what happened.
fn progress(phase: &Phase) -> Html {
    let text = match phase {
        Phase::Idle | Phase::Made(_) => return Html::default(),
        Phase::Working(step) => Progress::from_step(*step).map_or_else(
            || "Starting the background worker…".to_owned(),
            |p| p.to_string(),
        ),
        Phase::Cancelled => "Cancelled: no key was made.".to_owned(),
        Phase::Failed(message) => message.clone(),
    };
    let step = match phase {
        Phase::Working(step) => Some(*step),
        _ => None,
    };
    html! {
        <div class="make-status">
            if let Some(step) = step {
                <progress max={Progress::STEPS.to_string()} value={step.to_string()}
                          aria-label="Key generation progress"></progress>
            }
            <p role="status" class={classes!(matches!(phase, Phase::Failed(_)).then_some("error-text"))}>{ text }</p>
        </div>
    }
}

/// A download button's handler: `bytes` are read when clicked, wiped after the hand-over.
fn on_download(
    bytes: impl Fn() -> Option<Zeroizing<Vec<u8>>> + 'static,
    name: &str,
    mime: &'static str,
) -> Callback<MouseEvent> {
    let name = name.to_owned();
    Callback::from(move |_: MouseEvent| {
        if let Some(bytes) = bytes() {
            let _ = downloads::download(&bytes, &name, mime);
        }
    })
}

/// The made certificate: its check result, the downloads and the path to the Add form.
fn made_view(made: &Rc<Made>, key: &Holder<Zeroizing<String>>) -> Html {
    const PEM: &str = "application/x-pem-file";
    let names = &made.names;
    let pem = {
        let made = made.clone();
        on_download(
            move || Some(Zeroizing::new(made.pem.clone().into_bytes())),
            &names.certificate_pem,
            PEM,
        )
    };
    let der = {
        let made = made.clone();
        on_download(
            move || Some(Zeroizing::new(made.der.clone())),
            &names.certificate_der,
            "application/pkix-cert",
        )
    };
    let private = {
        let key = key.clone();
        on_download(
            move || {
                key.borrow()
                    .as_ref()
                    .map(|k| Zeroizing::new(k.as_bytes().to_vec()))
            },
            &names.private_key_pem,
            PEM,
        )
    };
    let use_it = {
        let made = made.clone();
        Callback::from(move |_: MouseEvent| {
            use_certificate(made.names.certificate_pem.clone(), made.der.clone());
        })
    };
    let name = AttrValue::from(names.certificate_pem.clone());
    html! {
        <div class="made">
            <p class="notice" role="status">
                { "Test certificate made. Its private key exists only in this page: download it now. \
                   It is wiped when you leave this view and is never stored." }
            </p>
            <div class="form-actions">
                <button type="button" class="button" onclick={pem}>{ "Download certificate (.pem)" }</button>
                <button type="button" class="button secondary" onclick={der}>{ "Download certificate (.der)" }</button>
                <button type="button" class="button" onclick={private}>{ "Download private key (.pem)" }</button>
                <button type="button" class="button secondary" onclick={use_it}>{ "Use this certificate for a new server" }</button>
            </div>
            { check_result(0, &name, &made.check) }
        </div>
    }
}
