//! Processes: a child is a new `Interp` (own GIL, own fake pid, copied
//! globals: `fork.rs`) whose main thread is a core "process" thread on its
//! own worker. The same program, heap and output serve every process of a
//! run; only the objects `multiprocessing` makes are shared between them.
//!
//! A process's life, the same for the main program and its children: run,
//! wait for its non-daemon threads (`threading._shutdown`), join its
//! non-daemonic `multiprocessing` children and terminate the daemonic ones
//! (multiprocessing's exit handler), then stop what is left and let go of
//! its objects.

use super::fork::{Copier, ForkedStack, Mode};
use super::{Interp, ProcInfo, Vm, NO_EXIT};
use crate::error::{new_exc, Exc, ExcKind, PyResult};
use crate::heap::lock;
use crate::modules::thread::{ident_of, Native};
use crate::value::{ModuleNative, Value};
use lockstep_core::run::Stop;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// What a child process runs.
pub enum Entry {
    /// `Process.start()`: calls this (the copy of the parent's callable).
    Call(Value),
    /// `os.fork()`: carries on from the calling thread's copied frames.
    Fork(ForkedStack),
}

/// Starts a child process of `vm`'s process. `entry` is the parent's
/// callable for `Process.start()`, `None` for `os.fork()`.
pub fn spawn(vm: &mut Vm, name: &str, daemon: bool, entry: Option<&Value>) -> PyResult<Arc<ProcInfo>> {
    let parent = vm.interp.clone();
    let pid = parent.procs.next_pid.fetch_add(1, Ordering::AcqRel);
    let mut c = Copier::new(Mode::Fork);
    let globals = c.copy_globals(&parent.globals);
    let modules: Vec<(String, Value)> = lock(&parent.modules).clone();
    let mut child_modules = Vec::with_capacity(modules.len());
    for (n, m) in &modules {
        child_modules.push((n.clone(), c.copy(m)?));
    }
    let module_globals: Vec<_> = lock(&parent.module_globals).clone();
    let child_module_globals: Vec<_> = module_globals.iter().map(|g| c.copy_globals(g)).collect();
    let run = match entry {
        Some(f) => Entry::Call(c.copy(f)?),
        None => match c.copy_frames(vm)? {
            Some(s) => Entry::Fork(s),
            None => {
                return Err(new_exc(
                    ExcKind::RuntimeError,
                    "os.fork() inside a callback (a sort key, __str__, a generator...) is not supported in Lockstep",
                ))
            }
        },
    };
    c.finish(vm)?;
    let (natives, held) = child_natives(vm);
    let child = Interp::child(
        &parent,
        globals,
        child_modules,
        child_module_globals,
        natives,
        pid,
    );
    reseed_random(&child, pid);
    let parent_ident = ident_of(vm.ctx.tid());
    let exitcode = Arc::new(AtomicI64::new(NO_EXIT));
    let code_slot = exitcode.clone();
    let label = entry.map(|_| name.to_string());
    let heap = parent.heap.clone();
    // If the start is refused (no worker left), the closure is dropped
    // unrun: the guard lets go of the child's copies, which would
    // otherwise outlive the run (found by the 100,000-program fuzz).
    let child = Unrun(Some(child));
    let handle = vm
        .ctx
        .spawn_process(Some(name), &(), move |ctx, ()| {
            let mut child = child;
            let Some(child) = child.0.take() else {
                return Ok(());
            };
            crate::heap::set_current(Some(heap));
            let mut t = Vm::new(child, ctx.clone());
            take_held(&t, &held);
            drop(held);
            let code = run_child(&mut t, run, parent_ident, label.as_deref());
            code_slot.store(code, Ordering::Release);
            t.teardown_process();
            drop(t);
            crate::heap::set_current(None);
            // Killed by terminate()/kill(): the trace ends its lane as
            // interrupted, not as a return.
            if code == -15 || code == -9 {
                return Err(lockstep_core::Stop::Terminated.into());
            }
            Ok(())
        })
        .map_err(|e| match e {
            // Out of workers: what fork(2) says when a process cannot start.
            lockstep_core::run::Error::Py(_) => new_exc(
                ExcKind::BlockingIOError,
                "[Errno 11] Resource temporarily unavailable",
            ),
            e => crate::modules::thread::core_err(e),
        })?;
    let info = Arc::new(ProcInfo {
        pid,
        ppid: parent.pid,
        exitcode,
        handle,
        mp: entry.is_some(),
        daemon,
        signal: AtomicI64::new(15),
    });
    lock(&parent.procs.children).push(info.clone());
    Ok(info)
}

/// A child's interpreter until its process runs (see `spawn`).
struct Unrun(Option<Arc<Interp>>);

impl Drop for Unrun {
    fn drop(&mut self) {
        if let Some(i) = self.0.take() {
            i.let_go();
        }
    }
}

/// The child's natives, and the locks its main thread must take before it
/// runs (with how many times): `multiprocessing`'s objects are the same
/// objects; a `threading` lock, event or semaphore is a fresh one in the
/// state the fork found it (a fork copies its memory, so the processes no
/// longer share it). A lock held at the fork is held in the child: by the
/// forking thread's copy (the child's main thread) with its count, or, if
/// another thread held it, once by the child's main thread (that thread
/// does not exist in the child; CPython's child could never take it).
fn child_natives(vm: &Vm) -> (Vec<Native>, Vec<(Native, u32)>) {
    use lockstep_core::sync::{Event, Lock, RLock};
    let shared = lock(&vm.interp.shared_natives).clone();
    let table = lock(&vm.interp.natives).clone();
    let ctx = &vm.ctx;
    let me = ctx.tid();
    let mut held = Vec::new();
    let natives = table
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            if shared.contains(&i) {
                return n;
            }
            match n {
                Native::Lock(l) => {
                    let f = Lock::new(ctx, "_Lock (fork copy)");
                    if l.locked() {
                        held.push((Native::Lock(f.clone()), 1));
                    }
                    Native::Lock(f)
                }
                Native::RLock(l) => {
                    let f = RLock::new(ctx, "_RLock (fork copy)");
                    match l.holder() {
                        (Some(t), n) if t == me => held.push((Native::RLock(f.clone()), n)),
                        (Some(_), _) => held.push((Native::RLock(f.clone()), 1)),
                        _ => {}
                    }
                    Native::RLock(f)
                }
                Native::Event(e) => {
                    let f = Event::new(ctx, "_Event (fork copy)");
                    if e.is_set() {
                        let _ = f.set(ctx);
                    }
                    Native::Event(f)
                }
                Native::Sem(s) => Native::Sem(s.fork_copy(ctx, "_Semaphore (fork copy)")),
                // Another thread's handle: that thread does not exist in
                // the child (threading._after_fork marks it stopped).
                other => other,
            }
        })
        .collect();
    (natives, held)
}

/// Takes, on the child's main thread, the locks the fork found held.
fn take_held(t: &Vm, held: &[(Native, u32)]) {
    for (n, count) in held {
        for _ in 0..*count {
            let _ = match n {
                Native::Lock(l) => l.try_acquire(&t.ctx),
                Native::RLock(l) => l.try_acquire(&t.ctx),
                _ => Ok(true),
            };
        }
    }
}

/// CPython's random reseeds in a forked child; ours from the run's seed
/// and the pid, so a run stays reproducible.
fn reseed_random(child: &Interp, pid: i64) {
    for (n, m) in lock(&child.modules).iter() {
        if let (true, Value::Module(m)) = (n == "random", m) {
            if let ModuleNative::Random(mt) = &m.native {
                let seed = child.config.seed ^ (pid as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                *lock(mt) = crate::modules::random::Mt::new(seed);
            }
        }
    }
}

fn run_child(t: &mut Vm, entry: Entry, parent_ident: i64, label: Option<&str>) -> i64 {
    if t.gil_acquire().is_err() {
        return -15;
    }
    let r = after_fork(t, parent_ident).and_then(|()| match entry {
        Entry::Call(f) => t.call_value(&f, vec![], vec![]),
        Entry::Fork(s) => t.resume_forked(s),
    });
    let code = end_process(t, r, label);
    code as i64
}

/// `threading._after_fork`: in the child, the thread that forked is the
/// only one, and it is the main thread.
fn after_fork(t: &mut Vm, parent_ident: i64) -> PyResult<()> {
    let Some(f) = module_attr(t, "threading", "_after_fork") else {
        return Ok(());
    };
    t.call_value(&f, vec![Value::Int(parent_ident)], vec![])
        .map(|_| ())
}

fn module_attr(t: &Vm, module: &str, name: &str) -> Option<Value> {
    let m = lock(&t.interp.modules)
        .iter()
        .find(|(n, _)| n == module)
        .map(|(_, m)| m.clone());
    match m {
        Some(Value::Module(m)) => lock(&m.attrs).get(name),
        _ => None,
    }
}

/// Ends a process (the main program's or a child's): reports how its
/// main code ended, waits for its threads and children as CPython's exit
/// does, and stops what is left. Returns the exit code. `label` names a
/// `multiprocessing` child (`Process Process-1:` before its traceback).
pub fn end_process(t: &mut Vm, r: PyResult<Value>, label: Option<&str>) -> i32 {
    let exit_now = t.interp.exit_now.load(Ordering::Acquire);
    let mut code = match &r {
        _ if exit_now != NO_EXIT => exit_now as i32,
        Ok(_) => 0,
        Err(Exc::Stop(Stop::Terminated)) if label.is_some() || t.ctx.is_process() => -15,
        Err(Exc::Stop(_)) => 130,
        Err(Exc::Raise(e)) => match crate::traceback::system_exit_code(t, e) {
            Some((code, msg)) => {
                if let Some(m) = msg {
                    t.interp.out.write_err_always(&format!("{m}\n"));
                }
                code
            }
            None => {
                let text = crate::traceback::format_exception(t, e);
                t.last_error = text.lines().last().map(|l| l.to_string());
                if let Some(last) = &t.last_error {
                    t.ctx.uncaught(last);
                }
                let head = label.map(|n| format!("Process {n}:\n")).unwrap_or_default();
                t.interp.out.write_err_always(&format!("{head}{text}"));
                1
            }
        },
    };
    let stopped = matches!(r, Err(Exc::Stop(_)));
    if !stopped {
        // As CPython at exit: the main program (and an os.fork child, which
        // exits as a program does) waits for its non-daemon threads, then
        // its atexit handler joins the non-daemonic multiprocessing
        // children (terminating the others); a multiprocessing child's
        // `_bootstrap` does the two the other way round.
        let r = if label.is_some() {
            join_children(t).and_then(|()| shutdown_threads(t))
        } else {
            shutdown_threads(t).and_then(|()| join_children(t))
        };
        if let Err(Exc::Stop(_)) = r {
            code = if t.ctx.is_process() { -15 } else { 130 };
        }
    }
    t.gil_release_final();
    stop_threads(t);
    t.interp.out.flush();
    code
}

/// Calls `threading._shutdown()` if the process imported `threading`.
fn shutdown_threads(vm: &mut Vm) -> PyResult<()> {
    match module_attr(vm, "threading", "_shutdown") {
        Some(f) => vm.call_value(&f, vec![], vec![]).map(|_| ()),
        None => Ok(()),
    }
}

/// multiprocessing's exit handler: daemonic children are terminated, the
/// others joined.
fn join_children(vm: &mut Vm) -> PyResult<()> {
    let mine: Vec<_> = lock(&vm.interp.procs.children)
        .iter()
        .filter(|p| p.ppid == vm.interp.pid && p.mp)
        .cloned()
        .collect();
    for p in &mine {
        if p.daemon && p.handle.is_alive() {
            p.handle
                .terminate(&vm.ctx)
                .map_err(crate::modules::thread::core_err)?;
        }
    }
    for p in &mine {
        if !p.daemon && p.handle.is_alive() {
            let h = p.handle.clone();
            vm.blocking(|c| h.join(c))?
                .map_err(crate::modules::thread::core_err)?;
        }
    }
    Ok(())
}

/// Stops the threads still running (daemons, or all after an abort) and
/// waits for them to unwind before the teardown: a daemon thread blocked in
/// `q.get()` holds its frames' values until it stops. Untraced and bounded
/// (CPython never joins daemon threads; 2 s covers any unwind).
fn stop_threads(t: &mut Vm) {
    let alive: Vec<_> = lock(&t.interp.natives)
        .iter()
        .filter_map(|n| match n {
            Native::Thread(h) if h.is_alive() && h.tid() != t.ctx.tid() => Some(h.clone()),
            _ => None,
        })
        .collect();
    // Thread handles are shared with child processes: only this process's
    // own threads are stopped (a handle copied from the parent is not).
    let own: Vec<_> = alive.into_iter().filter(|h| t.owns_thread(h.tid())).collect();
    for h in &own {
        let _ = h.terminate(&t.ctx);
    }
    for _ in 0..2000 {
        if own.iter().all(|h| !h.is_alive()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// Waits (untraced) until every process of the run has ended: the run's
/// objects are freed only after that. A stop (abort) ends the wait.
pub fn wait_all_processes(t: &Vm) {
    loop {
        let alive = lock(&t.interp.procs.children).iter().any(|p| p.handle.is_alive());
        if !alive {
            return;
        }
        if t.ctx.check_stop().is_err() {
            for p in lock(&t.interp.procs.children).iter() {
                let _ = p.handle.terminate(&t.ctx);
            }
            for _ in 0..2000 {
                if !lock(&t.interp.procs.children).iter().any(|p| p.handle.is_alive()) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

impl Vm {
    /// Carries on from a forked thread's frames, with `os.fork()`
    /// returning 0.
    pub(crate) fn resume_forked(&mut self, s: ForkedStack) -> PyResult<Value> {
        self.stack_origin = super::stack_addr();
        self.frame_serial = s.frames.iter().map(|f| f.id).max().unwrap_or(0);
        self.frames = s.frames;
        self.stack = s.stack;
        self.locals = s.locals;
        self.blocks = s.blocks;
        self.exc_info = s.exc_info;
        self.stack.push(Value::Int(0));
        self.run_frames(0)
    }

    /// Whether thread `tid` was started by this process.
    fn owns_thread(&self, tid: u32) -> bool {
        lock(&self.interp.own_threads).contains(&tid)
    }
}
