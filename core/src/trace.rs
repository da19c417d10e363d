//! Trace events and the recorder they go into.
//!
//! Every traced operation of every primitive emits an [`Event`]: a small
//! `Copy` record that names the lesson thread, the object and the operation
//! by number. Names (of threads, objects and printed text) are rare and go
//! into a separate unbounded [`Meta`] stream, so the hot path never allocates.
//!
//! The [`Recorder`] is lock-free on both sides: writers push into a bounded
//! `crossbeam_queue::ArrayQueue` and never block (a full queue drops the
//! event and counts the drop, so overflow is reported, never silent); the
//! reader (the browser's UI thread, which must never block) drains with
//! `pop`, which never blocks either.

use crossbeam_queue::{ArrayQueue, SegQueue};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

/// Lesson thread id within one run (`0` is reserved for "no thread").
pub type Tid = u32;
/// Object id within one run (`0` means "the thread itself").
pub type ObjId = u32;

/// What was done. Paired with a [`Phase`] that says how far it got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum Op {
    /// A thread or process was created (`value` = parent tid).
    Spawn,
    /// Thread body starts / ends (`Phase::Begin` / `Phase::End`).
    Run,
    /// `t.join()` (`obj` = tid joined, as an object id of kind Thread).
    Join,
    /// `time.sleep(value ns of demo time)`.
    Sleep,
    /// Acquire of a lock or semaphore (`value` = hold count when Done;
    /// for a lock's Request/Blocked/Failed, 1 if the caller already holds it).
    Acquire,
    Release,
    /// Read of a shared value (`value` = what was read).
    Load,
    /// Write of a shared value (`value` = written, `aux` = the value the
    /// writer had read before, for read-modify-write race detection).
    Store,
    /// Queue put (`value` = item, `aux` = depth after).
    Put,
    /// Queue get (`value` = item, `aux` = depth after).
    Get,
    TaskDone,
    /// `queue.join()` / `pool.join()`.
    WaitAll,
    /// Condition/Event wait.
    Wait,
    Notify,
    Set,
    Clear,
    /// Pool: `apply_async` (`value` = task index).
    Submit,
    /// Pool worker runs a task (`value` = task index, Begin/End).
    Task,
    Close,
    Terminate,
    /// `print(...)` (`value` = text id in the meta stream).
    Print,
    /// A Python exception was raised (`value` = text id of its message).
    Raise,
    /// A unit of CPU work (`value` = amount), Begin/End.
    Compute,
    /// A network fetch (`value` = request index, `aux` = HTTP status), Begin/End.
    Fetch,
    /// Controller: speed change (`value` = speed in thousandths).
    Speed,
    /// Controller: pause (Begin) / resume (End).
    Pause,
    /// Controller: the run was aborted.
    Abort,
}

/// How far an operation got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum Phase {
    /// Asked for; may still block.
    Request,
    /// Could not proceed; the thread is now waiting.
    Blocked,
    /// Completed (acquired, put, got, returned).
    Done,
    /// Gave up: timeout or non-blocking attempt that failed.
    Failed,
    /// Interrupted by abort (the run) or terminate (the thread).
    Interrupted,
    /// Start of an interval (sleep, task, run, compute, fetch).
    Begin,
    /// End of an interval.
    End,
}

/// Kinds of traced objects, named as Python names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ObjKind {
    Thread,
    Lock,
    RLock,
    Value,
    Queue,
    Semaphore,
    BoundedSemaphore,
    Event,
    Condition,
    Barrier,
    Pool,
    Result,
}

impl ObjKind {
    /// The Python spelling, as a learner would write it.
    pub fn python(self) -> &'static str {
        match self {
            ObjKind::Thread => "Thread",
            ObjKind::Lock => "Lock",
            ObjKind::RLock => "RLock",
            ObjKind::Value => "Value",
            ObjKind::Queue => "Queue",
            ObjKind::Semaphore => "Semaphore",
            ObjKind::BoundedSemaphore => "BoundedSemaphore",
            ObjKind::Event => "Event",
            ObjKind::Condition => "Condition",
            ObjKind::Barrier => "Barrier",
            ObjKind::Pool => "Pool",
            ObjKind::Result => "AsyncResult",
        }
    }
}

/// One traced step. 48 bytes, `Copy`, no heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Real monotonic time since the run started, in nanoseconds.
    pub t_real: u64,
    /// Demo time (real time scaled by speed, frozen while paused), ns.
    pub t_demo: u64,
    pub tid: Tid,
    pub obj: ObjId,
    pub op: Op,
    pub phase: Phase,
    /// Source position of the operation in the learner's Python program,
    /// in what was padding: line << 12 | column (1-based; column capped at
    /// 4095), 0 = none (the lessons' events). See `pos_line`/`pos_col`.
    #[serde(default)]
    pub pos: u32,
    pub value: i64,
    pub aux: i64,
}

const _: () = assert!(std::mem::size_of::<Event>() == 48);

impl Event {
    /// An event at time 0 with no position: how tests write traces by hand.
    pub fn bare(tid: Tid, obj: ObjId, op: Op, phase: Phase, value: i64, aux: i64) -> Event {
        Event {
            t_real: 0,
            t_demo: 0,
            tid,
            obj,
            op,
            phase,
            pos: 0,
            value,
            aux,
        }
    }
}

/// Packs a source position for `Event::pos` (0 = none).
/// How a traced Python value that is not an int travels in an event's
/// `value`: an identity in a range no learner's int reaches (equal means
/// the same object; the page shows "an object", not the number). `None`
/// is `NONE_VALUE`.
pub const OPAQUE: i64 = -(1 << 62);
const OPAQUE_SPAN: i64 = 1 << 58;
pub const NONE_VALUE: i64 = i64::MIN + 1;

/// The traced value of an object with identity `id` (an address, float
/// bits): kept in the opaque range.
pub fn opaque(id: u64) -> i64 {
    OPAQUE + (id % OPAQUE_SPAN as u64) as i64
}

pub fn is_opaque(v: i64) -> bool {
    (OPAQUE..OPAQUE + OPAQUE_SPAN).contains(&v)
}

/// Short strings (up to 7 bytes of UTF-8) travel as their bytes and
/// length, in a range of their own, so the page can show a queue's items
/// (`'A'`) and a global's text.
const TEXT: i64 = -(1 << 61);
const TEXT_SPAN: i64 = 1 << 59;

/// The traced value of the string `s`, if it is short enough to carry.
pub fn text_value(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() > 7 {
        return None;
    }
    let mut x = (b.len() as i64) << 56;
    for (i, &c) in b.iter().enumerate() {
        x |= (c as i64) << (8 * i);
    }
    Some(TEXT + x)
}

pub fn is_text(v: i64) -> bool {
    (TEXT..TEXT + TEXT_SPAN).contains(&v)
}

/// The string a [`text_value`] carries.
pub fn text_of(v: i64) -> Option<String> {
    if !is_text(v) {
        return None;
    }
    let x = v - TEXT;
    let len = (x >> 56) as usize;
    let bytes: Vec<u8> = (0..len.min(7)).map(|i| (x >> (8 * i)) as u8).collect();
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// A traced value as the page shows it.
pub fn show_value(v: i64) -> String {
    match v {
        NONE_VALUE => "None".into(),
        v if is_opaque(v) => "an object".into(),
        v if is_text(v) => {
            let s = text_of(v).unwrap_or_default();
            format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
        }
        v => v.to_string(),
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn short_strings_round_trip_and_show_as_python_does() {
        for s in ["", "A", "abc", "1234567", "é", "中文", "a'b"] {
            let v = text_value(s).unwrap();
            assert!(is_text(v) && !is_opaque(v) && v != NONE_VALUE, "{s}");
            assert_eq!(text_of(v).as_deref(), Some(s));
        }
        assert_eq!(text_value("12345678"), None);
        assert_ne!(text_value("a\0"), text_value("a"));
        assert_eq!(show_value(text_value("A").unwrap()), "'A'");
        assert_eq!(show_value(text_value("a'b").unwrap()), "'a\\'b'");
        assert_eq!(show_value(5), "5");
    }
}

pub fn pack_pos(line: usize, col: usize) -> u32 {
    if line == 0 || line >= (1 << 20) {
        return 0;
    }
    ((line as u32) << 12) | (col.min(4095) as u32)
}

impl Event {
    /// The Python line of this event (0 = none).
    pub fn pos_line(&self) -> u32 {
        self.pos >> 12
    }
    /// The Python column (1-based) of this event (0 = none).
    pub fn pos_col(&self) -> u32 {
        self.pos & 4095
    }
}

/// Rare records that give numbers their names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Meta {
    /// A lesson thread. `worker` is the id of the real OS thread / Web Worker
    /// it runs on; `process` marks Python processes (modelled as threads
    /// whose state is a private copy).
    Thread {
        tid: Tid,
        name: String,
        worker: u64,
        process: bool,
        parent: Tid,
    },
    Object {
        id: ObjId,
        kind: ObjKind,
        name: String,
        /// Capacity where it has one (queue maxsize, semaphore value, pool
        /// size, barrier parties); 0 = unbounded / not applicable.
        capacity: i64,
    },
    /// Text referred to by `Print` and `Raise` events.
    Text { id: i64, text: String },
    /// The run itself: seed for every random choice, lesson and parameters.
    Run {
        seed: u64,
        lesson: String,
        params: String,
    },
}

/// The bounded, lock-free sink every traced operation writes into.
pub struct Recorder {
    events: ArrayQueue<Event>,
    /// Names of threads and objects: few, never dropped.
    metas: SegQueue<Meta>,
    /// Printed and raised text: as many as a lesson prints, so bounded
    /// like events (a full buffer drops the text and counts it).
    texts: ArrayQueue<Meta>,
    dropped: AtomicU64,
    /// Counted by the reader, so writers share no counter (only the queue).
    drained: AtomicU64,
}

impl Recorder {
    /// A recorder holding at most `capacity` undrained events.
    pub fn new(capacity: usize) -> Self {
        Recorder {
            events: ArrayQueue::new(capacity.max(1)),
            metas: SegQueue::new(),
            // Far fewer lines are printed than events recorded, and a full
            // buffer of both is ~6 MB per run, allocated up front: keep
            // texts at 1/16 of the events (4,096 undrained lines by default).
            texts: ArrayQueue::new((capacity / 16).max(64)),
            dropped: AtomicU64::new(0),
            drained: AtomicU64::new(0),
        }
    }

    /// A recorder for a new run: the last finished run's, emptied, if it
    /// has this capacity, else a new one. Its buffers are megabytes,
    /// allocated up front; reusing them keeps a page that runs lesson after
    /// lesson from fragmenting its heap into fresh growth (the reset cycles
    /// saw one 3.7 MB step without it).
    pub fn reuse_or_new(capacity: usize) -> Self {
        match spare().pop() {
            Some(r) if r.events.capacity() == capacity.max(1) => r,
            _ => Recorder::new(capacity),
        }
    }

    /// Hands a finished run's recorder back for the next run, emptied and
    /// with its counts at zero. Lock-free: the last owner of a run may be
    /// the page's main thread.
    pub fn recycle(self) {
        self.clear();
        let _ = spare().push(self);
    }

    /// Empty, with every count at zero, as if new.
    fn clear(&self) {
        while self.events.pop().is_some() {}
        while self.metas.pop().is_some() {}
        while self.texts.pop().is_some() {}
        self.dropped.store(0, Ordering::Relaxed);
        self.drained.store(0, Ordering::Relaxed);
    }

    /// Never blocks. A full buffer drops the event and counts it.
    #[inline]
    pub fn record(&self, e: Event) {
        if self.events.push(e).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Never blocks. Names are never dropped (they are rare and small);
    /// texts are bounded: returns false (and counts a drop) when full.
    pub fn meta(&self, m: Meta) -> bool {
        if matches!(m, Meta::Text { .. }) {
            if self.texts.push(m).is_err() {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                return false;
            }
        } else {
            self.metas.push(m);
        }
        true
    }

    /// [`Recorder::record`] for a run whose reader never stops while it
    /// lives (the page drains every frame): a full buffer makes the writer
    /// wait for room instead of dropping, so the trace stays whole and
    /// the program runs at the pace the reader keeps. `stop` (the run was
    /// aborted) ends the wait: the event is then dropped and counted.
    /// Never call it where no one drains (the page's own thread).
    /// Returns whether it had to wait.
    pub fn record_or_wait(&self, e: Event, stop: impl Fn() -> bool) -> bool {
        let mut e = e;
        let mut tries = 0u32;
        loop {
            match self.events.push(e) {
                Ok(()) => return tries > 0,
                Err(back) => e = back,
            }
            if stop() {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                return true;
            }
            wait_for_room(&mut tries);
        }
    }

    /// [`Recorder::meta`] with the same waiting for room as
    /// [`Recorder::record_or_wait`] (printed text has its own buffer).
    pub fn meta_or_wait(&self, m: Meta, stop: impl Fn() -> bool) -> bool {
        if !matches!(m, Meta::Text { .. }) {
            return self.meta(m);
        }
        let mut m = m;
        let mut tries = 0u32;
        loop {
            match self.texts.push(m) {
                Ok(()) => return true,
                Err(back) => m = back,
            }
            if stop() {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                return false;
            }
            wait_for_room(&mut tries);
        }
    }

    /// Events dropped because the reader fell behind.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Events accepted so far (drained plus waiting).
    pub fn written(&self) -> u64 {
        self.drained.load(Ordering::Relaxed) + self.events.len() as u64
    }

    /// Moves everything recorded so far into `log`, without blocking.
    /// Metadata is drained first so every drained event's names are known.
    /// Returns the number of events moved.
    pub fn drain_into(&self, log: &mut TraceLog) -> usize {
        self.drain_at_most(log, usize::MAX)
    }

    /// [`Recorder::drain_into`], taking at most `max` events (a frame's
    /// share: the rest wait in the queue for the next frame).
    pub fn drain_at_most(&self, log: &mut TraceLog, max: usize) -> usize {
        let metas = |log: &mut TraceLog| {
            while let Some(m) = self.metas.pop() {
                log.push_meta(m);
            }
            while let Some(m) = self.texts.pop() {
                log.push_meta(m);
            }
        };
        metas(log);
        let mut n = 0;
        while n < max {
            let Some(e) = self.events.pop() else { break };
            log.events.push(e);
            n += 1;
        }
        // Again after the events: a thread records a text, then the event
        // that names it, and both may land between the first pass and the
        // events' (a print would then show "?").
        metas(log);
        self.drained.fetch_add(n as u64, Ordering::Relaxed);
        log.dropped = self.dropped();
        n
    }
}

/// A writer waiting for the reader: spin a little (a frame's drain frees
/// thousands of slots at once), then sleep in short slices (a worker may
/// block; the page's thread never writes through here).
fn wait_for_room(tries: &mut u32) {
    *tries += 1;
    if *tries < 64 {
        std::hint::spin_loop();
    } else {
        std::thread::sleep(std::time::Duration::from_micros(250));
    }
}

/// Recorders of finished runs, ready for the next (one is enough: a page
/// runs one lesson at a time; a second covers a run starting while the
/// last one's memory is still being let go).
fn spare() -> &'static ArrayQueue<Recorder> {
    static SPARE: std::sync::OnceLock<ArrayQueue<Recorder>> = std::sync::OnceLock::new();
    SPARE.get_or_init(|| ArrayQueue::new(2))
}

/// A drained trace: what the reducers and the exporter read.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TraceLog {
    pub metas: Vec<Meta>,
    /// In drain order: the recorder's queue order, the real order of what
    /// happened to each object. [`TraceLog::sort`] makes the timestamps
    /// monotone along it before a finished run is reduced.
    pub events: Vec<Event>,
    pub dropped: u64,
    /// Where each text is in `metas`, up to `metas[..indexed]`: a printed
    /// line's text was found by scanning every meta, so a program printing
    /// in a loop made each line cost more than the one before, until the
    /// page had no time left for a click (issue 17's print flood).
    #[serde(skip)]
    text_at: std::collections::HashMap<i64, u32>,
    #[serde(skip)]
    indexed: usize,
}

impl TraceLog {
    pub fn push_meta(&mut self, m: Meta) {
        self.metas.push(m);
    }

    /// Indexes the texts added to `metas` since the last call, so that
    /// [`TraceLog::text`] finds them without a scan. [`TraceLog::sort`]
    /// calls it; a log being drained calls it after each batch.
    pub fn index_texts(&mut self) {
        if self.indexed > self.metas.len() {
            // `metas` was replaced or cut: start again.
            self.text_at.clear();
            self.indexed = 0;
        }
        for (i, m) in self.metas.iter().enumerate().skip(self.indexed) {
            if let Meta::Text { id, .. } = m {
                self.text_at.insert(*id, i as u32);
            }
        }
        self.indexed = self.metas.len();
    }

    /// Puts a drained trace in order for reducing and exporting.
    ///
    /// The events already are in the recorder's queue order, and that is
    /// the real order: every event that changes an object is pushed inside
    /// the object's critical section, and each thread's events in program
    /// order. Sorting by timestamp would be wrong in the browser, where each
    /// Web Worker reads the clock itself (coarsened, with jitter): a lock's
    /// release and the next thread's acquire a microsecond later could swap.
    /// So this keeps the queue order and only makes the timestamps monotone
    /// along it (a correction no larger than the clocks' disagreement).
    pub fn sort(&mut self) {
        self.index_texts();
        let (mut real, mut demo) = (0, 0);
        for e in &mut self.events {
            real = e.t_real.max(real);
            demo = e.t_demo.max(demo);
            e.t_real = real;
            e.t_demo = demo;
        }
    }

    pub fn thread_name(&self, tid: Tid) -> Option<&str> {
        self.metas.iter().find_map(|m| match m {
            Meta::Thread { tid: t, name, .. } if *t == tid => Some(name.as_str()),
            _ => None,
        })
    }

    pub fn object(&self, id: ObjId) -> Option<(ObjKind, &str, i64)> {
        self.metas.iter().find_map(|m| match m {
            Meta::Object {
                id: i,
                kind,
                name,
                capacity,
            } if *i == id => Some((*kind, name.as_str(), *capacity)),
            _ => None,
        })
    }

    pub fn text(&self, id: i64) -> Option<&str> {
        fn is(m: &Meta, id: i64) -> Option<&str> {
            match m {
                Meta::Text { id: i, text } if *i == id => Some(text.as_str()),
                _ => None,
            }
        }
        if id < 0 {
            return None; // a text the recorder had no room for
        }
        // The index, checked (`metas` is public); else a scan, for a log
        // built by hand or changed since it was indexed.
        let at = self.text_at.get(&id).and_then(|&i| self.metas.get(i as usize));
        at.and_then(|m| is(m, id))
            .or_else(|| self.metas.iter().find_map(|m| is(m, id)))
    }

    pub fn threads(&self) -> impl Iterator<Item = (Tid, &str, u64, bool)> {
        self.metas.iter().filter_map(|m| match m {
            Meta::Thread {
                tid,
                name,
                worker,
                process,
                ..
            } => Some((*tid, name.as_str(), *worker, *process)),
            _ => None,
        })
    }

    pub fn seed(&self) -> Option<u64> {
        self.metas.iter().find_map(|m| match m {
            Meta::Run { seed, .. } => Some(*seed),
            _ => None,
        })
    }

    /// Everything printed, in order, with the printing thread.
    pub fn printed(&self) -> Vec<(Tid, &str)> {
        self.events
            .iter()
            .filter(|e| e.op == Op::Print)
            .filter_map(|e| self.text(e.value).map(|t| (e.tid, t)))
            .collect()
    }

    /// Every Python exception raised, in order.
    pub fn raised(&self) -> Vec<(Tid, &str)> {
        self.events
            .iter()
            .filter(|e| e.op == Op::Raise)
            .filter_map(|e| self.text(e.value).map(|t| (e.tid, t)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: u64) -> Event {
        Event {
            t_real: t,
            t_demo: t,
            tid: 1,
            obj: 0,
            op: Op::Print,
            phase: Phase::Done,
            value: 0,
            pos: 0,
            aux: 0,
        }
    }

    #[test]
    fn texts_are_found_by_the_index_and_still_found_after_metas_change() {
        let text = |id: i64| Meta::Text {
            id,
            text: format!("line {id}"),
        };
        let mut log = TraceLog::default();
        // Out of order, as threads record them, between other metas.
        for id in [3, 0, 2, 1] {
            log.push_meta(text(id));
            log.push_meta(Meta::Run {
                seed: 1,
                lesson: String::new(),
                params: String::new(),
            });
        }
        assert_eq!(log.text(2), Some("line 2"), "a scan before any index");
        log.index_texts();
        assert_eq!(log.text_at.len(), 4);
        log.push_meta(text(4));
        assert_eq!(log.text(4), Some("line 4"), "added after the index");
        log.index_texts();
        assert_eq!(log.text(4), Some("line 4"));
        assert_eq!((log.text(-1), log.text(9)), (None, None));
        // `metas` replaced behind the index's back: the index is checked.
        log.metas = vec![
            Meta::Text {
                id: 4,
                text: "other".into(),
            },
            text(0),
        ];
        assert_eq!(
            (log.text(4), log.text(0), log.text(3)),
            (Some("other"), Some("line 0"), None)
        );
        log.index_texts();
        assert_eq!((log.text(4), log.text(0)), (Some("other"), Some("line 0")));
    }

    #[test]
    fn a_reader_draining_while_writers_write_sees_each_event_once() {
        let r = std::sync::Arc::new(Recorder::new(16));
        let writers = writers(&r, 3);
        let mut log = TraceLog::default();
        while writers.iter().any(|w| !w.is_finished()) {
            r.drain_into(&mut log);
        }
        writers.into_iter().for_each(|w| w.join().unwrap());
        r.drain_into(&mut log);
        // Small buffer: some drops, but every event is either drained once
        // or counted as dropped, never both, never lost.
        assert_eq!(log.events.len() as u64 + r.dropped(), 3 * PER_WRITER);
        let mut seen = std::collections::HashSet::new();
        assert!(log.events.iter().all(|e| seen.insert((e.tid, e.t_real))));
    }

    #[test]
    fn writers_that_wait_for_room_lose_nothing_to_a_slow_reader() {
        use std::sync::Arc;
        // A buffer of 8, 4 writers of 2,000 events each, a reader that
        // drains only every 200 us: without waiting most would be dropped.
        let r = Arc::new(Recorder::new(8));
        let ws: Vec<_> = (0..4u32)
            .map(|tid| {
                let r = r.clone();
                std::thread::spawn(move || {
                    for t in 0..2_000 {
                        r.record_or_wait(Event { tid, ..ev(t) }, || false);
                    }
                })
            })
            .collect();
        let mut log = TraceLog::default();
        while ws.iter().any(|w| !w.is_finished()) {
            r.drain_into(&mut log);
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        ws.into_iter().for_each(|w| w.join().unwrap());
        r.drain_into(&mut log);
        assert_eq!(r.dropped(), 0);
        assert_eq!(log.events.len(), 8_000);
        // Each writer's events in its own order.
        for tid in 0..4 {
            let mine: Vec<u64> = log
                .events
                .iter()
                .filter(|e| e.tid == tid)
                .map(|e| e.t_real)
                .collect();
            assert_eq!(mine, (0..2_000).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_writer_waiting_for_room_stops_when_told_and_counts_the_event() {
        let r = Recorder::new(2);
        let stop = std::sync::atomic::AtomicBool::new(false);
        assert!(!r.record_or_wait(ev(1), || false), "room: no wait");
        assert!(!r.record_or_wait(ev(2), || false));
        std::thread::scope(|s| {
            let w = s.spawn(|| r.record_or_wait(ev(3), || stop.load(std::sync::atomic::Ordering::Acquire)));
            std::thread::sleep(std::time::Duration::from_millis(20));
            assert!(!w.is_finished(), "a full buffer makes the writer wait");
            stop.store(true, std::sync::atomic::Ordering::Release);
            assert!(w.join().unwrap(), "it says it waited");
        });
        assert_eq!(r.dropped(), 1);
        let mut log = TraceLog::default();
        r.drain_into(&mut log);
        assert_eq!(log.events.len(), 2);
        // Printed text has its own buffer (64 lines here) and the same rule.
        let texts = Recorder::new(16);
        let line = |id| Meta::Text { id, text: "x".into() };
        assert!((0..64).all(|id| texts.meta_or_wait(line(id), || false)));
        assert!(!texts.meta_or_wait(line(64), || true));
        assert_eq!(texts.dropped(), 1);
    }

    #[test]
    fn a_drain_of_at_most_n_takes_n_in_order_and_leaves_the_rest() {
        let r = Recorder::new(16);
        for t in 0..10 {
            r.record(ev(t));
        }
        r.meta(Meta::Text {
            id: 1,
            text: "x".into(),
        });
        let mut log = TraceLog::default();
        assert_eq!(r.drain_at_most(&mut log, 4), 4);
        let times = |l: &TraceLog| l.events.iter().map(|e| e.t_real).collect::<Vec<_>>();
        assert_eq!(times(&log), [0, 1, 2, 3]);
        assert_eq!(log.metas.len(), 1, "every meta, whatever the limit");
        assert_eq!(r.drain_at_most(&mut log, 100), 6);
        assert_eq!(times(&log), (0..10).collect::<Vec<_>>());
        assert_eq!(r.drain_at_most(&mut log, 4), 0);
        assert_eq!(r.drained.load(Ordering::Relaxed), 10);
    }

    #[test]
    fn a_recycled_recorder_starts_empty_with_zero_counts() {
        let r = Recorder::new(4);
        for t in 0..10 {
            r.record(ev(t));
        }
        r.meta(Meta::Text {
            id: 1,
            text: "x".into(),
        });
        let mut log = TraceLog::default();
        r.drain_into(&mut log);
        r.record(ev(11));
        assert_eq!((r.written(), r.dropped()), (5, 6));
        r.clear();
        assert_eq!((r.written(), r.dropped()), (0, 0));
        let mut again = TraceLog::default();
        assert_eq!(r.drain_into(&mut again), 0);
        assert!(again.metas.is_empty());
    }

    #[test]
    fn sort_keeps_queue_order_and_makes_time_monotone() {
        // A release on one worker, then the next acquire on another whose
        // clock reads 3 us earlier: the queue order must win.
        let mut log = TraceLog::default();
        for (t, op) in [
            (100, Op::Acquire),
            (200, Op::Release),
            (197, Op::Acquire),
            (300, Op::Release),
        ] {
            log.events.push(Event { op, ..ev(t) });
        }
        log.sort();
        let ops: Vec<Op> = log.events.iter().map(|e| e.op).collect();
        assert_eq!(ops, [Op::Acquire, Op::Release, Op::Acquire, Op::Release]);
        let ts: Vec<u64> = log.events.iter().map(|e| e.t_real).collect();
        assert_eq!(ts, [100, 200, 200, 300]);
    }

    #[test]
    fn overflow_is_counted_not_silent() {
        let r = Recorder::new(4);
        for i in 0..10 {
            r.record(ev(i));
        }
        assert_eq!(r.written(), 4);
        assert_eq!(r.dropped(), 6);
        let mut log = TraceLog::default();
        assert_eq!(r.drain_into(&mut log), 4);
        assert_eq!(log.dropped, 6);
        // Space is freed by draining.
        r.record(ev(99));
        assert_eq!(r.drain_into(&mut log), 1);
    }

    /// Under Miri (`cargo miri test -p lockstep-core --lib trace`) the same
    /// test runs smaller: Miri checks every interleaving it explores for
    /// data races and undefined behaviour, slowly.
    const PER_WRITER: u64 = if cfg!(miri) { 40 } else { 1000 };

    /// `n` threads each recording PER_WRITER events (tid = writer index,
    /// t_real = sequence number).
    fn writers(r: &std::sync::Arc<Recorder>, n: u32) -> Vec<std::thread::JoinHandle<()>> {
        (0..n)
            .map(|w| {
                let r = r.clone();
                std::thread::spawn(move || {
                    for i in 0..PER_WRITER {
                        r.record(Event { tid: w, ..ev(i) });
                    }
                })
            })
            .collect()
    }

    #[test]
    fn concurrent_writers_lose_nothing_when_there_is_room() {
        let r = std::sync::Arc::new(Recorder::new(1 << 14));
        let hs = writers(&r, 8);
        for h in hs {
            h.join().unwrap();
        }
        let mut log = TraceLog::default();
        r.drain_into(&mut log);
        assert_eq!(log.events.len() as u64, 8 * PER_WRITER);
        assert_eq!(r.dropped(), 0);
        // Per writer, events arrive in the order written (FIFO queue).
        for w in 0..8 {
            let ts: Vec<u64> = log
                .events
                .iter()
                .filter(|e| e.tid == w)
                .map(|e| e.t_real)
                .collect();
            assert!(ts.windows(2).all(|p| p[0] < p[1]));
        }
    }
}
