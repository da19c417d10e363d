//! Issue 15, what can be checked before the page plays the levels: every
//! level run freely (no player) does what its header promises and the
//! judge calls it lost, under the GIL and free-threaded; and the judge
//! sees each kind of break in a real run (an uncaught exception in a
//! thread, a deadlock).

use lockstep_core::challenge::{self, Verdict};
use lockstep_core::reduce::View;
use lockstep_python::native::{run_source, shared_pool};
use lockstep_python::{Capture, RunConfig};
use std::sync::Arc;
use std::time::Duration;

/// The view of a run's trace up to its abort, if it was stopped (what the
/// page judged live, before Reset), else of all of it.
fn before_abort(log: &lockstep_core::trace::TraceLog) -> View {
    let mut v = View::default();
    log.metas.iter().for_each(|m| v.meta(m));
    for e in log
        .events
        .iter()
        .take_while(|e| e.op != lockstep_core::trace::Op::Abort)
    {
        v.apply(e, log);
    }
    v
}

fn run(src: &str, gil: bool) -> (View, String, bool) {
    let cap = Arc::new(Capture::default());
    let config = RunConfig {
        gil,
        ..RunConfig::default()
    };
    let r = run_source(
        shared_pool(),
        src,
        "level.py",
        cap.clone(),
        config,
        10.0,
        Some(Duration::from_secs(5)),
    );
    let out = cap.out.lock().map(|s| s.clone()).unwrap_or_default();
    (before_abort(&r.log), out, r.timed_out)
}

/// The promise's quoted text (`prints "counter is 2"`).
fn promised(level: &challenge::Level) -> &str {
    level
        .promise
        .strip_prefix("prints \"")
        .and_then(|p| p.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{}: promise {:?}", level.id, level.promise))
}

#[test]
fn every_level_run_freely_keeps_its_promise_and_is_lost() {
    for level in challenge::all() {
        for gil in [true, false] {
            for round in 0..3 {
                let (view, out, timed_out) = run(level.code, gil);
                let case = format!("{} (gil {gil}, run {round})", level.id);
                assert!(!timed_out, "{case}: did not end");
                assert_eq!(out.trim_end().lines().last(), Some(promised(level)), "{case}");
                match challenge::judge(level, &view, true) {
                    Verdict::Lost(why) => assert!(why.contains(&level.promise), "{case}: {why}"),
                    v => panic!("{case}: a free run must not win: {v:?}"),
                }
            }
        }
    }
}

#[test]
fn the_judge_sees_an_uncaught_exception_and_a_deadlock_in_a_real_run() {
    let level = &challenge::all()[0];
    // An uncaught exception in a thread is a traced event now: the judge
    // (and the page's output) read it.
    let (view, _, _) = run(
        "import threading\ndef f():\n    assert 1 == 2, 'broken'\nt = threading.Thread(target=f)\nt.start()\nt.join()\n",
        true,
    );
    match challenge::judge(level, &view, true) {
        Verdict::Won(why) => assert_eq!(why, "Thread-1 (f) died of AssertionError: broken."),
        v => panic!("{v:?}"),
    }
    // Main's own assert, after the joins.
    let (view, _, _) = run("x = 1\nassert x == 2, f'x is {x}'\n", false);
    assert!(
        matches!(challenge::judge(level, &view, true), Verdict::Won(w) if w.contains("AssertionError: x is 1"))
    );
    // A plain Lock taken twice: the run is stopped at its limit, and the
    // view at the end shows every thread blocked.
    let (view, _, timed_out) = run(
        "import threading\nl = threading.Lock()\ndef f():\n    with l:\n        with l:\n            pass\nt = threading.Thread(target=f)\nt.start()\nt.join()\n",
        false,
    );
    assert!(timed_out);
    match challenge::judge(level, &view, false) {
        Verdict::Won(why) => assert!(
            why.starts_with("Deadlock") || why.starts_with("Every thread is blocked"),
            "{why}"
        ),
        v => panic!("{v:?}"),
    }
}
