//! `sys`: exit, argv, version, recursion limit, switch interval.

use crate::builtins::nargs;
use crate::error::{exc_class, make_exc, type_error, value_error, Exc, ExcKind, PyResult};
use crate::output::Stream;
use crate::value::{Kwargs, ModuleNative, Value};
use crate::vm::{Vm, MAX_RECURSION_LIMIT};
use std::sync::atomic::Ordering;

pub fn create(vm: &mut Vm) -> Value {
    let argv: Vec<Value> = vm.interp.config.argv.iter().map(|a| Value::str(a)).collect();
    let argv = Value::try_list(argv).unwrap_or(Value::None);
    let vi = Value::try_tuple(vec![
        Value::Int(3),
        Value::Int(11),
        Value::Int(0),
        Value::str("final"),
        Value::Int(0),
    ])
    .unwrap_or(Value::None);
    let stdout = super::build(
        "sys.stdout",
        ModuleNative::None,
        &[("write", write_out), ("flush", flush)],
        vec![],
    );
    let stderr = super::build(
        "sys.stderr",
        ModuleNative::None,
        &[("write", write_err), ("flush", flush)],
        vec![],
    );
    super::build(
        "sys",
        ModuleNative::None,
        &[
            ("exit", exit),
            ("getrecursionlimit", getrecursionlimit),
            ("setrecursionlimit", setrecursionlimit),
            ("getswitchinterval", getswitchinterval),
            ("setswitchinterval", setswitchinterval),
            ("set_int_max_str_digits", noop),
        ],
        vec![
            ("argv", argv),
            ("version", Value::str("3.11.0 (Lockstep)")),
            ("version_info", vi),
            ("platform", Value::str("lockstep")),
            ("maxsize", Value::Int(i64::MAX)),
            ("stdout", stdout),
            ("stderr", stderr),
        ],
    )
}

fn exit(_vm: &mut Vm, _r: &Value, args: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("exit", &args, 0, 1)?;
    Err(Exc::Raise(make_exc(exc_class(ExcKind::SystemExit), args)))
}

fn getrecursionlimit(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(vm.recursion_limit() as i64))
}

fn setrecursionlimit(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("setrecursionlimit", &a, 1, 1)?;
    let n = match &a[0] {
        Value::Int(n) => *n,
        Value::Float(_) => return Err(type_error("'float' object cannot be interpreted as an integer")),
        other => vm.index_of(other)?,
    };
    if n < 1 {
        return Err(value_error("recursion limit must be greater or equal than 1"));
    }
    if n as usize > MAX_RECURSION_LIMIT {
        return Err(value_error(format!(
            "recursion limit {n} is too high for Lockstep (at most {MAX_RECURSION_LIMIT})"
        )));
    }
    let depth = vm.depth();
    if (n as usize) <= depth {
        return Err(crate::error::new_exc(
            ExcKind::RecursionError,
            format!(
                "cannot set the recursion limit to {n} at the recursion depth {depth}: the limit is too low"
            ),
        ));
    }
    vm.interp.recursion_limit.store(n as usize, Ordering::Relaxed);
    Ok(Value::None)
}

fn getswitchinterval(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Float(
        vm.interp.switch_interval_ns.load(Ordering::Relaxed) as f64 / 1e9,
    ))
}

fn setswitchinterval(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("setswitchinterval", &a, 1, 1)?;
    let f = crate::builtins::types::to_float(vm, &a[0])?;
    if f <= 0.0 || f.is_nan() {
        return Err(value_error("switch interval must be strictly positive"));
    }
    vm.interp
        .switch_interval_ns
        .store((f.min(1e6) * 1e9) as u64, Ordering::Relaxed);
    Ok(Value::None)
}

fn noop(_vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::None)
}

fn write_to(vm: &mut Vm, a: &[Value], stream: Stream) -> PyResult<Value> {
    nargs("write", a, 1, 1)?;
    let Value::Str(s) = &a[0] else {
        return Err(type_error(format!(
            "write() argument must be str, not {}",
            vm.type_name(&a[0])
        )));
    };
    vm.write(stream, s.as_str())?;
    Ok(Value::Int(s.char_len() as i64))
}
fn write_out(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    write_to(vm, &a, Stream::Stdout)
}
fn write_err(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    write_to(vm, &a, Stream::Stderr)
}
fn flush(_vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::None)
}
