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
pub mod highlight;
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
    let exit_code = vm::process::end_process(&mut machine, r, None);
    // Every process of the run shares its heap: free it after the last.
    vm::process::wait_all_processes(&machine);
    let error = machine.last_error.take();
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

#[cfg(not(target_arch = "wasm32"))]
pub mod native;

/// Starts a challenge level (issue 15) on `workers`: its program,
/// free-threaded (the player is the only scheduler), held from its first
/// operation with strict scheduling, replaying `moves` first. Output goes
/// to `out`.
pub fn start_level(
    workers: Arc<lockstep_core::run::Workers>,
    level: &'static lockstep_core::challenge::Level,
    moves: &[u32],
    out: Arc<Output>,
) -> Result<lockstep_core::challenge::drive::Game, String> {
    let program = compile(level.code, "level.py").map_err(|e| e.render("level.py", level.code))?;
    let opts = lockstep_core::run::RunOptions {
        start_paused: true,
        strict: true,
        lesson: format!("level:{}", level.id),
        ..Default::default()
    };
    let config = RunConfig {
        gil: false,
        argv: vec!["level.py".into()],
        ..Default::default()
    };
    let run = lockstep_core::run::Run::start(workers, opts, move |ctx| {
        run_main(ctx, program, out, config);
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok(lockstep_core::challenge::drive::Game::new(level, run, moves))
}
