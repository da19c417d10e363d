//! Traced reads and writes of shared objects' attributes and items
//! (`value/sharing.rs` decides what is shared). Called by the dispatch
//! loop for the learner's code only; each returns "not handled" when the
//! object is not shared (or the access is not a plain one), and the loop
//! takes the ordinary, untraced path.
//!
//! As for globals: the checkpoint comes first (a step stops before the
//! access), then the event is recorded inside the container's lock, so the
//! trace's order of one attribute's loads and stores is their real order.

use super::dispatch::{is_data, pos_of, trace_value, UNBOUND};
use super::Vm;
use crate::bytecode::Code;
use crate::error::{memory_error, Exc, PyResult};
use crate::heap::lock;
use crate::value::dict::Probe;
use crate::value::{Name, Sharing, TraceKey, Value, HOOK_SETATTR};
use lockstep_core::trace::{ObjKind, Op, Phase};
use std::sync::atomic::Ordering;

impl Vm {
    /// The traced object of `key` in a shared container, registered on
    /// first use with its current value as the creating store.
    fn shared_obj(
        &self,
        sharing: &Sharing,
        key: &TraceKey,
        name: impl FnOnce() -> String,
        current: Option<&Value>,
    ) -> u32 {
        let (id, new) = sharing.id(key, || self.ctx.new_object(ObjKind::Value, &name(), 0));
        if let (true, Some(v)) = (new, current) {
            self.ctx
                .emit_at(id, Op::Store, Phase::Done, trace_value(v), UNBOUND, 0);
        }
        id
    }

    /// `obj.name` in the learner's code: a traced load when `obj` is a
    /// shared instance holding `name` as data.
    pub(crate) fn load_attr_shared(
        &mut self,
        obj: &Value,
        name: &Name,
        code: &Code,
        at: usize,
    ) -> PyResult<Option<Value>> {
        let Value::Instance(i) = obj else { return Ok(None) };
        if !i.sharing.touch(self.ctx.tid()) {
            return Ok(None);
        }
        self.ctx.set_pos(pos_of(code, at));
        self.ctx.checkpoint().map_err(Exc::Stop)?;
        let attrs = lock(&i.attrs);
        let Some(v) = attrs.get_interned(name) else {
            return Ok(None);
        };
        if is_data(&v) {
            let key = TraceKey::Name(name.clone());
            let label = || format!("{}.{}", i.class.name.as_str(), name.as_str());
            let id = self.shared_obj(&i.sharing, &key, label, Some(&v));
            self.ctx
                .emit_at(id, Op::Load, Phase::Done, trace_value(&v), 0, pos_of(code, at));
        }
        Ok(Some(v))
    }

    /// `obj.name = v` in the learner's code: a traced store (`aux`: the
    /// value it overwrote) when `obj` is a shared instance without its
    /// own `__setattr__`. Gives `v` back when not handled.
    pub(crate) fn store_attr_shared(
        &mut self,
        obj: &Value,
        name: &Name,
        v: Value,
        code: &Code,
        at: usize,
    ) -> PyResult<Option<Value>> {
        let Value::Instance(i) = obj else {
            return Ok(Some(v));
        };
        if i.class.hooks.load(Ordering::Relaxed) & HOOK_SETATTR != 0 || !i.sharing.touch(self.ctx.tid()) {
            return Ok(Some(v));
        }
        self.ctx.set_pos(pos_of(code, at));
        self.ctx.checkpoint().map_err(Exc::Stop)?;
        let mut attrs = lock(&i.attrs);
        let old = attrs.get_interned(name);
        if is_data(&v) || old.as_ref().is_some_and(is_data) {
            let key = TraceKey::Name(name.clone());
            let label = || format!("{}.{}", i.class.name.as_str(), name.as_str());
            let id = self.shared_obj(&i.sharing, &key, label, old.as_ref());
            let was = old.as_ref().map_or(UNBOUND, trace_value);
            self.ctx
                .emit_at(id, Op::Store, Phase::Done, trace_value(&v), was, pos_of(code, at));
        }
        let prev = attrs.set(name.clone(), v);
        drop(attrs);
        drop((old, prev));
        Ok(None)
    }

    /// `o[k]` in the learner's code: a traced load when `o` is a shared
    /// list indexed by an int in range, or a shared dict holding the int
    /// or str key `k`.
    pub(crate) fn subscr_shared(
        &mut self,
        o: &Value,
        k: &Value,
        code: &Code,
        at: usize,
    ) -> PyResult<Option<Value>> {
        match (o, k) {
            (Value::List(l), Value::Int(i)) => {
                if !l.sharing.touch(self.ctx.tid()) {
                    return Ok(None);
                }
                self.ctx.set_pos(pos_of(code, at));
                self.ctx.checkpoint().map_err(Exc::Stop)?;
                let items = lock(&l.items);
                let n = items.len() as i64;
                let j = if *i < 0 { i + n } else { *i };
                if j < 0 || j >= n {
                    return Ok(None);
                }
                let v = items[j as usize].clone();
                let id = self.shared_obj(&l.sharing, &TraceKey::Int(j), || format!("list[{j}]"), Some(&v));
                self.ctx
                    .emit_at(id, Op::Load, Phase::Done, trace_value(&v), 0, pos_of(code, at));
                Ok(Some(v))
            }
            (Value::Dict(d), Value::Int(_) | Value::Str(_)) => {
                if !d.sharing.touch(self.ctx.tid()) {
                    return Ok(None);
                }
                let h = self.hash(k)?;
                self.ctx.set_pos(pos_of(code, at));
                self.ctx.checkpoint().map_err(Exc::Stop)?;
                let map = lock(&d.map);
                let Probe::Found(i) = map.find(h, &mut |x| super::ops::simple_eq(x, k)) else {
                    return Ok(None);
                };
                let v = map.value_at(i).clone();
                let (key, label) = dict_key(k);
                let id = self.shared_obj(&d.sharing, &key, || label, Some(&v));
                self.ctx
                    .emit_at(id, Op::Load, Phase::Done, trace_value(&v), 0, pos_of(code, at));
                Ok(Some(v))
            }
            _ => Ok(None),
        }
    }

    /// `o[k] = v` in the learner's code: a traced store for a shared list
    /// (an int index in range) or dict (an int or str key, new or not).
    /// Gives `(k, v)` back when not handled.
    pub(crate) fn store_subscr_shared(
        &mut self,
        o: &Value,
        k: Value,
        v: Value,
        code: &Code,
        at: usize,
    ) -> PyResult<Option<(Value, Value)>> {
        match (o, &k) {
            (Value::List(l), Value::Int(i)) => {
                if !l.sharing.touch(self.ctx.tid()) {
                    return Ok(Some((k, v)));
                }
                self.ctx.set_pos(pos_of(code, at));
                self.ctx.checkpoint().map_err(Exc::Stop)?;
                let mut items = lock(&l.items);
                let n = items.len() as i64;
                let j = if *i < 0 { i + n } else { *i };
                if j < 0 || j >= n {
                    drop(items);
                    return Ok(Some((k, v)));
                }
                let old = items[j as usize].clone();
                let id = self.shared_obj(&l.sharing, &TraceKey::Int(j), || format!("list[{j}]"), Some(&old));
                self.ctx.emit_at(
                    id,
                    Op::Store,
                    Phase::Done,
                    trace_value(&v),
                    trace_value(&old),
                    pos_of(code, at),
                );
                let prev = std::mem::replace(&mut items[j as usize], v);
                drop(items);
                drop((old, prev));
                Ok(None)
            }
            (Value::Dict(d), Value::Int(_) | Value::Str(_)) => {
                if !d.sharing.touch(self.ctx.tid()) {
                    return Ok(Some((k, v)));
                }
                let h = self.hash(&k)?;
                self.ctx.set_pos(pos_of(code, at));
                self.ctx.checkpoint().map_err(Exc::Stop)?;
                let mut map = lock(&d.map);
                let found = match map.find(h, &mut |x| super::ops::simple_eq(x, &k)) {
                    Probe::Found(i) => Some(i),
                    Probe::Missing => None,
                    Probe::Undecided => {
                        drop(map);
                        return Ok(Some((k, v)));
                    }
                };
                let old = found.map(|i| map.value_at(i).clone());
                let (key, label) = dict_key(&k);
                let id = self.shared_obj(&d.sharing, &key, || label, old.as_ref());
                let was = old.as_ref().map_or(UNBOUND, trace_value);
                self.ctx
                    .emit_at(id, Op::Store, Phase::Done, trace_value(&v), was, pos_of(code, at));
                match found {
                    Some(i) => {
                        let prev = map.set_value_at(i, v);
                        drop(map);
                        drop(prev);
                    }
                    None => {
                        map.push_new(h, k, v);
                        let cap = map.capacity();
                        drop(map);
                        if !d.tag.resize(crate::value::est_bytes(cap * 2)) {
                            return Err(memory_error());
                        }
                    }
                }
                drop(old);
                Ok(None)
            }
            _ => Ok(Some((k, v))),
        }
    }
}

/// A dict key's trace key and the traced object's name (`dict['k']`).
fn dict_key(k: &Value) -> (TraceKey, String) {
    match k {
        Value::Str(s) => (TraceKey::Name(s.clone()), format!("dict[{:?}]", s.as_str())),
        Value::Int(i) => (TraceKey::Int(*i), format!("dict[{i}]")),
        _ => (TraceKey::Int(0), "dict".into()),
    }
}
