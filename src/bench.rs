//! The bench page's entry points (`bench.html`, driven headless by
//! `tests/bench/run.mjs`; see docs/benchmarks.md). They run
//! `lockstep_core::bench` workloads on the page's Web Workers and answer
//! with JSON. The page's main thread only starts work and polls for the
//! answer: every workload blocks, so it runs on a worker.
//!
//! Built only with `--features bench` (`scripts/build.sh --bench` writes
//! it to dist/bench-pkg/), so the playground's wasm does not carry it.

use crate::runtime;
use crate::ui::app::use_frames;
use crate::ui::{console::Console, lanes::Lanes, metrics::Metrics, objects::Objects, session::Session};
use lockstep_core::bench;
use lockstep_core::lessons::Params;
use lockstep_core::run::{GlobalRayon, RunOptions};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Runs `f` on a pool worker; the promise resolves to its result as JSON.
/// The main thread polls a `OnceLock` (never waits on it).
fn on_worker<T, F>(f: F) -> js_sys::Promise
where
    T: serde::Serialize,
    F: FnOnce() -> T + Send + 'static,
{
    let cell = Arc::new(OnceLock::<String>::new());
    let c2 = cell.clone();
    rayon::spawn(move || {
        let _ = c2.set(serde_json::to_string(&f()).unwrap_or_default());
    });
    wasm_bindgen_futures::future_to_promise(async move {
        loop {
            if let Some(s) = cell.get() {
                return Ok(JsValue::from_str(s));
            }
            gloo::timers::future::TimeoutFuture::new(5).await;
        }
    })
}

/// Once, before any other bench call: the shared clock.
#[wasm_bindgen]
pub fn bench_init() {
    runtime::clock::install();
}

/// The prime-counting kernel below `n` on `threads` workers.
#[wasm_bindgen]
pub fn bench_kernel(threads: usize, n: f64) -> js_sys::Promise {
    on_worker(move || bench::kernel(&GlobalRayon, threads, n as u64))
}

/// Traced-event throughput: `writers` lesson threads at `rate` events/s in
/// total (0 = flat out) for `secs`, the recorder drained every `drain_ms`.
#[wasm_bindgen]
pub fn bench_events(writers: usize, rate: f64, secs: f64, drain_ms: u32) -> js_sys::Promise {
    on_worker(move || bench::events(runtime::executor(), writers, rate as u64, secs, drain_ms as u64))
}

#[derive(serde::Serialize, Default)]
struct FramesRun {
    threads: usize,
    target_rate: u64,
    /// Milliseconds between consecutive animation frames while live.
    frame_ms: Vec<f64>,
    /// Milliseconds each frame spent draining and reducing the trace
    /// (the rest of a frame is rendering and the browser's own work).
    drain_ms: Vec<f64>,
    events: usize,
    secs: f64,
    dropped: u64,
}

/// Frame times while the playground's own components (lanes, objects,
/// output, metrics) draw a live run of `threads` threads emitting `rate`
/// events/s for `secs`: the same drain-reduce-render cycle the App does
/// once per animation frame.
#[wasm_bindgen]
pub fn bench_frames(threads: usize, rate: f64, secs: f64) -> js_sys::Promise {
    let out = Rc::new(RefCell::new(None::<String>));
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .expect("#app exists");
    yew::Renderer::<FramesBench>::with_root_and_props(
        root,
        FramesProps {
            threads,
            rate: rate as u64,
            secs,
            out: Out(out.clone()),
        },
    )
    .render();
    wasm_bindgen_futures::future_to_promise(async move {
        loop {
            if let Some(s) = out.borrow_mut().take() {
                return Ok(JsValue::from_str(&s));
            }
            gloo::timers::future::TimeoutFuture::new(20).await;
        }
    })
}

/// Where the component leaves its JSON result (compared by identity).
#[derive(Clone)]
struct Out(Rc<RefCell<Option<String>>>);
impl PartialEq for Out {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

#[derive(Properties, PartialEq)]
struct FramesProps {
    threads: usize,
    rate: u64,
    secs: f64,
    out: Out,
}

#[function_component(FramesBench)]
fn frames_bench(p: &FramesProps) -> Html {
    // Any lesson draws it: the workload is the bench's own.
    let lesson = lockstep_core::lessons::first_shown();
    let session = use_mut_ref(|| {
        let mut s = Session::new(lesson);
        let body = bench::paced_counter(p.threads, p.rate, p.secs);
        s.start_with(
            lesson,
            Params::defaults(lesson.params()),
            RunOptions::default(),
            body,
        );
        s
    });
    let result = use_mut_ref(FramesRun::default);
    let redraw = use_force_update();
    let busy = session.borrow().busy();
    {
        let (session, result, redraw, out) = (session.clone(), result.clone(), redraw.clone(), p.out.clone());
        let (threads, rate) = (p.threads, p.rate);
        let last = Rc::new(RefCell::new(None::<f64>));
        let started = js_sys::Date::now();
        use_frames(
            busy,
            Rc::new(move || {
                let now = gloo::utils::window()
                    .performance()
                    .map(|p| p.now())
                    .unwrap_or(0.0);
                let mut r = result.borrow_mut();
                if let Some(prev) = last.borrow_mut().replace(now) {
                    r.frame_ms.push(now - prev);
                }
                let mut s = session.borrow_mut();
                let changed = s.frame();
                let after = gloo::utils::window()
                    .performance()
                    .map(|p| p.now())
                    .unwrap_or(0.0);
                r.drain_ms.push(after - now);
                if !s.busy() {
                    r.threads = threads;
                    r.target_rate = rate;
                    r.events = s.log().events.len();
                    r.dropped = s.log().dropped;
                    r.secs = (js_sys::Date::now() - started) / 1e3;
                    *out.0.borrow_mut() = serde_json::to_string(&*r).ok();
                }
                if changed {
                    redraw.force_update();
                }
            }),
        );
    }
    // What the App draws each frame: the deadlock check, the lanes,
    // objects, output and metrics, from the session's view.
    let s = session.borrow();
    let view = s.view();
    let cycle = s.deadlock().map(|d| d.0.cycle).unwrap_or_default();
    html! {
        <main class="stage">
            <p class="mode" role="status">{ format!("bench: {} threads, {} events/s", p.threads, p.rate) }</p>
            <Lanes view={view.clone()} now={s.now()} cycle={cycle} on_step={None::<Callback<_>>} />
            <div class="panels">
                <Objects view={view.clone()} />
                <Console view={view.clone()} />
            </div>
            <Metrics view={view} checks={Vec::new()} expected={String::new()} />
        </main>
    }
}
