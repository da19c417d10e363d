//! Calls: binding arguments to a Python function's slots (with CPython's
//! error messages), pushing frames, and calling any value from Rust.

use super::{Frame, FrameKind, Vm};
use crate::bytecode::Code;
use crate::error::{type_error, ExcKind, OrMemory, PyResult};
use crate::heap::{lock, HeapTag, WeakObj};
use crate::value::{AttrMap, Cell, Class, DictMap, Function, Instance, Kwargs, Name, TypeKind, Value};
use std::sync::{Arc, Mutex};

/// Arguments for a call made from Rust.
pub struct CallArgs {
    pub args: Vec<Value>,
    pub kwargs: Kwargs,
}

pub(crate) enum Called {
    /// A frame was pushed; the dispatch loop continues in it.
    Pushed,
    Done(Value),
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn name_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

impl Vm {
    /// Binds the arguments on the stack (`[.., a1..an, kw values]` from
    /// `args_start`) into a fresh locals area and pushes the frame.
    pub(crate) fn push_call_frame(
        &mut self,
        func: &Arc<Function>,
        args_start: usize,
        drop_from: usize,
        kwnames: Option<&[Value]>,
        kind: FrameKind,
    ) -> PyResult<()> {
        if self.frames.len() + self.native_depth >= self.recursion_limit() {
            self.stack.truncate(drop_from);
            return Err(crate::error::new_exc(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        let code: &Arc<Code> = &func.code;
        let sig = &code.sig;
        let lb = self.locals.len();
        let nkw = kwnames.map(|k| k.len()).unwrap_or(0);
        let total = self.stack.len() - args_start;
        let npos = total - nkw;
        self.locals.resize(lb + code.nlocals, None);
        let positional = sig.positional;
        // Fast path: exact positional arguments, nothing else.
        if nkw == 0 && npos == positional && !sig.varargs && !sig.varkw && sig.kwonly == 0 {
            for (i, v) in self.stack.drain(args_start..).enumerate() {
                self.locals[lb + i] = Some(v);
            }
            self.stack.truncate(drop_from);
        } else {
            if let Err(e) = self.bind_slow(func, args_start, npos, kwnames, lb) {
                self.locals.truncate(lb);
                self.stack.truncate(drop_from);
                return Err(e);
            }
            self.stack.truncate(drop_from);
        }
        let mut cells = Vec::new();
        if !code.cell_names.is_empty() || !code.free_names.is_empty() {
            cells.reserve(code.cell_names.len() + code.free_names.len());
            for a in &code.cell_args {
                let v = a.and_then(|a| self.locals[lb + a as usize].clone());
                cells.push(Value::new_cell(v).or_mem()?);
            }
            cells.extend(func.closure.iter().cloned());
        }
        let id = self.next_frame_id();
        self.frames.push(Frame {
            code: code.clone(),
            pc: 0,
            stack_base: self.stack.len(),
            locals_base: lb,
            blocks_base: self.blocks.len(),
            cells,
            kind,
            id,
            ns: None,
            globals: func.globals.clone(),
        });
        Ok(())
    }

    fn bind_slow(
        &mut self,
        func: &Arc<Function>,
        args_start: usize,
        npos: usize,
        kwnames: Option<&[Value]>,
        lb: usize,
    ) -> PyResult<()> {
        let code = &func.code;
        let sig = &code.sig;
        let fname = code.qualname.as_str().to_string();
        let positional = sig.positional;
        let var_slot = positional;
        let kwonly_base = positional + sig.varargs as usize;
        let varkw_slot = kwonly_base + sig.kwonly;
        let take = npos.min(positional);
        for i in 0..take {
            let v = std::mem::replace(&mut self.stack[args_start + i], Value::None);
            self.locals[lb + i] = Some(v);
        }
        if npos > positional {
            if sig.varargs {
                let extra: Vec<Value> = (positional..npos)
                    .map(|i| std::mem::replace(&mut self.stack[args_start + i], Value::None))
                    .collect();
                self.locals[lb + var_slot] = Some(Value::try_tuple(extra).or_mem()?);
            } else {
                let ndef = func.defaults.len();
                let kw_given = kwnames.map(|k| k.len()).unwrap_or(0);
                let takes = if ndef > 0 {
                    format!(
                        "from {} to {} positional arguments",
                        positional - ndef,
                        positional
                    )
                } else {
                    plural(positional, "positional argument")
                };
                let _ = kw_given;
                let was = if npos == 1 { "was" } else { "were" };
                return Err(type_error(format!(
                    "{fname}() takes {takes} but {npos} {was} given"
                )));
            }
        } else if sig.varargs {
            self.locals[lb + var_slot] = Some(Value::try_tuple(Vec::new()).or_mem()?);
        }
        let mut kwdict: Option<DictMap> = if sig.varkw { Some(DictMap::new()) } else { None };
        if let Some(names) = kwnames {
            for (j, nv) in names.iter().enumerate() {
                let Value::Str(name) = nv else { continue };
                let v = std::mem::replace(&mut self.stack[args_start + npos + j], Value::None);
                let idx = sig
                    .params
                    .iter()
                    .position(|p| Arc::ptr_eq(p, name) || p.as_str() == name.as_str());
                match idx {
                    Some(i) if i >= sig.posonly => {
                        let slot = if i < positional {
                            i
                        } else {
                            kwonly_base + (i - positional)
                        };
                        if self.locals[lb + slot].is_some() {
                            return Err(type_error(format!(
                                "{fname}() got multiple values for argument '{}'",
                                name.as_str()
                            )));
                        }
                        self.locals[lb + slot] = Some(v);
                    }
                    _ => match &mut kwdict {
                        Some(d) => {
                            self.dict_set_in(d, nv.clone(), v)?;
                        }
                        None => {
                            if idx.is_some() {
                                return Err(type_error(format!(
                                    "{fname}() got some positional-only arguments passed as keyword arguments: '{}'",
                                    name.as_str()
                                )));
                            }
                            return Err(type_error(format!(
                                "{fname}() got an unexpected keyword argument '{}'",
                                name.as_str()
                            )));
                        }
                    },
                }
            }
        }
        // Defaults for missing positionals.
        let ndef = func.defaults.len();
        let first_def = positional - ndef.min(positional);
        let mut missing = Vec::new();
        for i in 0..positional {
            if self.locals[lb + i].is_none() {
                if i >= first_def {
                    self.locals[lb + i] = Some(func.defaults[i - first_def].clone());
                } else {
                    missing.push(sig.params[i].as_str().to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{fname}() missing {} required positional {}: {}",
                missing.len(),
                if missing.len() == 1 {
                    "argument"
                } else {
                    "arguments"
                },
                name_list(&missing)
            )));
        }
        for j in 0..sig.kwonly {
            let slot = kwonly_base + j;
            if self.locals[lb + slot].is_none() {
                let pname = &sig.params[positional + j];
                match func.kwdefaults.iter().find(|(n, _)| n.as_str() == pname.as_str()) {
                    Some((_, v)) => self.locals[lb + slot] = Some(v.clone()),
                    None => missing.push(pname.as_str().to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{fname}() missing {} required keyword-only {}: {}",
                missing.len(),
                if missing.len() == 1 {
                    "argument"
                } else {
                    "arguments"
                },
                name_list(&missing)
            )));
        }
        if let Some(d) = kwdict {
            self.locals[lb + varkw_slot] = Some(Value::try_dict(d).or_mem()?);
        }
        Ok(())
    }

    /// `Call(argc, kw)` from the dispatch loop: the callable sits below its
    /// arguments on the stack.
    pub(crate) fn call_from_stack(&mut self, argc: usize, kwnames: Option<&[Value]>) -> PyResult<Called> {
        let fpos = self.stack.len() - argc - 1;
        let callable = std::mem::replace(&mut self.stack[fpos], Value::Null);
        match &callable {
            Value::Func(f) => {
                self.push_call_frame(f, fpos + 1, fpos, kwnames, FrameKind::Normal)?;
                if f.code.is_generator {
                    return self.make_generator().map(Called::Done);
                }
                return Ok(Called::Pushed);
            }
            Value::Method(m) => {
                if let Value::Func(f) = &m.func {
                    self.stack[fpos] = m.receiver.clone();
                    self.push_call_frame(f, fpos, fpos, kwnames, FrameKind::Normal)?;
                    return Ok(Called::Pushed);
                }
            }
            Value::Class(c) if c.kind == TypeKind::User => {
                let inst = self.new_instance(c)?;
                match c.lookup("__init__") {
                    Some(Value::Func(f)) => {
                        self.stack[fpos] = inst.clone();
                        self.push_call_frame(&f, fpos, fpos, kwnames, FrameKind::Init(inst))?;
                        return Ok(Called::Pushed);
                    }
                    Some(other) => {
                        let (args, kw) = self.drain_args(fpos + 1, kwnames);
                        self.stack.truncate(fpos);
                        let mut a = vec![inst.clone()];
                        a.extend(args);
                        self.call_value(&other, a, kw)?;
                        return Ok(Called::Done(inst));
                    }
                    None => {
                        let (args, kw) = self.drain_args(fpos + 1, kwnames);
                        self.stack.truncate(fpos);
                        if c.is_exc {
                            self.init_exc_args(&inst, args);
                        } else if !args.is_empty() || !kw.is_empty() {
                            return Err(type_error(format!("{}() takes no arguments", c.name.as_str())));
                        }
                        return Ok(Called::Done(inst));
                    }
                }
            }
            Value::Builtin(b) if argc == 1 && kwnames.is_none() && b.fast1.is_some() => {
                if let Some(f1) = b.fast1 {
                    let a = self.stack.pop().unwrap_or(Value::None);
                    self.stack.truncate(fpos);
                    return f1(self, &a).map(Called::Done);
                }
            }
            Value::Class(c)
                if argc == 1 && kwnames.is_none() && matches!(c.kind, TypeKind::Str | TypeKind::Int) =>
            {
                let a = self.stack.pop().unwrap_or(Value::None);
                self.stack.truncate(fpos);
                let v = match (c.kind, &a) {
                    (TypeKind::Str, Value::Str(_)) => a.clone(),
                    (TypeKind::Str, _) => Value::from_string(self.to_str(&a)?),
                    (TypeKind::Int, Value::Int(_)) => a.clone(),
                    _ => {
                        return crate::builtins::types::construct(self, c, vec![a], Vec::new())
                            .map(Called::Done)
                    }
                };
                return Ok(Called::Done(v));
            }
            _ => {}
        }
        let (args, kw) = self.drain_args(fpos + 1, kwnames);
        self.stack.truncate(fpos);
        self.call_value(&callable, args, kw).map(Called::Done)
    }

    /// Pops the arguments from `start` as a positional vector and kwargs.
    pub(crate) fn drain_args(&mut self, start: usize, kwnames: Option<&[Value]>) -> (Vec<Value>, Kwargs) {
        let mut all: Vec<Value> = self.stack.split_off(start);
        let mut kw = Vec::new();
        if let Some(names) = kwnames {
            let vals = all.split_off(all.len() - names.len());
            for (n, v) in names.iter().zip(vals) {
                if let Value::Str(s) = n {
                    kw.push((s.clone(), v));
                }
            }
        }
        (all, kw)
    }

    /// A new, empty instance of user class `c` (exception state if it
    /// derives from BaseException).
    pub fn new_instance(&mut self, c: &Arc<Class>) -> PyResult<Value> {
        if c.base_kind() != TypeKind::Object && c.base_kind() != TypeKind::Exception {
            return Err(crate::error::new_exc(
                ExcKind::NotImplementedError,
                format!(
                    "subclassing '{}' is not supported in Lockstep yet",
                    crate::error::type_class(c.base_kind()).name.as_str()
                ),
            ));
        }
        let tag = HeapTag::new(96).or_mem()?;
        let inst = Arc::new(Instance {
            class: c.clone(),
            attrs: Mutex::new(AttrMap::default()),
            exc: if c.is_exc {
                Some(Mutex::new(Default::default()))
            } else {
                None
            },
            tag,
            sharing: Default::default(),
        });
        if let Some(h) = inst.tag.heap() {
            h.register(WeakObj::Instance(Arc::downgrade(&inst)));
        }
        Ok(Value::Instance(inst))
    }

    pub(crate) fn init_exc_args(&mut self, inst: &Value, args: Vec<Value>) {
        if let Value::Instance(i) = inst {
            if let Some(e) = &i.exc {
                lock(e).args = args;
            }
        }
    }

    /// Calls any callable from Rust, re-entering the dispatch loop for
    /// Python code.
    pub fn call_value(&mut self, f: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
        // A built-in called this way (a dunder that is a bound built-in
        // method, a sort key) pushes no frame, yet may take any time: no
        // later access may share the earlier one's time (`stamp.rs`).
        self.stamp_mark = None;
        match f {
            Value::Func(func) => self.call_function(func, args, kw, FrameKind::Native),
            Value::Method(m) => {
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(m.receiver.clone());
                a.extend(args);
                self.call_value(&m.func.clone(), a, kw)
            }
            Value::Builtin(b) => (b.f)(self, &b.receiver.clone(), args, kw),
            Value::Class(c) => {
                if c.kind == TypeKind::User {
                    let inst = self.new_instance(c)?;
                    match c.lookup("__init__") {
                        Some(init) => {
                            let mut a = Vec::with_capacity(args.len() + 1);
                            a.push(inst.clone());
                            a.extend(args.iter().cloned());
                            let r = self.call_value(&init, a, kw)?;
                            if !r.is_none() {
                                return Err(type_error(format!(
                                    "__init__() should return None, not '{}'",
                                    self.type_name(&r)
                                )));
                            }
                            if c.is_exc {
                                // BaseException.__new__ keeps the args even
                                // when __init__ does not pass them on.
                                if let Value::Instance(i) = &inst {
                                    if let Some(e) = &i.exc {
                                        let mut g = lock(e);
                                        if g.args.is_empty() {
                                            g.args = args;
                                        }
                                    }
                                }
                            }
                        }
                        None => {
                            if c.is_exc {
                                self.init_exc_args(&inst, args);
                            } else if !args.is_empty() || !kw.is_empty() {
                                return Err(type_error(format!("{}() takes no arguments", c.name.as_str())));
                            }
                        }
                    }
                    Ok(inst)
                } else {
                    crate::builtins::types::construct(self, c, args, kw)
                }
            }
            Value::Instance(i) => match i.class.lookup("__call__") {
                Some(m) => {
                    let mut a = vec![f.clone()];
                    a.extend(args);
                    self.call_value(&m, a, kw)
                }
                None => Err(type_error(format!(
                    "'{}' object is not callable",
                    i.class.name.as_str()
                ))),
            },
            other => Err(type_error(format!(
                "'{}' object is not callable",
                self.type_name(other)
            ))),
        }
    }

    fn call_function(
        &mut self,
        func: &Arc<Function>,
        args: Vec<Value>,
        kw: Kwargs,
        kind: FrameKind,
    ) -> PyResult<Value> {
        self.push_native_depth()?;
        let start = self.stack.len();
        self.stack.extend(args);
        let names: Vec<Value> = kw.iter().map(|(n, _)| Value::Str(n.clone())).collect();
        for (_, v) in kw {
            self.stack.push(v);
        }
        let kwn = if names.is_empty() { None } else { Some(&names[..]) };
        let r = match self.push_call_frame(func, start, start, kwn, kind) {
            Ok(()) if func.code.is_generator => self.make_generator(),
            Ok(()) => {
                let base = self.frames.len() - 1;
                self.run_frames(base)
            }
            Err(e) => Err(e),
        };
        self.pop_native_depth();
        r
    }

    /// Calls method `name` of `obj` (looked up on its class) from Rust.
    pub fn call_method(&mut self, obj: &Value, name: &str, args: Vec<Value>) -> PyResult<Value> {
        let m = self.get_attr_str(obj, name)?;
        self.call_value(&m, args, Vec::new())
    }

    /// A user-class dunder of `obj`, if defined (not instance attributes).
    pub fn dunder(&self, obj: &Value, name: &str) -> Option<Value> {
        match obj {
            Value::Instance(i) => i.class.lookup(name),
            _ => None,
        }
    }

    /// Calls dunder `name` on an instance if defined.
    pub fn call_dunder(&mut self, obj: &Value, name: &str, args: Vec<Value>) -> PyResult<Option<Value>> {
        match self.dunder(obj, name) {
            Some(m) => {
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(obj.clone());
                a.extend(args);
                self.call_value(&m, a, Vec::new()).map(Some)
            }
            None => Ok(None),
        }
    }

    pub(crate) fn make_function(
        &mut self,
        code: Arc<Code>,
        defaults: Vec<Value>,
        kwdefaults: Vec<(Name, Value)>,
        closure: Vec<Arc<Cell>>,
    ) -> PyResult<Value> {
        let tag = HeapTag::new(128).or_mem()?;
        let qualname = code.qualname.clone();
        Ok(Value::Func(Arc::new(Function {
            code,
            qualname,
            defaults: defaults.into_boxed_slice(),
            kwdefaults: kwdefaults.into_boxed_slice(),
            closure: closure.into_boxed_slice(),
            globals: self.globals(),
            tag,
        })))
    }
}
