//! Issue 13: Python threads on real workers, the GIL's two modes, thread
//! failures and stopping. Each test asserts only what is deterministic.

use lockstep_core::run::Workers;
use lockstep_python::native::{pool, run_source, shared_pool, NativeRun, PANICS};
use lockstep_python::{Capture, RunConfig};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

fn run_with(src: &str, config: RunConfig, limit: Duration) -> (NativeRun, String, String) {
    run_on(shared_pool(), src, config, limit)
}

fn run_on(
    workers: Arc<Workers>,
    src: &str,
    config: RunConfig,
    limit: Duration,
) -> (NativeRun, String, String) {
    let cap = Arc::new(Capture::default());
    let r = run_source(workers, src, "prog.py", cap.clone(), config, 1.0, Some(limit));
    let out = cap.out.lock().map(|s| s.clone()).unwrap_or_default();
    let err = cap.err.lock().map(|s| s.clone()).unwrap_or_default();
    (r, out, err)
}

fn gil(on: bool) -> RunConfig {
    RunConfig {
        gil: on,
        ..RunConfig::default()
    }
}

/// The program: four threads, `n += 1` 100,000 times each on a
/// global. CPython 3.11 prints 400000 in 60 of 60 runs (measured here).
const COUNTER: &str = "\
import threading
n = 0
def work():
    global n
    for i in range(100000):
        n += 1
ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(n)
";

#[test]
fn gil_counter_never_loses_an_update() {
    for i in 0..20 {
        let (r, out, err) = run_with(COUNTER, gil(true), Duration::from_secs(120));
        assert_eq!(r.outcome.exit_code, 0, "run {i}: {err}");
        assert_eq!(out, "400000\n", "run {i}");
    }
    assert_eq!(PANICS.load(Ordering::SeqCst), 0);
}

#[test]
fn free_threaded_counter_loses_updates() {
    // Without the GIL the load and the store of `n += 1` race on real OS
    // threads. Bounded: on 2+ cores a lost update shows in the first runs.
    let mut seen = Vec::new();
    for _ in 0..30 {
        let (r, out, err) = run_with(COUNTER, gil(false), Duration::from_secs(120));
        assert_eq!(r.outcome.exit_code, 0, "{err}");
        let n: i64 = out.trim().parse().unwrap_or(-1);
        assert!((100_000..=400_000).contains(&n), "got {out:?}");
        seen.push(n);
        if n < 400_000 {
            break;
        }
    }
    assert!(
        seen.iter().any(|n| *n < 400_000),
        "no lost update in {} free-threaded runs: {seen:?}",
        seen.len()
    );
}

#[test]
fn uncaught_exception_in_thread_is_reported_and_program_goes_on() {
    let src = "\
import threading
def work():
    raise ValueError('boom')
t = threading.Thread(target=work)
t.start()
t.join()
print('after', t.is_alive())
";
    for mode in [true, false] {
        let (r, out, err) = run_with(src, gil(mode), Duration::from_secs(30));
        assert_eq!(r.outcome.exit_code, 0);
        assert_eq!(out, "after False\n");
        assert!(
            err.starts_with("Exception in thread Thread-1 (work):\nTraceback"),
            "{err}"
        );
        assert!(err.ends_with("ValueError: boom\n"), "{err}");
    }
}

#[test]
fn main_waits_for_non_daemon_threads_and_not_for_daemons() {
    let src = "\
import threading, time
def slow():
    time.sleep(0.05)
    print('worker done')
def forever():
    while True:
        time.sleep(0.01)
threading.Thread(target=forever, daemon=True).start()
threading.Thread(target=slow).start()
print('main done')
";
    let (r, out, _) = run_with(src, gil(true), Duration::from_secs(30));
    assert_eq!(r.outcome.exit_code, 0);
    assert!(!r.timed_out);
    assert_eq!(out, "main done\nworker done\n");
}

#[test]
fn deadlock_and_busy_threads_stop_on_abort() {
    let deadlock = "\
import threading, time
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        time.sleep(0.1)
        with b:
            pass
def two():
    with b:
        time.sleep(0.1)
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start(); t2.start(); t1.join(); t2.join()
";
    let spin = "\
import threading
def spin():
    while True:
        pass
threading.Thread(target=spin).start()
while True:
    pass
";
    // A pool of its own: the other tests of this binary run meanwhile. (The
    // sleeps are 0.1 s: at 0.01 s, a loaded machine once started `two`
    // after `one` had taken both locks, and nothing deadlocked.)
    let workers = pool(8);
    for src in [deadlock, spin] {
        for mode in [true, false] {
            let (r, _, _) = run_on(workers.clone(), src, gil(mode), Duration::from_millis(300));
            assert!(r.timed_out);
            assert_eq!(r.outcome.exit_code, 130);
        }
    }
    // Every worker was given back.
    for _ in 0..200 {
        if workers.busy() == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(workers.busy(), 0);
    assert_eq!(PANICS.load(Ordering::SeqCst), 0);
}

#[test]
fn queue_and_primitives() {
    let src = "\
import threading, queue
q = queue.Queue(maxsize=2)
out = []
def producer():
    for i in range(10):
        q.put(i)
    q.put(None)
def consumer():
    while True:
        x = q.get()
        q.task_done()
        if x is None:
            break
        out.append(x)
p = threading.Thread(target=producer); c = threading.Thread(target=consumer)
p.start(); c.start(); q.join(); p.join(); c.join()
print(out)
try:
    q.get(timeout=0.01)
except queue.Empty as e:
    print('Empty', repr(str(e)))
pq = queue.PriorityQueue()
for x in [5, 1, 4, 2]:
    pq.put(x)
print([pq.get() for _ in range(4)])
lq = queue.LifoQueue()
for x in 'abc':
    lq.put(x)
print(lq.get(), lq.qsize(), lq.empty(), lq.full())
r = threading.RLock()
def other():
    try:
        r.release()
    except RuntimeError as e:
        print(e)
with r:
    with r:
        t = threading.Thread(target=other); t.start(); t.join()
l = threading.Lock()
print(l.acquire(), l.acquire(timeout=0.01), l.locked())
l.release()
e = threading.Event()
print(e.wait(0.01), e.is_set())
print(threading.current_thread().name, threading.main_thread().name, threading.active_count())
";
    let want = "\
[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
Empty ''
[1, 2, 4, 5]
c 2 False False
cannot release un-acquired lock
True False True
False False
MainThread MainThread 1
";
    for mode in [true, false] {
        let (r, out, err) = run_with(src, gil(mode), Duration::from_secs(30));
        assert_eq!(r.outcome.exit_code, 0, "{err}");
        assert_eq!(out, want);
    }
}

/// A smaller counter whose trace fits the recorder: every load and store
/// of `n` is an event with its line and column; the happens-before
/// validator accepts the trace in both modes; without the GIL the trace
/// itself shows the lost updates (a store that overwrote a value other
/// than the one its thread loaded).
#[test]
fn global_accesses_are_traced_with_positions() {
    use lockstep_core::trace::{Meta, ObjKind, Op, Phase};
    let src = COUNTER.replace("range(100000)", "range(2000)");
    let src = src.as_str();
    for mode in [true, false] {
        let mut lost_seen = false;
        for _attempt in 0..20 {
            let (r, out, err) = run_with(src, gil(mode), Duration::from_secs(60));
            assert_eq!(r.outcome.exit_code, 0, "{err}");
            let log = &r.log;
            assert_eq!(log.dropped, 0, "events dropped");
            let violations = lockstep_core::validate::check(log);
            assert!(violations.is_empty(), "{violations:?}");
            let n_obj = log
                .metas
                .iter()
                .find_map(|m| match m {
                    Meta::Object {
                        id,
                        kind: ObjKind::Value,
                        name,
                        ..
                    } if name == "n" => Some(*id),
                    _ => None,
                })
                .expect("an object for the global n");
            let evs: Vec<_> = log
                .events
                .iter()
                .filter(|e| e.obj == n_obj && e.phase == Phase::Done)
                .collect();
            let loads = evs.iter().filter(|e| e.op == Op::Load).count();
            let stores = evs.iter().filter(|e| e.op == Op::Store).count();
            // The module's `n = 0`, 8000 `n += 1` (a load and a store), print(n).
            assert_eq!(stores, 8001);
            assert_eq!(loads, 8001);
            // `n += 1` is at line 6, column 9.
            assert!(evs
                .iter()
                .filter(|e| e.op == Op::Store)
                .skip(1)
                .all(|e| e.pos_line() == 6 && e.pos_col() == 9));
            // Lost updates: per thread, the value loaded before each store.
            let mut last_load = std::collections::HashMap::new();
            let mut lost = 0;
            for e in &evs {
                match e.op {
                    Op::Load => {
                        last_load.insert(e.tid, e.value);
                    }
                    Op::Store => {
                        if let Some(l) = last_load.get(&e.tid) {
                            if *l != e.aux {
                                lost += 1;
                            }
                        }
                    }
                    _ => {}
                }
            }
            let final_n: i64 = out.trim().parse().unwrap_or(-1);
            if mode {
                assert_eq!(final_n, 8000);
                assert_eq!(lost, 0);
                break;
            }
            if lost > 0 {
                assert!(final_n < 8000 || lost > 0);
                lost_seen = true;
                break;
            }
        }
        if !mode {
            assert!(
                lost_seen,
                "no lost update seen in the trace in 20 free-threaded runs"
            );
        }
    }
}

/// Under the GIL the store of `n += 1` takes its load's time (no other
/// thread runs Python between them, and only an add is between: the clock
/// is read once, `vm/stamp.rs`); the next turn's load, after the jump back,
/// reads it again. Free-threaded, another thread's access may fall between
/// the two, so each reads the clock.
#[test]
fn a_load_and_its_store_share_a_time_only_under_the_gil() {
    use lockstep_core::trace::{Op, Phase};
    let src = COUNTER.replace("range(100000)", "range(2000)");
    for mode in [true, false] {
        let (r, _out, err) = run_with(&src, gil(mode), Duration::from_secs(60));
        assert_eq!(r.outcome.exit_code, 0, "{err}");
        assert!(lockstep_core::validate::check(&r.log).is_empty());
        let evs = &r.log.events;
        // Per thread, each store of line 6 beside the load before it.
        let mut last_load = std::collections::HashMap::new();
        let mut last_store = std::collections::HashMap::new();
        let (mut pairs, mut shared, mut next_fresh, mut after_store) = (0, 0, 0, 0);
        for (i, e) in evs.iter().enumerate() {
            if e.phase != Phase::Done || e.pos_line() != 6 {
                continue;
            }
            match e.op {
                Op::Load => {
                    if let Some(&t) = last_store.get(&e.tid) {
                        after_store += 1;
                        next_fresh += (e.t_real > t) as u32;
                    }
                    last_load.insert(e.tid, i);
                }
                Op::Store => {
                    if let Some(l) = last_load.remove(&e.tid) {
                        pairs += 1;
                        // The finished log is made monotone (`TraceLog::sort`):
                        // an event another thread recorded between the two
                        // (the main thread waking from a join, which needs no
                        // GIL) lifts a shared time to its own.
                        let floor = evs[l..i].iter().map(|x| x.t_real).max().unwrap_or(0);
                        shared += (e.t_real == floor) as u32;
                    }
                    last_store.insert(e.tid, e.t_real);
                }
                _ => {}
            }
        }
        assert_eq!(pairs, 8000, "gil {mode}");
        if mode {
            assert_eq!(shared, pairs, "under the GIL every store takes its load's time");
        } else {
            // Read off a nanosecond clock 50-odd ns apart: equal at most
            // by the odd coincidence.
            assert!(shared < pairs / 2, "free-threaded: {shared} of {pairs} shared");
        }
        // A turn's load reads the clock again (`for` jumps back between).
        assert!(
            next_fresh * 2 > after_store,
            "{next_fresh} of {after_store} fresh"
        );
    }
}

/// An add that runs a built-in as a dunder pushes no frame, yet may take
/// any time: the store after it reads the clock again (`vm/stamp.rs`).
/// Here `0 + c` scans a million-item list. (Lockstep binds a built-in
/// found on the class as a method, so it calls `index(c, 0)` where
/// CPython calls `index(0)`; a known difference, noted on issue 17. The
/// list holds `c` last so both scan it; only the times are asserted.)
#[test]
fn an_add_that_calls_a_builtin_does_not_share_the_time_before_it() {
    use lockstep_core::trace::Op;
    let src = "\
class C:
    pass
c = C()
C.__radd__ = ([0] * 1000000 + [c]).index
n = 0
n += c
";
    let (r, _out, err) = run_with(src, gil(true), Duration::from_secs(60));
    assert_eq!(r.outcome.exit_code, 0, "{err}");
    let line6: Vec<_> = r.log.events.iter().filter(|e| e.pos_line() == 6).collect();
    let t = |op: Op| {
        line6
            .iter()
            .filter(|e| e.op == op)
            .map(|e| e.t_real)
            .max()
            .unwrap_or(0)
    };
    assert_eq!(line6.iter().filter(|e| e.op == Op::Store).count(), 1);
    assert!(
        t(Op::Store) > t(Op::Load),
        "the store after a million-item scan has its own time: load {} ns, store {} ns",
        t(Op::Load),
        t(Op::Store)
    );
}

/// A step lets one traced operation through: `n += 1` can be paused
/// between its load and its store.
#[test]
fn a_step_stops_between_the_load_and_the_store_of_an_augmented_assignment() {
    use lockstep_core::run::{Run, RunOptions};
    use lockstep_core::trace::{Op, TraceLog};
    use lockstep_python::output::Output;
    let src = "n = 0\nn += 1\nprint(n)\n";
    let program = lockstep_python::compile(src, "prog.py").expect("compiles");
    let cap = Arc::new(Capture::default());
    let out = Arc::new(Output::new(cap.clone(), 1 << 20));
    let opts = RunOptions {
        start_paused: true,
        ..Default::default()
    };
    let run = Run::start(shared_pool(), opts, move |ctx| {
        lockstep_python::run_main(ctx, program, out, RunConfig::default());
        Ok(())
    })
    .expect("starts");
    let mut log = TraceLog::default();
    let held = |run: &Run| {
        for _ in 0..500 {
            if run.held_at_checkpoint() >= 1 || run.is_done() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    };
    let line2 = |log: &TraceLog, op: Op| {
        log.events
            .iter()
            .filter(|e| e.op == op && e.pos_line() == 2)
            .count()
    };
    let mut between = false;
    for _ in 0..20 {
        held(&run);
        std::thread::sleep(Duration::from_millis(10));
        run.drain_into(&mut log);
        if line2(&log, Op::Load) == 1 && line2(&log, Op::Store) == 0 {
            between = true;
            assert!(!run.is_done());
        }
        if run.is_done() {
            break;
        }
        run.step(None);
        std::thread::sleep(Duration::from_millis(10));
    }
    run.resume();
    for _ in 0..500 {
        if run.is_done() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(run.is_done());
    run.drain_into(&mut log);
    assert!(between, "never paused between the load and the store");
    assert_eq!(line2(&log, Op::Store), 1);
    // The store's time is read off the clock after the hold, not shared
    // with the load (vm/stamp.rs): held at least the 10 ms slept above.
    let t = |op: Op| {
        log.events
            .iter()
            .find(|e| e.op == op && e.pos_line() == 2)
            .map(|e| e.t_real)
            .unwrap_or(0)
    };
    assert!(
        t(Op::Store) >= t(Op::Load) + 10_000_000,
        "the store after a step is stamped when it happened: load {} ns, store {} ns",
        t(Op::Load),
        t(Op::Store)
    );
    assert_eq!(cap.out.lock().map(|s| s.clone()).unwrap_or_default(), "1\n");
}

/// Attributes of shared instances and items of shared lists and dicts are
/// traced like globals (issue 13): once a second thread touches the
/// object, each `+=` is a load and a store at the learner's position, in
/// the real order. With the GIL nothing is lost (no eval-breaker point in
/// `x.a += 1`, as in CPython 3.11); free-threaded, updates are lost and
/// the trace shows where.
#[test]
fn shared_attributes_and_items_are_traced() {
    use lockstep_core::trace::{Meta, ObjKind, Op, Phase};
    let src = "\
import threading
class Account:
    def __init__(self):
        self.balance = 0
acct = Account()
counts = [0, 0]
tally = {'n': 0}
def work():
    for _ in range(2000):
        acct.balance += 1
        counts[0] += 1
        tally['n'] += 1
ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(acct.balance, counts, tally)
";
    for gil_on in [true, false] {
        let mut lost_seen = false;
        for _attempt in 0..10 {
            let (r, out, err) = run_with(src, gil(gil_on), Duration::from_secs(60));
            assert_eq!(r.outcome.exit_code, 0, "{err}");
            if gil_on {
                assert_eq!(out, "4000 [4000, 0] {'n': 4000}\n");
            }
            let log = &r.log;
            assert_eq!(log.dropped, 0);
            let violations = lockstep_core::validate::check(log);
            assert!(violations.is_empty(), "{violations:?}");
            for (name, line, col, final_loads) in [
                ("Account.balance", 10, 9, 1),
                ("list[0]", 11, 9, 0),
                ("dict[\"n\"]", 12, 9, 0),
            ] {
                let ids: Vec<u32> = log
                    .metas
                    .iter()
                    .filter_map(|m| match m {
                        Meta::Object {
                            id,
                            kind: ObjKind::Value,
                            name: n,
                            ..
                        } if n == name => Some(*id),
                        _ => None,
                    })
                    .collect();
                assert_eq!(ids.len(), 1, "one traced object for {name}");
                let evs: Vec<_> = log
                    .events
                    .iter()
                    .filter(|e| e.obj == ids[0] && e.phase == Phase::Done)
                    .collect();
                let stores: Vec<_> = evs.iter().filter(|e| e.op == Op::Store).collect();
                // The value the main thread set untraced, recorded when a
                // second thread first touched it; then 4000 `+=`.
                assert_eq!(stores.len(), 4001, "{name}");
                assert_eq!(
                    evs.iter().filter(|e| e.op == Op::Load).count(),
                    4000 + final_loads,
                    "{name}"
                );
                assert!(
                    stores
                        .iter()
                        .skip(1)
                        .all(|e| e.pos_line() == line && e.pos_col() == col),
                    "{name}"
                );
                let mut last = std::collections::HashMap::new();
                for e in &evs {
                    match e.op {
                        Op::Load => {
                            last.insert(e.tid, e.value);
                        }
                        Op::Store if last.get(&e.tid).is_some_and(|l| *l != e.aux) => {
                            lost_seen = true;
                            assert!(!gil_on, "{name}: an update lost under the GIL");
                        }
                        _ => {}
                    }
                }
            }
            if gil_on || lost_seen {
                break;
            }
        }
        assert_eq!(lost_seen, !gil_on, "free-threaded: some update lost in 10 runs");
    }
}

/// Objects only one thread uses are not traced: locals stay fast.
#[test]
fn unshared_objects_are_not_traced() {
    let src = "\
class P:
    def __init__(self):
        self.x = 0
p = P()
xs = [0]
for _ in range(1000):
    p.x += 1
    xs[0] += 1
print(p.x, xs)
";
    let (r, out, err) = run_with(src, gil(true), Duration::from_secs(30));
    assert_eq!(r.outcome.exit_code, 0, "{err}");
    assert_eq!(out, "1000 [1000]\n");
    // Only the globals p and xs are traced: 2 stores, 2000 + 2 loads...
    let loads = r
        .log
        .events
        .iter()
        .filter(|e| e.op == lockstep_core::trace::Op::Load)
        .count();
    assert!(
        loads < 2100,
        "{loads} loads: the attribute and the item were traced"
    );
}

/// One definition of lost updates everywhere (issue 18): for `n += 1`
/// from four threads without the GIL, the page's count of lost updates
/// is exactly what the total is short of.
#[test]
fn lost_updates_count_exactly_what_the_total_is_short_of() {
    let src = COUNTER.replace("range(100000)", "range(3000)");
    let mut seen = false;
    for _ in 0..10 {
        let (r, out, err) = run_with(&src, gil(false), Duration::from_secs(60));
        assert_eq!(r.outcome.exit_code, 0, "{err}");
        assert_eq!(r.log.dropped, 0);
        let total: usize = out.trim().parse().expect("a count");
        let view = lockstep_core::reduce::View::of(&r.log);
        assert_eq!(total + view.lost_updates(), 12_000, "total {total}");
        seen |= total < 12_000;
        if seen {
            break;
        }
    }
    assert!(seen, "free-threaded: no update lost in 10 runs");
}

/// Under the GIL, Steps of one chosen thread run it, whoever held the GIL
/// when the run was paused: a parked thread lets the GIL go where CPython
/// could have switched (`gil::ParkGil`), and one parked between a load
/// and its store keeps it until its next eval breaker (the page then
/// steps any thread, as its Step does, to get there). Before, a Step of
/// a thread that did not hold the GIL waited forever. And nothing is lost:
/// the GIL still switches only where CPython 3.11 does.
#[test]
fn under_the_gil_a_step_of_a_chosen_thread_runs_it() {
    use lockstep_core::follow::Follow;
    use lockstep_core::run::{Run, RunOptions};
    use lockstep_python::output::Output;
    let src = "import threading\nx = 0\ndef work():\n    global x\n    for _ in range(4):\n        x += 1\n\
               ts = [threading.Thread(target=work) for _ in range(2)]\nfor t in ts:\n    t.start()\n\
               for t in ts:\n    t.join()\nprint(x)\n";
    for round in 0..5 {
        let program = lockstep_python::compile(src, "prog.py").expect("compiles");
        let cap = Arc::new(Capture::default());
        let out = Arc::new(Output::new(cap.clone(), 1 << 20));
        let opts = RunOptions {
            start_paused: true,
            ..Default::default()
        };
        let run = Run::start(shared_pool(), opts, move |ctx| {
            lockstep_python::run_main(ctx, program, out, gil(true));
            Ok(())
        })
        .expect("starts");
        let mut f = Follow::default();
        let wait = |f: &mut Follow, what: &str, until: &dyn Fn(&Follow) -> bool| {
            let start = std::time::Instant::now();
            while !until(f) {
                assert!(start.elapsed() < Duration::from_secs(10), "round {round}: {what}");
                f.poll(&run);
                std::thread::sleep(Duration::from_millis(1));
            }
        };
        // Any-thread steps until both workers exist.
        let both = |f: &Follow| {
            f.view
                .lanes
                .values()
                .filter(|l| l.name.starts_with("Thread-"))
                .count()
                == 2
        };
        while !both(&f) {
            run.step(None);
            wait(&mut f, "a step is taken", &|_| !run.step_pending());
            f.poll(&run);
        }
        let tid = |f: &Follow, n: &str| f.view.lanes.values().find(|l| l.name.starts_with(n)).unwrap().tid;
        // Thread-2 alone, step by step, until its four stores are done.
        let t2 = tid(&f, "Thread-2");
        let stores = |f: &Follow| {
            f.drain
                .log
                .events
                .iter()
                .filter(|e| e.tid == t2 && e.op == lockstep_core::trace::Op::Store)
                .count()
        };
        // As the page's Step does: the chosen thread, and any thread when
        // the chosen one took its step but could not run (it waits for the
        // GIL a thread mid-statement holds).
        // Every press targets Thread-2 (as a press on its lane does); one
        // that Thread-2 cannot take in 200 ms lets any thread go once. (An
        // earlier version kept stepping any thread after a Thread-2 step
        // that recorded nothing, and Thread-2 could lose every race: a
        // clean-clone CI run saw 200 steps and no store.)
        let mut steps = 0;
        while stores(&f) < 4 {
            assert!(
                steps < 400,
                "round {round}: 400 steps and {} stores of Thread-2",
                stores(&f)
            );
            run.step(Some(t2));
            let start = std::time::Instant::now();
            while run.step_pending() && start.elapsed() < Duration::from_millis(200) {
                std::thread::sleep(Duration::from_millis(1));
            }
            if run.step_pending() {
                // Not taken: another thread holds the GIL mid-statement.
                run.step(None);
                let start = std::time::Instant::now();
                while run.step_pending() && start.elapsed() < Duration::from_millis(200) {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            std::thread::sleep(Duration::from_millis(2));
            f.poll(&run);
            steps += 1;
        }
        run.resume();
        wait(&mut f, "the run ends", &|_| run.is_done());
        f.poll(&run);
        assert_eq!(cap.out.lock().map(|s| s.clone()).unwrap_or_default(), "8\n");
    }
}
