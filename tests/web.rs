//! In-browser tests (`wasm-pack test --headless --chrome`): the real Web
//! Worker pool, the real shared memory, the core running on it.

use lockstep::runtime;
use lockstep_core::probe;
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::trace::TraceLog;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const WORKERS: usize = 6;

/// Starts the pool once per page (it can only be started once).
async fn pool() {
    thread_local!(static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !STARTED.with(|s| s.replace(true)) {
        JsFuture::from(runtime::init_thread_pool(WORKERS))
            .await
            .expect("pool starts");
        runtime::clock::install();
    }
}

/// Waits for a run without blocking the browser's main thread.
async fn finish(run: &Run) -> TraceLog {
    let mut log = TraceLog::default();
    for _ in 0..2000 {
        run.drain_into(&mut log);
        if run.is_done() {
            run.drain_into(&mut log);
            log.sort();
            return log;
        }
        gloo::timers::future::TimeoutFuture::new(5).await;
    }
    run.abort();
    panic!("run did not finish in 10 s");
}

#[wasm_bindgen_test]
fn memory_is_shared() {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    assert!(
        mem.buffer().is_instance_of::<js_sys::SharedArrayBuffer>(),
        "wasm memory is not a SharedArrayBuffer"
    );
}

#[wasm_bindgen_test]
async fn every_worker_is_a_distinct_real_thread() {
    pool().await;
    let run = Run::start(runtime::executor(), RunOptions::default(), probe::body(WORKERS)).expect("starts");
    let log = finish(&run).await;
    assert_eq!(log.threads().count(), WORKERS);
    assert_eq!(probe::distinct_workers(&log), WORKERS, "threads shared a worker");
    // None of them is the page's main thread.
    let main = lockstep_core::run::worker_id();
    assert!(log.threads().all(|t| t.2 != main));
}
