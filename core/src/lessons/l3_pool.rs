//! L3. Process pool: `Pool(4)`, ten `apply_async` tasks sleeping
//! `random.choice([1, 2, 3, 4])` seconds, `close()`, `join()`.
//!
//! CPython: four tasks start at once, each further task starts the moment a
//! worker frees up, only four distinct workers ever appear, and the makespan
//! is greedy list scheduling of the durations onto four workers.

use super::{line_of, Body, Check, Flag, Group, Int, Lesson, ParamSpec, Params};
use crate::pool::{Pool, PoolKind};
use crate::reduce::{metrics, View};
use crate::rng;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};
use crate::Error;
use crate::{t, tf, tn, tp};
use std::collections::BTreeSet;

pub struct ProcessPool;

const WORKERS: Int = Int::new(
    "workers",
    tn!("Pool size"),
    1,
    8,
    4,
    tn!("Pool(n): how many worker processes"),
)
.bound("p = Pool(", ")");
const TASKS: Int = Int::new(
    "tasks",
    tn!("Tasks"),
    1,
    20,
    10,
    tn!("how many apply_async calls"),
)
.bound("for i in range(", "):");
const LONGEST: Int = Int::new(
    "longest",
    tn!("Longest task (s)"),
    1,
    6,
    4,
    tn!("each task sleeps random.choice(range(1, longest + 1)) seconds"),
);
const LATE: Flag = Flag::new(
    "late",
    tn!("Submit after close()"),
    false,
    tn!("one more apply_async after close(): CPython raises ValueError"),
);
const PARAMS: &[ParamSpec] = &[WORKERS.0, TASKS.0, LONGEST.0, LATE.0];

/// The drawn duration of each task, in seconds: `random.choice` from the
/// run's seed, one stream per task so timing cannot change the draw.
pub fn durations(p: &Params, seed: u64) -> Vec<u64> {
    let choices: Vec<u64> = (1..=p.of(&LONGEST) as u64).collect();
    (0..p.count(&TASKS))
        .map(|i| rng::choice(&mut rng::stream(seed, 300 + i as u64), &choices))
        .collect()
}

impl Lesson for ProcessPool {
    fn id(&self) -> &'static str {
        "pool"
    }
    fn number(&self) -> &'static str {
        "L3"
    }
    fn title(&self) -> &'static str {
        t!("Process pool: Pool(4), apply_async, close, join")
    }
    fn group(&self) -> Group {
        Group::Processes
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let late = if p.of(&LATE) {
            "\n    try:\n        p.apply_async(run, args=(99,))  # after close()\n    except ValueError as e:\n        print(\"ValueError:\", e)"
        } else {
            ""
        };
        format!(
            r#"from multiprocessing.pool import Pool
from time import sleep, time
import random
import os

def run(name):
    print("%s starts in pid %d" % (name, os.getpid()))
    start = time()
    sleep(random.choice({choices:?}))
    end = time()
    print("%s ends in pid %d after %0.2f s" % (name, os.getpid(), end - start))

if __name__ == "__main__":
    print("parent starts")
    p = Pool({n})
    for i in range({tasks}):
        p.apply_async(run, args=(i,))
    p.close(){late}
    p.join()
    print("parent ends")
    p.terminate()
"#,
            choices = (1..=p.of(&LONGEST)).collect::<Vec<_>>(),
            n = p.of(&WORKERS),
            tasks = p.of(&TASKS),
        )
    }

    fn explain(&self) -> &'static str {
        t!("Pool(n) starts n worker processes at once. apply_async only queues a task; a free worker takes the \
         next one from the task queue the moment it finishes its last. Watch the queue drain into exactly n \
         worker lanes, and compare the makespan with the ideal sum/n.")
    }

    fn modelled(&self) -> Option<&'static str> {
        Some(t!("Each pool \"process\" is a real Web Worker with its own copy of the program's objects and its own GIL, as a forked child has (a browser tab cannot start OS processes); its pid is made up. Task durations are random.choice draws from the run's seed; sleeps run in demo time."))
    }

    fn expected(&self, p: &Params) -> String {
        let n = p.of(&WORKERS).min(p.of(&TASKS));
        tp!(
            n,
            "{n} task starts at once; each further task starts as soon as a worker frees up; only {n} distinct \
             worker runs tasks; the run lasts as long as the busiest worker's tasks, handing each task in turn to \
             the first worker that frees up (greedy list scheduling){late}.",
            "{n} tasks start at once; each further task starts as soon as a worker frees up; only {n} distinct \
             workers run tasks; the run lasts as long as the busiest worker's tasks, handing each task in turn to \
             the first worker that frees up (greedy list scheduling){late}.",
            late = if p.of(&LATE) {
                t!("; the late apply_async raises ValueError: Pool not running")
            } else {
                ""
            }
        )
    }

    fn threads(&self, p: &Params) -> usize {
        // The workers, MainThread, and the pool's result-handler thread
        // (multiprocessing.pool's `_handle_results`, which the
        // interpreted lesson runs as CPython does).
        p.count(&WORKERS) + 2
    }

    fn body(&self, p: &Params, seed: u64) -> Body {
        let n = p.count(&WORKERS);
        let late = p.of(&LATE);
        let secs = durations(p, seed);
        Box::new(move |ctx| {
            ctx.print("parent starts")?;
            let pool = Pool::new(ctx, n, PoolKind::Processes)?;
            for (i, d) in secs.into_iter().enumerate() {
                pool.apply_async(ctx, move |c| {
                    c.print(format!("{i} starts in {}", c.name()))?;
                    c.sleep(d as f64)?;
                    c.print(format!("{i} ends in {} after {d}.00 s", c.name()))
                })?;
            }
            pool.close(ctx)?;
            if late {
                // CPython raises here; the parent carries on, as with try/except.
                match pool.apply_async(ctx, |_| Ok(())) {
                    Err(Error::Py(_)) => {}
                    other => other.map(|_| ())?,
                }
            }
            pool.join(ctx)?;
            ctx.print("parent ends")?;
            pool.terminate(ctx)
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let n = p.count(&WORKERS);
        let mut out = Vec::new();
        let Some(pool) = view.pools.values().next() else {
            return vec![Check::new(t!("pool ran"), false, t!("no pool in the trace"))];
        };
        let workers: BTreeSet<_> = pool.tasks.values().filter_map(|t| t.worker).collect();
        let want = n.min(pool.tasks.len());
        out.push(Check::new(
            tp!(
                want,
                "exactly {n} worker ran the tasks",
                "exactly {n} distinct workers ran tasks"
            ),
            workers.len() == want,
            tf!("{n} distinct", n = workers.len()),
        ));
        // Every task start is either at the beginning or the moment the same
        // worker finished its previous task. A start counts as late only if
        // the gap exceeds 100 ms of demo time *and* 50 ms of real time:
        // tasks last whole seconds, so an idle worker would show, while
        // thread wake-up latency on a busy machine does not count.
        let late_gap = |demo: u64, real: u64| demo > 100_000_000 && real > 50_000_000;
        let tasks: Vec<&crate::trace::Event> = log.events.iter().filter(|e| e.op == Op::Task).collect();
        let first = tasks
            .iter()
            .filter(|e| e.phase == Phase::Begin)
            .map(|e| (e.t_demo, e.t_real))
            .min()
            .unwrap_or((0, 0));
        let mut late_starts = 0;
        for b in tasks.iter().filter(|e| e.phase == Phase::Begin) {
            let prev_end = tasks
                .iter()
                .filter(|e| e.tid == b.tid && e.phase != Phase::Begin && e.t_real <= b.t_real)
                .map(|e| (e.t_demo, e.t_real))
                .max();
            let (d, r) = prev_end.unwrap_or(first);
            if late_gap(b.t_demo.saturating_sub(d), b.t_real.saturating_sub(r)) {
                late_starts += 1;
            }
        }
        out.push(Check::new(
            t!("each further task starts the moment a worker frees up"),
            late_starts == 0,
            tf!("{late_starts} tasks waited with a worker idle", late_starts),
        ));
        // The durations the tasks drew (`random.choice` in the Python,
        // seeded by the run): each task's sleep, in task order.
        let greedy = metrics::greedy_makespan(&slept(log), n);
        let span = task_span(view);
        // 10%, plus what 30 ms of real wake-up latency is worth at this speed.
        let slack = greedy / 10 + super::latency_allowance_ns(log, 30.0);
        out.push(Check::new(
            t!("the run lasts as long as handing each task to the first free worker predicts (within 10%)"),
            span.abs_diff(greedy) <= slack,
            tf!(
                "{measured} s measured vs {predicted} s predicted",
                measured = format!("{:.2}", span as f64 / 1e9),
                predicted = format!("{:.2}", greedy as f64 / 1e9)
            ),
        ));
        if p.of(&LATE) {
            let raised = log.raised().iter().any(|r| r.1 == "ValueError: Pool not running")
                || view
                    .output
                    .iter()
                    .any(|l| l.text == "ValueError: Pool not running");
            out.push(Check::new(
                t!("apply_async after close() raises ValueError: Pool not running"),
                raised,
                "",
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match (e.op, e.phase) {
            (Op::Sleep, _) => "sleep(random",
            (Op::Submit, Phase::Failed) => "after close()",
            (Op::Submit, _) => "p.apply_async(run, args=(i,))",
            (Op::Close, _) => "p.close()",
            (Op::WaitAll, _) | (Op::Join, _) => "p.join()",
            (Op::Terminate, _) => "p.terminate()",
            (Op::Print, _) => return None,
            (Op::Task, Phase::Begin) => "def run(name)",
            _ => return None,
        };
        line_of(&code, needle)
    }
}

/// Demo ns from the first task start to the last task end.
/// The demo ns each pool task slept, by task index: read from the trace,
/// so the check needs no copy of the program's random draws.
pub fn slept(log: &TraceLog) -> Vec<u64> {
    let mut running: std::collections::HashMap<crate::trace::Tid, i64> = Default::default();
    let mut by_task = std::collections::BTreeMap::new();
    for e in &log.events {
        match (e.op, e.phase) {
            (Op::Task, Phase::Begin) => {
                running.insert(e.tid, e.value);
            }
            (Op::Task, _) => {
                running.remove(&e.tid);
            }
            (Op::Sleep, Phase::Begin) => {
                if let Some(t) = running.get(&e.tid) {
                    *by_task.entry(*t).or_insert(0) += e.value.max(0) as u64;
                }
            }
            _ => {}
        }
    }
    by_task.into_values().collect()
}

pub fn task_span(view: &View) -> u64 {
    let Some(pool) = view.pools.values().next() else {
        return 0;
    };
    let start = pool.tasks.values().filter_map(|t| t.started).min().unwrap_or(0);
    let end = pool.tasks.values().filter_map(|t| t.ended).max().unwrap_or(0);
    end.saturating_sub(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expected_text_counts_in_the_right_number() {
        let one = Params::defaults(ProcessPool.params()).with("workers", 1.0);
        let text = ProcessPool.expected(&one);
        assert!(text.starts_with("1 task starts at once"), "{text}");
        assert!(text.contains("only 1 distinct worker runs tasks"), "{text}");
        let four = Params::defaults(ProcessPool.params()).with("workers", 4.0);
        let text = ProcessPool.expected(&four);
        assert!(text.starts_with("4 tasks start at once"), "{text}");
        assert!(text.contains("only 4 distinct workers run tasks"), "{text}");
    }
}
