//! The builtins namespace: functions (here), type constructors
//! (`types.rs`) and methods of built-in types (`methods.rs`).

pub mod methods;
pub mod types;

use crate::error::{
    exc_class, new_exc, stop_iteration, type_error, value_error, ExcKind, OrMemory, PyResult, TYPE_KINDS,
};
use crate::heap::lock;
use crate::output::Stream;
use crate::value::{int, Builtin, Fast1, IterState, Kwargs, NativeFn, Value};
use crate::vm::Vm;
use std::sync::{Arc, OnceLock};

fn table() -> &'static Vec<(&'static str, Value)> {
    static T: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
    T.get_or_init(|| {
        let fns: &[(&'static str, NativeFn)] = &[
            ("print", print),
            ("len", len),
            ("abs", abs),
            ("sum", sum),
            ("min", min),
            ("max", max),
            ("sorted", sorted),
            ("reversed", reversed),
            ("enumerate", enumerate),
            ("zip", zip),
            ("map", map),
            ("filter", filter),
            ("any", any),
            ("all", all),
            ("repr", repr),
            ("ascii", ascii),
            ("isinstance", isinstance),
            ("issubclass", issubclass),
            ("hasattr", hasattr),
            ("getattr", getattr),
            ("setattr", setattr),
            ("delattr", delattr),
            ("iter", iter),
            ("next", next),
            ("id", id),
            ("hash", hash),
            ("round", round),
            ("divmod", divmod),
            ("pow", pow),
            ("chr", chr),
            ("ord", ord),
            ("hex", hex),
            ("oct", oct),
            ("bin", bin),
            ("format", format),
            ("callable", callable),
            ("super", super_),
            ("input", input),
            ("vars", vars),
            ("NotImplemented", not_implemented),
        ];
        let mut v: Vec<(&'static str, Value)> = fns
            .iter()
            .map(|(n, f)| {
                (
                    *n,
                    Value::Builtin(Arc::new(Builtin {
                        name: n,
                        f: *f,
                        receiver: Value::Null,
                        fast1: match *n {
                            "len" => Some(len1 as Fast1),
                            "repr" => Some(repr1 as Fast1),
                            _ => None,
                        },
                    })),
                )
            })
            .collect();
        for (k, n) in TYPE_KINDS {
            if matches!(
                *n,
                "object"
                    | "bool"
                    | "int"
                    | "float"
                    | "str"
                    | "list"
                    | "tuple"
                    | "dict"
                    | "set"
                    | "frozenset"
                    | "range"
                    | "type"
                    | "slice"
            ) {
                v.push((n, Value::Class(crate::error::type_class(*k))));
            }
        }
        // PicklingError is raised by queues between processes but lives in
        // `_pickle`, not in the builtins.
        for c in crate::error::builtin_classes()
            .into_iter()
            .filter(|c| c.name.as_str() != "PicklingError")
        {
            let name: &'static str = ExcKind::ALL
                .iter()
                .find(|k| k.name() == c.name.as_str())
                .map(|k| k.name())
                .unwrap_or("Exception");
            v.push((name, Value::Class(c)));
        }
        v
    })
}

/// The builtin called `name`, if any.
pub fn lookup(name: &str) -> Option<Value> {
    table().iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
}

pub(crate) fn kwarg(kw: &Kwargs, name: &str) -> Option<Value> {
    kw.iter()
        .find(|(k, _)| k.as_str() == name)
        .map(|(_, v)| v.clone())
}

fn no_kwargs(fname: &str, kw: &Kwargs) -> PyResult<()> {
    if let Some((k, _)) = kw.first() {
        return Err(type_error(format!(
            "{fname}() got an unexpected keyword argument '{}'",
            k.as_str()
        )));
    }
    Ok(())
}

fn check_kwargs(fname: &str, kw: &Kwargs, allowed: &[&str]) -> PyResult<()> {
    for (k, _) in kw {
        if !allowed.contains(&k.as_str()) {
            return Err(type_error(format!(
                "{fname}() got an unexpected keyword argument '{}'",
                k.as_str()
            )));
        }
    }
    Ok(())
}

pub(crate) fn nargs(fname: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = args.len();
    if n < min || n > max {
        let msg = if min == max {
            if min == 1 {
                format!("{fname}() takes exactly one argument ({n} given)")
            } else {
                format!("{fname} expected {min} arguments, got {n}")
            }
        } else if n < min {
            format!(
                "{fname} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{fname} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(type_error(msg));
    }
    Ok(())
}

fn print(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    check_kwargs("print", &kw, &["sep", "end", "flush", "file"])?;
    let sep = match kwarg(&kw, "sep") {
        None | Some(Value::None) => " ".to_string(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(o) => {
            return Err(type_error(format!(
                "sep must be None or a string, not {}",
                vm.type_name(&o)
            )))
        }
    };
    let end = match kwarg(&kw, "end") {
        None | Some(Value::None) => "\n".to_string(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(o) => {
            return Err(type_error(format!(
                "end must be None or a string, not {}",
                vm.type_name(&o)
            )))
        }
    };
    let stream = match kwarg(&kw, "file") {
        Some(Value::Instance(i)) if i.class.name.as_str() == "stderr" => Stream::Stderr,
        Some(Value::Module(m)) if m.name.as_str() == "sys.stderr" => Stream::Stderr,
        _ => Stream::Stdout,
    };
    let mut s = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            s.push_str(&sep);
        }
        match a {
            Value::Str(x) => s.push_str(x.as_str()),
            other => s.push_str(&vm.to_str(other)?),
        }
    }
    s.push_str(&end);
    vm.write(stream, &s)?;
    Ok(Value::None)
}

fn len1(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(vm.len_of(v)? as i64))
}

fn repr1(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_string(vm.repr(v)?))
}

fn len(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    no_kwargs("len", &kw)?;
    nargs("len", &args, 1, 1)?;
    Ok(Value::Int(vm.len_of(&args[0])? as i64))
}

fn abs(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("abs", &args, 1, 1)?;
    Ok(match &args[0] {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => int::norm(-num_bigint::BigInt::from(*i)),
        },
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Big(b) => int::norm(num_traits::Signed::abs(&**b)),
        Value::Float(f) => Value::Float(f.abs()),
        other => {
            if let Some(r) = vm.call_dunder(other, "__abs__", vec![])? {
                return Ok(r);
            }
            return Err(type_error(format!(
                "bad operand type for abs(): '{}'",
                vm.type_name(other)
            )));
        }
    })
}

fn sum(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    check_kwargs("sum", &kw, &["start"])?;
    nargs("sum", &args, 1, 2)?;
    let mut acc = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(&kw, "start"))
        .unwrap_or(Value::Int(0));
    if let Value::Str(_) = acc {
        return Err(type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let it = vm.get_iter(args[0].clone())?;
    let mut n = 0u32;
    while let Some(x) = vm.iter_next(&it)? {
        acc = vm.binary(crate::bytecode::BinOp::Add, acc, x)?;
        n += 1;
        if n.is_multiple_of(4096) {
            vm.eval_breaker()?;
        }
    }
    Ok(acc)
}

fn min_max(vm: &mut Vm, args: Vec<Value>, kw: Kwargs, is_max: bool) -> PyResult<Value> {
    let fname = if is_max { "max" } else { "min" };
    check_kwargs(fname, &kw, &["key", "default"])?;
    let key = kwarg(&kw, "key").filter(|k| !k.is_none());
    let default = kwarg(&kw, "default");
    let items = if args.len() == 1 {
        vm.collect(&args[0])?
    } else if args.is_empty() {
        return Err(type_error(format!("{fname} expected at least 1 argument, got 0")));
    } else {
        if default.is_some() {
            return Err(type_error(format!(
                "Cannot specify a default for {fname}() with multiple positional arguments"
            )));
        }
        args
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(value_error(format!("{fname}() arg is an empty sequence"))),
        };
    }
    let mut best = items[0].clone();
    let mut best_k = match &key {
        Some(k) => vm.call_value(k, vec![best.clone()], vec![])?,
        None => best.clone(),
    };
    for x in items.into_iter().skip(1) {
        let k = match &key {
            Some(kf) => vm.call_value(kf, vec![x.clone()], vec![])?,
            None => x.clone(),
        };
        let better = if is_max {
            let r = vm.compare(crate::bytecode::CmpOp::Gt, &k, &best_k)?;
            vm.truthy(&r)?
        } else {
            vm.less(&k, &best_k)?
        };
        if better {
            best = x;
            best_k = k;
        }
    }
    Ok(best)
}

fn min(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    min_max(vm, args, kw, false)
}
fn max(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    min_max(vm, args, kw, true)
}

/// Stable merge sort with a fallible comparison (Rust's own sort may panic
/// on inconsistent orderings, which user `__lt__` can produce).
pub fn sort_values(vm: &mut Vm, items: &mut Vec<Value>, key: Option<&Value>, reverse: bool) -> PyResult<()> {
    let keys: Vec<Value> = match key {
        Some(k) => {
            let mut v = Vec::with_capacity(items.len());
            for x in items.iter() {
                v.push(vm.call_value(k, vec![x.clone()], vec![])?);
            }
            v
        }
        None => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    if reverse {
        idx.reverse();
    }
    let mut buf = idx.clone();
    merge_sort(vm, &mut idx, &mut buf, &keys)?;
    if reverse {
        idx.reverse();
    }
    let old = std::mem::take(items);
    let mut slots: Vec<Option<Value>> = old.into_iter().map(Some).collect();
    *items = idx
        .into_iter()
        .map(|i| slots[i].take().unwrap_or(Value::None))
        .collect();
    Ok(())
}

fn merge_sort(vm: &mut Vm, a: &mut [usize], buf: &mut [usize], keys: &[Value]) -> PyResult<()> {
    let n = a.len();
    if n <= 1 {
        return Ok(());
    }
    if n <= 16 {
        // Insertion sort.
        for i in 1..n {
            let mut j = i;
            while j > 0 && vm.less(&keys[a[j]], &keys[a[j - 1]])? {
                a.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mid = n / 2;
    {
        let (l, r) = a.split_at_mut(mid);
        let (bl, br) = buf.split_at_mut(mid);
        merge_sort(vm, l, bl, keys)?;
        merge_sort(vm, r, br, keys)?;
    }
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if vm.less(&keys[a[j]], &keys[a[i]])? {
            buf[k] = a[j];
            j += 1;
        } else {
            buf[k] = a[i];
            i += 1;
        }
        k += 1;
    }
    while i < mid {
        buf[k] = a[i];
        i += 1;
        k += 1;
    }
    while j < n {
        buf[k] = a[j];
        j += 1;
        k += 1;
    }
    a.copy_from_slice(&buf[..n]);
    Ok(())
}

fn sorted(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    check_kwargs("sorted", &kw, &["key", "reverse"])?;
    if args.len() != 1 {
        return Err(type_error(format!(
            "sorted expected 1 argument, got {}",
            args.len()
        )));
    }
    let mut items = vm.collect(&args[0])?;
    let key = kwarg(&kw, "key").filter(|k| !k.is_none());
    let rev = match kwarg(&kw, "reverse") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    sort_values(vm, &mut items, key.as_ref(), rev)?;
    Value::try_list(items).or_mem()
}

fn reversed(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("reversed", &args, 1, 1)?;
    match &args[0] {
        Value::List(l) => {
            let n = lock(&l.items).len();
            Value::try_iter(IterState::Reversed {
                list: l.clone(),
                idx: n,
            })
            .or_mem()
        }
        Value::Tuple(_) | Value::Str(_) | Value::Range(_) => {
            let mut v = vm.collect(&args[0])?;
            v.reverse();
            Value::try_iter(IterState::Vec {
                items: v.into_iter(),
                name: "reversed",
            })
            .or_mem()
        }
        Value::Dict(_) | Value::View(_) => {
            let mut v = vm.collect(&args[0])?;
            v.reverse();
            Value::try_iter(IterState::Vec {
                items: v.into_iter(),
                name: "reversed",
            })
            .or_mem()
        }
        other => {
            if let Some(r) = vm.call_dunder(other, "__reversed__", vec![])? {
                return Ok(r);
            }
            if vm.dunder(other, "__len__").is_some() && vm.dunder(other, "__getitem__").is_some() {
                let n = vm.len_of(other)?;
                let mut v = Vec::with_capacity(n);
                for i in (0..n).rev() {
                    v.push(vm.getitem(other, &Value::Int(i as i64))?);
                }
                return Value::try_iter(IterState::Vec {
                    items: v.into_iter(),
                    name: "reversed",
                })
                .or_mem();
            }
            Err(type_error(format!(
                "'{}' object is not reversible",
                vm.type_name(other)
            )))
        }
    }
}

fn enumerate(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    check_kwargs("enumerate", &kw, &["start", "iterable"])?;
    let it = match args.first().cloned().or_else(|| kwarg(&kw, "iterable")) {
        Some(v) => v,
        None => {
            return Err(type_error(
                "enumerate() missing required argument 'iterable' (pos 1)",
            ))
        }
    };
    let start = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(&kw, "start"))
        .unwrap_or(Value::Int(0));
    if !int::is_int(&start) {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(&start)
        )));
    }
    let inner = vm.get_iter(it)?;
    Value::try_iter(IterState::Enumerate { inner, count: start }).or_mem()
}

fn zip(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    check_kwargs("zip", &kw, &["strict"])?;
    let mut iters = Vec::with_capacity(args.len());
    for (i, a) in args.into_iter().enumerate() {
        let t = vm.type_name(&a);
        iters.push(
            vm.get_iter(a)
                .map_err(|_| type_error(format!("'{}' object is not iterable", t)).with_zip_note(i))?,
        );
    }
    Value::try_iter(IterState::Zip { iters }).or_mem()
}

trait ZipNote {
    fn with_zip_note(self, i: usize) -> Self;
}
impl ZipNote for crate::error::Exc {
    fn with_zip_note(self, _i: usize) -> Self {
        self
    }
}

fn map(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    if args.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let mut a = args.into_iter();
    let func = a.next().unwrap_or(Value::None);
    let mut iters = Vec::new();
    for x in a {
        iters.push(vm.get_iter(x)?);
    }
    Value::try_iter(IterState::Map { func, iters }).or_mem()
}

fn filter(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("filter", &args, 2, 2)?;
    let inner = vm.get_iter(args[1].clone())?;
    Value::try_iter(IterState::Filter {
        func: args[0].clone(),
        inner,
    })
    .or_mem()
}

fn any(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("any", &args, 1, 1)?;
    let it = vm.get_iter(args[0].clone())?;
    while let Some(x) = vm.iter_next(&it)? {
        if vm.truthy(&x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("all", &args, 1, 1)?;
    let it = vm.get_iter(args[0].clone())?;
    while let Some(x) = vm.iter_next(&it)? {
        if !vm.truthy(&x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn repr(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("repr", &args, 1, 1)?;
    Ok(Value::from_string(vm.repr(&args[0])?))
}

fn ascii(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("ascii", &args, 1, 1)?;
    Ok(Value::from_string(crate::format::ascii(&vm.repr(&args[0])?)))
}

#[allow(clippy::only_used_in_recursion)]
fn class_matches(
    vm: &mut Vm,
    obj_class: &Arc<crate::value::Class>,
    spec: &Value,
    fname: &str,
) -> PyResult<bool> {
    match spec {
        Value::Class(c) => {
            if obj_class.is_subclass(c) {
                return Ok(true);
            }
            Ok(false)
        }
        Value::Tuple(t) => {
            for x in t.items.iter() {
                if class_matches(vm, obj_class, x, fname)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(type_error(format!(
            "{fname}() arg 2 must be a type, a tuple of types, or a union"
        ))),
    }
}

fn isinstance(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("isinstance", &args, 2, 2)?;
    let c = vm.class_of(&args[0]);
    Ok(Value::Bool(class_matches(vm, &c, &args[1], "isinstance")?))
}

fn issubclass(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("issubclass", &args, 2, 2)?;
    let Value::Class(c) = &args[0] else {
        return Err(type_error("issubclass() arg 1 must be a class"));
    };
    Ok(Value::Bool(class_matches(vm, c, &args[1], "issubclass")?))
}

fn attr_name(vm: &Vm, v: &Value, fname: &str) -> PyResult<crate::value::Name> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => {
            let _ = fname;
            Err(type_error(format!(
                "attribute name must be string, not '{}'",
                vm.type_name(other)
            )))
        }
    }
}

fn hasattr(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("hasattr", &args, 2, 2)?;
    let n = attr_name(vm, &args[1], "hasattr")?;
    match vm.try_get_attr(&args[0], &n) {
        Ok(v) => Ok(Value::Bool(v.is_some())),
        Err(crate::error::Exc::Raise(e)) if crate::error::exc_is(&e, ExcKind::AttributeError) => {
            Ok(Value::Bool(false))
        }
        Err(e) => Err(e),
    }
}

fn getattr(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("getattr", &args, 2, 3)?;
    let n = attr_name(vm, &args[1], "getattr")?;
    match vm.get_attr(&args[0], &n) {
        Ok(v) => Ok(v),
        Err(crate::error::Exc::Raise(e))
            if args.len() == 3 && crate::error::exc_is(&e, ExcKind::AttributeError) =>
        {
            Ok(args[2].clone())
        }
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("setattr", &args, 3, 3)?;
    let n = attr_name(vm, &args[1], "setattr")?;
    vm.set_attr(&args[0], &n, args[2].clone())?;
    Ok(Value::None)
}

fn delattr(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("delattr", &args, 2, 2)?;
    let n = attr_name(vm, &args[1], "delattr")?;
    vm.del_attr(&args[0], &n)?;
    Ok(Value::None)
}

fn iter(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("iter", &args, 1, 1)?;
    vm.get_iter(args[0].clone())
}

fn next(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("next", &args, 1, 2)?;
    match &args[0] {
        Value::Iter(_) | Value::Instance(_) => {}
        other => {
            return Err(type_error(format!(
                "'{}' object is not an iterator",
                vm.type_name(other)
            )))
        }
    }
    match vm.iter_next(&args[0])? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(stop_iteration()),
        },
    }
}

fn id(_vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("id", &args, 1, 1)?;
    Ok(Value::Int(args[0].id()))
}

fn hash(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("hash", &args, 1, 1)?;
    Ok(Value::Int(vm.hash(&args[0])?))
}

fn round(vm: &mut Vm, _r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    check_kwargs("round", &kw, &["ndigits", "number"])?;
    let x = args
        .first()
        .cloned()
        .or_else(|| kwarg(&kw, "number"))
        .ok_or_else(|| type_error("round() missing required argument 'number' (pos 1)"))?;
    let nd = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(&kw, "ndigits"))
        .filter(|v| !v.is_none());
    match (&x, nd) {
        (Value::Float(f), None) => {
            if f.is_nan() {
                return Err(value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(crate::error::overflow_error(
                    "cannot convert float infinity to integer",
                ));
            }
            let r = f.round_ties_even();
            if r.abs() < 9.2e18 {
                Ok(Value::Int(r as i64))
            } else {
                Ok(int::norm(num_bigint::BigInt::from(r as i128)))
            }
        }
        (Value::Float(f), Some(n)) => {
            let n = vm.index_of(&n)?;
            Ok(Value::Float(round_float(*f, n)))
        }
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), None) => Ok(match x {
            Value::Bool(b) => Value::Int(b as i64),
            o => o,
        }),
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), Some(n)) => {
            let n = vm.index_of(&n)?;
            let v = int::to_big(&x).unwrap_or_default();
            if n >= 0 {
                return Ok(int::norm(v));
            }
            if -n > 100_000 {
                return Ok(Value::Int(0));
            }
            let p = num_traits::pow::Pow::pow(num_bigint::BigInt::from(10), (-n) as u32);
            let q = int::floordiv_big(&v, &p);
            let r = int::mod_big(&v, &p);
            let twice = &r * 2;
            let odd = int::mod_big(&q, &num_bigint::BigInt::from(2)) != num_bigint::BigInt::from(0);
            let q = if twice > p || (twice == p && odd) {
                q + 1
            } else {
                q
            };
            Ok(int::norm(q * p))
        }
        (other, _) => {
            if let Some(r) = vm.call_dunder(other, "__round__", vec![])? {
                return Ok(r);
            }
            Err(type_error(format!(
                "type {} doesn't define __round__ method",
                vm.type_name(other)
            )))
        }
    }
}

/// CPython's float round(x, n): correctly rounded via the decimal string.
pub fn round_float(f: f64, n: i64) -> f64 {
    if !f.is_finite() || n > 308 {
        return f;
    }
    if n < -308 {
        return 0.0 * f;
    }
    if n >= 0 {
        let s = format!("{:.*}", n as usize, f);
        s.parse().unwrap_or(f)
    } else {
        let p = 10f64.powi((-n) as i32);
        let y = f / p;
        let r = y.round_ties_even() * p;
        if r.is_finite() {
            r
        } else {
            f
        }
    }
}

fn divmod(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("divmod", &args, 2, 2)?;
    if int::is_int(&args[0]) && int::is_int(&args[1]) && int::is_zero(&args[1]) {
        return Err(crate::error::zero_div("integer division or modulo by zero"));
    }
    if matches!((&args[0], &args[1]), (Value::Float(_), _) | (_, Value::Float(_))) {
        if let Some(0.0) = int::to_f64(&args[1]) {
            return Err(crate::error::zero_div("float divmod()"));
        }
    }
    let q = vm.binary(crate::bytecode::BinOp::FloorDiv, args[0].clone(), args[1].clone())?;
    let r = vm.binary(crate::bytecode::BinOp::Mod, args[0].clone(), args[1].clone())?;
    Value::try_tuple(vec![q, r]).or_mem()
}

fn pow(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("pow", &args, 2, 3)?;
    if args.len() == 3 && !args[2].is_none() {
        let (Some(b), Some(e), Some(m)) = (
            int::to_big(&args[0]),
            int::to_big(&args[1]),
            int::to_big(&args[2]),
        ) else {
            return Err(type_error(
                "pow() 3rd argument not allowed unless all arguments are integers",
            ));
        };
        if num_traits::Zero::is_zero(&m) {
            return Err(value_error("pow() 3rd argument cannot be 0"));
        }
        if num_traits::Signed::is_negative(&e) {
            return Err(value_error("base is not invertible for the given modulus"));
        }
        let r = b.modpow(&e, &m);
        let r = if num_traits::Signed::is_negative(&m)
            && !num_traits::Zero::is_zero(&r)
            && !num_traits::Signed::is_negative(&r)
        {
            r + m
        } else {
            r
        };
        return Ok(int::norm(r));
    }
    vm.binary(crate::bytecode::BinOp::Pow, args[0].clone(), args[1].clone())
}

fn chr(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("chr", &args, 1, 1)?;
    let n = vm.index_of(&args[0])?;
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::from_string(c.to_string())),
        None => Err(value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("ord", &args, 1, 1)?;
    match &args[0] {
        Value::Str(s) => {
            if s.char_len() != 1 {
                return Err(type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.char_len()
                )));
            }
            Ok(Value::Int(
                s.as_str().chars().next().map(|c| c as i64).unwrap_or(0),
            ))
        }
        other => Err(type_error(format!(
            "ord() expected string of length 1, but {} found",
            vm.type_name(other)
        ))),
    }
}

fn radix(vm: &mut Vm, v: &Value, r: u32, prefix: &str) -> PyResult<Value> {
    let b = match v {
        x if int::is_int(x) => int::to_big(x).unwrap_or_default(),
        other => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            )))
        }
    };
    let neg = num_traits::Signed::is_negative(&b);
    let m = num_traits::Signed::abs(&b);
    Ok(Value::from_string(format!(
        "{}{}{}",
        if neg { "-" } else { "" },
        prefix,
        m.to_str_radix(r)
    )))
}

fn hex(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("hex", &args, 1, 1)?;
    radix(vm, &args[0], 16, "0x")
}
fn oct(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("oct", &args, 1, 1)?;
    radix(vm, &args[0], 8, "0o")
}
fn bin(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("bin", &args, 1, 1)?;
    radix(vm, &args[0], 2, "0b")
}

fn format(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("format", &args, 1, 2)?;
    let spec = match args.get(1) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        None => String::new(),
        Some(o) => {
            return Err(type_error(format!(
                "format() argument 2 must be str, not {}",
                vm.type_name(o)
            )))
        }
    };
    Ok(Value::from_string(vm.format_spec(&args[0], &spec)?))
}

fn callable(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("callable", &args, 1, 1)?;
    Ok(Value::Bool(match &args[0] {
        Value::Func(_) | Value::Method(_) | Value::Builtin(_) | Value::Class(_) => true,
        v @ Value::Instance(_) => vm.dunder(v, "__call__").is_some(),
        _ => false,
    }))
}

fn super_(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    if args.is_empty() {
        return Err(new_exc(ExcKind::RuntimeError, "super(): no arguments"));
    }
    let Value::Class(c) = &args[0] else {
        return Err(type_error(format!(
            "super() argument 1 must be a type, not {}",
            vm.type_name(&args[0])
        )));
    };
    let obj = args.get(1).cloned().unwrap_or(Value::None);
    Ok(Value::Super(Arc::new(crate::value::SuperObj {
        start: c.clone(),
        obj,
    })))
}

fn input(_vm: &mut Vm, _r: &Value, _args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    Err(new_exc(ExcKind::EOFError, "EOF when reading a line"))
}

fn vars(vm: &mut Vm, _r: &Value, args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    nargs("vars", &args, 1, 1)?;
    vm.get_attr_str(&args[0], "__dict__")
}

fn not_implemented(_vm: &mut Vm, _r: &Value, _args: Vec<Value>, _kw: Kwargs) -> PyResult<Value> {
    Err(type_error("'NotImplementedType' object is not callable"))
}

/// For the exception hierarchy (used by `except` on builtin names).
pub fn exc(kind: ExcKind) -> Value {
    Value::Class(exc_class(kind))
}
