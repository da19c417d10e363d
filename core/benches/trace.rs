//! Cost of tracing. Run: `cargo bench -p lockstep-core --bench trace`.
//! Targets (issue 3): <= 25 ns per recorded event; a traced Lock
//! acquire+release uncontended <= 2x a raw `std::sync::Mutex`; no drops at
//! 2M events/s sustained.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lockstep_core::run::{run_to_end, RunOptions, Workers};
use lockstep_core::sync::Lock;
use lockstep_core::trace::{Event, Op, Phase, Recorder, TraceLog};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn ev(i: u64) -> Event {
    Event {
        t_real: i,
        t_demo: i,
        tid: 1,
        obj: 1,
        op: Op::Acquire,
        phase: Phase::Done,
        value: 0,
        aux: 0,
    }
}

fn record(c: &mut Criterion) {
    let mut g = c.benchmark_group("recorder");
    g.throughput(Throughput::Elements(1));
    let rec = Recorder::new(1 << 20);
    let mut log = TraceLog::default();
    let mut i = 0u64;
    g.bench_function("record (event pushed, drained every 64k)", |b| {
        b.iter(|| {
            i += 1;
            rec.record(ev(i));
            if i.is_multiple_of(65_536) {
                rec.drain_into(&mut log);
                log.events.clear();
            }
        })
    });
    g.finish();
}

fn pool(n: usize) -> Arc<Workers> {
    Workers::new(rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap())
}

/// Runs `iters` traced acquire+release pairs on `threads` threads inside a
/// real run and returns the wall time.
fn traced_lock(threads: usize, iters: u64) -> Duration {
    let start = Instant::now();
    let opts = RunOptions {
        trace_capacity: 1 << 22,
        ..Default::default()
    };
    let per = (iters / threads as u64).max(1);
    let log = run_to_end(pool(threads + 1), opts, Duration::from_secs(600), move |ctx| {
        let lock = Lock::new(ctx, "lock");
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                let lock = lock.clone();
                ctx.spawn(None, move |c| {
                    for _ in 0..per {
                        lock.acquire(c)?;
                        lock.release(c)?;
                    }
                    Ok(())
                })
            })
            .collect::<Result<_, _>>()?;
        for h in &hs {
            h.join(ctx)?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(log.dropped, 0, "benchmark must not drop events");
    start.elapsed()
}

fn raw_mutex(threads: usize, iters: u64) -> Duration {
    let m = Arc::new(Mutex::new(0u64));
    let per = (iters / threads as u64).max(1);
    let start = Instant::now();
    let hs: Vec<_> = (0..threads)
        .map(|_| {
            let m = m.clone();
            std::thread::spawn(move || {
                for _ in 0..per {
                    *m.lock().unwrap() += 1;
                }
            })
        })
        .collect();
    for h in hs {
        h.join().unwrap();
    }
    start.elapsed()
}

fn locks(c: &mut Criterion) {
    let mut g = c.benchmark_group("lock acquire+release");
    g.sample_size(10);
    for threads in [1usize, 16] {
        g.bench_function(format!("std::sync::Mutex, {threads} threads"), |b| {
            b.iter_custom(|iters| raw_mutex(threads, iters))
        });
        g.bench_function(format!("traced Lock, {threads} threads"), |b| {
            b.iter_custom(|iters| traced_lock(threads, iters))
        });
    }
    g.finish();
}

/// 16 writers recording flat out while one reader drains: events/s and drops.
fn sustained(c: &mut Criterion) {
    let mut g = c.benchmark_group("sustained");
    g.sample_size(10);
    g.bench_function("16 writers, 1 draining reader (time per event)", |b| {
        b.iter_custom(|iters| {
            let rec = Arc::new(Recorder::new(1 << 16));
            let per = (iters / 16).max(1);
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let reader = {
                let (rec, stop) = (rec.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut log = TraceLog::default();
                    while !stop.load(std::sync::atomic::Ordering::Acquire) {
                        rec.drain_into(&mut log);
                        log.events.clear();
                    }
                    rec.drain_into(&mut log);
                })
            };
            let start = Instant::now();
            let ws: Vec<_> = (0..16)
                .map(|_| {
                    let rec = rec.clone();
                    std::thread::spawn(move || (0..per).for_each(|i| rec.record(ev(i))))
                })
                .collect();
            ws.into_iter().for_each(|w| w.join().unwrap());
            let el = start.elapsed();
            stop.store(true, std::sync::atomic::Ordering::Release);
            reader.join().unwrap();
            eprintln!(
                "sustained: {} events in {:?} = {:.2} M events/s, dropped {}",
                per * 16,
                el,
                (per * 16) as f64 / el.as_secs_f64() / 1e6,
                rec.dropped()
            );
            el
        })
    });
    g.finish();
}

criterion_group!(benches, record, locks, sustained);
criterion_main!(benches);
