//! The thin browser edges: the clock, reading files, downloads and the clipboard. Nothing here
//! decides anything; it moves bytes and instants between the browser and the domain core.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

use crate::domain::time::Timestamp;

/// The current time from the browser's clock (`Date.now()`), the one place the app reads it.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// A file the admin picked or dropped, before it is read.
#[derive(Clone, Debug, PartialEq)]
pub struct PickedFile {
    /// The file's name as the browser reports it.
    pub name: String,
    /// Its size in bytes, known without reading it (so large files are refused unread).
    pub size: u64,
    /// The browser handle, read later with [`read_file`].
    pub file: File,
}

/// The files of a `FileList` (from an `<input type=file>` or a drop), in order.
pub fn picked_files(list: Option<web_sys::FileList>) -> Vec<PickedFile> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| PickedFile {
            name: file.name(),
            size: file.size() as u64,
            file,
        })
        .collect()
}

/// Reads a whole file into memory.
pub async fn read_file(file: &File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|error| describe_js_error(&error, "the browser could not read the file"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Offers `bytes` as a download named `file_name`. The bytes never leave the page: the link
/// points at a `blob:` URL that is revoked right after the click.
pub fn download(bytes: &[u8], file_name: &str, mime_type: &str) -> Result<(), String> {
    let fail = |error: JsValue| describe_js_error(&error, "the browser refused the download");
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = Array::new();
    parts.push(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime_type);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "could not create a link".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    Url::revoke_object_url(&url).map_err(fail)?;
    Ok(())
}

/// Copies text to the clipboard (asynchronous Clipboard API, reached dynamically because
/// web-sys still marks it unstable).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|value| !value.is_undefined())
        .ok_or("this browser offers no clipboard here")?;
    let write_text: js_sys::Function = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or("this browser offers no clipboard here")?;
    let promise: js_sys::Promise = write_text
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or("the clipboard refused the text")?;
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|error| describe_js_error(&error, "the clipboard refused the text"))
}

/// A plain sentence for a JavaScript error: its message if it has one, else `fallback`.
fn describe_js_error(error: &JsValue, fallback: &str) -> String {
    Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .map(|message| format!("{fallback}: {message}"))
        .unwrap_or_else(|| fallback.to_string())
}

/// Unicode normalization by the browser's own `String.prototype.normalize`: the core needs NFC
/// and NFKC for names, and the browser already carries the tables (about 70 KB gzipped if
/// compiled into the wasm instead).
pub struct BrowserNormalizer;

impl crate::domain::unicode::UnicodeNormalizer for BrowserNormalizer {
    fn nfc(&self, s: &str) -> String {
        js_sys::JsString::from(s).normalize("NFC").into()
    }

    fn nfkc(&self, s: &str) -> String {
        js_sys::JsString::from(s).normalize("NFKC").into()
    }
}

/// The one instance handed to the core at start.
pub static BROWSER_NORMALIZER: BrowserNormalizer = BrowserNormalizer;

/// Hands the browser's edges to the core; called once before the app mounts.
pub fn install_edges() {
    crate::domain::unicode::install_normalizer(&BROWSER_NORMALIZER);
}
