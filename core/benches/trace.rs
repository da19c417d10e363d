//! Cost of tracing. Run: `cargo bench -p lockstep-core --bench trace`.
//! Targets (issue 3): <= 25 ns per traced event; a traced Lock
//! acquire+release uncontended <= 2x a raw `std::sync::Mutex`; no drops at
//! 2M events/s sustained (16 writers, one reader draining).
//!
//! Traced operations are timed inside a run, on its lesson threads, so run
//! and thread start-up are not counted.

use criterion::{criterion_group, criterion_main, Criterion};
use lockstep_core::run::{run_to_end, RunOptions, Workers};
use lockstep_core::sync::Lock;
use lockstep_core::trace::{Event, Op, Phase, Recorder, TraceLog};
use lockstep_core::Ctx;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

fn workers() -> Arc<Workers> {
    static W: OnceLock<Arc<Workers>> = OnceLock::new();
    W.get_or_init(|| Workers::new(rayon::ThreadPoolBuilder::new().num_threads(20).build().unwrap()))
        .clone()
}

fn ev(i: u64) -> Event {
    Event {
        t_real: i,
        t_demo: i,
        tid: 1,
        obj: 1,
        op: Op::Acquire,
        phase: Phase::Done,
        value: 0,
        pos: 0,
        aux: 0,
    }
}

/// Runs `op` `iters` times on each of `threads` lesson threads, all
/// released together; returns the slowest thread's loop time.
fn timed_in_run(threads: usize, iters: u64, op: fn(&Ctx, &Lock)) -> Duration {
    let slowest = Arc::new(AtomicU64::new(0));
    let s2 = slowest.clone();
    let opts = RunOptions {
        trace_capacity: 1 << 16,
        ..Default::default()
    };
    // The reader (run_to_end) drains every millisecond while this runs.
    run_to_end(workers(), opts, Duration::from_secs(600), move |ctx| {
        let lock = Lock::new(ctx, "lock");
        let go = lockstep_core::sync::Barrier::new(ctx, "go", threads);
        let hs = (0..threads)
            .map(|_| {
                let (lock, go, s2) = (lock.clone(), go.clone(), s2.clone());
                ctx.spawn(None, move |c| {
                    go.wait(c)?;
                    let t = Instant::now();
                    for _ in 0..iters {
                        op(c, &lock);
                    }
                    s2.fetch_max(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    Ok(())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for h in hs {
            h.join(ctx)?;
        }
        Ok(())
    })
    .unwrap();
    Duration::from_nanos(slowest.load(Ordering::Relaxed))
}

fn events(c: &mut Criterion) {
    let mut g = c.benchmark_group("event");
    let rec = Recorder::new(1 << 20);
    let mut log = TraceLog::default();
    let mut i = 0u64;
    g.bench_function("Recorder::record (prebuilt event)", |b| {
        b.iter(|| {
            i += 1;
            rec.record(ev(i));
            if i.is_multiple_of(65_536) {
                rec.drain_into(&mut log);
                log.events.clear();
            }
        })
    });
    // A whole traced event: clock read, demo clock, record.
    g.bench_function("Ctx::emit (timestamped and recorded)", |b| {
        b.iter_custom(|iters| timed_in_run(1, iters, |c, _| c.emit(0, Op::Compute, Phase::Done, 0, 0)))
    });
    g.finish();
}

fn locks(c: &mut Criterion) {
    let mut g = c.benchmark_group("lock acquire+release");
    for threads in [1usize, 16] {
        g.bench_function(format!("std::sync::Mutex, {threads} threads"), |b| {
            b.iter_custom(|iters| {
                let m = Arc::new(Mutex::new(0u64));
                let go = Arc::new(std::sync::Barrier::new(threads));
                let hs: Vec<_> = (0..threads)
                    .map(|_| {
                        let (m, go) = (m.clone(), go.clone());
                        std::thread::spawn(move || {
                            go.wait();
                            let t = Instant::now();
                            for _ in 0..iters {
                                *m.lock().unwrap() += 1;
                            }
                            t.elapsed()
                        })
                    })
                    .collect();
                hs.into_iter().map(|h| h.join().unwrap()).max().unwrap()
            })
        });
        g.bench_function(format!("traced Lock, {threads} threads"), |b| {
            b.iter_custom(|iters| {
                timed_in_run(threads, iters, |c, l| {
                    l.acquire(c).unwrap();
                    l.release(c).unwrap();
                })
            })
        });
    }
    g.finish();
}

/// 16 writers at a fixed total rate for one second, one reader draining
/// every millisecond (as the page does per frame, but faster): drops.
fn sustained_rate(total_per_sec: u64) -> (u64, u64) {
    let rec = Arc::new(Recorder::new(1 << 16));
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (rec, stop) = (rec.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut log = TraceLog::default();
            while !stop.load(Ordering::Acquire) {
                rec.drain_into(&mut log);
                log.events.clear();
                std::thread::sleep(Duration::from_millis(1));
            }
            rec.drain_into(&mut log);
        })
    };
    let per_writer = total_per_sec / 16;
    let ws: Vec<_> = (0..16)
        .map(|_| {
            let rec = rec.clone();
            std::thread::spawn(move || {
                let start = Instant::now();
                let mut sent = 0u64;
                while start.elapsed() < Duration::from_secs(1) {
                    // Catch up to the schedule in small bursts.
                    let due = (start.elapsed().as_secs_f64() * per_writer as f64) as u64;
                    while sent < due {
                        rec.record(ev(sent));
                        sent += 1;
                    }
                    std::hint::spin_loop();
                }
                sent
            })
        })
        .collect();
    let sent: u64 = ws.into_iter().map(|w| w.join().unwrap()).sum();
    stop.store(true, Ordering::Release);
    reader.join().unwrap();
    (sent, rec.dropped())
}

fn sustained(c: &mut Criterion) {
    for rate in [2_000_000u64, 8_000_000] {
        let (sent, dropped) = sustained_rate(rate);
        eprintln!(
            "sustained: 16 writers at {:.1}M events/s for 1 s: sent {sent}, dropped {dropped}",
            rate as f64 / 1e6
        );
    }
    let _ = c;
}

criterion_group!(benches, events, locks, sustained);
criterion_main!(benches);
