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
    // Open "blocked" slices per thread, so they close on the op's outcome.
    let mut blocked: HashMap<u32, (u32, Op)> = HashMap::new();
    for e in &log.events {
        let ts = e.t_real as f64 / 1000.0;
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
        match (e.op, e.phase) {
            (Op::Run | Op::Sleep | Op::Task | Op::Compute | Op::Fetch, Phase::Begin) => {
                out.push(base("B", name))
            }
            (Op::Run | Op::Sleep | Op::Task | Op::Compute | Op::Fetch, Phase::End | Phase::Interrupted) => {
                if let Some((obj, op)) = blocked.remove(&e.tid) {
                    out.push(json!({"name": format!("blocked: {}", op_name(log, obj, op)), "ph": "E", "ts": ts, "pid": 1, "tid": e.tid}));
                }
                out.push(base("E", name));
            }
            (op, Phase::Blocked) => {
                blocked.insert(e.tid, (e.obj, op));
                out.push(base("B", format!("blocked: {name}")));
            }
            (op, Phase::Done | Phase::Failed | Phase::Interrupted)
                if blocked.get(&e.tid) == Some(&(e.obj, op)) =>
            {
                blocked.remove(&e.tid);
                out.push(
                    json!({"name": format!("blocked: {name}"), "ph": "E", "ts": ts, "pid": 1, "tid": e.tid}),
                );
                out.push(base("i", name));
            }
            _ => {
                let mut v = base("i", name);
                v["s"] = json!(if e.tid == 0 { "g" } else { "t" });
                out.push(v);
            }
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
