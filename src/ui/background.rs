//! One request to the background worker (`src/bin/worker.rs`) for the app's own work: make a
//! server token, check a backup before importing it, upgrade an earlier release's stored data.
//! The worker is started for the request and stopped after its reply, so nothing it held stays
//! in memory; its wasm is fetched on first use and then comes from the browser's cache.

use std::cell::RefCell;
use std::rc::Rc;

use super::edges::worker::VendorWorker;
use crate::worker_protocol::{decode_app_reply, AppReply, Request};

/// The reason when the worker's reply is of another kind than the request's (a stale cached
/// worker): one sentence, for [`crate::domain::text::with_reason`].
pub const ANSWERED_ELSE: &str =
    "The background worker answered something else; reload the page and try again.";

/// Sends `request` to a fresh worker; `done` gets its reply, or why there was none (the worker
/// could not start, or stopped).
pub fn ask(request: &Request, done: impl FnOnce(Result<AppReply, String>) + 'static) {
    let done = Rc::new(RefCell::new(Some(done)));
    let holder: Rc<RefCell<Option<VendorWorker>>> = Rc::default();
    let on_reply = {
        let (done, holder) = (done.clone(), holder.clone());
        move |reply: Result<AppReply, String>| {
            // Stopped outside its own message handler.
            let worker = holder.borrow_mut().take();
            wasm_bindgen_futures::spawn_local(async move { drop(worker) });
            if let Some(done) = done.borrow_mut().take() {
                done(reply);
            }
        }
    };
    match VendorWorker::start(decode_app_reply, on_reply) {
        Ok(worker) => {
            worker.send(request);
            *holder.borrow_mut() = Some(worker);
        }
        Err(reason) => {
            if let Some(done) = done.borrow_mut().take() {
                done(Err(reason));
            }
        }
    }
}

/// [`ask`] as a future.
pub async fn ask_async(request: Request) -> Result<AppReply, String> {
    let (sender, receiver) = futures_channel::oneshot::channel();
    ask(&request, move |reply| {
        let _ = sender.send(reply);
    });
    receiver
        .await
        .unwrap_or_else(|_| Err("The background worker gave no answer.".to_string()))
}
