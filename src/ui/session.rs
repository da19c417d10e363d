//! One live or finished run as the UI holds it: the run handle, the
//! drained trace, and the reduced view. Plain data plus methods; the app
//! calls `frame()` once per animation frame. Nothing here blocks: draining
//! and every control are lock-free (see lockstep_core::run).

use super::view_ref::ViewRef;
use crate::runtime;
use lockstep_core::follow::{Drain, Polled};
use lockstep_core::lessons::{Check, Lesson, Params};
use lockstep_core::reduce::{narrate, waitfor, View};
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::share::ShareState;
use lockstep_core::tf;
use lockstep_core::trace::{Event, TraceLog};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// A run of the learner's own program: what the trace does not carry.
#[derive(Default)]
pub struct PythonRun {
    /// Tracebacks and other stderr text, as CPython would print them.
    pub stderr: Arc<lockstep_python::Capture>,
    /// How the program ended, once it has.
    pub outcome: Arc<Mutex<Option<lockstep_python::Outcome>>>,
}

/// A program that did not compile: CPython's text and its line.
#[derive(Clone, PartialEq, Debug)]
pub struct CompileFailure {
    pub text: String,
    pub line: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    Idle,
    Running,
    Paused,
    /// Reset pressed: waiting for every thread to give its worker back.
    Stopping,
    Finished,
}

pub struct Session {
    pub run: Option<Run>,
    pub lesson: &'static dyn Lesson,
    pub params: Params,
    pub seed: u64,
    /// The drained trace (at most `MAX_KEPT` events of it).
    pub drain: Drain,
    /// Everything drained so far, applied in drain order: updated in place
    /// and lent to the components (see `view_ref`), never copied per frame.
    pub live: Rc<RefCell<View>>,
    /// Bumped whenever `live` changes.
    pub version: u64,
    pub status: Status,
    pub checks: Vec<Check>,
    /// Replay cursor (demo ns) while paused or finished; None = live.
    pub replay_at: Option<u64>,
    pub replay: Option<ViewRef>,
    pub error: Option<String>,
    /// Whether the lesson's checks apply to this run (not to a synthetic
    /// workload started with `start_with`).
    pub checked: bool,
    /// Set for a run of the learner's program.
    pub python: Option<PythonRun>,
    /// Set when the learner's program did not compile (nothing ran).
    pub compile_error: Option<CompileFailure>,
    /// Slow motion: the run is held and let through one traced operation
    /// per beat, each said in a sentence (`said`).
    pub slow: bool,
    /// The last sentences said (slow motion, Step), oldest first.
    pub said: VecDeque<Said>,
    /// A step in flight: what it waits for before the next one.
    pacing: Pacing,
    /// Opened from a file ("Open a recorded run"): its name. Nothing
    /// runs; the page replays that very trace.
    pub recorded: Option<String>,
}

/// One sentence of the narration: who did what.
#[derive(Clone, PartialEq, Debug)]
pub struct Said {
    pub tid: lockstep_core::trace::Tid,
    pub text: String,
}

/// How many sentences the page keeps on screen.
const SAID_KEPT: usize = 3;

/// A frame drains the live run in chunks of this many events...
const DRAIN_CHUNK: usize = 4096;
/// ...until this much of the frame (ms) is gone: about 15,000 events, at
/// the ~0.4 us an event (drain and apply) a profile of 16 Python threads
/// measured (15 ms for ~38,000).
const DRAIN_MS: f64 = 6.0;

/// The pacing of slow motion and of a Step that looks for something to
/// show.
#[derive(Default)]
struct Pacing {
    /// When the last sentence was said (ms), if one was since the last
    /// step.
    said_at: Option<f64>,
    /// Steps left to look for an operation worth a sentence (Step skips
    /// what the page does not draw: the runtime's own objects, an
    /// uncontended GIL), and the thread it steps.
    seek: u32,
    target: Option<lockstep_core::trace::Tid>,
    last_step: f64,
}

/// Slow motion's beat at 1x: one operation, then this long to read its
/// sentence (shorter at higher speeds).
const BEAT_MS: f64 = 700.0;
/// The most steps one Step press takes looking for something visible.
const SEEK_STEPS: u32 = 400;

/// The most events a session keeps for replay and export (48 bytes each:
/// about 100 MB). A learner's endless loop would otherwise grow the
/// page's memory until the tab dies.
pub const MAX_KEPT: usize = 2_000_000;

impl Session {
    pub fn new(lesson: &'static dyn Lesson) -> Session {
        Session {
            run: None,
            lesson,
            params: Params::default(),
            seed: 0,
            drain: Drain::keeping(MAX_KEPT),
            live: Rc::new(RefCell::new(View::default())),
            version: 0,
            status: Status::Idle,
            checks: Vec::new(),
            replay_at: None,
            replay: None,
            error: None,
            checked: false,
            python: None,
            compile_error: None,
            slow: false,
            said: VecDeque::new(),
            pacing: Pacing::default(),
            recorded: None,
        }
    }

    /// Runs the learner's program on the worker pool (GIL or free-threaded
    /// as `gil` says). A program that does not compile runs nothing: its
    /// SyntaxError is kept to show, with its line.
    pub fn start_python(&mut self, code: &str, s: &ShareState, gil: bool, paused: bool) {
        let id = lockstep_core::share::PROGRAM_ID.to_string();
        self.start_code(code, s, id, Params::default(), gil, paused);
        self.checked = false;
    }

    /// Runs Python the page shows in a lesson: the lesson's own (its checks
    /// apply) or the learner's edit of it (`edited`: they do not; the
    /// generic detectors still do). Always with the GIL, as CPython 3.11.
    pub fn start_lesson_code(&mut self, code: &str, s: &ShareState, edited: bool, paused: bool) {
        let id = s.lesson.id().to_string();
        self.start_code(code, s, id, s.params.clone(), true, paused);
        self.checked = !edited && self.python.is_some();
    }

    fn start_code(
        &mut self,
        code: &str,
        s: &ShareState,
        id: String,
        params: Params,
        gil: bool,
        paused: bool,
    ) {
        let program = match lockstep_python::compile(code, "prog.py") {
            Ok(p) => p,
            Err(e) => {
                *self = self.fresh();
                self.compile_error = Some(CompileFailure {
                    text: e.render("prog.py", code),
                    line: e.line,
                });
                return;
            }
        };
        let run = PythonRun::default();
        let out = Arc::new(lockstep_python::Output::new(run.stderr.clone(), 1 << 20));
        let outcome = run.outcome.clone();
        // A lesson's modelled server (L8's latency and failing share);
        // the learner's own program gets the default one.
        let network = (id != lockstep_core::share::PROGRAM_ID)
            .then(|| s.lesson.network(&params))
            .flatten();
        let config = lockstep_python::RunConfig {
            gil,
            seed: s.seed,
            argv: vec!["prog.py".into()],
            network,
            ..Default::default()
        };
        let opts = RunOptions {
            seed: s.seed,
            speed: s.speed,
            start_paused: paused,
            lesson: id,
            params: lockstep_core::share::encode(s, None),
            ..Default::default()
        };
        self.start_with(self.lesson, params, opts, move |ctx| {
            let o = lockstep_python::run_main(ctx, program, out, config);
            *outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some(o);
            Ok(())
        });
        self.python = Some(run);
    }

    /// The learner's program's stdout so far, as the program wrote it
    /// (whatever the trace kept).
    pub fn stdout(&self) -> String {
        self.python
            .as_ref()
            .map(|p| p.stderr.out.lock().map(|s| s.clone()).unwrap_or_default())
            .unwrap_or_default()
    }

    /// The learner's program's stderr so far (tracebacks), if any.
    pub fn stderr(&self) -> String {
        self.python
            .as_ref()
            .map(|p| p.stderr.err.lock().map(|s| s.clone()).unwrap_or_default())
            .unwrap_or_default()
    }

    /// The line of the learner's file an uncaught exception or SyntaxError
    /// points at (the innermost `File "prog.py", line N`).
    pub fn error_line(&self) -> Option<usize> {
        if let Some(c) = &self.compile_error {
            return Some(c.line);
        }
        let err = self.stderr();
        err.lines()
            .rev()
            .filter_map(|l| l.trim_start().strip_prefix("File \"prog.py\", line "))
            .find_map(|rest| rest.split(',').next()?.trim().parse().ok())
    }

    /// Starts the lesson on the worker pool. The previous run must be done.
    /// A lesson that is its Python runs it through the interpreter.
    pub fn start(&mut self, s: &ShareState, paused: bool) {
        if s.lesson.runs_python() {
            return self.start_lesson_code(&s.lesson.python(&s.params), s, false, paused);
        }
        let opts = RunOptions {
            seed: s.seed,
            speed: s.speed,
            start_paused: paused,
            lesson: s.lesson.id().to_string(),
            params: lockstep_core::share::encode(s, None),
            ..Default::default()
        };
        let body = s.lesson.body(&s.params, s.seed);
        self.start_with(s.lesson, s.params.clone(), opts, body);
        self.checked = true;
    }

    /// Starts any run body as if it were `lesson`'s (the bench page draws a
    /// synthetic workload with the playground's components this way).
    pub fn start_with<F>(&mut self, lesson: &'static dyn Lesson, params: Params, opts: RunOptions, body: F)
    where
        F: FnOnce(&lockstep_core::Ctx) -> lockstep_core::Result<()> + Send + 'static,
    {
        let paused = opts.start_paused;
        let seed = opts.seed;
        let slow = self.slow;
        *self = Session::new(lesson);
        self.slow = slow;
        self.params = params;
        self.seed = seed;
        // Slow motion holds the run from its first operation; the frames
        // let it through. The frames drain the run until it is done, so
        // its threads may wait for them when the recorder is full: a
        // learner's 64 free-threaded threads outran the page and lost 7 of
        // 10.5 million events, their final print among them (issue 17).
        // A hidden tab gets no frames: its run waits until it is shown.
        let opts = RunOptions {
            start_paused: paused || slow,
            wait_when_full: true,
            ..opts
        };
        match Run::start(runtime::executor(), opts, body) {
            Ok(run) => {
                self.status = if paused { Status::Paused } else { Status::Running };
                self.run = Some(run);
            }
            Err(e) => self.error = Some(tf!("Could not start: {e}", e)),
        }
    }

    /// Drains new events into the view; notices the end of the run.
    /// Returns whether anything changed.
    pub fn frame(&mut self) -> bool {
        let Some(run) = &self.run else { return false };
        // Sentences only while someone can read them: slow motion, or
        // paused (stepping). At full speed they would be millions.
        let narrating = self.slow || self.status == Status::Paused;
        let (said, start) = (&mut self.said, js_sys::Date::now());
        // A lane's Step looks for a sentence of *that* thread: when it
        // is blocked, others are let through (see `pace`) and what they
        // say does not end the search.
        let wanted = self.pacing.target.filter(|_| self.pacing.seek > 0);
        let mut any = false;
        let mut each = |v: &View, e: &Event| {
            if let Some(text) = narrating.then(|| narrate::sentence(v, e)).flatten() {
                said.push_back(Said { tid: e.tid, text });
                any |= wanted.is_none_or(|t| t == e.tid);
            }
        };
        // In chunks, until the frame's share of time is spent: what is left
        // waits in the recorder, and the threads wait for its room, so a
        // run of millions of events per second goes at the pace the page
        // can show instead of taking every frame (issue 17: 16 Python
        // threads made each frame's drain 15 ms, the median frame 33 ms).
        let mut polled = Polled {
            events: 0,
            changed: false,
            done: false,
        };
        loop {
            let p = self
                .drain
                .poll_at_most(run, &mut self.live.borrow_mut(), DRAIN_CHUNK, &mut each);
            polled = Polled {
                events: polled.events + p.events,
                changed: polled.changed || p.changed,
                done: p.done,
            };
            if p.done || p.events < DRAIN_CHUNK || js_sys::Date::now() - start >= DRAIN_MS {
                break;
            }
        }
        while said.len() > SAID_KEPT {
            said.pop_front();
        }
        if any {
            self.pacing.said_at = Some(start);
        }
        if polled.changed {
            self.version += 1;
        }
        let drained = self.drain.log.events.len() as u64 + self.drain.not_kept;
        crate::runtime::EVENTS_DRAINED.store(drained, std::sync::atomic::Ordering::Relaxed);
        if !polled.done {
            self.pace();
        }
        if polled.done && self.status != Status::Finished {
            self.finish();
            return true;
        }
        polled.events > 0 || matches!(self.status, Status::Running)
    }

    /// Slow motion and Step's search: once the last step's operation
    /// has been drained, step again: at once if it showed nothing, after
    /// a beat if it said something.
    fn pace(&mut self) {
        let Some(run) = &self.run else { return };
        let p = &mut self.pacing;
        let now = js_sys::Date::now();
        // In flight until a thread takes it (a sleep may end first). Once
        // taken, this frame's drain holds what it did (an operation records
        // its event right after its checkpoint; a checkpoint that records
        // nothing, such as a GIL hand-over, is simply stepped past).
        if run.step_pending() {
            // A chosen thread that cannot take its step: it waits on an
            // object another thread must release, or, under the GIL, a
            // thread parked mid-statement holds it (CPython switches only
            // at eval breakers). Let any thread go on until it is free: at
            // once when it is known to wait, else after a moment.
            let stuck = p.target.is_some_and(|t| run.is_waiting(t));
            if p.seek > 0 && p.target.is_some() && (stuck || now - p.last_step > 150.0) {
                run.step(None);
                p.last_step = now;
            }
            return;
        }
        if now - p.last_step < 1.0 {
            return;
        }
        let step = |p: &mut Pacing, target| {
            run.step(target);
            p.said_at = None;
            p.last_step = now;
        };
        if p.seek > 0 {
            if p.said_at.is_some() {
                p.seek = 0;
            } else {
                p.seek -= 1;
                step(p, p.target);
            }
        } else if self.slow && self.status == Status::Running {
            let beat = BEAT_MS / run.speed().max(0.1);
            if p.said_at.is_none_or(|t| now - t >= beat) {
                step(p, None);
            }
        }
    }

    /// Slow motion on or off, mid-run too: on, the run is held and let
    /// through one operation per beat; off, it runs free again.
    pub fn set_slow(&mut self, on: bool) {
        self.slow = on;
        if let (Some(r), Status::Running) = (&self.run, self.status) {
            if on {
                r.pause();
            } else {
                self.pacing.seek = 0;
                r.resume();
            }
        }
    }

    fn finish(&mut self) {
        let aborted = self.run.as_ref().is_some_and(|r| r.is_aborted());
        self.drain.log.sort();
        // The view is rebuilt from the sorted trace, unless the trace is
        // not all there (then the live view, which saw every event, stays;
        // and no check reasons from a trace with a gap).
        if self.drain.not_kept == 0 {
            *self.live.borrow_mut() = View::of(&self.drain.log);
        }
        self.version += 1;
        self.checks = if aborted || !self.checked || self.drain.not_kept > 0 {
            Vec::new()
        } else {
            let mut checks = self
                .lesson
                .check(&self.params, &self.drain.log, &self.live.borrow());
            checks.push(lockstep_core::lessons::causality_check(&self.drain.log));
            checks
        };
        self.status = if aborted { Status::Idle } else { Status::Finished };
        if aborted {
            // Reset: forget the run.
            *self = self.fresh();
        }
    }

    /// Demo time now: the run's clock while live, the cursor in replay.
    pub fn now(&self) -> u64 {
        if let Some(t) = self.replay_at {
            return t;
        }
        match (&self.run, self.status) {
            (Some(r), Status::Running | Status::Paused) => r.demo_now().max(self.live.borrow().now),
            _ => self.live.borrow().now,
        }
    }

    /// The view to draw: the replayed moment, or live.
    pub fn view(&self) -> ViewRef {
        self.replay
            .clone()
            .unwrap_or_else(|| ViewRef::shared(&self.live, self.version))
    }

    /// Demo ns of the last event applied.
    pub fn end(&self) -> u64 {
        self.live.borrow().now
    }

    /// Shows a recorded run (an exported trace read back): finished, its
    /// view rebuilt from the trace, the lesson's checks judged on it when
    /// it is a run of `lesson` with `params` (as its file says).
    pub fn open_recorded(
        &mut self,
        lesson: &'static dyn Lesson,
        params: Params,
        mut log: TraceLog,
        file: String,
    ) {
        *self = self.fresh();
        self.lesson = lesson;
        log.sort();
        *self.live.borrow_mut() = View::of(&log);
        let ours = log
            .metas
            .iter()
            .any(|m| matches!(m, lockstep_core::trace::Meta::Run { lesson: l, .. } if l == lesson.id()));
        if ours {
            let mut checks = lesson.check(&params, &log, &self.live.borrow());
            checks.push(lockstep_core::lessons::causality_check(&log));
            self.checks = checks;
        }
        self.params = params;
        self.seed = log.seed().unwrap_or(0);
        self.drain.log = log;
        self.version += 1;
        self.status = Status::Finished;
        self.recorded = Some(file);
    }

    /// A new session for the same lesson that keeps the learner's
    /// choices (slow motion).
    fn fresh(&self) -> Session {
        let mut s = Session::new(self.lesson);
        s.slow = self.slow;
        s
    }

    pub fn pause(&mut self) {
        if let (Some(r), Status::Running) = (&self.run, self.status) {
            r.pause();
            self.status = Status::Paused;
        }
    }

    pub fn resume(&mut self) {
        if self.status == Status::Paused {
            self.leave_replay();
            if let Some(r) = &self.run {
                // In slow motion the run stays held: the frames pace it.
                if !self.slow {
                    r.resume();
                }
                self.status = Status::Running;
            }
        }
    }

    /// Lets one traced operation through, of any thread, and goes on
    /// stepping until one the page shows (a sentence) has happened.
    pub fn step(&mut self) {
        self.step_until_seen(None);
    }

    /// Lets exactly one traced operation of thread `tid` through (pausing
    /// first if running), and more of that thread's until one shows.
    pub fn step_thread(&mut self, tid: lockstep_core::trace::Tid) {
        self.step_until_seen(Some(tid));
    }

    fn step_until_seen(&mut self, target: Option<lockstep_core::trace::Tid>) {
        if matches!(self.status, Status::Running | Status::Paused) {
            self.leave_replay();
            if let Some(r) = &self.run {
                r.step(target);
                self.status = Status::Paused;
                self.pacing = Pacing {
                    seek: SEEK_STEPS,
                    target,
                    last_step: js_sys::Date::now(),
                    ..Pacing::default()
                };
            }
        }
    }

    pub fn set_speed(&self, speed: f64) {
        if let Some(r) = &self.run {
            r.set_speed(speed);
        }
    }

    /// Stops every thread; the session clears once all have returned.
    pub fn reset(&mut self) {
        match &self.run {
            Some(r) if !r.is_done() => {
                r.abort();
                self.status = Status::Stopping;
            }
            _ => *self = self.fresh(),
        }
    }

    pub fn busy(&self) -> bool {
        matches!(self.status, Status::Running | Status::Paused | Status::Stopping)
    }

    /// Shows the state at demo time `t` (pauses a live run first).
    pub fn scrub(&mut self, t: u64) {
        self.pause();
        let mut sorted = self.drain.log.clone();
        sorted.sort();
        self.replay = Some(ViewRef::new(View::at(&sorted, t)));
        self.replay_at = Some(t);
    }

    pub fn leave_replay(&mut self) {
        self.replay = None;
        self.replay_at = None;
    }

    /// The drained trace (what replay and the export read).
    pub fn log(&self) -> &TraceLog {
        &self.drain.log
    }

    /// The deadlock in the view being drawn, if any.
    pub fn deadlock(&self) -> Option<(waitfor::Deadlock, String)> {
        let v = self.view();
        let v = &*v.get();
        waitfor::find_deadlock(v).map(|d| {
            let s = waitfor::explain(v, &d);
            (d, s)
        })
    }

    /// Chrome Trace Event Format of everything recorded so far.
    pub fn export(&self) -> String {
        let mut sorted = self.drain.log.clone();
        sorted.sort();
        lockstep_core::export::chrome_trace_json(&sorted)
    }
}
