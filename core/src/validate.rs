//! The happens-before validator: does a trace keep cause before effect?
//!
//! The page draws only what was recorded, so a trace that shows an effect
//! before its cause (a task starting before it was submitted, a `get`
//! returning an item nobody had put) draws something that did not happen.
//! Every primitive records the event that lets another thread proceed inside
//! the critical section that makes the change; this module checks the
//! consequence on a whole trace, object by object, by replaying a model of
//! each object along the recorder's order:
//!
//! - threads: a thread's events lie within its `Run` Begin and end, which
//!   follow its parent's spawn; a join returns after the joined thread ended;
//!   each thread's own clock never runs backwards;
//! - locks: an acquire succeeds only on a free lock (or, for an `RLock`,
//!   one the caller holds), a release only by a holder; counts agree;
//! - semaphores: the counter stays within 0..bound and agrees with events;
//! - queues: a get returns the item at the head (FIFO), depths agree,
//!   `join()` returns only with no unfinished item;
//! - events, conditions, barriers: a wait returns after the set, the notify
//!   or the last arrival that released it;
//! - values: a load returns the last value stored; a store reports the
//!   value it really overwrote (so lost updates are reported honestly);
//! - pools and results: a task begins after its submit and only once; a
//!   result's get returns after it was set;
//! - the Chrome-trace export: every slice that opens closes, properly nested.
//!
//! A trace with dropped events cannot be checked object by object (the
//! missing events may be the causes): it yields one violation saying so.

use crate::export::chrome_trace;
use crate::trace::{Event, Meta, ObjId, ObjKind, Op, Phase, Tid, TraceLog};
use crate::{t, tf};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// One broken rule, with the index of the offending event in the trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub index: usize,
    pub rule: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (index, rule, detail) = (self.index, self.rule, &self.detail);
        f.write_str(&tf!("event {index}: {rule}: {detail}", index, rule, detail))
    }
}

/// Checks every rule on `log` (in the recorder's order, as drained).
/// Empty when the trace keeps cause before effect.
pub fn check(log: &TraceLog) -> Vec<Violation> {
    let mut out = check_objects(log);
    if log.dropped == 0 {
        out.extend(check_export(log));
    }
    out
}

/// Every rule but the export's (which builds the whole Chrome JSON): what
/// the page checks after each run, cheaply, on its main thread.
pub fn check_objects(log: &TraceLog) -> Vec<Violation> {
    let mut v = Validator::new(log);
    if log.dropped > 0 {
        v.fail(
            0,
            "complete",
            tf!("{n} events were dropped; causes may be missing", n = log.dropped),
        );
        return v.out;
    }
    for (i, e) in log.events.iter().enumerate() {
        v.event(i, e);
    }
    v.finish();
    v.out
}

/// Panics with every violation listed (for tests).
pub fn assert_valid(log: &TraceLog) {
    let out = check(log);
    assert!(
        out.is_empty(),
        "{} happens-before violations:\n{}",
        out.len(),
        out.iter()
            .take(20)
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[derive(Default)]
struct LockModel {
    owner: Option<Tid>,
    count: i64,
}

#[derive(Default)]
struct QueueModel {
    items: VecDeque<i64>,
    unfinished: i64,
}

#[derive(Default)]
struct ThreadModel {
    spawned: bool,
    begun: bool,
    ended: bool,
    last_t: u64,
}

struct Validator<'a> {
    kinds: HashMap<ObjId, (ObjKind, i64)>,
    parents: HashMap<Tid, Tid>,
    threads: BTreeMap<Tid, ThreadModel>,
    locks: HashMap<ObjId, LockModel>,
    sems: HashMap<ObjId, i64>,
    queues: HashMap<ObjId, QueueModel>,
    events_set: HashMap<ObjId, bool>,
    /// Notified waiters not yet woken, per condition.
    notified: HashMap<ObjId, i64>,
    /// Barrier arrivals so far, and each waiting party's generation.
    arrivals: HashMap<ObjId, i64>,
    barrier_gen: HashMap<(ObjId, Tid), i64>,
    values: HashMap<ObjId, i64>,
    submitted: HashMap<ObjId, BTreeSet<i64>>,
    begun_tasks: HashMap<ObjId, BTreeSet<i64>>,
    results_set: BTreeSet<ObjId>,
    out: Vec<Violation>,
    _log: &'a TraceLog,
}

impl<'a> Validator<'a> {
    fn new(log: &'a TraceLog) -> Self {
        let mut kinds = HashMap::new();
        let mut parents = HashMap::new();
        for m in &log.metas {
            match m {
                Meta::Object {
                    id, kind, capacity, ..
                } => {
                    kinds.insert(*id, (*kind, *capacity));
                }
                Meta::Thread { tid, parent, .. } => {
                    parents.insert(*tid, *parent);
                }
                _ => {}
            }
        }
        Validator {
            kinds,
            parents,
            threads: BTreeMap::new(),
            locks: HashMap::new(),
            sems: HashMap::new(),
            queues: HashMap::new(),
            events_set: HashMap::new(),
            notified: HashMap::new(),
            arrivals: HashMap::new(),
            barrier_gen: HashMap::new(),
            values: HashMap::new(),
            submitted: HashMap::new(),
            begun_tasks: HashMap::new(),
            results_set: BTreeSet::new(),
            out: Vec::new(),
            _log: log,
        }
    }

    fn fail(&mut self, index: usize, rule: &'static str, detail: String) {
        self.out.push(Violation { index, rule, detail });
    }

    fn kind(&self, obj: ObjId) -> Option<ObjKind> {
        self.kinds.get(&obj).map(|k| k.0)
    }

    fn event(&mut self, i: usize, e: &Event) {
        if e.tid != 0 {
            self.thread_life(i, e);
        }
        match (e.op, e.obj) {
            (Op::Spawn, _) => {
                self.threads.entry(e.value as Tid).or_default().spawned = true;
            }
            (Op::Join, _) if e.phase == Phase::Done => {
                let target = e.value as Tid;
                if !self.threads.get(&target).is_some_and(|t| t.ended) {
                    self.fail(
                        i,
                        "join",
                        tf!("join of thread {tid} returned before it ended", tid = target),
                    );
                }
            }
            (_, 0) => {}
            (_, obj) => match self.kind(obj) {
                Some(ObjKind::Lock | ObjKind::RLock) => self.lock(i, e),
                Some(ObjKind::Semaphore | ObjKind::BoundedSemaphore) => self.semaphore(i, e),
                Some(ObjKind::Queue) => self.queue(i, e),
                Some(ObjKind::Event) => self.event_flag(i, e),
                Some(ObjKind::Condition) => self.condition(i, e),
                Some(ObjKind::Barrier) => self.barrier(i, e),
                Some(ObjKind::Value) => self.value(i, e),
                Some(ObjKind::Pool) => self.pool(i, e),
                Some(ObjKind::Result) => self.result(i, e),
                Some(ObjKind::Thread) | None => {}
            },
        }
    }

    fn thread_life(&mut self, i: usize, e: &Event) {
        let parent = self.parents.get(&e.tid).copied().unwrap_or(0);
        let t = self.threads.entry(e.tid).or_default();
        let mut errs = Vec::new();
        if e.t_real < t.last_t {
            errs.push(("thread clock", tf!("thread {tid} went back in time", tid = e.tid)));
        }
        t.last_t = e.t_real;
        match (e.op, e.obj, e.phase) {
            (Op::Run, 0, Phase::Begin) => {
                if parent != 0 && !t.spawned {
                    errs.push((
                        "spawn",
                        tf!("thread {tid} began before it was started", tid = e.tid),
                    ));
                }
                t.begun = true;
            }
            (Op::Run, 0, Phase::End | Phase::Interrupted) => t.ended = true,
            _ => {
                if !t.begun || t.ended {
                    errs.push((
                        "thread life",
                        tf!(
                            "thread {tid} recorded {op} outside its run",
                            tid = e.tid,
                            op = format!("{:?}", e.op)
                        ),
                    ));
                }
            }
        }
        for (rule, d) in errs {
            self.fail(i, rule, d);
        }
    }

    fn lock(&mut self, i: usize, e: &Event) {
        let reentrant = self.kind(e.obj) == Some(ObjKind::RLock);
        let l = self.locks.entry(e.obj).or_default();
        let err = match (e.op, e.phase) {
            (Op::Acquire, Phase::Done) => {
                let ok = match l.owner {
                    None => true,
                    Some(o) => reentrant && o == e.tid,
                };
                l.owner = Some(e.tid);
                l.count += 1;
                if !ok {
                    Some(tf!("acquired by thread {tid} while held", tid = e.tid))
                } else if l.count != e.value {
                    Some(tf!(
                        "hold count {count} recorded as {value}",
                        count = l.count,
                        value = e.value
                    ))
                } else {
                    None
                }
            }
            (Op::Release, Phase::Done) => {
                let ok = match l.owner {
                    None => false,
                    Some(o) => !reentrant || o == e.tid,
                };
                l.count -= 1;
                if l.count <= 0 {
                    l.count = 0;
                    l.owner = None;
                }
                if !ok {
                    Some(tf!(
                        "released by thread {tid} without being held by it",
                        tid = e.tid
                    ))
                } else if l.count != e.value {
                    Some(tf!(
                        "count after release {count} recorded as {value}",
                        count = l.count,
                        value = e.value
                    ))
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(d) = err {
            self.fail(i, "lock", d);
        }
    }

    fn semaphore(&mut self, i: usize, e: &Event) {
        let bound = self.kinds.get(&e.obj).map(|k| k.1).unwrap_or(0);
        let bounded = self.kind(e.obj) == Some(ObjKind::BoundedSemaphore);
        let n = self.sems.entry(e.obj).or_insert(bound);
        let err = match (e.op, e.phase) {
            (Op::Acquire, Phase::Done) => {
                *n -= 1;
                (*n < 0 || *n != e.value)
                    .then(|| tf!("counter {count} recorded as {value}", count = n, value = e.value))
            }
            (Op::Release, Phase::Done) => {
                *n += 1;
                (*n != e.value || (bounded && *n > bound)).then(|| {
                    tf!(
                        "counter {count} (bound {bound}) recorded as {value}",
                        count = n,
                        bound,
                        value = e.value
                    )
                })
            }
            _ => None,
        };
        if let Some(d) = err {
            self.fail(i, "semaphore", d);
        }
    }

    fn queue(&mut self, i: usize, e: &Event) {
        let q = self.queues.entry(e.obj).or_default();
        let err = match (e.op, e.phase) {
            (Op::Put, Phase::Done) => {
                q.items.push_back(e.value);
                q.unfinished += 1;
                (q.items.len() as i64 != e.aux).then(|| {
                    tf!(
                        "depth {depth} recorded as {value}",
                        depth = q.items.len(),
                        value = e.aux
                    )
                })
            }
            // A depth read (`qsize`, `empty`) sees the real depth.
            (Op::Load, Phase::Done) => (q.items.len() as i64 != e.value).then(|| {
                tf!(
                    "size read as {value} but the queue held {depth}",
                    value = e.value,
                    depth = q.items.len()
                )
            }),
            (Op::Get, Phase::Done) => match q.items.pop_front() {
                None => Some(tf!("get returned {value} from an empty queue", value = e.value)),
                Some(head) if head != e.value => Some(tf!(
                    "get returned {value} but the head was {head}",
                    value = e.value,
                    head
                )),
                Some(_) => (q.items.len() as i64 != e.aux).then(|| {
                    tf!(
                        "depth {depth} recorded as {value}",
                        depth = q.items.len(),
                        value = e.aux
                    )
                }),
            },
            (Op::TaskDone, Phase::Done) => {
                q.unfinished -= 1;
                (q.unfinished < 0 || q.unfinished != e.value).then(|| {
                    tf!(
                        "unfinished {count} recorded as {value}",
                        count = q.unfinished,
                        value = e.value
                    )
                })
            }
            (Op::WaitAll, Phase::Done) => (q.unfinished != 0)
                .then(|| tf!("join returned with {count} unfinished", count = q.unfinished)),
            _ => None,
        };
        if let Some(d) = err {
            self.fail(i, "queue", d);
        }
    }

    fn event_flag(&mut self, i: usize, e: &Event) {
        let flag = self.events_set.entry(e.obj).or_default();
        match (e.op, e.phase) {
            (Op::Set, Phase::Done) => *flag = true,
            (Op::Clear, Phase::Done) => *flag = false,
            (Op::Wait, Phase::Done) if !*flag => {
                self.fail(i, "event", t!("wait returned true with the flag clear").into());
            }
            _ => {}
        }
    }

    fn condition(&mut self, i: usize, e: &Event) {
        let n = self.notified.entry(e.obj).or_default();
        match (e.op, e.phase) {
            (Op::Notify, Phase::Done) => *n += e.value,
            (Op::Wait, Phase::Done) => {
                *n -= 1;
                if *n < 0 {
                    self.fail(i, "condition", t!("a waiter woke without a notify").into());
                }
            }
            _ => {}
        }
    }

    fn barrier(&mut self, i: usize, e: &Event) {
        let parties = self.kinds.get(&e.obj).map(|k| k.1).unwrap_or(1).max(1);
        let arrived = self.arrivals.entry(e.obj).or_default();
        match (e.op, e.phase) {
            (Op::Wait, Phase::Request) => {
                let generation = *arrived / parties;
                *arrived += 1;
                self.barrier_gen.insert((e.obj, e.tid), generation);
            }
            (Op::Wait, Phase::Done) => {
                let arrived = *arrived;
                let generation = self.barrier_gen.get(&(e.obj, e.tid)).copied().unwrap_or(0);
                if arrived < (generation + 1) * parties {
                    self.fail(
                        i,
                        "barrier",
                        tf!(
                            "passed with {arrived} of {parties} parties arrived",
                            arrived = arrived - generation * parties,
                            parties
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    fn value(&mut self, i: usize, e: &Event) {
        let err = match (e.op, e.phase, self.values.get(&e.obj).copied()) {
            (Op::Store, Phase::Done, None) => {
                self.values.insert(e.obj, e.value);
                None
            }
            (Op::Store, Phase::Done, Some(last)) => {
                self.values.insert(e.obj, e.value);
                (e.aux != last).then(|| {
                    tf!(
                        "store says it overwrote {old} but the value was {last}",
                        old = e.aux,
                        last
                    )
                })
            }
            (Op::Load, Phase::Done, Some(last)) => (e.value != last).then(|| {
                tf!(
                    "load returned {value} but the value was {last}",
                    value = e.value,
                    last
                )
            }),
            (Op::Load, Phase::Done, None) => Some(t!("load before the value was created").into()),
            _ => None,
        };
        if let Some(d) = err {
            self.fail(i, "value", d);
        }
    }

    fn pool(&mut self, i: usize, e: &Event) {
        match (e.op, e.phase) {
            (Op::Submit, Phase::Done) => {
                self.submitted.entry(e.obj).or_default().insert(e.value);
            }
            (Op::Task, Phase::Begin) => {
                let submitted = self.submitted.get(&e.obj).is_some_and(|s| s.contains(&e.value));
                let again = !self.begun_tasks.entry(e.obj).or_default().insert(e.value);
                if !submitted {
                    self.fail(
                        i,
                        "pool",
                        tf!("task {task} began before it was submitted", task = e.value),
                    );
                } else if again {
                    self.fail(i, "pool", tf!("task {task} began twice", task = e.value));
                }
            }
            _ => {}
        }
    }

    fn result(&mut self, i: usize, e: &Event) {
        match (e.op, e.phase) {
            (Op::Set, Phase::Done | Phase::Failed) => {
                self.results_set.insert(e.obj);
            }
            (Op::Get, Phase::Done | Phase::Failed) if !self.results_set.contains(&e.obj) => {
                self.fail(
                    i,
                    "result",
                    tf!("get of result {id} returned before it was set", id = e.value),
                );
            }
            _ => {}
        }
    }

    fn finish(&mut self) {
        // Locks and queues need no end state; every thread that began
        // should have ended unless the run was aborted (checked by callers
        // that know whether it was).
    }
}

/// The exported Chrome trace: on every thread, each `E` closes the slice
/// the latest open `B` started, and none stays open.
pub fn check_export(log: &TraceLog) -> Vec<Violation> {
    check_chrome_slices(&chrome_trace(log))
}

/// The slice rule on any Chrome Trace Event Format document.
pub fn check_chrome_slices(doc: &serde_json::Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut stacks: HashMap<i64, Vec<String>> = HashMap::new();
    let events = doc["traceEvents"].as_array().cloned().unwrap_or_default();
    for (i, ev) in events.iter().enumerate() {
        let tid = ev["tid"].as_i64().unwrap_or(-1);
        let name = ev["name"].as_str().unwrap_or("").to_string();
        match ev["ph"].as_str() {
            Some("B") => stacks.entry(tid).or_default().push(name),
            Some("E") => match stacks.entry(tid).or_default().pop() {
                Some(open) if open == name => {}
                Some(open) => out.push(Violation {
                    index: i,
                    rule: "export",
                    detail: format!("thread {tid}: E \"{name}\" closes B \"{open}\""),
                }),
                None => out.push(Violation {
                    index: i,
                    rule: "export",
                    detail: format!("thread {tid}: E \"{name}\" with no open slice"),
                }),
            },
            _ => {}
        }
    }
    for (tid, open) in stacks {
        if !open.is_empty() {
            out.push(Violation {
                index: events.len(),
                rule: "export",
                detail: format!("thread {tid}: {} slices never closed: {open:?}", open.len()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(tid: Tid, obj: crate::trace::ObjId, op: Op, phase: Phase, value: i64, aux: i64) -> Event {
        Event::bare(tid, obj, op, phase, value, aux)
    }

    fn log(objs: &[(ObjId, ObjKind, i64)], events: Vec<Event>) -> TraceLog {
        let mut l = TraceLog::default();
        l.metas.push(Meta::Thread {
            tid: 1,
            name: "MainThread".into(),
            worker: 1,
            process: false,
            parent: 0,
        });
        l.metas.push(Meta::Thread {
            tid: 2,
            name: "Thread-1".into(),
            worker: 2,
            process: false,
            parent: 1,
        });
        for (id, kind, capacity) in objs {
            l.metas.push(Meta::Object {
                id: *id,
                kind: *kind,
                name: format!("o{id}"),
                capacity: *capacity,
            });
        }
        let mut all = vec![
            ev(1, 0, Op::Run, Phase::Begin, 0, 0),
            ev(1, 0, Op::Spawn, Phase::Done, 2, 0),
            ev(2, 0, Op::Run, Phase::Begin, 0, 0),
        ];
        all.extend(events);
        all.push(ev(2, 0, Op::Run, Phase::End, 0, 0));
        all.push(ev(1, 0, Op::Run, Phase::End, 0, 0));
        l.events = all;
        l
    }

    fn rules(l: &TraceLog) -> Vec<&'static str> {
        check(l).into_iter().map(|v| v.rule).collect()
    }

    #[test]
    fn a_lock_held_twice_at_once_is_caught() {
        let ok = log(
            &[(5, ObjKind::Lock, 1)],
            vec![
                ev(1, 5, Op::Acquire, Phase::Done, 1, 0),
                ev(1, 5, Op::Release, Phase::Done, 0, 0),
                ev(2, 5, Op::Acquire, Phase::Done, 1, 0),
                ev(2, 5, Op::Release, Phase::Done, 0, 0),
            ],
        );
        assert!(rules(&ok).is_empty(), "{:?}", check(&ok));
        let bad = log(
            &[(5, ObjKind::Lock, 1)],
            vec![
                ev(1, 5, Op::Acquire, Phase::Done, 1, 0),
                ev(2, 5, Op::Acquire, Phase::Done, 1, 0),
            ],
        );
        assert!(rules(&bad).contains(&"lock"));
    }

    #[test]
    fn a_get_of_an_item_never_put_or_out_of_order_is_caught() {
        let bad = log(
            &[(3, ObjKind::Queue, 0)],
            vec![
                ev(1, 3, Op::Put, Phase::Done, 10, 1),
                ev(1, 3, Op::Put, Phase::Done, 11, 2),
                ev(2, 3, Op::Get, Phase::Done, 11, 1),
            ],
        );
        assert_eq!(rules(&bad), ["queue"]);
        let bad = log(
            &[(3, ObjKind::Queue, 0)],
            vec![ev(2, 3, Op::Get, Phase::Done, 7, 0)],
        );
        assert_eq!(rules(&bad), ["queue"]);
    }

    #[test]
    fn a_task_before_its_submit_and_a_join_before_the_end_are_caught() {
        let bad = log(
            &[(4, ObjKind::Pool, 2)],
            vec![
                ev(2, 4, Op::Task, Phase::Begin, 0, 0),
                ev(1, 4, Op::Submit, Phase::Done, 0, 1),
            ],
        );
        assert_eq!(rules(&bad), ["pool"]);
        let mut bad = log(&[], vec![ev(1, 0, Op::Join, Phase::Done, 2, 0)]);
        assert_eq!(rules(&bad), ["join"]);
        // Events after a thread's end.
        bad.events.push(ev(2, 0, Op::Sleep, Phase::Begin, 1, 0));
        assert!(rules(&bad).contains(&"thread life"));
    }

    #[test]
    fn value_loads_must_see_the_last_store() {
        let ok = log(
            &[(6, ObjKind::Value, 0)],
            vec![
                ev(1, 6, Op::Store, Phase::Done, 0, 0),
                ev(1, 6, Op::Load, Phase::Done, 0, 0),
                ev(2, 6, Op::Load, Phase::Done, 0, 0),
                ev(1, 6, Op::Store, Phase::Done, 1, 0),
                // A lost update, reported honestly: it overwrote 1.
                ev(2, 6, Op::Store, Phase::Done, 1, 1),
            ],
        );
        assert!(rules(&ok).is_empty(), "{:?}", check(&ok));
        let bad = log(
            &[(6, ObjKind::Value, 0)],
            vec![
                ev(1, 6, Op::Store, Phase::Done, 0, 0),
                ev(1, 6, Op::Store, Phase::Done, 1, 0),
                ev(2, 6, Op::Load, Phase::Done, 0, 0),
                ev(2, 6, Op::Store, Phase::Done, 1, 0),
            ],
        );
        assert_eq!(rules(&bad), ["value", "value"]);
    }

    #[test]
    fn waits_must_follow_what_released_them() {
        let bad = log(
            &[
                (7, ObjKind::Event, 0),
                (8, ObjKind::Condition, 0),
                (9, ObjKind::Barrier, 2),
            ],
            vec![
                ev(2, 7, Op::Wait, Phase::Done, 1, 0),
                ev(1, 7, Op::Set, Phase::Done, 1, 0),
                ev(2, 8, Op::Wait, Phase::Done, 1, 0),
                ev(1, 8, Op::Notify, Phase::Done, 1, 0),
                ev(2, 9, Op::Wait, Phase::Request, 0, 0),
                ev(2, 9, Op::Wait, Phase::Done, 0, 0),
                ev(1, 9, Op::Wait, Phase::Request, 1, 0),
            ],
        );
        assert_eq!(rules(&bad), ["event", "condition", "barrier"]);
    }

    #[test]
    fn dropped_events_make_a_trace_uncheckable() {
        let mut l = log(&[], vec![]);
        l.dropped = 3;
        assert_eq!(rules(&l), ["complete"]);
    }

    #[test]
    fn an_unclosed_slice_in_the_export_is_caught() {
        // A fetch that fails: Begin, then Failed. The export must close it.
        let l = log(
            &[],
            vec![
                ev(2, 0, Op::Fetch, Phase::Begin, 0, 0),
                ev(2, 0, Op::Fetch, Phase::Failed, 0, 404),
                ev(2, 0, Op::Fetch, Phase::Begin, 1, 0),
            ],
        );
        // The second fetch never ends (the run was cut): closed at the end.
        assert!(check_export(&l).is_empty(), "{:?}", check_export(&l));
    }
}
