//! Entry point: mounts the Yew app in the browser. On the host it only explains itself,
//! because the app is a browser app; the host build exists for tests and benchmarks.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    mdm_link::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("MDM Link runs in the browser: build and serve it with `scripts/serve.sh`.");
}
