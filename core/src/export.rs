//! Export of a run as Chrome Trace Event Format JSON, which Perfetto and
//! `chrome://tracing` open. One `tid` per lesson thread (each ran on its own
//! real worker for its lifetime; the worker id is in the thread's args).
//! Timestamps are demo microseconds (a 1 s `time.sleep` is 1 s in Perfetto
//! at any speed); each event also carries its real time (`real_us`). The
//! exact trace rides along in `otherData.lockstep` (`recorded`), so the
//! page can open the file and replay that very run.

use crate::trace::{Meta, ObjKind, Op, Phase, TraceLog};
use std::collections::HashMap;
use std::fmt::Write;

/// A JSON value, written by hand: the page exports traces without
/// serde_json, which was about 25 KB of its wasm. (Native code and tests
/// read the same text back with serde_json: `chrome_trace`.)
#[derive(Clone)]
enum J {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

impl J {
    /// Sets key `k` of an object (replacing it if present).
    fn set(&mut self, k: &'static str, v: J) {
        if let J::Obj(fields) = self {
            match fields.iter_mut().find(|(name, _)| *name == k) {
                Some(f) => f.1 = v,
                None => fields.push((k, v)),
            }
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Int(i) => {
                let _ = write!(out, "{i}");
            }
            J::UInt(u) => {
                let _ = write!(out, "{u}");
            }
            J::Num(x) if !x.is_finite() => out.push_str("null"),
            // Always with a decimal point, so it reads back as a float.
            J::Num(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
                let _ = write!(out, "{x:.1}");
            }
            J::Num(x) => {
                let _ = write!(out, "{x}");
            }
            J::Str(s) => write_str(out, s),
            J::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            J::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn s(v: impl Into<String>) -> J {
    J::Str(v.into())
}

/// The objects by id: their kind and name.
type Objects<'a> = HashMap<u32, (ObjKind, &'a str)>;

fn op_name(objects: &Objects, obj: u32, op: Op) -> String {
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
    match objects.get(&obj) {
        Some((_, name)) => format!("{name}.{verb}"),
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

/// The whole run as a Chrome Trace Event Format document (read back as a
/// JSON value, for the validator and tests; the page writes the text).
pub fn chrome_trace(log: &TraceLog) -> serde_json::Value {
    serde_json::from_str(&chrome_trace_json(log)).unwrap_or(serde_json::Value::Null)
}

/// The whole run as a Chrome Trace Event Format document, as JSON text.
pub fn chrome_trace_json(log: &TraceLog) -> String {
    let mut out: Vec<J> = Vec::new();
    out.push(J::Obj(vec![
        ("name", s("process_name")),
        ("ph", s("M")),
        ("pid", J::Int(1)),
        ("tid", J::Int(0)),
        ("args", J::Obj(vec![("name", s("Lockstep run"))])),
    ]));
    for m in &log.metas {
        if let Meta::Thread {
            tid,
            name,
            worker,
            process,
            ..
        } = m
        {
            let meta = |name: &str, args: J| {
                J::Obj(vec![
                    ("name", s(name)),
                    ("ph", s("M")),
                    ("pid", J::Int(1)),
                    ("tid", J::Int(*tid as i64)),
                    ("args", args),
                ])
            };
            out.push(meta(
                "thread_name",
                J::Obj(vec![
                    ("name", s(name.clone())),
                    ("worker", J::Int(*worker as i64)),
                    ("process", J::Bool(*process)),
                ]),
            ));
            out.push(meta(
                "thread_sort_index",
                J::Obj(vec![("sort_index", J::Int(*tid as i64))]),
            ));
        }
    }
    // Open slices per thread, innermost last. Every slice that opens is
    // closed: by its own outcome (End, Failed or Interrupted), by the end
    // of an enclosing slice, or at the end of the trace (an aborted run),
    // so B/E pairs balance on every thread whatever happened.
    let mut open: HashMap<u32, Vec<(Slice, String)>> = HashMap::new();
    // Looked up once: `TraceLog::object` scans every meta, and a trace of
    // a program that printed a million lines has a million metas.
    let objects: Objects = log
        .metas
        .iter()
        .filter_map(|m| match m {
            Meta::Object { id, kind, name, .. } => Some((*id, (*kind, name.as_str()))),
            _ => None,
        })
        .collect();
    let mut last_ts = 0.0f64;
    for e in &log.events {
        let ts = e.t_demo as f64 / 1000.0;
        last_ts = last_ts.max(ts);
        let name = op_name(&objects, e.obj, e.op);
        let mut args = J::Obj(vec![
            ("phase", s(format!("{:?}", e.phase))),
            ("value", J::Int(e.value)),
            ("aux", J::Int(e.aux)),
            ("real_us", J::Num(e.t_real as f64 / 1000.0)),
        ]);
        if matches!(e.op, Op::Print | Op::Raise) {
            args.set("text", log.text(e.value).map_or(J::Null, s));
        }
        if let Some((kind, name)) = objects.get(&e.obj) {
            args.set("object", s(*name));
            args.set("kind", s(kind.python()));
        }
        let base = |ph: &str, name: String| {
            J::Obj(vec![
                ("name", s(name)),
                ("ph", s(ph)),
                ("ts", J::Num(ts)),
                ("pid", J::Int(1)),
                ("tid", J::Int(e.tid as i64)),
                ("cat", s(format!("{:?}", e.op))),
                ("args", args.clone()),
            ])
        };
        let end = |name: String, tid: u32, ts: f64| {
            J::Obj(vec![
                ("name", s(name)),
                ("ph", s("E")),
                ("ts", J::Num(ts)),
                ("pid", J::Int(1)),
                ("tid", J::Int(tid as i64)),
            ])
        };
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
                        out.push(end(inner, e.tid, ts));
                    }
                    if !interval {
                        out.push(base("i", name));
                    } else if let Some(last) = out.last_mut() {
                        // The slice's own end carries the outcome's args.
                        last.set("args", args.clone());
                        last.set("cat", s(format!("{:?}", e.op)));
                    }
                } else {
                    let mut v = base("i", name);
                    v.set("s", s(if e.tid == 0 { "g" } else { "t" }));
                    out.push(v);
                }
            }
            _ => {
                let mut v = base("i", name);
                v.set("s", s(if e.tid == 0 { "g" } else { "t" }));
                out.push(v);
            }
        }
    }
    // Slices still open when the trace ends (an aborted or unfinished run).
    let mut tids: Vec<_> = open.keys().copied().collect();
    tids.sort_unstable();
    for tid in tids {
        for (_, name) in open.remove(&tid).unwrap_or_default().into_iter().rev() {
            let mut v = J::Obj(vec![
                ("name", s(name)),
                ("ph", s("E")),
                ("ts", J::Num(last_ts)),
                ("pid", J::Int(1)),
                ("tid", J::Int(tid as i64)),
            ]);
            v.set("args", J::Obj(vec![("closed", s("at the end of the trace"))]));
            out.push(v);
        }
    }
    let run = log
        .metas
        .iter()
        .find_map(|m| match m {
            Meta::Run { seed, lesson, params } => Some(J::Obj(vec![
                ("seed", J::UInt(*seed)),
                ("lesson", s(lesson.clone())),
                ("params", s(params.clone())),
            ])),
            _ => None,
        })
        .unwrap_or(J::Null);
    let doc = J::Obj(vec![
        ("traceEvents", J::Arr(out)),
        ("displayTimeUnit", s("ms")),
        (
            "otherData",
            J::Obj(vec![
                ("generator", s("Lockstep")),
                ("run", run),
                ("dropped_events", J::UInt(log.dropped)),
                ("lockstep", s(crate::recorded::write(log))),
            ]),
        ),
    ]);
    let mut text = String::new();
    doc.write(&mut text);
    text
}
