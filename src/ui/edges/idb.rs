//! The only code that touches IndexedDB: one database (`mdm-link`) with one object store
//! (`kv`) of text values under the stored layout's keys (`domain::persistence::layout`).
//!
//! Why IndexedDB and not `localStorage`: a save must read the stored revision, check it and
//! write, with no other tab in between. IndexedDB runs readwrite transactions on one store one
//! after another across every tab, and commits all of a transaction's writes or none. Chromium's
//! `localStorage` gives neither: each tab's renderer keeps its own copy and hears of another
//! tab's writes later, so even under a Web Lock a tab can read the revision before another's
//! save (measured: two tabs × 500 increments under `navigator.locks` kept 797 of 1,000).
//!
//! Requests become promises so the sync code can `await` them; the continuation runs in the
//! same microtask checkpoint as the request's success event, so the transaction stays active
//! between a read and the writes that depend on it. Nothing but IndexedDB requests may be
//! awaited inside a transaction.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

/// The database's name and version, and its one store.
const DATABASE: &str = "mdm-link";
const VERSION: u32 = 1;
const STORE: &str = "kv";

thread_local! {
    /// The open connection, with the listeners that drop it when another tab or the browser
    /// needs it closed (deleting the database, clearing site data).
    static CONNECTION: RefCell<Option<Connection>> = const { RefCell::new(None) };
    /// Called when the connection was closed from outside (site data cleared).
    static ON_CLOSED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
    /// Marks a transaction's outcome as handled: a transaction given up on (or only read) is
    /// never awaited, and its abort must not surface as an unhandled rejection.
    static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
}

struct Connection {
    db: IdbDatabase,
    _listeners: [EventListener; 2],
}

/// Asks to be told when the browser closes the connection from outside (site data cleared,
/// the database deleted by another tab or a tool), so the app can look at once.
pub fn on_closed(callback: impl Fn() + 'static) {
    ON_CLOSED.with(|slot| *slot.borrow_mut() = Some(Rc::new(callback)));
}

/// What `web/loader.js` read while the app's wasm was loading (it starts that read first):
/// every key with its text, taken once. `None` when there is nothing to take (the script did
/// not run, the database did not exist yet, or the read failed): then the caller reads itself.
pub async fn take_prefetched() -> Option<Vec<(String, String)>> {
    let window = web_sys::window()?;
    let name = JsValue::from_str("mdmLinkPrefetch");
    let promise = js_sys::Reflect::get(&window, &name)
        .ok()?
        .dyn_into::<Promise>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &name);
    let read = JsFuture::from(promise).await.ok()?;
    let read = read.dyn_into::<Array>().ok()?;
    pairs(&read.get(0), &read.get(1))
}

/// Keys and values read by `getAllKeys` and `getAll` in one transaction, as pairs; `None` if
/// they do not match up.
fn pairs(keys: &JsValue, values: &JsValue) -> Option<Vec<(String, String)>> {
    let (keys, values) = (Array::from(keys), Array::from(values));
    (keys.length() == values.length()).then(|| {
        keys.iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string().unwrap_or_default())))
            .collect()
    })
}

/// The open database, opening (and creating) it if need be; or why it cannot be used
/// (disabled by policy, a private window that refuses it, a sandboxed frame).
pub async fn database() -> Result<IdbDatabase, String> {
    if let Some(db) = CONNECTION.with(|c| c.borrow().as_ref().map(|c| c.db.clone())) {
        return Ok(db);
    }
    // Opening right after the site's data was cleared can be aborted while the browser is still
    // deleting: try again shortly, a few times.
    let mut attempt = 0;
    let db = loop {
        match open().await {
            Ok(db) => break db,
            Err((reason, aborted)) if !aborted || attempt == 4 => return Err(reason),
            Err(_) => {
                attempt += 1;
                gloo_timers::future::TimeoutFuture::new(50 * attempt).await;
            }
        }
    };
    let closed = |db: &IdbDatabase| {
        let db = db.clone();
        move |_: &web_sys::Event| {
            db.close();
            // Dropped later: this very listener is in it.
            let connection = CONNECTION.with(|c| c.borrow_mut().take());
            wasm_bindgen_futures::spawn_local(async move {
                drop(connection);
                if let Some(callback) = ON_CLOSED.with(|slot| slot.borrow().clone()) {
                    callback();
                }
            });
        }
    };
    let listeners = [
        EventListener::new(&db, "versionchange", closed(&db)),
        EventListener::new(&db, "close", closed(&db)),
    ];
    CONNECTION.with(|c| {
        *c.borrow_mut() = Some(Connection {
            db: db.clone(),
            _listeners: listeners,
        })
    });
    Ok(db)
}

/// Opens the database; on failure, why, and whether the open was aborted (worth retrying).
async fn open() -> Result<IdbDatabase, (String, bool)> {
    let refused = "the browser refused access to its storage";
    let fail = |e: JsValue| {
        let aborted = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .is_some_and(|n| n == "AbortError");
        (js_message(&e, refused), aborted)
    };
    let window = web_sys::window().ok_or(("there is no browser window".to_string(), false))?;
    let factory = window.indexed_db().map_err(fail)?.ok_or((
        "this browser offers no IndexedDB storage".to_string(),
        false,
    ))?;
    let request = factory.open_with_u32(DATABASE, VERSION).map_err(fail)?;
    let upgrade = Closure::once_into_js({
        let request = request.clone();
        move |_: web_sys::Event| {
            if let Ok(result) = request.result() {
                let db: IdbDatabase = result.unchecked_into();
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let result = settle(&request).await.map_err(fail)?;
    Ok(result.unchecked_into())
}

/// A readwrite transaction on the store: reads, then writes that depend on them, committed
/// together ([`Transaction::commit`]) or not at all.
pub struct Transaction {
    transaction: IdbTransaction,
    store: IdbObjectStore,
    done: Promise,
}

impl Transaction {
    /// Starts a readwrite transaction (`readonly`: only reads).
    pub fn begin(db: &IdbDatabase, writable: bool) -> Result<Transaction, String> {
        let mode = if writable {
            IdbTransactionMode::Readwrite
        } else {
            IdbTransactionMode::Readonly
        };
        let transaction = db
            .transaction_with_str_and_mode(STORE, mode)
            .map_err(|e| js_message(&e, "the browser refused to open its storage"))?;
        let store = transaction
            .object_store(STORE)
            .map_err(|e| js_message(&e, "the browser refused to open its storage"))?;
        // Settled by exactly one of `complete` and `abort` (an error aborts).
        let done = Promise::new(&mut |resolve, reject| {
            let t = transaction.clone();
            let finished = Closure::once_into_js(move |event: web_sys::Event| {
                if event.type_() == "complete" {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                } else {
                    let error = t.error().map_or(JsValue::UNDEFINED, JsValue::from);
                    let _ = reject.call1(&JsValue::UNDEFINED, &error);
                }
            });
            transaction.set_oncomplete(Some(finished.unchecked_ref()));
            transaction.set_onabort(Some(finished.unchecked_ref()));
        });
        IGNORE.with(|ignore| {
            let _ = done.catch(ignore);
        });
        Ok(Transaction {
            transaction,
            store,
            done,
        })
    }

    /// The text under `key`, `None` when there is none (or it is not text).
    pub async fn get(&self, key: &str) -> Result<Option<String>, String> {
        let request = self
            .store
            .get(&JsValue::from_str(key))
            .map_err(|e| js_message(&e, "the browser refused to read its storage"))?;
        let value = settle(&request)
            .await
            .map_err(|e| js_message(&e, "the browser refused to read its storage"))?;
        Ok(value.as_string())
    }

    /// Every key in the store.
    pub async fn keys(&self) -> Result<Vec<String>, String> {
        let request = self
            .store
            .get_all_keys()
            .map_err(|e| js_message(&e, "the browser refused to read its storage"))?;
        let keys = settle(&request)
            .await
            .map_err(|e| js_message(&e, "the browser refused to read its storage"))?;
        Ok(Array::from(&keys)
            .iter()
            .filter_map(|k| k.as_string())
            .collect())
    }

    /// Every key with its text.
    pub async fn entries(&self) -> Result<Vec<(String, String)>, String> {
        let refused = |e: &JsValue| js_message(e, "the browser refused to read its storage");
        // One request at a time: `settle` listens from when it is awaited.
        let keys = self.store.get_all_keys().map_err(|e| refused(&e))?;
        let keys = settle(&keys).await.map_err(|e| refused(&e))?;
        let values = self.store.get_all().map_err(|e| refused(&e))?;
        let values = settle(&values).await.map_err(|e| refused(&e))?;
        pairs(&keys, &values).ok_or_else(|| "the browser read its storage inconsistently".into())
    }

    /// Queues `text` under `key` (written at commit).
    pub fn put(&self, key: &str, text: &str) -> Result<(), String> {
        self.store
            .put_with_key(&JsValue::from_str(text), &JsValue::from_str(key))
            .map(|_| ())
            .map_err(|e| js_message(&e, "the browser refused to save"))
    }

    /// Queues removing `key`.
    pub fn delete(&self, key: &str) -> Result<(), String> {
        self.store
            .delete(&JsValue::from_str(key))
            .map(|_| ())
            .map_err(|e| js_message(&e, "the browser refused to save"))
    }

    /// Commits everything queued; `Err` (quota exceeded, storage cleared meanwhile) means
    /// nothing was written.
    pub async fn commit(self) -> Result<(), String> {
        // Nothing more is asked of the transaction, so the browser commits it.
        JsFuture::from(self.done)
            .await
            .map(|_| ())
            .map_err(|e| js_message(&e, "the browser refused to save"))
    }

    /// Gives up: nothing queued is written.
    pub fn abort(self) {
        let _ = self.transaction.abort();
    }
}

/// Resolves with the request's result on `success`, rejects with its error on `error`.
async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let r = request.clone();
        // Exactly one of `success` and `error` fires, so one closure serves both.
        let settled = Closure::once_into_js(move |event: web_sys::Event| {
            if event.type_() == "success" {
                let _ = resolve.call1(&JsValue::UNDEFINED, &r.result().unwrap_or_default());
            } else {
                let error = r
                    .error()
                    .ok()
                    .flatten()
                    .map_or(JsValue::UNDEFINED, JsValue::from);
                let _ = reject.call1(&JsValue::UNDEFINED, &error);
            }
        });
        request.set_onsuccess(Some(settled.unchecked_ref()));
        request.set_onerror(Some(settled.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// A plain sentence from a DOMException (`QuotaExceededError`, `SecurityError`...).
pub fn js_message(error: &JsValue, fallback: &str) -> String {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|v| v.as_string());
    match name.as_deref() {
        Some("QuotaExceededError") => {
            format!("{fallback}: browser storage is full (quota exceeded)")
        }
        Some("SecurityError") => format!("{fallback}: storage is disabled for this page"),
        Some("InvalidStateError") => {
            format!("{fallback}: the storage was closed (perhaps its data was just cleared)")
        }
        Some(other) => format!("{fallback} ({other})"),
        None => fallback.to_string(),
    }
}
