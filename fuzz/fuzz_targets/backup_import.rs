//! Backup file → import plan: `plan_import` must check any text completely and either refuse it
//! with a reason or plan an import whose organization exports and plans again to no change.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mdm_link_fuzz::backup_import::run(data));
