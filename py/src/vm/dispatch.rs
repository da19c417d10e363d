//! The dispatch loop and exception unwinding.

use super::call::Called;
use super::{Block, BlockKind, FrameKind, Vm};
use crate::bytecode::{BinOp, CmpOp, Op};
use crate::error::{exc_class, exc_is, new_exc, type_error, Exc, ExcKind, OrMemory, PyResult};
use crate::heap::lock;
use crate::value::{AttrMap, Class, DictMap, IterState, SetTable, TbEntry, TypeKind, Value};
use lockstep_core::trace::{Op as TOp, Phase};
use std::sync::{Arc, Mutex};

/// What a traced load or store records for an unbound global.
pub(crate) const UNBOUND: i64 = i64::MIN;

/// Whether a global's value is data a learner shares (traced), rather than
/// a function, class or module (defined once, read everywhere).
pub(crate) fn is_data(v: &Value) -> bool {
    !matches!(
        v,
        Value::Func(_)
            | Value::Class(_)
            | Value::Module(_)
            | Value::Builtin(_)
            | Value::Method(_)
            | Value::Null
    )
}

/// The i64 a traced event carries for a value: ints as themselves, bools
/// 0/1, `None` as `trace::NONE_VALUE`, a string of up to 7 bytes as its
/// text (`trace::text_value`), any other object an identity in the
/// trace's opaque range (`trace::opaque`: floats by their bits, the rest
/// by address, stable while the object lives), which the page shows as
/// "an object" rather than as a number.
pub(crate) fn trace_value(v: &Value) -> i64 {
    use lockstep_core::trace::{opaque, NONE_VALUE};
    let addr = |p: *const u8| opaque(p as usize as u64);
    match v {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::None => NONE_VALUE,
        Value::Float(f) => opaque(f.to_bits()),
        Value::Str(a) => {
            lockstep_core::trace::text_value(a.as_str()).unwrap_or_else(|| addr(Arc::as_ptr(a) as *const u8))
        }
        Value::List(a) => addr(Arc::as_ptr(a) as *const u8),
        Value::Tuple(a) => addr(Arc::as_ptr(a) as *const u8),
        Value::Dict(a) => addr(Arc::as_ptr(a) as *const u8),
        Value::Set(a) => addr(Arc::as_ptr(a) as *const u8),
        Value::Instance(a) => addr(Arc::as_ptr(a) as *const u8),
        Value::Big(a) => addr(Arc::as_ptr(a) as *const u8),
        _ => opaque(0),
    }
}

/// The packed source position (line, column) of op `at` of `code`.
pub(crate) fn pos_of(code: &crate::bytecode::Code, at: usize) -> u32 {
    let packed = code.trace_pos.get_or_init(|| {
        code.pos
            .iter()
            .map(|&off| lockstep_core::trace::pack_pos(code.source.line_of(off), code.source.col_of(off)))
            .collect()
    });
    packed.get(at).copied().unwrap_or(0)
}

impl Vm {
    /// Runs until the frame at index `base` returns; its value is the result.
    pub(crate) fn run_frames(&mut self, base: usize) -> PyResult<Value> {
        loop {
            match self.dispatch(base) {
                Ok(v) => return Ok(v),
                Err(Exc::Stop(s)) => {
                    while self.frames.len() > base {
                        self.pop_frame();
                    }
                    return Err(Exc::Stop(s));
                }
                Err(Exc::Raise(e)) => self.unwind(e, base)?,
            }
        }
    }

    pub(crate) fn pop_frame(&mut self) -> Option<super::Frame> {
        self.stamp_mark = None;
        let f = self.frames.pop()?;
        self.stack.truncate(f.stack_base);
        self.locals.truncate(f.locals_base);
        // Leaving handlers restores the handled-exception stack.
        while self.blocks.len() > f.blocks_base {
            if let Some(b) = self.blocks.pop() {
                if b.kind == BlockKind::Handler {
                    self.exc_info.truncate(b.exc_depth as usize);
                }
            }
        }
        Some(f)
    }

    /// Finds a handler for `exc` in the frames above `base`; Err if none.
    fn unwind(&mut self, exc: Value, base: usize) -> PyResult<()> {
        self.stamp_mark = None;
        // A new exception gets its context: the one being handled.
        if let Value::Instance(inst) = &exc {
            if let Some(ed) = &inst.exc {
                let mut g = lock(ed);
                if g.traceback.is_empty() && g.context.is_none() {
                    if let Some(top) = self.exc_info.last() {
                        if !top.is(&exc) {
                            g.context = Some(top.clone());
                        }
                    }
                }
            }
        }
        loop {
            let Some(f) = self.frames.last() else {
                return Err(Exc::Raise(exc));
            };
            let fpc = f.pc.saturating_sub(1) as u32;
            let fid = f.id;
            let code = f.code.clone();
            let blocks_base = f.blocks_base;
            let stack_base = f.stack_base;
            if let Value::Instance(inst) = &exc {
                if let Some(ed) = &inst.exc {
                    let mut g = lock(ed);
                    if g.traceback.last().map(|t| t.frame_id) != Some(fid) {
                        g.traceback.push(TbEntry {
                            code,
                            pc: fpc,
                            frame_id: fid,
                        });
                    }
                }
            }
            while self.blocks.len() > blocks_base {
                let Some(b) = self.blocks.pop() else { break };
                match b.kind {
                    BlockKind::Handler => self.exc_info.truncate(b.exc_depth as usize),
                    BlockKind::Try => {
                        self.stack.truncate(stack_base + b.depth as usize);
                        self.blocks.push(Block {
                            kind: BlockKind::Handler,
                            handler: 0,
                            depth: b.depth,
                            exc_depth: self.exc_info.len() as u32,
                        });
                        self.exc_info.push(exc.clone());
                        self.stack.push(exc);
                        if let Some(f) = self.frames.last_mut() {
                            f.pc = b.handler as usize;
                        }
                        return Ok(());
                    }
                }
            }
            if self.frames.len() - 1 <= base {
                self.pop_frame();
                return Err(Exc::Raise(exc));
            }
            self.pop_frame();
        }
    }

    #[inline]
    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::None)
    }

    #[inline]
    fn top(&self) -> &Value {
        self.stack.last().unwrap_or(&Value::None)
    }

    fn dispatch(&mut self, base: usize) -> PyResult<Value> {
        'frame: loop {
            let fi = self.frames.len() - 1;
            let code = self.frames[fi].code.clone();
            let ops: &[Op] = &code.ops;
            let lb = self.frames[fi].locals_base;
            let sb = self.frames[fi].stack_base;
            // The learner's code: shared objects' attributes and items
            // are traced (vm/shared.rs).
            let traced = self.frames[fi].globals.is_traced();
            let mut pc = self.frames[fi].pc;
            loop {
                let Some(&op) = ops.get(pc) else {
                    return Err(new_exc(ExcKind::SystemError, "bad pc"));
                };
                pc += 1;
                // The frame's pc is written back only before work that can
                // fail or re-enter (`sync!`), not on every instruction.
                macro_rules! sync {
                    () => {
                        self.frames[fi].pc = pc
                    };
                }
                // A call in the learner's code: the events the primitives
                // record under it (an acquire, a get, a sleep) are drawn
                // at its line (`Ctx::set_pos`).
                macro_rules! here {
                    () => {
                        if traced {
                            self.ctx.set_pos(pos_of(&code, pc - 1));
                        }
                    };
                }
                match op {
                    Op::Nop => {}
                    Op::Pop => {
                        self.stack.pop();
                    }
                    Op::Dup => {
                        let v = self.top().clone();
                        self.stack.push(v);
                    }
                    Op::Dup2 => {
                        let n = self.stack.len();
                        let a = self.stack[n - 2].clone();
                        let b = self.stack[n - 1].clone();
                        self.stack.push(a);
                        self.stack.push(b);
                    }
                    Op::Rot2 => {
                        let n = self.stack.len();
                        self.stack.swap(n - 1, n - 2);
                    }
                    Op::Rot3 => {
                        let v = self.pop();
                        let n = self.stack.len();
                        self.stack.insert(n - 2, v);
                    }
                    Op::LoadConst(i) => {
                        let v = code.consts[i as usize].clone();
                        self.stack.push(v);
                    }
                    Op::LoadInt(i) => self.stack.push(Value::Int(i as i64)),
                    Op::LoadFast(i) => match &self.locals[lb + i as usize] {
                        Some(v) => {
                            let v = v.clone();
                            self.stack.push(v);
                        }
                        None => {
                            sync!();
                            return Err(new_exc(
                                ExcKind::UnboundLocalError,
                                format!(
                                "cannot access local variable '{}' where it is not associated with a value",
                                code.local_names[i as usize].as_str()
                            ),
                            ));
                        }
                    },
                    Op::StoreFast(i) => {
                        let v = self.pop();
                        self.locals[lb + i as usize] = Some(v);
                    }
                    Op::DeleteFast(i) => {
                        sync!();
                        if self.locals[lb + i as usize].take().is_none() {
                            return Err(new_exc(
                                ExcKind::UnboundLocalError,
                                format!(
                                    "cannot access local variable '{}' where it is not associated with a value",
                                    code.local_names[i as usize].as_str()
                                ),
                            ));
                        }
                    }
                    Op::LoadDeref(i) => {
                        sync!();
                        let cell = self.frames[fi].cells[i as usize].clone();
                        let v = lock(&cell.value).clone();
                        match v {
                            Some(v) => self.stack.push(v),
                            None => {
                                let name = self.deref_name(&code, i as usize);
                                return Err(new_exc(
                                    ExcKind::NameError,
                                    format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                                ));
                            }
                        }
                    }
                    Op::StoreDeref(i) => {
                        sync!();
                        let v = self.pop();
                        let cell = self.frames[fi].cells[i as usize].clone();
                        let old = lock(&cell.value).replace(v);
                        drop(old);
                    }
                    Op::DeleteDeref(i) => {
                        sync!();
                        let cell = self.frames[fi].cells[i as usize].clone();
                        let old = lock(&cell.value).take();
                        drop(old);
                    }
                    Op::LoadClosure(i) => {
                        sync!();
                        let cell = self.frames[fi].cells[i as usize].clone();
                        self.stack.push(Value::Cell(cell));
                    }
                    Op::LoadGlobal(i) => {
                        sync!();
                        let v = if self.frames[fi].globals.is_traced() {
                            self.load_global_traced(fi, i as usize, pc - 1)?
                        } else {
                            self.load_global(fi, i as usize)?
                        };
                        self.stack.push(v);
                    }
                    Op::StoreGlobal(i) => {
                        sync!();
                        let v = self.pop();
                        let g = self.frames[fi].globals.clone();
                        let old = if g.is_traced() {
                            self.store_global_traced(&g, i as usize, Some(v), &code, pc - 1)?
                        } else {
                            lock(&g.slots[i as usize]).replace(v)
                        };
                        drop(old);
                    }
                    Op::DeleteGlobal(i) => {
                        sync!();
                        let g = self.frames[fi].globals.clone();
                        let old = if g.is_traced() {
                            self.store_global_traced(&g, i as usize, None, &code, pc - 1)?
                        } else {
                            lock(&g.slots[i as usize]).take()
                        };
                        if old.is_none() {
                            let name = g.program.globals[i as usize].name.clone();
                            return Err(new_exc(
                                ExcKind::NameError,
                                format!("name '{}' is not defined", name.as_str()),
                            ));
                        }
                    }
                    Op::LoadName(i) => {
                        sync!();
                        let name = code.names[i as usize].clone();
                        let found = self.frames[fi].ns.as_ref().and_then(|ns| ns.get_interned(&name));
                        let v = match found {
                            Some(v) => v,
                            None => {
                                let g = self.frames[fi].globals.clone();
                                match g.index_of(name.as_str()) {
                                    Some(gi) => self.load_global(fi, gi)?,
                                    None => match crate::builtins::lookup(name.as_str()) {
                                        Some(b) => b,
                                        None => {
                                            return Err(new_exc(
                                                ExcKind::NameError,
                                                format!("name '{}' is not defined", name.as_str()),
                                            ))
                                        }
                                    },
                                }
                            }
                        };
                        self.stack.push(v);
                    }
                    Op::StoreName(i) => {
                        sync!();
                        let v = self.pop();
                        let name = code.names[i as usize].clone();
                        if let Some(ns) = self.frames[fi].ns.as_mut() {
                            ns.set(name, v);
                        }
                    }
                    Op::DeleteName(i) => {
                        sync!();
                        let name = code.names[i as usize].clone();
                        let removed = self.frames[fi]
                            .ns
                            .as_mut()
                            .and_then(|ns| ns.remove(name.as_str()));
                        if removed.is_none() {
                            return Err(new_exc(
                                ExcKind::NameError,
                                format!("name '{}' is not defined", name.as_str()),
                            ));
                        }
                    }
                    Op::LoadAttr(i) => {
                        sync!();
                        let obj = self.pop();
                        let name = &code.names[i as usize];
                        let shared = match traced {
                            true => self.load_attr_shared(&obj, name, &code, pc - 1)?,
                            false => None,
                        };
                        let v = match shared {
                            Some(v) => v,
                            None => self.get_attr(&obj, name)?,
                        };
                        self.stack.push(v);
                    }
                    Op::StoreAttr(i) => {
                        sync!();
                        let obj = self.pop();
                        let v = self.pop();
                        let name = &code.names[i as usize];
                        let v = match traced {
                            true => self.store_attr_shared(&obj, name, v, &code, pc - 1)?,
                            false => Some(v),
                        };
                        if let Some(v) = v {
                            self.set_attr(&obj, name, v)?;
                        }
                    }
                    Op::DeleteAttr(i) => {
                        sync!();
                        let obj = self.pop();
                        self.del_attr(&obj, &code.names[i as usize])?;
                    }
                    Op::LoadMethod(i) => {
                        sync!();
                        let obj = self.pop();
                        // Inline cache for methods of built-in types.
                        let kind = Vm::kind_of(&obj);
                        let cacheable = !matches!(
                            kind,
                            TypeKind::User | TypeKind::Type | TypeKind::Module | TypeKind::Exception
                        );
                        if cacheable {
                            let c = code.method_cache[i as usize].load(std::sync::atomic::Ordering::Relaxed);
                            if c != 0 && (c - 1) >> 16 == kind as u32 {
                                self.stack.push(Value::NativeMeth(((c - 1) & 0xffff) as u16));
                                self.stack.push(obj);
                                continue;
                            }
                        }
                        let (a, b) = self.load_method(obj, &code.names[i as usize])?;
                        if let (Value::NativeMeth(sym), true) = (&a, cacheable) {
                            code.method_cache[i as usize].store(
                                ((kind as u32) << 16 | *sym as u32) + 1,
                                std::sync::atomic::Ordering::Relaxed,
                            );
                        }
                        self.stack.push(a);
                        self.stack.push(b);
                    }
                    Op::CallMethod(argc, kw) => {
                        sync!();
                        here!();
                        self.eval_breaker()?;
                        let argc = argc as usize;
                        let kwn = if kw == u16::MAX {
                            None
                        } else {
                            match &code.consts[kw as usize] {
                                Value::Tuple(t) => Some(t.clone()),
                                _ => None,
                            }
                        };
                        let kwnames = kwn.as_ref().map(|t| &t.items[..]);
                        let mpos = self.stack.len() - argc - 2;
                        match &self.stack[mpos] {
                            Value::Null => {
                                self.stack.remove(mpos);
                                match self.call_from_stack(argc, kwnames)? {
                                    Called::Pushed => continue 'frame,
                                    Called::Done(v) => self.stack.push(v),
                                }
                            }
                            Value::NativeMeth(sym) => {
                                let sym = *sym;
                                // `lst.append(x)`: the commonest call of all.
                                if argc == 1
                                    && kwnames.is_none()
                                    && sym == crate::builtins::methods::append_sym()
                                {
                                    let v = self.pop();
                                    let recv = self.pop();
                                    self.stack.pop();
                                    if let Value::List(l) = &recv {
                                        self.list_push(l, v)?;
                                        self.stack.push(Value::None);
                                        continue;
                                    }
                                    return Err(type_error("descriptor 'append' requires a 'list' object"));
                                }
                                let (args, kwargs) = self.drain_args(mpos + 2, kwnames);
                                let recv = self.pop();
                                self.stack.pop();
                                let v = crate::builtins::methods::call(self, sym, &recv, args, kwargs)?;
                                self.stack.push(v);
                            }
                            _ => match self.call_from_stack(argc + 1, kwnames)? {
                                Called::Pushed => continue 'frame,
                                Called::Done(v) => self.stack.push(v),
                            },
                        }
                    }
                    Op::Call(argc, kw) => {
                        sync!();
                        here!();
                        self.eval_breaker()?;
                        let kwn = if kw == u16::MAX {
                            None
                        } else {
                            match &code.consts[kw as usize] {
                                Value::Tuple(t) => Some(t.clone()),
                                _ => None,
                            }
                        };
                        let kwnames = kwn.as_ref().map(|t| &t.items[..]);
                        match self.call_from_stack(argc as usize, kwnames)? {
                            Called::Pushed => continue 'frame,
                            Called::Done(v) => self.stack.push(v),
                        }
                    }
                    Op::CallEx => {
                        sync!();
                        self.eval_breaker()?;
                        let kwargs = self.pop();
                        let args = self.pop();
                        let f = self.pop();
                        let args: Vec<Value> = match &args {
                            Value::Tuple(t) => t.items.to_vec(),
                            _ => Vec::new(),
                        };
                        let mut kw = Vec::new();
                        if let Value::Dict(d) = &kwargs {
                            for e in lock(&d.map).iter() {
                                match &e.key {
                                    Value::Str(s) => kw.push((s.clone(), e.value.clone())),
                                    _ => return Err(type_error("keywords must be strings")),
                                }
                            }
                        }
                        // Python functions get a frame here (no Rust recursion).
                        if let Value::Func(func) = &f {
                            let start = self.stack.len();
                            let names: Vec<Value> = kw.iter().map(|(n, _)| Value::Str(n.clone())).collect();
                            self.stack.extend(args);
                            self.stack.extend(kw.into_iter().map(|(_, v)| v));
                            let kwn = if names.is_empty() { None } else { Some(&names[..]) };
                            self.push_call_frame(func, start, start, kwn, FrameKind::Normal)?;
                            continue 'frame;
                        }
                        let v = self.call_value(&f, args, kw)?;
                        self.stack.push(v);
                    }
                    Op::Binary(bop) => {
                        let b = self.pop();
                        let n = self.stack.len();
                        let a = &mut self.stack[n - 1];
                        // Small-int fast paths.
                        if let (Value::Int(x), Value::Int(y)) = (&*a, &b) {
                            let r = match bop {
                                BinOp::Add => x.checked_add(*y),
                                BinOp::Sub => x.checked_sub(*y),
                                BinOp::Mul => x.checked_mul(*y),
                                BinOp::Mod if *y > 0 && *x >= 0 => Some(x % y),
                                BinOp::FloorDiv if *y > 0 && *x >= 0 => Some(x / y),
                                _ => None,
                            };
                            if let Some(r) = r {
                                *a = Value::Int(r);
                                continue;
                            }
                        }
                        sync!();
                        let a = self.pop();
                        let v = self.binary(bop, a, b)?;
                        self.stack.push(v);
                    }
                    Op::Inplace(bop) => {
                        let b = self.pop();
                        let n = self.stack.len();
                        let a = &mut self.stack[n - 1];
                        if let (Value::Int(x), Value::Int(y)) = (&*a, &b) {
                            let r = match bop {
                                BinOp::Add => x.checked_add(*y),
                                BinOp::Sub => x.checked_sub(*y),
                                BinOp::Mul => x.checked_mul(*y),
                                _ => None,
                            };
                            if let Some(r) = r {
                                *a = Value::Int(r);
                                continue;
                            }
                        }
                        sync!();
                        // `s += t` where s is a local string held nowhere else:
                        // append in place (CPython's trick: the local's own
                        // reference is dropped when the next op stores back).
                        if let (BinOp::Add, Value::Str(bs)) = (bop, &b) {
                            if let Some(Op::StoreFast(j)) = ops.get(pc) {
                                let slot = lb + *j as usize;
                                let same = matches!((&self.locals[slot], &self.stack[n - 1]),
                                    (Some(Value::Str(x)), Value::Str(y)) if Arc::ptr_eq(x, y));
                                if same && self.interp.heap.fits(bs.len()) {
                                    self.locals[slot] = None;
                                }
                            }
                            if let Value::Str(a) = &mut self.stack[n - 1] {
                                if let Some(ms) = Arc::get_mut(a) {
                                    ms.append(bs);
                                    continue;
                                }
                            }
                        }
                        let a = self.pop();
                        let v = self.inplace(bop, a, b)?;
                        self.stack.push(v);
                    }
                    Op::Compare(cop) => {
                        let b = self.pop();
                        let n = self.stack.len();
                        let a = &mut self.stack[n - 1];
                        if let (Value::Int(x), Value::Int(y)) = (&*a, &b) {
                            let r = match cop {
                                CmpOp::Lt => Some(x < y),
                                CmpOp::Le => Some(x <= y),
                                CmpOp::Eq => Some(x == y),
                                CmpOp::Ne => Some(x != y),
                                CmpOp::Gt => Some(x > y),
                                CmpOp::Ge => Some(x >= y),
                                _ => None,
                            };
                            if let Some(r) = r {
                                *a = Value::Bool(r);
                                continue;
                            }
                        }
                        sync!();
                        let a = self.pop();
                        let v = self.compare(cop, &a, &b)?;
                        self.stack.push(v);
                    }
                    Op::Neg => {
                        sync!();
                        let a = self.pop();
                        let v = self.neg(a)?;
                        self.stack.push(v);
                    }
                    Op::Pos => {
                        sync!();
                        let a = self.pop();
                        let v = self.pos(a)?;
                        self.stack.push(v);
                    }
                    Op::Invert => {
                        sync!();
                        let a = self.pop();
                        let v = self.invert(a)?;
                        self.stack.push(v);
                    }
                    Op::Not => {
                        sync!();
                        let a = self.pop();
                        let t = self.truthy(&a)?;
                        self.stack.push(Value::Bool(!t));
                    }
                    Op::Jump(t) => {
                        if (t as usize) < pc {
                            sync!();
                            self.eval_breaker()?;
                        }
                        pc = t as usize;
                    }
                    Op::JumpIfFalse(t) => {
                        let v = self.pop();
                        let b = match v {
                            Value::Bool(b) => b,
                            v => {
                                sync!();
                                self.truthy(&v)?
                            }
                        };
                        if !b {
                            if (t as usize) < pc {
                                sync!();
                                self.eval_breaker()?;
                            }
                            pc = t as usize;
                        }
                    }
                    Op::CmpJumpIfFalse(cop, t) => {
                        let b = self.pop();
                        let a = self.pop();
                        let r = match (&a, &b) {
                            (Value::Int(x), Value::Int(y)) => match cop {
                                CmpOp::Lt => Some(x < y),
                                CmpOp::Le => Some(x <= y),
                                CmpOp::Eq => Some(x == y),
                                CmpOp::Ne => Some(x != y),
                                CmpOp::Gt => Some(x > y),
                                CmpOp::Ge => Some(x >= y),
                                _ => None,
                            },
                            _ => None,
                        };
                        let truth = match r {
                            Some(r) => r,
                            None => {
                                sync!();
                                let v = self.compare(cop, &a, &b)?;
                                match v {
                                    Value::Bool(b) => b,
                                    v => self.truthy(&v)?,
                                }
                            }
                        };
                        if !truth {
                            if (t as usize) < pc {
                                sync!();
                                self.eval_breaker()?;
                            }
                            pc = t as usize;
                        }
                    }
                    Op::JumpIfTrue(t) => {
                        let v = self.pop();
                        let b = match v {
                            Value::Bool(b) => b,
                            v => {
                                sync!();
                                self.truthy(&v)?
                            }
                        };
                        if b {
                            if (t as usize) < pc {
                                sync!();
                                self.eval_breaker()?;
                            }
                            pc = t as usize;
                        }
                    }
                    Op::JumpIfFalseOrPop(t) => {
                        sync!();
                        let v = self.top().clone();
                        if !self.truthy(&v)? {
                            pc = t as usize;
                        } else {
                            self.stack.pop();
                        }
                    }
                    Op::JumpIfTrueOrPop(t) => {
                        sync!();
                        let v = self.top().clone();
                        if self.truthy(&v)? {
                            pc = t as usize;
                        } else {
                            self.stack.pop();
                        }
                    }
                    Op::GetIter => {
                        sync!();
                        let v = self.pop();
                        let it = self.get_iter_local(v)?;
                        self.stack.push(it);
                    }
                    Op::YieldValue => {
                        sync!();
                        let v = self.pop();
                        self.yielded = self.suspend_top();
                        return Ok(v);
                    }
                    Op::ForIter(t) => {
                        // Fast paths: a range or list iterator owned only by
                        // this loop needs no lock.
                        let n = self.stack.len();
                        if let Value::Iter(arc) = &mut self.stack[n - 1] {
                            if let Some(it) = Arc::get_mut(arc) {
                                let st = it.state.get_mut();
                                if let Ok(IterState::List { list, idx }) = st {
                                    let next = lock(&list.items).get(*idx).cloned();
                                    match next {
                                        Some(v) => {
                                            *idx += 1;
                                            self.stack.push(v);
                                        }
                                        None => {
                                            self.stack.pop();
                                            pc = t as usize;
                                        }
                                    }
                                    continue;
                                }
                                if let Ok(IterState::Range { cur, stop, step }) = st {
                                    {
                                        let c = *cur;
                                        if (*step > 0 && c < *stop) || (*step < 0 && c > *stop) {
                                            *cur = c.wrapping_add(*step);
                                            if (*step > 0 && *cur < c) || (*step < 0 && *cur > c) {
                                                // overflow: next round ends
                                                *cur = *stop;
                                            }
                                            self.stack.push(Value::Int(c));
                                            continue;
                                        } else {
                                            self.stack.pop();
                                            pc = t as usize;
                                            continue;
                                        }
                                    }
                                }
                            }
                        }
                        sync!();
                        let it = self.stack[n - 1].clone();
                        match self.iter_next(&it)? {
                            Some(v) => self.stack.push(v),
                            None => {
                                self.stack.pop();
                                pc = t as usize;
                            }
                        }
                    }
                    Op::BuildList(n) => {
                        sync!();
                        let items = self.stack.split_off(self.stack.len() - n as usize);
                        self.stack.push(Value::try_list(items).or_mem()?);
                    }
                    Op::BuildTuple(n) => {
                        sync!();
                        let items = self.stack.split_off(self.stack.len() - n as usize);
                        self.stack.push(Value::try_tuple(items).or_mem()?);
                    }
                    Op::BuildSet(n) => {
                        sync!();
                        let items = self.stack.split_off(self.stack.len() - n as usize);
                        let s = Value::try_set(SetTable::new(), false).or_mem()?;
                        for it in items {
                            self.set_add(&s, it)?;
                        }
                        self.stack.push(s);
                    }
                    Op::BuildMap(n) => {
                        sync!();
                        let items = self.stack.split_off(self.stack.len() - 2 * n as usize);
                        let d = Value::try_dict(DictMap::new()).or_mem()?;
                        let mut it = items.into_iter();
                        while let (Some(k), Some(v)) = (it.next(), it.next()) {
                            self.setitem(&d, k, v)?;
                        }
                        self.stack.push(d);
                    }
                    Op::BuildSlice(n) => {
                        sync!();
                        let step = if n == 3 { self.pop() } else { Value::None };
                        let stop = self.pop();
                        let start = self.pop();
                        self.stack
                            .push(Value::Slice(Arc::new(crate::value::Slice { start, stop, step })));
                    }
                    Op::ListAppend(d) => {
                        sync!();
                        let v = self.pop();
                        let n = self.stack.len();
                        if let Value::List(l) = &self.stack[n - d as usize] {
                            let l = l.clone();
                            self.list_push(&l, v)?;
                        }
                    }
                    Op::SetAdd(d) => {
                        sync!();
                        let v = self.pop();
                        let n = self.stack.len();
                        let s = self.stack[n - d as usize].clone();
                        self.set_add(&s, v)?;
                    }
                    Op::MapAdd(d) => {
                        sync!();
                        let v = self.pop();
                        let k = self.pop();
                        let n = self.stack.len();
                        let m = self.stack[n - (d as usize - 1)].clone();
                        self.setitem(&m, k, v)?;
                    }
                    Op::ListExtend(d) => {
                        sync!();
                        let v = self.pop();
                        let n = self.stack.len();
                        let l = self.stack[n - d as usize].clone();
                        let items = self.collect(&v)?;
                        if let Value::List(l) = &l {
                            for it in items {
                                self.list_push(l, it)?;
                            }
                        }
                    }
                    Op::StarArgs => {
                        sync!();
                        let v = self.pop();
                        let n = self.stack.len();
                        let l = self.stack[n - 1].clone();
                        let f = self.stack[n - 2].clone();
                        let items = match self.collect(&v) {
                            Ok(i) => i,
                            Err(Exc::Raise(e))
                                if exc_is(&e, ExcKind::TypeError) && !matches!(v, Value::Instance(_)) =>
                            {
                                return Err(type_error(format!(
                                    "{} argument after * must be an iterable, not {}",
                                    self.callable_desc(&f),
                                    self.type_name(&v)
                                )))
                            }
                            Err(e) => return Err(e),
                        };
                        if let Value::List(l) = &l {
                            for it in items {
                                self.list_push(l, it)?;
                            }
                        }
                    }
                    Op::StarKwargs => {
                        sync!();
                        let v = self.pop();
                        let n = self.stack.len();
                        let m = self.stack[n - 1].clone();
                        let Value::Dict(src) = &v else {
                            let f = self.stack[n - 3].clone();
                            return Err(type_error(format!(
                                "{} argument after ** must be a mapping, not {}",
                                self.callable_desc(&f),
                                self.type_name(&v)
                            )));
                        };
                        let entries: Vec<(Value, Value)> = lock(&src.map)
                            .iter()
                            .map(|e| (e.key.clone(), e.value.clone()))
                            .collect();
                        for (k, val) in entries {
                            if self.dict_get(&m, &k)?.is_some() {
                                let f = self.stack[n - 3].clone();
                                let ks = self.to_str(&k)?;
                                return Err(type_error(format!(
                                    "{} got multiple values for keyword argument '{}'",
                                    self.callable_desc(&f),
                                    ks
                                )));
                            }
                            self.setitem(&m, k, val)?;
                        }
                    }
                    Op::SetUpdate(d) => {
                        sync!();
                        let v = self.pop();
                        let n = self.stack.len();
                        let s = self.stack[n - d as usize].clone();
                        for it in self.collect(&v)? {
                            self.set_add(&s, it)?;
                        }
                    }
                    Op::DictUpdate(d) => {
                        sync!();
                        let v = self.pop();
                        let n = self.stack.len();
                        let m = self.stack[n - d as usize].clone();
                        match &v {
                            Value::Dict(src) => {
                                let entries: Vec<(Value, Value)> = lock(&src.map)
                                    .iter()
                                    .map(|e| (e.key.clone(), e.value.clone()))
                                    .collect();
                                for (k, val) in entries {
                                    self.setitem(&m, k, val)?;
                                }
                            }
                            other => {
                                return Err(type_error(format!(
                                    "'{}' object is not a mapping",
                                    self.type_name(other)
                                )))
                            }
                        }
                    }
                    Op::ListToTuple => {
                        sync!();
                        let v = self.pop();
                        let items = match &v {
                            Value::List(l) => std::mem::take(&mut *lock(&l.items)),
                            _ => Vec::new(),
                        };
                        self.stack.push(Value::try_tuple(items).or_mem()?);
                    }
                    Op::BuildString(n) => {
                        sync!();
                        let parts = self.stack.split_off(self.stack.len() - n as usize);
                        let mut s = String::new();
                        for p in &parts {
                            match p {
                                Value::Str(x) => s.push_str(x.as_str()),
                                other => s.push_str(&self.to_str(other)?),
                            }
                        }
                        self.check_str_size(s.len())?;
                        self.stack.push(Value::from_string(s));
                    }
                    Op::FormatValue(flags) => {
                        sync!();
                        let spec = if flags & 4 != 0 { Some(self.pop()) } else { None };
                        let v = self.pop();
                        let v = match flags & 3 {
                            1 => Value::from_string(self.to_str(&v)?),
                            2 => Value::from_string(self.repr(&v)?),
                            3 => Value::from_string(crate::format::ascii(&self.repr(&v)?)),
                            _ => v,
                        };
                        let spec_s = match &spec {
                            Some(Value::Str(s)) => s.as_str().to_string(),
                            _ => String::new(),
                        };
                        let s = self.format_spec(&v, &spec_s)?;
                        self.stack.push(Value::from_string(s));
                    }
                    Op::Subscr => {
                        sync!();
                        let k = self.pop();
                        let o = self.pop();
                        let shared = match traced {
                            true => self.subscr_shared(&o, &k, &code, pc - 1)?,
                            false => None,
                        };
                        let v = match shared {
                            Some(v) => v,
                            None => self.getitem(&o, &k)?,
                        };
                        self.stack.push(v);
                    }
                    Op::StoreSubscr => {
                        sync!();
                        let k = self.pop();
                        let o = self.pop();
                        let v = self.pop();
                        let kv = match traced {
                            true => self.store_subscr_shared(&o, k, v, &code, pc - 1)?,
                            false => Some((k, v)),
                        };
                        if let Some((k, v)) = kv {
                            self.setitem(&o, k, v)?;
                        }
                    }
                    Op::DeleteSubscr => {
                        sync!();
                        let k = self.pop();
                        let o = self.pop();
                        self.delitem(&o, &k)?;
                    }
                    Op::UnpackSequence(n) => {
                        sync!();
                        let v = self.pop();
                        let items = self.unpack(&v, n as usize)?;
                        for it in items.into_iter().rev() {
                            self.stack.push(it);
                        }
                    }
                    Op::UnpackEx(before, after) => {
                        sync!();
                        let v = self.pop();
                        let items = self.collect(&v)?;
                        let (b, a) = (before as usize, after as usize);
                        if items.len() < b + a {
                            return Err(new_exc(
                                ExcKind::ValueError,
                                format!(
                                    "not enough values to unpack (expected at least {}, got {})",
                                    b + a,
                                    items.len()
                                ),
                            ));
                        }
                        let mut items = items;
                        let tail = items.split_off(items.len() - a);
                        let mid = items.split_off(b);
                        for it in tail.into_iter().rev() {
                            self.stack.push(it);
                        }
                        self.stack.push(Value::try_list(mid).or_mem()?);
                        for it in items.into_iter().rev() {
                            self.stack.push(it);
                        }
                    }
                    Op::Return => {
                        sync!();
                        let v = self.pop();
                        let f = match self.pop_frame() {
                            Some(f) => f,
                            None => return Ok(v),
                        };
                        if self.frames.len() <= base {
                            return Ok(v);
                        }
                        match f.kind {
                            FrameKind::Normal | FrameKind::Native => self.stack.push(v),
                            FrameKind::Init(inst) => {
                                if !v.is_none() {
                                    return Err(type_error(format!(
                                        "__init__() should return None, not '{}'",
                                        self.type_name(&v)
                                    )));
                                }
                                self.stack.push(inst);
                            }
                            FrameKind::ClassBody { name, base: cbase } => {
                                let ns = f.ns.map(|b| *b).unwrap_or_default();
                                let cls = self.build_class(name, cbase, ns, &f.code)?;
                                if let Value::Cell(c) = &v {
                                    *lock(&c.value) = Some(cls.clone());
                                }
                                self.stack.push(cls);
                            }
                        }
                        continue 'frame;
                    }
                    Op::MakeFunction(ci, flags) => {
                        sync!();
                        let child = code.children[ci as usize].clone();
                        let closure = if flags & 4 != 0 {
                            match self.pop() {
                                Value::Tuple(t) => t
                                    .items
                                    .iter()
                                    .filter_map(|c| match c {
                                        Value::Cell(c) => Some(c.clone()),
                                        _ => None,
                                    })
                                    .collect(),
                                _ => Vec::new(),
                            }
                        } else {
                            Vec::new()
                        };
                        let kwdefaults = if flags & 2 != 0 {
                            match self.pop() {
                                Value::Dict(d) => lock(&d.map)
                                    .iter()
                                    .filter_map(|e| match &e.key {
                                        Value::Str(s) => Some((s.clone(), e.value.clone())),
                                        _ => None,
                                    })
                                    .collect(),
                                _ => Vec::new(),
                            }
                        } else {
                            Vec::new()
                        };
                        let defaults = if flags & 1 != 0 {
                            match self.pop() {
                                Value::Tuple(t) => t.items.to_vec(),
                                _ => Vec::new(),
                            }
                        } else {
                            Vec::new()
                        };
                        let f = self.make_function(child, defaults, kwdefaults, closure)?;
                        self.stack.push(f);
                    }
                    Op::MakeClass(nbases, name_k) => {
                        sync!();
                        self.eval_breaker()?;
                        let bases = self.stack.split_off(self.stack.len() - nbases as usize);
                        let body = self.pop();
                        let name = match &code.consts[name_k as usize] {
                            Value::Str(s) => s.clone(),
                            _ => return Err(new_exc(ExcKind::SystemError, "bad class name")),
                        };
                        let cbase = match bases.first() {
                            None => None,
                            Some(Value::Class(c)) => Some(c.clone()),
                            Some(other) => {
                                return Err(type_error(format!(
                                    "bases must be types, not '{}'",
                                    self.type_name(other)
                                )))
                            }
                        };
                        if let Some(b) = &cbase {
                            if b.kind != TypeKind::User
                                && b.kind != TypeKind::Object
                                && b.kind != TypeKind::Exception
                            {
                                return Err(new_exc(
                                    ExcKind::NotImplementedError,
                                    format!(
                                        "subclassing '{}' is not supported in Lockstep yet",
                                        b.name.as_str()
                                    ),
                                ));
                            }
                        }
                        let Value::Func(bf) = body else {
                            return Err(new_exc(ExcKind::SystemError, "bad class body"));
                        };
                        let start = self.stack.len();
                        self.push_call_frame(
                            &bf,
                            start,
                            start,
                            None,
                            FrameKind::ClassBody { name, base: cbase },
                        )?;
                        if let Some(f) = self.frames.last_mut() {
                            f.ns = Some(Box::default());
                        }
                        continue 'frame;
                    }
                    Op::Import(k) => {
                        sync!();
                        let name = match &code.consts[k as usize] {
                            Value::Str(s) => s.as_str().to_string(),
                            _ => String::new(),
                        };
                        let m = self.import(&name)?;
                        self.stack.push(m);
                    }
                    Op::ImportFrom(i) => {
                        sync!();
                        let m = self.top().clone();
                        let name = &code.names[i as usize];
                        let v = match self.get_attr(&m, name) {
                            Ok(v) => v,
                            Err(Exc::Raise(_)) => {
                                let mname = match &m {
                                    Value::Module(md) => md.name.as_str().to_string(),
                                    _ => String::new(),
                                };
                                return Err(new_exc(
                                    ExcKind::ImportError,
                                    format!(
                                        "cannot import name '{}' from '{}' (unknown location)",
                                        name.as_str(),
                                        mname
                                    ),
                                ));
                            }
                            Err(e) => return Err(e),
                        };
                        self.stack.push(v);
                    }
                    Op::SetupExcept(t) | Op::SetupFinally(t) => {
                        sync!();
                        self.blocks.push(Block {
                            kind: BlockKind::Try,
                            handler: t,
                            depth: (self.stack.len() - sb) as u32,
                            exc_depth: 0,
                        });
                    }
                    Op::PopBlock => {
                        sync!();
                        self.blocks.pop();
                    }
                    Op::PopExcept => {
                        sync!();
                        if let Some(b) = self.blocks.pop() {
                            self.exc_info.truncate(b.exc_depth as usize);
                        }
                    }
                    Op::Reraise => {
                        sync!();
                        let e = self.pop();
                        return Err(Exc::Raise(e));
                    }
                    Op::Raise(n) => {
                        sync!();
                        let e = self.do_raise(n)?;
                        return Err(Exc::Raise(e));
                    }
                    Op::CheckExcMatch => {
                        sync!();
                        let ty = self.pop();
                        let exc = self.pop();
                        let m = self.exc_matches(&exc, &ty)?;
                        self.stack.push(Value::Bool(m));
                    }
                    Op::BeforeWith(t) => {
                        sync!();
                        here!();
                        let mgr = self.pop();
                        let exit = self.get_attr_str(&mgr, "__exit__").map_err(|_| {
                            type_error(format!(
                                "'{}' object does not support the context manager protocol",
                                self.type_name(&mgr)
                            ))
                        })?;
                        let enter = self.get_attr_str(&mgr, "__enter__").map_err(|_| {
                            type_error(format!(
                                "'{}' object does not support the context manager protocol",
                                self.type_name(&mgr)
                            ))
                        })?;
                        self.stack.push(exit);
                        let r = self.call_value(&enter, Vec::new(), Vec::new())?;
                        self.blocks.push(Block {
                            kind: BlockKind::Try,
                            handler: t,
                            depth: (self.stack.len() - sb) as u32,
                            exc_depth: 0,
                        });
                        self.stack.push(r);
                    }
                    Op::ExitWith(_) => {
                        sync!();
                        here!();
                        let exit = self.pop();
                        self.call_value(&exit, vec![Value::None, Value::None, Value::None], Vec::new())?;
                    }
                    Op::WithExcept => {
                        sync!();
                        let n = self.stack.len();
                        let exc = self.stack[n - 1].clone();
                        let exit = self.stack[n - 2].clone();
                        let ty = self.class_of(&exc);
                        let tb = self.get_attr_str(&exc, "__traceback__").unwrap_or(Value::None);
                        let r = self.call_value(&exit, vec![Value::Class(ty), exc, tb], Vec::new())?;
                        self.stack.push(r);
                    }
                    Op::LoadExc(k) => {
                        sync!();
                        let kind = ExcKind::ALL
                            .get(k as usize)
                            .copied()
                            .unwrap_or(ExcKind::Exception);
                        self.stack.push(Value::Class(exc_class(kind)));
                    }
                }
                let _ = pc;
            }
        }
    }

    /// How CPython names a callable in call errors: `__main__.f()`, `print()`.
    fn callable_desc(&self, f: &Value) -> String {
        match f {
            Value::Func(func) => format!("__main__.{}()", func.qualname.as_str()),
            Value::Method(m) => match &m.func {
                Value::Func(func) => format!("__main__.{}()", func.qualname.as_str()),
                _ => "function()".into(),
            },
            Value::Builtin(b) => format!("{}()", b.name),
            Value::Class(c) => format!("{}()", c.name.as_str()),
            other => format!("{}()", self.type_name(other)),
        }
    }

    fn deref_name(&self, code: &crate::bytecode::Code, i: usize) -> String {
        if i < code.cell_names.len() {
            code.cell_names[i].as_str().to_string()
        } else {
            code.free_names
                .get(i - code.cell_names.len())
                .map(|n| n.as_str().to_string())
                .unwrap_or_default()
        }
    }

    #[inline]
    /// LOAD_GLOBAL of the learner's program: a traced `Load` of the
    /// global's object (its value: `trace_value`), recorded inside the
    /// slot's lock, after the checkpoint (so a step stops before it).
    /// Functions, classes and modules are not traced: only data.
    fn load_global_traced(&mut self, fi: usize, i: usize, at: usize) -> PyResult<Value> {
        // Where a thread held here is (challenge mode shows it).
        self.ctx.set_pos(pos_of(&self.frames[fi].code, at));
        self.ctx.checkpoint().map_err(Exc::Stop)?;
        let g = self.frames[fi].globals.clone();
        {
            let slot = lock(&g.slots[i]);
            if let Some(v) = slot.as_ref() {
                if is_data(v) {
                    let obj = self.global_obj(&g, i, Some(v));
                    let pos = pos_of(&self.frames[fi].code, at);
                    if self.same_time(fi, at, None) {
                        self.ctx
                            .emit_at_same_time(obj, TOp::Load, Phase::Done, trace_value(v), 0, pos);
                    } else {
                        self.ctx
                            .emit_at(obj, TOp::Load, Phase::Done, trace_value(v), 0, pos);
                    }
                    self.stamp_marked(fi, at, false);
                }
                return Ok(v.clone());
            }
        }
        self.load_global(fi, i)
    }

    /// STORE_GLOBAL / DELETE_GLOBAL (`v` = None) of the learner's program:
    /// a traced `Store` with the new value and (`aux`) the one it
    /// overwrote, recorded inside the slot's lock, so a lost update is
    /// exact. Returns the old value.
    pub(crate) fn store_global_traced(
        &mut self,
        g: &Arc<crate::bytecode::Globals>,
        i: usize,
        v: Option<Value>,
        code: &crate::bytecode::Code,
        at: usize,
    ) -> PyResult<Option<Value>> {
        self.ctx.set_pos(pos_of(code, at));
        self.ctx.checkpoint().map_err(Exc::Stop)?;
        let mut slot = lock(&g.slots[i]);
        let traced = slot.as_ref().is_some_and(is_data) || v.as_ref().is_some_and(is_data);
        if traced {
            let obj = self.global_obj(g, i, slot.as_ref());
            let new = v.as_ref().map(trace_value).unwrap_or(UNBOUND);
            let old = slot.as_ref().map(trace_value).unwrap_or(UNBOUND);
            let pos = pos_of(code, at);
            // The frame storing is the one running (STORE_GLOBAL's).
            let fi = self.frames.len() - 1;
            if self.same_time(fi, at, v.as_ref()) {
                self.ctx
                    .emit_at_same_time(obj, TOp::Store, Phase::Done, new, old, pos);
            } else {
                self.ctx.emit_at(obj, TOp::Store, Phase::Done, new, old, pos);
            }
            // The caller drops what this overwrote, after the event.
            self.stamp_marked(fi, at, !super::stamp::drops_in_place(slot.as_ref()));
        }
        Ok(match v {
            Some(v) => slot.replace(v),
            None => slot.take(),
        })
    }

    /// The traced object of global slot `i` (a `Value` object named by the
    /// global), registered on first use. A slot that already holds data
    /// then (set without a trace: `__name__`, or a child process's copy of
    /// its parent's globals) records that value as its creating store.
    fn global_obj(&self, g: &crate::bytecode::Globals, i: usize, current: Option<&Value>) -> u32 {
        use std::sync::atomic::Ordering;
        let o = g.objs[i].load(Ordering::Acquire);
        if o != 0 {
            return o - 1;
        }
        // Called under the slot's lock: one registration per slot.
        let id = self.ctx.new_object(
            lockstep_core::trace::ObjKind::Value,
            g.program.globals[i].name.as_str(),
            0,
        );
        g.objs[i].store(id + 1, Ordering::Release);
        if let Some(v) = current.filter(|v| is_data(v)) {
            self.ctx
                .emit_at(id, TOp::Store, Phase::Done, trace_value(v), UNBOUND, 0);
        }
        id
    }

    fn load_global(&mut self, fi: usize, i: usize) -> PyResult<Value> {
        let g = &self.frames[fi].globals;
        if let Some(v) = lock(&g.slots[i]).as_ref() {
            return Ok(v.clone());
        }
        let gn = &g.program.globals[i];
        match &gn.builtin {
            Some(b) => Ok(b.clone()),
            None => Err(new_exc(
                ExcKind::NameError,
                format!("name '{}' is not defined", gn.name.as_str()),
            )),
        }
    }

    fn do_raise(&mut self, n: u8) -> PyResult<Value> {
        if n == 0 {
            return match self.exc_info.last() {
                Some(e) => Ok(e.clone()),
                None => Err(new_exc(ExcKind::RuntimeError, "No active exception to reraise")),
            };
        }
        let cause = if n == 2 { Some(self.pop()) } else { None };
        let e = self.pop();
        let exc = self.make_raisable(e)?;
        if let Some(c) = cause {
            let c = if c.is_none() {
                None
            } else {
                Some(self.make_raisable(c)?)
            };
            if let Value::Instance(i) = &exc {
                if let Some(ed) = &i.exc {
                    let mut g = lock(ed);
                    g.cause = c;
                    g.suppress_context = true;
                }
            }
        }
        Ok(exc)
    }

    /// `raise X`: an instance, or a class to instantiate.
    fn make_raisable(&mut self, e: Value) -> PyResult<Value> {
        match &e {
            Value::Instance(i) if i.exc.is_some() => Ok(e),
            Value::Class(c) if c.is_exc => self.call_value(&e, Vec::new(), Vec::new()),
            _ => Err(type_error("exceptions must derive from BaseException")),
        }
    }

    fn exc_matches(&mut self, exc: &Value, ty: &Value) -> PyResult<bool> {
        match ty {
            Value::Class(c) => {
                if !c.is_exc {
                    return Err(type_error(
                        "catching classes that do not inherit from BaseException is not allowed",
                    ));
                }
                Ok(match exc {
                    Value::Instance(i) => i.class.is_subclass(c),
                    _ => false,
                })
            }
            Value::Tuple(t) => {
                for x in t.items.iter() {
                    if self.exc_matches(exc, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    fn build_class(
        &mut self,
        name: crate::value::Name,
        base: Option<Arc<Class>>,
        ns: AttrMap,
        code: &crate::bytecode::Code,
    ) -> PyResult<Value> {
        let base = base.unwrap_or_else(|| crate::error::type_class(TypeKind::Object));
        let is_exc = base.is_exc;
        let qualname = match ns.get("__qualname__") {
            Some(Value::Str(s)) => s,
            _ => code.qualname.clone(),
        };
        let tag = crate::heap::HeapTag::new(256).or_mem()?;
        let mut hooks = base.hooks.load(std::sync::atomic::Ordering::Relaxed);
        if ns.get("__setattr__").is_some() {
            hooks |= crate::value::HOOK_SETATTR;
        }
        if ns.get("__getattr__").is_some() {
            hooks |= crate::value::HOOK_GETATTR;
        }
        let c = Arc::new(Class {
            name,
            qualname,
            base: Some(base),
            dict: Mutex::new(ns),
            kind: TypeKind::User,
            is_exc,
            hooks: std::sync::atomic::AtomicU8::new(hooks),
            tag,
        });
        if let Some(h) = c.tag.heap() {
            h.register(crate::heap::WeakObj::Class(Arc::downgrade(&c)));
        }
        Ok(Value::Class(c))
    }

    /// Is `v` an instance of the exception kind (for Rust callers).
    pub fn is_exc_kind(&self, v: &Value, k: ExcKind) -> bool {
        exc_is(v, k)
    }
}
