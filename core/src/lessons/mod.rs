//! The lessons. Each is one file holding its parameters (typed, with
//! ranges; defaults are the notes' values), the Python it teaches, the Rust
//! that runs, what to watch, and the checks of its outcome against CPython's.
//! Adding a lesson touches its file and one line of [`all`].

pub mod l10_speedup;
pub mod l1_crawler;
pub mod l2_processes;
pub mod l3_pool;
pub mod l4_shared_value;
pub mod l5_ipc_queue;
pub mod l6_threads;
pub mod l7_locks;
pub mod l8_fetch;
pub mod l9_queue;
pub mod network;
pub mod params;

use crate::reduce::View;
use crate::trace::{Event, ObjKind, TraceLog};
use crate::{t, tf, Ctx, Result};
pub use params::{Choice, Flag, Float, Int, Key, ParamKind, ParamSpec, Params, Url};

/// The body a run executes as its `MainThread`.
pub type Body = Box<dyn FnOnce(&Ctx) -> Result<()> + Send>;

/// Groups, as in the notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Processes,
    Threads,
    Fetching,
    Beyond,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Processes => t!("Processes"),
            Group::Threads => t!("Threads"),
            Group::Fetching => t!("Fetching"),
            Group::Beyond => t!("Beyond the notes"),
        }
    }
}

/// A view a lesson asks the page for, beyond the lanes, objects, output,
/// code and metrics every run gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Requests in flight and done (`reduce::View::fetches`).
    Waterfall,
    /// Speedup by workers against Amdahl's law (`reduce::speedup`).
    Speedup,
}

/// One verified statement about a run's outcome, shown in the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub label: String,
    pub ok: bool,
    pub detail: String,
}

impl Check {
    pub fn new(label: impl Into<String>, ok: bool, detail: impl Into<String>) -> Check {
        Check {
            label: label.into(),
            ok,
            detail: detail.into(),
        }
    }
}

pub trait Lesson: Sync + Send {
    /// Stable id used in share links (never change it).
    fn id(&self) -> &'static str;
    /// "L3"
    fn number(&self) -> &'static str;
    fn title(&self) -> &'static str;
    fn group(&self) -> Group;
    fn params(&self) -> &'static [ParamSpec];
    /// The Python this lesson runs, repaired from the notes, with the
    /// current parameter values in place.
    fn python(&self, p: &Params) -> String;
    /// What to watch, in plain language.
    fn explain(&self) -> &'static str;
    /// What is modelled rather than real, if anything (shown in the page).
    fn modelled(&self) -> Option<&'static str> {
        None
    }
    /// What CPython does with these parameters.
    fn expected(&self, p: &Params) -> String;
    /// Real threads (workers) the run needs, the `MainThread` included.
    fn threads(&self, p: &Params) -> usize;
    fn body(&self, p: &Params, seed: u64) -> Body;
    /// The views the lesson wants beside the ones every run gets.
    fn panels(&self) -> &'static [Panel] {
        &[]
    }
    /// The modelled server the lesson's `requests` goes through, if it
    /// fetches (its latency, slow and failing shares are parameters).
    fn network(&self, _p: &Params) -> Option<crate::net::Model> {
        None
    }
    /// Whether a run fetches real pages (the bundled site, served with the
    /// page): the wasm-pack runner does not serve them; the e2e tests do.
    fn fetches(&self) -> bool {
        false
    }
    /// `p` at a size a debug build runs in seconds (the prime sweep's
    /// numbers); the same parameters for every other lesson.
    fn light(&self, p: Params) -> Params {
        p
    }
    /// Whether the page runs [`Lesson::python`] through the interpreter
    /// (the lesson is its Python) rather than [`Lesson::body`], the
    /// compiled model, which the native tests keep as a reference.
    fn runs_python(&self) -> bool {
        true
    }
    /// Checks of the outcome, computed from the finished run's trace.
    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check>;
    /// The 1-based line of [`Lesson::python`] an event corresponds to.
    fn line(&self, _p: &Params, _e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        None
    }
}

/// Every lesson, in the notes' order.
pub fn all() -> &'static [&'static dyn Lesson] {
    &[
        &l1_crawler::Crawler,
        &l2_processes::Processes,
        &l3_pool::ProcessPool,
        &l4_shared_value::SharedValue,
        &l5_ipc_queue::IpcQueue,
        &l6_threads::Threads,
        &l7_locks::Locks,
        &l8_fetch::ParallelFetch,
        &l9_queue::ThreadQueue,
        &l10_speedup::Speedup,
    ]
}

/// The lesson the page opens on: L3, the process pool (its lanes, queue
/// and makespan show the most at first sight; Previous and Next walk the
/// notes' order from there).
pub fn first_shown() -> &'static dyn Lesson {
    &l3_pool::ProcessPool
}

pub fn by_id(id: &str) -> Option<&'static dyn Lesson> {
    all().iter().copied().find(|l| l.id() == id)
}

/// The check every run gets, whatever the lesson: the recorded trace keeps
/// cause before effect ([`crate::validate`]), so what the page draws is
/// what happened.
pub fn causality_check(log: &TraceLog) -> Check {
    // Not the export's rule: building the Chrome JSON of every run on the
    // page's thread would raise its heap's high-water mark (tests check it).
    let violations = crate::validate::check_objects(log);
    Check::new(
        t!("the trace keeps cause before effect (every wait returns after what released it)"),
        violations.is_empty(),
        match violations.first() {
            None => tf!("{n} events checked", n = log.events.len()),
            Some(v) => tf!("{n} violations; first: {v}", n = violations.len(), v),
        },
    )
}

/// What every run of a lesson must show, whatever ran it (the model or
/// its Python): no dropped events, cause before effect in the trace
/// (`validate`), every check passing. `Err` says which failed.
pub fn judge(
    lesson: &dyn Lesson,
    p: &Params,
    log: &TraceLog,
    view: &View,
) -> std::result::Result<(), String> {
    if log.dropped > 0 {
        return Err(format!("{} events dropped", log.dropped));
    }
    let violations = crate::validate::check(log);
    if let Some(v) = violations.first() {
        return Err(format!("{} violations, first {v}", violations.len()));
    }
    match lesson.check(p, log, view).into_iter().find(|c| !c.ok) {
        Some(c) => Err(format!("check failed: {} ({})", c.label, c.detail)),
        None => Ok(()),
    }
}

/// How much demo time a wake-up latency of `real_ms` of real time is worth in
/// this run (demo time runs `speed` times faster than real time, so a few
/// milliseconds of scheduling noise are seconds of demo time at 50x).
/// Checks that compare demo times allow this much on top of their own
/// tolerance, so they say what happened whatever the speed and the load.
pub fn latency_allowance_ns(log: &TraceLog, real_ms: f64) -> u64 {
    let last = log.events.iter().rev().find(|e| e.t_real > 0);
    let ratio = last.map_or(1.0, |e| e.t_demo as f64 / e.t_real as f64);
    (ratio.max(1.0) * real_ms * 1e6) as u64
}

/// The 1-based line of the first line of `code` containing `needle`.
pub fn line_of(code: &str, needle: &str) -> Option<usize> {
    code.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lesson's keys are unique: a share link names each value once, and
    /// two typed keys of one lesson never read the same value.
    #[test]
    fn every_lessons_parameter_keys_are_unique() {
        for l in all() {
            let mut seen = std::collections::BTreeSet::new();
            for spec in l.params() {
                assert!(
                    seen.insert(spec.key),
                    "{}: {} is declared twice",
                    l.id(),
                    spec.key
                );
            }
        }
    }

    /// Every parameter bound to a literal is found in the lesson's Python
    /// with its value, and writing a new value there gives exactly the
    /// Python the lesson writes for that value: the slider and the literal
    /// are one thing.
    #[test]
    fn bound_parameters_are_their_literals_in_every_lessons_python() {
        for l in all() {
            for spec in l.params().iter().filter(|s| s.bind.is_some()) {
                let mut found = 0;
                for seed in 0..60u64 {
                    let p = Params::random(l.params(), seed * 7919 + 1);
                    let code = l.python(&p);
                    let Some(read) = spec.read_literal(&code) else {
                        continue;
                    };
                    found += 1;
                    assert_eq!(read, Ok(p.get(spec.key)), "{} {}: {code}", l.id(), spec.key);
                    let other = Params::random(l.params(), seed * 31 + 5).get(spec.key);
                    let want = l.python(&p.clone().with(spec.key, other));
                    assert_eq!(
                        spec.write_literal(&code, other).as_deref(),
                        Some(want.as_str()),
                        "{} {}",
                        l.id(),
                        spec.key
                    );
                }
                assert!(found > 0, "{} {}: never found in the code", l.id(), spec.key);
            }
        }
    }

    /// What a learner might type where a literal was: only what Python
    /// reads as that kind of number moves the slider.
    #[test]
    fn only_a_well_formed_number_is_a_literal() {
        let pool = by_id("pool").unwrap();
        let spec = pool.params().iter().find(|s| s.key == "workers").unwrap();
        let read = |code: &str| spec.read_literal(code).map(|r| r.ok());
        assert_eq!(read("p = Pool(4)"), Some(Some(4.0)));
        assert_eq!(
            read("p = Pool(4_0)"),
            Some(None),
            "out of range: a notice, not a value"
        );
        assert_eq!(read("p = Pool(2.0)"), None, "not an int literal");
        assert_eq!(read("p = Pool(1e1)"), None);
        assert_eq!(read("p = Pool(4__0)"), None);
        assert_eq!(read("p = Pool(_4)"), None);
        assert_eq!(read("p = Pool()"), None);
        assert_eq!(read("p = Pool(4) # 中文"), Some(Some(4.0)));
        // A quarter megabyte of near misses (the search is linear: it was
        // quadratic, 0.9 s natively, and the page runs it every frame).
        let l9 = by_id("queue").unwrap();
        let produce = l9.params().iter().find(|s| s.key == "produce").unwrap();
        let junk = "time.sleep(1)\n".repeat(20_000);
        assert_eq!(produce.read_literal(&junk), None);
    }
}
