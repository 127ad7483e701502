//! The "Certificate check" view: files (picker or drag-and-drop) or pasted text in, one result
//! per file out. Files are read in the page and checked by the domain core; nothing is sent
//! anywhere, and a private key found in a file is reported but never shown or kept.

use std::rc::Rc;

use yew::prelude::*;

use crate::domain::certificate::{check, InputError, Source, MAX_FILE_BYTES};
use crate::domain::text::count;
use crate::ui::edges::clock;
use crate::ui::edges::files::{self, PickedFile};
use crate::ui::widgets::certificate_report::{check_result, CheckOutcome};

/// One row of the results list.
#[derive(Clone, PartialEq)]
pub struct ResultEntry {
    /// Stable key for rendering.
    pub id: usize,
    /// The file name, or "Pasted text N".
    pub name: AttrValue,
    /// What the check found.
    pub outcome: Rc<CheckOutcome>,
}

/// The results shown, newest batch first.
#[derive(Default, PartialEq)]
struct Results {
    entries: Vec<ResultEntry>,
    next_id: usize,
    checking: usize,
    /// How many texts were pasted so far, to number them ("Pasted text 2").
    pasted: usize,
}

enum ResultsAction {
    /// A batch of `n` inputs started being read.
    Started(usize),
    /// A batch finished: its results, in input order.
    Finished(Vec<(AttrValue, CheckOutcome)>),
    /// A pasted text was checked: it is named "Pasted text N" here, in order.
    Pasted(CheckOutcome),
    Clear,
}

impl Reducible for Results {
    type Action = ResultsAction;

    fn reduce(self: Rc<Self>, action: ResultsAction) -> Rc<Self> {
        let mut next = Results {
            entries: self.entries.clone(),
            next_id: self.next_id,
            checking: self.checking,
            pasted: self.pasted,
        };
        match action {
            ResultsAction::Started(count) => next.checking += count,
            ResultsAction::Finished(batch) => {
                next.checking = next.checking.saturating_sub(batch.len());
                let first_id = next.next_id;
                next.next_id += batch.len();
                let fresh = batch
                    .into_iter()
                    .enumerate()
                    .map(|(offset, (name, outcome))| ResultEntry {
                        id: first_id + offset,
                        name,
                        outcome: Rc::new(outcome),
                    });
                next.entries = fresh.chain(next.entries).collect();
            }
            ResultsAction::Pasted(outcome) => {
                next.pasted += 1;
                let entry = ResultEntry {
                    id: next.next_id,
                    name: AttrValue::from(format!("Pasted text {}", next.pasted)),
                    outcome: Rc::new(outcome),
                };
                next.next_id += 1;
                next.entries.insert(0, entry);
            }
            ResultsAction::Clear => next.entries.clear(),
        }
        Rc::new(next)
    }
}

/// Checks one input's bytes with the core at the current time.
fn check_bytes(bytes: &[u8], source: Source) -> CheckOutcome {
    match check(bytes, source, clock::now()) {
        Ok(file) => CheckOutcome::Checked(file),
        Err(error) => CheckOutcome::Refused { error, source },
    }
}

/// The outcome for an input refused unread because of its size: the core's own message.
fn too_large(bytes: u64, source: Source) -> CheckOutcome {
    CheckOutcome::Refused {
        error: InputError::TooLarge {
            bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
        },
        source,
    }
}

/// Reads and checks a batch of files one after another, then reports them in one update (one
/// render for the whole batch keeps a drop of a thousand files smooth).
fn check_files(files: Vec<PickedFile>, results: UseReducerDispatcher<Results>) {
    if files.is_empty() {
        return;
    }
    results.dispatch(ResultsAction::Started(files.len()));
    wasm_bindgen_futures::spawn_local(async move {
        let mut batch = Vec::with_capacity(files.len());
        for picked in files {
            let outcome = if picked.size > MAX_FILE_BYTES as u64 {
                too_large(picked.size, Source::File)
            } else {
                match files::read_file(&picked.file).await {
                    Ok(bytes) => check_bytes(&bytes, Source::File),
                    Err(message) => CheckOutcome::Unreadable(message),
                }
            };
            batch.push((AttrValue::from(picked.name), outcome));
        }
        results.dispatch(ResultsAction::Finished(batch));
    });
}

/// The Certificate check view.
#[component]
pub fn CertificateCheck() -> Html {
    let results = use_reducer(Results::default);
    let pasted = use_state(String::new);
    let dragging = use_state(|| false);

    let on_files = {
        let dispatcher = results.dispatcher();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            check_files(files::picked_files(input.files()), dispatcher.clone());
            // Clear the input so choosing the same file again checks it again.
            input.set_value("");
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dispatcher = results.dispatcher();
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let dropped = event.data_transfer().and_then(|transfer| transfer.files());
            check_files(files::picked_files(dropped), dispatcher.clone());
        })
    };
    let on_paste_input = {
        let pasted = pasted.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    let on_check_pasted = {
        let dispatcher = results.dispatcher();
        let pasted = pasted.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let text = (*pasted).clone();
            let outcome = if text.len() > MAX_FILE_BYTES {
                too_large(text.len() as u64, Source::Pasted)
            } else {
                check_bytes(text.as_bytes(), Source::Pasted)
            };
            dispatcher.dispatch(ResultsAction::Pasted(outcome));
        })
    };
    let on_clear = {
        let dispatcher = results.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(ResultsAction::Clear))
    };

    let status = match (results.checking, results.entries.len()) {
        (0, 0) => String::new(),
        (0, n) => format!("{}.", count(n, "result", "results")),
        (n, _) => format!("Checking {}…", count(n, "file", "files")),
    };

    html! {
        <section class="certificate-check" aria-labelledby="certificate-check-title">
            { crate::ui::widgets::raw("<h1 id=\"certificate-check-title\">Certificate check</h1>") }
            { crate::ui::widgets::raw("<p class=\"lead\">Check the public key certificate an MDM vendor sent you before you link their server. Everything happens in this page: no file leaves your computer.</p>") }
            <div class="inputs">
                <div class={classes!("drop-zone", dragging.then_some("dragging"))}
                     ondragover={on_drag_over} ondragenter={Callback::from(|e: DragEvent| e.prevent_default())}
                     ondragleave={on_drag_leave} ondrop={on_drop}>
                    { crate::ui::widgets::raw("<label for=\"certificate-files\" class=\"field-label\">Certificate files</label>") }
                    { crate::ui::widgets::raw("<p class=\"hint\" id=\"certificate-files-hint\">Choose or drop one or more files: .pem, .der, .crt or .cer. Files over 1 MiB are not read.</p>") }
                    <input type="file" id="certificate-files" multiple=true
                           aria-describedby="certificate-files-hint" onchange={on_files} />
                </div>
                <form class="paste" onsubmit={on_check_pasted}>
                    { crate::ui::widgets::raw("<label for=\"paste-certificate\" class=\"field-label\">Paste certificate</label>") }
                    <textarea id="paste-certificate" rows="6" spellcheck="false"
                              placeholder="-----BEGIN CERTIFICATE-----"
                              value={(*pasted).clone()} oninput={on_paste_input} />
                    <button type="submit" class="button">{ "Check pasted text" }</button>
                </form>
            </div>
            <div class="results-header">
                { crate::ui::widgets::raw("<h2>Results</h2>") }
                <p role="status" class="results-status">{ status }</p>
                if !results.entries.is_empty() {
                    <button type="button" class="button secondary" onclick={on_clear}>{ "Clear results" }</button>
                }
            </div>
            <div class="results">
                { for results.entries.iter().map(|entry| {
                    check_result(entry.id, &entry.name, &entry.outcome)
                }) }
            </div>
        </section>
    }
}
