//! Importable modules, one file each, registered in one table: adding a
//! module (issue 13's `threading`, `queue`, ...) is a file and a line here.

pub mod math;
pub mod mp;
pub mod net;
pub mod os;
pub mod random;
mod sha512;
pub mod sys;
pub mod thread;
pub mod time;

use crate::heap::lock;
use crate::value::{AttrMap, Builtin, Module, ModuleNative, NativeFn, PyStr, Value};
use crate::vm::Vm;
use std::sync::{Arc, Mutex};

pub struct ModuleDef {
    pub name: &'static str,
    pub create: fn(&mut Vm) -> Value,
}

pub const MODULES: &[ModuleDef] = &[
    ModuleDef {
        name: "sys",
        create: sys::create,
    },
    ModuleDef {
        name: "random",
        create: random::create,
    },
    ModuleDef {
        name: "time",
        create: time::create,
    },
    ModuleDef {
        name: "math",
        create: math::create,
    },
    ModuleDef {
        name: "_thread",
        create: thread::create,
    },
    ModuleDef {
        name: "_mp",
        create: mp::create,
    },
    ModuleDef {
        name: "_net",
        create: net::create,
    },
    ModuleDef {
        name: "os",
        create: os::create,
    },
];

/// Modules written in Python over `_thread` (compiled at import, run once
/// per process like any module; their frames show in tracebacks as
/// CPython's `threading.py` frames do).
pub const PY_MODULES: &[(&str, &str)] = &[
    ("threading", include_str!("py/threading.py")),
    ("queue", include_str!("py/queue.py")),
    ("multiprocessing", include_str!("py/multiprocessing.py")),
    ("requests", include_str!("py/requests.py")),
    ("concurrent", ""),
    ("concurrent.futures", include_str!("py/concurrent_futures.py")),
    ("multiprocessing.pool", include_str!("py/multiprocessing_pool.py")),
    (
        "multiprocessing.dummy",
        include_str!("py/multiprocessing_dummy.py"),
    ),
];

/// Imports a Python-source module: compiles it, runs its code with its own
/// globals, and makes a module of them. The globals are kept for teardown
/// (functions and globals form cycles).
pub fn create_py(vm: &mut Vm, name: &str) -> Option<crate::error::PyResult<Value>> {
    let (_, src) = PY_MODULES.iter().find(|(n, _)| *n == name)?;
    Some(run_py_module(vm, name, src))
}

fn run_py_module(vm: &mut Vm, name: &str, src: &str) -> crate::error::PyResult<Value> {
    use crate::error::{new_exc, ExcKind};
    let program = crate::compile(src, &format!("{name}.py"))
        .map_err(|e| new_exc(ExcKind::ImportError, format!("{name}: {}: {}", e.kind, e.msg)))?;
    let globals = crate::bytecode::Globals::new(program.clone());
    if let Some(i) = globals.index_of("__name__") {
        *lock(&globals.slots[i]) = Some(Value::str(name));
    }
    lock(&vm.interp.module_globals).push(globals.clone());
    let code = program.module.clone();
    let tag = crate::heap::HeapTag::new(128).ok_or_else(crate::error::memory_error)?;
    let f = Value::Func(Arc::new(crate::value::Function {
        qualname: code.qualname.clone(),
        code,
        defaults: Box::new([]),
        kwdefaults: Box::new([]),
        closure: Box::new([]),
        globals: globals.clone(),
        tag,
    }));
    vm.call_value(&f, vec![], vec![])?;
    let m = Arc::new(Module {
        name: Arc::new(PyStr::new(name)),
        attrs: Mutex::new(AttrMap::default()),
        native: ModuleNative::None,
    });
    {
        let mut a = lock(&m.attrs);
        for (g, slot) in program.globals.iter().zip(globals.slots.iter()) {
            if let Some(v) = lock(slot).clone() {
                a.set(g.name.clone(), v);
            }
        }
    }
    Ok(Value::Module(m))
}

pub fn is_supported(name: &str) -> bool {
    MODULES.iter().any(|m| m.name == name) || PY_MODULES.iter().any(|(n, _)| *n == name)
}

pub fn supported_list() -> Vec<&'static str> {
    MODULES
        .iter()
        .map(|m| m.name)
        .filter(|n| !n.starts_with('_'))
        .chain(PY_MODULES.iter().map(|(n, _)| *n))
        .collect()
}

pub fn create(vm: &mut Vm, name: &str) -> Option<Value> {
    MODULES.iter().find(|m| m.name == name).map(|m| (m.create)(vm))
}

/// Builds a module from functions (bound to the module, so they reach its
/// native state) and constants.
pub fn build(
    name: &str,
    native: ModuleNative,
    fns: &[(&'static str, NativeFn)],
    consts: Vec<(&str, Value)>,
) -> Value {
    let m = Arc::new(Module {
        name: Arc::new(PyStr::new(name)),
        attrs: Mutex::new(AttrMap::default()),
        native,
    });
    let mv = Value::Module(m.clone());
    {
        let mut a = lock(&m.attrs);
        for (n, f) in fns {
            // The receiver is the module itself: a cycle, broken at run end
            // when the run's module list is dropped and attrs cleared.
            a.set(
                Arc::new(PyStr::new(n)),
                Value::Builtin(Arc::new(Builtin {
                    name: n,
                    f: *f,
                    receiver: Value::Null,
                    fast1: None,
                })),
            );
        }
        for (n, v) in consts {
            a.set(Arc::new(PyStr::new(n)), v);
        }
    }
    mv
}

/// The module a module function belongs to (for its native state).
pub fn this(vm: &Vm, name: &str) -> Option<Arc<Module>> {
    lock(&vm.interp.modules)
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, m)| match m {
            Value::Module(m) => Some(m.clone()),
            _ => None,
        })
}
