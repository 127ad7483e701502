//! Entry points for the browser benchmark (`tests/bench/browser-bench.mjs`), exported through
//! wasm-bindgen so the benchmark measures the exact release build people load. They time only
//! the core's work with `performance.now()`; copying inputs across the JS boundary happens
//! before the clock starts.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::domain::certificate::check_file;
use crate::domain::time::Timestamp;

fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Checks every file in `files` (an array of `Uint8Array`) `rounds` times and returns
/// `[milliseconds for the last round, certificates found, refused files]`.
#[wasm_bindgen(js_name = benchCheckCertificates)]
pub fn bench_check_certificates(files: Array, rounds: u32) -> Vec<f64> {
    let inputs: Vec<Vec<u8>> = files
        .iter()
        .map(|value| Uint8Array::new(&value).to_vec())
        .collect();
    let now = Timestamp(js_sys::Date::now() as i64);
    let mut last = (0.0, 0.0, 0.0);
    for _ in 0..rounds.max(1) {
        let start = performance_now();
        let mut certificates = 0usize;
        let mut refused = 0usize;
        for bytes in &inputs {
            match check_file(bytes, now) {
                Ok(file) => certificates += file.certificates.len(),
                Err(_) => refused += 1,
            }
        }
        last = (
            performance_now() - start,
            certificates as f64,
            refused as f64,
        );
    }
    vec![last.0, last.1, last.2]
}
