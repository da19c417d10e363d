//! L7. Thread lock (`threading.Lock`) and re-entrant lock (`RLock`).
//!
//! Five threads sleep 1 s, then `num += 1` under a lock: final 5. A `Lock`
//! is not re-entrant: the holder's second blocking `acquire()` waits forever
//! on itself. An `RLock` counts (2) and needs two releases. Releasing an
//! unlocked `Lock` raises `RuntimeError: release unlocked lock`.

use super::{line_of, Body, Check, Choice, Float, Group, Int, Lesson, ParamSpec, Params};
use crate::reduce::{waitfor, View};
use crate::sync::{Lock, RLock};
use crate::trace::{Event, ObjKind, Op, TraceLog};
use crate::{t, tf, tn, Ctx, Error, Result};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub struct Locks;

/// The variants, as share-link values.
pub const VARIANTS: &[&str] = &["counter", "rlock", "lock-twice", "release-unlocked"];

const VARIANT: Choice = Choice::new(
        "variant",
        tn!("Example"),
        VARIANTS,
        0,
        tn!("counter: five threads add under a Lock; rlock: nested acquire with an RLock; lock-twice: the same nesting with a plain Lock; release-unlocked: release() without acquire()"),
    );
const THREADS: Int = Int::new(
    "threads",
    tn!("Threads"),
    1,
    10,
    5,
    tn!("how many MyThread instances start"),
)
.bound("for i in range(", "):");
const SLEEP: Float = Float::new(
    "sleep",
    tn!("Sleep (s)"),
    0.0,
    2.0,
    0.1,
    1.0,
    tn!("time.sleep before or inside the lock"),
)
.bound("time.sleep(", ")");
const PARAMS: &[ParamSpec] = &[VARIANT.0, THREADS.0, SLEEP.0];

/// A lock that is a `Lock` or an `RLock`, so one body serves both variants.
#[derive(Clone)]
enum AnyLock {
    Plain(Lock),
    Reentrant(RLock),
}

impl AnyLock {
    fn acquire(&self, c: &Ctx) -> Result<()> {
        match self {
            AnyLock::Plain(l) => l.acquire(c),
            AnyLock::Reentrant(l) => l.acquire(c),
        }
    }
    fn release(&self, c: &Ctx) -> Result<()> {
        match self {
            AnyLock::Plain(l) => l.release(c),
            AnyLock::Reentrant(l) => l.release(c),
        }
    }
}

impl Lesson for Locks {
    fn id(&self) -> &'static str {
        "locks"
    }
    fn number(&self) -> &'static str {
        "L7"
    }
    fn title(&self) -> &'static str {
        t!("Thread lock and re-entrant lock: Lock vs RLock")
    }
    fn group(&self) -> Group {
        Group::Threads
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let (n, s) = (p.of(&THREADS), p.of(&SLEEP));
        match VARIANTS[p.of(&VARIANT)] {
            "counter" => format!(
                r#"import threading
import time

num = 0
mutex = threading.Lock()

class MyThread(threading.Thread):
    def run(self):
        global num
        time.sleep({s})

        if mutex.acquire(1):    # lock
            num = num + 1
            print(f'{{self.name}} : num value is  {{num}}')
        mutex.release()         # unlock

if __name__ == '__main__':
    for i in range({n}):
        t = MyThread()
        t.start()
"#
            ),
            v @ ("rlock" | "lock-twice") => {
                let ctor = if v == "rlock" { "RLock" } else { "Lock" };
                let note = if v == "rlock" {
                    "# RLock can be nested; Lock cannot"
                } else {
                    "# a plain Lock: the second acquire waits on itself"
                };
                format!(
                    r#"import threading
import time
{note}
mutex = threading.{ctor}()

class MyThread(threading.Thread):
    def run(self):
        if mutex.acquire(1):
            print("thread " + self.name + " get mutex")
            time.sleep({s})
            mutex.acquire()
            mutex.release()
        mutex.release()

if __name__ == '__main__':
    for i in range({n}):
        t = MyThread()
        t.start()
"#
                )
            }
            _ => r#"import threading

mutex = threading.Lock()
mutex.release()   # never acquired
# RuntimeError: release unlocked lock
"#
            .to_string(),
        }
    }

    fn explain(&self) -> &'static str {
        t!("A Lock lets one thread at a time through; the others wait in line. It does not know who holds it, so \
         a thread that acquires it again waits for itself forever: a deadlock with one thread, which the page \
         detects in the wait-for graph (an arrow from the thread back to itself). Reset frees it. An RLock \
         remembers its owner and counts: the owner's second acquire raises the count to 2, and it takes two \
         releases to let the next thread in.")
    }

    fn expected(&self, p: &Params) -> String {
        let n = p.of(&THREADS);
        match VARIANTS[p.of(&VARIANT)] {
            "counter" => tf!("Each thread prints the value it produced; the final value is {n}.", n),
            "rlock" => tf!(
                "Each of the {n} threads in turn holds the RLock with count 1, then 2, then releases twice.",
                n
            ),
            "lock-twice" => t!("The first thread to get the Lock (usually Thread-1) blocks forever on its own second acquire: a self-deadlock; every other thread waits behind it.").into(),
            // What Python prints: never translated.
            _ => "RuntimeError: release unlocked lock".into(),
        }
    }

    fn threads(&self, p: &Params) -> usize {
        match VARIANTS[p.of(&VARIANT)] {
            "release-unlocked" => 1,
            _ => p.count(&THREADS) + 1,
        }
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (n, s) = (p.count(&THREADS), p.of(&SLEEP));
        let variant = VARIANTS[p.of(&VARIANT)];
        Box::new(move |ctx| match variant {
            "counter" => {
                let mutex = Lock::new(ctx, "mutex");
                let num = Arc::new(AtomicI64::new(0));
                for _ in 0..n {
                    let (mutex, num) = (mutex.clone(), num.clone());
                    ctx.spawn(None, move |c| {
                        c.sleep(s)?;
                        mutex.acquire(c)?;
                        // Under the lock, so a plain load/store is safe.
                        let v = num.load(Ordering::SeqCst) + 1;
                        num.store(v, Ordering::SeqCst);
                        c.print(format!("{} : num value is  {v}", c.name()))?;
                        mutex.release(c)
                    })?;
                }
                Ok(())
            }
            "rlock" | "lock-twice" => {
                let mutex = if variant == "rlock" {
                    AnyLock::Reentrant(RLock::new(ctx, "mutex"))
                } else {
                    AnyLock::Plain(Lock::new(ctx, "mutex"))
                };
                for _ in 0..n {
                    let mutex = mutex.clone();
                    ctx.spawn(None, move |c| {
                        mutex.acquire(c)?;
                        c.print(format!("thread {} get mutex", c.name()))?;
                        c.sleep(s)?;
                        mutex.acquire(c)?;
                        mutex.release(c)?;
                        mutex.release(c)
                    })?;
                }
                Ok(())
            }
            _ => {
                let mutex = Lock::new(ctx, "mutex");
                match mutex.release(ctx) {
                    Err(Error::Py(_)) => Ok(()),
                    other => other,
                }
            }
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let n = p.count(&THREADS);
        match VARIANTS[p.of(&VARIANT)] {
            "counter" => {
                let values: Vec<String> = view
                    .output
                    .iter()
                    .filter_map(|l| l.text.rsplit(' ').next().map(String::from))
                    .collect();
                let want: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
                let holds = view.lock_named("mutex").map(|l| l.holds.len()).unwrap_or(0);
                vec![
                    Check::new(
                        tf!("final value is {n}", n),
                        values.last() == want.last(),
                        values.join(", "),
                    ),
                    Check::new(
                        t!("each thread produced a distinct value, 1 to n in order"),
                        values == want,
                        "",
                    ),
                    Check::new(
                        tf!("the lock was held {n} times, one at a time", n),
                        holds == n,
                        tf!("{holds} holds", holds),
                    ),
                ]
            }
            "rlock" => {
                let max_count = log
                    .events
                    .iter()
                    .filter(|e| e.op == Op::Acquire && e.phase == crate::trace::Phase::Done)
                    .map(|e| e.value)
                    .max();
                let free = view.lock_named("mutex").is_some_and(|l| l.holder.is_none());
                vec![
                    Check::new(
                        t!("the owner's second acquire raises the count to 2"),
                        max_count == Some(2),
                        "",
                    ),
                    Check::new(
                        if n == 1 {
                            t!("the one thread got the mutex").to_string()
                        } else {
                            tf!("all {n} threads got the mutex", n)
                        },
                        view.output.len() == n,
                        tf!("{k} got it", k = view.output.len()),
                    ),
                    Check::new(t!("two releases each: the RLock ends free"), free, ""),
                ]
            }
            "lock-twice" => {
                let d = waitfor::find_deadlock(view);
                let self_loop = d.as_ref().is_some_and(|d| d.cycle.len() == 1);
                vec![
                    Check::new(
                        t!("self-deadlock detected: a thread waits on a Lock it holds"),
                        self_loop,
                        d.map(|d| waitfor::explain(view, &d)).unwrap_or_default(),
                    ),
                    Check::new(
                        t!("only the first thread got the mutex"),
                        view.output.len() == 1,
                        tf!("{k} got it", k = view.output.len()),
                    ),
                ]
            }
            _ => vec![Check::new(
                t!("release() of an unlocked Lock raises RuntimeError: release unlocked lock"),
                log.raised()
                    .iter()
                    .any(|r| r.1 == "RuntimeError: release unlocked lock"),
                "",
            )],
        }
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let nested = VARIANTS[p.of(&VARIANT)] != "counter";
        let needle = match e.op {
            // The second acquire (count 2, or blocked while holding) is the nested one.
            // The nested acquire: count 2 (RLock), or a re-entry attempt
            // (value 1 on Request/Blocked) that a Lock never grants.
            Op::Acquire
                if nested && (e.value == 2 || (e.value == 1 && e.phase != crate::trace::Phase::Done)) =>
            {
                "            mutex.acquire()"
            }
            Op::Acquire => "mutex.acquire(1)",
            Op::Release if nested && e.value == 1 => "            mutex.release()",
            Op::Release => "mutex.release()",
            Op::Sleep => "time.sleep(",
            Op::Print => "print(",
            Op::Raise => "RuntimeError",
            _ => return None,
        };
        line_of(&code, needle)
    }
}
