//! The interpreter on real Web Workers (`wasm-pack test --headless
//! --chrome`): Python threads as workers sharing one wasm memory, the GIL,
//! and the Rust stack a Python program can use on a worker, whose 1 MiB
//! stack has no guard page (toolchain.md: an overflow corrupts the heap
//! silently, so the interpreter must refuse first).

use lockstep::runtime;
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::trace::TraceLog;
use lockstep_python::{Capture, Outcome, Output, RunConfig};
use std::sync::{Arc, Mutex};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod browser;
include!("../py/tests/cases/reentry.rs");

const WORKERS: usize = 8;

struct Ran {
    outcome: Outcome,
    out: String,
    err: String,
    log: TraceLog,
}

/// Compiles and runs `src` on the worker pool, waiting without blocking
/// the browser's main thread.
async fn run(src: &str, config: RunConfig) -> Ran {
    browser::pool(WORKERS).await;
    let program = lockstep_python::compile(src, "<test>").expect("compiles");
    let cap = Arc::new(Capture::default());
    let out = Arc::new(Output::new(cap.clone(), config.output_limit));
    let result: Arc<Mutex<Option<Outcome>>> = Arc::new(Mutex::new(None));
    let r2 = result.clone();
    let opts = RunOptions {
        seed: config.seed,
        speed: 1000.0,
        ..Default::default()
    };
    let run = Run::start(runtime::executor(), opts, move |ctx| {
        let o = lockstep_python::run_main(ctx, program, out, config);
        *r2.lock().unwrap_or_else(|e| e.into_inner()) = Some(o);
        Ok(())
    })
    .expect("starts");
    let mut log = TraceLog::default();
    for _ in 0..6000 {
        run.drain_into(&mut log);
        if run.is_done() {
            run.drain_into(&mut log);
            log.sort();
            let outcome = result
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("an outcome");
            let text = |m: &Mutex<String>| m.lock().map(|s| s.clone()).unwrap_or_default();
            return Ran {
                outcome,
                out: text(&cap.out),
                err: text(&cap.err),
                log,
            };
        }
        gloo::timers::future::TimeoutFuture::new(5).await;
    }
    run.abort();
    panic!("the program did not finish in 30 s");
}

/// Programs of the CPython-checked corpus (tests/python/): each `.out` was
/// written by CPython 3.11 and is re-checked in CI.
macro_rules! corpus {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("python/", $name, ".py")),
            include_str!(concat!("python/", $name, ".out")),
        )
    };
}

#[wasm_bindgen_test]
async fn corpus_thread_programs_print_what_cpython_prints() {
    for (name, src, want) in [
        corpus!("threads/001_thread_start_join"),
        corpus!("threads/007_gil_counter_400000"),
        corpus!("threads/008_lock_counter"),
        corpus!("threads/011_rlock_reentrant"),
        corpus!("threads/014_semaphore_limit"),
        // Non-ASCII identifiers: NFKC through the browser's normalize().
        corpus!("lang/197_identifiers_nfkc"),
        // Processes: each a copy of its parent on a worker of its own, with
        // its own GIL; shared Value, Queue, Pool, os.fork.
        corpus!("notes/01_process"),
        corpus!("threads/062_mp_value_lock"),
        corpus!("threads/065_mp_queue"),
        corpus!("threads/069_pool_map"),
        corpus!("threads/085_os_fork_wait"),
        corpus!("threads/058_mp_globals_not_shared"),
    ] {
        let r = run(src, RunConfig::default()).await;
        assert_eq!(r.out, want, "{name}: stderr {}", r.err);
        assert_eq!(r.outcome.exit_code, 0, "{name}");
        assert_eq!(r.outcome.leaked_objects, 0, "{name}");
    }
}

/// The 4 x 100,000 `n += 1` counter on real workers: with the GIL it is
/// exactly 400000 (CPython 3.11's answer); free-threaded, the four workers
/// really run at once and the total is whatever the interleaving gave,
/// never more. Every thread ran on a worker of its own.
#[wasm_bindgen_test]
async fn the_counter_keeps_every_update_only_under_the_gil() {
    let src = include_str!("python/threads/007_gil_counter_400000.py");
    let gil = run(src, RunConfig::default()).await;
    assert_eq!(gil.out, "400000\n", "{}", gil.err);
    honest_count(&gil, "GIL");
    let free = run(
        src,
        RunConfig {
            gil: false,
            ..Default::default()
        },
    )
    .await;
    let n: u64 = free.out.trim().parse().expect("a count");
    assert!((100_000..=400_000).contains(&n), "free-threaded total {n}");
    assert_eq!(free.log.threads().count(), 5, "main and four threads");
    honest_count(&free, "free-threaded");
    console_log!("free-threaded 4 x 100,000 on workers: {n}");
}

/// Every `n += 1` is a traced load and store of the global `n`: the trace
/// holds all 400,000 of each, or says how many events it dropped.
fn honest_count(r: &Ran, mode: &str) {
    use lockstep_core::trace::{Meta, Op};
    let n = r
        .log
        .metas
        .iter()
        .find_map(|m| match m {
            Meta::Object { id, name, .. } if name == "n" => Some(*id),
            _ => None,
        })
        .expect("the global n is a traced object");
    let count = |op: Op| r.log.events.iter().filter(|e| e.obj == n && e.op == op).count() as u64;
    let (loads, stores) = (count(Op::Load), count(Op::Store));
    console_log!(
        "{mode}: {} events kept, {} dropped; n: {loads} loads, {stores} stores",
        r.log.events.len(),
        r.log.dropped
    );
    if r.log.dropped == 0 {
        // Plus the initial `n = 0` and the final `print(n)`.
        assert_eq!((loads, stores), (400_001, 400_001), "{mode}");
    } else {
        assert!(
            loads + stores + r.log.dropped >= 800_002,
            "{mode}: events went missing uncounted"
        );
    }
}

/// Native re-entries (a dunder called from Rust) are the only Python that
/// costs Rust stack; each case recurses until RecursionError, which must
/// come before the worker's 1 MiB stack is used up. The bytes per level
/// are printed: the measured cost on a wasm worker.
#[wasm_bindgen_test]
async fn recursion_stops_with_recursion_error_inside_a_workers_stack() {
    let cases = REENTRY_CASES;
    for (name, src) in cases {
        let r = run(src, RunConfig::default()).await;
        let (bytes, depth) = (r.outcome.max_stack_bytes, r.outcome.max_native_depth);
        let per = bytes.checked_div(depth).unwrap_or(0);
        console_log!("{name}: {bytes} bytes of worker stack at re-entry depth {depth} ({per} bytes/level)");
        assert!(
            r.out.contains("maximum recursion depth exceeded"),
            "{name}: {} {}",
            r.out,
            r.err
        );
        assert!(
            bytes <= lockstep_python::vm::STACK_BUDGET,
            "{name}: {bytes} bytes used, past the budget"
        );
        assert_eq!(r.outcome.leaked_objects, 0, "{name}");
    }
}

/// A benchmark, not a test (ignored in the suite; `py/benches/run.sh`
/// runs it with `--include-ignored` and puts its line in
/// docs/benchmarks-python.md): the 4 x 100,000 counter on real workers
/// with every global read and write traced, and with globals untraced,
/// best of 3 wall-clock runs each.
#[wasm_bindgen_test]
#[ignore]
async fn bench_tracing_cost_on_workers() {
    let src = include_str!("python/threads/007_gil_counter_400000.py");
    let mut best = [f64::MAX; 2];
    for _ in 0..3 {
        for (i, traced) in [true, false].into_iter().enumerate() {
            let config = RunConfig {
                trace_globals: traced,
                ..Default::default()
            };
            let t0 = js_sys::Date::now();
            let r = run(src, config).await;
            let ms = js_sys::Date::now() - t0;
            assert_eq!(r.out, "400000\n", "{}", r.err);
            best[i] = best[i].min(ms);
        }
    }
    console_log!(
        "BENCH tracing_cost traced_ms={:.0} untraced_ms={:.0} ratio={:.2}",
        best[0],
        best[1],
        best[0] / best[1]
    );
}

/// Issue 17 (`py/benches/run.sh`, docs/benchmarks-python.md): the
/// single-thread workloads of `py/benches/py/` and the prime kernel on 1
/// and 2 threads, GIL and free-threaded, on real Web Workers (release
/// wasm); best of 3 wall-clock runs each, compile included, as the native
/// CLI's times include its start. run.sh sets them beside the native ones.
#[wasm_bindgen_test]
#[ignore]
async fn bench_workloads_on_workers() {
    let workloads = [
        ("int_loop", include_str!("../py/benches/py/int_loop.py")),
        ("fib", include_str!("../py/benches/py/fib.py")),
        ("primes", include_str!("../py/benches/py/primes.py")),
        ("strings", include_str!("../py/benches/py/strings.py")),
        ("lists_dicts", include_str!("../py/benches/py/lists_dicts.py")),
        ("classes", include_str!("../py/benches/py/classes.py")),
    ];
    let timed = |src: String, gil: bool| async move {
        let mut best = f64::MAX;
        let mut out = String::new();
        for _ in 0..3 {
            let config = RunConfig {
                gil,
                ..Default::default()
            };
            let t0 = js_sys::Date::now();
            let r = run(&src, config).await;
            best = best.min(js_sys::Date::now() - t0);
            assert!(r.err.is_empty(), "{}", r.err);
            out = r.out;
        }
        (best, out)
    };
    for (name, src) in workloads {
        let (ms, out) = timed(src.to_string(), true).await;
        console_log!(
            "BENCH workload name={name} ms={ms:.0} out={}",
            out.trim().replace('\n', "/")
        );
    }
    let kernel = include_str!("../py/benches/threads/primes.py.in");
    for threads in [1, 2] {
        for gil in [true, false] {
            let src = kernel.replace("@THREADS@", &threads.to_string());
            let (ms, out) = timed(src, gil).await;
            console_log!(
                "BENCH kernel threads={threads} gil={} ms={ms:.0} out={}",
                if gil { "on" } else { "off" },
                out.trim()
            );
        }
    }
}

/// Issue 15: every level's committed solution, replayed on real Web
/// Workers exactly as the page plays it, wins.
#[wasm_bindgen_test]
async fn every_level_solution_wins_on_real_workers() {
    use lockstep_core::challenge::{self, Tick, Verdict};
    browser::pool(WORKERS).await;
    for level in challenge::all() {
        let cap = Arc::new(Capture::default());
        let out = Arc::new(Output::new(cap, 1 << 16));
        let mut g = lockstep_python::start_level(runtime::executor(), level, &level.solution, out)
            .expect("the level starts");
        let mut ticks = 0;
        loop {
            match g.tick() {
                _ if g.verdict != Verdict::Playing => break,
                Tick::Busy => {
                    ticks += 1;
                    assert!(ticks < 20_000, "{}: never settled", level.id);
                    gloo::timers::future::TimeoutFuture::new(0).await;
                }
                _ if g.driver.moving() => {}
                _ => break,
            }
        }
        assert_eq!(g.driver.played, level.solution, "{}", level.id);
        assert!(
            matches!(g.verdict, Verdict::Won(_)),
            "{}: {:?}; said {:?}",
            level.id,
            g.verdict,
            g.said
        );
        g.run.abort();
        for _ in 0..2000 {
            if g.run.is_done() {
                break;
            }
            gloo::timers::future::TimeoutFuture::new(5).await;
        }
        assert!(g.run.is_done(), "{}: threads kept their workers", level.id);
    }
}
