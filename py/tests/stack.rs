//! Rust stack cost of native re-entries (a worker's stack is 1 MiB and an
//! overflow on the web is silent): measured, printed, and kept below the
//! budget at the deepest re-entry the interpreter allows.

use lockstep_python::native::{run_source, shared_pool, WORKER_STACK};
use lockstep_python::{Capture, RunConfig};
use std::sync::Arc;

include!("cases/reentry.rs");

fn measure(src: &str) -> (usize, usize, String) {
    let cap = Arc::new(Capture::default());
    let r = run_source(
        shared_pool(),
        src,
        "stack.py",
        cap.clone(),
        RunConfig::default(),
        1.0,
        None,
    );
    let out = cap.out.lock().map(|s| s.clone()).unwrap_or_default();
    (r.outcome.max_stack_bytes, r.outcome.max_native_depth, out)
}

#[test]
fn reentry_stack_cost() {
    let cases = REENTRY_CASES;
    for (name, src) in cases {
        let (bytes, depth, out) = measure(src);
        let per = bytes.checked_div(depth).unwrap_or(0);
        println!("{name}: {bytes} bytes at re-entry depth {depth} ({per} bytes/level); output {out:?}");
        assert!(out.contains("maximum recursion depth exceeded"), "{name}: {out}");
        assert!(bytes < WORKER_STACK, "{name}: {bytes} bytes of stack");
    }
}
