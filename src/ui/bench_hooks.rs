//! Entry points for the browser benchmark (`tests/bench/browser-bench.mjs`), exported through
//! wasm-bindgen so the benchmark measures the release build's code with its release profile.
//!
//! Compiled only with the `bench` cargo feature (`scripts/bench.sh` builds `dist-bench/` with
//! it): these functions replace stored data without any permission or `may_save` check, so
//! they must never ship to admins. `tests/e2e/first-load.test.mjs` checks the release build
//! exports none of them. They time only
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

/// Issues `batches` × `per_batch` tokens for the certificate `der` and returns, per batch, the
/// mean time of one token in ms. Batches, because `performance.now()` is coarsened to 0.1 ms in
/// pages that are not cross-origin isolated, which is as long as one token takes.
#[wasm_bindgen(js_name = benchIssueToken)]
pub fn bench_issue_token(der: Vec<u8>, batches: u32, per_batch: u32) -> Vec<f64> {
    let per_batch = per_batch.max(1);
    let mut times = Vec::with_capacity(batches as usize);
    for _ in 0..batches.max(1) {
        let now = Timestamp(js_sys::Date::now() as i64);
        let start = performance_now();
        for _ in 0..per_batch {
            let issued = crate::domain::token::issue_token(
                &der,
                "Benchmark",
                crate::domain::ids::UserId(1),
                now,
                &mut rand_core::OsRng,
            );
            if issued.is_err() {
                return Vec::new();
            }
        }
        times.push((performance_now() - start) / f64::from(per_batch));
    }
    times
}

/// Replaces the stored state with a first-launch organization holding `count` servers (all
/// with the certificate `der`, each with one token record) and about `activity` log entries
/// (a year of renames on top), stored in the app's layout; returns the number of servers.
/// For the list-rendering and save benchmarks only.
#[wasm_bindgen(js_name = benchSeedOrganization)]
pub async fn bench_seed_organization(
    der: Vec<u8>,
    count: u32,
    activity: u32,
) -> Result<u32, JsValue> {
    use crate::domain::organization::{Organization, StoredCertificate};
    let js = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
    let now = Timestamp(js_sys::Date::now() as i64);
    let file = check_file(&der, now).map_err(|e| js(&e))?;
    let certificate = StoredCertificate::from_checked_file(&file).map_err(|e| js(&e))?;
    let mut org = Organization::new_first_launch(now);
    for i in 0..count {
        let id = org
            .add_server(
                &format!("Server {i:04}"),
                certificate.clone(),
                i % 3 == 0,
                now,
            )
            .map_err(|e| js(&e))?;
        let issued = crate::domain::token::issue_token(
            &der,
            "bench",
            org.signed_in(),
            now,
            &mut rand_core::OsRng,
        )
        .map_err(|e| js(&e))?;
        org.record_token(id, issued.record, now)
            .map_err(|e| js(&e))?;
    }
    let ids: Vec<_> = org.servers().iter().map(|s| s.id).collect();
    let mut n = 0usize;
    while org.activity().len() < activity as usize && !ids.is_empty() {
        let id = ids[n % ids.len()];
        org.rename_server(id, &format!("Server {n:05} renamed"), now)
            .map_err(|e| js(&e))?;
        n += 1;
    }
    super::sync::write_fresh(&org).await.map_err(|e| js(&e))?;
    Ok(org.servers().len() as u32)
}

/// Times `rounds` saves of the stored organization as the app makes them after a change (one
/// server renamed each round): one IndexedDB transaction that reads the revision, lists the
/// keys, writes the root (and any new blob) and commits; returns ms per round.
#[wasm_bindgen(js_name = benchSaveState)]
pub async fn bench_save_state(rounds: u32) -> Result<js_sys::Array, JsValue> {
    let js = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
    let (mut org, mut revision, closed) = super::sync::read_stored().await.map_err(|e| js(&e))?;
    let id = org
        .servers()
        .first()
        .map(|s| s.id)
        .ok_or_else(|| JsValue::from_str("no server stored"))?;
    let times = js_sys::Array::new();
    for round in 0..rounds.max(1) {
        let now = Timestamp(js_sys::Date::now() as i64);
        org.rename_server(id, &format!("Bench rename {round}"), now)
            .map_err(|e| js(&e))?;
        revision += 1;
        let start = performance_now();
        super::sync::write_revision(&org, revision, closed)
            .await
            .map_err(|e| js(&e))?;
        times.push(&JsValue::from_f64(performance_now() - start));
    }
    Ok(times)
}
