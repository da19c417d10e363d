//! The virtual machine: one `Vm` per Python thread, over an `Interp` shared
//! by the threads of one process.
//!
//! Python frames live on an explicit `Vec`: a Python-to-Python call pushes a
//! frame and the dispatch loop carries on, so recursion depth never touches
//! the Rust stack. Native code that calls back into Python (sort keys,
//! `__str__`, `__eq__`, ...) re-enters the loop (`call_value`); those
//! re-entries count towards the recursion limit and are bounded separately
//! (`MAX_NATIVE_DEPTH`) so the Rust stack stays small.

mod attr;
mod call;
mod dispatch;
pub mod fork;
pub mod gil;
mod iter;
pub mod naming;
mod ops;
pub mod process;
mod shared;
mod stamp;

pub use call::CallArgs;
pub(crate) use dispatch::trace_value;

use crate::bytecode::{Code, Globals, Program};
use crate::error::{exc_class, make_exc, new_exc, Exc, ExcKind, PyResult};
use crate::heap::{lock, Heap};
use crate::output::{Output, Stream};
use crate::value::{AttrMap, Cell, Class, Value};
use lockstep_core::run::Ctx;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Native re-entries of the dispatch loop allowed at once (each costs Rust
/// stack; docs/benchmarks-python.md has the measured bytes per level).
pub const MAX_NATIVE_DEPTH: usize = 200;
/// Rust stack a thread may use before a re-entry is refused with
/// RecursionError: a worker has 1 MiB, and the last level needs room for
/// its own native work. Measured by stack address, so it holds whatever
/// the frame sizes of the build (debug frames are ~10x release ones).
pub const STACK_BUDGET: usize = 640 << 10;
/// Highest value `sys.setrecursionlimit` accepts: frames are on the heap,
/// so this bounds memory, not the Rust stack.
pub const MAX_RECURSION_LIMIT: usize = 100_000;

/// What a run is configured with.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub memory_limit: usize,
    pub output_limit: usize,
    pub recursion_limit: usize,
    pub argv: Vec<String>,
    pub gil: bool,
    pub seed: u64,
    /// Trace every read and write of the program's module globals (off
    /// only to measure what tracing costs).
    pub trace_globals: bool,
    /// The modelled server `requests` goes through (a lesson's latency,
    /// slow and failing shares); None: the default latency, no failures.
    pub network: Option<lockstep_core::net::Model>,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            memory_limit: 256 << 20,
            output_limit: 1 << 20,
            recursion_limit: 1000,
            argv: vec!["prog.py".into()],
            gil: true,
            seed: 0,
            trace_globals: true,
            network: None,
        }
    }
}

/// What one process's threads share.
pub struct Interp {
    pub program: Arc<Program>,
    pub globals: Arc<Globals>,
    pub heap: Arc<Heap>,
    pub out: Arc<Output>,
    pub config: RunConfig,
    pub recursion_limit: AtomicUsize,
    /// `sys.setswitchinterval`, in nanoseconds (read by issue 13's GIL).
    pub switch_interval_ns: AtomicU64,
    pub modules: Mutex<Vec<(String, Value)>>,
    /// The GIL (does nothing in free-threaded mode).
    pub gil: gil::Gil,
    /// `_thread`'s native objects (threads, locks, events...), by handle.
    pub natives: Mutex<Vec<crate::modules::thread::Native>>,
    /// Globals of Python-source modules (cleared at teardown: cycles).
    pub module_globals: Mutex<Vec<Arc<Globals>>>,
    /// Indices in `natives` of objects made by `multiprocessing` (shared
    /// with child processes; the others are copied at a fork).
    pub shared_natives: Mutex<Vec<usize>>,
    /// This process's fake pid and its parent's (modelled: one OS process).
    pub pid: i64,
    pub ppid: i64,
    /// The run's processes (every `Interp` of a run holds the same table).
    pub procs: Arc<Procs>,
    /// `os._exit(n)`'s code, once called (`NO_EXIT` until then).
    pub exit_now: AtomicI64,
    /// Core thread ids of the threads this process started (a child's
    /// table also holds its parent's thread handles).
    pub own_threads: Mutex<Vec<u32>>,
    /// Pids of `os.fork()` children already reaped by `os.wait`.
    pub reaped: Mutex<Vec<i64>>,
}

pub const NO_EXIT: i64 = i64::MIN;

/// A child process, as its parent and the run's end see it.
pub struct ProcInfo {
    pub pid: i64,
    pub ppid: i64,
    /// `NO_EXIT` while running.
    pub exitcode: Arc<AtomicI64>,
    pub handle: lockstep_core::run::ThreadHandle,
    /// Started by `multiprocessing` (joined at the parent's exit unless
    /// daemonic), not `os.fork()`.
    pub mp: bool,
    pub daemon: bool,
    /// The signal `terminate()` (15) or `kill()` (9) sent: a stopped
    /// process's exit code is its negation.
    pub signal: AtomicI64,
}

/// The run's process table: pids and every child ever started.
pub struct Procs {
    pub next_pid: AtomicI64,
    pub children: Mutex<Vec<Arc<ProcInfo>>>,
}

impl Interp {
    pub fn new(program: Arc<Program>, heap: Arc<Heap>, out: Arc<Output>, config: RunConfig) -> Arc<Interp> {
        let globals = Globals::new(program.clone());
        globals.traced.store(config.trace_globals, Ordering::Relaxed);
        if let Some(i) = globals.index_of("__name__") {
            *lock(&globals.slots[i]) = Some(Value::str("__main__"));
        }
        // Fake pids in the range Linux gives a shell's children, varying
        // with the seed as real ones vary from run to run.
        let pid = 2000 + (config.seed % 30_000) as i64;
        Arc::new(Interp {
            program,
            globals,
            heap,
            out,
            recursion_limit: AtomicUsize::new(config.recursion_limit),
            switch_interval_ns: AtomicU64::new(5_000_000),
            gil: gil::Gil::new(config.gil),
            config,
            modules: Mutex::new(Vec::new()),
            natives: Mutex::new(Vec::new()),
            module_globals: Mutex::new(Vec::new()),
            shared_natives: Mutex::new(Vec::new()),
            pid,
            ppid: pid - 37,
            procs: Arc::new(Procs {
                next_pid: AtomicI64::new(pid + 1),
                children: Mutex::new(Vec::new()),
            }),
            exit_now: AtomicI64::new(NO_EXIT),
            own_threads: Mutex::new(Vec::new()),
            reaped: Mutex::new(Vec::new()),
        })
    }

    /// A child process's interpreter: the parent's program, heap and
    /// output, copied globals and modules, its own GIL and pid.
    pub(crate) fn child(
        parent: &Interp,
        globals: Arc<Globals>,
        modules: Vec<(String, Value)>,
        module_globals: Vec<Arc<Globals>>,
        natives: Vec<crate::modules::thread::Native>,
        pid: i64,
    ) -> Arc<Interp> {
        Arc::new(Interp {
            program: parent.program.clone(),
            globals,
            heap: parent.heap.clone(),
            out: parent.out.clone(),
            recursion_limit: AtomicUsize::new(parent.recursion_limit.load(Ordering::Relaxed)),
            switch_interval_ns: AtomicU64::new(parent.switch_interval_ns.load(Ordering::Relaxed)),
            gil: gil::Gil::new(parent.config.gil),
            config: parent.config.clone(),
            modules: Mutex::new(modules),
            natives: Mutex::new(natives),
            module_globals: Mutex::new(module_globals),
            shared_natives: Mutex::new(crate::heap::lock(&parent.shared_natives).clone()),
            pid,
            ppid: parent.pid,
            procs: parent.procs.clone(),
            exit_now: AtomicI64::new(NO_EXIT),
            own_threads: Mutex::new(Vec::new()),
            reaped: Mutex::new(Vec::new()),
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// `try` with an except/finally handler at `handler`.
    Try,
    /// Inside a handler: leaving it restores `exc_info` to `exc_depth`.
    Handler,
}

#[derive(Clone, Copy)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub handler: u32,
    /// Operand stack depth (relative to the frame) to restore.
    pub depth: u32,
    pub exc_depth: u32,
}

pub(crate) enum FrameKind {
    Normal,
    /// Called from Rust: its return ends the nested dispatch loop.
    Native,
    /// `__init__` of a new instance: push the instance, not the result.
    Init(Value),
    /// A class body: make the class from its namespace on return.
    ClassBody {
        name: crate::value::Name,
        base: Option<Arc<Class>>,
    },
}

pub(crate) struct Frame {
    pub code: Arc<Code>,
    pub pc: usize,
    pub stack_base: usize,
    pub locals_base: usize,
    pub blocks_base: usize,
    /// Cells then free variables.
    pub cells: Vec<Arc<Cell>>,
    pub kind: FrameKind,
    pub id: u64,
    /// Class bodies' namespace.
    pub ns: Option<Box<AttrMap>>,
    pub globals: Arc<Globals>,
}

/// A generator's frame while suspended: the frame and its slices of the
/// thread's stacks (re-based when resumed).
pub struct SavedFrame {
    pub(crate) frame: Frame,
    pub(crate) stack: Vec<Value>,
    pub(crate) locals: Vec<Option<Value>>,
    pub(crate) blocks: Vec<Block>,
}

pub struct Vm {
    pub interp: Arc<Interp>,
    pub ctx: Ctx,
    pub(crate) frames: Vec<Frame>,
    pub(crate) stack: Vec<Value>,
    pub(crate) locals: Vec<Option<Value>>,
    pub(crate) blocks: Vec<Block>,
    /// Exceptions being handled (innermost last): bare `raise`, context.
    pub(crate) exc_info: Vec<Value>,
    pub(crate) native_depth: usize,
    /// Containers whose repr is in progress (`[[...]]`).
    pub(crate) repr_guard: Vec<usize>,
    frame_serial: u64,
    /// Set by YIELD_VALUE for the generator that just suspended.
    pub(crate) yielded: Option<SavedFrame>,
    /// Stack address at the start of the run, and the deepest Rust stack
    /// use seen at a native re-entry (bytes), with its re-entry depth.
    stack_origin: usize,
    pub max_stack: usize,
    pub max_native_depth: usize,
    /// Whether this thread holds its process's GIL.
    pub holds_gil: bool,
    /// This thread installed its GIL park hook (`gil::ParkGil`).
    park_hook: bool,
    /// No traced operation since the last eval breaker (`gil::ParkGil`).
    gil_clean: std::rc::Rc<std::cell::Cell<bool>>,
    /// The last line of the traceback this thread's process ended with.
    pub last_error: Option<String>,
    /// Above 0 while the runtime's own Python code makes objects the
    /// learner did not ask for (`naming.rs`).
    pub(crate) hidden: u32,
    /// The name of the next object made, as a template (`%s.get_lock()`:
    /// `%s` is what the object it belongs to is called; `naming.rs`).
    pub(crate) next_name: Option<String>,
    /// The frame id and instruction of this thread's last traced access,
    /// while a later one may take its time (`stamp.rs`).
    pub(crate) stamp_mark: Option<(u64, usize)>,
}

/// An address on the current Rust stack.
#[inline(never)]
pub fn stack_addr() -> usize {
    let x = 0u8;
    std::hint::black_box(&x) as *const u8 as usize
}

impl Vm {
    pub fn new(interp: Arc<Interp>, ctx: Ctx) -> Vm {
        crate::heap::set_current_tid(ctx.tid());
        Vm {
            interp,
            ctx,
            frames: Vec::with_capacity(64),
            stack: Vec::with_capacity(256),
            locals: Vec::with_capacity(256),
            blocks: Vec::new(),
            exc_info: Vec::new(),
            native_depth: 0,
            repr_guard: Vec::new(),
            frame_serial: 0,
            yielded: None,
            stack_origin: 0,
            max_stack: 0,
            max_native_depth: 0,
            holds_gil: false,
            park_hook: false,
            gil_clean: std::rc::Rc::new(std::cell::Cell::new(true)),
            last_error: None,
            hidden: 0,
            next_name: None,
            stamp_mark: None,
        }
    }

    /// The cheap check at every backward jump and call: stop on abort.
    /// Issue 13's GIL drop request is honoured here too.
    #[inline(always)]
    pub fn eval_breaker(&mut self) -> PyResult<()> {
        self.ctx.check_stop().map_err(Exc::Stop)?;
        self.gil_clean.set(true);
        self.stamp_mark = None;
        if self.interp.gil.drop_request.load(Ordering::Relaxed) {
            self.gil_switch()?;
        }
        Ok(())
    }

    fn switch_interval(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.interp.switch_interval_ns.load(Ordering::Relaxed).max(1000))
    }

    /// Honours a GIL drop request: let go, wait until another thread has
    /// taken it, take it back.
    #[cold]
    fn gil_switch(&mut self) -> PyResult<()> {
        if !self.holds_gil {
            return Ok(());
        }
        let n = self.interp.gil.release(&self.ctx, false);
        self.holds_gil = false;
        self.interp
            .gil
            .acquire(&self.ctx, self.switch_interval(), Some(n))
            .map_err(Exc::Stop)?;
        self.holds_gil = true;
        Ok(())
    }

    /// Takes the GIL (a thread's start, and after a blocking call). At a
    /// thread's start it also installs the park hook: parked at a paused
    /// checkpoint, the thread lets the GIL go (see `gil::ParkGil`).
    pub fn gil_acquire(&mut self) -> PyResult<()> {
        if self.interp.gil.enabled && !self.park_hook {
            self.park_hook = true;
            lockstep_core::run::set_park_hook(Some(std::rc::Rc::new(gil::ParkGil::new(
                self.interp.clone(),
                self.ctx.clone(),
                self.gil_clean.clone(),
            ))));
        }
        if !self.holds_gil {
            self.interp
                .gil
                .acquire(&self.ctx, self.switch_interval(), None)
                .map_err(Exc::Stop)?;
            self.holds_gil = true;
        }
        Ok(())
    }

    /// Lets go of the GIL.
    pub fn gil_release(&mut self) {
        if self.holds_gil {
            self.interp.gil.release(&self.ctx, false);
            self.holds_gil = false;
        }
    }

    /// Lets go of the GIL for good (a thread's end).
    pub fn gil_release_final(&mut self) {
        self.interp.gil.release(&self.ctx, true);
        self.holds_gil = false;
        if self.park_hook {
            // The worker runs other threads next.
            lockstep_core::run::set_park_hook(None);
            self.park_hook = false;
        }
    }

    /// Runs a blocking call without the GIL (sleep, join, waits).
    pub fn blocking<T>(&mut self, f: impl FnOnce(&Ctx) -> T) -> PyResult<T> {
        let held = self.holds_gil;
        self.gil_release();
        let ctx = self.ctx.clone();
        let r = f(&ctx);
        if held {
            self.gil_acquire()?;
        }
        Ok(r)
    }

    /// Python frames on this thread's stack.
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    pub fn recursion_limit(&self) -> usize {
        self.interp.recursion_limit.load(Ordering::Relaxed)
    }

    fn next_frame_id(&mut self) -> u64 {
        self.stamp_mark = None;
        self.frame_serial += 1;
        self.frame_serial
    }

    /// Runs the program's module code as `__main__`.
    pub fn run_module(&mut self) -> PyResult<Value> {
        self.stack_origin = stack_addr();
        let code = self.interp.program.module.clone();
        let id = self.next_frame_id();
        self.frames.push(Frame {
            code,
            pc: 0,
            stack_base: self.stack.len(),
            locals_base: self.locals.len(),
            blocks_base: self.blocks.len(),
            cells: Vec::new(),
            kind: FrameKind::Native,
            id,
            ns: None,
            globals: self.interp.globals.clone(),
        });
        self.run_frames(0)
    }

    /// Writes program output (print) to the sink and the trace.
    pub fn write(&mut self, stream: Stream, text: &str) -> PyResult<()> {
        let kept = self.interp.out.write(stream, text);
        if kept && stream == Stream::Stdout {
            let line = text.strip_suffix('\n').unwrap_or(text);
            self.ctx.print(line).map_err(|e| match e {
                lockstep_core::run::Error::Stop(s) => Exc::Stop(s),
                lockstep_core::run::Error::Py(p) => new_exc(ExcKind::RuntimeError, p.to_string()),
            })?;
        }
        Ok(())
    }

    pub(crate) fn push_native_depth(&mut self) -> PyResult<()> {
        let used = self.stack_origin.saturating_sub(stack_addr());
        if self.native_depth >= MAX_NATIVE_DEPTH
            || self.frames.len() + self.native_depth >= self.recursion_limit()
            || (self.stack_origin != 0 && used > STACK_BUDGET)
        {
            return Err(new_exc(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        self.native_depth += 1;
        if self.native_depth >= self.max_native_depth {
            if used > self.max_stack {
                self.max_stack = used;
            }
            self.max_native_depth = self.native_depth;
        }
        Ok(())
    }
    pub(crate) fn pop_native_depth(&mut self) {
        self.native_depth -= 1;
    }

    /// Raises `exc` as a new exception from Rust code.
    pub fn raise_kind(&self, kind: ExcKind, msg: impl Into<String>) -> Exc {
        new_exc(kind, msg)
    }

    /// Makes an exception instance of a builtin kind with args.
    pub fn make_exc_value(&self, kind: ExcKind, args: Vec<Value>) -> Value {
        make_exc(exc_class(kind), args)
    }

    /// The module-level globals table of the running code.
    pub fn globals(&self) -> Arc<Globals> {
        match self.frames.last() {
            Some(f) => f.globals.clone(),
            None => self.interp.globals.clone(),
        }
    }

    /// Current line (1-based) of the innermost frame, for traces.
    pub fn current_line(&self) -> usize {
        match self.frames.last() {
            Some(f) => {
                let pc = f.pc.saturating_sub(1).min(f.code.pos.len().saturating_sub(1));
                f.code.pos.get(pc).map(|p| f.code.source.line_of(*p)).unwrap_or(0)
            }
            None => 0,
        }
    }

    /// The packed source position (`trace::pack_pos`) of the learner's
    /// code running now (the innermost frame of the program, not of a
    /// Python-source module such as multiprocessing.py), for events that
    /// natives record: `v.value += 1` points at its own line.
    pub fn current_pos(&self) -> u32 {
        self.frames
            .iter()
            .rev()
            .find(|f| Arc::ptr_eq(&f.globals.program, &self.interp.program))
            .map_or(0, |f| dispatch::pos_of(&f.code, f.pc.saturating_sub(1)))
    }

    /// Takes the top frame off the thread's stacks, as a suspended frame.
    pub(crate) fn suspend_top(&mut self) -> Option<SavedFrame> {
        // A yield leaves the frame without `pop_frame`; frame ids are per
        // thread and a forked child's restart below a copied generator's.
        self.stamp_mark = None;
        let f = self.frames.pop()?;
        let stack = self.stack.split_off(f.stack_base.min(self.stack.len()));
        let locals = self.locals.split_off(f.locals_base.min(self.locals.len()));
        let blocks = self.blocks.split_off(f.blocks_base.min(self.blocks.len()));
        Some(SavedFrame {
            frame: f,
            stack,
            locals,
            blocks,
        })
    }

    /// A just-pushed generator frame becomes a generator object.
    pub(crate) fn make_generator(&mut self) -> PyResult<Value> {
        let saved = self.suspend_top();
        Value::try_iter(crate::value::IterState::Gen {
            frame: saved.map(Box::new),
            started: false,
        })
        .ok_or_else(crate::error::memory_error)
    }

    /// `next(gen)`: resumes its frame until the next yield or its end.
    pub(crate) fn gen_resume(&mut self, it: &Arc<crate::value::IterObj>) -> PyResult<Option<Value>> {
        let (saved, started) = {
            let mut st = lock(&it.state);
            match &mut *st {
                crate::value::IterState::Gen { frame, started } => {
                    let s = *started;
                    *started = true;
                    (frame.take(), s)
                }
                _ => (None, true),
            }
        };
        let Some(saved) = saved else { return Ok(None) };
        if let Err(e) = self.push_native_depth() {
            if let crate::value::IterState::Gen { frame, .. } = &mut *lock(&it.state) {
                *frame = Some(saved);
            }
            return Err(e);
        }
        let SavedFrame {
            mut frame,
            stack,
            locals,
            blocks,
        } = *saved;
        frame.stack_base = self.stack.len();
        frame.locals_base = self.locals.len();
        frame.blocks_base = self.blocks.len();
        frame.kind = FrameKind::Native;
        self.stack.extend(stack);
        self.locals.extend(locals);
        self.blocks.extend(blocks);
        if started {
            // The value of the `yield` expression.
            self.stack.push(Value::None);
        }
        self.stamp_mark = None;
        self.frames.push(frame);
        let base = self.frames.len() - 1;
        self.yielded = None;
        let r = self.run_frames(base);
        self.pop_native_depth();
        let v = r?;
        match self.yielded.take() {
            Some(s) => {
                if let crate::value::IterState::Gen { frame, .. } = &mut *lock(&it.state) {
                    *frame = Some(Box::new(s));
                }
                Ok(Some(v))
            }
            None => Ok(None),
        }
    }

    /// Ends the run's memory: clears globals and every registered object.
    pub fn teardown(&mut self) {
        self.teardown_process();
        self.interp.heap.clear_all();
    }

    /// Lets go of this process's globals, modules and natives (a child
    /// process's end; the run's heap outlives it).
    pub fn teardown_process(&mut self) {
        if self.park_hook {
            lockstep_core::run::set_park_hook(None);
            self.park_hook = false;
        }
        self.stack.clear();
        self.locals.clear();
        self.frames.clear();
        self.exc_info.clear();
        self.interp.let_go();
    }
}

impl Interp {
    /// Empties this process's globals, module globals, natives and modules:
    /// the cycles among them (a function and the globals it reads) are not
    /// the heap registry's to break. At a process's end, and for a child
    /// whose start was refused (`process::spawn`).
    pub(crate) fn let_go(&self) {
        self.globals.clear();
        for g in std::mem::take(&mut *lock(&self.module_globals)) {
            g.clear();
        }
        lock(&self.natives).clear();
        let mods = std::mem::take(&mut *lock(&self.modules));
        drop(mods);
    }
}
