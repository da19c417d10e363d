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

/// Every lesson, default parameters, on the real Web Worker pool: its
/// outcome checks (CPython's behaviour) pass, computed from the trace, and
/// its threads ran on distinct workers.
#[wasm_bindgen_test]
async fn every_lesson_runs_on_real_workers_and_matches_cpython() {
    use lockstep_core::lessons::{self, Params};
    use lockstep_core::reduce::View;
    pool().await;
    for lesson in lessons::all() {
        if matches!(lesson.id(), "fetch" | "crawler") {
            // They fetch the bundled site, which this runner does not serve:
            // tests/e2e runs them against dist/.
            continue;
        }
        let mut p = Params::defaults(lesson.params());
        if lesson.id() == "locks" {
            p = p.with("threads", 5.0); // counter variant: ends by itself
        }
        assert!(
            lesson.threads(&p) <= WORKERS,
            "{} needs more workers",
            lesson.number()
        );
        let opts = RunOptions {
            seed: 3,
            speed: 5.0,
            ..Default::default()
        };
        let run = Run::start(runtime::executor(), opts, lesson.body(&p, 3)).expect("starts");
        let log = finish(&run).await;
        assert_eq!(log.dropped, 0);
        let view = View::of(&log);
        for c in lesson.check(&p, &log, &view) {
            assert!(
                c.ok,
                "{} in the browser: {} ({})",
                lesson.number(),
                c.label,
                c.detail
            );
        }
        // Lesson threads that were alive together ran on distinct workers.
        let workers: std::collections::BTreeSet<u64> = log.threads().map(|t| t.2).collect();
        assert!(workers.len() >= 2, "{}: one worker only", lesson.number());
        assert!(
            !workers.contains(&lockstep_core::run::worker_id()),
            "ran on the page's main thread"
        );
    }
}

/// The self-deadlock of L7 is detected from the live trace, and abort
/// (the page's Reset) frees every worker, without blocking the main thread.
#[wasm_bindgen_test]
async fn lock_twice_deadlock_is_detected_and_reset_frees_the_workers() {
    use lockstep_core::lessons::{self, Params};
    use lockstep_core::reduce::{waitfor, View};
    pool().await;
    let l = lessons::by_id("locks").unwrap();
    let (p, _) = Params::from_raw(
        l.params(),
        [("variant", "lock-twice"), ("threads", "3"), ("sleep", "0.1")],
    );
    let run = Run::start(
        runtime::executor(),
        RunOptions {
            speed: 10.0,
            ..Default::default()
        },
        l.body(&p, 1),
    )
    .unwrap();
    let mut log = TraceLog::default();
    let mut found = None;
    for _ in 0..1000 {
        run.drain_into(&mut log);
        let mut sorted = log.clone();
        sorted.sort();
        let view = View::of(&sorted);
        if let Some(d) = waitfor::find_deadlock(&view) {
            found = Some(waitfor::explain(&view, &d));
            break;
        }
        gloo::timers::future::TimeoutFuture::new(5).await;
    }
    let text = found.expect("deadlock detected");
    assert!(text.contains("already holds"), "{text}");
    let t0 = js_sys::Date::now();
    run.abort();
    let _ = finish(&run).await;
    assert!(js_sys::Date::now() - t0 < 1000.0);
    assert_eq!(runtime::executor().busy(), 0, "a worker is still held");
}
