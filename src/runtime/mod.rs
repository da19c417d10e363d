//! The runtime layer: the only code that knows it runs on wasm threads.
//!
//! It installs the shared clock, exposes the Web Worker pool to the core as
//! an `Executor`, and answers what the boot script asks (pool size).

pub mod clock;
pub mod deflate;
pub mod net;
pub mod page;
pub mod progress;

use lockstep_core::run::{GlobalRayon, Workers};
use std::sync::{Arc, OnceLock};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// Exported for the pool starter worker (`pool_start.js`), which calls
// `initThreadPool(n)` where waiting is allowed. The page calls `start_pool`.
pub use wasm_bindgen_rayon::init_thread_pool;

#[wasm_bindgen(module = "/src/runtime/pool_start.js")]
extern "C" {
    #[wasm_bindgen(js_name = startPoolFromWorker)]
    fn start_pool_from_worker(
        main_js: JsValue,
        module: JsValue,
        memory: JsValue,
        workers: usize,
    ) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    // The URL of wasm-bindgen's generated JS module (the one importing this
    // wasm), which the starter worker imports to instantiate the same module.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MAIN_JS: js_sys::JsString;
}

/// Starts the Web Worker pool (`n` workers) without the page's thread ever
/// waiting on a lock: a starter worker builds it (see `pool_start.js`).
/// Resolves once rayon's global pool is running.
#[wasm_bindgen(js_name = startPool)]
pub fn start_pool(workers: usize) -> js_sys::Promise {
    start_pool_from_worker(
        MAIN_JS.with(|u| u.clone()).into(),
        wasm_bindgen::module(),
        wasm_bindgen::memory(),
        workers,
    )
}

/// The pool lesson threads run on: wasm-bindgen-rayon's Web Workers (one
/// per page, so one `Workers` counting how many are busy).
pub fn executor() -> Arc<Workers> {
    static WORKERS: OnceLock<Arc<Workers>> = OnceLock::new();
    WORKERS.get_or_init(|| Workers::new(GlobalRayon)).clone()
}

/// `pool_plan(hardwareConcurrency, workersParam)`: `{workers, notice}`.
#[wasm_bindgen]
pub fn pool_plan(hardware_concurrency: usize, requested: Option<String>) -> JsValue {
    let plan = lockstep_core::workers::plan(hardware_concurrency, requested.as_deref());
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"workers".into(), &(plan.workers as u32).into());
    if let Some(n) = plan.notice {
        let _ = js_sys::Reflect::set(&o, &"notice".into(), &n.into());
    }
    o.into()
}

/// Events the page has drained from its current run, kept or not (the
/// session stores it each frame): the growth bench reads it through
/// `lockstepProbe().eventsDrained`.
pub static EVENTS_DRAINED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The playground's test hook: `{wasmMemoryBytes, busyWorkers,
/// eventsDrained}`. The reliability tests read it to see that resets give
/// every worker back and that memory stays flat; the growth bench, how
/// far a run has got.
#[wasm_bindgen]
pub fn lockstep_probe() -> JsValue {
    let o = js_sys::Object::new();
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let bytes = mem
        .buffer()
        .unchecked_into::<js_sys::SharedArrayBuffer>()
        .byte_length();
    let _ = js_sys::Reflect::set(&o, &"wasmMemoryBytes".into(), &(bytes as f64).into());
    let _ = js_sys::Reflect::set(&o, &"busyWorkers".into(), &(executor().busy() as f64).into());
    let drained = EVENTS_DRAINED.load(std::sync::atomic::Ordering::Relaxed);
    let _ = js_sys::Reflect::set(&o, &"eventsDrained".into(), &(drained as f64).into());
    o.into()
}
