//! Shared test helpers: a real rayon pool and a run-to-end wrapper.
#![allow(dead_code)]

use lockstep_core::reduce::{waitfor, LaneState, View};
use lockstep_core::run::{run_to_end, Run, RunOptions, Workers};
use lockstep_core::trace::TraceLog;
use lockstep_core::{Ctx, Result};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// One pool of real OS threads for the whole test binary, as the page has
/// one pool of Web Workers. Tests in a binary run in parallel, so it is
/// large enough for several runs at once.
pub fn exec() -> Arc<Workers> {
    static POOL: OnceLock<Arc<Workers>> = OnceLock::new();
    POOL.get_or_init(|| Workers::new(rayon::ThreadPoolBuilder::new().num_threads(96).build().unwrap()))
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

pub fn run(opts: RunOptions, main: impl FnOnce(&Ctx) -> Result<()> + Send + 'static) -> TraceLog {
    run_to_end(exec(), opts, Duration::from_secs(60), main).expect("run starts")
}

/// Applies a live run's events as they arrive (as the page does) until
/// `blocked` threads are blocked and the wait-for graph has a cycle; the
/// drained trace accumulates in `log`. Panics after `limit`.
pub fn until_deadlock(run: &Run, log: &mut TraceLog, blocked: usize, limit: Duration) -> View {
    let mut view = View::default();
    let start = std::time::Instant::now();
    loop {
        let mut fresh = TraceLog::default();
        run.drain_into(&mut fresh);
        fresh.metas.iter().for_each(|m| view.meta(m));
        log.metas.extend(fresh.metas);
        fresh.events.iter().for_each(|e| view.apply(e, log));
        log.events.extend(fresh.events);
        let waiting = view
            .lanes
            .values()
            .filter(|l| l.state == LaneState::Blocked)
            .count();
        if waiting == blocked && waitfor::find_deadlock(&view).is_some() {
            return view;
        }
        assert!(start.elapsed() < limit, "deadlock never formed");
        std::thread::sleep(Duration::from_millis(1));
    }
}
