//! Following a live run: drain what it recorded, apply it to a live
//! [`View`], and keep the drained trace. The page does this once per frame
//! and the tests in a loop; both read the run the same way through this
//! type, so done is always read before the drain (see [`Run::poll`]) and a
//! run never finishes without its last events.

use crate::reduce::{waitfor, View};
use crate::run::Run;
use crate::trace::TraceLog;

/// A run's drained trace and the view of it so far.
#[derive(Default)]
pub struct Follow {
    pub log: TraceLog,
    pub view: View,
}

impl Follow {
    /// Drains `run` without blocking and applies the new events to the
    /// view. Returns the events drained and whether the run is over and
    /// everything it recorded is now in the log.
    pub fn poll(&mut self, run: &Run) -> (usize, bool) {
        let mut fresh = TraceLog::default();
        let (n, done) = run.poll(&mut fresh);
        fresh.metas.iter().for_each(|m| self.view.meta(m));
        self.log.metas.extend(fresh.metas);
        self.log.dropped = fresh.dropped;
        fresh.events.iter().for_each(|e| self.view.apply(e, &self.log));
        self.log.events.extend(fresh.events);
        (n, done)
    }

    /// True when the live view's wait-for graph has a cycle: those threads
    /// can never proceed, so the run will not end by itself.
    pub fn deadlocked(&self) -> bool {
        waitfor::find_deadlock(&self.view).is_some()
    }

    /// The finished trace in order, and its view rebuilt from it.
    pub fn finish(mut self) -> (TraceLog, View) {
        self.log.sort();
        let view = View::of(&self.log);
        (self.log, view)
    }
}

/// What following a run to its end found.
pub struct Followed {
    /// The finished trace, in order.
    pub log: TraceLog,
    /// The view where the run was judged: at its deadlock if it had one
    /// (the run was then stopped, as Reset does), else at its end.
    pub view: View,
    pub deadlocked: bool,
    /// The run outlived `limit` and was stopped.
    pub timed_out: bool,
}

/// Follows `run` until it ends, as the page does: a deadlock is judged
/// where it happened and the run then aborted; a run past `limit` is
/// aborted too. Native only (it sleeps between polls; the page's main
/// thread polls once per frame instead).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_end(run: &Run, limit: std::time::Duration) -> Followed {
    let mut follow = Follow::default();
    let mut at_deadlock = None;
    let mut timed_out = false;
    let start = std::time::Instant::now();
    while !follow.poll(run).1 {
        if at_deadlock.is_none() && follow.deadlocked() {
            at_deadlock = Some(follow.view.clone());
            run.abort();
        }
        if !timed_out && start.elapsed() > limit {
            timed_out = true;
            run.abort();
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let (log, view) = follow.finish();
    Followed {
        log,
        deadlocked: at_deadlock.is_some(),
        view: at_deadlock.unwrap_or(view),
        timed_out,
    }
}
