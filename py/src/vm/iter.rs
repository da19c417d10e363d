//! The iteration protocol: `iter()` and `next()` over built-in and user
//! objects.

use super::Vm;
use crate::error::{exc_is, new_exc, type_error, Exc, ExcKind, OrMemory, PyResult};
use crate::heap::lock;
use crate::value::{IterState, Value, ViewKind};

impl Vm {
    /// GET_ITER: like `iter()`, but a fresh iterator stays unregistered
    /// (see `Value::try_iter_local`).
    pub fn get_iter_local(&mut self, v: Value) -> PyResult<Value> {
        let st = match &v {
            Value::Range(r) if r.big.is_some() => return self.get_iter(v),
            Value::Range(r) => IterState::Range {
                cur: r.start,
                stop: r.stop,
                step: r.step,
            },
            Value::List(l) => IterState::List {
                list: l.clone(),
                idx: 0,
            },
            Value::Tuple(t) => IterState::Tuple {
                tuple: t.clone(),
                idx: 0,
            },
            _ => return self.get_iter(v),
        };
        Value::try_iter_local(st).or_mem()
    }

    pub fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        let st = match &v {
            Value::Iter(_) => return Ok(v),
            Value::Range(r) if r.big.is_some() => {
                return Err(crate::error::overflow_error(
                    "Python int too large to convert to C ssize_t",
                ))
            }
            Value::Range(r) => IterState::Range {
                cur: r.start,
                stop: r.stop,
                step: r.step,
            },
            Value::List(l) => IterState::List {
                list: l.clone(),
                idx: 0,
            },
            Value::Tuple(t) => IterState::Tuple {
                tuple: t.clone(),
                idx: 0,
            },
            Value::Str(s) => IterState::Vec {
                name: if s.is_ascii() {
                    "str_ascii_iterator"
                } else {
                    "str_iterator"
                },
                items: self.collect(&v)?.into_iter(),
            },
            Value::Dict(d) => IterState::Dict {
                len: lock(&d.map).len(),
                dict: d.clone(),
                idx: 0,
                kind: ViewKind::Keys,
            },
            Value::View(vw) => IterState::Dict {
                len: lock(&vw.dict.map).len(),
                dict: vw.dict.clone(),
                idx: 0,
                kind: vw.kind,
            },
            Value::Set(s) => IterState::Set {
                len: lock(&s.table).len(),
                set: s.clone(),
                idx: 0,
            },
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder(&v, "__iter__", vec![])? {
                    if self.dunder(&r, "__next__").is_none() && !matches!(r, Value::Iter(_)) {
                        return Err(type_error(format!(
                            "iter() returned non-iterator of type '{}'",
                            self.type_name(&r)
                        )));
                    }
                    return Ok(r);
                }
                if self.dunder(&v, "__getitem__").is_some() {
                    // The old sequence protocol: items 0, 1, ... until IndexError.
                    let mut items = Vec::new();
                    let mut i = 0i64;
                    loop {
                        match self.getitem(&v, &Value::Int(i)) {
                            Ok(x) => items.push(x),
                            Err(Exc::Raise(e))
                                if exc_is(&e, ExcKind::IndexError) || exc_is(&e, ExcKind::StopIteration) =>
                            {
                                break
                            }
                            Err(e) => return Err(e),
                        }
                        i += 1;
                        if i % 4096 == 0 {
                            self.eval_breaker()?;
                        }
                    }
                    IterState::Vec {
                        items: items.into_iter(),
                        name: "iterator",
                    }
                } else {
                    return Err(type_error(format!(
                        "'{}' object is not iterable",
                        self.type_name(&v)
                    )));
                }
            }
            other => {
                return Err(type_error(format!(
                    "'{}' object is not iterable",
                    self.type_name(other)
                )))
            }
        };
        Value::try_iter(st).or_mem()
    }

    /// The next item, or None when exhausted.
    pub fn iter_next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        match it {
            Value::Iter(obj) => {
                // Map/filter/zip/enumerate call back into Python or other
                // iterators: take what we need out of the lock first.
                let mut st = lock(&obj.state);
                match &mut *st {
                    IterState::Done => Ok(None),
                    IterState::Gen { .. } => {
                        drop(st);
                        self.gen_resume(obj)
                    }
                    IterState::Range { cur, stop, step } => {
                        let c = *cur;
                        if (*step > 0 && c < *stop) || (*step < 0 && c > *stop) {
                            *cur = c.checked_add(*step).unwrap_or(*stop);
                            Ok(Some(Value::Int(c)))
                        } else {
                            Ok(None)
                        }
                    }
                    IterState::List { list, idx } => {
                        let g = lock(&list.items);
                        match g.get(*idx) {
                            Some(v) => {
                                *idx += 1;
                                Ok(Some(v.clone()))
                            }
                            None => {
                                drop(g);
                                *st = IterState::Done;
                                Ok(None)
                            }
                        }
                    }
                    IterState::Tuple { tuple, idx } => match tuple.items.get(*idx) {
                        Some(v) => {
                            *idx += 1;
                            Ok(Some(v.clone()))
                        }
                        None => Ok(None),
                    },
                    IterState::Vec { items, .. } => Ok(items.next()),
                    IterState::Reversed { list, idx } => {
                        if *idx == 0 {
                            return Ok(None);
                        }
                        let g = lock(&list.items);
                        *idx -= 1;
                        Ok(g.get(*idx).cloned())
                    }
                    IterState::Dict { dict, idx, len, kind } => {
                        let g = lock(&dict.map);
                        if g.len() != *len {
                            drop(g);
                            *len = usize::MAX;
                            return Err(new_exc(
                                ExcKind::RuntimeError,
                                "dictionary changed size during iteration",
                            ));
                        }
                        while *idx < g.slots() {
                            let i = *idx;
                            *idx += 1;
                            if let Some(e) = g.entry_at(i) {
                                let v = match kind {
                                    ViewKind::Keys => e.key.clone(),
                                    ViewKind::Values => e.value.clone(),
                                    ViewKind::Items => {
                                        let (k, v) = (e.key.clone(), e.value.clone());
                                        drop(g);
                                        return Ok(Some(Value::try_tuple(vec![k, v]).or_mem()?));
                                    }
                                };
                                return Ok(Some(v));
                            }
                        }
                        Ok(None)
                    }
                    IterState::Set { set, idx, len } => {
                        let g = lock(&set.table);
                        if g.len() != *len {
                            drop(g);
                            return Err(new_exc(
                                ExcKind::RuntimeError,
                                "Set changed size during iteration",
                            ));
                        }
                        while *idx < g.slots() {
                            let i = *idx;
                            *idx += 1;
                            if let Some(v) = g.slot(i) {
                                return Ok(Some(v.clone()));
                            }
                        }
                        Ok(None)
                    }
                    IterState::Enumerate { inner, count } => {
                        let inner = inner.clone();
                        let c = count.clone();
                        drop(st);
                        match self.iter_next(&inner)? {
                            Some(v) => {
                                let next =
                                    self.binary(crate::bytecode::BinOp::Add, c.clone(), Value::Int(1))?;
                                if let IterState::Enumerate { count, .. } = &mut *lock(&obj.state) {
                                    *count = next;
                                }
                                Ok(Some(Value::try_tuple(vec![c, v]).or_mem()?))
                            }
                            None => Ok(None),
                        }
                    }
                    IterState::Zip { iters } => {
                        let iters = iters.clone();
                        drop(st);
                        let mut out = Vec::with_capacity(iters.len());
                        for i in &iters {
                            match self.iter_next(i)? {
                                Some(v) => out.push(v),
                                None => return Ok(None),
                            }
                        }
                        if out.is_empty() {
                            return Ok(None);
                        }
                        Ok(Some(Value::try_tuple(out).or_mem()?))
                    }
                    IterState::Map { func, iters } => {
                        let (func, iters) = (func.clone(), iters.clone());
                        drop(st);
                        let mut args = Vec::with_capacity(iters.len());
                        for i in &iters {
                            match self.iter_next(i)? {
                                Some(v) => args.push(v),
                                None => return Ok(None),
                            }
                        }
                        self.call_value(&func, args, vec![]).map(Some)
                    }
                    IterState::Filter { func, inner } => {
                        let (func, inner) = (func.clone(), inner.clone());
                        drop(st);
                        loop {
                            let Some(v) = self.iter_next(&inner)? else {
                                return Ok(None);
                            };
                            let keep = if func.is_none() {
                                self.truthy(&v)?
                            } else {
                                let r = self.call_value(&func, vec![v.clone()], vec![])?;
                                self.truthy(&r)?
                            };
                            if keep {
                                return Ok(Some(v));
                            }
                        }
                    }
                }
            }
            Value::Instance(_) => {
                let r = self.call_dunder(it, "__next__", vec![]);
                match r {
                    Ok(Some(v)) => Ok(Some(v)),
                    Ok(None) => Err(type_error(format!(
                        "'{}' object is not an iterator",
                        self.type_name(it)
                    ))),
                    Err(Exc::Raise(e)) if exc_is(&e, ExcKind::StopIteration) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            other => Err(type_error(format!(
                "'{}' object is not an iterator",
                self.type_name(other)
            ))),
        }
    }
}
