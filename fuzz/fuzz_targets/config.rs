//! See `tests/common/fuzz_harness.rs` for what this target checks; the
//! same function replays saved inputs under `cargo test`.
#![no_main]

#[path = "../../tests/common/fuzz_harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::config(data));
