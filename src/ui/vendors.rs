//! "For MDM vendors": both sides of the token exchange in one view. Make a test certificate (a
//! key pair and a self-signed certificate, as an MDM server would have) and open any token with
//! its private key, as the MDM server would.
//!
//! The view is its own small Yew app in its own wasm (`src/bin/vendors.rs`), loaded the first
//! time the view is shown, and the cryptography runs in a third wasm, the web worker
//! (`src/bin/worker.rs`, started by `ui/edges/worker.rs`). Why: the view's forms and results
//! cost ~20 KB gzipped of Yew code (measured), four times what the first-load budget allows for
//! the whole feature, and nobody who only links servers needs them. So the app itself carries
//! only [`root`]: the element the view renders into and the module `<script>` that loads it
//! (a module runs once per page, so showing the view again loads nothing).
//!
//! The module finds its way by the DOM alone (`lazy`): it renders into the root element
//! whenever one is in the page and unmounts the moment it is gone (the view was left), which
//! runs every component's clean-up: keys and secrets wiped, workers terminated. "Use this
//! certificate for a new server" opens the Add form and gives the certificate to its file input,
//! as if the admin had picked the file.

mod guide;
mod lazy;
mod make_certificate;
mod open_token;

use yew::prelude::*;

pub use lazy::start;

/// Id of the element the view renders into.
pub const ROOT_ID: &str = "vendors-root";

/// The view's loader (Trunk's `data-loader-shim` for the `vendors` target), next to the page.
pub const LOADER: &str = "./vendors_loader.js";

/// Id of the element the "Get started" guide (where each MDM server takes the token) renders
/// into, from the same module.
pub const GUIDE_ID: &str = "guide-root";

/// The guide's root and the loader, for the Get started card.
pub fn guide_root() -> Html {
    html! {
        <>
            <div id={GUIDE_ID}></div>
            <script type="module" src={LOADER}></script>
        </>
    }
}

/// What the app renders for `#/vendors`: the root and the loader. A plain function, no state:
/// this is all the first load carries of the vendor kit.
pub fn root() -> Html {
    html! {
        <>
            <div id={ROOT_ID}></div>
            <script type="module" src={LOADER}></script>
        </>
    }
}
