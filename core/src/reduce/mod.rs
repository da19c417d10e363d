//! Reducers: pure functions of the event stream.
//!
//! [`View`] is built by applying events in order ([`View::apply`]); it holds
//! everything the page draws at one moment: lanes with their intervals,
//! each lock's holder and waiters, each queue's items and blocked parties,
//! values, pools, output, errors. Replaying to any moment is applying the
//! events up to it ([`View::at`]). The wait-for graph and the metrics are
//! computed from a `View` (see `waitfor` and `metrics`).

pub mod metrics;
pub mod narrate;
pub mod spans;
pub mod speedup;
pub mod waitfor;

use crate::trace::{Event, Meta, ObjId, ObjKind, Op, Phase, Tid, TraceLog};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// What a lane shows at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LaneState {
    /// Started, not yet traced anything (or between operations).
    Running,
    /// Waiting on an object (lock, queue, join, result).
    Blocked,
    Sleeping,
    /// A pool worker waiting for a task.
    Idle,
    /// Waiting on the network.
    Io,
    Done,
}

#[derive(Clone, Debug, Serialize)]
pub struct Segment {
    pub start: u64,
    /// `None` while still open.
    pub end: Option<u64>,
    pub state: LaneState,
    /// The object it waits on (Blocked), or 0.
    pub obj: ObjId,
}

#[derive(Clone, Debug, Serialize)]
pub struct Lane {
    pub tid: Tid,
    pub name: String,
    pub worker: u64,
    pub process: bool,
    pub state: LaneState,
    /// Object blocked on, and for joins the thread waited for.
    pub waiting_on: Option<Waiting>,
    pub segments: Vec<Segment>,
    /// Last operation, for the arrow from lane to object.
    pub last_obj: ObjId,
    pub last_op: Option<Op>,
    /// The last event of this thread (for the Python line it is on).
    pub last: Option<Event>,
    pub terminated: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Waiting {
    Object(ObjId),
    Thread(Tid),
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LockView {
    pub holder: Option<Tid>,
    pub count: u32,
    /// In the order they blocked.
    pub waiters: Vec<Tid>,
    /// Closed hold intervals: (tid, from, to) in demo ns.
    pub holds: Vec<(Tid, u64, u64)>,
    pub held_since: u64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct QueueView {
    pub items: VecDeque<i64>,
    pub blocked_putters: Vec<Tid>,
    pub blocked_getters: Vec<Tid>,
    /// (demo ns, depth) after each change.
    pub depth: Vec<(u64, usize)>,
    pub puts: u64,
    pub gets: u64,
    pub unfinished: u64,
    /// `task_done()` calls so far (a multiprocessing.Queue has none).
    pub task_dones: u64,
}

impl ValueView {
    /// The updates lost on this value (`LostUpdate::erased`, summed).
    pub fn lost_total(&self) -> usize {
        self.lost.iter().map(|l| l.erased).sum::<i64>().max(0) as usize
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ValueView {
    pub value: i64,
    pub last_writer: Option<Tid>,
    /// What each thread last read (for lost-update detection).
    pub last_read: BTreeMap<Tid, i64>,
    pub lost: Vec<LostUpdate>,
    pub writes: u64,
}

/// A stale write: one that overwrote updates it had not seen. The one
/// definition of lost updates the page, its metrics and the checks use is
/// `erased`: for int values, what the overwritten value had gained since
/// the writer's read, `overwrote - read` (negative when an earlier stale
/// write had set it back: this write then gives some back), so that for
/// `x += 1` their sum is exactly the increments lost (`final + lost =
/// expected`); for other values, 1 per stale write.
#[derive(Clone, Debug, Serialize)]
pub struct LostUpdate {
    pub tid: Tid,
    pub at: u64,
    /// What the writer had read.
    pub read: i64,
    /// What it overwrote (someone else's update, now lost).
    pub overwrote: i64,
    pub wrote: i64,
    /// Updates lost by this write (see above).
    pub erased: i64,
    /// Index of the store event in the trace.
    pub event: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskView {
    pub index: i64,
    pub submitted: u64,
    pub started: Option<u64>,
    pub ended: Option<u64>,
    pub worker: Option<Tid>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct PoolView {
    pub size: i64,
    pub tasks: BTreeMap<i64, TaskView>,
    pub closed: bool,
    pub terminated: bool,
}

impl PoolView {
    pub fn queued(&self) -> impl Iterator<Item = &TaskView> {
        self.tasks.values().filter(|t| t.started.is_none())
    }
    pub fn running(&self) -> impl Iterator<Item = &TaskView> {
        self.tasks
            .values()
            .filter(|t| t.started.is_some() && t.ended.is_none())
    }
}

/// One network request (L8), by its index in the input list.
#[derive(Clone, Debug, Serialize)]
pub struct FetchView {
    pub index: i64,
    pub url: String,
    pub tid: Tid,
    pub start: u64,
    pub end: Option<u64>,
    /// HTTP status, 0 for a network error or timeout; None while in flight.
    pub status: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ObjectInfo {
    pub id: ObjId,
    pub kind: ObjKind,
    pub name: String,
    pub capacity: i64,
    /// Semaphore value, event flag, barrier arrivals.
    pub counter: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub at: u64,
    pub tid: Tid,
    pub text: String,
}

/// Everything drawn at one moment of a run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct View {
    /// Demo ns of the last applied event.
    pub now: u64,
    pub applied: usize,
    pub lanes: BTreeMap<Tid, Lane>,
    pub objects: BTreeMap<ObjId, ObjectInfo>,
    pub locks: BTreeMap<ObjId, LockView>,
    pub queues: BTreeMap<ObjId, QueueView>,
    pub values: BTreeMap<ObjId, ValueView>,
    pub pools: BTreeMap<ObjId, PoolView>,
    pub fetches: BTreeMap<i64, FetchView>,
    pub output: Vec<Line>,
    pub errors: Vec<Line>,
    pub aborted: bool,
    pub speed_changes: Vec<(u64, i64)>,
}

impl View {
    /// The state after every event of `log` with `t_demo <= t`.
    pub fn at(log: &TraceLog, t: u64) -> View {
        let mut v = View::default();
        for m in &log.metas {
            v.meta(m);
        }
        for e in log.events.iter().take_while(|e| e.t_demo <= t) {
            v.apply(e, log);
        }
        v
    }

    /// The state after every event of `log`.
    pub fn of(log: &TraceLog) -> View {
        View::at(log, u64::MAX)
    }

    /// Applies a name record. Safe to call for metas seen before.
    pub fn meta(&mut self, m: &Meta) {
        match m {
            Meta::Thread {
                tid,
                name,
                worker,
                process,
                ..
            } => {
                let lane = self.lane(*tid);
                lane.name = name.clone();
                lane.worker = *worker;
                lane.process = *process;
            }
            Meta::Object {
                id,
                kind,
                name,
                capacity,
            } => {
                self.objects.entry(*id).or_insert(ObjectInfo {
                    id: *id,
                    kind: *kind,
                    name: name.clone(),
                    capacity: *capacity,
                    counter: if matches!(kind, ObjKind::Semaphore | ObjKind::BoundedSemaphore) {
                        *capacity
                    } else {
                        0
                    },
                });
                match kind {
                    ObjKind::Lock | ObjKind::RLock => {
                        self.locks.entry(*id).or_default();
                    }
                    ObjKind::Queue => {
                        self.queues.entry(*id).or_default();
                    }
                    ObjKind::Value => {
                        self.values.entry(*id).or_default();
                    }
                    ObjKind::Pool => {
                        self.pools.entry(*id).or_default().size = *capacity;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn lane(&mut self, tid: Tid) -> &mut Lane {
        self.lanes.entry(tid).or_insert_with(|| Lane {
            tid,
            name: format!("thread {tid}"),
            worker: 0,
            process: false,
            state: LaneState::Running,
            waiting_on: None,
            segments: Vec::new(),
            last_obj: 0,
            last_op: None,
            last: None,
            terminated: false,
        })
    }

    fn set_state(&mut self, tid: Tid, t: u64, state: LaneState, obj: ObjId) {
        let lane = self.lane(tid);
        if let Some(last) = lane.segments.last_mut() {
            if last.end.is_none() {
                if last.state == state && last.obj == obj {
                    return;
                }
                last.end = Some(t);
            }
        }
        lane.state = state;
        if state != LaneState::Blocked && state != LaneState::Idle {
            lane.waiting_on = None;
        }
        if state != LaneState::Done {
            lane.segments.push(Segment {
                start: t,
                end: None,
                state,
                obj,
            });
        }
    }

    fn kind(&self, obj: ObjId) -> Option<ObjKind> {
        self.objects.get(&obj).map(|o| o.kind)
    }

    fn text(log: &TraceLog, id: i64) -> String {
        log.text(id).unwrap_or("?").to_string()
    }

    /// Applies one event. `log` supplies texts (printed lines, errors).
    pub fn apply(&mut self, e: &Event, log: &TraceLog) {
        let t = e.t_demo;
        self.now = self.now.max(t);
        let index = self.applied;
        self.applied += 1;
        if e.tid != 0 {
            let lane = self.lane(e.tid);
            if e.obj != 0 {
                lane.last_obj = e.obj;
            }
            lane.last_op = Some(e.op);
            lane.last = Some(*e);
        }
        match (e.op, e.phase) {
            (Op::Run, Phase::Begin) => self.set_state(e.tid, t, LaneState::Running, 0),
            (Op::Run, Phase::End) => self.set_state(e.tid, t, LaneState::Done, 0),
            (Op::Run, Phase::Interrupted) => {
                self.lane(e.tid).terminated = true;
                self.set_state(e.tid, t, LaneState::Done, 0);
            }
            (Op::Sleep, Phase::Begin) => self.set_state(e.tid, t, LaneState::Sleeping, 0),
            (Op::Sleep, _) => self.set_state(e.tid, t, LaneState::Running, 0),
            (Op::Fetch, Phase::Begin) => {
                self.fetches.insert(
                    e.value,
                    FetchView {
                        index: e.value,
                        url: Self::text(log, e.aux),
                        tid: e.tid,
                        start: t,
                        end: None,
                        status: None,
                    },
                );
                self.set_state(e.tid, t, LaneState::Io, e.obj)
            }
            (Op::Fetch, _) => {
                if let Some(f) = self.fetches.get_mut(&e.value) {
                    f.end = Some(t);
                    f.status = Some(e.aux);
                }
                self.set_state(e.tid, t, LaneState::Running, 0)
            }
            (Op::Join, Phase::Blocked) => {
                self.set_state(e.tid, t, LaneState::Blocked, 0);
                self.lane(e.tid).waiting_on = Some(Waiting::Thread(e.value as Tid));
            }
            (op, Phase::Blocked) => {
                let idle = self.kind(e.obj) == Some(ObjKind::Pool) && op == Op::Get;
                let st = if idle { LaneState::Idle } else { LaneState::Blocked };
                self.set_state(e.tid, t, st, e.obj);
                self.lane(e.tid).waiting_on = Some(Waiting::Object(e.obj));
                if let Some(l) = self.locks.get_mut(&e.obj) {
                    l.waiters.push(e.tid);
                }
                if let Some(q) = self.queues.get_mut(&e.obj) {
                    match op {
                        Op::Put => q.blocked_putters.push(e.tid),
                        Op::Get => q.blocked_getters.push(e.tid),
                        _ => {}
                    }
                }
            }
            (Op::Print, _) => self.output.push(Line {
                at: t,
                tid: e.tid,
                text: Self::text(log, e.value),
            }),
            (Op::Raise, _) => self.errors.push(Line {
                at: t,
                tid: e.tid,
                text: Self::text(log, e.value),
            }),
            (Op::Abort, _) => self.aborted = true,
            (Op::Speed, _) => self.speed_changes.push((t, e.value)),
            _ => {}
        }
        // Leaving a wait: any outcome of the op the lane was blocked in.
        // Not a release: a blocked thread releases nothing, and the one
        // release recorded for a thread after it blocked is the GIL's,
        // which the interpreter records at the hand-over (the next
        // thread's take), after the thread let it go to block.
        if matches!(e.phase, Phase::Done | Phase::Failed | Phase::Interrupted)
            && e.tid != 0
            && e.op != Op::Run
            && e.op != Op::Release
        {
            let lane = self.lane(e.tid);
            if matches!(lane.state, LaneState::Blocked | LaneState::Idle) {
                self.unblock(e.tid, e.obj);
                self.set_state(e.tid, t, LaneState::Running, 0);
            }
        }
        self.apply_object(e, t, index);
    }

    fn unblock(&mut self, tid: Tid, obj: ObjId) {
        if let Some(l) = self.locks.get_mut(&obj) {
            l.waiters.retain(|w| *w != tid);
        }
        if let Some(q) = self.queues.get_mut(&obj) {
            q.blocked_putters.retain(|w| *w != tid);
            q.blocked_getters.retain(|w| *w != tid);
        }
    }

    fn apply_object(&mut self, e: &Event, t: u64, index: usize) {
        let kind = self.kind(e.obj);
        match (kind, e.op, e.phase) {
            (Some(ObjKind::Lock | ObjKind::RLock), Op::Acquire, Phase::Done) => {
                let l = self.locks.get_mut(&e.obj).unwrap();
                if l.holder != Some(e.tid) {
                    l.held_since = t;
                }
                l.holder = Some(e.tid);
                l.count = e.value as u32;
            }
            (Some(ObjKind::Lock | ObjKind::RLock), Op::Release, Phase::Done) => {
                let l = self.locks.get_mut(&e.obj).unwrap();
                l.count = e.value as u32;
                if l.count == 0 {
                    if let Some(h) = l.holder.take() {
                        l.holds.push((h, l.held_since, t));
                    }
                }
            }
            (
                Some(ObjKind::Semaphore | ObjKind::BoundedSemaphore),
                Op::Acquire | Op::Release,
                Phase::Done,
            ) => {
                self.objects.get_mut(&e.obj).unwrap().counter = e.value;
            }
            (Some(ObjKind::Event), Op::Set | Op::Clear, Phase::Done) => {
                self.objects.get_mut(&e.obj).unwrap().counter = e.value;
            }
            (Some(ObjKind::Queue), Op::Put, Phase::Done) => {
                let q = self.queues.get_mut(&e.obj).unwrap();
                q.items.push_back(e.value);
                q.puts += 1;
                q.unfinished += 1;
                q.depth.push((t, q.items.len()));
            }
            (Some(ObjKind::Queue), Op::Get, Phase::Done) => {
                let q = self.queues.get_mut(&e.obj).unwrap();
                q.items.pop_front();
                q.gets += 1;
                q.depth.push((t, q.items.len()));
            }
            (Some(ObjKind::Queue), Op::TaskDone, Phase::Done) => {
                let q = self.queues.get_mut(&e.obj).unwrap();
                q.unfinished = e.value as u64;
                q.task_dones += 1;
            }
            (Some(ObjKind::Value), Op::Load, Phase::Done) => {
                self.values
                    .get_mut(&e.obj)
                    .unwrap()
                    .last_read
                    .insert(e.tid, e.value);
            }
            (Some(ObjKind::Value), Op::Store, Phase::Done) => {
                let v = self.values.get_mut(&e.obj).unwrap();
                if let Some(read) = v.last_read.remove(&e.tid) {
                    if read != e.aux {
                        let plain = |x: i64| {
                            !crate::trace::is_opaque(x)
                                && !crate::trace::is_text(x)
                                && x != crate::trace::NONE_VALUE
                        };
                        let erased = match e.aux.checked_sub(read) {
                            Some(d) if plain(read) && plain(e.aux) => d,
                            _ => 1,
                        };
                        v.lost.push(LostUpdate {
                            tid: e.tid,
                            at: t,
                            read,
                            overwrote: e.aux,
                            wrote: e.value,
                            erased,
                            event: index,
                        });
                    }
                }
                v.value = e.value;
                v.last_writer = Some(e.tid);
                v.writes += 1;
            }
            (Some(ObjKind::Pool), Op::Submit, Phase::Done) => {
                self.pools.get_mut(&e.obj).unwrap().tasks.insert(
                    e.value,
                    TaskView {
                        index: e.value,
                        submitted: t,
                        started: None,
                        ended: None,
                        worker: None,
                    },
                );
            }
            (Some(ObjKind::Pool), Op::Task, Phase::Begin) => {
                if let Some(task) = self.pools.get_mut(&e.obj).unwrap().tasks.get_mut(&e.value) {
                    task.started = Some(t);
                    task.worker = Some(e.tid);
                }
            }
            (Some(ObjKind::Pool), Op::Task, _) => {
                if let Some(task) = self.pools.get_mut(&e.obj).unwrap().tasks.get_mut(&e.value) {
                    task.ended = Some(t);
                }
            }
            (Some(ObjKind::Pool), Op::Close, _) => self.pools.get_mut(&e.obj).unwrap().closed = true,
            (Some(ObjKind::Pool), Op::Terminate, _) => self.pools.get_mut(&e.obj).unwrap().terminated = true,
            _ => {}
        }
    }

    /// Increments lost on one value: for each lost update, what it
    /// overwrote minus what it had read. For read-modify-write adds,
    /// `final = sum of adds - lost_amount` exactly.
    pub fn lost_amount(&self, value: ObjId) -> i64 {
        self.values
            .get(&value)
            .map(|v| v.lost.iter().map(|l| l.overwrote - l.read).sum())
            .unwrap_or(0)
    }

    /// Total lost updates across all shared values: the updates stale
    /// writes erased (`LostUpdate::erased`).
    pub fn lost_updates(&self) -> usize {
        self.values.values().map(|v| v.lost_total()).sum()
    }

    /// The printed output joined as Python's `print(x, end="|")` would.
    pub fn output_joined(&self, sep: &str) -> String {
        self.output
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    }

    pub fn lane_by_name(&self, name: &str) -> Option<&Lane> {
        self.lanes.values().find(|l| l.name == name)
    }

    /// The ids of objects called `name` (a program's variable: the
    /// interpreter names an object after the assignment that made it).
    pub fn ids_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = ObjId> + 'a {
        self.objects
            .values()
            .filter(move |o| o.name == name)
            .map(|o| o.id)
    }

    /// The shared value called `name`, with its id.
    pub fn value_named(&self, name: &str) -> Option<(ObjId, &ValueView)> {
        self.ids_named(name)
            .find_map(|id| self.values.get(&id).map(|v| (id, v)))
    }

    /// The lock (or RLock) called `name`.
    pub fn lock_named(&self, name: &str) -> Option<&LockView> {
        self.ids_named(name).find_map(|id| self.locks.get(&id))
    }

    /// Whether an object is the runtime's own (named with a leading `_`:
    /// a thread's start event, a pool's task queue, `__name__`): traced
    /// and validated, not drawn.
    pub fn is_internal(&self, id: ObjId) -> bool {
        self.objects.get(&id).is_some_and(|o| o.name.starts_with('_'))
    }

    /// Whether the page draws object `id` (in the lanes' column and as a
    /// card): not the runtime's own, and not a variable that holds an
    /// object (a lock, a thread, a list), which is drawn as that object,
    /// unless it lost updates.
    pub fn is_drawn(&self, id: ObjId) -> bool {
        if self.is_internal(id) {
            return false;
        }
        if let Some(v) = self.values.get(&id) {
            return !crate::trace::is_opaque(v.value) || !v.lost.is_empty();
        }
        // A process's GIL that no other thread ever took (a process with
        // one thread, as each worker process is) has nothing to show.
        match self.locks.get(&id) {
            Some(l) if self.objects.get(&id).is_some_and(|o| o.name == "GIL") => {
                let mut holders = l.holds.iter().map(|h| h.0).chain(l.holder);
                let first = holders.next();
                holders.any(|t| Some(t) != first) || !l.waiters.is_empty()
            }
            _ => true,
        }
    }
}
