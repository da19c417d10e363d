//! Export of a run as Chrome Trace Event Format JSON, which Perfetto and
//! `chrome://tracing` open. One `tid` per lesson thread (each ran on its own
//! real worker for its lifetime; the worker id is in the thread's args).
//! Timestamps are real microseconds since the run started; each event also
//! carries its demo time.

use crate::trace::{Meta, Op, Phase, TraceLog};
use serde_json::{json, Value};
use std::collections::HashMap;

fn op_name(log: &TraceLog, obj: u32, op: Op) -> String {
    let verb = match op {
        Op::Spawn => "start",
        Op::Run => "run",
        Op::Join => "join",
        Op::Sleep => "time.sleep",
        Op::Acquire => "acquire",
        Op::Release => "release",
        Op::Load => "value (read)",
        Op::Store => "value (write)",
        Op::Put => "put",
        Op::Get => "get",
        Op::TaskDone => "task_done",
        Op::WaitAll => "join",
        Op::Wait => "wait",
        Op::Notify => "notify",
        Op::Set => "set",
        Op::Clear => "clear",
        Op::Submit => "apply_async",
        Op::Task => "task",
        Op::Close => "close",
        Op::Terminate => "terminate",
        Op::Print => "print",
        Op::Raise => "raise",
        Op::Compute => "compute",
        Op::Fetch => "fetch",
        Op::Speed => "speed",
        Op::Pause => "pause",
        Op::Abort => "abort",
    };
    match log.object(obj) {
        Some((_, name, _)) => format!("{name}.{verb}"),
        None => verb.to_string(),
    }
}

/// An open slice on a thread's stack: an interval (run, sleep, task,
/// compute, fetch) or a wait on an object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slice {
    Interval(u32, Op),
    Blocked(u32, Op),
}

/// The whole run as a Chrome Trace Event Format document.
pub fn chrome_trace(log: &TraceLog) -> Value {
    let mut out: Vec<Value> = Vec::new();
    out.push(json!({"name": "process_name", "ph": "M", "pid": 1, "tid": 0,
                    "args": {"name": "Lockstep run"}}));
    for m in &log.metas {
        if let Meta::Thread {
            tid,
            name,
            worker,
            process,
            ..
        } = m
        {
            out.push(json!({"name": "thread_name", "ph": "M", "pid": 1, "tid": tid,
                            "args": {"name": name, "worker": worker, "process": process}}));
            out.push(
                json!({"name": "thread_sort_index", "ph": "M", "pid": 1, "tid": tid,
                            "args": {"sort_index": tid}}),
            );
        }
    }
    // Open slices per thread, innermost last. Every slice that opens is
    // closed: by its own outcome (End, Failed or Interrupted), by the end
    // of an enclosing slice, or at the end of the trace (an aborted run),
    // so B/E pairs balance on every thread whatever happened.
    let mut open: HashMap<u32, Vec<(Slice, String)>> = HashMap::new();
    let mut last_ts = 0.0f64;
    for e in &log.events {
        let ts = e.t_real as f64 / 1000.0;
        last_ts = last_ts.max(ts);
        let name = op_name(log, e.obj, e.op);
        let mut args = json!({"phase": format!("{:?}", e.phase), "value": e.value,
                              "aux": e.aux, "demo_us": e.t_demo as f64 / 1000.0});
        if matches!(e.op, Op::Print | Op::Raise) {
            args["text"] = json!(log.text(e.value));
        }
        if let Some(o) = log.object(e.obj) {
            args["object"] = json!(o.1);
            args["kind"] = json!(o.0.python());
        }
        let base = |ph: &str, name: String| json!({"name": name, "ph": ph, "ts": ts, "pid": 1, "tid": e.tid, "cat": format!("{:?}", e.op), "args": args.clone()});
        let stack = open.entry(e.tid).or_default();
        let interval = matches!(e.op, Op::Run | Op::Sleep | Op::Task | Op::Compute | Op::Fetch);
        let ends = matches!(
            e.phase,
            Phase::End | Phase::Failed | Phase::Interrupted | Phase::Done
        );
        match e.phase {
            Phase::Begin if interval => {
                stack.push((Slice::Interval(e.obj, e.op), name.clone()));
                out.push(base("B", name));
            }
            Phase::Blocked => {
                let label = format!("blocked: {name}");
                stack.push((Slice::Blocked(e.obj, e.op), label.clone()));
                out.push(base("B", label));
            }
            _ if ends => {
                let key = if interval {
                    Slice::Interval(e.obj, e.op)
                } else {
                    Slice::Blocked(e.obj, e.op)
                };
                if let Some(at) = stack.iter().rposition(|(k, _)| *k == key) {
                    // Close what is still open inside it first, then it.
                    for (_, inner) in stack.drain(at..).rev() {
                        out.push(json!({"name": inner, "ph": "E", "ts": ts, "pid": 1, "tid": e.tid}));
                    }
                    if !interval {
                        out.push(base("i", name));
                    } else if let Some(last) = out.last_mut() {
                        // The slice's own end carries the outcome's args.
                        last["args"] = args.clone();
                        last["cat"] = json!(format!("{:?}", e.op));
                    }
                } else {
                    let mut v = base("i", name);
                    v["s"] = json!(if e.tid == 0 { "g" } else { "t" });
                    out.push(v);
                }
            }
            _ => {
                let mut v = base("i", name);
                v["s"] = json!(if e.tid == 0 { "g" } else { "t" });
                out.push(v);
            }
        }
    }
    // Slices still open when the trace ends (an aborted or unfinished run).
    let mut tids: Vec<_> = open.keys().copied().collect();
    tids.sort_unstable();
    for tid in tids {
        for (_, name) in open.remove(&tid).unwrap_or_default().into_iter().rev() {
            out.push(
                json!({"name": name, "ph": "E", "ts": last_ts, "pid": 1, "tid": tid,
                            "args": {"closed": "at the end of the trace"}}),
            );
        }
    }
    let run = log.metas.iter().find_map(|m| match m {
        Meta::Run { seed, lesson, params } => Some(json!({"seed": seed, "lesson": lesson, "params": params})),
        _ => None,
    });
    json!({
        "traceEvents": out,
        "displayTimeUnit": "ms",
        "otherData": {"generator": "Lockstep", "run": run, "dropped_events": log.dropped},
    })
}
