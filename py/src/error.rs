//! Exceptions: the built-in classes (process-wide and immutable, so every
//! run and thread shares them), the `Exc` carried by `Err`, and CPython's
//! traceback text.

use crate::heap::{HeapTag, WeakObj};
use crate::value::{AttrMap, Class, ExcData, Instance, PyStr, TypeKind, Value};
use lockstep_core::run::Stop;
use std::sync::{Arc, Mutex, OnceLock};

/// Why Python code stopped: an exception, or the run was stopped
/// (abort/terminate), which unwinds everything without running handlers.
pub enum Exc {
    Raise(Value),
    Stop(Stop),
}

pub type PyResult<T> = Result<T, Exc>;

impl From<Stop> for Exc {
    fn from(s: Stop) -> Exc {
        Exc::Stop(s)
    }
}

macro_rules! exc_kinds {
    ($($k:ident: $parent:ident),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ExcKind { BaseException, $($k),* }
        impl ExcKind {
            pub const ALL: &'static [ExcKind] = &[ExcKind::BaseException, $(ExcKind::$k),*];
            pub fn name(self) -> &'static str {
                match self { ExcKind::BaseException => "BaseException", $(ExcKind::$k => stringify!($k)),* }
            }
            fn parent(self) -> Option<ExcKind> {
                match self { ExcKind::BaseException => None, $(ExcKind::$k => Some(ExcKind::$parent)),* }
            }
        }
    };
}

exc_kinds! {
    SystemExit: BaseException,
    KeyboardInterrupt: BaseException,
    GeneratorExit: BaseException,
    Exception: BaseException,
    StopIteration: Exception,
    ArithmeticError: Exception,
    FloatingPointError: ArithmeticError,
    OverflowError: ArithmeticError,
    ZeroDivisionError: ArithmeticError,
    AssertionError: Exception,
    AttributeError: Exception,
    BufferError: Exception,
    EOFError: Exception,
    ImportError: Exception,
    ModuleNotFoundError: ImportError,
    LookupError: Exception,
    IndexError: LookupError,
    KeyError: LookupError,
    MemoryError: Exception,
    NameError: Exception,
    UnboundLocalError: NameError,
    OSError: Exception,
    TimeoutError: OSError,
    ConnectionError: OSError,
    ChildProcessError: OSError,
    BlockingIOError: OSError,
    FileNotFoundError: OSError,
    PermissionError: OSError,
    RuntimeError: Exception,
    PicklingError: Exception,
    NotImplementedError: RuntimeError,
    RecursionError: RuntimeError,
    SyntaxError: Exception,
    IndentationError: SyntaxError,
    TypeError: Exception,
    ValueError: Exception,
    SystemError: Exception,
    UnicodeError: ValueError,
    Warning: Exception,
    UserWarning: Warning,
    DeprecationWarning: Warning,
}

pub const TYPE_KINDS: &[(TypeKind, &str)] = &[
    (TypeKind::Object, "object"),
    (TypeKind::NoneType, "NoneType"),
    (TypeKind::Int, "int"),
    (TypeKind::Bool, "bool"),
    (TypeKind::Float, "float"),
    (TypeKind::Str, "str"),
    (TypeKind::List, "list"),
    (TypeKind::Tuple, "tuple"),
    (TypeKind::Dict, "dict"),
    (TypeKind::Set, "set"),
    (TypeKind::FrozenSet, "frozenset"),
    (TypeKind::Range, "range"),
    (TypeKind::Slice, "slice"),
    (TypeKind::Function, "function"),
    (TypeKind::Method, "method"),
    (TypeKind::Builtin, "builtin_function_or_method"),
    (TypeKind::Type, "type"),
    (TypeKind::Module, "module"),
    (TypeKind::Iterator, "iterator"),
    (TypeKind::View, "dict_keys"),
    (TypeKind::Cell, "cell"),
];

struct Registry {
    types: Vec<Arc<Class>>,
    excs: Vec<Arc<Class>>,
}

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let mut types: Vec<Arc<Class>> = Vec::new();
        let mut object: Option<Arc<Class>> = None;
        for (kind, name) in TYPE_KINDS {
            let base = if *kind == TypeKind::Object {
                None
            } else if *kind == TypeKind::Bool {
                types.iter().find(|c| c.kind == TypeKind::Int).cloned()
            } else {
                object.clone()
            };
            let c = Arc::new(Class {
                name: Arc::new(PyStr::new(name)),
                qualname: Arc::new(PyStr::new(name)),
                base,
                dict: Mutex::new(AttrMap::default()),
                kind: *kind,
                is_exc: false,
                hooks: Default::default(),
                tag: HeapTag::untracked(),
            });
            if *kind == TypeKind::Object {
                object = Some(c.clone());
            }
            types.push(c);
        }
        let mut excs: Vec<Arc<Class>> = Vec::new();
        for k in ExcKind::ALL {
            let base = match k.parent() {
                None => object.clone(),
                Some(p) => excs.iter().find(|c| c.name.as_str() == p.name()).cloned(),
            };
            excs.push(Arc::new(Class {
                name: Arc::new(PyStr::new(k.name())),
                qualname: Arc::new(PyStr::new(k.name())),
                base,
                dict: Mutex::new(AttrMap::default()),
                kind: TypeKind::Exception,
                is_exc: true,
                hooks: Default::default(),
                tag: HeapTag::untracked(),
            }));
        }
        Registry { types, excs }
    })
}

pub fn type_class(k: TypeKind) -> Arc<Class> {
    let r = registry();
    let i = TYPE_KINDS.iter().position(|(t, _)| *t == k).unwrap_or(0);
    r.types[i].clone()
}

pub fn exc_class(k: ExcKind) -> Arc<Class> {
    let i = ExcKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
    registry().excs[i].clone()
}

/// The built-in classes by name (for the builtins namespace).
pub fn builtin_classes() -> Vec<Arc<Class>> {
    let r = registry();
    r.excs.to_vec()
}

/// Built-in classes known only by name (iterator types, `traceback`).
pub fn named_class(name: &'static str) -> Arc<Class> {
    static M: OnceLock<Mutex<Vec<Arc<Class>>>> = OnceLock::new();
    let m = M.get_or_init(|| Mutex::new(Vec::new()));
    let mut g = crate::heap::lock(m);
    if let Some(c) = g.iter().find(|c| c.name.as_str() == name) {
        return c.clone();
    }
    let c = Arc::new(Class {
        name: Arc::new(PyStr::new(name)),
        qualname: Arc::new(PyStr::new(name)),
        base: Some(type_class(TypeKind::Object)),
        dict: Mutex::new(AttrMap::default()),
        kind: TypeKind::Iterator,
        is_exc: false,
        hooks: Default::default(),
        tag: HeapTag::untracked(),
    });
    g.push(c.clone());
    c
}

pub fn is_builtin_class(c: &Arc<Class>) -> bool {
    c.kind != TypeKind::User
}

/// A new exception instance of `class` with `args`.
pub fn make_exc(class: Arc<Class>, args: Vec<Value>) -> Value {
    let tag = HeapTag::forced(128).unwrap_or_else(HeapTag::untracked);
    let inst = Arc::new(Instance {
        class,
        attrs: Mutex::new(AttrMap::default()),
        exc: Some(Mutex::new(ExcData {
            args,
            ..Default::default()
        })),
        tag,
        sharing: Default::default(),
    });
    if let Some(h) = inst.tag.heap() {
        h.register(WeakObj::Instance(Arc::downgrade(&inst)));
    }
    Value::Instance(inst)
}

pub fn new_exc(kind: ExcKind, msg: impl Into<String>) -> Exc {
    let msg: String = msg.into();
    Exc::Raise(make_exc(exc_class(kind), vec![Value::from_string(msg)]))
}

pub fn type_error(msg: impl Into<String>) -> Exc {
    new_exc(ExcKind::TypeError, msg)
}
pub fn value_error(msg: impl Into<String>) -> Exc {
    new_exc(ExcKind::ValueError, msg)
}
pub fn index_error(msg: impl Into<String>) -> Exc {
    new_exc(ExcKind::IndexError, msg)
}
pub fn memory_error() -> Exc {
    Exc::Raise(make_exc(exc_class(ExcKind::MemoryError), vec![]))
}
pub fn overflow_error(msg: impl Into<String>) -> Exc {
    new_exc(ExcKind::OverflowError, msg)
}
pub fn zero_div(msg: &str) -> Exc {
    new_exc(ExcKind::ZeroDivisionError, msg)
}
pub fn attr_error(msg: impl Into<String>) -> Exc {
    new_exc(ExcKind::AttributeError, msg)
}
pub fn key_error(key: Value) -> Exc {
    Exc::Raise(make_exc(exc_class(ExcKind::KeyError), vec![key]))
}
pub fn stop_iteration() -> Exc {
    Exc::Raise(make_exc(exc_class(ExcKind::StopIteration), vec![]))
}

/// Is `v` an instance of the built-in exception `kind` (or a subclass)?
pub fn exc_is(v: &Value, kind: ExcKind) -> bool {
    match v {
        Value::Instance(i) => i.class.is_subclass(&exc_class(kind)),
        _ => false,
    }
}

pub trait OrMemory<T> {
    fn or_mem(self) -> PyResult<T>;
}
impl<T> OrMemory<T> for Option<T> {
    fn or_mem(self) -> PyResult<T> {
        self.ok_or_else(memory_error)
    }
}

/// A compile-time error (SyntaxError and friends), shown like CPython.
#[derive(Clone, Debug)]
pub struct CompileError {
    /// `SyntaxError`, `IndentationError`, `NotImplementedError`, `ModuleNotFoundError`...
    pub kind: &'static str,
    pub msg: String,
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Extra line printed after the message (e.g. the supported modules).
    pub note: Option<String>,
}

impl CompileError {
    /// CPython's text for it, given the source.
    pub fn render(&self, filename: &str, source: &str) -> String {
        let mut out = String::new();
        let text = source.lines().nth(self.line.saturating_sub(1)).unwrap_or("");
        if self.kind == "SyntaxError" || self.kind == "IndentationError" {
            out.push_str(&format!("  File \"{}\", line {}\n", filename, self.line));
            let stripped = text.trim_start();
            let removed = text.chars().count() - stripped.chars().count();
            let stripped = stripped.trim_end();
            if !stripped.is_empty() {
                out.push_str(&format!("    {}\n", stripped));
                let caret = self.col.saturating_sub(1).saturating_sub(removed);
                out.push_str(&format!(
                    "    {}^\n",
                    " ".repeat(caret.min(stripped.chars().count()))
                ));
            }
        } else {
            out.push_str("Traceback (most recent call last):\n");
            out.push_str(&format!(
                "  File \"{}\", line {}, in <module>\n",
                filename, self.line
            ));
            if !text.trim().is_empty() {
                out.push_str(&format!("    {}\n", text.trim()));
            }
        }
        out.push_str(&format!("{}: {}\n", self.kind, self.msg));
        if let Some(n) = &self.note {
            out.push_str(n);
            out.push('\n');
        }
        out
    }
}
