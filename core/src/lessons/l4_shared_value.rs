//! L4. Process lock and shared memory: `mp.Lock()` and `mp.Value('i', 0)`.
//!
//! Two processes add 1 and 3 five times each, sleeping 0.1 s before each
//! add. CPython with the lock around the loop prints `1|2|3|4|5|8|11|14|17|20|`
//! (or the 3-first order), final 20, ~1.0 s. Without it the adds interleave,
//! ~0.5 s; `v.value += n` is a read then a write, so with a gap between them
//! updates get lost.

use super::{line_of, Body, Check, Choice, Flag, Float, Group, Int, Lesson, ParamSpec, Params};
use crate::reduce::View;
use crate::sync::{Lock, Value};
use crate::trace::{Event, ObjKind, Op, TraceLog};
use crate::{t, tf, tn};

pub struct SharedValue;

const SCOPES: &[&str] = &["loop", "add"];

const LOCK: Flag = Flag::new(
    "lock",
    tn!("Use the lock"),
    true,
    tn!("l.acquire() / l.release() around the adds"),
);
const SCOPE: Choice = Choice::new(
    "scope",
    tn!("Lock scope"),
    SCOPES,
    0,
    tn!("loop: the lock is held for the whole loop (the notes); add: for each add only"),
);
const WORKERS: Int = Int::new(
    "workers",
    tn!("Processes"),
    2,
    6,
    2,
    tn!("process i adds 2i+1 (1, 3, 5, ...)"),
);
const TIMES: Int = Int::new(
    "times",
    tn!("Adds per process"),
    1,
    10,
    5,
    tn!("how many times each process adds"),
)
.bound("for _ in range(", "):");
const GAP: Float = Float::new(
    "gap",
    tn!("Gap between read and write (s)"),
    0.0,
    0.1,
    0.01,
    0.0,
    tn!("time between reading v.value and writing it back: widens the race window"),
);
const PARAMS: &[ParamSpec] = &[LOCK.0, SCOPE.0, WORKERS.0, TIMES.0, GAP.0];

/// What process `i` adds.
fn step(i: usize) -> i64 {
    2 * i as i64 + 1
}

impl Lesson for SharedValue {
    fn id(&self) -> &'static str {
        "shared-value"
    }
    fn number(&self) -> &'static str {
        "L4"
    }
    fn title(&self) -> &'static str {
        t!("Process lock and shared memory: mp.Lock, mp.Value")
    }
    fn group(&self) -> Group {
        Group::Processes
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let lock = p.of(&LOCK);
        let per_add = p.of(&SCOPE) == 1;
        let gap = p.of(&GAP);
        let (outer_a, outer_r, inner_a, inner_r) = match (lock, per_add) {
            (false, _) => ("", "", "", ""),
            (true, false) => ("    l.acquire()  # lock\n", "    l.release()  # unlock\n", "", ""),
            (true, true) => ("", "", "        l.acquire()\n", "        l.release()\n"),
        };
        let add = if gap > 0.0 {
            format!("        x = v.value                # read\n        time.sleep({gap})\n        v.value = x + num          # write\n")
        } else {
            "        v.value += num             # read, then write\n".to_string()
        };
        let procs: String = (0..p.count(&WORKERS))
            .map(|i| format!("    p{i} = mp.Process(target=job, args=(v, {}, l))\n", step(i)))
            .collect();
        let starts: String = (0..p.count(&WORKERS))
            .map(|i| format!("    p{i}.start()\n"))
            .collect();
        let joins: String = (0..p.count(&WORKERS))
            .map(|i| format!("    p{i}.join()\n"))
            .collect();
        format!(
            "import multiprocessing as mp\nimport time\n\ndef job(v, num, l):\n{outer_a}    for _ in range({times}):\n        time.sleep(0.1)\n{inner_a}{add}{inner_r}        print(v.value, end=\"|\")\n{outer_r}\ndef multicore():\n    l = mp.Lock()          # a process lock\n    v = mp.Value('i', 0)   # shared memory\n{procs}{starts}{joins}\nif __name__ == '__main__':\n    multicore()\n",
            times = p.of(&TIMES),
        )
    }

    fn explain(&self) -> &'static str {
        t!("mp.Value lives in memory every process shares; v.value += num reads it, then writes it back. \
         With the lock held around the loop, one process does all its adds before the other starts: the holds \
         never overlap and the total is exact. Turn the lock off and the adds interleave; widen the gap between \
         read and write and two processes read the same value, so one update overwrites the other: a lost update.")
    }

    fn modelled(&self) -> Option<&'static str> {
        Some(t!("Each \"process\" is a real Web Worker with its own copy of the program's objects and its own GIL (a browser tab cannot start OS processes); the mp.Value and mp.Lock are shared by both, in shared memory, and v.value += num is a read and then a write, as in CPython."))
    }

    fn expected(&self, p: &Params) -> String {
        let total: i64 = (0..p.count(&WORKERS)).map(step).sum::<i64>() * p.of(&TIMES);
        if p.of(&LOCK) {
            tf!(
                "Final value {total}, exactly. {order} Lock holds never overlap.",
                total,
                order = if p.of(&SCOPE) == 0 {
                    t!(
                        "Each process prints its whole run of values before the next starts (e.g. \
                        1|2|3|4|5|8|11|14|17|20| with the defaults)."
                    )
                } else {
                    t!("Adds interleave, one at a time.")
                }
            )
        } else if p.of(&GAP) > 0.0 {
            tf!(
                "Adds interleave; with a gap, processes read the same value and overwrite each other: lost updates, \
                 final value below {total}.",
                total
            )
        } else {
            tf!(
                "Adds interleave (e.g. 1|4|5|8|...); the final value is usually still {total}, since a read and its \
                 write are adjacent.",
                total
            )
        }
    }

    fn threads(&self, p: &Params) -> usize {
        p.count(&WORKERS) + 1
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (n, times, gap) = (p.count(&WORKERS), p.count(&TIMES), p.of(&GAP));
        let lock_on = p.of(&LOCK);
        let whole_loop = p.of(&SCOPE) == 0;
        Box::new(move |ctx| {
            let l = Lock::new(ctx, "l");
            let v = Value::new(ctx, "v", 0);
            let mut ps = Vec::new();
            for i in 0..n {
                let (l, v) = (l.clone(), v.clone());
                // The process's copy of the parent's state is empty: all it
                // shares is what it was given (v and l), as with mp.Process.
                ps.push(ctx.spawn_process(None, &(), move |c, ()| {
                    if lock_on && whole_loop {
                        l.acquire(c)?;
                    }
                    for _ in 0..times {
                        c.sleep(0.1)?;
                        if lock_on && !whole_loop {
                            l.acquire(c)?;
                        }
                        v.add(c, step(i), gap)?;
                        if lock_on && !whole_loop {
                            l.release(c)?;
                        }
                        // print(v.value): a fresh read, as in Python.
                        let now = v.load(c)?;
                        c.print(now.to_string())?;
                    }
                    if lock_on && whole_loop {
                        l.release(c)?;
                    }
                    Ok(())
                })?);
            }
            for p in &ps {
                p.join(ctx)?;
            }
            Ok(())
        })
    }

    fn check(&self, p: &Params, _log: &TraceLog, view: &View) -> Vec<Check> {
        let total: i64 = (0..p.count(&WORKERS)).map(step).sum::<i64>() * p.of(&TIMES);
        // `v.value` as the interpreter names it, `v` in the model.
        let Some((id, v)) = view.value_named("v.value").or_else(|| view.value_named("v")) else {
            return vec![Check::new(t!("value exists"), false, "")];
        };
        let mut out = Vec::new();
        let lost = v.lost_total();
        if p.of(&LOCK) {
            out.push(Check::new(
                tf!("final value is exactly {total}", total),
                v.value == total,
                tf!("got {value}", value = v.value),
            ));
            let holds = view.lock_named("l").map(|l| l.holds.clone()).unwrap_or_default();
            let mut sorted = holds.clone();
            sorted.sort_by_key(|h| h.1);
            // Demo-time tolerance: the workers' clock skew at the top speed.
            let skew = crate::clock::CROSS_THREAD_SKEW_NS * crate::clock::MAX_SPEED as u64;
            let overlap = sorted.windows(2).any(|w| w[0].2 > w[1].1 + skew);
            out.push(Check::new(
                t!("lock holds never overlap"),
                !overlap,
                tf!("{n} holds", n = holds.len()),
            ));
            out.push(Check::new(
                t!("no lost updates"),
                lost == 0,
                tf!("{lost} lost", lost),
            ));
            if p.of(&SCOPE) == 0 {
                // Each process's values are consecutive in the output.
                let printed: Vec<&str> = view.output.iter().map(|l| l.text.as_str()).collect();
                let mut runs = 0;
                let mut last = 0;
                for line in &view.output {
                    if line.tid != last {
                        runs += 1;
                        last = line.tid;
                    }
                }
                out.push(Check::new(
                    t!("whole-loop lock: each process prints all its values in one run"),
                    runs == p.count(&WORKERS),
                    printed.join("|") + "|",
                ));
            }
        } else {
            let dropped = view.lost_amount(id);
            out.push(Check::new(
                t!("final value = total minus exactly what the lost updates overwrote"),
                v.value == total - dropped,
                tf!(
                    "final {value} of {total}; {lost} lost update(s) in the trace dropped {dropped}",
                    value = v.value,
                    total,
                    lost,
                    dropped
                ),
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match e.op {
            Op::Acquire => "l.acquire()",
            Op::Release => "l.release()",
            Op::Sleep if e.value == 100_000_000 => "time.sleep(0.1)",
            Op::Sleep => "time.sleep(",
            Op::Load => {
                if p.of(&GAP) > 0.0 {
                    "x = v.value"
                } else {
                    "v.value += num"
                }
            }
            Op::Store => {
                if p.of(&GAP) > 0.0 {
                    "v.value = x + num"
                } else {
                    "v.value += num"
                }
            }
            Op::Print => "print(v.value",
            Op::Join => ".join()",
            _ => return None,
        };
        line_of(&code, needle)
    }
}
