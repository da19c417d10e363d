//! L10 (beyond the notes). Why CPython threads do not speed up CPU work.
//!
//! A CPU-bound kernel (counting primes) is split over 1, 2, ... n workers
//! and timed. As "threads" under a GIL (one global lock every thread must
//! hold for each step of Python code, as CPython's is), the steps take
//! turns and the time barely moves. As "processes" (each with its own
//! interpreter, so no shared GIL) the work really runs in parallel and the
//! speedup follows Amdahl's law up to the number of cores.

use super::{line_of, Body, Check, Choice, Group, Int, Lesson, ParamSpec, Params};
use crate::clock::real_now_ns;
use crate::kernel::count_primes;
use crate::reduce::speedup::implied_p;
use crate::reduce::View;
use crate::sync::Lock;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};
use crate::{t, tf, tn};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Speedup;

pub const KINDS: &[&str] = &["threads", "processes"];

const WORKERS: Int = Int::new(
    "workers",
    tn!("Up to workers"),
    1,
    8,
    2,
    tn!("time the kernel on 1, 2, ... up to this many workers"),
);
const KIND: Choice = Choice::new(
    "kind",
    tn!("Run them as"),
    KINDS,
    0,
    tn!("threads: share one GIL, as in CPython; processes: each has its own"),
);
/// Public: the interpreted lessons' property test caps it (`py/tests/lessons.rs`).
pub const NUMBERS: Int = Int::new(
        "numbers",
        tn!("Numbers to test (thousands)"),
        10,
        300,
        100,
        tn!("count the primes below this many thousand: more work per worker makes start-up cost matter less (Amdahl)"),
    );
const PARAMS: &[ParamSpec] = &[WORKERS.0, KIND.0, NUMBERS.0];

/// Numbers per step: a thread holds the GIL for one step at a time, like
/// CPython's switch interval.
const STEP: u64 = 2_000;

/// How often two threads of the interpreted run held their process's GIL
/// at once (by more than the clocks' skew): never, if the GIL works.
fn gil_overlaps(view: &View) -> usize {
    let mut holds: Vec<(u32, u64, u64)> = view
        .ids_named("GIL")
        .filter_map(|id| view.locks.get(&id))
        .flat_map(|l| l.holds.iter().copied())
        .collect();
    holds.sort_by_key(|h| h.1);
    let skew = crate::clock::CROSS_THREAD_SKEW_NS;
    holds.windows(2).filter(|w| w[0].2 > w[1].1 + skew).count()
}

/// How long (demo ns) two worker processes were running Python at the same
/// time: each holds its own GIL, so nothing makes them take turns.
fn processes_running_together(view: &View) -> u64 {
    let spans: Vec<(u32, u64, u64)> = view
        .lanes
        .values()
        .filter(|l| l.name.starts_with("Process-"))
        .flat_map(|l| {
            l.segments
                .iter()
                .filter(|s| s.state == crate::reduce::LaneState::Running)
                .map(move |s| (l.tid, s.start, s.end.unwrap_or(view.now)))
        })
        .collect();
    let mut both = 0;
    for (i, a) in spans.iter().enumerate() {
        for b in &spans[i + 1..] {
            if a.0 != b.0 {
                both += a.2.min(b.2).saturating_sub(a.1.max(b.1));
            }
        }
    }
    both
}

/// How many compute steps overlapped a step of another thread by more than
/// the cross-thread clock skew.
pub fn overlapping_steps(log: &TraceLog) -> usize {
    let mut begun: std::collections::BTreeMap<u32, u64> = Default::default();
    let mut steps: Vec<(u64, u64, u32)> = Vec::new();
    for e in log.events.iter().filter(|e| e.op == Op::Compute) {
        match e.phase {
            Phase::Begin => {
                begun.insert(e.tid, e.t_real);
            }
            Phase::End => {
                if let Some(b) = begun.remove(&e.tid) {
                    steps.push((b, e.t_real, e.tid));
                }
            }
            _ => {}
        }
    }
    steps.sort();
    // Per thread, the furthest end of its steps started so far (few threads).
    let mut reach: std::collections::BTreeMap<u32, u64> = Default::default();
    let mut n = 0;
    for (b, e, tid) in steps {
        let other = reach
            .iter()
            .filter(|(t, _)| **t != tid)
            .map(|(_, end)| *end)
            .max();
        if other.is_some_and(|end| end.min(e) > b + crate::clock::CROSS_THREAD_SKEW_NS) {
            n += 1;
        }
        let r = reach.entry(tid).or_default();
        *r = (*r).max(e);
    }
    n
}

impl Lesson for Speedup {
    fn id(&self) -> &'static str {
        "speedup"
    }
    fn number(&self) -> &'static str {
        "L10"
    }
    fn title(&self) -> &'static str {
        t!("Speedup lab: the GIL, threads vs processes, Amdahl's law")
    }
    fn group(&self) -> Group {
        Group::Beyond
    }
    /// A debug build counts at most 20,000 numbers per sweep point (the
    /// browser's e2e tests run the full range on the release build).
    fn light(&self, p: Params) -> Params {
        let n = p.of(&NUMBERS).min(20) as f64;
        p.with(NUMBERS.0.key, n)
    }
    fn panels(&self) -> &'static [super::Panel] {
        &[super::Panel::Speedup]
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let kind = if p.of(&KIND) == 0 {
            "from threading import Thread as Worker"
        } else {
            "from multiprocessing import Process as Worker"
        };
        format!(
            r#"{kind}
from multiprocessing import Queue
import time

def is_prime(n):
    if n < 2 or n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True

def count(r, w, n, q):        # blocks r, r+w, r+2w, ... of {STEP} numbers
    found = 0
    for lo in range(r * {STEP}, n, w * {STEP}):
        found += sum(is_prime(x) for x in range(lo, min(lo + {STEP}, n)))
    q.put(found)

if __name__ == "__main__":
    for w in range(1, {k} + 1):
        q = Queue()
        start = time.perf_counter()
        ws = [Worker(target=count, args=(r, w, {n}, q)) for r in range(w)]
        for t in ws:
            t.start()
        for t in ws:
            t.join()
        took = time.perf_counter() - start
        primes = sum(q.get() for _ in range(w))
        print(f"{{w}} workers: {{took:.3f}} s; {{primes}} primes")
"#,
            k = p.of(&WORKERS),
            n = p.of(&NUMBERS) * 1000,
        )
    }

    fn explain(&self) -> &'static str {
        t!("The same CPU-bound work, split over more and more workers, timed for real. CPython threads share one \
         global interpreter lock (the GIL): only the thread holding it runs Python code, so the workers take \
         turns (watch the GIL pass between lanes) and the time does not drop. Processes each have their own \
         interpreter: they really run at once, and the speedup grows with the workers, up to the number of \
         cores, bent by Amdahl's law (the part that cannot run in parallel).")
    }

    fn modelled(&self) -> Option<&'static str> {
        Some(t!("A process is a worker with its own interpreter and GIL (a browser tab cannot start OS processes). The work and its timing are real CPU time on real Web Workers: the speed control scales the clock, so the speedups, ratios of times, are what they are."))
    }

    fn expected(&self, p: &Params) -> String {
        if p.of(&KIND) == 0 {
            t!("With the GIL, more threads do not finish sooner: the steps run one at a time, so the speedup stays near 1x.").into()
        } else {
            t!("As processes, the speedup grows with the workers up to the number of cores (about 2x with 2 workers on a 2-core machine), a little under Amdahl's ideal.").into()
        }
    }

    fn threads(&self, p: &Params) -> usize {
        p.count(&WORKERS) + 1
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (k, gil_on, n) = (p.count(&WORKERS), p.of(&KIND) == 0, p.of(&NUMBERS) as u64 * 1000);
        Box::new(move |ctx| {
            let gil = Lock::new(ctx, "GIL");
            let mut base = 0.0;
            for w in 1..=k {
                let total = Arc::new(AtomicU64::new(0));
                let start = real_now_ns();
                let mut hs = Vec::new();
                for r in 0..w {
                    let (gil, total) = (gil.clone(), total.clone());
                    let body = move |c: &crate::Ctx| {
                        let mut lo = r as u64 * STEP;
                        while lo < n {
                            if gil_on {
                                gil.acquire(c)?;
                            }
                            c.checkpoint()?;
                            c.emit(0, Op::Compute, Phase::Begin, lo as i64, w as i64);
                            let found = count_primes(lo, (lo + STEP).min(n));
                            c.emit(0, Op::Compute, Phase::End, found as i64, w as i64);
                            total.fetch_add(found, Ordering::Relaxed);
                            if gil_on {
                                gil.release(c)?;
                            }
                            lo += w as u64 * STEP;
                        }
                        Ok(())
                    };
                    hs.push(if gil_on {
                        ctx.spawn(None, body)?
                    } else {
                        ctx.spawn_process(None, &(), move |c, ()| body(c))?
                    });
                }
                for h in &hs {
                    h.join(ctx)?;
                }
                let secs = (real_now_ns() - start) as f64 / 1e9;
                if w == 1 {
                    base = secs;
                }
                let s = base / secs;
                // The measured point, for the page's speedup plot.
                ctx.emit(0, Op::Compute, Phase::Done, w as i64, (secs * 1e9) as i64);
                let amdahl_note = if w > 1 {
                    format!(
                        ", Amdahl's law implies {:.0}% parallel",
                        implied_p(s, w as f64).clamp(0.0, 1.0) * 100.0
                    )
                } else {
                    String::new()
                };
                ctx.print(format!(
                    "{w} worker(s): {secs:.3} s, speedup {s:.2}x{amdahl_note}; {} primes",
                    total.load(Ordering::Relaxed)
                ))?;
            }
            Ok(())
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let n = p.of(&NUMBERS) as u64 * 1000;
        let want = count_primes(0, n);
        let all_right = !view.output.is_empty()
            && view
                .output
                .iter()
                .all(|l| l.text.ends_with(&format!("; {want} primes")));
        // Did compute steps of different threads overlap in time, by more
        // than the workers' clocks can disagree? (The model records its
        // steps; the interpreted run records its GIL's hand-overs.)
        let modelled = log.events.iter().any(|e| e.op == Op::Compute);
        let overlap = if modelled {
            overlapping_steps(log)
        } else {
            gil_overlaps(view)
        };
        let mut out = vec![Check::new(
            tf!("every split found the same {want} primes", want),
            all_right,
            "",
        )];
        if p.of(&KIND) == 0 {
            out.push(Check::new(
                t!("with the GIL, no two compute steps ever ran at once"),
                overlap == 0,
                tf!("{overlap} overlaps", overlap),
            ));
        } else if p.of(&WORKERS) > 1 && modelled {
            out.push(Check::new(
                t!("as processes, compute steps ran at the same time"),
                overlap > 0,
                tf!("{overlap} overlapping steps", overlap),
            ));
        } else if p.of(&WORKERS) > 1 {
            let both = processes_running_together(view);
            out.push(Check::new(
                t!("as processes, each with its own GIL, the workers ran Python at the same time"),
                both > crate::clock::CROSS_THREAD_SKEW_NS,
                tf!("{secs} s together", secs = format!("{:.2}", both as f64 / 1e9)),
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match e.op {
            Op::Compute => "sum(is_prime(x)",
            Op::Join => "t.join()",
            Op::Spawn => "t.start()",
            Op::Print => "print(w",
            _ => return None,
        };
        line_of(&code, needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Event;

    fn step(tid: u32, b: u64, e: u64) -> [Event; 2] {
        let ev = |t, phase| Event {
            t_real: t,
            t_demo: t,
            tid,
            obj: 0,
            op: Op::Compute,
            phase,
            value: 0,
            pos: 0,
            aux: 0,
        };
        [ev(b, Phase::Begin), ev(e, Phase::End)]
    }

    #[test]
    fn overlaps_count_only_beyond_the_clock_skew() {
        let us = 1_000;
        let mut log = TraceLog::default();
        // A hand-off that looks 10 us early (clock skew): not an overlap.
        log.events.extend(step(1, 0, 1000 * us));
        log.events.extend(step(2, 990 * us, 2000 * us));
        assert_eq!(overlapping_steps(&log), 0);
        // A step that really ran beside another for 500 us.
        log.events.extend(step(3, 1500 * us, 2500 * us));
        assert_eq!(overlapping_steps(&log), 1);
    }
}
