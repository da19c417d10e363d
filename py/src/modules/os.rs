//! `os`: the process calls of python.md (pids, `fork`, `wait`, `_exit`,
//! `cpu_count`); the processes themselves are `vm/process.rs`'s, the
//! calls `_mp`'s (`modules/mp.rs`).

use super::mp;
use crate::builtins::nargs;
use crate::error::PyResult;
use crate::value::{Kwargs, ModuleNative, Value};
use crate::vm::Vm;

pub fn create(_vm: &mut Vm) -> Value {
    super::build(
        "os",
        ModuleNative::None,
        &[
            ("getpid", mp::getpid),
            ("getppid", mp::getppid),
            ("cpu_count", cpu_count),
            ("fork", mp::fork),
            ("wait", wait),
            ("waitpid", waitpid),
            ("_exit", mp::exit_now),
            ("WEXITSTATUS", wexitstatus),
            ("WIFEXITED", wifexited),
            ("WIFSIGNALED", wifsignaled),
            ("WTERMSIG", wtermsig),
        ],
        vec![
            ("name", Value::str("posix")),
            ("sep", Value::str("/")),
            ("linesep", Value::str("\n")),
        ],
    )
}

fn cpu_count(_vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("cpu_count", &a, 0, 0)?;
    Ok(Value::Int(mp::cpus()))
}

fn wait(vm: &mut Vm, r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    nargs("wait", &a, 0, 0)?;
    mp::wait(vm, r, vec![Value::Int(-1)], k)
}

/// `waitpid(pid, options)`: options other than 0 (WNOHANG) are not modelled.
fn waitpid(vm: &mut Vm, r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    nargs("waitpid", &a, 2, 2)?;
    mp::wait(vm, r, vec![a[0].clone()], k)
}

fn status(a: &[Value]) -> PyResult<i64> {
    super::thread::int_arg(a, 0)
}

fn wexitstatus(_vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int((status(&a)? >> 8) & 0xff))
}

fn wifexited(_vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(status(&a)? & 0x7f == 0))
}

fn wifsignaled(_vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let s = status(&a)? & 0x7f;
    Ok(Value::Bool(s != 0 && s != 0x7f))
}

fn wtermsig(_vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(status(&a)? & 0x7f))
}
