//! One live or finished run as the UI holds it: the run handle, the
//! drained trace, and the reduced view. Plain data plus methods; the app
//! calls `frame()` once per animation frame. Nothing here blocks: draining
//! and every control are lock-free (see lockstep_core::run).

use super::view_ref::ViewRef;
use crate::runtime;
use lockstep_core::follow::Drain;
use lockstep_core::lessons::{Check, Lesson, Params};
use lockstep_core::reduce::{waitfor, View};
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::share::ShareState;
use lockstep_core::trace::TraceLog;
use std::cell::RefCell;
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
}

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
                *self = Session::new(self.lesson);
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
        *self = Session::new(lesson);
        self.params = params;
        self.seed = seed;
        match Run::start(runtime::executor(), opts, body) {
            Ok(run) => {
                self.status = if paused { Status::Paused } else { Status::Running };
                self.run = Some(run);
            }
            Err(e) => self.error = Some(format!("Could not start: {e}")),
        }
    }

    /// Drains new events into the view; notices the end of the run.
    /// Returns whether anything changed.
    pub fn frame(&mut self) -> bool {
        let Some(run) = &self.run else { return false };
        let polled = self.drain.poll(run, &mut self.live.borrow_mut());
        if polled.changed {
            self.version += 1;
        }
        if polled.done && self.status != Status::Finished {
            self.finish();
            return true;
        }
        polled.events > 0 || matches!(self.status, Status::Running)
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
            *self = Session::new(self.lesson);
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
                r.resume();
                self.status = Status::Running;
            }
        }
    }

    pub fn step(&mut self) {
        if matches!(self.status, Status::Running | Status::Paused) {
            self.leave_replay();
            if let Some(r) = &self.run {
                r.step(None);
                self.status = Status::Paused;
            }
        }
    }

    /// Lets exactly one traced operation of thread `tid` through (pausing
    /// first if running).
    pub fn step_thread(&mut self, tid: lockstep_core::trace::Tid) {
        if matches!(self.status, Status::Running | Status::Paused) {
            self.leave_replay();
            if let Some(r) = &self.run {
                r.step(Some(tid));
                self.status = Status::Paused;
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
            _ => *self = Session::new(self.lesson),
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
