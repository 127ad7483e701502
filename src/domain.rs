//! The pure domain core. Architecture invariant: nothing under `domain` imports yew, web-sys,
//! gloo, js-sys or wasm-bindgen, reads a clock or draws randomness on its own; time arrives as
//! a [`time::Timestamp`] and randomness as a `rand_core::CryptoRngCore` argument.

pub mod activity;
pub mod calendar;
pub mod certificate;
pub mod ids;
pub mod organization;
pub mod permissions;
pub mod persistence;
pub mod server_name;
mod text;
pub mod time;
pub mod token;
pub mod user_actions;
pub mod users;
