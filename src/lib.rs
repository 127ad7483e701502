//! MDM Link: link third-party MDM servers to Apple Business Essentials and Apple Business
//! Manager entirely in the browser.
//!
//! The crate has two halves, and the split is the architecture:
//!
//! - [`domain`] is the pure core: certificates, server names, the organization (users, roles,
//!   servers, defaults, activity), server tokens and their lifecycle. It does no I/O, cannot see
//!   the browser, and takes "now" and randomness as arguments, so every rule is tested natively
//!   with `cargo test`.
//! - `ui` (wasm32 only) is the Yew app plus the thin browser edges: storage, file reading,
//!   downloads, the clock and the CSPRNG.
//! - [`worker_protocol`] is the one definition of the messages between the page and the vendor
//!   kit's web worker (`src/bin/worker.rs`), which alone runs key generation and token
//!   decryption, so their code stays out of the app's first load.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod domain;
pub mod worker_protocol;

/// Test support: what a test does when a tool or `../shared` is missing (skip, or fail under
/// `CI=true`). Compiled for every target so the tests build everywhere; the app never calls it.
#[doc(hidden)]
pub mod test_support;

#[cfg(target_arch = "wasm32")]
pub mod ui;
