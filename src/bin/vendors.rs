//! The "For MDM vendors" view as its own wasm, loaded by the app the first time the view is
//! shown (see `mdm_link::ui::vendors`): its forms and results stay out of the app's first load.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    mdm_link::ui::vendors::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The \"For MDM vendors\" view runs in the browser, loaded by the MDM Link app.");
}
