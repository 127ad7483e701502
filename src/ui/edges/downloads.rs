//! Downloads: a file made in the page handed to the browser's "save". The bytes never leave the
//! page: the link points at a `blob:` URL (from `gloo-file`) that is revoked once clicked.

use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

/// Offers `bytes` as a download named `file_name`.
pub fn download(bytes: &[u8], file_name: &str, mime_type: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page has no document")?;
    let blob = gloo_file::Blob::new_with_options(bytes, Some(mime_type));
    let url = gloo_file::ObjectUrl::from(blob);
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into().ok())
        .ok_or("the browser could not create a download link")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // `url` is revoked here, when it drops: the click has started the download.
    Ok(())
}
