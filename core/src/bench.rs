//! Workloads of the benchmark command (`scripts/bench.sh`, results in
//! `docs/benchmarks.md`). The same code is timed natively
//! (`examples/bench_native.rs`) and in the browser (the bench page,
//! `src/bench.rs` in the web crate), so the two sets of figures compare
//! like with like.
//!
//! Every function here blocks its caller until the work is done: on the web
//! it must be called from a worker, never from the page's main thread.

use crate::clock::real_now_ns;
use crate::kernel::count_primes;
use crate::run::{Executor, Run, RunOptions, Workers};
use crate::sync::{Lock, Value};
use crate::trace::{Op, Phase, TraceLog};
use crate::Ctx;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

/// Numbers per block of the kernel: small enough that the last block does
/// not leave a worker idle for long, big enough that the shared counter is
/// touched rarely.
pub const BLOCK: u64 = 10_000;

#[derive(Clone, Debug, Serialize)]
pub struct KernelRun {
    pub threads: usize,
    pub secs: f64,
    /// Primes below `n`: the same on every run, or the split is wrong.
    pub primes: u64,
}

/// Counts the primes below `n` on `threads` workers of `exec`, each pulling
/// blocks of `BLOCK` numbers from a shared counter (the blocks near `n` cost
/// more, so a static split would be unfair). Timed from the moment every
/// thread is at the start line until the last one is done, so only the
/// work and its hand-offs are counted, not waking the pool.
pub fn kernel(exec: &dyn Executor, threads: usize, n: u64) -> KernelRun {
    let threads = threads.max(1);
    let next = Arc::new(AtomicU64::new(0));
    let primes = Arc::new(AtomicU64::new(0));
    let start = Arc::new(Barrier::new(threads + 1));
    let end = Arc::new(Barrier::new(threads + 1));
    for _ in 0..threads {
        let (next, primes, start, end) = (next.clone(), primes.clone(), start.clone(), end.clone());
        exec.spawn(Box::new(move || {
            start.wait();
            let mut found = 0;
            loop {
                let lo = next.fetch_add(BLOCK, Ordering::Relaxed);
                if lo >= n {
                    break;
                }
                found += count_primes(lo, (lo + BLOCK).min(n));
            }
            primes.fetch_add(found, Ordering::Relaxed);
            end.wait();
        }));
    }
    start.wait();
    let t0 = real_now_ns();
    end.wait();
    let secs = (real_now_ns() - t0) as f64 / 1e9;
    KernelRun {
        threads,
        secs,
        primes: primes.load(Ordering::Relaxed),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct EventsRun {
    pub writers: usize,
    /// Events per second asked for, all writers together; 0 = flat out.
    pub target_rate: u64,
    /// How often the reader drained, in milliseconds.
    pub drain_ms: u64,
    pub secs: f64,
    /// Events the writers emitted (kept + dropped).
    pub sent: u64,
    pub dropped: u64,
    /// Events kept per second.
    pub rate: f64,
}

/// `writers` lesson threads of one run emit traced events (`Ctx::emit`:
/// both clocks read, then recorded) at `rate` per second in total (0 = as
/// fast as they can) for `secs`, while the caller drains the recorder every
/// `drain_ms` (the page drains once per frame, about 16 ms). The run uses
/// the default trace capacity, as the page's runs do.
pub fn events(workers: Arc<Workers>, writers: usize, rate: u64, secs: f64, drain_ms: u64) -> EventsRun {
    let sent = Arc::new(AtomicU64::new(0));
    let s2 = sent.clone();
    let per_writer = rate as f64 / writers as f64;
    let started = real_now_ns();
    let run = Run::start(workers, RunOptions::default(), move |ctx| {
        let go = crate::sync::Barrier::new(ctx, "go", writers);
        let hs = (0..writers)
            .map(|_| {
                let (go, s2) = (go.clone(), s2.clone());
                ctx.spawn(None, move |c| {
                    go.wait(c)?;
                    let n = emit_for(c, per_writer, secs);
                    s2.fetch_add(n, Ordering::Relaxed);
                    Ok(())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for h in hs {
            h.join(ctx)?;
        }
        Ok(())
    })
    .expect("the bench pool fits the writers");
    let mut log = TraceLog::default();
    let limit = started + ((secs + 30.0) * 1e9) as u64;
    while !run.is_done() {
        run.drain_into(&mut log);
        log.events.clear();
        if real_now_ns() > limit {
            run.abort();
        }
        std::thread::sleep(Duration::from_millis(drain_ms));
    }
    run.drain_into(&mut log);
    let sent = sent.load(Ordering::Relaxed);
    let dropped = run.dropped();
    EventsRun {
        writers,
        target_rate: rate,
        drain_ms,
        secs,
        sent,
        dropped,
        rate: (sent - dropped) as f64 / secs,
    }
}

/// One writer: `per_sec` events a second (0 = flat out) for `secs`, in
/// bursts that catch up with the schedule, sleeping in between (a flat-out
/// writer never sleeps). Returns events emitted.
fn emit_for(c: &Ctx, per_sec: f64, secs: f64) -> u64 {
    let start = real_now_ns();
    let end = start + (secs * 1e9) as u64;
    let mut sent = 0u64;
    loop {
        let real = real_now_ns();
        if per_sec <= 0.0 && real >= end {
            return sent;
        }
        // Paced: a writer held up near the end still sends what was due by
        // the end, so the count is exact however the threads are scheduled.
        let now = real.min(end);
        let due = if per_sec > 0.0 {
            ((now - start) as f64 / 1e9 * per_sec) as u64
        } else {
            sent + 256
        };
        while sent < due {
            c.emit(0, Op::Compute, Phase::Done, sent as i64, 0);
            sent += 1;
        }
        if real >= end {
            return sent;
        }
        if per_sec > 0.0 {
            // Caught up: give the core away, as a lesson thread between
            // operations would, rather than spin against the reader.
            std::thread::sleep(Duration::from_micros(200));
        }
    }
}

/// The frame-time workload: `threads` lesson threads share a traced Lock and
/// Value and do `with lock: v.value += 1` until the run has recorded `rate`
/// events a second in total (paced on the recorder's own count, so the rate
/// holds whatever each iteration emits), for `secs` of real time. What the
/// page draws while this runs is what the frame-time benchmark measures.
pub fn paced_counter(threads: usize, rate: u64, secs: f64) -> impl FnOnce(&Ctx) -> crate::Result<()> + Send {
    move |ctx| {
        let lock = Lock::new(ctx, "lock");
        let v = Value::new(ctx, "counter", 0);
        let t0 = real_now_ns();
        let end = t0 + (secs * 1e9) as u64;
        let hs = (0..threads)
            .map(|_| {
                let (lock, v) = (lock.clone(), v.clone());
                ctx.spawn(None, move |c| {
                    loop {
                        let real = real_now_ns();
                        // Due by now (or by the end: a thread held up at the
                        // end still catches up, so the total is exact).
                        let due = ((real.min(end) - t0) as f64 / 1e9 * rate as f64) as u64;
                        if c.shared().recorder.written() + c.shared().recorder.dropped() >= due {
                            if real >= end {
                                return Ok(());
                            }
                            c.check_stop()?;
                            // Ahead of the schedule: wait for the next burst
                            // (2 ms, ~100 events at 50k/s) as a lesson thread
                            // waits between operations, not in a hot loop.
                            std::thread::sleep(Duration::from_millis(2));
                            continue;
                        }
                        lock.acquire(c)?;
                        v.add(c, 1, 0.0)?;
                        lock.release(c)?;
                    }
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for h in hs {
            h.join(ctx)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(n: usize) -> Arc<Workers> {
        Workers::new(rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap())
    }

    #[test]
    fn kernel_counts_the_same_primes_on_any_number_of_threads() {
        let exec = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let want = count_primes(0, 100_000);
        assert_eq!(want, 9592);
        for t in 1..=3 {
            let r = kernel(&exec, t, 100_000);
            assert_eq!((r.threads, r.primes), (t, want));
            assert!(r.secs > 0.0);
        }
    }

    #[test]
    fn events_are_counted_and_paced() {
        let r = events(pool(6), 4, 40_000, 0.25, 1);
        // Paced: exactly rate x secs, 2,500 per writer.
        assert_eq!(r.sent, 10_000, "{r:?}");
        assert_eq!(r.dropped, 0, "{r:?}");
    }

    #[test]
    fn paced_counter_holds_its_rate_and_counts_every_add() {
        let log = crate::run::run_to_end(
            pool(6),
            RunOptions::default(),
            Duration::from_secs(30),
            paced_counter(4, 20_000, 0.3),
        )
        .unwrap();
        let n = log.events.len() as f64;
        // 20k/s for 0.3 s is 6,000 events, plus at most each thread's last
        // iteration and the run's own bookkeeping.
        assert!((6_000.0..=6_500.0).contains(&n), "{n} events");
        let view = crate::reduce::View::of(&log);
        assert_eq!(view.lost_updates(), 0);
    }
}
