//! A run: one execution of a lesson on real threads, with its recorder, its
//! demo clock and its controller (speed, pause, step, abort).
//!
//! Threads block by parking: a primitive that cannot proceed puts the
//! caller's `std::thread::Thread` handle on its wait list and calls
//! `std::thread::park_timeout`; whoever changes the state unparks the
//! waiters. Park/unpark is token based (no lost wake-ups) and `unpark` never
//! blocks, which is what lets the browser's UI thread pause, step and abort a
//! run without ever waiting on a lock (`Atomics.wait` traps there).
//!
//! Every traced operation first passes a *checkpoint*: it returns
//! `Err(Stop)` if the run was aborted or the thread terminated, and parks
//! while the run is paused (a step releases exactly one checkpoint).

use crate::clock::{real_now_ns, DemoClock};
use crate::trace::{Event, Meta, ObjId, ObjKind, Op, Phase, Recorder, Tid, TraceLog};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::Thread;
use std::time::Duration;

/// What a thread does around a paused checkpoint. The interpreter lets
/// its GIL go while parked where CPython could have switched threads, so
/// that a Step of another, chosen thread can run, and takes it back once
/// the thread is let through.
pub trait ParkHook {
    /// About to park (paused, no step for this thread).
    fn parking(&self);
    /// Let through a paused checkpoint (a step, a resume, or a stop).
    fn passed(&self);
}

thread_local! {
    static PARK_HOOK: std::cell::RefCell<Option<std::rc::Rc<dyn ParkHook>>> =
        const { std::cell::RefCell::new(None) };
}

/// Sets (or clears) this OS thread's [`ParkHook`]: a run's thread sets it
/// when it starts and clears it when it ends (the worker is reused).
pub fn set_park_hook(hook: Option<std::rc::Rc<dyn ParkHook>>) {
    PARK_HOOK.with(|h| *h.borrow_mut() = hook);
}

/// Why a thread stopped early: the whole run was aborted, or this thread (a
/// "process") was terminated by another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Aborted,
    Terminated,
}

/// A Python exception, spelled as CPython spells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PyError {
    ValueError(String),
    RuntimeError(String),
    /// `queue.Full`
    Full,
    /// `queue.Empty`
    Empty,
    /// `threading.BrokenBarrierError`
    BrokenBarrier,
    /// Any other error raised by a task, e.g. a failed request.
    Other(String),
}

impl std::fmt::Display for PyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PyError::ValueError(m) => write!(f, "ValueError: {m}"),
            PyError::RuntimeError(m) => write!(f, "RuntimeError: {m}"),
            PyError::Full => write!(f, "queue.Full"),
            PyError::Empty => write!(f, "queue.Empty"),
            PyError::BrokenBarrier => write!(f, "threading.BrokenBarrierError"),
            PyError::Other(m) => write!(f, "{m}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    Stop(Stop),
    Py(PyError),
}

impl From<Stop> for Error {
    fn from(s: Stop) -> Self {
        Error::Stop(s)
    }
}

impl From<PyError> for Error {
    fn from(e: PyError) -> Self {
        Error::Py(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where lesson threads run: a pool of real threads (rayon's, natively and
/// on Web Workers). Each lesson thread occupies one worker for its lifetime.
pub trait Executor: Send + Sync {
    fn spawn(&self, job: Box<dyn FnOnce() + Send + 'static>);
    /// How many workers the pool has.
    fn workers(&self) -> usize;
}

impl Executor for rayon::ThreadPool {
    fn spawn(&self, job: Box<dyn FnOnce() + Send + 'static>) {
        rayon::ThreadPool::spawn(self, job)
    }
    fn workers(&self) -> usize {
        self.current_num_threads()
    }
}

/// rayon's global pool (on the web: the wasm-bindgen-rayon Web Workers).
pub struct GlobalRayon;

impl Executor for GlobalRayon {
    fn spawn(&self, job: Box<dyn FnOnce() + Send + 'static>) {
        rayon::spawn(job)
    }
    fn workers(&self) -> usize {
        rayon::current_num_threads()
    }
}

/// A pool of real threads plus the count of those occupied by lesson
/// threads (across all runs on it). A new thread that would not fit raises
/// CPython's `can't start new thread` instead of queueing forever behind
/// blocked ones.
pub struct Workers {
    exec: Box<dyn Executor>,
    busy: AtomicUsize,
}

impl Workers {
    pub fn new(exec: impl Executor + 'static) -> Arc<Workers> {
        Arc::new(Workers {
            exec: Box::new(exec),
            busy: AtomicUsize::new(0),
        })
    }

    /// Workers in the pool.
    pub fn size(&self) -> usize {
        self.exec.workers()
    }

    /// Workers occupied by lesson threads right now.
    pub fn busy(&self) -> usize {
        self.busy.load(Ordering::Acquire)
    }

    fn reserve(&self) -> bool {
        let cap = self.size();
        self.busy
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |b| {
                (b < cap).then_some(b + 1)
            })
            .is_ok()
    }

    fn give_back(&self) {
        self.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A stable id for the real thread (OS thread or Web Worker) we are on.
pub fn worker_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local! {
        static ID: u64 = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    ID.with(|id| *id)
}

/// Most threads one run may create over its life (slots to keep, lanes
/// to draw). Threads alive at once are bounded by the worker pool; this
/// only bounds a program that starts threads round after round (CPython
/// has no such bound: 20 rounds of 8 threads passed 128 at stop 20).
pub const MAX_THREADS: usize = 1024;
/// Longest a parked thread sleeps before re-checking, as a safety net.
const PARK_SLICE: Duration = Duration::from_millis(200);
/// `step_target` value meaning "whichever thread gets there first".
const ANY_THREAD: u32 = u32::MAX;

/// What a run is started with.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub seed: u64,
    pub speed: f64,
    pub start_paused: bool,
    /// Undrained events the recorder holds before it drops (and counts).
    pub trace_capacity: usize,
    pub lesson: String,
    pub params: String,
    /// Strict scheduling (challenge mode): see `RunShared::strict`.
    pub strict: bool,
    /// A full recorder makes the run's threads wait for the reader rather
    /// than drop events ([`Recorder::record_or_wait`]). Only for a reader
    /// that drains until the run is done (the page, every frame); a run
    /// read once at its end would never finish.
    pub wait_when_full: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            seed: 0,
            speed: 1.0,
            start_paused: false,
            trace_capacity: 1 << 16,
            lesson: String::new(),
            params: String::new(),
            strict: false,
            wait_when_full: false,
        }
    }
}

/// One lesson thread's shared bookkeeping.
pub(crate) struct ThreadSlot {
    pub tid: Tid,
    pub name: String,
    pub process: bool,
    pub parent: Tid,
    pub thread: OnceLock<Thread>,
    pub killed: AtomicBool,
    pub done: AtomicBool,
    pub joiners: Mutex<WaitList>,
    /// The Python source position this thread is at (`Ctx::set_pos`; 0:
    /// none), given to its events that carry none of their own.
    pub pos: std::sync::atomic::AtomicU32,
    /// Parked at a paused checkpoint (counted out of the run's `active`).
    held: AtomicBool,
    /// Parked on a wait list with no wake-up owed to it yet (counted out
    /// of the run's `active`; whoever wakes it counts it back in).
    waiting: AtomicBool,
    /// The run's count of threads that can make progress on their own.
    active: Arc<AtomicU32>,
    /// The run's strict scheduling (`RunOptions::strict`).
    strict: bool,
    /// This thread's last reading of both clocks (real, demo), and whether
    /// its next event may reuse it (`Ctx::emit_at_same_time`): cleared by
    /// anything in which the thread may have waited. Only its own thread
    /// reads and writes them.
    stamp_real: AtomicU64,
    stamp_demo: AtomicU64,
    stamp_ok: AtomicBool,
}

impl ThreadSlot {
    /// Counts this thread out of `active` (`flag`: held or waiting), once.
    fn park_as(&self, flag: &AtomicBool) {
        if !flag.swap(true, Ordering::AcqRel) {
            self.active.fetch_sub(1, Ordering::AcqRel);
        }
    }
    /// Counts it back in, if it was out. A waker calls this *before* the
    /// unpark and while it is itself active, so the run never looks
    /// settled between a wake-up and the woken thread's next move.
    fn unpark_from(&self, flag: &AtomicBool) {
        if flag.swap(false, Ordering::AcqRel) {
            self.active.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// Threads parked on an object, in arrival order.
#[derive(Default)]
pub struct WaitList(Vec<(Tid, Thread, Arc<ThreadSlot>)>);

impl WaitList {
    fn add(&mut self, me: &Arc<ThreadSlot>) {
        if !self.0.iter().any(|(t, ..)| *t == me.tid) {
            self.0.push((me.tid, std::thread::current(), me.clone()));
        }
    }
    pub fn remove(&mut self, tid: Tid) {
        self.0.retain(|(t, ..)| *t != tid);
    }
    /// Wakes the longest waiter (for exclusive hand-off: a released lock).
    /// It leaves the list when it proceeds; one that leaves without
    /// proceeding (abort, timeout) wakes the rest, so no wake-up is lost.
    /// In a strict run every waiter is woken: CPython's locks are not
    /// first-come first-served, so which one takes it is the player's.
    pub fn wake_one(&self) {
        if self.0.first().is_some_and(|(.., slot)| slot.strict) {
            return self.wake_all();
        }
        if let Some((_, t, slot)) = self.0.first() {
            slot.unpark_from(&slot.waiting);
            t.unpark();
        }
    }
    /// Wakes every waiter; each re-checks and the losers park again.
    pub fn wake_all(&self) {
        for (_, t, slot) in &self.0 {
            slot.unpark_from(&slot.waiting);
            t.unpark();
        }
    }
    /// Wakes the waiters `pick` chooses (a Condition's notified ones).
    pub fn wake_where(&self, pick: impl Fn(Tid) -> bool) {
        for (tid, t, slot) in &self.0 {
            if pick(*tid) {
                slot.unpark_from(&slot.waiting);
                t.unpark();
            }
        }
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Everything one run's threads share.
pub struct RunShared {
    pub recorder: Recorder,
    pub clock: DemoClock,
    t0: u64,
    workers: Arc<Workers>,
    pub seed: u64,
    aborted: AtomicBool,
    pause_mode: AtomicBool,
    step_tokens: AtomicU32,
    step_target: AtomicU32,
    at_checkpoint: AtomicU32,
    threads: Box<[OnceLock<Arc<ThreadSlot>>]>,
    nthreads: AtomicU32,
    /// Threads not yet finished. Its own allocation, so a finishing thread
    /// can count itself out after it has let go of the run (see spawn_thread).
    live: Arc<AtomicU32>,
    /// Threads that can make progress without a step or a wake-up: not
    /// held at a paused checkpoint, not waiting on a wait list, not done.
    /// Zero (with no step in flight) means the run is *settled*: nothing
    /// moves until the controller lets a thread through.
    active: Arc<AtomicU32>,
    /// Challenge mode's strict scheduling: a woken waiter passes a
    /// checkpoint before it tries again, so who proceeds is the
    /// scheduler's choice, not the OS's.
    strict: AtomicBool,
    /// `RunOptions::wait_when_full`.
    wait_when_full: bool,
    next_obj: AtomicU32,
    next_text: AtomicI64,
    /// Python's per-kind name counters (`Thread-N`, `Process-N`, ...).
    counters: Mutex<std::collections::HashMap<&'static str, u32>>,
}

impl Drop for RunShared {
    fn drop(&mut self) {
        // The last holder of the run lets go: its recorder serves the next.
        std::mem::replace(&mut self.recorder, Recorder::new(1)).recycle();
    }
}

/// An event at `(t_real, t_demo)`.
#[allow(clippy::too_many_arguments)]
#[inline]
fn event(
    (t_real, t_demo): (u64, u64),
    tid: Tid,
    obj: ObjId,
    op: Op,
    phase: Phase,
    value: i64,
    aux: i64,
    pos: u32,
) -> Event {
    Event {
        t_real,
        t_demo,
        tid,
        obj,
        op,
        phase,
        pos,
        value,
        aux,
    }
}

impl RunShared {
    #[inline]
    fn stamp(&self) -> (u64, u64) {
        let now = real_now_ns();
        (now.saturating_sub(self.t0), self.clock.demo_at(now))
    }

    /// Demo nanoseconds since the run started.
    pub fn demo_now(&self) -> u64 {
        self.clock.demo_at(real_now_ns())
    }

    fn emit_raw(&self, tid: Tid, obj: ObjId, op: Op, phase: Phase, value: i64, aux: i64) {
        self.emit_raw_at(tid, obj, op, phase, value, aux, 0);
    }

    #[allow(clippy::too_many_arguments)]
    fn emit_raw_at(&self, tid: Tid, obj: ObjId, op: Op, phase: Phase, value: i64, aux: i64, pos: u32) {
        self.recorder
            .record(event(self.stamp(), tid, obj, op, phase, value, aux, pos));
    }

    /// An event of one of the run's own threads (never the page's), stamped
    /// now, or (`same_time`) with `me`'s last reading if it may reuse it.
    /// With `wait_when_full`, a full recorder makes it wait for room.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn emit_thread_at(
        &self,
        me: Option<&ThreadSlot>,
        tid: Tid,
        obj: ObjId,
        op: Op,
        phase: Phase,
        value: i64,
        aux: i64,
        pos: u32,
        same_time: bool,
    ) {
        let (t_real, t_demo) = match me {
            Some(me) if same_time && me.stamp_ok.load(Ordering::Relaxed) => (
                me.stamp_real.load(Ordering::Relaxed),
                me.stamp_demo.load(Ordering::Relaxed),
            ),
            _ => {
                let (r, d) = self.stamp();
                if let Some(me) = me {
                    me.stamp_real.store(r, Ordering::Relaxed);
                    me.stamp_demo.store(d, Ordering::Relaxed);
                    me.stamp_ok.store(true, Ordering::Relaxed);
                }
                (r, d)
            }
        };
        let e = event((t_real, t_demo), tid, obj, op, phase, value, aux, pos);
        if !self.wait_when_full {
            return self.recorder.record(e);
        }
        if self
            .recorder
            .record_or_wait(e, || self.aborted.load(Ordering::Acquire))
        {
            // It waited for room: its next event's time is not this one's.
            if let Some(me) = me {
                me.stamp_ok.store(false, Ordering::Relaxed);
            }
        }
    }

    fn slots(&self) -> impl Iterator<Item = &Arc<ThreadSlot>> {
        let n = (self.nthreads.load(Ordering::Acquire) as usize).min(MAX_THREADS);
        self.threads[..n].iter().filter_map(|s| s.get())
    }

    /// Unparks every thread of the run so it re-checks its state.
    fn wake_everyone(&self) {
        for s in self.slots() {
            if let Some(t) = s.thread.get() {
                t.unpark();
            }
        }
    }

    fn next_name(&self, prefix: &'static str) -> u32 {
        let mut c = self.counters.lock().unwrap();
        let n = c.entry(prefix).or_insert(0);
        *n += 1;
        *n
    }
}

/// The handle the starter of a run keeps: control and trace draining. All
/// of its methods are non-blocking, so the browser's UI thread may call them.
#[derive(Clone)]
pub struct Run {
    shared: Arc<RunShared>,
}

impl Run {
    /// Starts `main` as the run's `MainThread` on the executor.
    pub fn start<F>(workers: Arc<Workers>, opts: RunOptions, main: F) -> Result<Run, PyError>
    where
        F: FnOnce(&Ctx) -> Result<()> + Send + 'static,
    {
        let t0 = real_now_ns();
        let shared = Arc::new(RunShared {
            recorder: Recorder::reuse_or_new(opts.trace_capacity),
            clock: DemoClock::new(t0, opts.speed),
            t0,
            workers,
            seed: opts.seed,
            aborted: AtomicBool::new(false),
            pause_mode: AtomicBool::new(false),
            step_tokens: AtomicU32::new(0),
            step_target: AtomicU32::new(ANY_THREAD),
            at_checkpoint: AtomicU32::new(0),
            threads: (0..MAX_THREADS).map(|_| OnceLock::new()).collect(),
            nthreads: AtomicU32::new(0),
            live: Arc::new(AtomicU32::new(0)),
            active: Arc::new(AtomicU32::new(0)),
            strict: AtomicBool::new(opts.strict),
            wait_when_full: opts.wait_when_full,
            next_obj: AtomicU32::new(1),
            next_text: AtomicI64::new(1),
            counters: Mutex::new(Default::default()),
        });
        let _ = shared.recorder.meta(Meta::Run {
            seed: opts.seed,
            lesson: opts.lesson,
            params: opts.params,
        });
        let run = Run { shared };
        if opts.start_paused {
            run.pause();
        }
        spawn_thread(&run.shared, 0, "MainThread".into(), false, main)?;
        Ok(run)
    }

    pub fn shared(&self) -> &Arc<RunShared> {
        &self.shared
    }

    /// True once every thread of the run has returned its worker.
    pub fn is_done(&self) -> bool {
        self.shared.live.load(Ordering::Acquire) == 0
    }

    pub fn is_paused(&self) -> bool {
        self.shared.pause_mode.load(Ordering::Acquire)
    }

    pub fn is_aborted(&self) -> bool {
        self.shared.aborted.load(Ordering::Acquire)
    }

    /// A step was asked for and no thread has taken it yet.
    pub fn step_pending(&self) -> bool {
        self.shared.step_tokens.load(Ordering::Acquire) > 0
    }

    /// Threads currently held at a checkpoint by pause.
    pub fn held_at_checkpoint(&self) -> u32 {
        self.shared.at_checkpoint.load(Ordering::Acquire)
    }

    /// Settled: no step in flight and no thread able to move on its own
    /// (each is held at a paused checkpoint, waiting on an object, or
    /// done). Challenge mode chooses the next thread only then, so a
    /// schedule determines the run.
    pub fn settled(&self) -> bool {
        let s = &self.shared;
        !s.aborted.load(Ordering::Acquire)
            && s.step_tokens.load(Ordering::Acquire) == 0
            && s.active.load(Ordering::Acquire) == 0
    }

    /// The threads held at a paused checkpoint, each with the Python
    /// source position it is about to run (`trace::pack_pos`; 0: none).
    pub fn held_threads(&self) -> Vec<(Tid, u32)> {
        self.shared
            .slots()
            .filter(|s| s.held.load(Ordering::Acquire) && !s.done.load(Ordering::Acquire))
            .map(|s| (s.tid, s.pos.load(Ordering::Relaxed)))
            .collect()
    }

    /// Whether thread `tid` is parked waiting on an object (a lock, a
    /// queue, a join): a step of it alone cannot be taken until another
    /// thread moves.
    pub fn is_waiting(&self, tid: Tid) -> bool {
        self.shared
            .slots()
            .any(|s| s.tid == tid && s.waiting.load(Ordering::Acquire) && !s.done.load(Ordering::Acquire))
    }

    /// How many threads are parked waiting on an object.
    pub fn waiting_threads(&self) -> usize {
        self.shared
            .slots()
            .filter(|s| s.waiting.load(Ordering::Acquire) && !s.done.load(Ordering::Acquire))
            .count()
    }

    /// Lesson threads started so far.
    pub fn threads_started(&self) -> u32 {
        self.shared.nthreads.load(Ordering::Acquire)
    }

    pub fn speed(&self) -> f64 {
        self.shared.clock.speed()
    }

    /// Changes the speed of every sleep and modelled duration, mid-run.
    pub fn set_speed(&self, speed: f64) {
        let s = &self.shared;
        s.clock.set_speed(real_now_ns(), speed);
        s.emit_raw(0, 0, Op::Speed, Phase::Done, (s.clock.speed() * 1000.0) as i64, 0);
        s.wake_everyone();
    }

    /// Each thread parks at its next traced point; demo time stops.
    pub fn pause(&self) {
        let s = &self.shared;
        if !s.pause_mode.swap(true, Ordering::AcqRel) {
            s.step_tokens.store(0, Ordering::Release);
            s.clock.set_paused(real_now_ns(), true);
            s.emit_raw(0, 0, Op::Pause, Phase::Begin, 0, 0);
        }
    }

    pub fn resume(&self) {
        let s = &self.shared;
        if s.pause_mode.swap(false, Ordering::AcqRel) {
            s.step_tokens.store(0, Ordering::Release);
            s.clock.set_paused(real_now_ns(), false);
            s.emit_raw(0, 0, Op::Pause, Phase::End, 0, 0);
        }
        s.wake_everyone();
    }

    /// While paused: lets exactly one traced operation through, of thread
    /// `tid` or of whichever thread gets there first. Demo time flows until
    /// that operation passes, so a sleeping thread can finish its sleep.
    pub fn step(&self, tid: Option<Tid>) {
        let s = &self.shared;
        if !s.pause_mode.load(Ordering::Acquire) {
            self.pause();
        }
        s.step_target.store(tid.unwrap_or(ANY_THREAD), Ordering::Release);
        // The chosen thread counts as moving from now on (see `settled`).
        if let Some(slot) = tid.and_then(|t| s.slots().find(|x| x.tid == t)) {
            slot.unpark_from(&slot.held);
        }
        s.step_tokens.store(1, Ordering::Release);
        s.clock.set_paused(real_now_ns(), false);
        s.wake_everyone();
    }

    /// Every thread, blocked, sleeping or deadlocked, returns promptly and
    /// gives its worker back.
    pub fn abort(&self) {
        let s = &self.shared;
        if !s.aborted.swap(true, Ordering::AcqRel) {
            s.emit_raw(0, 0, Op::Abort, Phase::Done, 0, 0);
        }
        s.wake_everyone();
    }

    /// Drains the recorder without blocking.
    pub fn drain_into(&self, log: &mut TraceLog) -> usize {
        self.shared.recorder.drain_into(log)
    }

    /// Drains without blocking and says whether the run is over *and*
    /// everything it recorded is now in `log`. Done is read before the
    /// drain: a thread records its last events before it counts itself out,
    /// so a drain after seeing done holds them all (draining first and then
    /// seeing done could miss what was recorded in between).
    pub fn poll(&self, log: &mut TraceLog) -> (usize, bool) {
        self.poll_at_most(log, usize::MAX)
    }

    /// [`Run::poll`], draining at most `max` events: done only when what
    /// was left is drained too.
    pub fn poll_at_most(&self, log: &mut TraceLog, max: usize) -> (usize, bool) {
        let done = self.is_done();
        let n = self.shared.recorder.drain_at_most(log, max);
        (n, done && n < max)
    }

    pub fn dropped(&self) -> u64 {
        self.shared.recorder.dropped()
    }

    /// Demo nanoseconds since the start.
    pub fn demo_now(&self) -> u64 {
        self.shared.demo_now()
    }
}

/// Native convenience: runs `main` to completion (or `limit` of real time,
/// then aborts) and returns the sorted trace.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_to_end<F>(
    workers: Arc<Workers>,
    opts: RunOptions,
    limit: Duration,
    main: F,
) -> Result<TraceLog, PyError>
where
    F: FnOnce(&Ctx) -> Result<()> + Send + 'static,
{
    let run = Run::start(workers, opts, main)?;
    let mut log = TraceLog::default();
    let start = std::time::Instant::now();
    while !run.is_done() {
        run.drain_into(&mut log);
        if start.elapsed() > limit {
            run.abort();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    run.drain_into(&mut log);
    log.sort();
    Ok(log)
}

/// A thread's body, boxed: `spawn_thread` is compiled once, not once per
/// closure type (that was 27 KB of the page's wasm).
type ThreadBody = Box<dyn FnOnce(&Ctx) -> Result<()> + Send>;

fn spawn_thread<F>(
    run: &Arc<RunShared>,
    parent: Tid,
    name: String,
    process: bool,
    body: F,
) -> Result<Arc<ThreadSlot>, PyError>
where
    F: FnOnce(&Ctx) -> Result<()> + Send + 'static,
{
    spawn_boxed(run, parent, name, process, Box::new(body))
}

fn spawn_boxed(
    run: &Arc<RunShared>,
    parent: Tid,
    name: String,
    process: bool,
    body: ThreadBody,
) -> Result<Arc<ThreadSlot>, PyError> {
    // Reserve a worker first: a thread that cannot get one would wait
    // forever behind blocked threads, so refuse it the way CPython does.
    if !run.workers.reserve() {
        return Err(PyError::RuntimeError("can't start new thread".into()));
    }
    let idx = run.nthreads.fetch_add(1, Ordering::AcqRel) as usize;
    if idx >= MAX_THREADS {
        run.nthreads.fetch_sub(1, Ordering::AcqRel);
        run.workers.give_back();
        return Err(PyError::RuntimeError("can't start new thread".into()));
    }
    let slot = Arc::new(ThreadSlot {
        tid: idx as Tid + 1,
        name,
        process,
        parent,
        thread: OnceLock::new(),
        killed: AtomicBool::new(false),
        done: AtomicBool::new(false),
        joiners: Mutex::new(WaitList::default()),
        pos: std::sync::atomic::AtomicU32::new(0),
        held: AtomicBool::new(false),
        waiting: AtomicBool::new(false),
        stamp_real: AtomicU64::new(0),
        stamp_demo: AtomicU64::new(0),
        stamp_ok: AtomicBool::new(false),
        active: run.active.clone(),
        strict: run.strict.load(Ordering::Relaxed),
    });
    let _ = run.threads[idx].set(slot.clone());
    run.live.fetch_add(1, Ordering::AcqRel);
    // Counted in by its starter, which is itself active: the run cannot
    // look settled before the new thread reaches its first checkpoint.
    run.active.fetch_add(1, Ordering::AcqRel);
    if parent != 0 {
        // Said by the parent, one of the run's threads (never the page).
        // With the parent's slot: a wait for room here is the parent's.
        let parent_slot = run.threads[parent as usize - 1].get();
        run.emit_thread_at(
            parent_slot.map(|s| &**s),
            parent,
            0,
            Op::Spawn,
            Phase::Done,
            slot.tid as i64,
            process as i64,
            0,
            false,
        );
    }
    let ctx = Ctx {
        run: run.clone(),
        me: slot.clone(),
    };
    let live = run.live.clone();
    run.workers.exec.spawn(Box::new(move || {
        // Counted out last, after this thread has dropped its hold on the
        // run: once a run reports done, no worker keeps its memory (trace
        // buffers included) alive, so the next run reuses that memory
        // instead of growing the heap.
        struct Live(Arc<AtomicU32>);
        impl Drop for Live {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        let _live = Live(live);
        let ctx = ctx;
        // Whatever happens in the body, the worker is given back.
        struct Exit<'a>(&'a Ctx);
        impl Drop for Exit<'_> {
            fn drop(&mut self) {
                // The worker is given back before `done` is seen: a joiner
                // that starts a new thread at once must find it free (with
                // the pool full, `join(); start()` raised `can't start new
                // thread`). Then (in `Live`) the live count: once a run
                // reports done, its workers are free for the next run.
                self.0.run.workers.give_back();
                let me = &self.0.me;
                me.done.store(true, Ordering::Release);
                me.joiners.lock().unwrap().wake_all();
                // A thread that unwinds from a panic while held or waiting
                // is counted in first, so the count stays balanced.
                me.unpark_from(&me.held);
                me.unpark_from(&me.waiting);
                // After the joiners are counted in: see `unpark_from`.
                me.active.fetch_sub(1, Ordering::AcqRel);
            }
        }
        let _ = ctx.me.thread.set(std::thread::current());
        let _exit = Exit(&ctx);
        let _ = ctx.run.recorder.meta(Meta::Thread {
            tid: ctx.me.tid,
            name: ctx.me.name.clone(),
            worker: worker_id(),
            process: ctx.me.process,
            parent: ctx.me.parent,
        });
        ctx.emit(0, Op::Run, Phase::Begin, worker_id() as i64, 0);
        match body(&ctx) {
            Ok(()) => ctx.emit(0, Op::Run, Phase::End, 0, 0),
            Err(Error::Stop(_)) => ctx.emit(0, Op::Run, Phase::Interrupted, 0, 0),
            Err(Error::Py(e)) => {
                // An uncaught exception ends the thread, as in Python.
                ctx.raise_text(&format!("Exception in thread {}: {e}", ctx.me.name));
                ctx.emit(0, Op::Run, Phase::End, 1, 0);
            }
        }
    }));
    Ok(slot)
}

/// A lesson thread's view of its run: what primitives and lesson code use.
#[derive(Clone)]
pub struct Ctx {
    pub(crate) run: Arc<RunShared>,
    pub(crate) me: Arc<ThreadSlot>,
}

/// A started thread or process, for `join()` and `terminate()`.
#[derive(Clone)]
pub struct ThreadHandle {
    slot: Arc<ThreadSlot>,
}

impl ThreadHandle {
    pub fn tid(&self) -> Tid {
        self.slot.tid
    }
    pub fn name(&self) -> &str {
        &self.slot.name
    }
    pub fn is_alive(&self) -> bool {
        !self.slot.done.load(Ordering::Acquire)
    }

    /// `t.join()`: blocks until the thread has finished.
    pub fn join(&self, ctx: &Ctx) -> Result<()> {
        self.join_with(ctx, None).map(|_| ())
    }

    /// `t.join(timeout)`: like `join`, but gives up after `timeout` seconds
    /// of demo time (`None` = forever). Returns whether the thread ended;
    /// a timed-out join records `Failed`. (Added for Python's `join(timeout)`.)
    pub fn join_with(&self, ctx: &Ctx, timeout: Option<f64>) -> Result<bool> {
        ctx.checkpoint()?;
        let target = self.slot.tid as i64;
        ctx.emit(0, Op::Join, Phase::Request, target, 0);
        let slot = &self.slot;
        let r = ctx.block_on(
            &slot.joiners,
            |w| w,
            0,
            Op::Join,
            target,
            timeout.map(|t| (t.max(0.0) * 1e9) as u64),
            |_| slot.done.load(Ordering::Acquire).then_some(()),
        );
        match r {
            Ok(Some(())) => {
                ctx.emit(0, Op::Join, Phase::Done, target, 0);
                Ok(true)
            }
            // Only with a timeout: block_on returns None when it passes.
            Ok(None) => {
                ctx.emit(0, Op::Join, Phase::Failed, target, 0);
                Ok(false)
            }
            Err(s) => Err(s.into()),
        }
    }

    /// `p.terminate()`: the process stops at its next traced point, even
    /// while blocked (e.g. in `q.get()`).
    pub fn terminate(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        ctx.emit(0, Op::Terminate, Phase::Done, self.slot.tid as i64, 0);
        self.slot.killed.store(true, Ordering::Release);
        // It will move (to stop): counted in before it is woken.
        self.slot.unpark_from(&self.slot.held);
        self.slot.unpark_from(&self.slot.waiting);
        if let Some(t) = self.slot.thread.get() {
            t.unpark();
        }
        Ok(())
    }
}

impl Ctx {
    pub fn tid(&self) -> Tid {
        self.me.tid
    }

    /// The name Python's `threading.current_thread().name` would give.
    pub fn name(&self) -> &str {
        &self.me.name
    }

    pub fn is_process(&self) -> bool {
        self.me.process
    }

    /// The run's seed (recorded in the trace).
    pub fn seed(&self) -> u64 {
        self.run.seed
    }

    pub fn shared(&self) -> &Arc<RunShared> {
        &self.run
    }

    #[inline]
    pub fn emit(&self, obj: ObjId, op: Op, phase: Phase, value: i64, aux: i64) {
        let pos = self.me.pos.load(Ordering::Relaxed);
        self.emit_at(obj, op, phase, value, aux, pos);
    }

    /// Sets the Python source position (`trace::pack_pos`) this thread's
    /// next events are at: the interpreter sets it at each call its
    /// learner's code makes, so a lock's acquire or a queue's get (recorded
    /// by the primitive, which knows no Python) is drawn at the line that
    /// made it.
    #[inline]
    pub fn set_pos(&self, pos: u32) {
        self.me.pos.store(pos, Ordering::Relaxed);
    }

    /// Records an event with its Python source position (`trace::pack_pos`).
    #[inline]
    pub fn emit_at(&self, obj: ObjId, op: Op, phase: Phase, value: i64, aux: i64, pos: u32) {
        self.run.emit_thread_at(
            Some(&self.me),
            self.me.tid,
            obj,
            op,
            phase,
            value,
            aux,
            pos,
            false,
        );
    }

    /// [`Ctx::emit_at`] stamped with the times of this thread's previous
    /// event rather than a new reading of the clock, for a caller that
    /// knows its thread did only a few constant-time steps since, and
    /// could not have waited (the interpreter: the store of `x += 1`
    /// under the GIL, straight after its load; `vm::stamp`). Reading the
    /// clock is most of an event's cost: about 25 ns natively (the vDSO)
    /// and 120-270 ns in a cross-origin isolated Web Worker
    /// (`performance.now()`, whose value moves in 5 us steps there
    /// anyway; docs/benchmarks-notes.md). Reads the clock after all if this thread may have waited
    /// since its last reading: at a paused checkpoint, or for room in a
    /// full recorder.
    #[inline]
    pub fn emit_at_same_time(&self, obj: ObjId, op: Op, phase: Phase, value: i64, aux: i64, pos: u32) {
        self.run
            .emit_thread_at(Some(&self.me), self.me.tid, obj, op, phase, value, aux, pos, true);
    }

    /// Records an event on behalf of another thread of the run (Python's
    /// GIL: the thread taking it records the previous holder's release, so
    /// a hand-over is recorded in order by one thread, under one mutex).
    #[inline]
    pub fn emit_as(&self, tid: Tid, obj: ObjId, op: Op, phase: Phase, value: i64, aux: i64) {
        self.run
            .emit_thread_at(Some(&self.me), tid, obj, op, phase, value, aux, 0, false);
    }

    /// Registers a traced object and returns its id.
    pub fn new_object(&self, kind: ObjKind, name: &str, capacity: i64) -> ObjId {
        let id = self.run.next_obj.fetch_add(1, Ordering::AcqRel);
        let _ = self.run.recorder.meta(Meta::Object {
            id,
            kind,
            name: name.to_string(),
            capacity,
        });
        id
    }

    /// Records a text; its id, or -1 if the recorder was full (counted).
    pub fn text(&self, text: &str) -> i64 {
        let id = self.run.next_text.fetch_add(1, Ordering::AcqRel);
        let m = Meta::Text {
            id,
            text: text.to_string(),
        };
        let kept = if self.run.wait_when_full {
            let run = &self.run;
            run.recorder
                .meta_or_wait(m, || run.aborted.load(Ordering::Acquire))
        } else {
            self.run.recorder.meta(m)
        };
        if kept {
            id
        } else {
            -1
        }
    }

    /// `print(...)`: a traced line of output.
    pub fn print(&self, text: impl AsRef<str>) -> Result<()> {
        self.checkpoint()?;
        let id = self.text(text.as_ref());
        self.emit(0, Op::Print, Phase::Done, id, 0);
        Ok(())
    }

    /// Records an exception that ended a thread or a process uncaught
    /// (`text`: its last traceback line, `AssertionError: counter is 1`):
    /// the page's output shows it and challenge mode's judge reads it.
    pub fn uncaught(&self, text: &str) {
        self.raise_text(text);
    }

    fn raise_text(&self, text: &str) {
        let id = self.text(text);
        self.emit(0, Op::Raise, Phase::Done, id, 0);
    }

    /// Records a Python exception being raised and returns it as an error.
    pub fn raise(&self, e: PyError) -> Error {
        self.raise_text(&e.to_string());
        Error::Py(e)
    }

    /// Returns `Err` if the run was aborted or this thread terminated.
    #[inline]
    pub fn check_stop(&self) -> Result<(), Stop> {
        if self.run.aborted.load(Ordering::Acquire) {
            return Err(Stop::Aborted);
        }
        if self.me.killed.load(Ordering::Acquire) {
            return Err(Stop::Terminated);
        }
        Ok(())
    }

    /// The point before every traced operation: stop if aborted or
    /// terminated, park while paused, pass with a step token. Around a
    /// park it calls this thread's [`ParkHook`], if it has one.
    pub fn checkpoint(&self) -> Result<(), Stop> {
        self.check_stop()?;
        let run = &self.run;
        if !run.pause_mode.load(Ordering::Acquire) {
            return Ok(());
        }
        // Held here or not, the next event is read off the clock: a step
        // between a load and its store shows the time it waited.
        self.me.stamp_ok.store(false, Ordering::Relaxed);
        let mut hook: Option<Option<std::rc::Rc<dyn ParkHook>>> = None;
        run.at_checkpoint.fetch_add(1, Ordering::AcqRel);
        let r = loop {
            if let Err(s) = self.check_stop() {
                break Err(s);
            }
            if !run.pause_mode.load(Ordering::Acquire) {
                break Ok(());
            }
            let target = run.step_target.load(Ordering::Acquire);
            if (target == ANY_THREAD || target == self.me.tid) && run.step_tokens.load(Ordering::Acquire) > 0
            {
                // Counted in before the token is taken, so the run never
                // looks settled with the step taken and this thread moving.
                self.me.unpark_from(&self.me.held);
                if run
                    .step_tokens
                    .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
                    .is_ok()
                {
                    // This is the one operation the step lets through; demo
                    // time stops again behind it.
                    run.clock.set_paused(real_now_ns(), true);
                    break Ok(());
                }
            }
            self.me.park_as(&self.me.held);
            if hook.is_none() {
                let h = PARK_HOOK.with(|h| h.borrow().clone());
                if let Some(h) = &h {
                    h.parking();
                }
                hook = Some(h);
            }
            std::thread::park_timeout(PARK_SLICE);
        };
        self.me.unpark_from(&self.me.held);
        run.at_checkpoint.fetch_sub(1, Ordering::AcqRel);
        if let Some(h) = hook.unwrap_or_else(|| PARK_HOOK.with(|h| h.borrow().clone())) {
            h.passed();
        }
        r
    }

    /// `time.sleep(secs)` in demo time: scaled by speed, frozen by pause,
    /// cut short by abort or terminate.
    pub fn sleep(&self, secs: f64) -> Result<()> {
        self.checkpoint()?;
        let demo_ns = (secs.max(0.0) * 1e9) as u64;
        self.emit(0, Op::Sleep, Phase::Begin, demo_ns as i64, 0);
        self.wait_demo(demo_ns).inspect_err(|_| {
            self.emit(0, Op::Sleep, Phase::Interrupted, demo_ns as i64, 0);
        })?;
        self.emit(0, Op::Sleep, Phase::End, demo_ns as i64, 0);
        Ok(())
    }

    /// Waits `demo_ns` of demo time without tracing (for modelled durations
    /// that trace themselves, such as compute or network latency).
    pub fn wait_demo(&self, demo_ns: u64) -> Result<(), Stop> {
        let end = self.run.demo_now().saturating_add(demo_ns);
        loop {
            self.check_stop()?;
            let now = self.run.demo_now();
            if now >= end {
                return Ok(());
            }
            let real = self.run.clock.real_for(end - now).unwrap_or(u64::MAX);
            std::thread::park_timeout(Duration::from_nanos(real).min(PARK_SLICE));
        }
    }

    /// Starts a thread named as Python would: `name`, or `Thread-N`.
    pub fn spawn<F>(&self, name: Option<&str>, body: F) -> Result<ThreadHandle>
    where
        F: FnOnce(&Ctx) -> Result<()> + Send + 'static,
    {
        let name = match name {
            Some(n) => n.to_string(),
            None => format!("Thread-{}", self.run.next_name("Thread")),
        };
        self.spawn_named(name, false, body)
    }

    /// Starts a "process": `Process-N` unless named. Rust cannot fork a Web
    /// Worker, so a process is modelled as a thread whose body receives its
    /// own deep copy of `state` (Python's copy of the parent's globals);
    /// only objects passed in explicitly (a `Value`, a `Queue`) are shared.
    pub fn spawn_process<S, F>(&self, name: Option<&str>, state: &S, body: F) -> Result<ThreadHandle>
    where
        S: Clone + Send + 'static,
        F: FnOnce(&Ctx, S) -> Result<()> + Send + 'static,
    {
        let name = match name {
            Some(n) => n.to_string(),
            None => format!("Process-{}", self.run.next_name("Process")),
        };
        let copy = state.clone();
        self.spawn_named(name, true, move |c| body(c, copy))
    }

    pub(crate) fn spawn_named<F>(&self, name: String, process: bool, body: F) -> Result<ThreadHandle>
    where
        F: FnOnce(&Ctx) -> Result<()> + Send + 'static,
    {
        self.checkpoint()?;
        match spawn_thread(&self.run, self.me.tid, name, process, body) {
            Ok(slot) => Ok(ThreadHandle { slot }),
            Err(e) => Err(self.raise(e)),
        }
    }

    /// Next number in a Python naming sequence (`ForkPoolWorker-N`, ...).
    pub fn next_name(&self, prefix: &'static str) -> u32 {
        self.run.next_name(prefix)
    }

    /// The shared wait loop of every blocking primitive.
    ///
    /// Tries `attempt` under the object's mutex (a successful attempt records
    /// its own `Done` event there, so the trace order of state changes on one
    /// object is their real order); if it yields nothing, adds this thread
    /// to the wait list (chosen by `list`), records `Blocked` once, and parks until woken, the demo-time `timeout` passes
    /// (`Ok(None)`), or the run stops (`Err`). The thread leaves the wait
    /// list on every exit path.
    #[allow(clippy::too_many_arguments)]
    pub fn block_on<S, T>(
        &self,
        state: &Mutex<S>,
        list: impl Fn(&mut S) -> &mut WaitList,
        obj: ObjId,
        op: Op,
        value: i64,
        timeout_demo_ns: Option<u64>,
        mut attempt: impl FnMut(&mut S) -> Option<T>,
    ) -> Result<Option<T>, Stop> {
        let tid = self.me.tid;
        let deadline = timeout_demo_ns.map(|t| self.run.demo_now().saturating_add(t));
        let strict = self.run.strict.load(Ordering::Relaxed);
        let mut blocked = false;
        // Strict scheduling: a waiter someone woke passes a checkpoint
        // before it tries again (`retry`), so the scheduler picks when.
        let mut first = true;
        let mut retry = false;
        loop {
            {
                let mut st = state.lock().unwrap();
                let stop = self.check_stop();
                // Read under the object's mutex, where wakers clear it: a
                // wake-up that lands between a park and this check is seen.
                let woken = !self.me.waiting.load(Ordering::Acquire);
                if strict && woken && !first && !retry && stop.is_ok() {
                    drop(st);
                    retry = true;
                    let _ = self.checkpoint();
                    continue;
                }
                first = false;
                let try_now = !strict || woken;
                let got = if stop.is_ok() && try_now {
                    attempt(&mut st)
                } else {
                    None
                };
                let timed_out = deadline.is_some_and(|d| self.run.demo_now() >= d);
                if got.is_some() || stop.is_err() || timed_out {
                    list(&mut st).remove(tid);
                    self.me.unpark_from(&self.me.waiting);
                    if got.is_none() {
                        // Leaving without proceeding: a wake-up meant for
                        // us must not be lost, so let the others re-check.
                        list(&mut st).wake_all();
                    }
                    drop(st);
                    if let Err(s) = stop {
                        self.emit(obj, op, Phase::Interrupted, value, 0);
                        return Err(s);
                    }
                    return Ok(got);
                }
                list(&mut st).add(&self.me);
                // A strict retry that failed is said again: the player
                // chose this thread and it waits once more.
                if !blocked || (strict && retry) {
                    // Recorded under the object's mutex, so the trace orders
                    // it correctly against the holder's release.
                    blocked = true;
                    self.emit(obj, op, Phase::Blocked, value, 0);
                }
                // Counted out only once its last event is recorded: a run
                // seen settled has every event of its moves.
                self.me.park_as(&self.me.waiting);
                retry = false;
            }
            let wait = match deadline {
                Some(d) => {
                    let left = d.saturating_sub(self.run.demo_now());
                    self.run.clock.real_for(left).unwrap_or(u64::MAX)
                }
                None => u64::MAX,
            };
            std::thread::park_timeout(Duration::from_nanos(wait).min(PARK_SLICE));
        }
    }
}
