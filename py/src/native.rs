//! Running a program to completion natively (the CLI and the tests): a
//! rayon pool whose threads have 1 MiB stacks, as a Web Worker has, so an
//! interpreter that overflowed its stack would be caught here first.

use crate::output::{Output, OutputSink, Stream};
use crate::{Outcome, RunConfig};
use lockstep_core::run::{Run, RunOptions, Workers};
use lockstep_core::trace::TraceLog;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A Web Worker's default stack.
pub const WORKER_STACK: usize = 1 << 20;

/// Panics caught on pool threads (every one is an interpreter bug; the
/// tests assert this stays 0).
pub static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A pool of `n` threads with worker-sized stacks.
pub fn pool(n: usize) -> Arc<Workers> {
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .panic_handler(|_| {
            PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        })
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("lockstep-worker-{i}"))
        .build()
        .unwrap_or_else(|e| panic!("cannot start the worker pool: {e}"));
    Workers::new(p)
}

/// One process-wide pool for tests and the CLI.
pub fn shared_pool() -> Arc<Workers> {
    static P: OnceLock<Arc<Workers>> = OnceLock::new();
    P.get_or_init(|| pool(64)).clone()
}

pub struct NativeRun {
    pub outcome: Outcome,
    /// The sorted trace (only its metadata when the events were not kept).
    pub log: TraceLog,
    /// Events recorded, kept or not.
    pub events: usize,
    pub timed_out: bool,
}

/// Compiles and runs `source`; compile errors are printed as CPython
/// prints them (exit 1). `limit` aborts a run that takes longer.
pub fn run_source(
    workers: Arc<Workers>,
    source: &str,
    filename: &str,
    sink: Arc<dyn OutputSink>,
    config: RunConfig,
    speed: f64,
    limit: Option<Duration>,
) -> NativeRun {
    run_source_keeping(workers, source, filename, sink, config, speed, limit, true)
}

/// As `run_source`; with `keep_events` false the events are counted and
/// let go as they are drained (the CLI without `--trace`: a loop of five
/// million global updates records 20 million events, about 1 GB kept).
#[allow(clippy::too_many_arguments)]
pub fn run_source_keeping(
    workers: Arc<Workers>,
    source: &str,
    filename: &str,
    sink: Arc<dyn OutputSink>,
    config: RunConfig,
    speed: f64,
    limit: Option<Duration>,
    keep_events: bool,
) -> NativeRun {
    // `requests` natively: the bundled site from this checkout's disk (a
    // transport installed earlier, e.g. by a test, is kept).
    lockstep_core::net::set_transport(Arc::new(lockstep_core::net::Files {
        root: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
    }));
    let out = Arc::new(Output::new(sink, config.output_limit));
    let program = match crate::compile(source, filename) {
        Ok(p) => p,
        Err(e) => {
            out.write_err_always(&e.render(filename, source));
            out.flush();
            return NativeRun {
                outcome: Outcome {
                    exit_code: 1,
                    error: Some(format!("{}: {}", e.kind, e.msg)),
                    leaked_objects: 0,
                    max_stack_bytes: 0,
                    max_native_depth: 0,
                },
                log: TraceLog::default(),
                events: 0,
                timed_out: false,
            };
        }
    };
    let opts = RunOptions {
        seed: config.seed,
        speed,
        ..Default::default()
    };
    let result: Arc<Mutex<Option<Outcome>>> = Arc::new(Mutex::new(None));
    let r2 = result.clone();
    let out2 = out.clone();
    let run = Run::start(workers, opts, move |ctx| {
        let o = crate::run_main(ctx, program, out2, config);
        *crate::heap::lock(&r2) = Some(o);
        Ok(())
    });
    let run = match run {
        Ok(r) => r,
        Err(e) => {
            out.write(Stream::Stderr, &format!("RuntimeError: {e}\n"));
            return NativeRun {
                outcome: Outcome {
                    exit_code: 1,
                    error: Some(e.to_string()),
                    leaked_objects: 0,
                    max_stack_bytes: 0,
                    max_native_depth: 0,
                },
                log: TraceLog::default(),
                events: 0,
                timed_out: false,
            };
        }
    };
    let mut log = TraceLog::default();
    let mut events = 0;
    let start = Instant::now();
    let mut timed_out = false;
    loop {
        let (n, done) = run.poll(&mut log);
        events += n;
        if !keep_events {
            log.events.clear();
        }
        if done {
            break;
        }
        if let Some(l) = limit {
            if start.elapsed() > l && !timed_out {
                timed_out = true;
                run.abort();
            }
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    events += run.drain_into(&mut log);
    if !keep_events {
        log.events.clear();
    }
    log.sort();
    let outcome = crate::heap::lock(&result).take().unwrap_or(Outcome {
        exit_code: 1,
        error: Some("the run ended without an outcome".into()),
        leaked_objects: 0,
        max_stack_bytes: 0,
        max_native_depth: 0,
    });
    NativeRun {
        outcome,
        log,
        events,
        timed_out,
    }
}
