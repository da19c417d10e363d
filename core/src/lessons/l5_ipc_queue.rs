//! L5. Inter-process queue (`multiprocessing.Queue`).
//!
//! A writer puts `A B C D` one second apart; a reader loops on a blocking
//! `q.get(True)` forever; the parent joins the writer, then terminates the
//! reader while it is still blocked in `get`.

use super::{line_of, Body, Check, Group, Lesson, ParamSpec, Params};
use crate::reduce::{LaneState, View};
use crate::sync::Queue;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};

pub struct IpcQueue;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::int(
        "items",
        "Items written",
        1,
        8,
        4,
        "the writer puts A, B, C, ... in order",
    ),
    ParamSpec::float(
        "interval",
        "Time between puts (s)",
        0.0,
        2.0,
        0.1,
        1.0,
        "time.sleep after each put",
    ),
    ParamSpec::int(
        "maxsize",
        "Queue(maxsize)",
        0,
        4,
        0,
        "0 = unbounded; otherwise put blocks while the queue is full",
    ),
    ParamSpec::float(
        "read",
        "Reader's work per item (s)",
        0.0,
        3.0,
        0.1,
        0.0,
        "time the reader spends on each item; slower than the writer fills a bounded queue",
    ),
];

fn letters(n: usize) -> Vec<char> {
    (0..n).map(|i| (b'A' + i as u8) as char).collect()
}

impl Lesson for IpcQueue {
    fn id(&self) -> &'static str {
        "ipc-queue"
    }
    fn number(&self) -> &'static str {
        "L5"
    }
    fn title(&self) -> &'static str {
        "Inter-process queue: multiprocessing.Queue, terminate()"
    }
    fn group(&self) -> Group {
        Group::Processes
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let items = letters(p.usize("items"))
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let maxsize = match p.int("maxsize") {
            0 => String::new(),
            m => format!("maxsize={m}"),
        };
        let work = match p.float("read") {
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
            interval = p.float("interval"),
        )
    }

    fn explain(&self) -> &'static str {
        "The reader spends most of its life blocked in q.get(True) on an empty queue; each put wakes it, and \
         it gets the items in the order they were put (FIFO). When the writer is done, the parent terminates \
         the reader while it is still blocked: the only way out of its endless loop. Give the queue a maxsize \
         and make the reader slow, and the writer blocks on a full queue instead."
    }

    fn modelled(&self) -> Option<&'static str> {
        Some("The writer and reader \"processes\" are real Web Worker threads; the queue between them is a real blocking queue in shared memory.")
    }

    fn expected(&self, p: &Params) -> String {
        let l: String = letters(p.usize("items"))
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        if p.float("read") > p.float("interval") {
            format!("The writer outpaces the reader; the parent terminates the reader as soon as the writer is done, so it prints only the first items of {l}, in order.")
        } else {
            format!("The reader prints {l} in order, blocked in get between puts, and is terminated while blocked in get.")
        }
    }

    fn threads(&self, _p: &Params) -> usize {
        3
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (items, interval, maxsize, read) = (
            letters(p.usize("items")),
            p.float("interval"),
            p.int("maxsize"),
            p.float("read"),
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
        let want: Vec<String> = letters(p.usize("items")).iter().map(|c| c.to_string()).collect();
        let got: Vec<String> = view
            .output
            .iter()
            .filter(|l| l.text.len() == 1)
            .map(|l| l.text.clone())
            .collect();
        let reader = view.lane_by_name("Process-2");
        let reader_tid = reader.map(|l| l.tid).unwrap_or(0);
        let blocked_gets = log
            .events
            .iter()
            .filter(|e| e.tid == reader_tid && e.op == Op::Get && e.phase == Phase::Blocked)
            .count();
        let killed_in_get = log
            .events
            .iter()
            .any(|e| e.tid == reader_tid && e.op == Op::Get && e.phase == Phase::Interrupted);
        let terminated = reader.is_some_and(|l| l.terminated && l.state == LaneState::Done);
        let keeps_up = p.float("read") < p.float("interval");
        let slow = p.float("read") > p.float("interval");
        let mut out = vec![Check::new(
            "the reader gets items in FIFO order",
            want.starts_with(&got),
            got.join(" "),
        )];
        if keeps_up {
            out.push(Check::new(
                "the reader blocks on the empty queue between puts",
                blocked_gets >= 1,
                format!("blocked {blocked_gets} time(s)"),
            ));
            out.push(Check::new(
                "the reader gets every item",
                got == want,
                format!("{} of {}", got.len(), want.len()),
            ));
            out.push(Check::new(
                "terminate() ends the reader while it is blocked in get",
                killed_in_get && terminated,
                "",
            ));
        } else if slow {
            out.push(Check::new(
                "terminate() ends the slow reader before it has read everything",
                terminated && got.len() < want.len(),
                format!("it read {} of {}", got.len(), want.len()),
            ));
        } else {
            out.push(Check::new("terminate() ends the reader", terminated, ""));
        }
        if p.int("maxsize") > 0 {
            let depth_ok = view
                .queues
                .values()
                .next()
                .is_some_and(|q| q.depth.iter().all(|(_, d)| *d as i64 <= p.int("maxsize")));
            let writer_blocked = log
                .events
                .iter()
                .any(|e| e.op == Op::Put && e.phase == Phase::Blocked);
            out.push(Check::new(
                format!("the queue never holds more than {}", p.int("maxsize")),
                depth_ok,
                "",
            ));
            if slow && p.usize("items") as i64 > p.int("maxsize") + 1 {
                out.push(Check::new(
                    "the writer blocks on the full queue",
                    writer_blocked,
                    "",
                ));
            }
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match e.op {
            Op::Put => "q.put(i)",
            Op::Get => "q.get(True)",
            Op::Sleep if p.float("read") > 0.0 && e.value == (p.float("read") * 1e9) as i64 => {
                "# work on the item"
            }
            Op::Sleep => "time.sleep(",
            Op::Terminate => "pr.terminate()",
            Op::Join => "pw.join()",
            _ => return None,
        };
        line_of(&code, needle)
    }
}
