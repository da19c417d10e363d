//! Shared test helpers: a real rayon pool and a run-to-end wrapper.
#![allow(dead_code)]

use lockstep_core::run::{run_to_end, Executor, RunOptions};
use lockstep_core::trace::TraceLog;
use lockstep_core::{Ctx, Result};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// One pool of real OS threads for the whole test binary, as the page has
/// one pool of Web Workers. Tests in a binary run in parallel, so it is
/// large enough for several runs at once.
pub fn exec() -> Arc<dyn Executor> {
    static POOL: OnceLock<Arc<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| Arc::new(rayon::ThreadPoolBuilder::new().num_threads(96).build().unwrap()))
        .clone()
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
