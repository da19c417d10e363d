//! Attribute access, method lookup and imports.

use super::Vm;
use crate::error::{attr_error, new_exc, type_error, ExcKind, OrMemory, PyResult};
use crate::heap::lock;
use crate::value::{BoundMethod, Builtin, Name, PyStr, TypeKind, Value};
use std::sync::Arc;

impl Vm {
    pub fn get_attr_str(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        let n: Name = Arc::new(PyStr::new(name));
        self.get_attr(obj, &n)
    }

    pub fn get_attr(&mut self, obj: &Value, name: &Name) -> PyResult<Value> {
        match self.try_get_attr(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.no_attr(obj, name.as_str())),
        }
    }

    fn no_attr(&self, obj: &Value, name: &str) -> crate::error::Exc {
        match obj {
            Value::Module(m) => attr_error(format!(
                "module '{}' has no attribute '{}'",
                m.name.as_str(),
                name
            )),
            Value::Class(c) => attr_error(format!(
                "type object '{}' has no attribute '{}'",
                c.name.as_str(),
                name
            )),
            _ => attr_error(format!(
                "'{}' object has no attribute '{}'",
                self.type_name(obj),
                name
            )),
        }
    }

    /// `getattr(obj, name)` or None if missing (no error).
    pub fn try_get_attr(&mut self, obj: &Value, name: &Name) -> PyResult<Option<Value>> {
        let n = name.as_str();
        match obj {
            Value::Instance(i) => {
                if let Some(v) = lock(&i.attrs).get_interned(name) {
                    return Ok(Some(v));
                }
                if let Some(v) = i.class.lookup(n) {
                    return Ok(Some(bind(v, obj)));
                }
                match n {
                    "__class__" => return Ok(Some(Value::Class(i.class.clone()))),
                    "__dict__" => {
                        let entries: Vec<(Value, Value)> = lock(&i.attrs)
                            .iter()
                            .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                            .collect();
                        let d = Value::try_dict(crate::value::DictMap::new()).or_mem()?;
                        for (k, v) in entries {
                            self.setitem(&d, k, v)?;
                        }
                        return Ok(Some(d));
                    }
                    _ => {}
                }
                if let Some(e) = &i.exc {
                    match n {
                        "args" => {
                            let a = lock(e).args.clone();
                            return Ok(Some(Value::try_tuple(a).or_mem()?));
                        }
                        "__context__" => return Ok(Some(lock(e).context.clone().unwrap_or(Value::None))),
                        "__cause__" => return Ok(Some(lock(e).cause.clone().unwrap_or(Value::None))),
                        "__traceback__" => {
                            if lock(e).traceback.is_empty() {
                                return Ok(Some(Value::None));
                            }
                            let c = crate::error::named_class("traceback");
                            return Ok(Some(Value::Instance(Arc::new(crate::value::Instance {
                                class: c,
                                attrs: std::sync::Mutex::new(Default::default()),
                                exc: None,
                                tag: crate::heap::HeapTag::untracked(),
                                sharing: Default::default(),
                            }))));
                        }
                        "code" if i.class.is_subclass(&crate::error::exc_class(ExcKind::SystemExit)) => {
                            return Ok(Some(lock(e).args.first().cloned().unwrap_or(Value::None)));
                        }
                        "with_traceback" => {
                            return Ok(Some(builtin_bound("with_traceback", exc_identity, obj.clone())))
                        }
                        "add_note" => return Ok(Some(builtin_bound("add_note", exc_identity, obj.clone()))),
                        _ => {}
                    }
                }
                let hook = i.class.hooks.load(std::sync::atomic::Ordering::Relaxed)
                    & crate::value::HOOK_GETATTR
                    != 0;
                if let Some(ga) = if hook { i.class.lookup("__getattr__") } else { None } {
                    // CPython propagates the hook's own AttributeError
                    // (its message), which hasattr/getattr then catch.
                    let r = self.call_value(&ga, vec![obj.clone(), Value::Str(name.clone())], vec![]);
                    return r.map(Some);
                }
                if let Some((nm, f)) = object_method(n) {
                    return Ok(Some(builtin_bound(nm, f, obj.clone())));
                }
                Ok(None)
            }
            Value::Class(c) => {
                if let Some(v) = c.lookup(n) {
                    return Ok(Some(v));
                }
                Ok(match n {
                    "__name__" => Some(Value::Str(c.name.clone())),
                    "__qualname__" => Some(Value::Str(c.qualname.clone())),
                    "__module__" => Some(Value::str(if c.kind == TypeKind::User {
                        "__main__"
                    } else {
                        "builtins"
                    })),
                    "__base__" => Some(c.base.clone().map(Value::Class).unwrap_or(Value::None)),
                    "__bases__" => Some(
                        Value::try_tuple(c.base.clone().map(Value::Class).into_iter().collect()).or_mem()?,
                    ),
                    "__mro__" => {
                        let mut v = Vec::new();
                        let mut k = Some(c.clone());
                        while let Some(x) = k {
                            k = x.base.clone();
                            v.push(Value::Class(x));
                        }
                        Some(Value::try_tuple(v).or_mem()?)
                    }
                    "__doc__" => Some(Value::None),
                    _ if object_method(n).is_some() && c.kind == TypeKind::User => {
                        object_method(n).map(|(nm, f)| builtin_bound(nm, f, Value::Null))
                    }
                    _ => {
                        if c.kind == TypeKind::Dict && n == "fromkeys" {
                            return Ok(Some(crate::builtins::methods::fromkeys()));
                        }
                        // Methods of built-in types as unbound functions: str.upper
                        if c.kind != TypeKind::User {
                            if let Some(sym) = crate::builtins::methods::lookup(c.kind, n) {
                                return Ok(Some(crate::builtins::methods::unbound(sym, n)));
                            }
                        }
                        None
                    }
                })
            }
            Value::Super(sp) => {
                let mut c = sp.start.base.clone();
                while let Some(k) = c {
                    if let Some(v) = lock(&k.dict).get(n) {
                        return Ok(Some(bind(v, &sp.obj)));
                    }
                    c = k.base.clone();
                }
                Ok(object_method(n).map(|(nm, f)| builtin_bound(nm, f, sp.obj.clone())))
            }
            Value::Module(m) => Ok(lock(&m.attrs).get_interned(name).or_else(|| match n {
                "__name__" => Some(Value::Str(m.name.clone())),
                _ => None,
            })),
            Value::Func(f) => Ok(match n {
                "__name__" => Some(Value::Str(f.code.name.clone())),
                "__qualname__" => Some(Value::Str(f.qualname.clone())),
                "__module__" => Some(Value::str("__main__")),
                "__doc__" => Some(f.code.doc.clone().unwrap_or(Value::None)),
                "__defaults__" => Some(if f.defaults.is_empty() {
                    Value::None
                } else {
                    Value::try_tuple(f.defaults.to_vec()).or_mem()?
                }),
                _ => None,
            }),
            Value::Builtin(b) => Ok(match n {
                "__name__" | "__qualname__" => Some(Value::str(b.name)),
                "__self__" => Some(b.receiver.clone()),
                _ => None,
            }),
            Value::Method(m) => Ok(match n {
                "__self__" => Some(m.receiver.clone()),
                "__func__" => Some(m.func.clone()),
                "__name__" => match &m.func {
                    Value::Func(f) => Some(Value::Str(f.code.name.clone())),
                    _ => None,
                },
                _ => None,
            }),
            _ => {
                let kind = self.class_of(obj).kind;
                if let Some(sym) = crate::builtins::methods::lookup(kind, n) {
                    return Ok(Some(crate::builtins::methods::bound(sym, n, obj.clone())));
                }
                Ok(match (obj, n) {
                    (_, "__class__") => Some(Value::Class(self.class_of(obj))),
                    (Value::Int(_) | Value::Bool(_) | Value::Big(_), "real" | "numerator") => {
                        Some(match obj {
                            Value::Bool(b) => Value::Int(*b as i64),
                            o => o.clone(),
                        })
                    }
                    (Value::Int(_) | Value::Bool(_) | Value::Big(_), "imag") => Some(Value::Int(0)),
                    (Value::Int(_) | Value::Bool(_) | Value::Big(_), "denominator") => Some(Value::Int(1)),
                    (Value::Float(f), "real") => Some(Value::Float(*f)),
                    (Value::Float(_), "imag") => Some(Value::Float(0.0)),
                    (Value::Range(r), "start") => Some(Value::Int(r.start)),
                    (Value::Range(r), "stop") => Some(Value::Int(r.stop)),
                    (Value::Range(r), "step") => Some(Value::Int(r.step)),
                    (Value::Slice(s), "start") => Some(s.start.clone()),
                    (Value::Slice(s), "stop") => Some(s.stop.clone()),
                    (Value::Slice(s), "step") => Some(s.step.clone()),
                    _ => None,
                })
            }
        }
    }

    /// LOAD_METHOD: `[callable, self]` for a method, `[Null, attr]` else,
    /// `[NativeMeth, receiver]` for a method of a built-in type.
    pub(crate) fn load_method(&mut self, obj: Value, name: &Name) -> PyResult<(Value, Value)> {
        match &obj {
            Value::Instance(i) => {
                if lock(&i.attrs).get_interned(name).is_none() {
                    if let Some(v @ Value::Func(_)) = i.class.lookup(name.as_str()) {
                        return Ok((v, obj));
                    }
                }
                let v = self.get_attr(&obj, name)?;
                Ok((Value::Null, v))
            }
            Value::Super(sp) => {
                let mut c = sp.start.base.clone();
                while let Some(k) = c {
                    if let Some(v) = lock(&k.dict).get(name.as_str()) {
                        if let Value::Func(_) = v {
                            return Ok((v, sp.obj.clone()));
                        }
                        return Ok((Value::Null, v));
                    }
                    c = k.base.clone();
                }
                let v = self.get_attr(&obj, name)?;
                Ok((Value::Null, v))
            }
            Value::Class(_) | Value::Module(_) | Value::Func(_) | Value::Method(_) | Value::Builtin(_) => {
                let v = self.get_attr(&obj, name)?;
                Ok((Value::Null, v))
            }
            _ => {
                let kind = Vm::kind_of(&obj);
                match crate::builtins::methods::lookup(kind, name.as_str()) {
                    Some(sym) => Ok((Value::NativeMeth(sym), obj)),
                    None => {
                        let v = self.get_attr(&obj, name)?;
                        Ok((Value::Null, v))
                    }
                }
            }
        }
    }

    pub fn set_attr(&mut self, obj: &Value, name: &Name, v: Value) -> PyResult<()> {
        match obj {
            Value::Instance(i) => {
                if i.class.hooks.load(std::sync::atomic::Ordering::Relaxed) & crate::value::HOOK_SETATTR != 0
                {
                    if let Some(sa) = i.class.lookup("__setattr__") {
                        self.call_value(&sa, vec![obj.clone(), Value::Str(name.clone()), v], vec![])?;
                        return Ok(());
                    }
                }
                let old = lock(&i.attrs).set(name.clone(), v);
                drop(old);
                Ok(())
            }
            Value::Class(c) if c.kind == TypeKind::User => {
                match name.as_str() {
                    "__setattr__" => {
                        c.hooks
                            .fetch_or(crate::value::HOOK_SETATTR, std::sync::atomic::Ordering::Relaxed);
                    }
                    "__getattr__" => {
                        c.hooks
                            .fetch_or(crate::value::HOOK_GETATTR, std::sync::atomic::Ordering::Relaxed);
                    }
                    _ => {}
                }
                let old = lock(&c.dict).set(name.clone(), v);
                drop(old);
                Ok(())
            }
            Value::Class(c) => Err(type_error(format!(
                "cannot set '{}' attribute of immutable type '{}'",
                name.as_str(),
                c.name.as_str()
            ))),
            Value::Module(m) => {
                let old = lock(&m.attrs).set(name.clone(), v);
                drop(old);
                Ok(())
            }
            other => Err(attr_error(format!(
                "'{}' object has no attribute '{}'",
                self.type_name(other),
                name.as_str()
            ))),
        }
    }

    pub fn del_attr(&mut self, obj: &Value, name: &Name) -> PyResult<()> {
        let removed = match obj {
            Value::Instance(i) => lock(&i.attrs).remove(name.as_str()),
            Value::Class(c) if c.kind == TypeKind::User => lock(&c.dict).remove(name.as_str()),
            _ => None,
        };
        match removed {
            Some(_) => Ok(()),
            None => Err(self.no_attr(obj, name.as_str())),
        }
    }

    /// `import name`: a fresh module per run (its state, e.g. the random
    /// generator, belongs to the run).
    pub fn import(&mut self, name: &str) -> PyResult<Value> {
        if let Some((_, m)) = lock(&self.interp.modules).iter().find(|(n, _)| n == name) {
            return Ok(m.clone());
        }
        let m = match crate::modules::create_py(self, name) {
            Some(r) => {
                // Another thread may have imported it meanwhile: keep the first.
                let m = r?;
                let mut mods = lock(&self.interp.modules);
                if let Some((_, m0)) = mods.iter().find(|(n, _)| n == name) {
                    return Ok(m0.clone());
                }
                mods.push((name.to_string(), m.clone()));
                drop(mods);
                // `import a.b` makes `b` an attribute of `a`.
                if let Some((parent, child)) = name
                    .rsplit_once('.')
                    .filter(|(p, _)| crate::modules::is_supported(p))
                {
                    if let Value::Module(p) = self.import(parent)? {
                        lock(&p.attrs).set(Arc::new(crate::value::PyStr::new(child)), m.clone());
                    }
                }
                return Ok(m);
            }
            None => crate::modules::create(self, name),
        }
        .ok_or_else(|| new_exc(ExcKind::ModuleNotFoundError, format!("No module named '{name}'")))?;
        lock(&self.interp.modules).push((name.to_string(), m.clone()));
        Ok(m)
    }
}

/// Class attribute accessed through an instance: functions become bound.
fn bind(v: Value, obj: &Value) -> Value {
    match &v {
        Value::Func(_) => Value::Method(Arc::new(BoundMethod {
            func: v,
            receiver: obj.clone(),
        })),
        _ => v,
    }
}

fn builtin_bound(name: &'static str, f: crate::value::NativeFn, recv: Value) -> Value {
    Value::Builtin(Arc::new(Builtin {
        name,
        f,
        receiver: recv,
        fast1: None,
    }))
}

fn exc_identity(_vm: &mut Vm, recv: &Value, _a: Vec<Value>, _k: crate::value::Kwargs) -> PyResult<Value> {
    Ok(recv.clone())
}

/// `object`'s own dunders, reached through an instance or `super()`
/// (e.g. `super().__init__(msg)` in an exception subclass).
pub(crate) fn object_method(n: &str) -> Option<(&'static str, crate::value::NativeFn)> {
    Some(match n {
        "__init__" => ("__init__", object_init),
        "__str__" => ("__str__", object_str),
        "__repr__" => ("__repr__", object_repr),
        "__eq__" => ("__eq__", object_eq),
        "__ne__" => ("__ne__", object_ne),
        "__hash__" => ("__hash__", object_hash),
        _ => return None,
    })
}

/// Receiver: bound, or the first argument when called unbound.
fn recv_args(recv: &Value, mut args: Vec<Value>) -> PyResult<(Value, Vec<Value>)> {
    if !matches!(recv, Value::Null) {
        return Ok((recv.clone(), args));
    }
    if args.is_empty() {
        return Err(type_error("descriptor needs an argument"));
    }
    let r = args.remove(0);
    Ok((r, args))
}

fn object_init(_vm: &mut Vm, recv: &Value, args: Vec<Value>, _k: crate::value::Kwargs) -> PyResult<Value> {
    let (recv, args) = recv_args(recv, args)?;
    if let Value::Instance(i) = &recv {
        if let Some(e) = &i.exc {
            lock(e).args = args;
        }
    }
    Ok(Value::None)
}

fn object_str(vm: &mut Vm, recv: &Value, args: Vec<Value>, _k: crate::value::Kwargs) -> PyResult<Value> {
    let (recv, _) = recv_args(recv, args)?;
    if let Value::Instance(i) = &recv {
        if i.exc.is_some() {
            return Ok(Value::from_string(vm.exc_str(&recv)?));
        }
    }
    object_repr(vm, &recv, vec![], vec![])
}

fn object_repr(vm: &mut Vm, recv: &Value, args: Vec<Value>, _k: crate::value::Kwargs) -> PyResult<Value> {
    let (recv, _) = recv_args(recv, args)?;
    if let Value::Instance(i) = &recv {
        return Ok(Value::from_string(format!(
            "<__main__.{} object at 0x{:x}>",
            i.class.qualname.as_str(),
            recv.id()
        )));
    }
    Ok(Value::from_string(vm.repr(&recv)?))
}

fn object_eq(_vm: &mut Vm, recv: &Value, args: Vec<Value>, _k: crate::value::Kwargs) -> PyResult<Value> {
    let (recv, args) = recv_args(recv, args)?;
    Ok(Value::Bool(args.first().map(|o| o.is(&recv)).unwrap_or(false)))
}

fn object_ne(_vm: &mut Vm, recv: &Value, args: Vec<Value>, _k: crate::value::Kwargs) -> PyResult<Value> {
    let (recv, args) = recv_args(recv, args)?;
    Ok(Value::Bool(!args.first().map(|o| o.is(&recv)).unwrap_or(false)))
}

fn object_hash(_vm: &mut Vm, recv: &Value, args: Vec<Value>, _k: crate::value::Kwargs) -> PyResult<Value> {
    let (recv, _) = recv_args(recv, args)?;
    Ok(Value::Int(recv.id() >> 4))
}
