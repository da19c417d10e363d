//! A recorded run that travels: the exact trace, in a compact text the
//! export embeds (`otherData.lockstep` of the Chrome trace) and the page
//! reads back ("Open a recorded run"). Real threads cannot promise the
//! same interleaving twice, so a teacher shares the run itself, not its
//! settings. One line per record, fields separated by spaces, text last
//! (escaped: `\\`, `\n`):
//!
//! ```text
//! lockstep-trace 1
//! R <seed> <lesson> <params>
//! T <tid> <worker> <process 0|1> <parent> <name>
//! O <id> <kind> <capacity> <name>
//! X <id> <text>
//! E <t_real> <t_demo> <tid> <obj> <op> <phase> <pos> <value> <aux>
//! D <dropped>
//! ```
//! `op`, `phase` and `kind` are their names (`Acquire`, `Blocked`,
//! `Lock`): the numbering of the enums may change, the names stay.

use crate::trace::{Event, Meta, ObjKind, Op, Phase, TraceLog};
use std::fmt::Write;

const HEADER: &str = "lockstep-trace 1";

/// The largest recorded run the page opens (lines): about the 2 M events
/// a session keeps.
pub const MAX_LINES: usize = 2_100_000;

const OPS: &[Op] = &[
    Op::Spawn,
    Op::Run,
    Op::Join,
    Op::Sleep,
    Op::Acquire,
    Op::Release,
    Op::Load,
    Op::Store,
    Op::Put,
    Op::Get,
    Op::TaskDone,
    Op::WaitAll,
    Op::Wait,
    Op::Notify,
    Op::Set,
    Op::Clear,
    Op::Submit,
    Op::Task,
    Op::Close,
    Op::Terminate,
    Op::Print,
    Op::Raise,
    Op::Compute,
    Op::Fetch,
    Op::Speed,
    Op::Pause,
    Op::Abort,
];
const PHASES: &[Phase] = &[
    Phase::Request,
    Phase::Blocked,
    Phase::Done,
    Phase::Failed,
    Phase::Interrupted,
    Phase::Begin,
    Phase::End,
];
const KINDS: &[ObjKind] = &[
    ObjKind::Thread,
    ObjKind::Lock,
    ObjKind::RLock,
    ObjKind::Value,
    ObjKind::Queue,
    ObjKind::Semaphore,
    ObjKind::BoundedSemaphore,
    ObjKind::Event,
    ObjKind::Condition,
    ObjKind::Barrier,
    ObjKind::Pool,
    ObjKind::Result,
];

fn named<T: std::fmt::Debug + Copy>(all: &[T], s: &str) -> Option<T> {
    all.iter().copied().find(|x| format!("{x:?}") == s)
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        match (c, c == '\\') {
            (_, true) => match it.next() {
                Some('n') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// The whole trace as the compact text.
pub fn write(log: &TraceLog) -> String {
    let mut out = String::with_capacity(64 * log.events.len() + 1024);
    out.push_str(HEADER);
    out.push('\n');
    for m in &log.metas {
        let _ = match m {
            Meta::Run { seed, lesson, params } => {
                writeln!(out, "R {seed} {} {}", escape_word(lesson), escape(params))
            }
            Meta::Thread {
                tid,
                name,
                worker,
                process,
                parent,
            } => writeln!(
                out,
                "T {tid} {worker} {} {parent} {}",
                *process as u8,
                escape(name)
            ),
            Meta::Object {
                id,
                kind,
                name,
                capacity,
            } => writeln!(out, "O {id} {kind:?} {capacity} {}", escape(name)),
            Meta::Text { id, text } => writeln!(out, "X {id} {}", escape(text)),
        };
    }
    for e in &log.events {
        let _ = writeln!(
            out,
            "E {} {} {} {} {:?} {:?} {} {} {}",
            e.t_real, e.t_demo, e.tid, e.obj, e.op, e.phase, e.pos, e.value, e.aux
        );
    }
    let _ = writeln!(out, "D {}", log.dropped);
    out
}

/// A lesson id has no spaces; an empty one is written as `-`.
fn escape_word(s: &str) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s.replace(' ', "_")
    }
}

/// Reads the compact text back. Errors name the line that could not be
/// read (a file from elsewhere, or cut short).
pub fn read(text: &str) -> Result<TraceLog, String> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(
            crate::t!("not a Lockstep recorded run (its first line is not \"lockstep-trace 1\")").into(),
        );
    }
    let mut log = TraceLog::default();
    for (i, line) in lines.enumerate() {
        if i > MAX_LINES {
            return Err(crate::tf!(
                "more than {max} records: too long to open",
                max = MAX_LINES
            ));
        }
        let bad = || {
            crate::tf!(
                "line {line} could not be read: {text}",
                line = i + 2,
                text = line.chars().take(60).collect::<String>()
            )
        };
        let (tag, rest) = line.split_once(' ').ok_or_else(bad)?;
        let mut f = rest.splitn(
            match tag {
                "T" => 5,
                "O" => 4,
                "X" => 2,
                "R" => 3,
                _ => 16,
            },
            ' ',
        );
        let num = |f: &mut std::str::SplitN<'_, char>| -> Result<i64, String> {
            f.next().and_then(|w| w.parse().ok()).ok_or_else(bad)
        };
        match tag {
            "R" => {
                let seed = f.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
                let lesson = f.next().ok_or_else(bad)?;
                let params = unescape(f.next().unwrap_or(""));
                log.metas.push(Meta::Run {
                    seed,
                    lesson: if lesson == "-" {
                        String::new()
                    } else {
                        lesson.into()
                    },
                    params,
                });
            }
            "T" => {
                let (tid, worker, process, parent) = (num(&mut f)?, num(&mut f)?, num(&mut f)?, num(&mut f)?);
                log.metas.push(Meta::Thread {
                    tid: tid as u32,
                    worker: worker as u64,
                    process: process != 0,
                    parent: parent as u32,
                    name: unescape(f.next().unwrap_or("")),
                });
            }
            "O" => {
                let id = num(&mut f)?;
                let kind = f.next().and_then(|k| named(KINDS, k)).ok_or_else(bad)?;
                let capacity = num(&mut f)?;
                log.metas.push(Meta::Object {
                    id: id as u32,
                    kind,
                    capacity,
                    name: unescape(f.next().unwrap_or("")),
                });
            }
            "X" => {
                let id = num(&mut f)?;
                log.metas.push(Meta::Text {
                    id,
                    text: unescape(f.next().unwrap_or("")),
                });
            }
            "E" => {
                let (t_real, t_demo, tid, obj) = (num(&mut f)?, num(&mut f)?, num(&mut f)?, num(&mut f)?);
                let op = f.next().and_then(|o| named(OPS, o)).ok_or_else(bad)?;
                let phase = f.next().and_then(|p| named(PHASES, p)).ok_or_else(bad)?;
                let (pos, value, aux) = (num(&mut f)?, num(&mut f)?, num(&mut f)?);
                log.events.push(Event {
                    t_real: t_real as u64,
                    t_demo: t_demo as u64,
                    tid: tid as u32,
                    obj: obj as u32,
                    op,
                    phase,
                    pos: pos as u32,
                    value,
                    aux,
                });
            }
            "D" => log.dropped = num(&mut f)? as u64,
            _ => return Err(bad()),
        }
    }
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_op_phase_and_kind_has_its_name_and_text_round_trips() {
        for op in OPS {
            assert_eq!(named(OPS, &format!("{op:?}")), Some(*op));
        }
        assert_eq!(OPS.len(), Op::Abort as usize + 1, "a new Op must be added to OPS");
        assert_eq!(PHASES.len(), Phase::End as usize + 1);
        assert_eq!(KINDS.len(), ObjKind::Result as usize + 1);
        for s in ["", "a b", "line\nbreak", "back\\slash", "中文 \\n"] {
            assert_eq!(unescape(&escape(s)), s);
        }
        assert!(read("{}").is_err());
        assert!(read("lockstep-trace 1\nE 1 2").unwrap_err().contains("line 2"));
    }
}
