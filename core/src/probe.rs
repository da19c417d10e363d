//! The pool check the page runs at start-up: `n` lesson threads (the
//! `MainThread` and `n - 1` more) meet at a `Barrier(n)`, so all `n` must be
//! running at once, each on its own worker. The trace then names the real
//! worker each ran on: `n` distinct ids prove `n` real threads.

use crate::sync::Barrier;
use crate::trace::TraceLog;
use crate::{Ctx, Result};

/// The run body of the check.
pub fn body(n: usize) -> impl FnOnce(&Ctx) -> Result<()> + Send + 'static {
    move |ctx| {
        let barrier = Barrier::new(ctx, "all workers", n);
        for i in 1..n {
            let b = barrier.clone();
            ctx.spawn(Some(&format!("probe-{i}")), move |c| b.wait(c).map(|_| ()))?;
        }
        barrier.wait(ctx)?;
        Ok(())
    }
}

/// Distinct real worker ids seen in a probe's trace.
pub fn distinct_workers(log: &TraceLog) -> usize {
    let ids: std::collections::BTreeSet<u64> = log.threads().map(|t| t.2).collect();
    ids.len()
}
