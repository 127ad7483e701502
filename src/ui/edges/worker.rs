//! The vendor kit's web worker (`src/bin/worker.rs`), started on demand: nothing is fetched until
//! a person asks for a test certificate or opens a token, so the app's first load never carries
//! the worker's code. Messages go both ways as byte buffers moved with the transfer list (see
//! `crate::worker_protocol`), and each side zeroes the buffer it received once it is read.
//!
//! Dropping a [`VendorWorker`] terminates the worker: that is how Cancel stops a key
//! generation mid-way (a computation inside wasm cannot be interrupted otherwise) and how
//! leaving the view discards the worker's memory with any key material still in it.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use zeroize::Zeroizing;

use crate::worker_protocol::{ProtocolError, Request, READY};

/// Trunk's loader for the worker target (`data-loader-shim` in index.html), next to the page.
const LOADER: &str = "./worker_loader.js";

/// A running worker and its handlers.
pub struct VendorWorker {
    worker: Worker,
    /// Requests sent before the worker said it is ready (its wasm still loading).
    waiting: Rc<RefCell<Vec<Zeroizing<Vec<u8>>>>>,
    ready: Rc<RefCell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl VendorWorker {
    /// Starts the worker; every reply, read with `decode` (the vendor kit reads every kind of
    /// reply, the app only token replies), or the reason the worker failed, goes to `on_reply`.
    pub fn start<R: 'static>(
        decode: fn(&[u8]) -> Result<R, ProtocolError>,
        on_reply: impl Fn(Result<R, String>) + 'static,
    ) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(LOADER, &options)
            .map_err(|_| "The browser could not start the background worker.".to_string())?;
        let on_reply = Rc::new(on_reply);
        let waiting: Rc<RefCell<Vec<Zeroizing<Vec<u8>>>>> = Rc::default();
        let ready = Rc::new(RefCell::new(false));
        let on_message = {
            let (worker, waiting, ready, on_reply) = (
                worker.clone(),
                waiting.clone(),
                ready.clone(),
                on_reply.clone(),
            );
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let Ok(array) = event.data().dyn_into::<Uint8Array>() else {
                    return;
                };
                let mut bytes = Zeroizing::new(vec![0u8; array.length() as usize]);
                array.copy_to(&mut bytes);
                array.fill(0, 0, array.length());
                if bytes.as_slice() == READY {
                    *ready.borrow_mut() = true;
                    for message in waiting.borrow_mut().drain(..) {
                        post(&worker, &message);
                    }
                    return;
                }
                on_reply(decode(&bytes).map_err(|e| e.to_string()));
            })
        };
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            on_reply(Err(format!(
                "The background worker stopped ({}). Reload the page and try again.",
                event.message()
            )));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(VendorWorker {
            worker,
            waiting,
            ready,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends `request` (kept until the worker is ready, if it is still loading).
    pub fn send(&self, request: &Request) {
        let message = request.encode();
        if *self.ready.borrow() {
            post(&self.worker, &message);
        } else {
            self.waiting.borrow_mut().push(message);
        }
    }
}

impl Drop for VendorWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Posts `bytes` as a transferred buffer, so no copy stays in the page's JavaScript heap.
fn post(worker: &Worker, bytes: &[u8]) {
    let array = Uint8Array::new_with_length(bytes.len() as u32);
    array.copy_from(bytes);
    let _ = worker.post_message_with_transfer(&array, &Array::of1(&array.buffer()));
}
