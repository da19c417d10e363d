//! `_mp`: the native half of `multiprocessing` and `os` (whose Python half
//! is `modules/py/multiprocessing.py`). Processes are `vm/process.rs`'s;
//! the objects here are the ones processes really share: typed shared
//! memory (`Value`, `Array`) and queues whose items are copied across, as
//! pickling copies them.

use super::thread::{core_err, get, int_arg, put, timeout_arg, Native};
use crate::builtins::nargs;
use crate::error::{new_exc, type_error, Exc, ExcKind, PyResult};
use crate::heap::lock;
use crate::value::{Kwargs, ModuleNative, Value};
use crate::vm::{Vm, NO_EXIT};
use lockstep_core::run::{Error as CoreError, PyError};
use lockstep_core::trace::{ObjKind, Op, Phase};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

pub fn create(_vm: &mut Vm) -> Value {
    super::build(
        "_mp",
        ModuleNative::None,
        &[
            ("start", start),
            ("join", join),
            ("is_alive", is_alive),
            ("terminate", terminate),
            ("exitcode", exitcode),
            ("pid", pid),
            ("getpid", getpid),
            ("getppid", getppid),
            ("fork", fork),
            ("wait", wait),
            ("exit_now", exit_now),
            ("share", share),
            ("cells", new_cells),
            ("cell_get", cell_get),
            ("cell_set", cell_set),
            ("cell_len", cell_len),
            ("queue", new_queue),
            ("q_put", q_put),
            ("tq_put", tq_put),
            ("tq_get", tq_get),
            ("q_get", q_get),
            ("q_size", q_size),
            ("q_task_done", q_task_done),
            ("q_join", q_join),
        ],
        vec![("cpu_count", Value::Int(cpus()))],
    )
}

/// The machine's cores (the browser's `hardwareConcurrency` is not
/// reachable from here; 4 there, a common laptop's count).
pub(crate) fn cpus() -> i64 {
    std::thread::available_parallelism()
        .map(|n| n.get() as i64)
        .unwrap_or(4)
}

fn proc_of(vm: &Vm, a: &[Value]) -> PyResult<Arc<crate::vm::ProcInfo>> {
    match get(vm, a)? {
        Native::Proc(p) => Ok(p),
        _ => Err(type_error("not a process")),
    }
}

/// `start(bootstrap, name, daemon)`: a child process running `bootstrap`
/// (the copy of it, in the copy of this process).
fn start(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("start", &a, 3, 3)?;
    let name = vm.to_str(&a[1])?;
    let daemon = vm.truthy(&a[2])?;
    let info = crate::vm::process::spawn(vm, &name, daemon, Some(&a[0]))?;
    Ok(put(vm, Native::Proc(info)))
}

fn join(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let p = proc_of(vm, &a)?;
    let t = timeout_arg(vm, &a, 1)?;
    let r = vm.blocking(|c| p.handle.join_with(c, t))?.map_err(core_err)?;
    Ok(Value::Bool(r))
}

fn is_alive(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(proc_of(vm, &a)?.handle.is_alive()))
}

/// `terminate(h, signal)`: 15 for `terminate()`, 9 for `kill()` (both stop
/// the process at its next traced point; only the exit code differs).
fn terminate(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let p = proc_of(vm, &a)?;
    if p.handle.is_alive() {
        p.signal.store(int_arg(&a, 1).unwrap_or(15), Ordering::Release);
        p.handle.terminate(&vm.ctx).map_err(core_err)?;
    }
    Ok(Value::None)
}

/// The exit code once the process has ended (`None` while it runs).
fn exitcode(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let p = proc_of(vm, &a)?;
    if p.handle.is_alive() {
        return Ok(Value::None);
    }
    Ok(match p.exitcode.load(Ordering::Acquire) {
        NO_EXIT => Value::None,
        -15 => Value::Int(-p.signal.load(Ordering::Acquire)),
        c => Value::Int(c),
    })
}

fn pid(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(proc_of(vm, &a)?.pid))
}

pub(crate) fn getpid(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.pid))
}

pub(crate) fn getppid(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.ppid))
}

/// `os.fork()`: the child carries on from here with a copy of this
/// process and gets 0; the parent gets the child's pid.
pub(crate) fn fork(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("fork", &a, 0, 0)?;
    let name = format!("Fork-{}", vm.ctx.next_name("Fork"));
    let info = crate::vm::process::spawn(vm, &name, false, None)?;
    Ok(Value::Int(info.pid))
}

/// `os.waitpid(pid)` (`-1`: any child; `os.wait()`): blocks until that
/// child of this process ends; returns `(pid, status)` with the exit code
/// in the status's high byte, as POSIX encodes it. Each child is reaped
/// once.
pub(crate) fn wait(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("waitpid", &a, 1, 1)?;
    let want = int_arg(&a, 0)?;
    let me = vm.interp.pid;
    loop {
        let mine: Vec<_> = lock(&vm.interp.procs.children)
            .iter()
            .filter(|p| p.ppid == me && !p.mp && (want == -1 || p.pid == want))
            .cloned()
            .collect();
        let reaped = lock(&vm.interp.reaped).clone();
        let waiting: Vec<_> = mine.into_iter().filter(|p| !reaped.contains(&p.pid)).collect();
        if waiting.is_empty() {
            return Err(new_exc(
                ExcKind::ChildProcessError,
                "[Errno 10] No child processes",
            ));
        }
        if let Some(p) = waiting.iter().find(|p| !p.handle.is_alive()) {
            lock(&vm.interp.reaped).push(p.pid);
            let code = p.exitcode.load(Ordering::Acquire);
            let status = if code < 0 {
                (-code) & 0x7f
            } else {
                (code & 0xff) << 8
            };
            return Value::try_tuple(vec![Value::Int(p.pid), Value::Int(status)])
                .ok_or_else(crate::error::memory_error);
        }
        // Wait for the first of them, traced as a join, then look again.
        let h = waiting[0].handle.clone();
        let t = if waiting.len() > 1 { Some(0.01) } else { None };
        vm.blocking(|c| h.join_with(c, t))?.map_err(core_err)?;
    }
}

/// `os._exit(n)`: ends this process now, without cleanup handlers.
pub(crate) fn exit_now(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("_exit", &a, 1, 1)?;
    let code = int_arg(&a, 0)? & 0xff;
    vm.interp.exit_now.store(code, Ordering::Release);
    vm.interp.out.flush();
    Err(Exc::Stop(lockstep_core::run::Stop::Terminated))
}

/// `share(handle)`: marks a `_thread` object as made by multiprocessing,
/// so child processes share it instead of copying it.
fn share(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let h = int_arg(&a, 0)? as usize;
    lock(&vm.interp.shared_natives).push(h);
    Ok(a[0].clone())
}

/// Typed shared memory: `Value` is one cell, `Array` many. Each element
/// is a traced object (registered on first use, named `NAME[i]`), so a
/// `v.value += 1` without the lock is a load and a store a step can
/// split, as for a global.
pub struct Cells {
    name: String,
    /// A `Value` (its one cell is `NAME.value`), not an `Array`.
    value: bool,
    typecode: char,
    items: Mutex<Vec<Value>>,
    objs: Box<[AtomicU32]>,
}

impl Cells {
    /// Element `i`'s traced object. Called under the items' lock; the
    /// first use registers it and records its current value as a store
    /// (the trace's "created", as a global's first assignment is), so an
    /// `Array` of a million elements costs nothing until they are used.
    fn obj(&self, vm: &Vm, i: usize, current: &Value) -> u32 {
        let o = self.objs[i].load(Ordering::Acquire);
        if o != 0 {
            return o - 1;
        }
        // What the learner writes: `v.value`, `arr[2]`.
        let name = if self.value {
            format!("{}.value", self.name)
        } else if self.objs.len() == 1 {
            self.name.clone()
        } else {
            format!("{}[{i}]", self.name)
        };
        let id = vm.ctx.new_object(ObjKind::Value, &name, 0);
        self.objs[i].store(id + 1, Ordering::Release);
        let v = crate::vm::trace_value(current);
        vm.ctx.emit_at(id, Op::Store, Phase::Done, v, i64::MIN, 0);
        id
    }
}

/// A value converted to the ctypes type `typecode` (C ints wrap).
fn coerce(vm: &mut Vm, typecode: char, v: &Value) -> PyResult<Value> {
    let bits = match typecode {
        'b' | 'B' => 8,
        'h' | 'H' => 16,
        'i' | 'I' | 'l' | 'L' => 32,
        'q' | 'Q' => 64,
        'f' | 'd' => {
            return match v {
                Value::Float(_) => Ok(v.clone()),
                Value::Int(i) => Ok(Value::Float(*i as f64)),
                Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
                _ => Err(type_error(format!(
                    "must be real number, not {}",
                    vm.type_name(v)
                ))),
            }
        }
        _ => return Err(type_error(format!("unsupported typecode '{typecode}'"))),
    };
    let n = match v {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Float(_) => return Err(type_error("'float' object cannot be interpreted as an integer")),
        _ => {
            return Err(type_error(format!(
                "an integer is required (got type {})",
                vm.type_name(v)
            )))
        }
    };
    let unsigned = typecode.is_ascii_uppercase();
    let n = if bits == 64 {
        n
    } else if unsigned {
        n & ((1i64 << bits) - 1)
    } else {
        let shift = 64 - bits;
        (n << shift) >> shift
    };
    Ok(Value::Int(n))
}

/// `cells(name, typecode, init)`: `init` a list of initial values.
fn new_cells(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("cells", &a, 3, 3)?;
    let kind = static_kind(&vm.to_str(&a[0])?);
    let name = vm.object_name(kind);
    let tc = vm.to_str(&a[1])?;
    let mut chars = tc.chars();
    let (Some(typecode), None) = (chars.next(), chars.next()) else {
        return Err(type_error(format!("unsupported typecode {tc:?}")));
    };
    let init = vm.collect(&a[2])?;
    let mut items = Vec::with_capacity(init.len());
    for v in &init {
        items.push(coerce(vm, typecode, v)?);
    }
    let objs = (0..items.len()).map(|_| AtomicU32::new(0)).collect();
    let c = Cells {
        value: kind == "Value",
        name,
        typecode,
        items: Mutex::new(items),
        objs,
    };
    Ok(put(vm, Native::Cells(Arc::new(c))))
}

fn cells_of(vm: &Vm, a: &[Value]) -> PyResult<Arc<Cells>> {
    match get(vm, a)? {
        Native::Cells(c) => Ok(c),
        _ => Err(type_error("not shared memory")),
    }
}

fn index(c: &Cells, a: &[Value]) -> PyResult<usize> {
    let n = lock(&c.items).len() as i64;
    let i = int_arg(a, 1)?;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(new_exc(ExcKind::IndexError, "invalid index"));
    }
    Ok(j as usize)
}

/// `cell_get(h, i)`: a traced load of element `i`.
fn cell_get(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let c = cells_of(vm, &a)?;
    let i = index(&c, &a)?;
    vm.ctx.checkpoint().map_err(Exc::Stop)?;
    let pos = vm.current_pos();
    let items = lock(&c.items);
    let obj = c.obj(vm, i, &items[i]);
    let v = items[i].clone();
    vm.ctx
        .emit_at(obj, Op::Load, Phase::Done, crate::vm::trace_value(&v), 0, pos);
    Ok(v)
}

/// `cell_set(h, i, v)`: a traced store to element `i`.
fn cell_set(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("cell_set", &a, 3, 3)?;
    let c = cells_of(vm, &a)?;
    let i = index(&c, &a)?;
    let v = coerce(vm, c.typecode, &a[2])?;
    vm.ctx.checkpoint().map_err(Exc::Stop)?;
    let pos = vm.current_pos();
    let mut items = lock(&c.items);
    let obj = c.obj(vm, i, &items[i]);
    let old = std::mem::replace(&mut items[i], v.clone());
    vm.ctx.emit_at(
        obj,
        Op::Store,
        Phase::Done,
        crate::vm::trace_value(&v),
        crate::vm::trace_value(&old),
        pos,
    );
    Ok(Value::None)
}

fn cell_len(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let c = cells_of(vm, &a)?;
    let n = lock(&c.items).len();
    Ok(Value::Int(n as i64))
}

/// A queue item: the value as it travels (copied at `put`, rebound at
/// `get`; `queue.Queue`'s are not copied). The trace shows it as a global's
/// value is shown.
pub struct Item(Value);

impl lockstep_core::sync::Item for Item {
    fn trace_value(&self) -> i64 {
        crate::vm::trace_value(&self.0)
    }
}

/// The kind names multiprocessing.py gives its objects, as `'static`.
fn static_kind(s: &str) -> &'static str {
    ["Queue", "Pipe", "Value", "Array", "Barrier"]
        .into_iter()
        .find(|k| *k == s)
        .unwrap_or("Object")
}

/// `queue(name, maxsize)`: a traced queue between processes.
fn new_queue(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("queue", &a, 2, 2)?;
    let kind = static_kind(&vm.to_str(&a[0])?);
    let name = vm.object_name(kind);
    let maxsize = int_arg(&a, 1)?;
    let q = lockstep_core::sync::Queue::new(&vm.ctx, &name, maxsize);
    Ok(put(vm, Native::Queue(q)))
}

fn queue_of(vm: &Vm, a: &[Value]) -> PyResult<lockstep_core::sync::Queue<Item>> {
    match get(vm, a)? {
        Native::Queue(q) => Ok(q),
        _ => Err(type_error("not a queue")),
    }
}

/// Whether a core error is the queue's Full / Empty (then `Ok(false)`).
fn full_or_empty(r: Result<(), CoreError>) -> PyResult<bool> {
    match r {
        Ok(()) => Ok(true),
        Err(CoreError::Py(PyError::Full | PyError::Empty)) => Ok(false),
        Err(e) => Err(core_err(e)),
    }
}

/// `q_put(h, item, block, timeout)`: False if full. The item is copied,
/// as pickling would (a queue between processes).
fn q_put(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("q_put", &a, 4, 4)?;
    let item = crate::vm::fork::transfer(vm, &a[1])?;
    put_item(vm, &a, item)
}

/// `tq_put(h, item, block, timeout)`: as `q_put` for `queue.Queue`, whose
/// items are the objects themselves (threads share them).
fn tq_put(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("tq_put", &a, 4, 4)?;
    let item = a[1].clone();
    put_item(vm, &a, item)
}

fn put_item(vm: &mut Vm, a: &[Value], item: Value) -> PyResult<Value> {
    let q = queue_of(vm, a)?;
    let block = vm.truthy(&a[2])?;
    let t = timeout_arg(vm, a, 3)?;
    let r = if block {
        vm.blocking(|c| q.put_with(c, Item(item), true, t))?
    } else {
        q.put_with(&vm.ctx, Item(item), false, None)
    };
    Ok(Value::Bool(full_or_empty(r)?))
}

/// `q_get(h, block, timeout)`: `(True, item)`, or `(False, None)` if empty.
fn q_get(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("q_get", &a, 3, 3)?;
    get_item(vm, &a, true)
}

/// `tq_get(h, block, timeout)`: as `q_get`, the item not copied.
fn tq_get(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("tq_get", &a, 3, 3)?;
    get_item(vm, &a, false)
}

fn get_item(vm: &mut Vm, a: &[Value], copied: bool) -> PyResult<Value> {
    let q = queue_of(vm, a)?;
    let block = vm.truthy(&a[1])?;
    let t = timeout_arg(vm, a, 2)?;
    let r = if block && q.qsize() == 0 {
        vm.blocking(|c| q.get_with(c, true, t))?
    } else {
        match q.get_with(&vm.ctx, false, None) {
            Err(CoreError::Py(PyError::Empty)) if block => vm.blocking(|c| q.get_with(c, true, t))?,
            r => r,
        }
    };
    let (ok, v) = match r {
        Ok(Item(v)) if copied => (true, crate::vm::fork::receive(vm, &v)?),
        Ok(Item(v)) => (true, v),
        Err(e) => {
            full_or_empty(Err(e))?;
            (false, Value::None)
        }
    };
    Value::try_tuple(vec![Value::Bool(ok), v]).ok_or_else(crate::error::memory_error)
}

fn q_size(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let q = queue_of(vm, &a)?;
    Ok(Value::Int(q.qsize_traced(&vm.ctx).map_err(Exc::Stop)? as i64))
}

fn q_task_done(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let q = queue_of(vm, &a)?;
    q.task_done(&vm.ctx).map_err(core_err)?;
    Ok(Value::None)
}

fn q_join(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let q = queue_of(vm, &a)?;
    vm.blocking(|c| q.join(c))?.map_err(core_err)?;
    Ok(Value::None)
}
