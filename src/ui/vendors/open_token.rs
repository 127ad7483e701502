//! "Open token": a token file and (optionally) its private key and password in, the worker's
//! report out: whom the token was encrypted for, whether that is the key file's certificate, the
//! five fields (the three secrets masked, each with Reveal and Copy) and every finding.
//!
//! The files are read only when "Open token" is pressed, into wiped buffers, and moved to the
//! worker; the report (with the secrets) is held in a wiped holder until the view is left or
//! another token is opened, and the worker is terminated once it has answered.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;
use zeroize::Zeroizing;

use crate::domain::certificate::{size_text, MAX_FILE_BYTES};
use crate::domain::text::{count, with_reason};
use crate::domain::token::open::TokenReport;
use crate::ui::edges::files::{self, PickedFile};
use crate::ui::edges::worker::VendorWorker;
use crate::ui::edges::{clipboard, clock};
use crate::ui::widgets::certificate_report::findings;
use crate::worker_protocol::{Reply, Request};

type Holder<T> = Rc<RefCell<Option<T>>>;

/// Where the panel is.
#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    Opening,
    /// The report is in the holder.
    Opened,
    Failed(String),
}

/// The three fields shown masked, by label and index into [`secret`].
const SECRETS: [&str; 3] = ["Consumer secret", "Access token", "Access secret"];

fn secret(report: &TokenReport, index: usize) -> Option<&str> {
    let c = report.contents.as_ref()?;
    Some(match index {
        0 => &c.consumer_secret,
        1 => &c.access_token,
        _ => &c.access_secret,
    })
}

/// The panel.
#[component]
pub fn OpenToken() -> Html {
    let token_file = use_state(|| None::<PickedFile>);
    let key_file = use_state(|| None::<PickedFile>);
    let password = use_node_ref();
    let phase = use_state(|| Phase::Idle);
    let revealed = use_state(|| [false; 3]);
    let feedback = use_state(String::new);
    let worker: Holder<VendorWorker> = use_mut_ref(|| None);
    let report: Holder<TokenReport> = use_mut_ref(|| None);
    {
        let (worker, report) = (worker.clone(), report.clone());
        use_effect_with((), move |()| {
            move || {
                worker.borrow_mut().take();
                report.borrow_mut().take();
            }
        });
    }

    let pick = |state: &UseStateHandle<Option<PickedFile>>| {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.set(files::picked_files(input.files()).into_iter().next());
        })
    };
    let on_reply = {
        let (phase, report, worker, revealed) = (
            phase.clone(),
            report.clone(),
            worker.clone(),
            revealed.clone(),
        );
        move |reply: Result<Reply, String>| {
            match reply {
                Ok(Reply::Opened(opened)) => {
                    *report.borrow_mut() = Some(*opened);
                    revealed.set([false; 3]);
                    phase.set(Phase::Opened);
                }
                Ok(_) => return,
                Err(message) => phase.set(Phase::Failed(message)),
            }
            // The worker's memory held the key: discard it (never inside its own handler).
            let worker = worker.clone();
            wasm_bindgen_futures::spawn_local(async move {
                worker.borrow_mut().take();
            });
        }
    };
    let on_reply = Rc::new(on_reply);
    let onsubmit = {
        let (token_file, key_file, password, phase, worker, report) = (
            token_file.clone(),
            key_file.clone(),
            password.clone(),
            phase.clone(),
            worker.clone(),
            report.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(token) = (*token_file).clone() else {
                return phase.set(Phase::Failed("Choose the token file first.".into()));
            };
            let key = (*key_file).clone();
            if let Some(big) = [Some(&token), key.as_ref()]
                .into_iter()
                .flatten()
                .find(|f| f.size > MAX_FILE_BYTES as u64)
            {
                return phase.set(Phase::Failed(format!(
                    "“{}” is {}, far larger than any token or key (the limit is 1 MiB), so it was \
                     not read.",
                    big.name,
                    size_text(big.size)
                )));
            }
            let typed = password
                .cast::<web_sys::HtmlInputElement>()
                .map(|input| Zeroizing::new(input.value()))
                .filter(|p| !p.is_empty());
            report.borrow_mut().take();
            phase.set(Phase::Opening);
            let (phase, worker, on_reply) = (phase.clone(), worker.clone(), on_reply.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let read = async {
                    let token = files::read_file(&token.file).await?;
                    let key = match &key {
                        Some(k) => Some(files::read_file(&k.file).await?),
                        None => None,
                    };
                    Ok::<_, String>((token, key))
                };
                let (token, key) = match read.await {
                    Ok(files) => files,
                    Err(e) => {
                        return phase.set(Phase::Failed(with_reason(
                            "The file could not be read.",
                            &e,
                        )))
                    }
                };
                let mut slot = worker.borrow_mut();
                if slot.is_none() {
                    let on_reply = on_reply.clone();
                    match VendorWorker::start(Reply::decode, move |reply| on_reply(reply)) {
                        Ok(started) => *slot = Some(started),
                        Err(e) => {
                            return phase
                                .set(Phase::Failed(with_reason("The token was not opened.", &e)))
                        }
                    }
                }
                if let Some(w) = slot.as_ref() {
                    w.send(&Request::Open {
                        token: token.to_vec(),
                        key,
                        password: typed,
                        now: clock::now(),
                    });
                }
            });
        })
    };

    let held = report.borrow();
    let body = match (&*phase, held.as_ref()) {
        (Phase::Opening, _) => html! { <p role="status">{ "Opening the token…" }</p> },
        (Phase::Failed(message), _) => {
            html! { <p role="alert" class="error-text">{ message.clone() }</p> }
        }
        (Phase::Opened, Some(r)) => report_view(r, &revealed, &feedback, &report),
        _ => Html::default(),
    };
    html! {
        <section class="card" aria-labelledby="open-title">
            <h2 id="open-title">{ "Open a token" }</h2>
            <p class="hint">
                { "A server token (.p7m as downloaded, its DER or its base64) and the MDM server's \
                   private key (PEM or DER, PKCS#1 or PKCS#8, or a PEM file holding the \
                   certificate and the key): see what the token holds, or why a server refuses it." }
            </p>
            <form class="form" {onsubmit} novalidate=true>
                <div class="form-fields">
                    <div class="field">
                        <label for="open-token-file">{ "Token file" }</label>
                        <input id="open-token-file" type="file" onchange={pick(&token_file)} />
                    </div>
                    <div class="field">
                        <label for="open-key-file">{ "Private key" }</label>
                        <input id="open-key-file" type="file" onchange={pick(&key_file)} />
                    </div>
                    <div class="field">
                        <label for="open-key-password">{ "Private key password" }</label>
                        <input id="open-key-password" type="password" ref={password}
                               autocomplete="off" aria-describedby="open-key-password-hint" />
                        <p class="hint" id="open-key-password-hint">{ "Only for a password-protected key." }</p>
                    </div>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button" disabled={*phase == Phase::Opening}>{ "Open token" }</button>
                </div>
            </form>
            { body }
        </section>
    }
}

/// What the worker found: the findings, then the details and fields.
fn report_view(
    r: &TokenReport,
    revealed: &UseStateHandle<[bool; 3]>,
    feedback: &UseStateHandle<String>,
    holder: &Holder<TokenReport>,
) -> Html {
    let title = if r.contents.is_some() {
        "Token opened"
    } else {
        "Token not opened"
    };
    let yes_no = |yes: bool, y: &'static str, n: &'static str| if yes { y } else { n };
    html! {
        <section class="opened" aria-labelledby="opened-title">
            <h3 id="opened-title">{ title }</h3>
            { findings(r.findings.iter().collect()) }
            <dl class="details">
                { for r.recipients.iter().map(|recipient| html! {
                    <><dt>{ "Encrypted for" }</dt><dd>{ capital(&recipient.to_string()) }</dd></>
                }) }
                if let Some(c) = &r.certificate {
                    <dt>{ "Certificate in the key file" }</dt>
                    <dd>
                        { capital(&c.id.to_string()) }{ ": " }
                        { yes_no(c.is_recipient, "the token was made for it", "the token was made for another certificate") }
                        { "; " }
                        { yes_no(c.matches_key, "it belongs to this key.", "it does not belong to this key.") }
                    </dd>
                }
                if let Some(cipher) = r.content_cipher {
                    <dt>{ "Content encryption" }</dt><dd>{ cipher }</dd>
                }
                if let Some(key) = &r.key {
                    <dt>{ "Private key" }</dt><dd>{ key.clone() }</dd>
                }
                if let Some(c) = &r.contents {
                    <dt>{ "Consumer key" }</dt><dd class="mono" id="opened-consumer-key">{ c.consumer_key.as_str() }</dd>
                    { for (0..SECRETS.len()).map(|i| secret_row(r, i, revealed, feedback, holder)) }
                    <dt>{ "Expiry" }</dt>
                    <dd>
                        { c.expiry_text.clone() }{ " (" }
                        { if c.days_left >= 0 {
                            format!("{} left", count(c.days_left, "day", "days"))
                        } else {
                            format!("expired {} ago", count(-c.days_left, "day", "days"))
                        } }
                        { ")" }
                    </dd>
                }
            </dl>
            <p class="copy-feedback" role="status">{ (**feedback).clone() }</p>
        </section>
    }
}

/// One secret: masked until revealed, with Reveal/Hide and Copy.
fn secret_row(
    r: &TokenReport,
    index: usize,
    revealed: &UseStateHandle<[bool; 3]>,
    feedback: &UseStateHandle<String>,
    holder: &Holder<TokenReport>,
) -> Html {
    let label = SECRETS[index];
    let shown = revealed[index];
    let toggle = {
        let revealed = revealed.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = *revealed;
            next[index] = !next[index];
            revealed.set(next);
        })
    };
    let copy = {
        let (feedback, holder) = (feedback.clone(), holder.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(value) = holder
                .borrow()
                .as_ref()
                .and_then(|r| secret(r, index).map(|s| Zeroizing::new(s.to_owned())))
            else {
                return;
            };
            let feedback = feedback.clone();
            wasm_bindgen_futures::spawn_local(async move {
                feedback.set(match clipboard::copy_text(&value).await {
                    Ok(()) => format!("{label} copied."),
                    Err(e) => with_reason(&format!("{label} not copied."), &e),
                });
            });
        })
    };
    let value = if shown {
        secret(r, index).unwrap_or_default().to_owned()
    } else {
        "••••••••••••".to_owned()
    };
    html! {
        <>
            <dt>{ label }</dt>
            <dd>
                <span class="mono">{ value }</span>
                <button type="button" class="button small" onclick={toggle} aria-pressed={shown.to_string()}
                        aria-label={format!("{} {}", if shown { "Hide" } else { "Reveal" }, label.to_ascii_lowercase())}>
                    { if shown { "Hide" } else { "Reveal" } }
                </button>
                <button type="button" class="button small" onclick={copy}
                        aria-label={format!("Copy {}", label.to_ascii_lowercase())}>{ "Copy" }</button>
            </dd>
        </>
    }
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
