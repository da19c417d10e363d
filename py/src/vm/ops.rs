//! Operators on values: arithmetic, comparison, hashing, items, repr/str.

use super::Vm;
use crate::bytecode::{BinOp, CmpOp};
use crate::error::{
    index_error, key_error, memory_error, new_exc, overflow_error, type_error, value_error, zero_div,
    ExcKind, OrMemory, PyResult,
};
use crate::heap::lock;
use crate::value::dict::Probe;
use crate::value::set::Added;
use crate::value::{hash, int, Class, DictMap, List, PyStr, SetTable, TypeKind, Value};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::sync::Arc;

/// Python's `str(v)` for the digit-limit check.
const MAX_STR_DIGITS: usize = 4300;
/// Largest int a single operation may produce (4 Mbit, ~1.26 million
/// digits): bigger ones would take seconds of CPU, so they are refused
/// with MemoryError up front (CPython would compute them, slowly).
const MAX_INT_BITS: u64 = 1 << 22;

impl Vm {
    pub fn class_of(&self, v: &Value) -> Arc<Class> {
        use crate::error::type_class;
        match v {
            Value::Instance(i) => i.class.clone(),
            Value::Null | Value::None => type_class(TypeKind::NoneType),
            Value::Bool(_) => type_class(TypeKind::Bool),
            Value::Int(_) | Value::Big(_) => type_class(TypeKind::Int),
            Value::Float(_) => type_class(TypeKind::Float),
            Value::Str(_) => type_class(TypeKind::Str),
            Value::List(_) => type_class(TypeKind::List),
            Value::Tuple(_) => type_class(TypeKind::Tuple),
            Value::Dict(_) => type_class(TypeKind::Dict),
            Value::Set(s) => type_class(if s.frozen {
                TypeKind::FrozenSet
            } else {
                TypeKind::Set
            }),
            Value::Range(_) => type_class(TypeKind::Range),
            Value::Slice(_) => type_class(TypeKind::Slice),
            Value::Func(_) => type_class(TypeKind::Function),
            Value::Method(_) => type_class(TypeKind::Method),
            Value::Builtin(_) | Value::NativeMeth(_) => type_class(TypeKind::Builtin),
            Value::Class(_) => type_class(TypeKind::Type),
            Value::Module(_) => type_class(TypeKind::Module),
            Value::Iter(it) => crate::error::named_class(iter_type_name(&lock(&it.state))),
            Value::View(_) => type_class(TypeKind::View),
            Value::Cell(_) => type_class(TypeKind::Cell),
            Value::Super(_) => type_class(TypeKind::Object),
        }
    }

    /// The built-in kind of a value, without touching its class object.
    #[inline]
    pub fn kind_of(v: &Value) -> TypeKind {
        match v {
            Value::Int(_) | Value::Big(_) => TypeKind::Int,
            Value::Bool(_) => TypeKind::Bool,
            Value::Float(_) => TypeKind::Float,
            Value::Str(_) => TypeKind::Str,
            Value::List(_) => TypeKind::List,
            Value::Tuple(_) => TypeKind::Tuple,
            Value::Dict(_) => TypeKind::Dict,
            Value::Set(s) => {
                if s.frozen {
                    TypeKind::FrozenSet
                } else {
                    TypeKind::Set
                }
            }
            Value::Range(_) => TypeKind::Range,
            Value::None | Value::Null => TypeKind::NoneType,
            Value::Instance(i) => i.class.kind,
            Value::Iter(_) => TypeKind::Iterator,
            Value::View(_) => TypeKind::View,
            Value::Slice(_) => TypeKind::Slice,
            Value::Func(_) => TypeKind::Function,
            Value::Method(_) => TypeKind::Method,
            Value::Builtin(_) | Value::NativeMeth(_) => TypeKind::Builtin,
            Value::Class(_) => TypeKind::Type,
            Value::Module(_) => TypeKind::Module,
            Value::Cell(_) => TypeKind::Cell,
            Value::Super(_) => TypeKind::Object,
        }
    }

    pub fn type_name(&self, v: &Value) -> String {
        match v {
            Value::Instance(i) => i.class.name.as_str().to_string(),
            Value::Iter(it) => iter_type_name(&lock(&it.state)).to_string(),
            Value::View(vw) => match vw.kind {
                crate::value::ViewKind::Keys => "dict_keys".into(),
                crate::value::ViewKind::Values => "dict_values".into(),
                crate::value::ViewKind::Items => "dict_items".into(),
            },
            Value::Builtin(b) if !matches!(b.receiver, Value::Null) => "builtin_function_or_method".into(),
            other => self.class_of(other).name.as_str().to_string(),
        }
    }

    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::None | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Big(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !lock(&l.items).is_empty(),
            Value::Tuple(t) => !t.items.is_empty(),
            Value::Dict(d) => !lock(&d.map).is_empty(),
            Value::Set(s) => !lock(&s.table).is_empty(),
            Value::Range(r) => r.big_len() != BigInt::from(0),
            Value::View(vw) => !lock(&vw.dict.map).is_empty(),
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder(v, "__bool__", vec![])? {
                    match r {
                        Value::Bool(b) => b,
                        other => {
                            return Err(type_error(format!(
                                "__bool__ should return bool, returned {}",
                                self.type_name(&other)
                            )))
                        }
                    }
                } else if let Some(r) = self.call_dunder(v, "__len__", vec![])? {
                    self.index_of(&r)? != 0
                } else {
                    true
                }
            }
            _ => true,
        })
    }

    /// An int usable as an index (`__index__`): ints and bools.
    pub fn index_of(&self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::Big(_) => Err(new_exc(
                ExcKind::IndexError,
                "cannot fit 'int' into an index-sized integer",
            )),
            other => Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                self.type_name(other)
            ))),
        }
    }

    pub(crate) fn check_str_size(&self, n: usize) -> PyResult<()> {
        if !self.interp.heap.fits(n) {
            return Err(memory_error());
        }
        Ok(())
    }

    // ---- arithmetic ----

    pub fn binary(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
        if let Some(r) = self.numeric(op, &a, &b) {
            return r;
        }
        match (op, &a, &b) {
            (BinOp::Add, Value::Str(x), Value::Str(y)) => {
                let n = x.len() + y.len();
                self.check_str_size(n)?;
                return Ok(Value::Str(Arc::new(PyStr::concat(x, y))));
            }
            (BinOp::Add, Value::List(x), Value::List(y)) => {
                let mut v = lock(&x.items).clone();
                v.extend(lock(&y.items).iter().cloned());
                return Value::try_list(v).or_mem();
            }
            (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
                let mut v = x.items.to_vec();
                v.extend(y.items.iter().cloned());
                return Value::try_tuple(v).or_mem();
            }
            (BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_), _) if int::is_int(&b) => {
                return self.repeat(&a, &b);
            }
            (BinOp::Mul, _, Value::Str(_) | Value::List(_) | Value::Tuple(_)) if int::is_int(&a) => {
                return self.repeat(&b, &a);
            }
            (BinOp::Mod, Value::Str(s), _) => {
                return crate::format::percent(self, s.as_str(), &b).map(Value::from_string);
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Value::Set(_), Value::Set(_)) => {
                return self.set_op(op, &a, &b);
            }
            (BinOp::Or, Value::Dict(x), Value::Dict(y)) => {
                let m = lock(&x.map).clone();
                let d = Value::try_dict(m).or_mem()?;
                let entries: Vec<(Value, Value)> = lock(&y.map)
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect();
                for (k, v) in entries {
                    self.setitem(&d, k, v)?;
                }
                return Ok(d);
            }
            _ => {}
        }
        let (l, r) = op.dunder();
        if let Some(m) = self.dunder(&a, l) {
            let res = self.call_value(&m, vec![a.clone(), b.clone()], vec![])?;
            if !is_not_implemented(&res) {
                return Ok(res);
            }
        }
        if let Some(m) = self.dunder(&b, r) {
            let res = self.call_value(&m, vec![b.clone(), a.clone()], vec![])?;
            if !is_not_implemented(&res) {
                return Ok(res);
            }
        }
        Err(self.binop_error(op, &a, &b))
    }

    fn binop_error(&self, op: BinOp, a: &Value, b: &Value) -> crate::error::Exc {
        match (op, a) {
            (BinOp::Add, Value::Str(_)) => type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                self.type_name(b)
            )),
            (BinOp::Add, Value::List(_)) => type_error(format!(
                "can only concatenate list (not \"{}\") to list",
                self.type_name(b)
            )),
            (BinOp::Add, Value::Tuple(_)) => type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                self.type_name(b)
            )),
            (BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                self.type_name(b)
            )),
            _ if op == BinOp::Mul && matches!(b, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
                type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(a)
                ))
            }
            _ => type_error(format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                op.symbol(),
                self.type_name(a),
                self.type_name(b)
            )),
        }
    }

    pub fn inplace(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
        match (op, &a) {
            (BinOp::Add, Value::List(l)) => {
                let items = match &b {
                    Value::List(x) if Arc::ptr_eq(x, l) => lock(&x.items).clone(),
                    _ => self.collect(&b)?,
                };
                for it in items {
                    self.list_push(l, it)?;
                }
                return Ok(a);
            }
            (BinOp::Mul, Value::List(l)) if int::is_int(&b) => {
                let n = self.index_of(&b)?.max(0) as usize;
                let cur = lock(&l.items).clone();
                let total = cur.len().checked_mul(n).ok_or_else(memory_error)?;
                if !self.interp.heap.fits(total.saturating_mul(16)) {
                    return Err(memory_error());
                }
                let mut v = Vec::with_capacity(total);
                for _ in 0..n {
                    v.extend(cur.iter().cloned());
                }
                *lock(&l.items) = v;
                l.tag.resize(crate::value::est_bytes(total));
                return Ok(a);
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Value::Set(s))
                if matches!(b, Value::Set(_)) =>
            {
                let r = self.set_op(op, &a, &b)?;
                if let Value::Set(rs) = r {
                    let t = lock(&rs.table).clone();
                    *lock(&s.table) = t;
                }
                return Ok(a);
            }
            (BinOp::Or, Value::Dict(_)) if matches!(b, Value::Dict(_)) => {
                if let Value::Dict(y) = &b {
                    let entries: Vec<(Value, Value)> = lock(&y.map)
                        .iter()
                        .map(|e| (e.key.clone(), e.value.clone()))
                        .collect();
                    for (k, v) in entries {
                        self.setitem(&a, k, v)?;
                    }
                }
                return Ok(a);
            }
            _ => {}
        }
        if let Value::Instance(_) = &a {
            let name = format!("__i{}", &op.dunder().0[2..]);
            if let Some(m) = self.dunder(&a, &name) {
                let r = self.call_value(&m, vec![a.clone(), b.clone()], vec![])?;
                if !is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        self.binary(op, a, b).map_err(|e| match e {
            crate::error::Exc::Raise(v) => {
                // CPython names the augmented operator: `+=`.
                if let Value::Instance(i) = &v {
                    if let Some(ed) = &i.exc {
                        let mut g = lock(ed);
                        if let Some(Value::Str(s)) = g.args.first() {
                            let m = s.as_str();
                            let prefix = format!("unsupported operand type(s) for {}:", op.symbol());
                            if m.starts_with(&prefix) {
                                let fixed = m.replacen(
                                    &prefix,
                                    &format!(
                                        "unsupported operand type(s) for {}=:",
                                        op.symbol().split(' ').next().unwrap_or("")
                                    ),
                                    1,
                                );
                                g.args[0] = Value::from_string(fixed);
                            }
                        }
                    }
                }
                crate::error::Exc::Raise(v)
            }
            other => other,
        })
    }

    fn repeat(&mut self, seq: &Value, n: &Value) -> PyResult<Value> {
        let n = match n {
            Value::Big(b) => {
                if b.is_negative() {
                    0
                } else {
                    return Err(overflow_error("cannot fit 'int' into an index-sized integer"));
                }
            }
            other => self.index_of(other)?.max(0) as usize,
        };
        match seq {
            Value::Str(s) => {
                let total = s.len().checked_mul(n).ok_or_else(memory_error)?;
                self.check_str_size(total)?;
                Ok(Value::from_string(s.as_str().repeat(n)))
            }
            Value::List(l) => {
                let cur = lock(&l.items).clone();
                let total = cur.len().checked_mul(n).ok_or_else(memory_error)?;
                if !self.interp.heap.fits(total.saturating_mul(16)) {
                    return Err(memory_error());
                }
                // `[] * 2**40` is empty at once (looping n times would not end).
                let mut v = Vec::with_capacity(total);
                for _ in 0..if total == 0 { 0 } else { n } {
                    v.extend(cur.iter().cloned());
                }
                Value::try_list(v).or_mem()
            }
            Value::Tuple(t) => {
                let total = t.items.len().checked_mul(n).ok_or_else(memory_error)?;
                if !self.interp.heap.fits(total.saturating_mul(16)) {
                    return Err(memory_error());
                }
                let mut v = Vec::with_capacity(total);
                for _ in 0..if total == 0 { 0 } else { n } {
                    v.extend(t.items.iter().cloned());
                }
                Value::try_tuple(v).or_mem()
            }
            _ => Err(type_error("can't multiply sequence")),
        }
    }

    /// Number arithmetic; None if the operands are not both numbers.
    fn numeric(&mut self, op: BinOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
        let a_num = matches!(
            a,
            Value::Int(_) | Value::Bool(_) | Value::Big(_) | Value::Float(_)
        );
        let b_num = matches!(
            b,
            Value::Int(_) | Value::Bool(_) | Value::Big(_) | Value::Float(_)
        );
        if !a_num || !b_num {
            return None;
        }
        if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
            if op == BinOp::TrueDiv
                || op == BinOp::Pow
                || matches!(
                    op,
                    BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::FloorDiv | BinOp::Mod
                )
            {
                let x = match int::to_f64(a) {
                    Some(x) => x,
                    None => return Some(Err(overflow_error("int too large to convert to float"))),
                };
                let y = match int::to_f64(b) {
                    Some(y) => y,
                    None => return Some(Err(overflow_error("int too large to convert to float"))),
                };
                return Some(float_op(op, x, y));
            }
            return None;
        }
        // Both ints.
        if op == BinOp::TrueDiv {
            if int::is_zero(b) {
                return Some(Err(zero_div("division by zero")));
            }
            return Some(match (a, b) {
                (Value::Int(x), Value::Int(y))
                    if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) =>
                {
                    Ok(Value::Float(*x as f64 / *y as f64))
                }
                _ => big_truediv(a, b),
            });
        }
        let (x, y) = match (a, b) {
            (Value::Int(x), Value::Int(y)) => (*x, *y),
            (Value::Bool(x), Value::Int(y)) => (*x as i64, *y),
            (Value::Int(x), Value::Bool(y)) => (*x, *y as i64),
            (Value::Bool(x), Value::Bool(y)) => {
                let (x, y) = (*x as i64, *y as i64);
                match op {
                    BinOp::And => return Some(Ok(Value::Bool(x & y != 0))),
                    BinOp::Or => return Some(Ok(Value::Bool(x | y != 0))),
                    BinOp::Xor => return Some(Ok(Value::Bool(x ^ y != 0))),
                    _ => (x, y),
                }
            }
            _ => return Some(self.big_op(op, a, b)),
        };
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::FloorDiv => {
                if y == 0 {
                    return Some(Err(zero_div("integer division or modulo by zero")));
                }
                int::floordiv_i64(x, y)
            }
            BinOp::Mod => {
                if y == 0 {
                    return Some(Err(zero_div("integer modulo by zero")));
                }
                int::mod_i64(x, y)
            }
            BinOp::Pow => {
                if y < 0 {
                    if x == 0 {
                        return Some(Err(zero_div("0.0 cannot be raised to a negative power")));
                    }
                    return Some(Ok(Value::Float((x as f64).powf(y as f64))));
                }
                if y <= u32::MAX as i64 {
                    x.checked_pow(y as u32)
                } else {
                    None
                }
            }
            BinOp::LShift => {
                if y < 0 {
                    return Some(Err(value_error("negative shift count")));
                }
                if y < 63 && x.unsigned_abs() < (1u64 << (63 - y)) {
                    Some(x << y)
                } else {
                    None
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return Some(Err(value_error("negative shift count")));
                }
                Some(if y >= 64 {
                    if x < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    x >> y
                })
            }
            BinOp::And => Some(x & y),
            BinOp::Or => Some(x | y),
            BinOp::Xor => Some(x ^ y),
            BinOp::MatMul => return None,
            BinOp::TrueDiv => None,
        };
        match r {
            Some(v) => Some(Ok(Value::Int(v))),
            None => Some(self.big_op(op, a, b)),
        }
    }

    fn big_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        let (Some(x), Some(y)) = (int::to_big(a), int::to_big(b)) else {
            return Err(type_error("bad operand"));
        };
        let budget = |bits: u64| -> PyResult<()> {
            if !self.interp.heap.fits((bits / 8) as usize) || bits > MAX_INT_BITS {
                return Err(memory_error());
            }
            Ok(())
        };
        Ok(int::norm(match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => {
                budget(x.bits() + y.bits())?;
                x * y
            }
            BinOp::FloorDiv => {
                if y.is_zero() {
                    return Err(zero_div("integer division or modulo by zero"));
                }
                int::floordiv_big(&x, &y)
            }
            BinOp::Mod => {
                if y.is_zero() {
                    return Err(zero_div("integer modulo by zero"));
                }
                int::mod_big(&x, &y)
            }
            BinOp::Pow => {
                if y.is_negative() {
                    if x.is_zero() {
                        return Err(zero_div("0.0 cannot be raised to a negative power"));
                    }
                    let fx =
                        int::to_f64(a).ok_or_else(|| overflow_error("int too large to convert to float"))?;
                    let fy =
                        int::to_f64(b).ok_or_else(|| overflow_error("int too large to convert to float"))?;
                    return Ok(Value::Float(fx.powf(fy)));
                }
                if x.is_zero() || x == BigInt::from(1) {
                    return Ok(int::norm(x));
                }
                if x == BigInt::from(-1) {
                    return Ok(Value::Int(if (&y % 2u32).is_zero() { 1 } else { -1 }));
                }
                let e = y.to_u64().ok_or_else(memory_error)?;
                let bits = x.bits().saturating_mul(e);
                budget(bits)?;
                num_traits::pow::Pow::pow(x, e)
            }
            BinOp::LShift => {
                if y.is_negative() {
                    return Err(value_error("negative shift count"));
                }
                let s = y.to_u64().ok_or_else(memory_error)?;
                budget(x.bits().saturating_add(s))?;
                x << s
            }
            BinOp::RShift => {
                if y.is_negative() {
                    return Err(value_error("negative shift count"));
                }
                match y.to_u64() {
                    Some(s) => x >> s,
                    None => BigInt::from(if x.is_negative() { -1 } else { 0 }),
                }
            }
            BinOp::And => x & y,
            BinOp::Or => x | y,
            BinOp::Xor => x ^ y,
            _ => return Err(type_error("bad operand")),
        }))
    }

    pub fn neg(&mut self, a: Value) -> PyResult<Value> {
        Ok(match a {
            Value::Int(i) => match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => int::norm(-BigInt::from(i)),
            },
            Value::Bool(b) => Value::Int(-(b as i64)),
            Value::Big(b) => int::norm(-(*b).clone()),
            Value::Float(f) => Value::Float(-f),
            other => {
                if let Some(r) = self.call_dunder(&other, "__neg__", vec![])? {
                    return Ok(r);
                }
                return Err(type_error(format!(
                    "bad operand type for unary -: '{}'",
                    self.type_name(&other)
                )));
            }
        })
    }
    pub fn pos(&mut self, a: Value) -> PyResult<Value> {
        Ok(match a {
            Value::Int(_) | Value::Big(_) | Value::Float(_) => a,
            Value::Bool(b) => Value::Int(b as i64),
            other => {
                if let Some(r) = self.call_dunder(&other, "__pos__", vec![])? {
                    return Ok(r);
                }
                return Err(type_error(format!(
                    "bad operand type for unary +: '{}'",
                    self.type_name(&other)
                )));
            }
        })
    }
    pub fn invert(&mut self, a: Value) -> PyResult<Value> {
        Ok(match a {
            Value::Int(i) => Value::Int(!i),
            Value::Bool(b) => Value::Int(!(b as i64)),
            Value::Big(b) => int::norm(-(*b).clone() - 1),
            other => {
                if let Some(r) = self.call_dunder(&other, "__invert__", vec![])? {
                    return Ok(r);
                }
                return Err(type_error(format!(
                    "bad operand type for unary ~: '{}'",
                    self.type_name(&other)
                )));
            }
        })
    }

    fn set_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        let (Value::Set(x), Value::Set(y)) = (a, b) else {
            return Err(type_error("bad operand"));
        };
        let frozen = x.frozen;
        match op {
            BinOp::Or => {
                let r = self.set_copy(a)?;
                let yt = lock(&y.table).clone();
                self.set_merge(&r, &yt)?;
                Ok(r)
            }
            BinOp::And => {
                // CPython iterates the smaller set and keeps what the other has.
                let lx = lock(&x.table).len();
                let ly = lock(&y.table).len();
                let (small, big) = if lx > ly { (b, a) } else { (a, b) };
                let items = self.collect(small)?;
                let r = Value::try_set(SetTable::new(), frozen).or_mem()?;
                for it in items {
                    if self.contains(big, &it)? {
                        self.set_add(&r, it)?;
                    }
                }
                Ok(r)
            }
            BinOp::Sub => {
                let items = self.collect(a)?;
                let r = Value::try_set(SetTable::new(), frozen).or_mem()?;
                for it in items {
                    if !self.contains(b, &it)? {
                        self.set_add(&r, it)?;
                    }
                }
                Ok(r)
            }
            BinOp::Xor => {
                let r = self.set_copy(a)?;
                for it in self.collect(b)? {
                    if self.contains(&r, &it)? {
                        self.set_discard(&r, &it)?;
                    } else {
                        self.set_add(&r, it)?;
                    }
                }
                Ok(r)
            }
            _ => Err(type_error("bad operand")),
        }
    }

    pub fn set_copy(&mut self, s: &Value) -> PyResult<Value> {
        let Value::Set(x) = s else {
            return Err(type_error("not a set"));
        };
        let t = lock(&x.table).clone();
        let r = Value::try_set(SetTable::new(), x.frozen).or_mem()?;
        self.set_merge(&r, &t)?;
        Ok(r)
    }

    pub fn set_merge(&mut self, target: &Value, src: &SetTable) -> PyResult<()> {
        let Value::Set(t) = target else { return Ok(()) };
        let ok = {
            let mut g = lock(&t.table);
            g.merge(src, &mut |a, b| simple_eq(a, b))
        };
        if !ok {
            for v in src.values() {
                self.set_add(target, v)?;
            }
        }
        Ok(())
    }

    // ---- comparison ----

    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        Ok(Value::Bool(match op {
            CmpOp::Eq => self.eq(a, b)?,
            CmpOp::Ne => !self.eq(a, b)?,
            CmpOp::Is => a.is(b),
            CmpOp::IsNot => !a.is(b),
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => return self.order(op, a, b),
        }))
    }

    /// As `push_native_depth`, with CPython's message for comparisons.
    fn push_compare_depth(&mut self) -> PyResult<()> {
        self.push_native_depth().map_err(|_| {
            new_exc(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded in comparison",
            )
        })
    }

    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let Some(r) = simple_eq(a, b) {
            return Ok(r);
        }
        match (a, b) {
            (Value::List(x), Value::List(y)) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let xs = lock(&x.items).clone();
                let ys = lock(&y.items).clone();
                self.seq_eq(&xs, &ys)
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                let (xs, ys) = (x.items.clone(), y.items.clone());
                self.seq_eq(&xs, &ys)
            }
            (Value::Range(x), Value::Range(y)) => {
                let (nx, ny) = (x.big_len(), y.big_len());
                if nx != ny {
                    return Ok(false);
                }
                let zero = BigInt::from(0);
                if nx == zero {
                    return Ok(true);
                }
                let ((a, _, s), (b, _, t)) = (x.parts(), y.parts());
                Ok(a == b && (nx == BigInt::from(1) || s == t))
            }
            (Value::Dict(x), Value::Dict(y)) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let xs: Vec<(Value, Value)> = lock(&x.map)
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect();
                if xs.len() != lock(&y.map).len() {
                    return Ok(false);
                }
                self.push_compare_depth()?;
                let r = (|| {
                    for (k, v) in xs {
                        match self.dict_get(b, &k)? {
                            Some(w) => {
                                if !self.eq(&v, &w)? {
                                    return Ok(false);
                                }
                            }
                            None => return Ok(false),
                        }
                    }
                    Ok(true)
                })();
                self.pop_native_depth();
                r
            }
            (Value::Set(x), Value::Set(_)) => {
                let xs = lock(&x.table).values();
                if let Value::Set(y) = b {
                    if xs.len() != lock(&y.table).len() {
                        return Ok(false);
                    }
                }
                self.push_compare_depth()?;
                let r = (|| {
                    for v in xs {
                        if !self.contains(b, &v)? {
                            return Ok(false);
                        }
                    }
                    Ok(true)
                })();
                self.pop_native_depth();
                r
            }
            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                if let Some(m) = self.dunder(a, "__eq__") {
                    self.push_compare_depth()?;
                    let r = self.call_value(&m, vec![a.clone(), b.clone()], vec![]);
                    self.pop_native_depth();
                    let r = r?;
                    if !is_not_implemented(&r) {
                        return self.truthy(&r);
                    }
                }
                if let Some(m) = self.dunder(b, "__eq__") {
                    let r = self.call_value(&m, vec![b.clone(), a.clone()], vec![])?;
                    if !is_not_implemented(&r) {
                        return self.truthy(&r);
                    }
                }
                Ok(a.is(b))
            }
            _ => Ok(false),
        }
    }

    fn seq_eq(&mut self, xs: &[Value], ys: &[Value]) -> PyResult<bool> {
        if xs.len() != ys.len() {
            return Ok(false);
        }
        self.push_compare_depth()?;
        let mut r = Ok(true);
        for (x, y) in xs.iter().zip(ys.iter()) {
            if x.is(y) {
                continue;
            }
            match self.eq(x, y) {
                Ok(true) => {}
                Ok(false) => {
                    r = Ok(false);
                    break;
                }
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
        self.pop_native_depth();
        r
    }

    fn order(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        use std::cmp::Ordering;
        let ord: Option<Ordering> = match (a, b) {
            (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
            (Value::Str(x), Value::Str(y)) => Some(x.as_str().cmp(y.as_str())),
            (Value::List(x), Value::List(y)) => {
                let xs = lock(&x.items).clone();
                let ys = lock(&y.items).clone();
                return self.seq_order(op, &xs, &ys);
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                let (xs, ys) = (x.items.clone(), y.items.clone());
                return self.seq_order(op, &xs, &ys);
            }
            (Value::Set(_), Value::Set(_)) => {
                let sub = |vm: &mut Vm, p: &Value, q: &Value| -> PyResult<bool> {
                    for v in vm.collect(p)? {
                        if !vm.contains(q, &v)? {
                            return Ok(false);
                        }
                    }
                    Ok(true)
                };
                let la = self.len_of(a)?;
                let lb = self.len_of(b)?;
                return Ok(Value::Bool(match op {
                    CmpOp::Le => sub(self, a, b)?,
                    CmpOp::Lt => la < lb && sub(self, a, b)?,
                    CmpOp::Ge => sub(self, b, a)?,
                    _ => la > lb && sub(self, b, a)?,
                }));
            }
            _ if is_number(a) && is_number(b) => num_cmp(a, b),
            _ => {
                let (name, refl) = match op {
                    CmpOp::Lt => ("__lt__", "__gt__"),
                    CmpOp::Le => ("__le__", "__ge__"),
                    CmpOp::Gt => ("__gt__", "__lt__"),
                    _ => ("__ge__", "__le__"),
                };
                if let Some(m) = self.dunder(a, name) {
                    let r = self.call_value(&m, vec![a.clone(), b.clone()], vec![])?;
                    if !is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
                if let Some(m) = self.dunder(b, refl) {
                    let r = self.call_value(&m, vec![b.clone(), a.clone()], vec![])?;
                    if !is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
                return Err(type_error(format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    op.symbol(),
                    self.type_name(a),
                    self.type_name(b)
                )));
            }
        };
        let r = match ord {
            None => false, // NaN
            Some(o) => match op {
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Le => o != Ordering::Greater,
                CmpOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            },
        };
        Ok(Value::Bool(r))
    }

    fn seq_order(&mut self, op: CmpOp, xs: &[Value], ys: &[Value]) -> PyResult<Value> {
        self.push_compare_depth()?;
        let r = (|| {
            for (x, y) in xs.iter().zip(ys.iter()) {
                if x.is(y) || self.eq(x, y)? {
                    continue;
                }
                return self.order(op, x, y);
            }
            let (a, b) = (xs.len(), ys.len());
            Ok(Value::Bool(match op {
                CmpOp::Lt => a < b,
                CmpOp::Le => a <= b,
                CmpOp::Gt => a > b,
                _ => a >= b,
            }))
        })();
        self.pop_native_depth();
        r
    }

    /// `a < b` as a bool (sorting, min, max).
    pub fn less(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x < y);
        }
        let r = self.order(CmpOp::Lt, a, b)?;
        self.truthy(&r)
    }

    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(x) => Ok(s.as_str().contains(x.as_str())),
                other => Err(type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_name(other)
                ))),
            },
            Value::List(l) => {
                let items = lock(&l.items).clone();
                for x in items.iter() {
                    if x.is(item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Tuple(t) => {
                for x in t.items.iter() {
                    if x.is(item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Dict(_) => Ok(self.dict_get(container, item)?.is_some()),
            Value::View(v) => match v.kind {
                crate::value::ViewKind::Keys => {
                    Ok(self.dict_get(&Value::Dict(v.dict.clone()), item)?.is_some())
                }
                _ => {
                    let items = self.collect(container)?;
                    for x in items.iter() {
                        if self.eq(x, item)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
            },
            Value::Set(s) => {
                let h = self.hash(item)?;
                let r = lock(&s.table).find(h, &mut |k| simple_eq(k, item));
                match r {
                    Ok(found) => Ok(found.is_some()),
                    Err(()) => {
                        // Snapshot first: `__eq__` may change the set
                        // (the guard must not live through the loop).
                        let keys = lock(&s.table).values();
                        for k in keys {
                            if self.eq(&k, item)? {
                                return Ok(true);
                            }
                        }
                        Ok(false)
                    }
                }
            }
            Value::Range(r) if r.big.is_some() || matches!(item, Value::Big(_)) => {
                let Some(x) = int::to_big(item) else {
                    return Ok(false);
                };
                let (lo, hi, st) = r.parts();
                let zero = BigInt::from(0);
                let inside = if st > zero {
                    lo <= x && x < hi
                } else {
                    lo >= x && x > hi
                };
                Ok(inside && int::mod_big(&(x - lo), &st) == zero)
            }
            Value::Range(r) => match item {
                Value::Int(i) => {
                    let i = *i;
                    if r.step > 0 {
                        Ok(i >= r.start && i < r.stop && (i - r.start) % r.step == 0)
                    } else {
                        Ok(i <= r.start && i > r.stop && (r.start - i) % (-r.step) == 0)
                    }
                }
                _ => {
                    for x in self.collect(container)? {
                        if self.eq(&x, item)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
            },
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder(container, "__contains__", vec![item.clone()])? {
                    return self.truthy(&r);
                }
                if self.dunder(container, "__iter__").is_some() {
                    for x in self.collect(container)? {
                        if self.eq(&x, item)? {
                            return Ok(true);
                        }
                    }
                    return Ok(false);
                }
                Err(type_error(format!(
                    "argument of type '{}' is not iterable",
                    self.type_name(container)
                )))
            }
            Value::Iter(_) => loop {
                match self.iter_next(container)? {
                    Some(x) => {
                        if self.eq(&x, item)? {
                            return Ok(true);
                        }
                    }
                    None => return Ok(false),
                }
            },
            other => Err(type_error(format!(
                "argument of type '{}' is not iterable",
                self.type_name(other)
            ))),
        }
    }

    // ---- hashing, dicts and sets ----

    /// A tuple's hash from its items' hashes, with an explicit stack for
    /// nested tuples: CPython hashes a tuple nested 100,000 deep, and one
    /// Rust frame per level would overflow a worker's stack.
    fn hash_tuple(&mut self, t: &Arc<crate::value::Tuple>) -> PyResult<i64> {
        struct Level {
            tuple: Arc<crate::value::Tuple>,
            next: usize,
            hashes: Vec<i64>,
        }
        let level = |t: &Arc<crate::value::Tuple>| Level {
            tuple: t.clone(),
            next: 0,
            hashes: Vec::with_capacity(t.items.len()),
        };
        let mut stack = vec![level(t)];
        let mut outer = 0;
        while let Some(top) = stack.last_mut() {
            if let Some(item) = top.tuple.items.get(top.next).cloned() {
                top.next += 1;
                if let Value::Tuple(inner) = &item {
                    stack.push(level(inner));
                } else {
                    let h = self.hash(&item)?;
                    if let Some(top) = stack.last_mut() {
                        top.hashes.push(h);
                    }
                }
                continue;
            }
            let h = stack
                .pop()
                .map(|l| hash::hash_tuple(l.hashes.into_iter()))
                .unwrap_or_default();
            match stack.last_mut() {
                Some(parent) => parent.hashes.push(h),
                None => outer = h,
            }
        }
        Ok(outer)
    }

    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(hash::hash_int(*i)),
            Value::Bool(b) => Ok(*b as i64),
            Value::Big(b) => Ok(hash::hash_big(b)),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    Ok(hash::hash_int(*f as i64))
                } else {
                    Ok(hash::hash_float(*f))
                }
            }
            Value::Str(s) => Ok(s.hash()),
            Value::None => Ok(0x5f5e100),
            Value::Tuple(t) => self.hash_tuple(t),
            Value::Set(s) if s.frozen => {
                let mut h: u64 = 0;
                for (x, _) in lock(&s.table).iter() {
                    h ^= (x as u64).wrapping_mul(0x9E3779B97F4A7C15);
                }
                Ok(h as i64)
            }
            Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::View(_) => {
                Err(type_error(format!("unhashable type: '{}'", self.type_name(v))))
            }
            Value::Instance(i) => {
                if let Some(h) = i.class.lookup("__hash__") {
                    if h.is_none() {
                        return Err(type_error(format!("unhashable type: '{}'", self.type_name(v))));
                    }
                    let r = self.call_value(&h, vec![v.clone()], vec![])?;
                    return match r {
                        Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                        Value::Big(b) => Ok(hash::hash_big(&b)),
                        Value::Bool(b) => Ok(b as i64),
                        _ => Err(type_error("__hash__ method should return an integer")),
                    };
                }
                if i.class.lookup("__eq__").is_some() {
                    return Err(type_error(format!("unhashable type: '{}'", self.type_name(v))));
                }
                Ok(v.id() >> 4)
            }
            other => Ok(other.id() >> 4),
        }
    }

    pub fn dict_get(&mut self, d: &Value, key: &Value) -> PyResult<Option<Value>> {
        let Value::Dict(dict) = d else { return Ok(None) };
        let h = self.hash(key)?;
        let probe = {
            let g = lock(&dict.map);
            match g.find(h, &mut |k| simple_eq(k, key)) {
                Probe::Found(i) => Some(Ok(g.value_at(i).clone())),
                Probe::Missing => None,
                Probe::Undecided => Some(Err(())),
            }
        };
        match probe {
            Some(Ok(v)) => Ok(Some(v)),
            Some(Err(())) => {
                // Slow path: Python-level equality, outside the lock.
                let cands = lock(&dict.map).candidates(h);
                for (i, k) in cands {
                    if self.eq(&k, key)? {
                        let g = lock(&dict.map);
                        if let Some(e) = g.entry_at(i) {
                            return Ok(Some(e.value.clone()));
                        }
                    }
                }
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// Index of `key` in a dict map, with the slow path. (None if absent.)
    fn dict_find(&mut self, dict: &crate::value::Dict, key: &Value, h: i64) -> PyResult<Option<usize>> {
        let p = lock(&dict.map).find(h, &mut |k| simple_eq(k, key));
        match p {
            Probe::Found(i) => Ok(Some(i)),
            Probe::Missing => Ok(None),
            Probe::Undecided => {
                let cands = lock(&dict.map).candidates(h);
                for (i, k) in cands {
                    if self.eq(&k, key)? {
                        return Ok(Some(i));
                    }
                }
                Ok(None)
            }
        }
    }

    /// Sets `key` in a bare map (used while binding **kwargs).
    pub(crate) fn dict_set_in(&mut self, m: &mut DictMap, key: Value, v: Value) -> PyResult<()> {
        let h = self.hash(&key)?;
        match m.find(h, &mut |k| simple_eq(k, &key)) {
            Probe::Found(i) => {
                m.set_value_at(i, v);
            }
            _ => m.push_new(h, key, v),
        }
        Ok(())
    }

    pub fn dict_set(&mut self, d: &crate::value::Dict, key: Value, v: Value) -> PyResult<()> {
        let h = self.hash(&key)?;
        if matches!(key, Value::Int(_) | Value::Str(_)) {
            // Fast path: one lock, no Python-level equality needed unless a
            // stored key with the same hash has its own __eq__.
            let mut g = lock(&d.map);
            match g.find(h, &mut |k| simple_eq(k, &key)) {
                Probe::Found(i) => {
                    let old = g.set_value_at(i, v);
                    drop(g);
                    drop(old);
                    return Ok(());
                }
                Probe::Missing => {
                    let cap = g.capacity();
                    g.push_new(h, key, v);
                    let ncap = g.capacity();
                    drop(g);
                    if ncap != cap && !d.tag.resize(crate::value::est_bytes(ncap * 2)) {
                        return Err(memory_error());
                    }
                    return Ok(());
                }
                Probe::Undecided => {}
            }
        }
        let found = self.dict_find(d, &key, h)?;
        let mut g = lock(&d.map);
        match found {
            Some(i) if g.entry_at(i).is_some() => {
                let old = g.set_value_at(i, v);
                drop(g);
                drop(old);
            }
            _ => {
                g.push_new(h, key, v);
                let cap = g.capacity();
                drop(g);
                if !d.tag.resize(crate::value::est_bytes(cap * 2)) {
                    return Err(memory_error());
                }
            }
        }
        Ok(())
    }

    pub fn dict_remove(&mut self, d: &crate::value::Dict, key: &Value) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        let found = self.dict_find(d, key, h)?;
        match found {
            Some(i) => {
                let mut g = lock(&d.map);
                if g.entry_at(i).is_none() {
                    return Ok(None);
                }
                let (k, v) = g.remove_at(i);
                drop(g);
                drop(k);
                Ok(Some(v))
            }
            None => Ok(None),
        }
    }

    pub fn set_add(&mut self, s: &Value, v: Value) -> PyResult<()> {
        let Value::Set(set) = s else { return Ok(()) };
        let h = self.hash(&v)?;
        let r = {
            let mut g = lock(&set.table);
            let probe = v.clone();
            g.add(h, v.clone(), &mut |k| simple_eq(k, &probe))
        };
        if let Added::Undecided = r {
            if !self.contains(s, &v)? {
                lock(&set.table).add_new(h, v);
            }
        }
        let cap = lock(&set.table).capacity();
        if !set.tag.resize(crate::value::est_bytes(cap * 2)) {
            return Err(memory_error());
        }
        Ok(())
    }

    /// Removes `v` from a set; false if absent.
    pub fn set_discard(&mut self, s: &Value, v: &Value) -> PyResult<bool> {
        let Value::Set(set) = s else { return Ok(false) };
        let h = self.hash(v)?;
        let r = lock(&set.table).find(h, &mut |k| simple_eq(k, v));
        let idx = match r {
            Ok(i) => i,
            Err(()) => {
                let mut found = None;
                let n = lock(&set.table).slots();
                for i in 0..n {
                    let k = lock(&set.table).slot(i).cloned();
                    if let Some(k) = k {
                        if self.eq(&k, v)? {
                            found = Some(i);
                            break;
                        }
                    }
                }
                found
            }
        };
        match idx {
            Some(i) => {
                let old = lock(&set.table).remove_at(i);
                drop(old);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    pub fn list_push(&mut self, l: &Arc<List>, v: Value) -> PyResult<()> {
        let mut g = lock(&l.items);
        let cap = g.capacity();
        g.push(v);
        let ncap = g.capacity();
        drop(g);
        if ncap != cap && !l.tag.resize(crate::value::est_bytes(ncap)) {
            lock(&l.items).pop();
            return Err(memory_error());
        }
        Ok(())
    }

    // ---- items ----

    pub fn getitem(&mut self, o: &Value, k: &Value) -> PyResult<Value> {
        match o {
            Value::List(l) => match k {
                Value::Int(i) => {
                    let g = lock(&l.items);
                    let n = g.len() as i64;
                    let j = if *i < 0 { i + n } else { *i };
                    if j < 0 || j >= n {
                        return Err(index_error("list index out of range"));
                    }
                    Ok(g[j as usize].clone())
                }
                Value::Slice(s) => {
                    let items = lock(&l.items).clone();
                    let idx = self.slice_indices(s, items.len())?;
                    Value::try_list(idx.into_iter().map(|i| items[i].clone()).collect()).or_mem()
                }
                Value::Bool(_) | Value::Big(_) => {
                    let i = self
                        .index_of(k)
                        .map_err(|_| index_error("cannot fit 'int' into an index-sized integer"))?;
                    self.getitem(o, &Value::Int(i))
                }
                other => Err(type_error(format!(
                    "list indices must be integers or slices, not {}",
                    self.type_name(other)
                ))),
            },
            Value::Tuple(t) => match k {
                Value::Int(i) => {
                    let n = t.items.len() as i64;
                    let j = if *i < 0 { i + n } else { *i };
                    if j < 0 || j >= n {
                        return Err(index_error("tuple index out of range"));
                    }
                    Ok(t.items[j as usize].clone())
                }
                Value::Slice(s) => {
                    let idx = self.slice_indices(s, t.items.len())?;
                    Value::try_tuple(idx.into_iter().map(|i| t.items[i].clone()).collect()).or_mem()
                }
                Value::Bool(b) => self.getitem(o, &Value::Int(*b as i64)),
                other => Err(type_error(format!(
                    "tuple indices must be integers or slices, not {}",
                    self.type_name(other)
                ))),
            },
            Value::Str(s) => match k {
                Value::Int(i) => {
                    let n = s.char_len() as i64;
                    let j = if *i < 0 { i + n } else { *i };
                    if j < 0 || j >= n {
                        return Err(index_error("string index out of range"));
                    }
                    let c = s.char_at(j as usize).unwrap_or(' ');
                    let mut b = [0u8; 4];
                    Ok(Value::str(c.encode_utf8(&mut b)))
                }
                Value::Slice(sl) => {
                    let n = s.char_len();
                    if let (Value::None | Value::Int(_), Value::None | Value::Int(_), Value::None) =
                        (&sl.start, &sl.stop, &sl.step)
                    {
                        let (a, b) = self.slice_bounds(sl, n)?;
                        return Ok(Value::str(s.substr(a, b)));
                    }
                    let idx = self.slice_indices(sl, n)?;
                    let chars: Vec<char> = s.as_str().chars().collect();
                    Ok(Value::from_string(idx.into_iter().map(|i| chars[i]).collect()))
                }
                Value::Bool(b) => self.getitem(o, &Value::Int(*b as i64)),
                other => Err(type_error(format!(
                    "string indices must be integers, not '{}'",
                    self.type_name(other)
                ))),
            },
            Value::Dict(_) => match self.dict_get(o, k)? {
                Some(v) => Ok(v),
                None => Err(key_error(k.clone())),
            },
            Value::Range(r) if r.big.is_some() => match k {
                Value::Int(_) | Value::Big(_) => {
                    let n = r.big_len();
                    let i = int::to_big(k).unwrap_or_default();
                    let zero = BigInt::from(0);
                    let j = if i < zero { i + &n } else { i };
                    if j < zero || j >= n {
                        return Err(index_error("range object index out of range"));
                    }
                    let (lo, _, st) = r.parts();
                    Ok(int::norm(lo + j * st))
                }
                _ => Err(overflow_error("Python int too large to convert to C ssize_t")),
            },
            Value::Range(r) => match k {
                Value::Int(i) => {
                    let n = r.len();
                    let j = if *i < 0 { i + n } else { *i };
                    if j < 0 || j >= n {
                        return Err(index_error("range object index out of range"));
                    }
                    Ok(Value::Int(r.get(j)))
                }
                Value::Slice(s) => {
                    let n = r.len() as usize;
                    let (start, stop, step) = self.slice_adjust(s, n)?;
                    let st = r
                        .step
                        .checked_mul(step)
                        .ok_or_else(|| overflow_error("range too large"))?;
                    let a = r.get(start);
                    let b = r.get(stop);
                    if r.big.is_some() {
                        return Err(overflow_error("Python int too large to convert to C ssize_t"));
                    }
                    Ok(Value::Range(Arc::new(crate::value::Range {
                        big: None,
                        start: a,
                        stop: b,
                        step: st,
                    })))
                }
                other => Err(type_error(format!(
                    "range indices must be integers or slices, not {}",
                    self.type_name(other)
                ))),
            },
            Value::Instance(_) => match self.call_dunder(o, "__getitem__", vec![k.clone()])? {
                Some(v) => Ok(v),
                None => Err(type_error(format!(
                    "'{}' object is not subscriptable",
                    self.type_name(o)
                ))),
            },
            Value::Class(c)
                if matches!(
                    c.kind,
                    TypeKind::List | TypeKind::Dict | TypeKind::Tuple | TypeKind::Set | TypeKind::Type
                ) =>
            {
                // `list[int]` in annotations: return the class itself.
                Ok(o.clone())
            }
            other => Err(type_error(format!(
                "'{}' object is not subscriptable",
                self.type_name(other)
            ))),
        }
    }

    pub fn setitem(&mut self, o: &Value, k: Value, v: Value) -> PyResult<()> {
        match o {
            Value::List(l) => match &k {
                Value::Int(i) => {
                    let mut g = lock(&l.items);
                    let n = g.len() as i64;
                    let j = if *i < 0 { i + n } else { *i };
                    if j < 0 || j >= n {
                        return Err(index_error("list assignment index out of range"));
                    }
                    let old = std::mem::replace(&mut g[j as usize], v);
                    drop(g);
                    drop(old);
                    Ok(())
                }
                Value::Bool(b) => self.setitem(o, Value::Int(*b as i64), v),
                Value::Slice(s) => {
                    let new = self.collect(&v).map_err(|e| match e {
                        crate::error::Exc::Raise(x) if crate::error::exc_is(&x, ExcKind::TypeError) => {
                            type_error("can only assign an iterable")
                        }
                        other => other,
                    })?;
                    let n = lock(&l.items).len();
                    if s.step.is_none() {
                        let (a, b) = self.slice_bounds(s, n)?;
                        let mut g = lock(&l.items);
                        let b = b.max(a);
                        let removed: Vec<Value> = g.splice(a..b, new).collect();
                        drop(g);
                        drop(removed);
                        return Ok(());
                    }
                    let idx = self.slice_indices(s, n)?;
                    if idx.len() != new.len() {
                        return Err(value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            new.len(),
                            idx.len()
                        )));
                    }
                    let mut g = lock(&l.items);
                    for (i, x) in idx.into_iter().zip(new) {
                        g[i] = x;
                    }
                    Ok(())
                }
                other => Err(type_error(format!(
                    "list indices must be integers or slices, not {}",
                    self.type_name(other)
                ))),
            },
            Value::Dict(d) => self.dict_set(d, k, v),
            Value::Instance(_) => match self.call_dunder(o, "__setitem__", vec![k, v])? {
                Some(_) => Ok(()),
                None => Err(type_error(format!(
                    "'{}' object does not support item assignment",
                    self.type_name(o)
                ))),
            },
            other => Err(type_error(format!(
                "'{}' object does not support item assignment",
                self.type_name(other)
            ))),
        }
    }

    pub fn delitem(&mut self, o: &Value, k: &Value) -> PyResult<()> {
        match o {
            Value::List(l) => match k {
                Value::Int(i) => {
                    let mut g = lock(&l.items);
                    let n = g.len() as i64;
                    let j = if *i < 0 { i + n } else { *i };
                    if j < 0 || j >= n {
                        return Err(index_error("list assignment index out of range"));
                    }
                    let old = g.remove(j as usize);
                    drop(g);
                    drop(old);
                    Ok(())
                }
                Value::Slice(s) => {
                    let n = lock(&l.items).len();
                    let mut idx = self.slice_indices(s, n)?;
                    idx.sort_unstable();
                    let mut g = lock(&l.items);
                    for i in idx.into_iter().rev() {
                        g.remove(i);
                    }
                    Ok(())
                }
                other => Err(type_error(format!(
                    "list indices must be integers or slices, not {}",
                    self.type_name(other)
                ))),
            },
            Value::Dict(d) => match self.dict_remove(d, k)? {
                Some(_) => Ok(()),
                None => Err(key_error(k.clone())),
            },
            Value::Instance(_) => match self.call_dunder(o, "__delitem__", vec![k.clone()])? {
                Some(_) => Ok(()),
                None => Err(type_error(format!(
                    "'{}' object does not support item deletion",
                    self.type_name(o)
                ))),
            },
            other => Err(type_error(format!(
                "'{}' object doesn't support item deletion",
                self.type_name(other)
            ))),
        }
    }

    fn slice_part(&self, v: &Value) -> PyResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(*b as i64)),
            Value::Big(b) => Ok(Some(if b.is_negative() { i64::MIN } else { i64::MAX })),
            _ => Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    }

    /// CPython's PySlice_AdjustIndices: (start, stop, step) clamped.
    pub fn slice_adjust(&self, s: &crate::value::Slice, n: usize) -> PyResult<(i64, i64, i64)> {
        let n = n as i64;
        let step = self.slice_part(&s.step)?.unwrap_or(1);
        if step == 0 {
            return Err(value_error("slice step cannot be zero"));
        }
        let adj = |v: Option<i64>, default: i64, lo: i64, hi: i64| -> i64 {
            match v {
                None => default,
                Some(x) => {
                    let x = if x < 0 { x.saturating_add(n) } else { x };
                    x.clamp(lo, hi)
                }
            }
        };
        let (start, stop) = if step > 0 {
            (
                adj(self.slice_part(&s.start)?, 0, 0, n),
                adj(self.slice_part(&s.stop)?, n, 0, n),
            )
        } else {
            (
                adj(self.slice_part(&s.start)?, n - 1, -1, n - 1),
                adj(self.slice_part(&s.stop)?, -1, -1, n - 1),
            )
        };
        Ok((start, stop, step))
    }

    pub fn slice_indices(&self, s: &crate::value::Slice, n: usize) -> PyResult<Vec<usize>> {
        let (start, stop, step) = self.slice_adjust(s, n)?;
        let mut v = Vec::new();
        // Checked steps: `s[1::2**63-1]` must end the loop, not overflow.
        let mut i = Some(start);
        while let Some(at) = i.filter(|at| if step > 0 { *at < stop } else { *at > stop }) {
            v.push(at as usize);
            i = at.checked_add(step);
        }
        Ok(v)
    }

    /// Bounds of a step-1 slice.
    fn slice_bounds(&self, s: &crate::value::Slice, n: usize) -> PyResult<(usize, usize)> {
        let (a, b, _) = self.slice_adjust(
            &crate::value::Slice {
                start: s.start.clone(),
                stop: s.stop.clone(),
                step: Value::None,
            },
            n,
        )?;
        Ok((a as usize, (b.max(a)) as usize))
    }

    pub fn len_of(&mut self, v: &Value) -> PyResult<usize> {
        Ok(match v {
            Value::Str(s) => s.char_len(),
            Value::List(l) => lock(&l.items).len(),
            Value::Tuple(t) => t.items.len(),
            Value::Dict(d) => lock(&d.map).len(),
            Value::Set(s) => lock(&s.table).len(),
            Value::Range(r) => {
                if r.big.is_some() {
                    return Err(overflow_error("Python int too large to convert to C ssize_t"));
                }
                r.len() as usize
            }
            Value::View(vw) => lock(&vw.dict.map).len(),
            Value::Instance(_) => match self.call_dunder(v, "__len__", vec![])? {
                Some(r) => {
                    let n = self.index_of(&r)?;
                    if n < 0 {
                        return Err(value_error("__len__() should return >= 0"));
                    }
                    n as usize
                }
                None => {
                    return Err(type_error(format!(
                        "object of type '{}' has no len()",
                        self.type_name(v)
                    )))
                }
            },
            other => {
                return Err(type_error(format!(
                    "object of type '{}' has no len()",
                    self.type_name(other)
                )))
            }
        })
    }

    /// Every item of an iterable.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::List(l) => Ok(lock(&l.items).clone()),
            Value::Tuple(t) => Ok(t.items.to_vec()),
            Value::Dict(d) => Ok(lock(&d.map).keys()),
            Value::Set(s) => Ok(lock(&s.table).values()),
            Value::Str(s) => {
                let mut b = [0u8; 4];
                Ok(s.as_str()
                    .chars()
                    .map(|c| Value::str(c.encode_utf8(&mut b)))
                    .collect())
            }
            Value::Range(r) => {
                if r.big.is_some() {
                    return Err(overflow_error("Python int too large to convert to C ssize_t"));
                }
                let n = r.len();
                if !self.interp.heap.fits((n as usize).saturating_mul(16)) {
                    return Err(memory_error());
                }
                Ok((0..n).map(|i| Value::Int(r.get(i))).collect())
            }
            _ => {
                let it = self.get_iter(v.clone())?;
                let mut out = Vec::new();
                while let Some(x) = self.iter_next(&it)? {
                    out.push(x);
                    if out.len() % 4096 == 0 {
                        self.eval_breaker()?;
                        if !self.interp.heap.fits(out.len() * 16) {
                            return Err(memory_error());
                        }
                    }
                }
                Ok(out)
            }
        }
    }

    pub(crate) fn unpack(&mut self, v: &Value, n: usize) -> PyResult<Vec<Value>> {
        let items = match v {
            Value::Tuple(t) => t.items.to_vec(),
            Value::List(l) => lock(&l.items).clone(),
            Value::Int(_) | Value::Float(_) | Value::None | Value::Bool(_) | Value::Big(_) => {
                return Err(type_error(format!(
                    "cannot unpack non-iterable {} object",
                    self.type_name(v)
                )))
            }
            _ => self.collect(v).map_err(|e| match e {
                crate::error::Exc::Raise(x) if crate::error::exc_is(&x, ExcKind::TypeError) => {
                    type_error(format!("cannot unpack non-iterable {} object", self.type_name(v)))
                }
                other => other,
            })?,
        };
        if items.len() > n {
            return Err(value_error(format!("too many values to unpack (expected {n})")));
        }
        if items.len() < n {
            return Err(value_error(format!(
                "not enough values to unpack (expected {}, got {})",
                n,
                items.len()
            )));
        }
        Ok(items)
    }

    // ---- text ----

    pub fn to_str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Instance(i) => {
                if let Some(m) = i.class.lookup("__str__") {
                    self.push_native_depth()?;
                    let r = self.call_value(&m, vec![v.clone()], vec![]);
                    self.pop_native_depth();
                    return match r? {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        other => Err(type_error(format!(
                            "__str__ returned non-string (type {})",
                            self.type_name(&other)
                        ))),
                    };
                }
                if i.exc.is_some() {
                    return self.exc_str(v);
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// `str(exc)`: its args as CPython shows them.
    pub fn exc_str(&mut self, v: &Value) -> PyResult<String> {
        let Value::Instance(i) = v else {
            return self.to_str(v);
        };
        let args = match &i.exc {
            Some(e) => lock(e).args.clone(),
            None => Vec::new(),
        };
        let is_key = i.class.is_subclass(&crate::error::exc_class(ExcKind::KeyError));
        match args.len() {
            0 => Ok(String::new()),
            1 if is_key => self.repr(&args[0]),
            1 => self.to_str(&args[0]),
            _ => self.repr(&Value::try_tuple(args).or_mem()?),
        }
    }

    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::Null => "<NULL>".into(),
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Big(b) => {
                // Cheap refusal first (the conversion itself is quadratic).
                if int::big_digits(b) > MAX_STR_DIGITS + 2 {
                    return Err(value_error(
                        "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
                    ));
                }
                let s = b.to_string();
                if s.trim_start_matches('-').len() > MAX_STR_DIGITS {
                    return Err(value_error(
                        "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
                    ));
                }
                s
            }
            Value::Float(f) => crate::format::float_repr(*f),
            Value::Str(s) => crate::format::str_repr(s.as_str()),
            Value::List(l) => {
                let items = lock(&l.items).clone();
                return self.repr_seq(Arc::as_ptr(l) as usize, "[", "]", &items, false);
            }
            Value::Tuple(t) => {
                let items = t.items.to_vec();
                return self.repr_seq(Arc::as_ptr(t) as usize, "(", ")", &items, items.len() == 1);
            }
            Value::Set(s) => {
                let items = lock(&s.table).values();
                if items.is_empty() {
                    return Ok(if s.frozen {
                        "frozenset()".into()
                    } else {
                        "set()".into()
                    });
                }
                let inner = self.repr_seq(Arc::as_ptr(s) as usize, "{", "}", &items, false)?;
                return Ok(if s.frozen {
                    format!("frozenset({inner})")
                } else {
                    inner
                });
            }
            Value::Dict(d) => {
                let id = Arc::as_ptr(d) as usize;
                if self.repr_guard.contains(&id) {
                    return Ok("{...}".into());
                }
                let entries: Vec<(Value, Value)> = lock(&d.map)
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect();
                self.push_native_depth()?;
                self.repr_guard.push(id);
                let r = (|| {
                    let mut s = String::from("{");
                    for (i, (k, v)) in entries.iter().enumerate() {
                        if i > 0 {
                            s.push_str(", ");
                        }
                        s.push_str(&self.repr(k)?);
                        s.push_str(": ");
                        s.push_str(&self.repr(v)?);
                        self.check_str_size(s.len())?;
                    }
                    s.push('}');
                    Ok(s)
                })();
                self.repr_guard.pop();
                self.pop_native_depth();
                return r;
            }
            Value::View(vw) => {
                let name = self.type_name(v);
                let items = self.collect(v)?;
                let inner = self.repr_seq(Arc::as_ptr(vw) as usize, "[", "]", &items, false)?;
                format!("{name}({inner})")
            }
            Value::Range(r) => {
                let (a, b, c) = r.parts();
                if c == BigInt::from(1) {
                    format!("range({a}, {b})")
                } else {
                    format!("range({a}, {b}, {c})")
                }
            }
            Value::Slice(s) => {
                let a = self.repr(&s.start)?;
                let b = self.repr(&s.stop)?;
                let c = self.repr(&s.step)?;
                format!("slice({a}, {b}, {c})")
            }
            Value::Func(f) => format!("<function {} at 0x{:x}>", f.qualname.as_str(), v.id()),
            Value::Method(m) => {
                let fname = match &m.func {
                    Value::Func(f) => f.qualname.as_str().to_string(),
                    _ => "?".into(),
                };
                let r = self.repr(&m.receiver)?;
                format!("<bound method {fname} of {r}>")
            }
            Value::Builtin(b) => match &b.receiver {
                Value::Null => format!("<built-in function {}>", b.name),
                Value::Module(_) => format!("<built-in function {}>", b.name),
                r => format!(
                    "<built-in method {} of {} object at 0x{:x}>",
                    b.name,
                    self.type_name(r),
                    r.id()
                ),
            },
            Value::NativeMeth(_) => "<built-in method>".into(),
            Value::Class(c) => {
                if c.kind == TypeKind::User {
                    format!("<class '__main__.{}'>", c.qualname.as_str())
                } else {
                    format!("<class '{}'>", c.name.as_str())
                }
            }
            Value::Module(m) => format!("<module '{}' (built-in)>", m.name.as_str()),
            Value::Iter(_) => {
                let t = self.type_name(v);
                if t == "generator" {
                    format!("<generator object <genexpr> at 0x{:x}>", v.id())
                } else {
                    format!("<{} object at 0x{:x}>", t, v.id())
                }
            }
            Value::Cell(_) => format!("<cell at 0x{:x}>", v.id()),
            Value::Super(s) => format!(
                "<super: <class '{}'>, <{} object>>",
                s.start.name.as_str(),
                self.type_name(&s.obj)
            ),
            Value::Instance(i) => {
                if let Some(m) = i.class.lookup("__repr__") {
                    self.push_native_depth()?;
                    let r = self.call_value(&m, vec![v.clone()], vec![]);
                    self.pop_native_depth();
                    return match r? {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        other => Err(type_error(format!(
                            "__repr__ returned non-string (type {})",
                            self.type_name(&other)
                        ))),
                    };
                }
                if let Some(e) = &i.exc {
                    let args = lock(e).args.clone();
                    let inner = if args.len() == 1 {
                        self.repr(&args[0])?
                    } else {
                        let t = self.repr(&Value::try_tuple(args).or_mem()?)?;
                        t.trim_start_matches('(')
                            .trim_end_matches(')')
                            .trim_end_matches(',')
                            .to_string()
                    };
                    return Ok(format!("{}({})", i.class.name.as_str(), inner));
                }
                format!(
                    "<__main__.{} object at 0x{:x}>",
                    i.class.qualname.as_str(),
                    v.id()
                )
            }
        })
    }

    fn repr_seq(
        &mut self,
        id: usize,
        open: &str,
        close: &str,
        items: &[Value],
        trailing_comma: bool,
    ) -> PyResult<String> {
        if self.repr_guard.contains(&id) {
            return Ok(format!("{open}...{close}"));
        }
        self.push_native_depth()?;
        self.repr_guard.push(id);
        let r = (|| {
            let mut s = String::from(open);
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&self.repr(x)?);
                if i % 256 == 255 {
                    self.check_str_size(s.len())?;
                }
            }
            if trailing_comma {
                s.push(',');
            }
            s.push_str(close);
            Ok(s)
        })();
        self.repr_guard.pop();
        self.pop_native_depth();
        r
    }

    /// `format(v, spec)`.
    pub fn format_spec(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            return self.to_str(v);
        }
        match v {
            Value::Int(_) | Value::Big(_) | Value::Bool(_) | Value::Float(_) | Value::Str(_) => {
                crate::format::format_value(v, spec)
            }
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder(v, "__format__", vec![Value::str(spec)])? {
                    return self.to_str(&r);
                }
                Err(type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    self.type_name(v)
                )))
            }
            other => Err(type_error(format!(
                "unsupported format string passed to {}.__format__",
                self.type_name(other)
            ))),
        }
    }
}

pub fn iter_type_name(st: &crate::value::IterState) -> &'static str {
    use crate::value::IterState as S;
    match st {
        S::Range { .. } => "range_iterator",
        S::List { .. } => "list_iterator",
        S::Tuple { .. } => "tuple_iterator",
        S::Dict { .. } => "dict_keyiterator",
        S::Set { .. } => "set_iterator",
        S::Enumerate { .. } => "enumerate",
        S::Zip { .. } => "zip",
        S::Map { .. } => "map",
        S::Filter { .. } => "filter",
        S::Reversed { .. } => "list_reverseiterator",
        S::Vec { name, .. } => name,
        S::Gen { .. } => "generator",
        S::Done => "iterator",
    }
}

pub fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Builtin(b) if b.name == "NotImplemented")
}

fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::Bool(_) | Value::Big(_) | Value::Float(_)
    )
}

fn num_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Float(x), _) => {
            let y = int::to_big(b)?;
            float_int_cmp(*x, &y)
        }
        (_, Value::Float(y)) => {
            let x = int::to_big(a)?;
            float_int_cmp(*y, &x).map(|o| o.reverse())
        }
        _ => {
            let (x, y) = (int::to_big(a)?, int::to_big(b)?);
            Some(x.cmp(&y))
        }
    }
}

fn float_int_cmp(f: f64, i: &BigInt) -> Option<std::cmp::Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Less
        });
    }
    // Compare exactly: floor(f) against i, then the fraction.
    let fl = f.floor();
    let fb = num_bigint::BigInt::from(fl as i128);
    let fb = if fl.abs() < 1.7e38 {
        fb
    } else {
        return i.to_f64().and_then(|x| f.partial_cmp(&x));
    };
    match fb.cmp(i) {
        std::cmp::Ordering::Equal => {
            if f > fl {
                Some(std::cmp::Ordering::Greater)
            } else {
                Some(std::cmp::Ordering::Equal)
            }
        }
        o => Some(o),
    }
}

/// Equality that needs no Python code; None if it would.
pub fn simple_eq(a: &Value, b: &Value) -> Option<bool> {
    simple_eq_within(a, b, 0)
}

/// Tuples nested deeper than this are left to `Vm::eq`, which counts each
/// level against the recursion limit and the stack budget.
const SIMPLE_EQ_DEPTH: u32 = 16;

fn simple_eq_within(a: &Value, b: &Value, depth: u32) -> Option<bool> {
    use Value::*;
    Some(match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => Arc::ptr_eq(x, y) || x.as_str() == y.as_str(),
        (None, None) => true,
        (Bool(x), Bool(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Int(_) | Bool(_) | Big(_) | Float(_), Int(_) | Bool(_) | Big(_) | Float(_)) => {
            num_cmp(a, b) == Some(std::cmp::Ordering::Equal)
        }
        (Tuple(x), Tuple(y)) => {
            if x.items.len() != y.items.len() {
                return Some(false);
            }
            if depth >= SIMPLE_EQ_DEPTH {
                return Option::None;
            }
            for (p, q) in x.items.iter().zip(y.items.iter()) {
                if !simple_eq_within(p, q, depth + 1)? {
                    return Some(false);
                }
            }
            true
        }
        (Instance(x), _) => {
            if x.class.lookup("__eq__").is_some() {
                return Option::None;
            }
            match b {
                Instance(y) if y.class.lookup("__eq__").is_some() => return Option::None,
                _ => a.is(b),
            }
        }
        (_, Instance(y)) => {
            if y.class.lookup("__eq__").is_some() {
                return Option::None;
            }
            false
        }
        (List(_), List(_)) | (Dict(_), Dict(_)) | (Set(_), Set(_)) | (Range(_), Range(_)) => {
            return Option::None
        }
        (Str(_), _) | (_, Str(_)) | (None, _) | (_, None) => false,
        (Tuple(_), _) | (_, Tuple(_)) => false,
        _ => a.is(b),
    })
}

fn float_op(op: BinOp, x: f64, y: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(zero_div("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if y == 0.0 {
                return Err(zero_div(if op == BinOp::Mod {
                    "float modulo"
                } else {
                    "float floor division by zero"
                }));
            }
            let (d, m) = float_divmod(x, y);
            if op == BinOp::Mod {
                m
            } else {
                d
            }
        }
        BinOp::Pow => {
            if x == 0.0 && y < 0.0 {
                return Err(zero_div("0.0 cannot be raised to a negative power"));
            }
            if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
                return Err(new_exc(
                    ExcKind::NotImplementedError,
                    "complex numbers are not supported in Lockstep yet",
                ));
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(overflow_error("(34, 'Numerical result out of range')"));
            }
            r
        }
        _ => {
            return Err(type_error(format!(
                "unsupported operand type(s) for {}: 'float' and 'float'",
                op.symbol()
            )))
        }
    }))
}

pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let fd = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (fd, m)
}

fn big_truediv(a: &Value, b: &Value) -> PyResult<Value> {
    let (Some(x), Some(y)) = (int::to_big(a), int::to_big(b)) else {
        return Err(type_error("bad operand"));
    };
    // Scale to keep 64 significant bits, then divide as floats.
    let q = x.to_f64().zip(y.to_f64());
    match q {
        Some((fx, fy)) if fx.is_finite() && fy.is_finite() => Ok(Value::Float(fx / fy)),
        _ => {
            let shift = x.bits().max(y.bits()).saturating_sub(1000) as usize;
            let xs = (&x >> shift).to_f64().unwrap_or(f64::INFINITY);
            let ys = (&y >> shift).to_f64().unwrap_or(f64::INFINITY);
            let r = xs / ys;
            if !r.is_finite() {
                return Err(overflow_error("integer division result too large for a float"));
            }
            Ok(Value::Float(r))
        }
    }
}
