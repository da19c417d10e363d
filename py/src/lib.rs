//! Lockstep's Python: a Python 3.11 subset interpreter on the core's traced
//! primitives. The design is in the root ARCHITECTURE.md, "Python".
//!
//! The pipeline: `parse` (bounds, then ruff's parser) -> `check` (what we
//! do not support, reported before running) -> `compile` (bytecode per
//! code object) -> `vm` (an explicit frame stack per thread).

pub mod builtins;
pub mod bytecode;
pub mod check;
pub mod compile;
pub mod error;
pub mod format;
pub mod heap;
pub mod modules;
pub mod output;
pub mod parse;
pub mod traceback;
pub mod value;
pub mod vm;

pub use bytecode::Program;
pub use error::CompileError;
pub use output::{Capture, Output, OutputSink, Stream, Terminal};
pub use vm::{RunConfig, Vm};

use error::Exc;
use lockstep_core::run::Ctx;
use std::sync::Arc;

/// Compiles a program once; the result is shared by every thread of a run.
pub fn compile(source: &str, filename: &str) -> Result<Arc<Program>, CompileError> {
    compile::compile(source, filename)
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// 0, 1 (uncaught exception), `sys.exit(n)`'s n, or 130 if stopped.
    pub exit_code: i32,
    /// The last line of the traceback, if the program died of an exception.
    pub error: Option<String>,
    /// Objects of the run's heap still alive after teardown (0 unless leaking).
    pub leaked_objects: isize,
    /// Deepest Rust stack use measured at a native re-entry (bytes), and
    /// that re-entry's depth: the cost per level is their ratio.
    pub max_stack_bytes: usize,
    pub max_native_depth: usize,
}

/// Runs `program` as the main thread of a core run (call from inside
/// `Run::start`'s closure). Output goes to `out`; tracebacks too.
pub fn run_main(ctx: &Ctx, program: Arc<Program>, out: Arc<Output>, config: RunConfig) -> Outcome {
    let heap = heap::Heap::new(config.memory_limit);
    heap::set_current(Some(heap.clone()));
    let interp = vm::Interp::new(program, heap.clone(), out.clone(), config);
    let mut machine = Vm::new(interp, ctx.clone());
    let r = match machine.gil_acquire() {
        Ok(()) => machine.run_module(),
        Err(e) => Err(e),
    };
    // As CPython at exit: wait for the non-daemon threads (threading's
    // `_shutdown`), then stop the daemon ones.
    let r = match r {
        Err(Exc::Stop(s)) => Err(Exc::Stop(s)),
        r => match shutdown_threads(&mut machine) {
            Err(Exc::Stop(s)) => Err(Exc::Stop(s)),
            _ => r,
        },
    };
    machine.gil_release_final();
    let daemons: Vec<_> = heap::lock(&machine.interp.natives)
        .iter()
        .filter_map(|n| match n {
            modules::thread::Native::Thread(h) if h.is_alive() => Some(h.clone()),
            _ => None,
        })
        .collect();
    for h in &daemons {
        let _ = h.terminate(ctx);
    }
    // Let them unwind before the teardown: a daemon thread blocked in
    // `q.get()` holds its frames' values until it stops. Untraced and
    // bounded (CPython never joins daemon threads; 2 s covers any unwind).
    for _ in 0..2000 {
        if daemons.iter().all(|h| !h.is_alive()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let mut error = None;
    let exit_code = match r {
        Ok(_) => 0,
        Err(Exc::Stop(_)) => 130,
        Err(Exc::Raise(e)) => match traceback::system_exit_code(&mut machine, &e) {
            Some((code, msg)) => {
                if let Some(m) = msg {
                    out.write_err_always(&format!("{m}\n"));
                }
                code
            }
            None => {
                let text = traceback::format_exception(&mut machine, &e);
                error = text.lines().last().map(|l| l.to_string());
                out.write_err_always(&text);
                1
            }
        },
    };
    out.flush();
    let (max_stack_bytes, max_native_depth) = (machine.max_stack, machine.max_native_depth);
    machine.teardown();
    drop(machine);
    heap::set_current(None);
    Outcome {
        exit_code,
        error,
        leaked_objects: heap.live_objects(),
        max_stack_bytes,
        max_native_depth,
    }
}

/// Calls `threading._shutdown()` if the program imported `threading`.
fn shutdown_threads(vm: &mut Vm) -> error::PyResult<()> {
    let m = heap::lock(&vm.interp.modules)
        .iter()
        .find(|(n, _)| n == "threading")
        .map(|(_, m)| m.clone());
    let Some(value::Value::Module(m)) = m else {
        return Ok(());
    };
    let f = heap::lock(&m.attrs).get("_shutdown");
    match f {
        Some(f) => vm.call_value(&f, vec![], vec![]).map(|_| ()),
        None => Ok(()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub mod native;
