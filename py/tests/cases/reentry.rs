/// Programs that recurse through native re-entry until RecursionError
/// (each prints its message), shared by `py/tests/stack.rs` (native) and
/// the root crate's `tests/web_python.rs` (a Web Worker), which measure the
/// Rust stack each level costs.
pub const REENTRY_CASES: [(&str, &str); 5] = [
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
