//! Following a live run: drain what it recorded, apply it to a live
//! [`View`], and keep the drained trace. The page does this once per frame
//! and the tests in a loop; both read the run the same way through this
//! type, so done is always read before the drain (see [`Run::poll`]) and a
//! run never finishes without its last events.

use crate::reduce::{waitfor, View};
use crate::run::Run;
use crate::trace::{Event, TraceLog};

/// Drains a live run into a kept trace, applying every event to a view as
/// it arrives. The one drain-then-apply sequence: the page runs it once per
/// frame (its view lent to the components), the tests through [`Follow`].
pub struct Drain {
    pub log: TraceLog,
    /// Events drained but not kept in `log` once it held `keep` of them:
    /// the view applied them (detectors and panels stay exact); replay and
    /// export end where the kept trace ends.
    pub not_kept: u64,
    keep: usize,
    /// The last drain's events, its capacity kept for the next.
    fresh: TraceLog,
}

impl Default for Drain {
    fn default() -> Self {
        Drain::keeping(usize::MAX)
    }
}

impl Drain {
    /// A drain that keeps at most `keep` events (a learner's endless loop
    /// would otherwise grow the page's memory until the tab dies).
    pub fn keeping(keep: usize) -> Drain {
        Drain {
            log: TraceLog::default(),
            not_kept: 0,
            keep,
            fresh: TraceLog::default(),
        }
    }

    /// Drains `run` without blocking and applies the new events to `view`.
    /// Returns the events drained and whether the run is over and
    /// everything it recorded is now drained. Metadata always counts as a
    /// change: `(0, false)` means nothing new.
    pub fn poll(&mut self, run: &Run, view: &mut View) -> Polled {
        self.poll_each(run, view, |_, _| {})
    }

    /// [`Drain::poll`], calling `each` with every new event once the view
    /// has applied it (the page's slow motion narrates them this way).
    pub fn poll_each(&mut self, run: &Run, view: &mut View, each: impl FnMut(&View, &Event)) -> Polled {
        self.poll_at_most(run, view, usize::MAX, each)
    }

    /// [`Drain::poll_each`], draining at most `max` events: the page drains
    /// a frame's worth in chunks until its time is up, and leaves the rest
    /// in the recorder (its runs wait for room) for the next frame.
    pub fn poll_at_most(
        &mut self,
        run: &Run,
        view: &mut View,
        max: usize,
        mut each: impl FnMut(&View, &Event),
    ) -> Polled {
        // Drained into a buffer kept from frame to frame: a fresh vector
        // per frame grew by doubling from empty every time, and at 2M
        // events/s those reallocations were 15% of the page's main thread
        // (a profile of 16 Python threads, issue 17). Not straight into
        // `log`: past `keep` its capacity would double once more.
        let fresh = &mut self.fresh;
        fresh.events.clear();
        let (n, done) = run.poll_at_most(fresh, max);
        let metas = fresh.metas.len();
        fresh.metas.iter().for_each(|m| view.meta(m));
        self.log.metas.append(&mut fresh.metas);
        self.log.index_texts();
        self.log.dropped = fresh.dropped;
        for e in &fresh.events {
            view.apply(e, &self.log);
            each(view, e);
        }
        let room = self.keep.saturating_sub(self.log.events.len());
        let kept = fresh.events.len().min(room);
        self.not_kept += (fresh.events.len() - kept) as u64;
        self.log.events.extend_from_slice(&fresh.events[..kept]);
        Polled {
            events: n,
            changed: n > 0 || metas > 0,
            done,
        }
    }
}

/// What one [`Drain::poll`] found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Polled {
    /// Events drained.
    pub events: usize,
    /// Events or thread metadata arrived.
    pub changed: bool,
    /// The run is over and everything it recorded is drained.
    pub done: bool,
}

/// A run's drained trace and the view of it so far (a [`Drain`] with its
/// own view; what the native and browser tests follow a run with).
#[derive(Default)]
pub struct Follow {
    pub drain: Drain,
    pub view: View,
}

impl Follow {
    /// Drains `run` without blocking and applies the new events to the
    /// view. Returns the events drained and whether the run is over and
    /// everything it recorded is now in the log.
    pub fn poll(&mut self, run: &Run) -> (usize, bool) {
        let p = self.drain.poll(run, &mut self.view);
        (p.events, p.done)
    }

    /// True when the live view's wait-for graph has a cycle: those threads
    /// can never proceed, so the run will not end by itself.
    pub fn deadlocked(&self) -> bool {
        waitfor::find_deadlock(&self.view).is_some()
    }

    /// The finished trace in order, and its view rebuilt from it.
    pub fn finish(self) -> (TraceLog, View) {
        let mut log = self.drain.log;
        log.sort();
        let view = View::of(&log);
        (log, view)
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
