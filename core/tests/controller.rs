//! The run controller and trace invariants under stress, on real threads.

mod support;

use lockstep_core::reduce::{waitfor, View};
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::sync::{Lock, Queue, Semaphore, Value};
use lockstep_core::trace::{Op, Phase, TraceLog};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use support::{exec, fast, pool_of, run};

const THREADS: usize = 16;

fn spawn_n(
    ctx: &lockstep_core::Ctx,
    n: usize,
    f: impl Fn(&lockstep_core::Ctx, usize) -> lockstep_core::Result<()> + Send + Sync + Clone + 'static,
) -> lockstep_core::Result<()> {
    let hs = (0..n)
        .map(|i| {
            let f = f.clone();
            ctx.spawn(None, move |c| f(c, i))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for h in hs {
        h.join(ctx)?;
    }
    Ok(())
}

#[test]
fn lock_holds_never_overlap_and_every_acquire_is_released() {
    for _ in 0..5 {
        let log = run(fast(), |ctx| {
            let lock = Lock::new(ctx, "lock");
            spawn_n(ctx, THREADS, move |c, _| {
                for _ in 0..50 {
                    lock.acquire(c)?;
                    lock.release(c)?;
                }
                Ok(())
            })
        });
        assert_eq!(log.dropped, 0);
        let view = View::of(&log);
        let l = view.locks.values().next().unwrap();
        assert_eq!(l.holds.len(), THREADS * 50);
        assert!(l.holder.is_none(), "every acquire ended in a release");
        let mut holds = l.holds.clone();
        holds.sort_by_key(|h| h.1);
        for w in holds.windows(2) {
            assert!(w[0].2 <= w[1].1, "holds overlap: {:?} and {:?}", w[0], w[1]);
        }
        // Per event order too: acquire/release strictly alternate.
        let mut held = false;
        for e in log.events.iter().filter(|e| e.obj == 1 && e.phase == Phase::Done) {
            match e.op {
                Op::Acquire => {
                    assert!(!held);
                    held = true
                }
                Op::Release => {
                    assert!(held);
                    held = false
                }
                _ => {}
            }
        }
    }
}

#[test]
fn queue_is_fifo_under_many_producers_and_consumers() {
    for _ in 0..5 {
        let log = run(fast(), |ctx| {
            let q: Queue<i64> = Queue::new(ctx, "q", 4);
            let producers = 8;
            let per = 40;
            let mut hs = Vec::new();
            for p in 0..producers {
                let q = q.clone();
                hs.push(ctx.spawn(None, move |c| {
                    for i in 0..per {
                        q.put(c, (p * 1000 + i) as i64)?;
                    }
                    Ok(())
                })?);
            }
            for _ in 0..8 {
                let q = q.clone();
                hs.push(ctx.spawn(None, move |c| {
                    for _ in 0..per {
                        q.get(c)?;
                    }
                    Ok(())
                })?);
            }
            for h in hs {
                h.join(ctx)?;
            }
            Ok(())
        });
        // Items leave in exactly the order they entered.
        let puts: Vec<i64> = log
            .events
            .iter()
            .filter(|e| e.op == Op::Put && e.phase == Phase::Done)
            .map(|e| e.value)
            .collect();
        let gets: Vec<i64> = log
            .events
            .iter()
            .filter(|e| e.op == Op::Get && e.phase == Phase::Done)
            .map(|e| e.value)
            .collect();
        assert_eq!(puts.len(), 320);
        assert_eq!(puts, gets);
        // Each producer's items stay in its own order.
        for p in 0..8 {
            let mine: Vec<i64> = gets.iter().copied().filter(|v| v / 1000 == p).collect();
            assert!(mine.windows(2).all(|w| w[0] < w[1]));
        }
        // Depth never exceeds maxsize.
        let view = View::of(&log);
        assert!(view
            .queues
            .values()
            .next()
            .unwrap()
            .depth
            .iter()
            .all(|(_, d)| *d <= 4));
    }
}

#[test]
fn semaphore_count_is_never_exceeded() {
    for _ in 0..5 {
        let log = run(fast(), |ctx| {
            let s = Semaphore::new(ctx, "s", 3, false);
            spawn_n(ctx, THREADS, move |c, _| {
                for _ in 0..10 {
                    s.acquire(c)?;
                    c.sleep(0.005)?;
                    s.release(c)?;
                }
                Ok(())
            })
        });
        let mut inside: i64 = 0;
        let mut most = 0;
        for e in &log.events {
            match (e.op, e.phase) {
                (Op::Acquire, Phase::Done) => inside += 1,
                (Op::Release, Phase::Done) => inside -= 1,
                _ => {}
            }
            most = most.max(inside);
            assert!(inside <= 3);
        }
        assert_eq!(inside, 0);
        assert!(most >= 2, "threads really overlapped inside ({most})");
    }
}

/// Lessons' L4 without a lock and with a gap between read and write: two
/// threads that both read before either writes really lose an update.
#[test]
fn lost_updates_happen_without_the_lock_and_never_with_it() {
    let body = |locked: bool| {
        move |ctx: &lockstep_core::Ctx| {
            let v = Value::new(ctx, "v", 0);
            let lock = Lock::new(ctx, "l");
            spawn_n(ctx, 4, move |c, i| {
                for _ in 0..5 {
                    if locked {
                        lock.acquire(c)?;
                    }
                    v.add(c, i as i64 + 1, 0.02)?;
                    if locked {
                        lock.release(c)?;
                    }
                }
                Ok(())
            })
        }
    };
    let expected = (1 + 2 + 3 + 4) * 5;
    let mut lost_total = 0;
    for _ in 0..5 {
        let log = run(fast(), body(false));
        let view = View::of(&log);
        let v = view.values.values().next().unwrap();
        lost_total += v.lost.len();
        // Each lost update is a real shortfall of the final value... or a
        // later write overwrote the damage; either way final <= expected.
        assert!(v.value <= expected);
        if !v.lost.is_empty() {
            assert!(v.value < expected || v.lost.len() > 1);
        }
    }
    assert!(lost_total > 0, "no lost update in 5 racy runs");
    for _ in 0..5 {
        let log = run(fast(), body(true));
        let view = View::of(&log);
        let v = view.values.values().next().unwrap();
        assert_eq!(v.lost.len(), 0);
        assert_eq!(v.value, expected);
    }
}

fn wait_done(run: &Run, log: &mut TraceLog, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        run.drain_into(log);
        if run.is_done() {
            run.drain_into(log);
            log.sort();
            return true;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    false
}

#[test]
fn abort_frees_a_deadlocked_run_within_100ms_100_times_on_the_same_workers() {
    let pool = pool_of(4);
    let mut workers_seen = BTreeSet::new();
    let mut slowest = Duration::ZERO;
    for _ in 0..100 {
        let run = Run::start(pool.clone(), fast(), |ctx| {
            // Two threads, two locks, opposite order: a classic deadlock,
            // plus the main thread re-acquiring a Lock it holds.
            let (a, b) = (Lock::new(ctx, "a"), Lock::new(ctx, "b"));
            // Both hold their first lock before either reaches for the second.
            let both = lockstep_core::sync::Barrier::new(ctx, "both", 2);
            let both2 = both.clone();
            let (a2, b2) = (a.clone(), b.clone());
            ctx.spawn(None, move |c| {
                a2.acquire(c)?;
                both.wait(c)?;
                b2.acquire(c)
            })?;
            let (a3, b3) = (a.clone(), b.clone());
            ctx.spawn(None, move |c| {
                b3.acquire(c)?;
                both2.wait(c)?;
                a3.acquire(c)
            })?;
            let me = Lock::new(ctx, "mine");
            me.acquire(ctx)?;
            me.acquire(ctx)
        })
        .unwrap();
        let mut log = TraceLog::default();
        // Wait until the deadlock is visible in the reduced state, applying
        // new events as they arrive (as the page does).
        support::until_deadlock(&run, &mut log, 3, Duration::from_secs(10));
        let t = Instant::now();
        run.abort();
        assert!(
            wait_done(&run, &mut log, Duration::from_secs(5)),
            "abort did not free the run"
        );
        slowest = slowest.max(t.elapsed());
        // Done means no worker holds the run any more: its trace buffers
        // are freed when the page drops its handle, before the next run.
        assert_eq!(std::sync::Arc::strong_count(run.shared()), 1);
        workers_seen.extend(log.threads().map(|t| t.2));
    }
    assert!(
        slowest < Duration::from_millis(100),
        "slowest abort took {slowest:?}"
    );
    // 300 lesson threads ran on the same 4 real threads.
    assert!(workers_seen.len() <= 4, "workers: {workers_seen:?}");
}

#[test]
fn deadlock_is_detected_with_its_cycle_and_explained() {
    let run = Run::start(exec(), fast(), |ctx| {
        let l = Lock::new(ctx, "mutex");
        l.acquire(ctx)?;
        l.acquire(ctx)
    })
    .unwrap();
    let mut log = TraceLog::default();
    let start = Instant::now();
    let d = loop {
        run.drain_into(&mut log);
        let view = View::of(&log);
        if let Some(d) = waitfor::find_deadlock(&view) {
            break (
                d,
                waitfor::explain(&view, &waitfor::find_deadlock(&view).unwrap()),
            );
        }
        assert!(start.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(1));
    };
    assert_eq!(d.0.cycle, vec![1]);
    assert!(d.1.contains("MainThread is waiting to acquire mutex"), "{}", d.1);
    run.abort();
    assert!(wait_done(&run, &mut log, Duration::from_secs(5)));
}

/// Drains what is new and counts it, without keeping the whole trace.
struct Tally {
    prints: usize,
    last_print_tid: u32,
    main_joined: bool,
}

impl Tally {
    fn drain(&mut self, run: &Run) {
        let mut fresh = TraceLog::default();
        run.drain_into(&mut fresh);
        for e in &fresh.events {
            if e.op == Op::Print {
                self.prints += 1;
                self.last_print_tid = e.tid;
            }
            if e.tid == 1 && e.op == Op::Join && e.phase == Phase::Blocked {
                self.main_joined = true;
            }
        }
    }
}

#[test]
fn pause_holds_every_thread_and_step_releases_exactly_one_operation() {
    for _ in 0..3 {
        // Start paused: MainThread waits at its first checkpoint.
        let opts = RunOptions {
            speed: 10.0,
            start_paused: true,
            ..Default::default()
        };
        let run = Run::start(exec(), opts, |ctx| {
            spawn_n(ctx, 4, |c, _| {
                for _ in 0..1000 {
                    c.print("tick")?;
                }
                Ok(())
            })
        })
        .unwrap();
        let mut t = Tally {
            prints: 0,
            last_print_tid: 0,
            main_joined: false,
        };
        // Step MainThread alone through its four spawns and into join.
        let start = Instant::now();
        while !t.main_joined {
            run.step(Some(1));
            std::thread::sleep(Duration::from_millis(2));
            t.drain(&run);
            assert!(start.elapsed() < Duration::from_secs(10), "main never joined");
        }
        // The four printers are each parked at their first print.
        while run.held_at_checkpoint() < 4 {
            t.drain(&run);
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "threads did not park: held {}",
                run.held_at_checkpoint()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(t.prints, 0, "nothing ran while paused");
        std::thread::sleep(Duration::from_millis(50));
        t.drain(&run);
        assert_eq!(t.prints, 0, "nothing happens while paused");
        for k in 1..=5 {
            run.step(None);
            let start = Instant::now();
            // The step is consumed, then all four are parked again.
            loop {
                t.drain(&run);
                if t.prints == k && run.held_at_checkpoint() == 4 {
                    break;
                }
                assert!(t.prints <= k, "a step let more than one operation through");
                assert!(
                    start.elapsed() < Duration::from_secs(5),
                    "step did not release an operation"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(10));
            t.drain(&run);
            assert_eq!(t.prints, k, "a step let more than one operation through");
        }
        // A step aimed at one thread releases that thread.
        for tid in 2..=5u32 {
            let want = t.prints + 1;
            run.step(Some(tid));
            let start = Instant::now();
            while t.prints != want {
                t.drain(&run);
                assert!(
                    start.elapsed() < Duration::from_secs(5),
                    "targeted step did not run"
                );
            }
            assert_eq!(t.last_print_tid, tid);
        }
        // Resume: everything runs to the end.
        run.resume();
        let start = Instant::now();
        while !run.is_done() {
            t.drain(&run);
            assert!(start.elapsed() < Duration::from_secs(10), "resume did not resume");
        }
        t.drain(&run);
        assert_eq!(t.prints, 4000);
        assert_eq!(run.dropped(), 0);
    }
}

#[test]
fn speed_scales_sleeps_and_can_change_mid_run() {
    // 2 s of demo sleep at 10x is 0.2 s of real time.
    let start = Instant::now();
    let log = run(
        RunOptions {
            speed: 10.0,
            ..Default::default()
        },
        |ctx| ctx.sleep(2.0),
    );
    let real = start.elapsed();
    let end = log
        .events
        .iter()
        .find(|e| e.op == Op::Sleep && e.phase == Phase::End)
        .unwrap();
    assert!(end.t_demo >= 2_000_000_000);
    assert!(
        real < Duration::from_millis(1500),
        "10x sleep of 2 s took {real:?}"
    );
    assert!(real >= Duration::from_millis(190));

    // Mid-run: start at 0.1x (a 1 s sleep would take 10 s), switch to 10x.
    let run = Run::start(
        exec(),
        RunOptions {
            speed: 0.1,
            ..Default::default()
        },
        |ctx| ctx.sleep(1.0),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    run.set_speed(10.0);
    let mut log = TraceLog::default();
    assert!(wait_done(&run, &mut log, Duration::from_secs(5)));
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "speed change did not apply to the sleeping thread"
    );
}

#[test]
fn a_thread_that_would_not_fit_raises_cant_start_new_thread() {
    let pool = pool_of(3);
    let log = lockstep_core::run::run_to_end(pool, fast(), Duration::from_secs(30), |ctx| {
        let mut hs = Vec::new();
        for _ in 0..5 {
            match ctx.spawn(None, |c| c.sleep(0.2)) {
                Ok(h) => hs.push(h),
                Err(_) => break,
            }
        }
        for h in hs {
            h.join(ctx)?;
        }
        Ok(())
    })
    .unwrap();
    let raised: Vec<&str> = log.raised().into_iter().map(|r| r.1).collect();
    // MainThread + 2 fit in 3 workers; the third spawn is refused.
    assert_eq!(raised, vec!["RuntimeError: can't start new thread"]);
    assert_eq!(log.threads().count(), 3);
}

#[test]
fn threads_started_round_after_round_are_not_capped_by_the_pool() {
    let pool = pool_of(3);
    let log = lockstep_core::run::run_to_end(pool, fast(), Duration::from_secs(60), |ctx| {
        for _ in 0..150 {
            let (a, b) = (ctx.spawn(None, |_| Ok(()))?, ctx.spawn(None, |_| Ok(()))?);
            a.join(ctx)?;
            b.join(ctx)?;
        }
        Ok(())
    })
    .unwrap();
    assert!(log.raised().is_empty(), "{:?}", log.raised());
    assert_eq!(
        log.threads().count(),
        301,
        "MainThread and 300 threads, two at a time"
    );
}

#[test]
fn seed_is_recorded_and_trace_exports_one_tid_per_thread() {
    let log = run(RunOptions { seed: 1234, ..fast() }, |ctx| {
        spawn_n(ctx, 3, |c, _| c.sleep(0.01))
    });
    assert_eq!(log.seed(), Some(1234));
    let json = lockstep_core::export::chrome_trace(&log);
    let evs = json["traceEvents"].as_array().unwrap();
    let names: BTreeMap<u64, String> = evs
        .iter()
        .filter(|e| e["name"] == "thread_name")
        .map(|e| {
            (
                e["tid"].as_u64().unwrap(),
                e["args"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(names.len(), 4);
    assert!(names.values().any(|n| n == "MainThread"));
    // B/E slices balance per thread.
    let mut depth: BTreeMap<u64, i64> = BTreeMap::new();
    for e in evs {
        let d = depth.entry(e["tid"].as_u64().unwrap_or(0)).or_default();
        match e["ph"].as_str() {
            Some("B") => *d += 1,
            Some("E") => {
                *d -= 1;
                assert!(*d >= 0)
            }
            _ => {}
        }
    }
    assert!(depth.values().all(|d| *d == 0), "{depth:?}");
}

/// What the page does once per frame: poll until the run says it is done.
/// By then every thread's last event must be in the trace, however the end
/// of the run falls between polls (a tight loop, to land in that gap).
#[test]
fn poll_reports_done_only_with_every_last_event_drained() {
    for _ in 0..300 {
        let run = Run::start(exec(), fast(), |ctx| {
            let hs = (0..3)
                .map(|_| ctx.spawn(None, |c| c.print("last words")))
                .collect::<Result<Vec<_>, _>>()?;
            for h in hs {
                h.join(ctx)?;
            }
            Ok(())
        })
        .unwrap();
        let mut log = TraceLog::default();
        let start = Instant::now();
        while !run.poll(&mut log).1 {
            assert!(start.elapsed() < Duration::from_secs(10));
        }
        let ends = log
            .events
            .iter()
            .filter(|e| e.op == Op::Run && e.phase == Phase::End)
            .count();
        assert_eq!(ends, 4, "a thread's last event was not drained");
    }
}

/// A drain that keeps at most `keep` events still applies every event to
/// the view (so the page's detectors and panels stay exact past its
/// memory cap), and counts the ones it did not keep.
#[test]
fn a_drain_past_its_cap_applies_everything_and_counts_what_it_did_not_keep() {
    use lockstep_core::follow::Drain;
    let body = |ctx: &lockstep_core::Ctx| {
        let lock = Lock::new(ctx, "lock");
        for _ in 0..500 {
            lock.acquire(ctx)?;
            lock.release(ctx)?;
        }
        Ok(())
    };
    let whole = run(fast(), body);
    let all = whole.events.len();
    let keep = all / 3;
    let r = Run::start(exec(), fast(), body).unwrap();
    let (mut drain, mut view) = (Drain::keeping(keep), View::default());
    let start = Instant::now();
    while !drain.poll(&r, &mut view).done {
        assert!(start.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(drain.log.events.len(), keep);
    assert_eq!(drain.log.events.len() as u64 + drain.not_kept, all as u64);
    let lock = view.locks.values().next().unwrap();
    assert_eq!(lock.holds.len(), 500, "the view saw every event, kept or not");
    assert!(lock.holder.is_none());
}

/// The export is in demo time (a 1 s sleep at 10x is 1 s in Perfetto)
/// and carries the exact trace: read back from the file, it is the same
/// run, event for event (what "Open a recorded run" replays).
#[test]
fn the_export_is_in_demo_time_and_carries_the_run_that_reads_back_exactly() {
    let log = run(
        RunOptions {
            seed: 77,
            speed: 10.0,
            ..fast()
        },
        |ctx| {
            let lock = Lock::new(ctx, "a lock named\nodd \\ things");
            ctx.print("中文 output\nsecond line")?;
            spawn_n(ctx, 2, move |c, _| {
                lock.acquire(c)?;
                c.sleep(1.0)?;
                lock.release(c)
            })
        },
    );
    let json = lockstep_core::export::chrome_trace(&log);
    let sleep = json["traceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["cat"] == "Sleep")
        .filter_map(|e| e["ts"].as_f64())
        .collect::<Vec<_>>();
    assert!(sleep.len() >= 2);
    let span = sleep[1] - sleep[0];
    assert!(
        (span - 1e6).abs() < 0.1e6,
        "a 1 s sleep spans {span} us in the export"
    );
    let text = json["otherData"]["lockstep"].as_str().unwrap();
    let back = lockstep_core::recorded::read(text).unwrap();
    assert_eq!(back.events, log.events);
    assert_eq!(back.metas, log.metas);
    assert_eq!(back.dropped, log.dropped);
}
