//! Rust stack cost of native re-entries (a worker's stack is 1 MiB and an
//! overflow on the web is silent): measured, printed, and kept below the
//! budget at the deepest re-entry the interpreter allows.

use lockstep_python::native::{run_source, shared_pool, WORKER_STACK};
use lockstep_python::{Capture, RunConfig};
use std::sync::Arc;

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
    let cases = [
        (
            "__repr__ calling repr",
            "class A:\n    def __repr__(self):\n        return repr(self)\ntry:\n    repr(A())\nexcept RecursionError as e:\n    print(e)\n",
        ),
        (
            "__eq__ calling ==",
            "class B:\n    def __eq__(self, o):\n        return self == o\ntry:\n    B() == B()\nexcept RecursionError as e:\n    print(e)\n",
        ),
        (
            "nested list repr",
            "l = []\nfor i in range(100000):\n    l = [l]\ntry:\n    repr(l)\nexcept RecursionError as e:\n    print(e)\n",
        ),
        (
            "sort key recursion",
            "def g(n):\n    return sorted([1, 2], key=lambda v: g(n + 1))\ntry:\n    g(0)\nexcept RecursionError as e:\n    print(e)\n",
        ),
        (
            "Python recursion (no re-entry)",
            "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n",
        ),
    ];
    for (name, src) in cases {
        let (bytes, depth, out) = measure(src);
        let per = bytes.checked_div(depth).unwrap_or(0);
        println!("{name}: {bytes} bytes at re-entry depth {depth} ({per} bytes/level); output {out:?}");
        assert!(out.contains("maximum recursion depth exceeded"), "{name}: {out}");
        assert!(bytes < WORKER_STACK, "{name}: {bytes} bytes of stack");
    }
}
