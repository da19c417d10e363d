//! Calling a built-in class: `int(x)`, `str(x)`, `list(it)`, exceptions...

use super::{kwarg, nargs};
use crate::error::{make_exc, overflow_error, type_error, value_error, OrMemory, PyResult};
use crate::heap::{lock, HeapTag, WeakObj};
use crate::value::{int, AttrMap, Class, DictMap, Instance, Kwargs, Range, SetTable, TypeKind, Value};
use crate::vm::Vm;
use std::sync::{Arc, Mutex};

pub fn construct(vm: &mut Vm, c: &Arc<Class>, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    let name = c.name.as_str();
    match c.kind {
        TypeKind::Exception => Ok(make_exc(c.clone(), args)),
        TypeKind::Int => to_int(vm, args, kw),
        TypeKind::Float => {
            nargs("float", &args, 0, 1)?;
            match args.first() {
                None => Ok(Value::Float(0.0)),
                Some(v) => to_float(vm, v).map(Value::Float),
            }
        }
        TypeKind::Str => {
            if args.is_empty() {
                return Ok(Value::str(""));
            }
            if args.len() > 1 {
                return Err(type_error(format!(
                    "str() takes at most 1 argument ({} given)",
                    args.len()
                )));
            }
            Ok(Value::from_string(vm.to_str(&args[0])?))
        }
        TypeKind::Bool => {
            nargs("bool", &args, 0, 1)?;
            match args.first() {
                None => Ok(Value::Bool(false)),
                Some(v) => Ok(Value::Bool(vm.truthy(v)?)),
            }
        }
        TypeKind::List => {
            nargs("list", &args, 0, 1)?;
            let items = match args.first() {
                None => Vec::new(),
                Some(v) => vm.collect(v)?,
            };
            Value::try_list(items).or_mem()
        }
        TypeKind::Tuple => {
            nargs("tuple", &args, 0, 1)?;
            match args.first() {
                None => Value::try_tuple(Vec::new()).or_mem(),
                Some(Value::Tuple(_)) => Ok(args[0].clone()),
                Some(v) => {
                    let items = vm.collect(v)?;
                    Value::try_tuple(items).or_mem()
                }
            }
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            nargs(name, &args, 0, 1)?;
            let frozen = c.kind == TypeKind::FrozenSet;
            let s = Value::try_set(SetTable::new(), frozen).or_mem()?;
            if let Some(v) = args.first() {
                fill_set(vm, &s, v)?;
            }
            Ok(s)
        }
        TypeKind::Dict => {
            if args.len() > 1 {
                return Err(type_error(format!(
                    "dict expected at most 1 argument, got {}",
                    args.len()
                )));
            }
            let d = Value::try_dict(DictMap::new()).or_mem()?;
            if let Some(src) = args.first() {
                dict_update(vm, &d, src)?;
            }
            for (k, v) in kw {
                vm.setitem(&d, Value::Str(k), v)?;
            }
            Ok(d)
        }
        TypeKind::Range => {
            if args.is_empty() || args.len() > 3 {
                return Err(type_error(if args.is_empty() {
                    "range expected at least 1 argument, got 0".to_string()
                } else {
                    format!("range expected at most 3 arguments, got {}", args.len())
                }));
            }
            let mut n = Vec::new();
            if args.iter().any(|a| matches!(a, Value::Big(_))) {
                let mut b = Vec::new();
                for a in &args {
                    match a {
                        Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
                            b.push(int::to_big(a).unwrap_or_default())
                        }
                        other => {
                            vm.index_of(other)?;
                        }
                    }
                }
                let one = num_bigint::BigInt::from(1);
                let zero = num_bigint::BigInt::from(0);
                let (start, stop, step) = match b.len() {
                    1 => (zero, b[0].clone(), one),
                    2 => (b[0].clone(), b[1].clone(), one),
                    _ => (b[0].clone(), b[1].clone(), b[2].clone()),
                };
                if step == num_bigint::BigInt::from(0) {
                    return Err(value_error("range() arg 3 must not be zero"));
                }
                return Ok(Value::Range(Arc::new(Range {
                    start: 0,
                    stop: 0,
                    step: 1,
                    big: Some(Box::new([start, stop, step])),
                })));
            }
            for a in &args {
                n.push(vm.index_of(a)?);
            }
            let (start, stop, step) = match n.len() {
                1 => (0, n[0], 1),
                2 => (n[0], n[1], 1),
                _ => (n[0], n[1], n[2]),
            };
            if step == 0 {
                return Err(value_error("range() arg 3 must not be zero"));
            }
            Ok(Value::Range(Arc::new(Range {
                start,
                stop,
                step,
                big: None,
            })))
        }
        TypeKind::Slice => {
            nargs("slice", &args, 1, 3)?;
            let (a, b, s) = match args.len() {
                1 => (Value::None, args[0].clone(), Value::None),
                2 => (args[0].clone(), args[1].clone(), Value::None),
                _ => (args[0].clone(), args[1].clone(), args[2].clone()),
            };
            Ok(Value::Slice(Arc::new(crate::value::Slice {
                start: a,
                stop: b,
                step: s,
            })))
        }
        TypeKind::Type => {
            if args.len() == 1 {
                return Ok(Value::Class(vm.class_of(&args[0])));
            }
            Err(crate::error::new_exc(
                crate::error::ExcKind::NotImplementedError,
                "type() with three arguments is not supported in Lockstep yet",
            ))
        }
        TypeKind::Object => {
            if !args.is_empty() {
                return Err(type_error("object() takes no arguments"));
            }
            let tag = HeapTag::new(64).or_mem()?;
            let inst = Arc::new(Instance {
                class: c.clone(),
                attrs: Mutex::new(AttrMap::default()),
                exc: None,
                tag,
                sharing: Default::default(),
            });
            if let Some(h) = inst.tag.heap() {
                h.register(WeakObj::Instance(Arc::downgrade(&inst)));
            }
            Ok(Value::Instance(inst))
        }
        _ => Err(type_error(format!("cannot create '{name}' instances"))),
    }
}

fn fill_set(vm: &mut Vm, s: &Value, src: &Value) -> PyResult<()> {
    match src {
        Value::Set(o) => {
            let t = lock(&o.table).clone();
            vm.set_merge(s, &t)
        }
        Value::Dict(d) => {
            let keys = lock(&d.map).keys();
            if let Value::Set(st) = s {
                lock(&st.table).presize(keys.len());
            }
            for k in keys {
                vm.set_add(s, k)?;
            }
            Ok(())
        }
        other => {
            let items = vm.collect(other)?;
            for k in items {
                vm.set_add(s, k)?;
            }
            Ok(())
        }
    }
}

pub fn dict_update(vm: &mut Vm, d: &Value, src: &Value) -> PyResult<()> {
    match src {
        Value::Dict(s) => {
            let entries: Vec<(Value, Value)> = lock(&s.map)
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            for (k, v) in entries {
                vm.setitem(d, k, v)?;
            }
        }
        other => {
            let items = vm.collect(other)?;
            for (i, it) in items.into_iter().enumerate() {
                let pair = match &it {
                    Value::Tuple(_) | Value::List(_) | Value::Str(_) => vm.collect(&it)?,
                    _ => {
                        return Err(type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )))
                    }
                };
                if pair.len() != 2 {
                    return Err(value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        pair.len()
                    )));
                }
                let mut p = pair.into_iter();
                let (k, v) = (p.next().unwrap_or(Value::None), p.next().unwrap_or(Value::None));
                vm.setitem(d, k, v)?;
            }
        }
    }
    Ok(())
}

fn to_int(vm: &mut Vm, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    let base = args.get(1).cloned().or_else(|| kwarg(&kw, "base"));
    if args.len() > 2 {
        return Err(type_error(format!(
            "int() takes at most 2 arguments ({} given)",
            args.len()
        )));
    }
    let Some(x) = args.first() else {
        return Ok(Value::Int(0));
    };
    if let Some(b) = base {
        let b = vm.index_of(&b)?;
        if b != 0 && !(2..=36).contains(&b) {
            return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        let Value::Str(s) = x else {
            return Err(type_error("int() can't convert non-string with explicit base"));
        };
        return int::parse_str(s.as_str(), b as u32).ok_or_else(|| {
            value_error(format!(
                "invalid literal for int() with base {}: {}",
                b,
                crate::format::str_repr(s.as_str())
            ))
        });
    }
    match x {
        Value::Int(_) | Value::Big(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => float_to_int(*f),
        Value::Str(s) => {
            let digits = s.as_str().chars().filter(|c| c.is_ascii_digit()).count();
            if digits > 4300 {
                return Err(value_error(format!(
                    "Exceeds the limit (4300 digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
                )));
            }
            int::parse_str(s.as_str(), 10).ok_or_else(|| {
                value_error(format!(
                    "invalid literal for int() with base 10: {}",
                    crate::format::str_repr(s.as_str())
                ))
            })
        }
        other => {
            if let Some(r) = vm.call_dunder(other, "__int__", vec![])? {
                return Ok(r);
            }
            if let Some(r) = vm.call_dunder(other, "__index__", vec![])? {
                return Ok(r);
            }
            Err(type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                vm.type_name(other)
            )))
        }
    }
}

pub fn float_to_int(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        Ok(Value::Int(t as i64))
    } else {
        // Exact: the float's integer value.
        let bits = t.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
        let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
        let mut b = num_bigint::BigInt::from(mant);
        b = if exp >= 0 {
            b << exp as u64
        } else {
            b >> (-exp) as u64
        };
        Ok(int::norm(if t < 0.0 { -b } else { b }))
    }
}

pub fn to_float(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
            int::to_f64(v).ok_or_else(|| overflow_error("int too large to convert to float"))
        }
        Value::Str(s) => parse_float(s.as_str()).ok_or_else(|| {
            value_error(format!(
                "could not convert string to float: {}",
                crate::format::str_repr(s.as_str())
            ))
        }),
        other => {
            if let Some(Value::Float(f)) = vm.call_dunder(other, "__float__", vec![])? {
                return Ok(f);
            }
            Err(type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                vm.type_name(other)
            )))
        }
    }
}

/// Each `float("nan")` is a distinct object in CPython (`x is y` is False
/// for two of them, `x is x` True, and `in`/`==` on lists use identity
/// first). Floats are values here, so each fresh NaN gets its own payload
/// bits and identity compares bits.
pub fn fresh_nan() -> f64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) & 0x3_ffff_ffff_ffff;
    f64::from_bits(0x7ff8_0000_0000_0000 | n.max(1))
}

pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.as_bytes().first() {
        Some(b'-') => (-1.0, &lower[1..]),
        Some(b'+') => (1.0, &lower[1..]),
        _ => (1.0, &lower[..]),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(fresh_nan()),
        _ => {}
    }
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return None;
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-' | '_'))
    {
        return None;
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    if clean.contains("inf") || clean.contains("nan") {
        return None;
    }
    clean.parse::<f64>().ok().map(|f| sign * f)
}
