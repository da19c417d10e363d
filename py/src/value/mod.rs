//! Python values. `Value` is 16 bytes: immediates inline, everything else
//! behind an `Arc`. Mutable containers carry their own `Mutex` (as
//! free-threaded CPython keeps each container consistent with a per-object
//! lock), because issue 13 shares them between real threads.

pub mod dict;
pub mod hash;
pub mod int;
pub mod set;
pub mod sharing;
pub mod str;

pub use self::str::PyStr;
pub use dict::DictMap;
pub use set::SetTable;
pub use sharing::{Sharing, TraceKey};

use crate::bytecode::{Code, Globals};
use crate::heap::{lock, HeapTag, WeakObj};
use num_bigint::BigInt;
use std::sync::{Arc, Mutex};

pub type Name = Arc<PyStr>;

pub enum Value {
    /// Internal: an empty stack slot (CPython's NULL), never seen by Python.
    Null,
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// An int outside i64; always normalised (never fits i64).
    Big(Arc<int::PyBig>),
    Str(Arc<PyStr>),
    List(Arc<List>),
    Tuple(Arc<Tuple>),
    Dict(Arc<Dict>),
    Set(Arc<Set>),
    Range(Arc<Range>),
    Slice(Arc<Slice>),
    Func(Arc<Function>),
    Method(Arc<BoundMethod>),
    Builtin(Arc<Builtin>),
    Class(Arc<Class>),
    Instance(Arc<Instance>),
    Module(Arc<Module>),
    Iter(Arc<IterObj>),
    View(Arc<DictView>),
    Cell(Arc<Cell>),
    /// `super()`: attribute lookup starting after `start` in `obj`'s class.
    Super(Arc<SuperObj>),
    /// Internal: a method of a built-in type found by `LOAD_METHOD`; the
    /// receiver is the next stack slot. Saves allocating a bound method.
    NativeMeth(u16),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);

impl Clone for Value {
    /// Every variant is an immediate or one `Arc`: a clone raises the
    /// `Arc`'s count and copies the 16 bytes whole. The derived clone
    /// rebuilt the value field by field on the stack, and the whole-value
    /// read that pushed it stalled on store forwarding: 15-22% of the
    /// dispatch loop's samples in `strings` and `lists_dicts` (perf).
    #[inline]
    fn clone(&self) -> Value {
        fn raise<T>(a: &Arc<T>) {
            std::mem::forget(Arc::clone(a));
        }
        match self {
            Value::Null
            | Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::NativeMeth(_) => {}
            Value::Big(a) => raise(a),
            Value::Str(a) => raise(a),
            Value::List(a) => raise(a),
            Value::Tuple(a) => raise(a),
            Value::Dict(a) => raise(a),
            Value::Set(a) => raise(a),
            Value::Range(a) => raise(a),
            Value::Slice(a) => raise(a),
            Value::Func(a) => raise(a),
            Value::Method(a) => raise(a),
            Value::Builtin(a) => raise(a),
            Value::Class(a) => raise(a),
            Value::Instance(a) => raise(a),
            Value::Module(a) => raise(a),
            Value::Iter(a) => raise(a),
            Value::View(a) => raise(a),
            Value::Cell(a) => raise(a),
            Value::Super(a) => raise(a),
        }
        // SAFETY: the copy owns the count raised above (an `Arc`), or
        // nothing that needs dropping (an immediate).
        unsafe { std::ptr::read(self) }
    }
}

pub struct List {
    pub items: Mutex<Vec<Value>>,
    pub tag: HeapTag,
    pub sharing: Sharing,
}

pub struct Tuple {
    pub items: Box<[Value]>,
    pub tag: HeapTag,
}

pub struct Dict {
    pub map: Mutex<DictMap>,
    pub tag: HeapTag,
    pub sharing: Sharing,
}

pub struct Set {
    pub table: Mutex<SetTable>,
    pub frozen: bool,
    pub tag: HeapTag,
}

pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    /// A range whose bounds do not fit i64 (`range(10**20)`): kept exactly;
    /// membership, indexing, repr and equality work, iteration and `len`
    /// raise OverflowError (as `len` does in CPython).
    pub big: Option<Box<[BigInt; 3]>>,
}

impl Range {
    /// (start, stop, step) exactly.
    pub fn parts(&self) -> (BigInt, BigInt, BigInt) {
        match &self.big {
            Some(b) => (b[0].clone(), b[1].clone(), b[2].clone()),
            None => (
                BigInt::from(self.start),
                BigInt::from(self.stop),
                BigInt::from(self.step),
            ),
        }
    }
    pub fn big_len(&self) -> BigInt {
        let (lo, hi, st) = self.parts();
        let zero = BigInt::from(0);
        if st > zero {
            if lo < hi {
                (hi - lo - 1) / &st + 1
            } else {
                zero
            }
        } else if lo > hi {
            (lo - hi - 1) / (-st) + 1
        } else {
            zero
        }
    }
    pub fn len(&self) -> i64 {
        let (lo, hi, st) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if st > 0 {
            if lo < hi {
                (hi - lo - 1) / st + 1
            } else {
                0
            }
        } else if lo > hi {
            (lo - hi - 1) / (-st) + 1
        } else {
            0
        };
        n.min(i64::MAX as i128) as i64
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn get(&self, i: i64) -> i64 {
        self.start.wrapping_add(i.wrapping_mul(self.step))
    }
}

pub struct Slice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

pub struct Function {
    pub code: Arc<Code>,
    pub qualname: Name,
    pub defaults: Box<[Value]>,
    pub kwdefaults: Box<[(Name, Value)]>,
    pub closure: Box<[Arc<Cell>]>,
    pub globals: Arc<Globals>,
    pub tag: HeapTag,
}

pub struct SuperObj {
    pub start: Arc<Class>,
    pub obj: Value,
}

pub struct BoundMethod {
    pub func: Value,
    pub receiver: Value,
}

/// Keyword arguments as passed to a native function.
pub type Kwargs = Vec<(Name, Value)>;

pub type NativeFn = fn(&mut crate::vm::Vm, &Value, Vec<Value>, Kwargs) -> crate::error::PyResult<Value>;

pub struct Builtin {
    pub name: &'static str,
    /// For printing a bound built-in: `<built-in method append of list object>`.
    pub f: NativeFn,
    /// The receiver (`Null` for a plain function).
    pub receiver: Value,
    /// A one-argument fast path (`len(x)`, `abs(x)`): no argument vector.
    pub fast1: Option<Fast1>,
}

pub type Fast1 = fn(&mut crate::vm::Vm, &Value) -> crate::error::PyResult<Value>;

/// What kind of object a class makes: built-in types are classes too, so
/// `type(x)` and `isinstance` work uniformly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Object,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Method,
    Builtin,
    Type,
    Module,
    Iterator,
    View,
    Cell,
    /// BaseException and its built-in subclasses.
    Exception,
    /// A class defined by the program (possibly deriving an exception).
    User,
}

pub struct Class {
    pub name: Name,
    pub qualname: Name,
    pub base: Option<Arc<Class>>,
    pub dict: Mutex<AttrMap>,
    pub kind: TypeKind,
    /// Derives from BaseException.
    pub is_exc: bool,
    /// Defines (or inherits) `__setattr__` (bit 0) / `__getattr__` (bit 1):
    /// saves a lookup along the bases on every attribute store.
    pub hooks: std::sync::atomic::AtomicU8,
    pub tag: HeapTag,
}

pub const HOOK_SETATTR: u8 = 1;
pub const HOOK_GETATTR: u8 = 2;

impl Class {
    pub fn is_subclass(self: &Arc<Class>, other: &Arc<Class>) -> bool {
        let mut c = Some(self);
        while let Some(k) = c {
            if Arc::ptr_eq(k, other) {
                return true;
            }
            c = k.base.as_ref();
        }
        false
    }

    /// Looks `name` up along the base chain.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = lock(&self.dict).get(name) {
            return Some(v);
        }
        let mut c = self.base.as_ref();
        while let Some(k) = c {
            if let Some(v) = lock(&k.dict).get(name) {
                return Some(v);
            }
            c = k.base.as_ref();
        }
        None
    }

    /// The nearest built-in ancestor's kind (a user exception class gives
    /// `Exception`).
    pub fn base_kind(&self) -> TypeKind {
        let mut c: Option<&Class> = Some(self);
        while let Some(k) = c {
            if k.kind != TypeKind::User {
                return k.kind;
            }
            c = k.base.as_deref();
        }
        TypeKind::Object
    }
}

/// A small insertion-ordered map from attribute names (instances and
/// classes have few attributes; a linear scan over interned names wins).
#[derive(Default)]
pub struct AttrMap {
    entries: Vec<(Name, Value)>,
}

impl AttrMap {
    pub fn get(&self, name: &str) -> Option<Value> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == name)
            .map(|(_, v)| v.clone())
    }
    pub fn get_interned(&self, name: &Name) -> Option<Value> {
        for (k, v) in &self.entries {
            if Arc::ptr_eq(k, name) || k.as_str() == name.as_str() {
                return Some(v.clone());
            }
        }
        None
    }
    pub fn set(&mut self, name: Name, v: Value) -> Option<Value> {
        for (k, slot) in self.entries.iter_mut() {
            if Arc::ptr_eq(k, &name) || k.as_str() == name.as_str() {
                return Some(std::mem::replace(slot, v));
            }
        }
        self.entries.push((name, v));
        None
    }
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.entries.iter().position(|(k, _)| k.as_str() == name)?;
        Some(self.entries.remove(i).1)
    }
    pub fn iter(&self) -> impl Iterator<Item = &(Name, Value)> {
        self.entries.iter()
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn into_values(self) -> Vec<Value> {
        self.entries.into_iter().map(|(_, v)| v).collect()
    }
}

pub struct Instance {
    pub class: Arc<Class>,
    pub attrs: Mutex<AttrMap>,
    /// Exception state, for instances of exception classes.
    pub exc: Option<Mutex<ExcData>>,
    pub tag: HeapTag,
    pub sharing: Sharing,
}

#[derive(Clone)]
pub struct TbEntry {
    pub code: Arc<Code>,
    pub pc: u32,
    pub frame_id: u64,
}

#[derive(Default)]
pub struct ExcData {
    pub args: Vec<Value>,
    pub traceback: Vec<TbEntry>,
    pub context: Option<Value>,
    pub cause: Option<Value>,
    pub suppress_context: bool,
}

impl ExcData {
    pub fn into_values(self) -> Vec<Value> {
        let mut v = self.args;
        v.extend(self.context);
        v.extend(self.cause);
        v
    }
}

pub enum ModuleNative {
    None,
    Random(Box<Mutex<crate::modules::random::Mt>>),
}

pub struct Module {
    pub name: Name,
    pub attrs: Mutex<AttrMap>,
    pub native: ModuleNative,
}

pub struct IterObj {
    pub state: Mutex<IterState>,
    pub tag: HeapTag,
}

pub enum IterState {
    Done,
    Range {
        cur: i64,
        stop: i64,
        step: i64,
    },
    List {
        list: Arc<List>,
        idx: usize,
    },
    Tuple {
        tuple: Arc<Tuple>,
        idx: usize,
    },
    /// Materialised items (strings, sets, generator expressions).
    Vec {
        items: std::vec::IntoIter<Value>,
        name: &'static str,
    },
    Dict {
        dict: Arc<Dict>,
        idx: usize,
        len: usize,
        kind: ViewKind,
    },
    Set {
        set: Arc<Set>,
        idx: usize,
        len: usize,
    },
    Enumerate {
        inner: Value,
        count: Value,
    },
    Zip {
        iters: Vec<Value>,
    },
    Map {
        func: Value,
        iters: Vec<Value>,
    },
    Filter {
        func: Value,
        inner: Value,
    },
    Reversed {
        list: Arc<List>,
        idx: usize,
    },
    /// A generator: its suspended frame (None while running or finished).
    Gen {
        frame: Option<Box<crate::vm::SavedFrame>>,
        started: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

pub struct DictView {
    pub dict: Arc<Dict>,
    pub kind: ViewKind,
}

pub struct Cell {
    pub value: Mutex<Option<Value>>,
    pub tag: HeapTag,
}

// Nested containers give their items to the heap's iterative dropper.
impl Drop for List {
    fn drop(&mut self) {
        let v = std::mem::take(self.items.get_mut().unwrap_or_else(|e| e.into_inner()));
        crate::heap::defer_drop_vec(v);
    }
}
impl Drop for Tuple {
    fn drop(&mut self) {
        let v = std::mem::take(&mut self.items).into_vec();
        crate::heap::defer_drop_vec(v);
    }
}
impl Drop for Dict {
    fn drop(&mut self) {
        let m = std::mem::take(self.map.get_mut().unwrap_or_else(|e| e.into_inner()));
        crate::heap::defer_drop_vec(m.into_values());
    }
}
impl Drop for Set {
    fn drop(&mut self) {
        let m = std::mem::take(self.table.get_mut().unwrap_or_else(|e| e.into_inner()));
        crate::heap::defer_drop_vec(m.into_values());
    }
}
impl Drop for Instance {
    fn drop(&mut self) {
        let m = std::mem::take(self.attrs.get_mut().unwrap_or_else(|e| e.into_inner()));
        crate::heap::defer_drop_vec(m.into_values());
        if let Some(x) = &mut self.exc {
            let e = std::mem::take(x.get_mut().unwrap_or_else(|e| e.into_inner()));
            crate::heap::defer_drop_vec(e.into_values());
        }
    }
}
impl Drop for Cell {
    fn drop(&mut self) {
        if let Some(v) = self.value.get_mut().unwrap_or_else(|e| e.into_inner()).take() {
            crate::heap::defer_drop_vec(vec![v]);
        }
    }
}

/// Estimated bytes of a container of `n` values, for the budget.
pub fn est_bytes(n: usize) -> usize {
    64usize.saturating_add(n.saturating_mul(16))
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::new(PyStr::new(s)))
    }
    pub fn from_string(s: String) -> Value {
        Value::Str(Arc::new(PyStr::from_string(s)))
    }

    /// `None` when over the memory budget.
    pub fn try_list(items: Vec<Value>) -> Option<Value> {
        let tag = HeapTag::new(est_bytes(items.capacity()))?;
        let l = Arc::new(List {
            items: Mutex::new(items),
            tag,
            sharing: Sharing::new(),
        });
        if let Some(h) = l.tag.heap() {
            h.register(WeakObj::List(Arc::downgrade(&l)));
        }
        Some(Value::List(l))
    }
    pub fn try_tuple(items: Vec<Value>) -> Option<Value> {
        let tag = HeapTag::new(est_bytes(items.len()))?;
        Some(Value::Tuple(Arc::new(Tuple {
            items: items.into_boxed_slice(),
            tag,
        })))
    }
    pub fn try_dict(map: DictMap) -> Option<Value> {
        let tag = HeapTag::new(est_bytes(map.capacity() * 2))?;
        let d = Arc::new(Dict {
            map: Mutex::new(map),
            tag,
            sharing: Sharing::new(),
        });
        if let Some(h) = d.tag.heap() {
            h.register(WeakObj::Dict(Arc::downgrade(&d)));
        }
        Some(Value::Dict(d))
    }
    pub fn try_set(table: SetTable, frozen: bool) -> Option<Value> {
        let tag = HeapTag::new(est_bytes(table.capacity() * 2))?;
        let s = Arc::new(Set {
            table: Mutex::new(table),
            frozen,
            tag,
        });
        if let Some(h) = s.tag.heap() {
            h.register(WeakObj::Set(Arc::downgrade(&s)));
        }
        Some(Value::Set(s))
    }
    pub fn try_iter(state: IterState) -> Option<Value> {
        // A range iterator holds no references: it cannot be part of a
        // cycle, so it is not registered (and `for` can use it lock-free).
        let register = !matches!(state, IterState::Range { .. });
        Value::make_iter(state, register)
    }
    /// An iterator that only a `for` loop's stack slot will ever hold (GET_ITER
    /// of a non-iterator): unreachable from the heap, so never in a cycle.
    /// Unregistered, its `Arc` stays unique and FOR_ITER skips the lock.
    pub fn try_iter_local(state: IterState) -> Option<Value> {
        Value::make_iter(state, false)
    }
    fn make_iter(state: IterState, register: bool) -> Option<Value> {
        let tag = HeapTag::new(64)?;
        let it = Arc::new(IterObj {
            state: Mutex::new(state),
            tag,
        });
        if register {
            if let Some(h) = it.tag.heap() {
                h.register(WeakObj::Iter(Arc::downgrade(&it)));
            }
        }
        Some(Value::Iter(it))
    }
    pub fn new_cell(v: Option<Value>) -> Option<Arc<Cell>> {
        let tag = HeapTag::new(48)?;
        let c = Arc::new(Cell {
            value: Mutex::new(v),
            tag,
        });
        if let Some(h) = c.tag.heap() {
            h.register(WeakObj::Cell(Arc::downgrade(&c)));
        }
        Some(c)
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Identity (`is`).
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (None, None) | (Null, Null) => true,
            (Bool(a), Bool(b)) => a == b,
            // Small ints are cached in CPython; equal i64s behave as one object.
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Big(a), Big(b)) => Arc::ptr_eq(a, b),
            (Str(a), Str(b)) => Arc::ptr_eq(a, b) || (a.len() <= 1 && a.as_str() == b.as_str()),
            (List(a), List(b)) => Arc::ptr_eq(a, b),
            (Tuple(a), Tuple(b)) => Arc::ptr_eq(a, b) || (a.items.is_empty() && b.items.is_empty()),
            (Dict(a), Dict(b)) => Arc::ptr_eq(a, b),
            (Set(a), Set(b)) => Arc::ptr_eq(a, b),
            (Range(a), Range(b)) => Arc::ptr_eq(a, b),
            (Slice(a), Slice(b)) => Arc::ptr_eq(a, b),
            (Func(a), Func(b)) => Arc::ptr_eq(a, b),
            (Method(a), Method(b)) => Arc::ptr_eq(a, b),
            (Builtin(a), Builtin(b)) => Arc::ptr_eq(a, b),
            (Class(a), Class(b)) => Arc::ptr_eq(a, b),
            (Instance(a), Instance(b)) => Arc::ptr_eq(a, b),
            (Module(a), Module(b)) => Arc::ptr_eq(a, b),
            (Iter(a), Iter(b)) => Arc::ptr_eq(a, b),
            (View(a), View(b)) => Arc::ptr_eq(a, b),
            (Cell(a), Cell(b)) => Arc::ptr_eq(a, b),
            (Super(a), Super(b)) => Arc::ptr_eq(a, b),
            (NativeMeth(a), NativeMeth(b)) => a == b,
            _ => false,
        }
    }

    /// A stable number for `id()`.
    pub fn id(&self) -> i64 {
        use Value::*;
        let p: usize = match self {
            Null => 0,
            None => 0x1000,
            Bool(b) => 0x2000 + *b as usize,
            Int(i) => return 0x10_0000_0000 + (*i & 0xffff_ffff) * 32,
            Float(f) => return (f.to_bits() >> 4) as i64 & 0x7fff_ffff_ffff,
            Big(a) => Arc::as_ptr(a) as usize,
            Str(a) => Arc::as_ptr(a) as usize,
            List(a) => Arc::as_ptr(a) as usize,
            Tuple(a) => Arc::as_ptr(a) as usize,
            Dict(a) => Arc::as_ptr(a) as usize,
            Set(a) => Arc::as_ptr(a) as usize,
            Range(a) => Arc::as_ptr(a) as usize,
            Slice(a) => Arc::as_ptr(a) as usize,
            Func(a) => Arc::as_ptr(a) as usize,
            Method(a) => Arc::as_ptr(a) as usize,
            Builtin(a) => Arc::as_ptr(a) as usize,
            Class(a) => Arc::as_ptr(a) as usize,
            Instance(a) => Arc::as_ptr(a) as usize,
            Module(a) => Arc::as_ptr(a) as usize,
            Iter(a) => Arc::as_ptr(a) as usize,
            View(a) => Arc::as_ptr(a) as usize,
            Cell(a) => Arc::as_ptr(a) as usize,
            Super(a) => Arc::as_ptr(a) as usize,
            NativeMeth(n) => *n as usize,
        };
        p as i64
    }
}
