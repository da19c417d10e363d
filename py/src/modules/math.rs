//! `math`: the functions learner programs reach for (not in python.md's
//! list, but cheap and common).

use crate::builtins::nargs;
use crate::builtins::types::{float_to_int, to_float};
use crate::error::{overflow_error, type_error, value_error, PyResult};
use crate::value::{int, Kwargs, ModuleNative, Value};
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

pub fn create(_vm: &mut Vm) -> Value {
    super::build(
        "math",
        ModuleNative::None,
        &[
            ("sqrt", sqrt),
            ("floor", floor),
            ("ceil", ceil),
            ("trunc", trunc),
            ("fabs", fabs),
            ("pow", pow),
            ("exp", exp),
            ("log", log),
            ("log2", log2),
            ("log10", log10),
            ("sin", sin),
            ("cos", cos),
            ("tan", tan),
            ("asin", asin),
            ("acos", acos),
            ("atan", atan),
            ("atan2", atan2),
            ("hypot", hypot),
            ("degrees", degrees),
            ("radians", radians),
            ("factorial", factorial),
            ("gcd", gcd),
            ("lcm", lcm),
            ("isqrt", isqrt),
            ("isclose", isclose),
            ("isfinite", isfinite),
            ("isinf", isinf),
            ("isnan", isnan),
            ("comb", comb),
            ("perm", perm),
            ("prod", prod),
            ("fsum", fsum),
            ("copysign", copysign),
        ],
        vec![
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("tau", Value::Float(std::f64::consts::TAU)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
        ],
    )
}

fn f1(vm: &mut Vm, a: &[Value], name: &str) -> PyResult<f64> {
    nargs(name, a, 1, 1)?;
    to_float(vm, &a[0]).map_err(|_| type_error(format!("must be real number, not {}", vm.type_name(&a[0]))))
}

fn domain() -> crate::error::Exc {
    value_error("math domain error")
}

fn checked(r: f64, x: f64) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(overflow_error("math range error"));
    }
    Ok(Value::Float(r))
}

fn sqrt(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let x = f1(vm, &a, "sqrt")?;
    if x < 0.0 {
        return Err(domain());
    }
    Ok(Value::Float(x.sqrt()))
}
fn round_to_int(vm: &mut Vm, a: &[Value], name: &str, f: fn(f64) -> f64) -> PyResult<Value> {
    nargs(name, a, 1, 1)?;
    if int::is_int(&a[0]) {
        return Ok(match &a[0] {
            Value::Bool(b) => Value::Int(*b as i64),
            v => v.clone(),
        });
    }
    let x = to_float(vm, &a[0])?;
    float_to_int(f(x))
}
fn floor(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    round_to_int(vm, &a, "floor", f64::floor)
}
fn ceil(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    round_to_int(vm, &a, "ceil", f64::ceil)
}
fn trunc(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    round_to_int(vm, &a, "trunc", f64::trunc)
}
fn fabs(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Float(f1(vm, &a, "fabs")?.abs()))
}
fn pow(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("pow", &a, 2, 2)?;
    let x = to_float(vm, &a[0])?;
    let y = to_float(vm, &a[1])?;
    if x == 0.0 && y < 0.0 {
        return Err(domain());
    }
    checked(x.powf(y), x)
}
fn exp(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let x = f1(vm, &a, "exp")?;
    checked(x.exp(), x)
}
fn log(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("log", &a, 1, 2)?;
    let lnx = |vm: &mut Vm, v: &Value| -> PyResult<f64> {
        if let Value::Big(b) = v {
            if b.is_positive() {
                // ln of a huge int: via its bit length.
                let bits = b.bits();
                let shift = bits.saturating_sub(60);
                let top = (&***b >> shift).to_f64().unwrap_or(1.0);
                return Ok(top.ln() + shift as f64 * std::f64::consts::LN_2);
            }
        }
        let x = to_float(vm, v)?;
        if x <= 0.0 {
            return Err(domain());
        }
        Ok(x.ln())
    };
    let l = lnx(vm, &a[0])?;
    match a.get(1) {
        Some(b) => {
            let lb = lnx(vm, b)?;
            if lb == 0.0 {
                return Err(crate::error::zero_div("float division by zero"));
            }
            Ok(Value::Float(l / lb))
        }
        None => Ok(Value::Float(l)),
    }
}
fn log2(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let x = f1(vm, &a, "log2")?;
    if x <= 0.0 {
        return Err(domain());
    }
    Ok(Value::Float(x.log2()))
}
fn log10(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let x = f1(vm, &a, "log10")?;
    if x <= 0.0 {
        return Err(domain());
    }
    Ok(Value::Float(x.log10()))
}
macro_rules! unary {
    ($name:ident, $f:expr) => {
        fn $name(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
            let x = f1(vm, &a, stringify!($name))?;
            checked($f(x), x)
        }
    };
}
unary!(sin, f64::sin);
unary!(cos, f64::cos);
unary!(tan, f64::tan);
unary!(asin, f64::asin);
unary!(acos, f64::acos);
unary!(atan, f64::atan);
unary!(degrees, f64::to_degrees);
unary!(radians, f64::to_radians);

fn atan2(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("atan2", &a, 2, 2)?;
    let y = to_float(vm, &a[0])?;
    let x = to_float(vm, &a[1])?;
    Ok(Value::Float(y.atan2(x)))
}
fn hypot(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let mut s = 0.0f64;
    for v in &a {
        let x = to_float(vm, v)?;
        s = s.hypot(x);
    }
    Ok(Value::Float(s))
}
fn copysign(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("copysign", &a, 2, 2)?;
    let x = to_float(vm, &a[0])?;
    let y = to_float(vm, &a[1])?;
    Ok(Value::Float(x.copysign(y)))
}

fn big_arg(vm: &Vm, v: &Value, fname: &str) -> PyResult<BigInt> {
    match v {
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => Ok(int::to_big(v).unwrap_or_default()),
        other => {
            let _ = fname;
            Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            )))
        }
    }
}

fn factorial(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("factorial", &a, 1, 1)?;
    let n = big_arg(vm, &a[0], "factorial")?;
    if n.is_negative() {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let n = n
        .to_u64()
        .ok_or_else(|| overflow_error("factorial() argument should not exceed 9223372036854775807"))?;
    if n > 100_000 {
        return Err(crate::error::memory_error());
    }
    let mut r = BigInt::one();
    for i in 2..=n {
        r *= i;
        if i % 1000 == 0 {
            vm.eval_breaker()?;
        }
    }
    Ok(int::norm(r))
}
fn gcd(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let mut g = BigInt::zero();
    for v in &a {
        let x = big_arg(vm, v, "gcd")?;
        g = num_integer::Integer::gcd(&g, &x);
    }
    Ok(int::norm(g))
}
fn lcm(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let mut l = BigInt::one();
    for v in &a {
        let x = big_arg(vm, v, "lcm")?;
        if x.is_zero() {
            return Ok(Value::Int(0));
        }
        l = num_integer::Integer::lcm(&l, &x);
    }
    Ok(int::norm(l))
}
fn isqrt(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("isqrt", &a, 1, 1)?;
    let n = big_arg(vm, &a[0], "isqrt")?;
    if n.is_negative() {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    Ok(int::norm(n.sqrt()))
}
fn isclose(vm: &mut Vm, _r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    nargs("isclose", &a, 2, 2)?;
    let x = to_float(vm, &a[0])?;
    let y = to_float(vm, &a[1])?;
    let rel = match crate::builtins::kwarg(&k, "rel_tol") {
        Some(v) => to_float(vm, &v)?,
        None => 1e-9,
    };
    let abs = match crate::builtins::kwarg(&k, "abs_tol") {
        Some(v) => to_float(vm, &v)?,
        None => 0.0,
    };
    if x == y {
        return Ok(Value::Bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let d = (x - y).abs();
    Ok(Value::Bool(
        d <= (rel * y).abs() || d <= (rel * x).abs() || d <= abs,
    ))
}
fn isfinite(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(f1(vm, &a, "isfinite")?.is_finite()))
}
fn isinf(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(f1(vm, &a, "isinf")?.is_infinite()))
}
fn isnan(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(f1(vm, &a, "isnan")?.is_nan()))
}
fn comb(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("comb", &a, 2, 2)?;
    let n = big_arg(vm, &a[0], "comb")?.to_i64().unwrap_or(-1);
    let k = big_arg(vm, &a[1], "comb")?.to_i64().unwrap_or(-1);
    if n < 0 || k < 0 {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.min(n - k);
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (n - i) / (i + 1);
    }
    Ok(int::norm(r))
}
fn perm(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("perm", &a, 1, 2)?;
    let n = big_arg(vm, &a[0], "perm")?.to_i64().unwrap_or(-1);
    let k = match a.get(1) {
        Some(v) if !v.is_none() => big_arg(vm, v, "perm")?.to_i64().unwrap_or(-1),
        _ => n,
    };
    if n < 0 || k < 0 {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let mut r = BigInt::one();
    for i in 0..k {
        r *= n - i;
    }
    Ok(int::norm(r))
}
fn prod(vm: &mut Vm, _r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    nargs("prod", &a, 1, 1)?;
    let mut acc = crate::builtins::kwarg(&k, "start").unwrap_or(Value::Int(1));
    for x in vm.collect(&a[0])? {
        acc = vm.binary(crate::bytecode::BinOp::Mul, acc, x)?;
    }
    Ok(acc)
}
fn fsum(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("fsum", &a, 1, 1)?;
    // Shewchuk's exact summation, as CPython.
    let mut partials: Vec<f64> = Vec::new();
    for v in vm.collect(&a[0])? {
        let mut x = to_float(vm, &v)?;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    Ok(Value::Float(partials.iter().sum()))
}
