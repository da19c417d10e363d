//! L9. Thread-safe queue (`queue.Queue`) with many producers and consumers.
//!
//! All locking is inside the queue. Producers block when it is full,
//! consumers when it is empty; `q.join()` returns once every item put has
//! been marked `task_done()`.

use super::{line_of, Body, Check, Float, Group, Int, Lesson, ParamSpec, Params};
use crate::reduce::View;
use crate::sync::Queue;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};
use crate::{t, tf, tn};

pub struct ThreadQueue;

const PRODUCERS: Int = Int::new(
    "producers",
    tn!("Producers"),
    1,
    6,
    2,
    tn!("threads that put items"),
)
.bound("for k in range(", ")]");
const CONSUMERS: Int = Int::new(
    "consumers",
    tn!("Consumers"),
    1,
    6,
    2,
    tn!("threads that get items"),
)
.bound("target=consumer) for _ in range(", ")]");
const CAPACITY: Int = Int::new("capacity", tn!("Queue(maxsize)"), 0, 10, 3, tn!("0 = unbounded"))
    .bound("queue.Queue(maxsize=", ")");
const ITEMS: Int = Int::new("items", tn!("Items per producer"), 1, 20, 6, "").bound("for i in range(", "):");
const PRODUCE: Float = Float::new(
    "produce",
    tn!("Time to produce (s)"),
    0.0,
    2.0,
    0.1,
    0.2,
    tn!("time.sleep before each put"),
)
.bound("time.sleep(", ")          # produce");
const CONSUME: Float = Float::new(
    "consume",
    tn!("Time to consume (s)"),
    0.0,
    2.0,
    0.1,
    0.5,
    tn!("time.sleep after each get, before task_done"),
)
.bound("time.sleep(", ")          # consume");
const PARAMS: &[ParamSpec] = &[
    PRODUCERS.0,
    CONSUMERS.0,
    CAPACITY.0,
    ITEMS.0,
    PRODUCE.0,
    CONSUME.0,
];

/// The "no more items" marker each consumer receives once the work is done.
const STOP: i64 = -1;

impl Lesson for ThreadQueue {
    fn id(&self) -> &'static str {
        "queue"
    }
    fn number(&self) -> &'static str {
        "L9"
    }
    fn title(&self) -> &'static str {
        t!("Thread-safe queue: queue.Queue, producers and consumers")
    }
    fn group(&self) -> Group {
        Group::Threads
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        format!(
            r#"import queue
import threading
import time

q = queue.Queue(maxsize={cap})

def producer(k):
    for i in range({items}):
        time.sleep({produce})          # produce an item
        q.put(k * 100 + i)            # blocks while the queue is full

def consumer():
    while True:
        item = q.get()                # blocks while the queue is empty
        if item is None:
            break
        time.sleep({consume})          # consume it
        q.task_done()

producers = [threading.Thread(target=producer, args=(k,)) for k in range({np})]
consumers = [threading.Thread(target=consumer) for _ in range({nc})]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
q.join()                              # until every item is task_done()
for _ in consumers:
    q.put(None)                       # tell each consumer to stop
"#,
            cap = p.of(&CAPACITY),
            items = p.of(&ITEMS),
            produce = p.of(&PRODUCE),
            consume = p.of(&CONSUME),
            np = p.of(&PRODUCERS),
            nc = p.of(&CONSUMERS),
        )
    }

    fn explain(&self) -> &'static str {
        t!("The queue does all the locking: producers put, consumers get, and nobody touches a lock. Watch the \
         depth: when producers are faster it fills up and they block on put; when consumers are faster it \
         empties and they block on get. q.join() waits until every item has been marked task_done(). Add \
         consumers and watch the throughput rise until producing becomes the bottleneck.")
    }

    fn expected(&self, p: &Params) -> String {
        let total = p.of(&PRODUCERS) * p.of(&ITEMS);
        let limit = if p.of(&CAPACITY) == 0 {
            t!("what producers put").to_string()
        } else {
            p.of(&CAPACITY).to_string()
        };
        tf!(
            "{total} items pass through; depth never exceeds {limit}; q.join() returns only after the {total}th task_done().",
            total,
            limit
        )
    }

    fn threads(&self, p: &Params) -> usize {
        p.count(&PRODUCERS) + p.count(&CONSUMERS) + 1
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (np, nc, cap, items) = (
            p.count(&PRODUCERS),
            p.count(&CONSUMERS),
            p.of(&CAPACITY),
            p.count(&ITEMS),
        );
        let (produce, consume) = (p.of(&PRODUCE), p.of(&CONSUME));
        Box::new(move |ctx| {
            let q: Queue<i64> = Queue::new(ctx, "q", cap);
            let mut producers = Vec::new();
            for k in 0..np {
                let q = q.clone();
                producers.push(ctx.spawn(None, move |c| {
                    for i in 0..items {
                        c.sleep(produce)?;
                        q.put(c, (k * 100 + i) as i64)?;
                    }
                    Ok(())
                })?);
            }
            for _ in 0..nc {
                let q = q.clone();
                ctx.spawn(None, move |c| loop {
                    let item = q.get(c)?;
                    if item == STOP {
                        return Ok(());
                    }
                    c.sleep(consume)?;
                    q.task_done(c)?;
                })?;
            }
            for t in &producers {
                t.join(ctx)?;
            }
            q.join(ctx)?;
            ctx.print("q.join() returned: every item is done")?;
            for _ in 0..nc {
                q.put(ctx, STOP)?;
            }
            Ok(())
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let total = p.count(&PRODUCERS) * p.count(&ITEMS);
        let cap = p.of(&CAPACITY);
        let dones = log
            .events
            .iter()
            .filter(|e| e.op == Op::TaskDone && e.phase == Phase::Done)
            .count();
        let last_done = log
            .events
            .iter()
            .filter(|e| e.op == Op::TaskDone && e.phase == Phase::Done)
            .map(|e| e.t_real)
            .max();
        let joined = log
            .events
            .iter()
            .find(|e| e.op == Op::WaitAll && e.phase == Phase::Done)
            .map(|e| e.t_real);
        let q = view.queues.values().next();
        let max_depth = q
            .map(|q| q.depth.iter().map(|d| d.1).max().unwrap_or(0))
            .unwrap_or(0);
        let mut out = vec![
            Check::new(
                tf!("all {total} items were consumed and marked done", total),
                dones == total,
                tf!("{dones} task_done()", dones),
            ),
            Check::new(
                t!("q.join() returned after the last task_done()"),
                joined.is_some() && joined >= last_done,
                "",
            ),
        ];
        if cap > 0 {
            out.push(Check::new(
                tf!("depth never exceeded maxsize {cap}", cap),
                max_depth as i64 <= cap,
                tf!("max depth {max_depth}", max_depth),
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match (e.op, e.tid) {
            (Op::Put, 1) => "q.put(None)",
            (Op::Put, _) => "q.put(k * 100 + i)",
            (Op::Get, _) => "item = q.get()",
            (Op::TaskDone, _) => "q.task_done()",
            (Op::WaitAll, _) => "q.join()",
            (Op::Sleep, _) if e.value == (p.of(&CONSUME) * 1e9) as i64 => "# consume it",
            (Op::Sleep, _) => "# produce an item",
            (Op::Join, _) => "t.join()",
            _ => return None,
        };
        line_of(&code, needle)
    }
}
