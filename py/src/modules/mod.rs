//! Importable modules, one file each, registered in one table: adding a
//! module (issue 13's `threading`, `queue`, ...) is a file and a line here.

pub mod math;
pub mod random;
mod sha512;
pub mod sys;
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
];

pub fn is_supported(name: &str) -> bool {
    MODULES.iter().any(|m| m.name == name)
}

pub fn supported_list() -> Vec<&'static str> {
    MODULES.iter().map(|m| m.name).collect()
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
