//! The shared clock for every thread.
//!
//! Each Web Worker's `performance.now()` counts from its own start, so the
//! core's clock is `performance.timeOrigin + performance.now()` (absolute,
//! the same on every worker), read from whichever global scope the calling
//! thread has (Window or WorkerGlobalScope).

use std::cell::OnceCell;
use wasm_bindgen::JsCast;

thread_local! {
    static PERF: OnceCell<(web_sys::Performance, f64)> = const { OnceCell::new() };
}

fn now_ns() -> u64 {
    PERF.with(|cell| {
        let (perf, origin) = cell.get_or_init(|| {
            let perf: web_sys::Performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
                .expect("performance exists in windows and workers")
                .unchecked_into();
            let origin = perf.time_origin();
            (perf, origin)
        });
        // Milliseconds with sub-microsecond precision at today's epoch.
        ((origin + perf.now()) * 1e6) as u64
    })
}

/// Installs the clock into the core. Idempotent.
pub fn install() {
    lockstep_core::clock::set_time_source(now_ns);
}
