//! Uploaded bytes → certificate verdict: `check_file` must answer every input (a report or a
//! specific refusal) without a panic, and what it accepts for a server must become a stored
//! certificate.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mdm_link_fuzz::certificate_check::run(data));
