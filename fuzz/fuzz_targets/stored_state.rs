//! Stored JSON → loaded state. The input is what IndexedDB holds: the root text, then NUL-
//! separated key/value pairs of blobs. Loading (with and without upgrades) must answer without a
//! panic, and whatever loads must save and load again to the same organization (a load that
//! cannot be saved back would lose data on the next change).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mdm_link_fuzz::stored_state::run(data));
