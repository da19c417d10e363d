//! Shared test helpers: a real rayon pool and a run-to-end wrapper.
#![allow(dead_code)]

use lockstep_core::run::{run_to_end, RunOptions, Workers};
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
