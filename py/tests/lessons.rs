//! Issue 14: every lesson the page runs as Python (`Lesson::runs_python`)
//! passes, interpreted, the checks it passes as a compiled model: on its
//! defaults and on random parameter sets and seeds, at the page's top
//! speed, several runs at once. Each trace must also keep cause before
//! effect (`validate`), the interpreter must not panic, and the program
//! must exit 0 with nothing on stderr. Failures print the case as a v1
//! link.

use lockstep_core::follow::Follow;
use lockstep_core::lessons::{self, Lesson, Params};
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::trace::Op;
use lockstep_python::native::{shared_pool, PANICS};
use lockstep_python::{Capture, Output, RunConfig};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Random parameter sets per lesson (`LOCKSTEP_PROPERTY_CASES` for more).
fn cases() -> usize {
    std::env::var("LOCKSTEP_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(12, |n: usize| n / 10)
        .max(1)
}

const AT_ONCE: usize = 4;

fn one_case(lesson: &dyn Lesson, p: &Params, seed: u64) -> Result<(), String> {
    let link = p
        .to_raw(lesson.params())
        .iter()
        .map(|(k, v)| format!("p.{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let case = format!("?v=1&lesson={}&seed={seed}&{link}", lesson.id());
    let code = lesson.python(p);
    let program = lockstep_python::compile(&code, "prog.py").map_err(|e| format!("{case}: {}", e.msg))?;
    let cap = Arc::new(Capture::default());
    let out = Arc::new(Output::new(cap.clone(), 1 << 20));
    let config = RunConfig {
        seed,
        argv: vec!["prog.py".into()],
        network: lesson.network(p),
        ..RunConfig::default()
    };
    let opts = RunOptions {
        seed,
        speed: 10.0,
        lesson: lesson.id().into(),
        ..Default::default()
    };
    let outcome = Arc::new(Mutex::new(None));
    let o2 = outcome.clone();
    let run = Run::start(shared_pool(), opts, move |ctx| {
        *o2.lock().unwrap() = Some(lockstep_python::run_main(ctx, program, out, config));
        Ok(())
    })
    .map_err(|e| format!("{case}: {e}"))?;
    // As the page does: follow the run; a deadlock (L7's Lock taken twice)
    // is judged where it happened, then the run is stopped with Reset.
    let followed = lockstep_core::follow::to_end(&run, Duration::from_secs(120));
    if followed.timed_out {
        let lanes: Vec<String> = followed
            .view
            .lanes
            .values()
            .map(|l| {
                format!(
                    "{} {:?} {:?}",
                    l.name,
                    l.state,
                    l.last.map(|e| (e.op, e.phase, e.obj))
                )
            })
            .collect();
        return Err(format!("{case}: timed out; lanes: {}", lanes.join("; ")));
    }
    let (log, view) = (followed.log, followed.view);
    let err = cap.err.lock().map(|s| s.clone()).unwrap_or_default();
    let exit = outcome.lock().unwrap().as_ref().map_or(-1, |o| o.exit_code);
    // A lesson that ends in an uncaught exception on purpose (L7's release
    // of an unlocked Lock, L3's apply_async after close) must end with
    // exactly the exception it teaches; a deadlocked one was stopped.
    let taught = [
        "RuntimeError: release unlocked lock\n",
        "ValueError: Pool not running\n",
    ];
    let quiet = exit == 0 && err.is_empty();
    let on_purpose = exit == 1 && taught.iter().any(|t| err.ends_with(t));
    if !(quiet || on_purpose || view.aborted || log.events.iter().any(|e| e.op == Op::Abort)) {
        return Err(format!("{case}: exit {exit}: {err}"));
    }
    narrates_every_lane(&log).map_err(|e| format!("{case}: {e}"))?;
    // LOCKSTEP_PRINT_CHECKS=1: what each case's checks say (to read them
    // at the extremes).
    if std::env::var("LOCKSTEP_PRINT_CHECKS").is_ok() {
        let said: Vec<String> = lesson
            .check(p, &log, &view)
            .iter()
            .map(|c| {
                format!(
                    "  {} {} ({})",
                    if c.ok { "ok" } else { "FAIL" },
                    c.label,
                    c.detail
                )
            })
            .collect();
        println!("{case}\n{}", said.join("\n"));
    }
    lessons::judge(lesson, p, &log, &view).map_err(|e| format!("{case}: {e}"))
}

/// The page's slow motion says a sentence for what each thread does
/// (`reduce::narrate`): replaying the trace, every lane gets at least
/// one. `LOCKSTEP_NARRATE=1` prints them.
fn narrates_every_lane(log: &lockstep_core::trace::TraceLog) -> Result<(), String> {
    use lockstep_core::reduce::{narrate, View};
    let mut v = View::default();
    log.metas.iter().for_each(|m| v.meta(m));
    let mut said = std::collections::BTreeSet::new();
    let print = std::env::var("LOCKSTEP_NARRATE").is_ok();
    for e in &log.events {
        v.apply(e, log);
        if let Some(s) = narrate::sentence(&v, e) {
            said.insert(e.tid);
            if print {
                println!("{:8.3} {s}", e.t_demo as f64 / 1e9);
            }
        }
    }
    match v.lanes.values().find(|l| !said.contains(&l.tid)) {
        Some(l) => Err(format!("slow motion says nothing of {}", l.name)),
        None => Ok(()),
    }
}

#[test]
fn every_python_lesson_passes_its_checks_interpreted_on_random_parameters() {
    // L8's requests fetch the bundled site from this checkout's disk.
    lockstep_core::net::set_transport(Arc::new(lockstep_core::net::Files {
        root: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
    }));
    let only = std::env::var("LOCKSTEP_PROPERTY_LESSON").ok();
    let mut jobs: Vec<(&'static dyn Lesson, Params, u64)> = Vec::new();
    for l in lessons::all().iter().copied().filter(|l| l.runs_python()) {
        if only.as_deref().is_some_and(|o| o != l.id()) {
            continue;
        }
        // A debug build: L10's sweep at most 20,000 numbers a point.
        let fit = |p: Params| l.light(p);
        jobs.push((l, fit(Params::defaults(l.params())), 1));
        // The extremes: every slider at its bottom, every one at its top,
        // and mixed corners (L8's shortest timeout with its longest
        // latency is one: every request times out, and the checks must
        // say so).
        for (k, high) in [0, u64::MAX, 0x5555, 0xaaaa, 0x0f0f, 0xf0f0, 0x0014]
            .into_iter()
            .enumerate()
        {
            jobs.push((l, fit(Params::corner(l.params(), high)), 40 + k as u64));
        }
        for i in 0..cases() {
            let seed = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 7);
            jobs.push((l, fit(Params::random(l.params(), seed)), seed));
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((l, p, seed)) = jobs.get(i) else { return };
                if let Err(f) = one_case(*l, p, *seed) {
                    failures.lock().unwrap().push(f);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a worker panicked");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n")
    );
}

/// Ten threads that each take a Lock and then take it again: the first to
/// get it waits on itself, the others on it. Found by the test above: the
/// interpreter records a thread's GIL release when the next thread takes
/// the GIL, after the thread has blocked on the Lock, and the page took
/// that release for the end of the wait, so the deadlock went unseen
/// (and, with every waiter dropping the GIL on request, none took it).
#[test]
fn a_self_deadlock_among_ten_threads_is_seen_whatever_the_gil_hand_overs() {
    let src = "import threading, time\nmutex = threading.Lock()\nclass T(threading.Thread):\n    def run(self):\n        if mutex.acquire(1):\n            time.sleep(0)\n            mutex.acquire()\n            mutex.release()\n        mutex.release()\nfor i in range(10):\n    T().start()\n";
    for seed in 0..8 {
        let program = lockstep_python::compile(src, "prog.py").unwrap();
        let out = Arc::new(Output::new(Arc::new(Capture::default()), 1 << 20));
        let config = RunConfig {
            seed,
            ..RunConfig::default()
        };
        let opts = RunOptions {
            seed,
            speed: 10.0,
            ..Default::default()
        };
        let run = Run::start(shared_pool(), opts, move |ctx| {
            lockstep_python::run_main(ctx, program, out, config);
            Ok(())
        })
        .unwrap();
        let mut follow = Follow::default();
        let start = Instant::now();
        while !follow.deadlocked() {
            follow.poll(&run);
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "seed {seed}: no deadlock seen"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        run.abort();
        while !follow.poll(&run).1 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    assert_eq!(PANICS.load(Ordering::SeqCst), 0);
}
