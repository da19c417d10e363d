//! `_thread`: the native half of `threading` and `queue` (whose Python
//! halves are `modules/py/*.py`, compiled at import). Every object here is
//! the core's traced primitive, kept in the process's `Interp::natives`
//! table and named to Python by its index (a handle).

use crate::builtins::nargs;
use crate::error::{new_exc, type_error, Exc, ExcKind, PyResult};
use crate::output::Stream;
use crate::value::{Kwargs, ModuleNative, Value};
use crate::vm::Vm;
use lockstep_core::run::{Error as CoreError, PyError, ThreadHandle};
use lockstep_core::sync::{Barrier, Event, Lock, RLock, Semaphore};

#[derive(Clone)]
pub enum Native {
    Thread(ThreadHandle),
    Lock(Lock),
    RLock(RLock),
    Event(Event),
    Sem(Semaphore),
    Barrier(Barrier),
    /// `multiprocessing`'s objects (`modules/mp.rs`).
    Proc(std::sync::Arc<crate::vm::ProcInfo>),
    Cells(std::sync::Arc<super::mp::Cells>),
    Queue(lockstep_core::sync::Queue<super::mp::Item>),
    /// A pool as the trace shows it (`multiprocessing.pool` does the work
    /// in Python): its object and the next task's index.
    Pool(
        lockstep_core::trace::ObjId,
        std::sync::Arc<std::sync::atomic::AtomicI64>,
    ),
}

/// Python's thread idents are large numbers; ours are the core's thread id
/// made to look like one (never 0, distinct per thread).
pub fn ident_of(tid: u32) -> i64 {
    140_000_000_000_000 + (tid as i64) * 4096
}

pub fn create(_vm: &mut Vm) -> Value {
    super::build(
        "_thread",
        ModuleNative::None,
        &[
            ("start", start),
            ("join", join),
            ("is_alive", is_alive),
            ("ident", ident),
            ("get_ident", get_ident),
            ("print_exc", print_exc),
            ("lock", new_lock),
            ("rlock", new_rlock),
            ("acquire", acquire),
            ("release", release),
            ("locked", locked),
            ("owned", owned),
            ("release_all", release_all),
            ("event", new_event),
            ("event_set", event_set),
            ("event_clear", event_clear),
            ("event_is_set", event_is_set),
            ("event_wait", event_wait),
            ("semaphore", new_sem),
            ("sem_value", sem_value),
            ("barrier", new_barrier),
            ("barrier_wait", barrier_wait),
            ("gil_enabled", gil_enabled),
            ("setattr_raw", setattr_raw),
            ("hidden", hidden),
            ("name_next", name_next),
            ("pool", new_pool),
            ("pool_event", pool_event),
        ],
        vec![],
    )
}

pub fn core_err(e: CoreError) -> Exc {
    match e {
        CoreError::Stop(s) => Exc::Stop(s),
        CoreError::Py(p) => match p {
            PyError::ValueError(m) => new_exc(ExcKind::ValueError, m),
            PyError::RuntimeError(m) => new_exc(ExcKind::RuntimeError, m),
            other => new_exc(ExcKind::RuntimeError, other.to_string()),
        },
    }
}

pub(crate) fn int_arg(a: &[Value], i: usize) -> PyResult<i64> {
    match a.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        Some(Value::Bool(b)) => Ok(*b as i64),
        _ => Err(type_error("an integer is required")),
    }
}

pub(crate) fn get(vm: &Vm, a: &[Value]) -> PyResult<Native> {
    let h = int_arg(a, 0)?;
    crate::heap::lock(&vm.interp.natives)
        .get(h as usize)
        .cloned()
        .ok_or_else(|| type_error("bad handle"))
}

pub(crate) fn put(vm: &Vm, n: Native) -> Value {
    let mut t = crate::heap::lock(&vm.interp.natives);
    t.push(n);
    Value::Int(t.len() as i64 - 1)
}

/// A timeout argument: `None` or negative = forever.
pub(crate) fn timeout_arg(vm: &mut Vm, a: &[Value], i: usize) -> PyResult<Option<f64>> {
    match a.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let t = crate::modules::time::checked_seconds(vm, v)?;
            Ok((t >= 0.0).then_some(t))
        }
    }
}

fn name_arg(vm: &mut Vm, a: &[Value], i: usize, default: &'static str) -> PyResult<String> {
    match a.get(i) {
        Some(v @ Value::Str(_)) => vm.to_str(v),
        _ => Ok(vm.object_name(default)),
    }
}

/// `start(fn, name)`: a new lesson thread on its own worker, with its own
/// `Vm` over this process's `Interp`, running `fn()` under the GIL.
fn start(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("start", &a, 2, 2)?;
    let f = a[0].clone();
    let name = vm.to_str(&a[1])?;
    let interp = vm.interp.clone();
    let tname = name.clone();
    let h = vm
        .ctx
        .spawn(Some(&name), move |c| {
            let heap = interp.heap.clone();
            crate::heap::set_current(Some(heap));
            let mut t = Vm::new(interp, c.clone());
            if t.gil_acquire().is_ok() {
                let r = t.call_value(&f, vec![], vec![]);
                if let Err(Exc::Raise(e)) = r {
                    // The bootstrap catches everything; this is a backstop.
                    let text = crate::traceback::format_exception(&mut t, &e);
                    let _ = t.write(Stream::Stderr, &format!("Exception in thread {tname}:\n{text}"));
                }
            }
            t.gil_release_final();
            drop(f);
            drop(t);
            crate::heap::set_current(None);
            Ok(())
        })
        .map_err(core_err)?;
    crate::heap::lock(&vm.interp.own_threads).push(h.tid());
    Ok(put(vm, Native::Thread(h)))
}

fn join(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Native::Thread(h) = get(vm, &a)? else {
        return Err(type_error("not a thread"));
    };
    let t = timeout_arg(vm, &a, 1)?;
    let r = vm.blocking(|c| h.join_with(c, t))?.map_err(core_err)?;
    Ok(Value::Bool(r))
}

fn is_alive(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Native::Thread(h) = get(vm, &a)? else {
        return Err(type_error("not a thread"));
    };
    Ok(Value::Bool(h.is_alive()))
}

fn ident(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Native::Thread(h) = get(vm, &a)? else {
        return Err(type_error("not a thread"));
    };
    Ok(Value::Int(ident_of(h.tid())))
}

fn get_ident(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(ident_of(vm.ctx.tid())))
}

/// `setattr_raw(obj, name, value)`: stores an instance attribute without
/// its class's `__setattr__` (what `object.__setattr__` does; `Thread`
/// uses it to refuse `daemon` on a started thread).
fn setattr_raw(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("setattr_raw", &a, 3, 3)?;
    match (&a[0], &a[1]) {
        (Value::Instance(i), Value::Str(n)) => {
            let old = crate::heap::lock(&i.attrs).set(n.clone(), a[2].clone());
            drop(old);
            let _ = vm;
            Ok(Value::None)
        }
        _ => Err(type_error("setattr_raw: an instance and a str")),
    }
}

fn gil_enabled(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(vm.interp.gil.enabled))
}

/// `print_exc(name, exc)`: CPython's `Exception in thread NAME:` report.
fn print_exc(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("print_exc", &a, 2, 2)?;
    let name = vm.to_str(&a[0])?;
    let text = crate::traceback::format_exception(vm, &a[1]);
    vm.interp.out.flush();
    vm.write(Stream::Stderr, &format!("Exception in thread {name}:\n{text}"))?;
    if let Some(last) = text.lines().last() {
        vm.ctx.uncaught(last);
    }
    Ok(Value::None)
}

/// `hidden(on)`: objects made until `hidden(False)` are the runtime's own
/// (see `vm/naming.rs`). Nests; per thread.
fn hidden(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    if a.first().map(|v| vm.truthy(v)).transpose()?.unwrap_or(false) {
        vm.hidden += 1;
    } else {
        vm.hidden = vm.hidden.saturating_sub(1);
    }
    Ok(Value::None)
}

/// `name_next(template)`: the next object this thread makes is called
/// `template` with `%s` replaced by the name of what the learner is
/// assigning (`%s.get_lock()` for a Value's lock).
fn name_next(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("name_next", &a, 1, 1)?;
    vm.next_name = Some(vm.to_str(&a[0])?);
    Ok(Value::None)
}

/// `pool(size)`: the object a pool's events are recorded on.
fn new_pool(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let size = int_arg(&a, 0)?;
    let name = vm.object_name("Pool");
    let id = vm
        .ctx
        .new_object(lockstep_core::trace::ObjKind::Pool, &name, size);
    Ok(put(vm, Native::Pool(id, Default::default())))
}

/// `pool_event(h, what, index)`: records what a pool did, as the core's
/// own pool records it. `what`: "submit" (returns the new task's index;
/// call it before the task can be taken), "begin", "end", "fail" (a task
/// on the worker running it), "close", "terminate", "join" (waiting),
/// "joined".
fn pool_event(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    use lockstep_core::trace::{Op, Phase};
    nargs("pool_event", &a, 3, 3)?;
    let Native::Pool(id, next) = get(vm, &a)? else {
        return Err(type_error("not a pool"));
    };
    let what = vm.to_str(&a[1])?;
    let index = int_arg(&a, 2)?;
    let (op, phase, value) = match what.as_str() {
        "submit" => (
            Op::Submit,
            Phase::Done,
            next.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
        ),
        "begin" => (Op::Task, Phase::Begin, index),
        "end" => (Op::Task, Phase::End, index),
        "fail" => (Op::Task, Phase::Failed, index),
        "close" => (Op::Close, Phase::Done, 0),
        "terminate" => (Op::Terminate, Phase::Done, 0),
        "join" => (Op::WaitAll, Phase::Request, 0),
        "joined" => (Op::WaitAll, Phase::Done, 0),
        _ => return Err(type_error(format!("unknown pool event {what:?}"))),
    };
    vm.ctx.checkpoint().map_err(|s| core_err(s.into()))?;
    vm.ctx.emit(id, op, phase, value, 0);
    Ok(Value::Int(value))
}

fn new_lock(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let name = name_arg(vm, &a, 0, "Lock")?;
    let l = Lock::new(&vm.ctx, &name);
    Ok(put(vm, Native::Lock(l)))
}

fn new_rlock(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let name = name_arg(vm, &a, 0, "RLock")?;
    let l = RLock::new(&vm.ctx, &name);
    Ok(put(vm, Native::RLock(l)))
}

/// `acquire(h, blocking, timeout)` for locks and semaphores.
fn acquire(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let n = get(vm, &a)?;
    let blocking = match a.get(1) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let t = timeout_arg(vm, &a, 2)?;
    // A free lock is taken without letting go of the GIL (`try_acquire`,
    // atomic: checking `locked()` first would race with a waiter that
    // takes it without the GIL, and then block while holding the GIL).
    // Only a real wait lets the GIL go.
    let r = match &n {
        Native::Lock(l) => match l.try_acquire(&vm.ctx).map_err(core_err)? {
            true => Ok(true),
            false if !blocking => l.acquire_with(&vm.ctx, false, t),
            false => vm.blocking(|c| l.acquire_with(c, true, t))?,
        },
        Native::RLock(l) => match l.try_acquire(&vm.ctx).map_err(core_err)? {
            true => Ok(true),
            false if !blocking => l.acquire_with(&vm.ctx, false, t),
            false => vm.blocking(|c| l.acquire_with(c, true, t))?,
        },
        Native::Sem(s) => match s.try_acquire(&vm.ctx).map_err(core_err)? {
            true => Ok(true),
            false if !blocking => s.acquire_with(&vm.ctx, false, t),
            false => vm.blocking(|c| s.acquire_with(c, true, t))?,
        },
        _ => return Err(type_error("not a lock")),
    };
    Ok(Value::Bool(r.map_err(core_err)?))
}

fn release(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let r = match get(vm, &a)? {
        Native::Lock(l) => l.release(&vm.ctx),
        Native::RLock(l) => l.release(&vm.ctx),
        Native::Sem(s) => s.release(&vm.ctx),
        _ => return Err(type_error("not a lock")),
    };
    r.map_err(core_err)?;
    Ok(Value::None)
}

fn locked(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(match get(vm, &a)? {
        Native::Lock(l) => l.locked(),
        Native::RLock(l) => l.locked(),
        _ => return Err(type_error("not a lock")),
    }))
}

/// Whether the calling thread holds the lock (`Condition._is_owned`).
fn owned(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let me = Some(vm.ctx.tid());
    Ok(Value::Bool(match get(vm, &a)? {
        Native::Lock(l) => l.holder().0 == me,
        Native::RLock(l) => l.holder().0 == me,
        _ => return Err(type_error("not a lock")),
    }))
}

/// Releases an RLock completely; returns its count (`_release_save`).
fn release_all(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Native::RLock(l) = get(vm, &a)? else {
        return Err(type_error("not an RLock"));
    };
    let (o, n) = l.holder();
    if o != Some(vm.ctx.tid()) {
        return Err(new_exc(ExcKind::RuntimeError, "cannot release un-acquired lock"));
    }
    for _ in 0..n {
        l.release(&vm.ctx).map_err(core_err)?;
    }
    Ok(Value::Int(n as i64))
}

fn new_event(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let name = name_arg(vm, &a, 0, "Event")?;
    let e = Event::new(&vm.ctx, &name);
    Ok(put(vm, Native::Event(e)))
}

fn event_of(vm: &Vm, a: &[Value]) -> PyResult<Event> {
    match get(vm, a)? {
        Native::Event(e) => Ok(e),
        _ => Err(type_error("not an event")),
    }
}

fn event_set(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    event_of(vm, &a)?.set(&vm.ctx).map_err(core_err)?;
    Ok(Value::None)
}
fn event_clear(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    event_of(vm, &a)?.clear(&vm.ctx).map_err(core_err)?;
    Ok(Value::None)
}
fn event_is_set(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(event_of(vm, &a)?.is_set()))
}
fn event_wait(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let e = event_of(vm, &a)?;
    // As CPython's Event.wait: a set event answers before the timeout is
    // looked at (so `wait(2**63)` is True, not OverflowError).
    let r = if e.is_set() {
        e.wait(&vm.ctx, None)
    } else {
        let t = timeout_arg(vm, &a, 1)?;
        vm.blocking(|c| e.wait(c, t))?
    };
    Ok(Value::Bool(r.map_err(core_err)?))
}

/// `semaphore(value, bounded, name)`
fn new_sem(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let v = int_arg(&a, 0)?;
    if v < 0 {
        return Err(new_exc(
            ExcKind::ValueError,
            "semaphore initial value must be >= 0",
        ));
    }
    let bounded = match a.get(1) {
        Some(b) => vm.truthy(b)?,
        None => false,
    };
    let name = name_arg(vm, &a, 2, if bounded { "BoundedSemaphore" } else { "Semaphore" })?;
    let s = Semaphore::new(&vm.ctx, &name, v as u64, bounded);
    Ok(put(vm, Native::Sem(s)))
}

fn sem_value(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Native::Sem(s) = get(vm, &a)? else {
        return Err(type_error("not a semaphore"));
    };
    Ok(Value::Int(s.value() as i64))
}

fn new_barrier(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let n = int_arg(&a, 0)?;
    if n < 1 {
        return Err(new_exc(ExcKind::ValueError, "parties must be > 0"));
    }
    let name = name_arg(vm, &a, 1, "Barrier")?;
    let b = Barrier::new(&vm.ctx, &name, n as usize);
    Ok(put(vm, Native::Barrier(b)))
}

fn barrier_wait(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Native::Barrier(b) = get(vm, &a)? else {
        return Err(type_error("not a barrier"));
    };
    let r = vm.blocking(|c| b.wait(c))?.map_err(core_err)?;
    Ok(Value::Int(r as i64))
}
