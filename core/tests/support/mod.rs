//! Shared test helpers: a real rayon pool and a run-to-end wrapper.
#![allow(dead_code)]

use lockstep_core::follow::Follow;
use lockstep_core::reduce::{LaneState, View};
use lockstep_core::run::{run_to_end, Run, RunOptions, Workers};
use lockstep_core::trace::TraceLog;
use lockstep_core::{Ctx, Result};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// One pool of real OS threads for the whole test binary, as the page has
/// one pool of Web Workers. Tests in a binary run in parallel, so it is
/// large enough for several runs at once (the property tests run six
/// lessons at once, L1 with up to 33 threads each).
pub fn exec() -> Arc<Workers> {
    static POOL: OnceLock<Arc<Workers>> = OnceLock::new();
    POOL.get_or_init(|| Workers::new(rayon::ThreadPoolBuilder::new().num_threads(256).build().unwrap()))
        .clone()
}

/// A pool of its own, for tests about worker counts and reuse.
pub fn pool_of(n: usize) -> Arc<Workers> {
    Workers::new(rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap())
}

pub fn fast() -> RunOptions {
    RunOptions {
        speed: 10.0,
        ..Default::default()
    }
}

/// Runs a lesson on real threads as the page does, with the bundled site
/// served from disk as the page's server would. Returns the trace and the
/// view the lesson's checks read: at the end of the run, or, for a run that
/// deadlocks, at the moment the wait-for graph shows the deadlock (as the
/// page shows it); the run is then reset and the trace drained to its end,
/// so the returned trace covers the whole run.
pub fn run_lesson(
    lesson: &dyn lockstep_core::lessons::Lesson,
    p: &lockstep_core::lessons::Params,
    seed: u64,
    speed: f64,
) -> (TraceLog, View) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    lockstep_core::net::set_transport(Arc::new(lockstep_core::net::Files { root }));
    let opts = RunOptions {
        seed,
        speed,
        lesson: lesson.id().into(),
        ..Default::default()
    };
    let run = Run::start(exec(), opts, lesson.body(p, seed)).expect("run starts");
    let f = lockstep_core::follow::to_end(&run, Duration::from_secs(120));
    (f.log, f.view)
}

pub fn run(opts: RunOptions, main: impl FnOnce(&Ctx) -> Result<()> + Send + 'static) -> TraceLog {
    run_to_end(exec(), opts, Duration::from_secs(60), main).expect("run starts")
}

/// Applies a live run's events as they arrive (as the page does) until
/// `blocked` threads are blocked and the wait-for graph has a cycle; the
/// drained trace accumulates in `log`. Panics after `limit`.
pub fn until_deadlock(run: &Run, log: &mut TraceLog, blocked: usize, limit: Duration) -> View {
    let mut follow = Follow::default();
    let start = std::time::Instant::now();
    loop {
        follow.poll(run);
        let waiting = follow
            .view
            .lanes
            .values()
            .filter(|l| l.state == LaneState::Blocked)
            .count();
        if waiting == blocked && follow.deadlocked() {
            *log = follow.drain.log;
            return follow.view;
        }
        assert!(start.elapsed() < limit, "deadlock never formed");
        std::thread::sleep(Duration::from_millis(1));
    }
}
