//! The pure domain core. Architecture invariant: nothing under `domain` imports yew, web-sys,
//! gloo, js-sys or wasm-bindgen, reads a clock or draws randomness on its own; time arrives as
//! a [`time::Timestamp`] and randomness as a `rand_core::CryptoRngCore` argument. Unicode
//! normalization is installed by the host through [`unicode::install_normalizer`] (the browser
//! has the tables built in; compiling them in would cost ~70 KB gzipped).

pub mod activity;
pub mod calendar;
pub mod certificate;
pub mod hex;
pub mod ids;
#[cfg(test)]
mod message_rules;
mod oid_names;
pub mod organization;
pub mod permissions;
pub mod persistence;
pub mod rsa_key;
pub mod server_name;
pub mod text;
pub mod time;
pub mod token;
pub mod unicode;
pub mod user_actions;
pub mod users;
pub mod vendor;
