//! The wait-for graph and deadlock detection.
//!
//! An edge `A -> B` means thread A cannot proceed until thread B acts: A is
//! blocked acquiring a lock B holds, or A is joining B. A cycle is a
//! deadlock; the shortest is a thread waiting on a lock it already holds
//! (`Lock` is not re-entrant), an edge from a thread to itself.

use super::{LaneState, View, Waiting};
use crate::tf;
use crate::trace::{ObjId, Tid};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: Tid,
    pub to: Tid,
    /// The lock waited on, or 0 for a join.
    pub obj: ObjId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadlock {
    /// The threads of the cycle, in wait order (`cycle[i]` waits on `cycle[i+1]`).
    pub cycle: Vec<Tid>,
    pub edges: Vec<Edge>,
}

pub fn edges(view: &View) -> Vec<Edge> {
    let mut out = Vec::new();
    for lane in view.lanes.values() {
        if lane.state != LaneState::Blocked {
            continue;
        }
        match lane.waiting_on {
            Some(Waiting::Object(obj)) => {
                if let Some(holder) = view.locks.get(&obj).and_then(|l| l.holder) {
                    // The runtime's own lock taken twice by one thread is
                    // how a Condition waits (as CPython's does): another
                    // thread's notify releases it. Not a deadlock.
                    if holder == lane.tid && !view.is_drawn(obj) {
                        continue;
                    }
                    out.push(Edge {
                        from: lane.tid,
                        to: holder,
                        obj,
                    });
                }
            }
            Some(Waiting::Thread(t)) if view.lanes.get(&t).is_some_and(|l| l.state != LaneState::Done) => {
                out.push(Edge {
                    from: lane.tid,
                    to: t,
                    obj: 0,
                });
            }
            Some(Waiting::Thread(_)) | None => {}
        }
    }
    out
}

/// The first cycle in the wait-for graph, if any. Each thread waits on at
/// most one other, so following edges from each thread finds every cycle.
pub fn find_deadlock(view: &View) -> Option<Deadlock> {
    let es = edges(view);
    let next = |t: Tid| es.iter().find(|e| e.from == t);
    for start in es.iter().map(|e| e.from) {
        let mut path: Vec<Tid> = vec![start];
        let mut cur = start;
        while let Some(e) = next(cur) {
            if let Some(pos) = path.iter().position(|t| *t == e.to) {
                let cycle: Vec<Tid> = path[pos..].to_vec();
                let edges = cycle
                    .iter()
                    .map(|t| next(*t).cloned().expect("edge on cycle"))
                    .collect();
                return Some(Deadlock { cycle, edges });
            }
            path.push(e.to);
            cur = e.to;
        }
    }
    None
}

/// One sentence a learner can read.
pub fn explain(view: &View, d: &Deadlock) -> String {
    let name = |t: Tid| {
        view.lanes
            .get(&t)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| tf!("thread {tid}", tid = t))
    };
    let obj = |o: ObjId| view.objects.get(&o).map(|x| x.name.clone()).unwrap_or_default();
    if d.cycle.len() == 1 {
        let e = &d.edges[0];
        return tf!(
            "Deadlock: {who} is waiting to acquire {obj} ({kind}), which it already holds; \
             a Lock is not re-entrant, so it waits forever (an RLock would count instead).",
            who = name(e.from),
            obj = obj(e.obj),
            kind = view
                .objects
                .get(&e.obj)
                .map(|o| o.kind.python())
                .unwrap_or("Lock"),
        );
    }
    let parts: Vec<String> = d
        .edges
        .iter()
        .map(|e| {
            if e.obj == 0 {
                tf!("{who} joins {other}", who = name(e.from), other = name(e.to))
            } else {
                tf!(
                    "{who} waits for {obj} held by {holder}",
                    who = name(e.from),
                    obj = obj(e.obj),
                    holder = name(e.to)
                )
            }
        })
        .collect();
    let comma = if crate::i18n::lang() == crate::i18n::Lang::Zh {
        "，"
    } else {
        ", "
    };
    tf!(
        "Deadlock: {parts}; none of them can move.",
        parts = parts.join(comma)
    )
}
