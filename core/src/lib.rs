//! Lockstep's core: Python's concurrency primitives as real Rust on real
//! threads, every step traced, under a controller that can slow, pause,
//! step and stop them; the reducers that turn traces into what the page
//! draws; and the lessons. No web dependencies: the same code runs on OS
//! threads in `cargo test` and on Web Workers in the browser.
//!
//! Start at `run` (threads, blocking, the controller), then `trace`, then
//! `sync` and `pool` (the primitives), then `reduce`.

pub mod bench;
pub mod challenge;
pub mod clock;
pub mod export;
pub mod follow;
pub mod i18n;
pub mod kernel;
pub mod lessons;
pub mod net;
pub mod pool;
pub mod probe;
pub mod recorded;
pub mod reduce;
pub mod rng;
pub mod run;
pub mod share;
pub mod sync;
pub mod trace;
pub mod validate;
pub mod workers;

pub use run::{Ctx, Error, Executor, PyError, Result, Run, RunOptions, Stop, ThreadHandle};
