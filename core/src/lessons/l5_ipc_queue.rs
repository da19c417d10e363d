//! L5. Inter-process queue (`multiprocessing.Queue`).
//!
//! A writer puts `A B C D` one second apart; a reader loops on a blocking
//! `q.get(True)` forever; the parent joins the writer, then terminates the
//! reader while it is still blocked in `get`. With a slow reader and a
//! bounded queue, what happens is decided by timing: [`timeline`] is the
//! small model of it the checks compare the run with.

use super::{line_of, Body, Check, Float, Group, Int, Lesson, ParamSpec, Params};
use crate::reduce::{LaneState, View};
use crate::sync::Queue;
use crate::trace::{Event, ObjId, ObjKind, Op, Phase, Tid, TraceLog};
use crate::{t, tf, tn, tp};
use std::collections::HashMap;

pub struct IpcQueue;

const ITEMS: Int = Int::new(
    "items",
    tn!("Items written"),
    1,
    8,
    4,
    tn!("the writer puts A, B, C, ... in order"),
);
const INTERVAL: Float = Float::new(
    "interval",
    tn!("Time between puts (s)"),
    0.0,
    2.0,
    0.1,
    1.0,
    tn!("time.sleep after each put"),
)
.bound("# write to the queue\n        time.sleep(", ")");
const MAXSIZE: Int = Int::new(
    "maxsize",
    "Queue(maxsize)",
    0,
    4,
    0,
    tn!("0 = unbounded; otherwise put blocks while the queue is full"),
)
.bound("q = Queue(maxsize=", ")");
const READ: Float = Float::new(
    "read",
    tn!("Reader's work per item (s)"),
    0.0,
    3.0,
    0.1,
    0.0,
    tn!("time the reader spends on each item; slower than the writer fills a bounded queue"),
);
const PARAMS: &[ParamSpec] = &[ITEMS.0, INTERVAL.0, MAXSIZE.0, READ.0];

fn letters(n: usize) -> Vec<char> {
    (0..n).map(|i| (b'A' + i as u8) as char).collect()
}

/// The lesson's timeline as CPython runs it, in seconds from the writer's
/// start, ignoring the microseconds each operation takes: put k completes at
/// `p_k = max(p_{k-1} + interval, g_{k-maxsize})` (a full queue makes it
/// wait for the reader), get k returns at `g_k = max(p_k, g_{k-1} + read)`,
/// and the parent terminates the reader once the writer's last sleep ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// When the writer reaches put k, and when that put completes.
    pub put_arrive: Vec<f64>,
    pub put: Vec<f64>,
    /// When the reader reaches get k (one more than there are items: the
    /// get that never returns), and when get k returns.
    pub get_arrive: Vec<f64>,
    pub get: Vec<f64>,
    /// When the parent terminates the reader.
    pub end: f64,
}

pub fn timeline(items: usize, interval: f64, maxsize: usize, read: f64) -> Timeline {
    let mut t = Timeline {
        put_arrive: Vec::new(),
        put: Vec::new(),
        get_arrive: vec![0.0],
        get: Vec::new(),
        end: 0.0,
    };
    for k in 0..items {
        let arrive = if k == 0 { 0.0 } else { t.put[k - 1] + interval };
        let room = if maxsize > 0 && k >= maxsize {
            t.get[k - maxsize]
        } else {
            0.0
        };
        t.put_arrive.push(arrive);
        t.put.push(arrive.max(room));
        t.get.push(t.put[k].max(t.get_arrive[k]));
        t.get_arrive.push(t.get[k] + read);
    }
    t.end = t.put.last().map_or(0.0, |p| p + interval);
    t
}

/// What the timeline decides, allowing `tol` seconds either way for the
/// wake-up latency of real threads: where two events are closer than
/// that, either order is what CPython could do, and the prediction is a
/// range.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub items: usize,
    /// Items the reader gets (and prints) before terminate(), lo..=hi.
    pub read: (usize, usize),
    /// The get closest to the terminate and how far from it (s), when
    /// that decides the count.
    pub read_margin: Option<(usize, f64)>,
    /// Some(true): terminate() finds the reader blocked in get, having
    /// read everything; Some(false): working on an item (its sleep);
    /// None: too close to call.
    pub in_get: Option<bool>,
    /// The margin that decides where terminate() finds the reader (s).
    pub in_get_margin: f64,
    /// Times the reader waits in get on an empty queue after its first
    /// item, lo..=hi.
    pub gets_blocked: (usize, usize),
    /// Times the writer waits in put on a full queue, lo..=hi.
    pub puts_blocked: (usize, usize),
}

/// [`predict_with`] for the lesson's parameters.
pub fn predict(p: &Params, tol: f64) -> Prediction {
    predict_with(
        p.count(&ITEMS),
        p.of(&INTERVAL),
        p.count(&MAXSIZE),
        p.of(&READ),
        tol,
    )
}

pub fn predict_with(items: usize, interval: f64, maxsize: usize, read: f64, tol: f64) -> Prediction {
    let t = timeline(items, interval, maxsize, read);
    let end = t.end;
    let read_lo = t.get.iter().filter(|g| **g < end - tol).count();
    let read_hi = t.get.iter().filter(|g| **g <= end + tol).count();
    let read_margin = t
        .get
        .iter()
        .enumerate()
        .map(|(k, g)| (k, g - end))
        .min_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
    // Blocked in get: after its last item the reader asks for one more,
    // which never comes. Working: the end falls inside the work (sleep) on
    // the last item got before it.
    let asks = end - t.get_arrive[items];
    let works = t
        .get
        .iter()
        .rev()
        .find(|g| **g <= end)
        .map_or(f64::NEG_INFINITY, |g| (end - g).min(g + read - end));
    let (in_get, in_get_margin) = if asks > tol {
        (Some(true), asks)
    } else if works > tol {
        (Some(false), works)
    } else {
        (None, if asks.abs() < works.abs() { asks } else { works })
    };
    // Get k (k >= 1) waits when the reader asks before the writer puts;
    // the get after the last item waits if the reader asks before the end.
    let mut gets = (0, 0);
    for k in 1..=items {
        let ready = if k < items { t.put[k] } else { end };
        let wait = ready - t.get_arrive[k];
        gets.0 += usize::from(wait > tol);
        gets.1 += usize::from(wait > -tol);
    }
    // Put k waits when item k - maxsize is still in the queue.
    let mut puts = (0, 0);
    if maxsize > 0 {
        for k in maxsize..items {
            let wait = t.get[k - maxsize] - t.put_arrive[k];
            puts.0 += usize::from(wait > tol);
            puts.1 += usize::from(wait > -tol);
        }
    }
    Prediction {
        items,
        read: (read_lo, read_hi),
        read_margin,
        in_get,
        in_get_margin,
        gets_blocked: gets,
        puts_blocked: puts,
    }
}

/// How far the run's threads fell behind the timeline, in demo ns, summed
/// over the run (an upper bound on how far any chain of it drifted): each
/// sleep's overshoot, each blocked operation's wait past the event that
/// released it (the other side's put or get, the joined thread's end), all
/// time between a thread's steps where the timeline has none (a runnable
/// thread the machine did not run), and the reader's start after the
/// writer's. Measured from timing alone, never from what the queue did,
/// so a wrong outcome cannot widen it.
pub fn lateness(log: &TraceLog) -> u64 {
    let mut total = 0u64;
    let mut prev: HashMap<Tid, Event> = HashMap::new();
    let mut last_done: HashMap<ObjId, (Tid, u64)> = HashMap::new();
    let mut ended: HashMap<i64, u64> = HashMap::new();
    let mut began: HashMap<&str, u64> = HashMap::new();
    for e in &log.events {
        let late = match prev.get(&e.tid) {
            None => 0,
            Some(b) => {
                let gap = e.t_demo.saturating_sub(b.t_demo);
                match (b.op, b.phase, e.phase) {
                    // Cut short by terminate(): not behind, just ended.
                    (_, Phase::Begin | Phase::Blocked, Phase::Interrupted) => 0,
                    (Op::Sleep, Phase::Begin, Phase::End) => gap.saturating_sub(e.value.max(0) as u64),
                    (Op::Join, Phase::Blocked, Phase::Done) => {
                        ended.get(&e.value).map_or(0, |t| e.t_demo.saturating_sub(*t))
                    }
                    (_, Phase::Blocked, Phase::Done) => last_done
                        .get(&e.obj)
                        .filter(|(t, _)| *t != e.tid)
                        .map_or(0, |(_, at)| e.t_demo.saturating_sub(*at)),
                    _ => gap,
                }
            }
        };
        total += late;
        match (e.op, e.phase) {
            (Op::Run, Phase::Begin) => {
                began.insert(log.thread_name(e.tid).unwrap_or(""), e.t_demo);
            }
            (Op::Run, Phase::End) => {
                ended.insert(e.tid as i64, e.t_demo);
            }
            (_, Phase::Done) if e.obj != 0 => {
                last_done.insert(e.obj, (e.tid, e.t_demo));
            }
            _ => {}
        }
        prev.insert(e.tid, *e);
    }
    if let (Some(w), Some(r)) = (began.get("Process-1"), began.get("Process-2")) {
        total += r.saturating_sub(*w);
    }
    total
}

/// The first k letters: "A B C".
fn prefix(k: usize) -> String {
    letters(k)
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "once", "2 times".
fn times(k: usize) -> String {
    tp!(k, "once", "{n} times")
}

impl Lesson for IpcQueue {
    fn id(&self) -> &'static str {
        "ipc-queue"
    }
    fn number(&self) -> &'static str {
        "L5"
    }
    fn title(&self) -> &'static str {
        t!("Inter-process queue: multiprocessing.Queue, terminate()")
    }
    fn group(&self) -> Group {
        Group::Processes
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let items = letters(p.count(&ITEMS))
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        // Always written, so the slider has a literal to edit (0 is
        // unbounded, as in CPython).
        let maxsize = format!("maxsize={}", p.of(&MAXSIZE));
        let work = match p.of(&READ) {
            r if r > 0.0 => format!("\n        time.sleep({r})  # work on the item"),
            _ => String::new(),
        };
        format!(
            r#"from multiprocessing import Process, Queue
import os, time

def write(q):
    print("writer starts")
    for i in [{items}]:
        q.put(i)  # write to the queue
        time.sleep({interval})
    print("writer ends")

def read(q):
    print("reader starts")
    while True:  # blocks, waiting for what write puts
        value = q.get(True)
        print(value){work}
    print("reader ends")  # never runs

if __name__ == "__main__":
    q = Queue({maxsize})
    pw = Process(target=write, args=(q,))
    pr = Process(target=read, args=(q,))
    pw.start()
    pr.start()

    pw.join()
    # pr loops forever: it can only be ended by force
    pr.terminate()
    print("parent ends")
"#,
            interval = p.of(&INTERVAL),
        )
    }

    fn explain(&self) -> &'static str {
        t!("The reader spends most of its life blocked in q.get(True) on an empty queue; each put wakes it, and \
         it gets the items in the order they were put (FIFO). When the writer is done, the parent terminates \
         the reader while it is still blocked: the only way out of its endless loop. Give the queue a maxsize \
         and make the reader slow, and the writer may block on a full queue instead: only if the reader falls \
         maxsize items behind before the writer is done. A slow reader is cut off when the writer ends, with \
         items still unread.")
    }

    fn modelled(&self) -> Option<&'static str> {
        Some(t!("The writer and reader \"processes\" are real Web Workers, each with its own copy of the program's objects and its own GIL (a browser tab cannot start OS processes); the Queue between them is a real blocking queue in shared memory, and what is put is copied, as pickling does."))
    }

    fn expected(&self, p: &Params) -> String {
        let n = p.count(&ITEMS);
        // CPython's own timing noise is a few milliseconds: events closer
        // than 50 ms could go either way.
        let pr = predict(p, 0.05);
        let all = letters(n)
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let mut s = match pr.read {
            (lo, hi) if lo == hi && lo == n => tf!("The reader prints {all} in order (FIFO)", all),
            (0, 0) => tf!(
                "The writer is done first: the parent terminates the reader before it prints any of {all}",
                all
            ),
            (lo, hi) if lo == hi => tf!(
                "The writer is done first: the reader prints only {some} of {all}, in order, before the parent \
                 terminates it",
                some = prefix(lo),
                all
            ),
            (lo, hi) => tf!(
                "The reader prints between {lo} and {hi} of {all}, in order, before the parent terminates it \
                 (whether it gets {next} in time is too close to call)",
                lo,
                hi,
                all,
                next = letters(n)[lo]
            ),
        };
        match pr.gets_blocked {
            (0, 0) => {}
            (lo, hi) if lo == hi => {
                s += &tf!(
                    "; after A it waits in get on the empty queue {times}",
                    times = times(lo)
                )
            }
            (lo, hi) => {
                s += &tf!(
                    "; after A it waits in get on the empty queue {lo} to {hi} times",
                    lo,
                    hi
                )
            }
        }
        s += match pr.in_get {
            Some(true) => t!(". When the writer is done, the parent terminates the reader while it is blocked in get."),
            Some(false) => t!(
                ". When the writer is done, the parent terminates the reader in the middle of its work on an item."
            ),
            None => t!(
                ". When the writer is done, the parent terminates the reader (blocked in get or still working: too \
                 close to call)."
            ),
        };
        if p.of(&MAXSIZE) > 0 {
            s += &match pr.puts_blocked {
                (0, 0) => tf!(
                    " The queue never fills: the writer never waits in put (maxsize {maxsize}).",
                    maxsize = p.of(&MAXSIZE)
                ),
                (lo, hi) if lo == hi => tf!(
                    " The writer waits in put on the full queue {times}.",
                    times = times(lo)
                ),
                (lo, hi) => tf!(
                    " The writer waits in put on the full queue {lo} to {hi} times (too close to call).",
                    lo,
                    hi
                ),
            };
        }
        s
    }

    fn threads(&self, _p: &Params) -> usize {
        3
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (items, interval, maxsize, read) = (
            letters(p.count(&ITEMS)),
            p.of(&INTERVAL),
            p.of(&MAXSIZE),
            p.of(&READ),
        );
        Box::new(move |ctx| {
            let q: Queue<char> = Queue::new(ctx, "q", maxsize);
            let qw = q.clone();
            let pw = ctx.spawn_process(None, &(), move |c, ()| {
                c.print("writer starts")?;
                for i in items {
                    qw.put(c, i)?;
                    c.sleep(interval)?;
                }
                c.print("writer ends")
            })?;
            let qr = q.clone();
            let pr = ctx.spawn_process(None, &(), move |c, ()| {
                c.print("reader starts")?;
                loop {
                    let value = qr.get(c)?;
                    c.print(value.to_string())?;
                    if read > 0.0 {
                        c.sleep(read)?;
                    }
                }
            })?;
            pw.join(ctx)?;
            pr.terminate(ctx)?;
            pr.join(ctx)?;
            ctx.print("parent ends")
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let n = p.count(&ITEMS);
        let want: Vec<String> = letters(n).iter().map(|c| c.to_string()).collect();
        let got: Vec<String> = view
            .output
            .iter()
            .filter(|l| l.text.len() == 1)
            .map(|l| l.text.clone())
            .collect();
        let reader = view.lane_by_name("Process-2");
        let reader_tid = reader.map(|l| l.tid).unwrap_or(0);
        let ev = |op: Op, phase: Phase| {
            log.events
                .iter()
                .filter(move |e| e.tid == reader_tid && e.op == op && e.phase == phase)
        };
        // Waits on the empty queue after the first item (whether A is
        // already there when the reader first asks is a race of their
        // starts, in CPython too).
        let first_get = log
            .events
            .iter()
            .position(|e| e.tid == reader_tid && e.op == Op::Get && e.phase == Phase::Done);
        let blocked_gets = first_get.map_or(0, |i| {
            log.events[i..]
                .iter()
                .filter(|e| e.tid == reader_tid && e.op == Op::Get && e.phase == Phase::Blocked)
                .count()
        });
        let killed_in_get = ev(Op::Get, Phase::Interrupted).next().is_some();
        let killed_working = ev(Op::Sleep, Phase::Interrupted).next().is_some();
        let terminated = reader.is_some_and(|l| l.terminated && l.state == LaneState::Done);
        let blocked_puts = log
            .events
            .iter()
            .filter(|e| e.op == Op::Put && e.phase == Phase::Blocked)
            .count();
        // Wake-up latency of real threads, in demo time: 30 ms of real time
        // at this run's speed, plus 50 ms, plus how late this run's threads
        // actually woke (a loaded machine can hold a thread back longer).
        let tol = (super::latency_allowance_ns(log, 30.0) + 50_000_000 + lateness(log)) as f64 / 1e9;
        let pr = predict(p, tol);
        let close = t!("too close to call at this speed, either is what CPython could do");

        let mut out = vec![Check::new(
            t!("the reader gets items in FIFO order"),
            want.starts_with(&got),
            got.join(" "),
        )];
        let (lo, hi) = pr.read;
        let read_label = if lo == hi && lo == n {
            if n == 1 {
                t!("the reader gets the one item before terminate()").to_string()
            } else {
                tf!("the reader gets all {n} items before terminate()", n)
            }
        } else if lo == hi {
            tf!(
                "the writer is done first: terminate() ends the slow reader after it has read {lo} of {n}",
                lo,
                n
            )
        } else {
            let (k, d) = pr.read_margin.unwrap_or((lo, 0.0));
            let (item, secs) = (&want[k], format!("{:.2}", d.abs()));
            if d < 0.0 {
                tf!(
                    "the reader reads {lo} to {hi} of {n} items before terminate(): it gets {item} {secs} s before \
                     the writer's last sleep ends, {close}",
                    lo,
                    hi,
                    n,
                    item,
                    secs,
                    close
                )
            } else {
                tf!(
                    "the reader reads {lo} to {hi} of {n} items before terminate(): it gets {item} {secs} s after \
                     the writer's last sleep ends, {close}",
                    lo,
                    hi,
                    n,
                    item,
                    secs,
                    close
                )
            }
        };
        out.push(Check::new(
            read_label,
            (lo..=hi).contains(&got.len()),
            tf!("it read {got} of {n}", got = got.len(), n),
        ));
        let (label, ok) = match pr.in_get {
            Some(true) => (
                t!("terminate() ends the reader while it is blocked in get, waiting for an item that never comes")
                    .to_string(),
                killed_in_get,
            ),
            Some(false) => (
                t!("terminate() ends the slow reader in the middle of its work on an item (its time.sleep)").to_string(),
                killed_working,
            ),
            None => (
                tf!(
                    "terminate() ends the reader, blocked in get or still working on an item: its last step is {secs} \
                     s from the writer's end, {close}",
                    secs = format!("{:.2}", pr.in_get_margin.abs()),
                    close
                ),
                true,
            ),
        };
        out.push(Check::new(
            label,
            terminated && ok,
            if killed_in_get {
                t!("it was blocked in get")
            } else if killed_working {
                t!("it was working on an item")
            } else {
                t!("it was between the two")
            },
        ));
        let (lo, hi) = pr.gets_blocked;
        out.push(Check::new(
            match (lo, hi) {
                (0, 0) => {
                    t!("after A, the reader never waits on an empty queue: the next item is always there")
                        .to_string()
                }
                (lo, hi) if lo == hi => tf!(
                    "after A, the reader waits in get on the empty queue {times}, for the writer",
                    times = times(lo)
                ),
                (lo, hi) => tf!(
                    "after A, the reader waits in get on the empty queue {lo} to {hi} times ({close})",
                    lo,
                    hi,
                    close
                ),
            },
            (lo..=hi).contains(&blocked_gets),
            tf!("it waited {times}", times = times(blocked_gets)),
        ));
        let maxsize = p.of(&MAXSIZE);
        if maxsize > 0 {
            let depth_ok = view
                .queues
                .values()
                .next()
                .is_some_and(|q| q.depth.iter().all(|(_, d)| *d as i64 <= maxsize));
            out.push(Check::new(
                tf!("the queue never holds more than {maxsize}", maxsize),
                depth_ok,
                "",
            ));
            let (lo, hi) = pr.puts_blocked;
            out.push(Check::new(
                match (lo, hi) {
                    (0, 0) => {
                        tf!(
                            "the queue never fills: the writer never waits in put (maxsize {maxsize})",
                            maxsize
                        )
                    }
                    (lo, hi) if lo == hi => tf!(
                        "the writer waits in put on the full queue {times}, for the slow reader",
                        times = times(lo)
                    ),
                    (lo, hi) => tf!(
                        "the writer waits in put on the full queue {lo} to {hi} times ({close})",
                        lo,
                        hi,
                        close
                    ),
                },
                (lo..=hi).contains(&blocked_puts),
                tf!("it waited {times}", times = times(blocked_puts)),
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match e.op {
            Op::Put => "q.put(i)",
            Op::Get => "q.get(True)",
            Op::Sleep if p.of(&READ) > 0.0 && e.value == (p.of(&READ) * 1e9) as i64 => "# work on the item",
            Op::Sleep => "time.sleep(",
            Op::Terminate => "pr.terminate()",
            Op::Join => "pw.join()",
            _ => return None,
        };
        line_of(&code, needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_a_little_slower_than_the_writer_never_fills_the_queue_and_misses_the_last_item() {
        // items=7 interval=0.5 maxsize=2 read=0.6: the reader falls behind
        // by 0.1 s per item, never 2 items, so put never waits; G is got at
        // 3.6 s, after the writer's last sleep ends at 3.5 s.
        let pr = predict_with(7, 0.5, 2, 0.6, 0.05);
        assert_eq!(pr.puts_blocked, (0, 0));
        assert_eq!(pr.read, (6, 6));
        assert_eq!(pr.in_get, Some(false));
        // With 1.55 s of tolerance (30 ms of real time at 50x, plus 50 ms)
        // the same 0.1 s is too close to call.
        assert_eq!(predict_with(7, 0.5, 2, 0.6, 1.55).read, (4, 7));
    }

    #[test]
    fn a_slow_reader_of_few_items_still_reads_them_all() {
        // items=2 interval=1.1 read=2.0: B is got at 2.0 s, before the
        // writer's last sleep ends at 2.2 s.
        let pr = predict_with(2, 1.1, 4, 2.0, 0.05);
        assert_eq!(pr.read, (2, 2));
        assert_eq!(pr.in_get, Some(false));
        assert_eq!(pr.gets_blocked, (0, 0));
    }

    #[test]
    fn a_much_slower_reader_fills_the_queue_and_the_writer_waits() {
        // The test lesson's case: maxsize=1 read=2 interval=1 items=4.
        let t = timeline(4, 1.0, 1, 2.0);
        assert_eq!(t.put, vec![0.0, 1.0, 2.0, 4.0]);
        assert_eq!(t.get, vec![0.0, 2.0, 4.0, 6.0]);
        assert_eq!(t.end, 5.0);
        let pr = predict_with(4, 1.0, 1, 2.0, 0.05);
        // D waits for C's get (1 s); C's put and B's get tie at 2 s.
        assert_eq!(pr.puts_blocked, (1, 2));
        assert_eq!(pr.read, (3, 3));
    }

    #[test]
    fn the_defaults_read_everything_and_end_blocked_in_get() {
        let pr = predict_with(4, 1.0, 0, 0.0, 0.05);
        assert_eq!(pr.read, (4, 4));
        assert_eq!(pr.in_get, Some(true));
        assert_eq!(pr.gets_blocked, (4, 4));
        // No pause between puts: when the reader gets them is a race.
        let pr = predict_with(4, 0.0, 0, 0.0, 0.05);
        assert_eq!(pr.read, (0, 4));
        assert_eq!(pr.in_get, None);
    }
}
