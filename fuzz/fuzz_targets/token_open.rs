//! Token file + key → opened token: `open_token` must report on any token and any key file
//! without a panic. The first byte chooses the key: one of the project's real RSA test keys
//! (so the fuzzer reaches the decryption and the payload reader), no key, or key bytes taken
//! from the input (the key reader); the second byte chooses a password.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mdm_link_fuzz::token_open::run(data));
