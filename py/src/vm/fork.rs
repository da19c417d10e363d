//! Copies of a process's objects: for a child process (fork semantics,
//! `Process.start()` and `os.fork()`), and for values that cross between
//! processes through a `multiprocessing` queue or pipe (pickle semantics).
//!
//! Rust cannot fork a Web Worker, so a child process is a new `Interp` whose
//! globals, modules and (for `os.fork`) the calling thread's frames are a
//! deep copy of the parent's, made by one walk with a memo over the object
//! graph: shared references stay shared and cycles stay cycles, as in a
//! forked address space. Immutable values are shared, not copied (nothing
//! can tell). The walk is iterative for containers (a shell is made and
//! memoised first, filled later), so a list nested 100,000 deep copies in
//! constant Rust stack; only tuples and class bases recurse, bounded.
//!
//! Pickle semantics differ in one way: functions and classes travel by
//! name. A value put in a queue is copied at `put` (later mutation by the
//! sender does not show) with functions and classes kept, and the receiver
//! rebinds them at `get` to its own globals of the same name.

use crate::bytecode::Globals;
use crate::error::{memory_error, new_exc, ExcKind, OrMemory, PyResult};
use crate::heap::{lock, HeapTag, WeakObj};
use crate::value::{
    AttrMap, BoundMethod, Builtin, Cell, Class, DictMap, DictView, Function, Instance, IterObj, IterState,
    Module, ModuleNative, SetTable, TypeKind, Value,
};
use crate::vm::{Frame, FrameKind, Interp, SavedFrame, Vm};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Tuples nested deeper than this (with something mutable inside) are
/// refused: their copy recurses.
const MAX_TUPLE_DEPTH: usize = 400;

#[derive(Clone)]
pub(crate) enum Mode {
    /// A child process: everything reachable is copied.
    Fork,
    /// Into a queue: functions and classes by reference.
    Transfer,
    /// Out of a queue into `Interp`: functions and classes found by name.
    Rebind(Arc<Interp>),
}

enum Fill {
    List(Arc<crate::value::List>, Arc<crate::value::List>),
    Instance(Arc<Instance>, Arc<Instance>),
    Class(Arc<Class>, Arc<Class>),
    Cell(Arc<Cell>, Arc<Cell>),
    Module(Arc<Module>, Arc<Module>),
    Globals(Arc<Globals>, Arc<Globals>),
    Iter(Arc<IterObj>, Arc<IterObj>),
}

pub(crate) struct Copier {
    mode: Mode,
    memo: HashMap<usize, Value>,
    cells: HashMap<usize, Arc<Cell>>,
    globals: HashMap<usize, Arc<Globals>>,
    work: Vec<Fill>,
    /// Dicts and sets, filled last: a copied key may hash differently
    /// (identity hashes), and user `__hash__` must see filled objects.
    tables: Vec<(Value, Value)>,
}

fn key<T>(a: &Arc<T>) -> usize {
    Arc::as_ptr(a) as *const u8 as usize
}

impl Copier {
    pub(crate) fn new(mode: Mode) -> Copier {
        Copier {
            mode,
            memo: HashMap::new(),
            cells: HashMap::new(),
            globals: HashMap::new(),
            work: Vec::new(),
            tables: Vec::new(),
        }
    }

    /// The copy of `v` (a shell for containers until `finish`).
    pub(crate) fn copy(&mut self, v: &Value) -> PyResult<Value> {
        self.copy_at(v, 0)
    }

    fn copy_at(&mut self, v: &Value, depth: usize) -> PyResult<Value> {
        let k = match v {
            Value::List(a) => key(a),
            Value::Tuple(a) => key(a),
            Value::Dict(a) => key(a),
            Value::Set(a) => key(a),
            Value::Func(a) => key(a),
            Value::Method(a) => key(a),
            Value::Builtin(a) => key(a),
            Value::Class(a) => key(a),
            Value::Instance(a) => key(a),
            Value::Module(a) => key(a),
            Value::View(a) => key(a),
            Value::Cell(a) => key(a),
            Value::Iter(a) => key(a),
            _ => return Ok(v.clone()),
        };
        if let Some(c) = self.memo.get(&k) {
            return Ok(c.clone());
        }
        let c = match v {
            Value::List(l) => {
                let n = Value::try_list(Vec::new()).or_mem()?;
                if let Value::List(nl) = &n {
                    self.work.push(Fill::List(l.clone(), nl.clone()));
                }
                n
            }
            Value::Dict(_) => {
                let n = Value::try_dict(DictMap::new()).or_mem()?;
                self.tables.push((v.clone(), n.clone()));
                n
            }
            Value::Set(s) => {
                let n = Value::try_set(SetTable::new(), s.frozen).or_mem()?;
                self.tables.push((v.clone(), n.clone()));
                n
            }
            Value::Tuple(t) => {
                if depth > MAX_TUPLE_DEPTH {
                    return Err(new_exc(
                        ExcKind::RecursionError,
                        "maximum recursion depth exceeded while copying an object",
                    ));
                }
                let mut items = Vec::with_capacity(t.items.len());
                let mut same = true;
                for x in t.items.iter() {
                    let y = self.copy_at(x, depth + 1)?;
                    same &= y.is(x);
                    items.push(y);
                }
                if same {
                    v.clone()
                } else {
                    Value::try_tuple(items).or_mem()?
                }
            }
            Value::Func(f) => self.copy_func(v, f, depth)?,
            Value::Method(m) => {
                let func = self.copy_at(&m.func, depth + 1)?;
                let receiver = self.copy_at(&m.receiver, depth + 1)?;
                Value::Method(Arc::new(BoundMethod { func, receiver }))
            }
            Value::Builtin(b) if !matches!(b.receiver, Value::Null) => {
                let receiver = self.copy_at(&b.receiver, depth + 1)?;
                Value::Builtin(Arc::new(Builtin {
                    name: b.name,
                    f: b.f,
                    receiver,
                    fast1: b.fast1,
                }))
            }
            Value::Class(c) => Value::Class(self.copy_class(c, depth)?),
            Value::Instance(i) => {
                if !matches!(self.mode, Mode::Fork) {
                    refuse_pickling(i)?;
                }
                let class = self.copy_class(&i.class, depth)?;
                let tag = HeapTag::new(96).or_mem()?;
                let n = Arc::new(Instance {
                    class,
                    attrs: Mutex::new(AttrMap::default()),
                    exc: i.exc.as_ref().map(|_| Mutex::new(Default::default())),
                    tag,
                    sharing: Default::default(),
                });
                if let Some(h) = n.tag.heap() {
                    h.register(WeakObj::Instance(Arc::downgrade(&n)));
                }
                self.work.push(Fill::Instance(i.clone(), n.clone()));
                Value::Instance(n)
            }
            Value::Module(m) if matches!(self.mode, Mode::Fork) => {
                let native = match &m.native {
                    // Reseeded in the child (`reseed`), as CPython's random
                    // does after a fork.
                    ModuleNative::Random(_) => {
                        ModuleNative::Random(Box::new(Mutex::new(crate::modules::random::Mt::new(0))))
                    }
                    ModuleNative::None => ModuleNative::None,
                };
                let n = Arc::new(Module {
                    name: m.name.clone(),
                    attrs: Mutex::new(AttrMap::default()),
                    native,
                });
                self.work.push(Fill::Module(m.clone(), n.clone()));
                Value::Module(n)
            }
            Value::View(w) => {
                let d = self.copy_at(&Value::Dict(w.dict.clone()), depth + 1)?;
                match d {
                    Value::Dict(dict) => Value::View(Arc::new(DictView { dict, kind: w.kind })),
                    _ => v.clone(),
                }
            }
            Value::Cell(c) => Value::Cell(self.copy_cell(c)?),
            // An iterator's position is the process's own: `for i in
            // range(3): os.fork()` forks from each process's own loop.
            Value::Iter(it) => {
                if !matches!(self.mode, Mode::Fork) && matches!(*lock(&it.state), IterState::Gen { .. }) {
                    return Err(crate::error::type_error("cannot pickle 'generator' object"));
                }
                let n = Value::try_iter(IterState::Done).or_mem()?;
                if let Value::Iter(ni) = &n {
                    self.work.push(Fill::Iter(it.clone(), ni.clone()));
                }
                n
            }
            _ => v.clone(),
        };
        self.memo.insert(k, c.clone());
        Ok(c)
    }

    fn copy_func(&mut self, v: &Value, f: &Arc<Function>, depth: usize) -> PyResult<Value> {
        match &self.mode {
            Mode::Transfer => {
                // Pickled by name: a lambda or a nested function has none.
                let q = f.qualname.as_str();
                if q.contains('<') || q.contains('.') {
                    let last = q.rsplit('.').next().unwrap_or(q);
                    return Err(new_exc(
                        ExcKind::PicklingError,
                        format!(
                            "Can't pickle <function {q} at 0x{:x}>: attribute lookup {last} on __main__ failed",
                            v.id()
                        ),
                    ));
                }
                return Ok(v.clone());
            }
            Mode::Rebind(target) => return Ok(rebind_func(target, f).unwrap_or_else(|| v.clone())),
            Mode::Fork => {}
        }
        let mut defaults = Vec::with_capacity(f.defaults.len());
        for d in f.defaults.iter() {
            defaults.push(self.copy_at(d, depth + 1)?);
        }
        let mut kwdefaults = Vec::with_capacity(f.kwdefaults.len());
        for (n, d) in f.kwdefaults.iter() {
            kwdefaults.push((n.clone(), self.copy_at(d, depth + 1)?));
        }
        let mut closure = Vec::with_capacity(f.closure.len());
        for c in f.closure.iter() {
            closure.push(self.copy_cell(c)?);
        }
        let globals = self.copy_globals(&f.globals);
        Ok(Value::Func(Arc::new(Function {
            code: f.code.clone(),
            qualname: f.qualname.clone(),
            defaults: defaults.into_boxed_slice(),
            kwdefaults: kwdefaults.into_boxed_slice(),
            closure: closure.into_boxed_slice(),
            globals,
            tag: HeapTag::new(128).or_mem()?,
        })))
    }

    fn copy_class(&mut self, c: &Arc<Class>, depth: usize) -> PyResult<Arc<Class>> {
        if c.kind != TypeKind::User {
            return Ok(c.clone());
        }
        match &self.mode {
            Mode::Transfer => return Ok(c.clone()),
            Mode::Rebind(target) => return Ok(rebind_class(target, c).unwrap_or_else(|| c.clone())),
            Mode::Fork => {}
        }
        if let Some(Value::Class(n)) = self.memo.get(&key(c)) {
            return Ok(n.clone());
        }
        if depth > MAX_TUPLE_DEPTH {
            return Err(new_exc(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while copying a class",
            ));
        }
        let base = match &c.base {
            Some(b) => Some(self.copy_class(b, depth + 1)?),
            None => None,
        };
        let n = Arc::new(Class {
            name: c.name.clone(),
            qualname: c.qualname.clone(),
            base,
            dict: Mutex::new(AttrMap::default()),
            kind: c.kind,
            is_exc: c.is_exc,
            hooks: std::sync::atomic::AtomicU8::new(c.hooks.load(std::sync::atomic::Ordering::Relaxed)),
            tag: HeapTag::new(256).or_mem()?,
        });
        if let Some(h) = n.tag.heap() {
            h.register(WeakObj::Class(Arc::downgrade(&n)));
        }
        self.memo.insert(key(c), Value::Class(n.clone()));
        self.work.push(Fill::Class(c.clone(), n.clone()));
        Ok(n)
    }

    pub(crate) fn copy_cell(&mut self, c: &Arc<Cell>) -> PyResult<Arc<Cell>> {
        if let Some(n) = self.cells.get(&key(c)) {
            return Ok(n.clone());
        }
        let n = Value::new_cell(None).or_mem()?;
        self.cells.insert(key(c), n.clone());
        self.work.push(Fill::Cell(c.clone(), n.clone()));
        Ok(n)
    }

    /// The child's table of a module's globals (filled by `finish`).
    pub(crate) fn copy_globals(&mut self, g: &Arc<Globals>) -> Arc<Globals> {
        if let Some(n) = self.globals.get(&key(g)) {
            return n.clone();
        }
        let n = Globals::new(g.program.clone());
        n.traced
            .store(g.is_traced(), std::sync::atomic::Ordering::Relaxed);
        self.globals.insert(key(g), n.clone());
        self.work.push(Fill::Globals(g.clone(), n.clone()));
        n
    }

    /// Fills every shell, then the dicts and sets (rehashing changed keys).
    pub(crate) fn finish(&mut self, vm: &mut Vm) -> PyResult<()> {
        loop {
            while let Some(f) = self.work.pop() {
                self.fill(f)?;
            }
            let Some((from, to)) = self.tables.pop() else {
                break;
            };
            self.fill_table(vm, &from, &to)?;
        }
        Ok(())
    }

    fn copy_attrs(&mut self, from: &Mutex<AttrMap>, to: &Mutex<AttrMap>) -> PyResult<()> {
        let src: Vec<_> = lock(from).iter().cloned().collect();
        let mut out = AttrMap::default();
        for (n, v) in src {
            out.set(n, self.copy(&v)?);
        }
        *lock(to) = out;
        Ok(())
    }

    fn fill(&mut self, f: Fill) -> PyResult<()> {
        match f {
            Fill::List(a, b) => {
                let src = lock(&a.items).clone();
                let mut out = Vec::with_capacity(src.len());
                for x in &src {
                    out.push(self.copy(x)?);
                }
                if !b.tag.resize(crate::value::est_bytes(out.capacity())) {
                    return Err(memory_error());
                }
                *lock(&b.items) = out;
            }
            Fill::Instance(a, b) => {
                self.copy_attrs(&a.attrs, &b.attrs)?;
                if let (Some(ea), Some(eb)) = (&a.exc, &b.exc) {
                    let (args, traceback, context, cause, suppress) = {
                        let e = lock(ea);
                        (
                            e.args.clone(),
                            e.traceback.clone(),
                            e.context.clone(),
                            e.cause.clone(),
                            e.suppress_context,
                        )
                    };
                    let mut nargs = Vec::with_capacity(args.len());
                    for x in &args {
                        nargs.push(self.copy(x)?);
                    }
                    let context = match context {
                        Some(c) => Some(self.copy(&c)?),
                        None => None,
                    };
                    let cause = match cause {
                        Some(c) => Some(self.copy(&c)?),
                        None => None,
                    };
                    let mut e = lock(eb);
                    e.args = nargs;
                    e.traceback = traceback;
                    e.context = context;
                    e.cause = cause;
                    e.suppress_context = suppress;
                }
            }
            Fill::Class(a, b) => self.copy_attrs(&a.dict, &b.dict)?,
            Fill::Module(a, b) => self.copy_attrs(&a.attrs, &b.attrs)?,
            Fill::Cell(a, b) => {
                let v = lock(&a.value).clone();
                let v = match v {
                    Some(v) => Some(self.copy(&v)?),
                    None => None,
                };
                *lock(&b.value) = v;
            }
            Fill::Iter(a, b) => {
                let st = self.copy_iter_state(&lock(&a.state))?;
                *lock(&b.state) = st;
            }
            Fill::Globals(a, b) => {
                for (sa, sb) in a.slots.iter().zip(b.slots.iter()) {
                    let v = lock(sa).clone();
                    let v = match v {
                        Some(v) => Some(self.copy(&v)?),
                        None => None,
                    };
                    *lock(sb) = v;
                }
            }
        }
        Ok(())
    }

    fn fill_table(&mut self, vm: &mut Vm, from: &Value, to: &Value) -> PyResult<()> {
        match (from, to) {
            (Value::Dict(a), Value::Dict(b)) => {
                let src: Vec<_> = lock(&a.map).iter().cloned().collect();
                let mut map = DictMap::new();
                for e in src {
                    let k = self.copy(&e.key)?;
                    let v = self.copy(&e.value)?;
                    let h = if k.is(&e.key) { e.hash } else { vm.hash(&k)? };
                    map.push_new(h, k, v);
                }
                if !b.tag.resize(crate::value::est_bytes(map.capacity() * 2)) {
                    return Err(memory_error());
                }
                *lock(&b.map) = map;
            }
            (Value::Set(a), Value::Set(b)) => {
                let src: Vec<(i64, Value)> = lock(&a.table).iter().map(|(h, v)| (h, v.clone())).collect();
                let mut t = SetTable::new();
                for (h, x) in src {
                    let k = self.copy(&x)?;
                    let h = if k.is(&x) { h } else { vm.hash(&k)? };
                    t.add_new(h, k);
                }
                if !b.tag.resize(crate::value::est_bytes(t.capacity() * 2)) {
                    return Err(memory_error());
                }
                *lock(&b.table) = t;
            }
            _ => {}
        }
        Ok(())
    }

    /// A thread's frames, for `os.fork()`'s child (only the calling thread
    /// survives a fork). `None` if a frame above the first is a native
    /// re-entry (a sort key, `__str__`...): its Rust caller cannot be copied.
    pub(crate) fn copy_frames(&mut self, vm: &Vm) -> PyResult<Option<ForkedStack>> {
        if vm
            .frames
            .iter()
            .skip(1)
            .any(|f| matches!(f.kind, FrameKind::Native))
        {
            return Ok(None);
        }
        let mut frames = Vec::with_capacity(vm.frames.len());
        for f in &vm.frames {
            frames.push(self.copy_frame(f)?);
        }
        let mut stack = Vec::with_capacity(vm.stack.len());
        for v in &vm.stack {
            stack.push(self.copy(v)?);
        }
        let mut locals = Vec::with_capacity(vm.locals.len());
        for v in &vm.locals {
            locals.push(match v {
                Some(v) => Some(self.copy(v)?),
                None => None,
            });
        }
        let mut exc_info = Vec::with_capacity(vm.exc_info.len());
        for v in &vm.exc_info {
            exc_info.push(self.copy(v)?);
        }
        Ok(Some(ForkedStack {
            frames,
            stack,
            locals,
            blocks: vm.blocks.clone(),
            exc_info,
        }))
    }
}

impl Copier {
    fn copy_frame(&mut self, f: &Frame) -> PyResult<Frame> {
        let mut cells = Vec::with_capacity(f.cells.len());
        for c in &f.cells {
            cells.push(self.copy_cell(c)?);
        }
        let kind = match &f.kind {
            FrameKind::Normal => FrameKind::Normal,
            FrameKind::Native => FrameKind::Native,
            FrameKind::Init(v) => FrameKind::Init(self.copy(v)?),
            FrameKind::ClassBody { name, base } => FrameKind::ClassBody {
                name: name.clone(),
                base: match base {
                    Some(b) => Some(self.copy_class(b, 0)?),
                    None => None,
                },
            },
        };
        let ns = match &f.ns {
            Some(m) => {
                let mut out = AttrMap::default();
                for (n, v) in m.iter() {
                    out.set(n.clone(), self.copy(v)?);
                }
                Some(Box::new(out))
            }
            None => None,
        };
        Ok(Frame {
            code: f.code.clone(),
            pc: f.pc,
            stack_base: f.stack_base,
            locals_base: f.locals_base,
            blocks_base: f.blocks_base,
            cells,
            kind,
            id: f.id,
            ns,
            globals: self.copy_globals(&f.globals),
        })
    }

    fn copy_values(&mut self, vs: &[Value]) -> PyResult<Vec<Value>> {
        vs.iter().map(|v| self.copy(v)).collect()
    }

    /// An iterator's state over the copies of what it iterates.
    fn copy_iter_state(&mut self, st: &IterState) -> PyResult<IterState> {
        let list = |c: &mut Copier, l: &Arc<crate::value::List>| -> PyResult<Arc<crate::value::List>> {
            match c.copy(&Value::List(l.clone()))? {
                Value::List(n) => Ok(n),
                _ => Ok(l.clone()),
            }
        };
        Ok(match st {
            IterState::Done => IterState::Done,
            IterState::Range { cur, stop, step } => IterState::Range {
                cur: *cur,
                stop: *stop,
                step: *step,
            },
            IterState::List { list: l, idx } => IterState::List {
                list: list(self, l)?,
                idx: *idx,
            },
            IterState::Tuple { tuple, idx } => match self.copy(&Value::Tuple(tuple.clone()))? {
                Value::Tuple(t) => IterState::Tuple { tuple: t, idx: *idx },
                _ => IterState::Done,
            },
            IterState::Vec { items, name } => IterState::Vec {
                items: self.copy_values(items.as_slice())?.into_iter(),
                name,
            },
            IterState::Dict { dict, idx, len, kind } => match self.copy(&Value::Dict(dict.clone()))? {
                Value::Dict(d) => IterState::Dict {
                    dict: d,
                    idx: *idx,
                    len: *len,
                    kind: *kind,
                },
                _ => IterState::Done,
            },
            IterState::Set { set, idx, len } => match self.copy(&Value::Set(set.clone()))? {
                Value::Set(s) => IterState::Set {
                    set: s,
                    idx: *idx,
                    len: *len,
                },
                _ => IterState::Done,
            },
            IterState::Enumerate { inner, count } => IterState::Enumerate {
                inner: self.copy(inner)?,
                count: count.clone(),
            },
            IterState::Zip { iters } => IterState::Zip {
                iters: self.copy_values(iters)?,
            },
            IterState::Map { func, iters } => IterState::Map {
                func: self.copy(func)?,
                iters: self.copy_values(iters)?,
            },
            IterState::Filter { func, inner } => IterState::Filter {
                func: self.copy(func)?,
                inner: self.copy(inner)?,
            },
            IterState::Reversed { list: l, idx } => IterState::Reversed {
                list: list(self, l)?,
                idx: *idx,
            },
            IterState::Gen { frame, started } => IterState::Gen {
                frame: match frame {
                    Some(s) => {
                        let mut locals = Vec::with_capacity(s.locals.len());
                        for v in &s.locals {
                            locals.push(match v {
                                Some(v) => Some(self.copy(v)?),
                                None => None,
                            });
                        }
                        Some(Box::new(SavedFrame {
                            frame: self.copy_frame(&s.frame)?,
                            stack: self.copy_values(&s.stack)?,
                            locals,
                            blocks: s.blocks.clone(),
                        }))
                    }
                    None => None,
                },
                started: *started,
            },
        })
    }
}

/// The calling thread's state, copied for `os.fork()`'s child.
pub struct ForkedStack {
    pub(crate) frames: Vec<Frame>,
    pub(crate) stack: Vec<Value>,
    pub(crate) locals: Vec<Option<Value>>,
    pub(crate) blocks: Vec<crate::vm::Block>,
    pub(crate) exc_info: Vec<Value>,
}

/// What pickling says of objects that cannot cross to another process:
/// multiprocessing's shared objects (`_inheritance_only` on their class)
/// and threading's locks (`_unpicklable`).
fn refuse_pickling(i: &Instance) -> PyResult<()> {
    if let Some(Value::Str(what)) = i.class.lookup("_inheritance_only") {
        return Err(new_exc(
            ExcKind::RuntimeError,
            format!(
                "{} objects should only be shared between processes through inheritance",
                what.as_str()
            ),
        ));
    }
    if let Some(Value::Str(what)) = i.class.lookup("_unpicklable") {
        return Err(crate::error::type_error(format!(
            "cannot pickle '{}' object",
            what.as_str()
        )));
    }
    Ok(())
}

/// Every globals table of `interp` (the program's, then its modules').
fn all_globals(interp: &Interp) -> Vec<Arc<Globals>> {
    let mut v = vec![interp.globals.clone()];
    v.extend(lock(&interp.module_globals).iter().cloned());
    v
}

/// A module-level function of the same name in the receiver, as unpickling
/// finds it (`module.qualname`).
fn rebind_func(target: &Interp, f: &Arc<Function>) -> Option<Value> {
    let name = f.qualname.as_str();
    if name.contains('.') || name.contains('<') {
        return None;
    }
    for g in all_globals(target) {
        if !Arc::ptr_eq(&g.program, &f.globals.program) {
            continue;
        }
        let i = g.index_of(name)?;
        return match lock(&g.slots[i]).clone() {
            Some(v @ Value::Func(_)) => Some(v),
            _ => None,
        };
    }
    None
}

/// A class of the same name and qualified name in the receiver's globals.
fn rebind_class(target: &Interp, c: &Arc<Class>) -> Option<Arc<Class>> {
    for g in all_globals(target) {
        let Some(i) = g.index_of(c.name.as_str()) else {
            continue;
        };
        if let Some(Value::Class(k)) = lock(&g.slots[i]).clone() {
            if k.qualname.as_str() == c.qualname.as_str() {
                return Some(k);
            }
        }
    }
    None
}

/// A value sent to another process: a snapshot now, rebound on arrival.
pub fn transfer(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if is_flat(v) {
        return Ok(v.clone());
    }
    let mut c = Copier::new(Mode::Transfer);
    let out = c.copy(v)?;
    c.finish(vm)?;
    Ok(out)
}

/// A value received from another process, its functions and classes
/// resolved in this one.
pub fn receive(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if is_flat(v) {
        return Ok(v.clone());
    }
    let mut c = Copier::new(Mode::Rebind(vm.interp.clone()));
    let out = c.copy(v)?;
    c.finish(vm)?;
    Ok(out)
}

/// Values that hold no references (nothing to copy).
fn is_flat(v: &Value) -> bool {
    matches!(
        v,
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Big(_) | Value::Str(_)
    )
}
