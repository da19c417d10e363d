//! `time`: sleep, time, perf_counter, monotonic, in the run's demo time
//! (scaled by the speed control, frozen by pause).

use crate::builtins::nargs;
use crate::error::{value_error, Exc, PyResult};
use crate::value::{Kwargs, ModuleNative, Value};
use crate::vm::Vm;

pub fn create(_vm: &mut Vm) -> Value {
    super::build(
        "time",
        ModuleNative::None,
        &[
            ("sleep", sleep),
            ("time", time),
            ("time_ns", time_ns),
            ("perf_counter", perf_counter),
            ("perf_counter_ns", perf_counter_ns),
            ("monotonic", perf_counter),
            ("monotonic_ns", perf_counter_ns),
            ("process_time", perf_counter),
        ],
        vec![],
    )
}

fn demo_secs(vm: &Vm) -> f64 {
    vm.ctx.shared().demo_now() as f64 / 1e9
}

/// Wall-clock seconds (natively the system clock; wasm32 has none, so a
/// fixed epoch plus the run's demo time).
fn wall(vm: &Vm) -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = vm;
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(1.7e9)
    }
    #[cfg(target_arch = "wasm32")]
    {
        1.7e9 + demo_secs(vm)
    }
}

/// Seconds for a sleep or a timeout, with CPython's limits: they become
/// i64 nanoseconds, so an int past about 9.2e9 s is "too large to convert"
/// and a float past it (or infinite) "out of range for platform time_t".
pub fn checked_seconds(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    const MAX_SECS: f64 = i64::MAX as f64 / 1e9;
    let too_large = || {
        crate::error::new_exc(
            crate::error::ExcKind::OverflowError,
            "timestamp too large to convert to C _PyTime_t",
        )
    };
    match v {
        Value::Int(i) if i.unsigned_abs() > MAX_SECS as u64 => Err(too_large()),
        Value::Big(_) => Err(too_large()),
        _ => {
            let t = crate::builtins::types::to_float(vm, v)?;
            if t.is_infinite() || t.abs() > MAX_SECS {
                return Err(crate::error::new_exc(
                    crate::error::ExcKind::OverflowError,
                    "timestamp out of range for platform time_t",
                ));
            }
            Ok(t)
        }
    }
}

fn sleep(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("sleep", &a, 1, 1)?;
    let s = checked_seconds(vm, &a[0])?;
    if s < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    if s.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    vm.blocking(|c| c.sleep(s.min(1e9)))?.map_err(|e| match e {
        lockstep_core::run::Error::Stop(s) => Exc::Stop(s),
        lockstep_core::run::Error::Py(p) => {
            crate::error::new_exc(crate::error::ExcKind::RuntimeError, p.to_string())
        }
    })?;
    Ok(Value::None)
}

fn time(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Float(wall(vm)))
}
fn time_ns(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int((wall(vm) * 1e9) as i64))
}
fn perf_counter(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Float(demo_secs(vm)))
}
fn perf_counter_ns(vm: &mut Vm, _r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(vm.ctx.shared().demo_now() as i64))
}
