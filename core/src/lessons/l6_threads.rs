//! L6. Threads: `threading.Thread`, `current_thread()`, shared variables.
//!
//! Named threads keep their names (`thread 1`); unnamed ones are
//! `Thread-1`, `Thread-2`, ...; the main thread is `MainThread`. Threads
//! share every variable: an increment by one is seen by all.

use super::{line_of, Body, Check, Flag, Float, Group, Int, Lesson, ParamSpec, Params};
use crate::reduce::View;
use crate::sync::{Lock, Value};
use crate::trace::{Event, ObjKind, Op, TraceLog};
use crate::{t, tf, tn, tp};

pub struct Threads;

const THREADS: Int = Int::new("threads", tn!("Threads"), 1, 10, 2, tn!("how many threads start"));
const NAMED: Flag = Flag::new(
    "named",
    tn!("Name them"),
    true,
    tn!("name=\"thread N\"; off: Python's defaults Thread-1 (run), Thread-2 (run), ..."),
);
const WORK: Float = Float::new(
    "work",
    tn!("Work before printing (s)"),
    0.0,
    1.0,
    0.05,
    0.0,
    tn!("time.sleep before each thread prints: lets start order and print order differ"),
);
const PARAMS: &[ParamSpec] = &[THREADS.0, NAMED.0, WORK.0];

impl Lesson for Threads {
    fn id(&self) -> &'static str {
        "threads"
    }
    fn number(&self) -> &'static str {
        "L6"
    }
    fn title(&self) -> &'static str {
        t!("Threads: threading.Thread, current_thread(), shared variables")
    }
    fn group(&self) -> Group {
        Group::Threads
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let n = p.of(&THREADS);
        let create: String = (1..=n)
            .map(|i| {
                if p.of(&NAMED) {
                    format!("    t{i} = threading.Thread(target=run, args=(\"thread {i}\",), name=\"thread {i}\")\n")
                } else {
                    format!("    t{i} = threading.Thread(target=run, args=(\"task {i}\",))\n")
                }
            })
            .collect();
        let start: String = (1..=n).map(|i| format!("    t{i}.start()\n")).collect();
        let join: String = (1..=n).map(|i| format!("    t{i}.join()\n")).collect();
        let work = match p.of(&WORK) {
            w if w > 0.0 => format!("    time.sleep({w})\n"),
            _ => String::new(),
        };
        format!(
            "import threading\nimport time\n\ncounter = 0          # shared by every thread\nlock = threading.Lock()\n\ndef run(n):\n    global counter\n{work}    print(\"current task:\", n, \"in\", threading.current_thread().name)\n    with lock:\n        counter += 1\n\nif __name__ == \"__main__\":\n    print(threading.current_thread().name)\n{create}{start}{join}    print(\"counter =\", counter)\n"
        )
    }

    fn explain(&self) -> &'static str {
        t!("A process starts with one thread, MainThread, which can start more. Each has a name: the one you \
         give it, or Thread-1 (run), Thread-2 (run), ... (3.10 added the target's name). Threads are started in order, but nothing makes them print in \
         order: add some work before the print and watch the order change. Unlike processes (L2), threads \
         share every variable: the counter every thread increments is the same one MainThread reads.")
    }

    fn expected(&self, p: &Params) -> String {
        let n = p.of(&THREADS);
        let names = if p.of(&NAMED) {
            "thread 1, thread 2, ..."
        } else {
            "Thread-1 (run), Thread-2 (run), ..."
        };
        tp!(
            n,
            "MainThread starts {n} thread named {names}; counter = {n} when MainThread reads it after join().",
            "MainThread starts {n} threads named {names}; counter = {n} when MainThread reads it after join().",
            names
        )
    }

    fn threads(&self, p: &Params) -> usize {
        p.count(&THREADS) + 1
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (n, named, work) = (p.count(&THREADS), p.of(&NAMED), p.of(&WORK));
        Box::new(move |ctx| {
            let counter = Value::new(ctx, "counter", 0);
            let lock = Lock::new(ctx, "lock");
            ctx.print(ctx.name())?;
            let mut ts = Vec::new();
            for i in 1..=n {
                let (counter, lock) = (counter.clone(), lock.clone());
                let task = if named {
                    format!("thread {i}")
                } else {
                    format!("task {i}")
                };
                let name = named.then(|| format!("thread {i}"));
                ts.push(ctx.spawn(name.as_deref(), move |c| {
                    if work > 0.0 {
                        c.sleep(work)?;
                    }
                    c.print(format!("current task: {task} in {}", c.name()))?;
                    lock.acquire(c)?;
                    counter.add(c, 1, 0.0)?;
                    lock.release(c)
                })?);
            }
            for t in &ts {
                t.join(ctx)?;
            }
            let v = counter.load(ctx)?;
            ctx.print(format!("counter = {v}"))
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let n = p.count(&THREADS);
        let names: Vec<&str> = log.threads().map(|t| t.1).collect();
        let want: Vec<String> = (1..=n)
            .map(|i| {
                if p.of(&NAMED) {
                    format!("thread {i}")
                } else {
                    format!("Thread-{i}")
                }
            })
            .collect();
        // CPython 3.10+ adds the target's name to a default name:
        // `Thread-1 (run)`.
        let has = |w: &str| names.iter().any(|n| *n == w || *n == format!("{w} (run)"));
        let all_named = want.iter().all(|w| has(w)) && names.contains(&"MainThread");
        vec![
            Check::new(t!("threads carry Python's names"), all_named, names.join(", ")),
            Check::new(
                tf!("the shared counter reads {n} in MainThread", n),
                view.output
                    .last()
                    .is_some_and(|l| l.text == format!("counter = {n}")),
                view.output.last().map(|l| l.text.clone()).unwrap_or_default(),
            ),
        ]
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match e.op {
            Op::Sleep => "time.sleep(",
            Op::Print if e.tid == 1 => return None,
            Op::Print => "print(\"current task",
            Op::Acquire | Op::Release => "with lock:",
            Op::Load | Op::Store if e.tid != 1 => "counter += 1",
            Op::Join => ".join()",
            Op::Spawn => ".start()",
            _ => return None,
        };
        line_of(&code, needle)
    }
}
