//! Fuzzing the interpreter (issue 12): programs generated from the grammar
//! of `python.md` and programs mutated from the corpus (`tests/python/`),
//! each run in-process natively with the page's bounds (`RunConfig`'s
//! memory budget and output bound) plus a wall-clock limit enforced with
//! `Run::abort` from the harness, on the 1 MiB-stack worker pool.
//!
//! Every run is classified: finished OK, Python exception, SyntaxError or
//! refusal (all fine), timeout (fine only when the generator labelled the
//! program as possibly non-terminating: `while True` without a break, a
//! mutated program, ...; labelled programs get 250 ms, enough to show that
//! the abort stops them), slow (an unlabelled program past its bound that
//! finishes when run again with a few times the time: a loaded machine),
//! panic, runaway (an unlabelled program past both bounds), a run that does
//! not stop within 5 s of its abort, and a crash of the process (a Rust
//! stack overflow kills the test binary). To name a crash's program, the
//! programs run in child processes of this same test binary, in batches of
//! seeds; a child that dies names the first seed it did not report.
//!
//!     cargo test -p lockstep-python --test fuzz                  # 3000 programs
//!     LOCKSTEP_PY_FUZZ=100000 cargo test --release -p lockstep-python --test fuzz -- --nocapture
//!     LOCKSTEP_PY_FUZZ_SHOW=1234 cargo test -p lockstep-python --test fuzz -- --nocapture
//!
//! `LOCKSTEP_PY_FUZZ_START` moves the first seed (default 0);
//! `LOCKSTEP_PY_FUZZ_SHOW=seed` prints that seed's program, runs it and
//! prints what it did (`LOCKSTEP_PY_FUZZ_FILE=prog.py`: the same for a
//! file); `LOCKSTEP_PY_FUZZ_TIMEOUT_MS`, `_LABELLED_MS` and `_ABORT_MS`
//! change the bounds (unlabelled: 10 s debug, 3 s release). Failing
//! programs are also written to `$CARGO_TARGET_TMPDIR/fuzz/seed-N.py`.
//! Interpreter bugs it found are kept at the end as `#[ignore]`d tests.

use lockstep_core::run::{Run, RunOptions};
use lockstep_core::trace::TraceLog;
use lockstep_python::native::{shared_pool, PANICS, WORKER_STACK};
use lockstep_python::output::Output;
use lockstep_python::{Capture, Outcome, RunConfig};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

const BATCH_ENV: &str = "LOCKSTEP_PY_FUZZ_BATCH";
/// Seeds per child process.
const BATCH: u64 = 250;

// ---------------------------------------------------------------- random

/// splitmix64: tiny, deterministic, good enough for choosing grammar rules.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

// ---------------------------------------------------------------- atoms

const INTS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "-1",
    "7",
    "10",
    "42",
    "-17",
    "255",
    "1000",
    "0x1F",
    "0o17",
    "0b1011",
    "1_000_000",
    "True",
    "False",
    "9223372036854775807",
    "(-9223372036854775807 - 1)",
    "-9223372036854775808",
    "(2**63)",
    "(2**64 - 1)",
    "(-(2**63))",
    "(2**31)",
    "4294967296",
    "(10**20)",
    "12345678901234567890123",
    "-98765432109876543210",
];

const FLOATS: &[&str] = &[
    "0.0",
    "-0.0",
    "1.5",
    "3.14159",
    "1e10",
    "1e-7",
    "1e308",
    "-2.5",
    "0.1",
    "5e-324",
    "1.7976931348623157e308",
    "float('inf')",
    "float('-inf')",
    "float('nan')",
    "2.5",
    "9.223372036854776e18",
];

/// Single-quoted, so that they can sit inside a double-quoted f-string.
const PLAIN_STRS: &[&str] = &[
    "''",
    "'a'",
    "'abc'",
    "'你好'",
    "'世界, 你好!'",
    "'并发与并行'",
    "'Ünïcödé'",
    "'😀🎉'",
    "'ß'",
    "'İ'",
    "'x y  z'",
    "'a,b,,c'",
    "'42'",
    "' -7 '",
    "'3.5'",
    "'%s'",
    "'{}'",
    "'{0}'",
];

/// Strings with escapes (not allowed inside a 3.11 f-string expression).
const ESC_STRS: &[&str] = &[
    "'a\\nb'",
    "'tab\\there'",
    "'\\u4e2d\\u6587'",
    "'\\x41\\x00'",
    "r'\\d+'",
    "\"dq 'q'\"",
    "'''tri\nple'''",
    "'\\U0001F600'",
    "'\\ud800'",
    "'\\\\'",
];

const SMALL: &[&str] = &["0", "1", "2", "3", "4", "5", "-1", "-2", "10"];

const BINOPS: &[&str] = &[
    "+", "+", "-", "*", "*", "/", "//", "%", "%", "**", "<<", ">>", "&", "|", "^", "@",
];
const CMPOPS: &[&str] = &["<", "<=", ">", ">=", "==", "!=", "in", "not in", "is", "is not"];
const AUGOPS: &[&str] = &[
    "+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=",
];

const BUILTINS1: &[&str] = &[
    "len",
    "str",
    "repr",
    "int",
    "float",
    "abs",
    "bool",
    "list",
    "tuple",
    "set",
    "dict",
    "sorted",
    "reversed",
    "sum",
    "min",
    "max",
    "any",
    "all",
    "hash",
    "type",
    "iter",
    "next",
    "chr",
    "ord",
    "round",
    "enumerate",
    "frozenset",
    "callable",
    "id",
    "format",
    "ascii",
    "bin",
    "hex",
    "oct",
];
const BUILTINS2: &[&str] = &[
    "divmod",
    "pow",
    "round",
    "isinstance",
    "hasattr",
    "getattr",
    "zip",
    "map",
    "filter",
    "max",
    "min",
    "int",
    "format",
    "sorted",
    "range",
    "issubclass",
    "print",
];

const METHODS: &[(&str, usize)] = &[
    ("upper", 0),
    ("lower", 0),
    ("strip", 0),
    ("split", 0),
    ("split", 1),
    ("join", 1),
    ("replace", 2),
    ("find", 1),
    ("index", 1),
    ("count", 1),
    ("startswith", 1),
    ("endswith", 1),
    ("center", 1),
    ("center", 2),
    ("zfill", 1),
    ("ljust", 1),
    ("rjust", 2),
    ("format", 2),
    ("isdigit", 0),
    ("title", 0),
    ("partition", 1),
    ("splitlines", 0),
    ("encode", 0),
    ("append", 1),
    ("pop", 0),
    ("pop", 1),
    ("insert", 2),
    ("extend", 1),
    ("remove", 1),
    ("sort", 0),
    ("reverse", 0),
    ("copy", 0),
    ("clear", 0),
    ("get", 1),
    ("get", 2),
    ("keys", 0),
    ("values", 0),
    ("items", 0),
    ("setdefault", 2),
    ("update", 1),
    ("add", 1),
    ("discard", 1),
    ("union", 1),
    ("intersection", 1),
    ("bit_length", 0),
    ("is_integer", 0),
    ("conjugate", 0),
];

const SPECS: &[&str] = &[
    "",
    ">10",
    "<5",
    "^7",
    ".2f",
    "10.3f",
    ",",
    "_",
    "+",
    "08.3f",
    "x",
    "#x",
    "b",
    "o",
    "e",
    ".3e",
    "g",
    "%",
    ".1%",
    "*^12",
    "=+10",
    "d",
    "s",
    ",.2f",
    "#o",
    "X",
    ".0f",
    "-^9",
    ">1000000000",
    ".500f",
    "z",
];

const EXC_NAMES: &[&str] = &[
    "Exception",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "ZeroDivisionError",
    "NameError",
    "AttributeError",
    "RuntimeError",
    "AssertionError",
    "StopIteration",
    "RecursionError",
    "MemoryError",
    "OverflowError",
    "ArithmeticError",
    "LookupError",
    "BaseException",
    "NotImplementedError",
    "TimeoutError",
];

const MODULE_EXPRS: &[&str] = &[
    "math.sqrt(X)",
    "math.floor(X)",
    "math.ceil(X)",
    "math.gcd(X, Y)",
    "math.pi",
    "math.inf",
    "math.isqrt(X)",
    "math.log(X)",
    "math.factorial(X)",
    "math.isnan(X)",
    "math.pow(X, Y)",
    "random.random()",
    "random.randint(X, Y)",
    "random.choice(X)",
    "random.uniform(X, Y)",
    "random.randrange(X)",
    "random.sample(X, Y)",
    "random.getrandbits(X)",
    "time.time() > 0",
    "time.perf_counter() >= 0",
    "time.monotonic() > -1",
    "sys.version[:1]",
    "sys.getrecursionlimit()",
    "sys.argv",
    "sys.maxsize",
];

/// Whole snippets that poke at bounds and corners; `true` marks one that
/// may legitimately not terminate (labelled).
const SPECIALS: &[(&str, bool)] = &[
    ("x = 'a' * 10**9", false),
    ("x = [0] * 10**10", false),
    ("x = 'ab' * (2**62)", false),
    ("x = (1, 2) * 10**9", false),
    ("x = 2 ** 10**9", false),
    ("x = 10 ** 10 ** 10", false),
    ("x = 1 << 10**10", false),
    ("x = 7 ** 123456\nprint(x % 1000)", false),
    ("print(str(10 ** 5000)[:5])", false),
    ("print(int('9' * 5000) % 7)", false),
    ("print(len(str(2 ** 4000)), hex(2 ** 5000)[:8])", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\nprint(repr(n)[:20])", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\nprint(n == n, n != [n])", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\nm = []\nfor _ in range(100000):\n    m = [m]\nprint(n == m)", false),
    ("t = ()\nfor _ in range(100000):\n    t = (t,)\nprint(hash(t))", false),
    ("t = ()\nfor _ in range(100000):\n    t = (t,)\nd = {t: 1}\nprint(len(d))", false),
    ("d = {}\nfor _ in range(100000):\n    d = {'k': d}\nprint(str(d)[:10])", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\ndel n", false),
    ("n = []\nfor _ in range(300000):\n    n = [n]\nkeep = [n, n]\nprint(len(keep))", false),
    ("n = {}\nfor _ in range(300000):\n    n = {1: n}\nprint(len(n))", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\nprint(sorted([n, n])[:0])", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\nprint(n in [n], [n].count(n), [n].index(n))", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\nprint(f'{n!r:.5}', '%s' % [n] if 0 else 0)", false),
    ("n = []\nfor _ in range(100000):\n    n = [n]\nprint(n < n, n >= n)", false),
    (
        "t = ()\nfor _ in range(100000):\n    t = (t,)\nu = ()\nfor _ in range(100000):\n    u = (u,)\nprint(t == u, t < u)",
        false,
    ),
    (
        "t = ()\nfor _ in range(100000):\n    t = (t, 1)\nprint(repr(t)[:9], str([t])[:9], t.count(t), t.index(1))",
        false,
    ),
    (
        "t = []\nfor _ in range(100000):\n    t = ({'k': t},)\nprint(t == t[:], max([t, t]) is t)",
        false,
    ),
    (
        "d = {}\nfor _ in range(100000):\n    d = {'k': d}\ne = {}\nfor _ in range(100000):\n    e = {'k': e}\nprint(d == e)",
        false,
    ),
    (
        "s = frozenset()\nfor _ in range(50000):\n    s = frozenset([s])\nu = frozenset()\nfor _ in range(50000):\n    u = frozenset([u])\nprint(s == u)",
        false,
    ),
    ("s = frozenset()\nfor _ in range(50000):\n    s = frozenset([s])\nprint(len(s), hash(s) == hash(s))", false),
    ("class A:\n    pass\na = A()\nfor _ in range(100000):\n    b = A()\n    b.a = a\n    a = b\nprint(type(a).__name__)", false),
    ("class A:\n    def __repr__(self):\n        return repr(self)\nprint(repr(A()))", false),
    ("class A:\n    def __str__(self):\n        return f'{self}'\nprint(A())", false),
    ("class A:\n    def __eq__(self, o):\n        return self == o\nprint(A() == A())", false),
    ("class A:\n    def __hash__(self):\n        return hash(self)\nprint({A(): 1})", false),
    ("class A:\n    def __lt__(self, o):\n        return sorted([self, o])\nprint(sorted([A(), A()]))", false),
    ("class A:\n    def __len__(self):\n        return len(self)\nprint(len(A()))", false),
    ("class A:\n    def __bool__(self):\n        return not self\nprint(bool(A()))", false),
    ("class A:\n    def __init__(self):\n        A()\nA()", false),
    ("class A:\n    def __getitem__(self, i):\n        return self[i]\nprint(A()[0])", false),
    ("class A:\n    def __iter__(self):\n        return iter(self)\nprint(list(A()))", false),
    ("class A:\n    def __add__(self, o):\n        return self + o\nprint(A() + 1)", false),
    ("class A:\n    def __contains__(self, o):\n        return o in self\nprint(1 in A())", false),
    ("class A:\n    def __call__(self):\n        return self()\nA()()", false),
    ("class A:\n    def __enter__(self):\n        with self:\n            pass\n    def __exit__(self, *a):\n        pass\nwith A():\n    pass", false),
    ("import sys\nsys.setrecursionlimit(100000)\ndef f(n):\n    return f(n + 1)\nf(0)", false),
    ("import sys\nsys.setrecursionlimit(100000)\nclass A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())", false),
    ("import sys\nsys.setrecursionlimit(100000)\nn = []\nfor _ in range(100000):\n    n = [n]\nprint(repr(n)[:5])", false),
    ("import sys\nsys.setrecursionlimit(100000)\nclass A:\n    def __eq__(self, o):\n        return self == o\nA() == A()", false),
    ("import sys\nsys.setrecursionlimit(100000)\ndef g(n):\n    return sorted([1, 2], key=lambda v: g(n + 1))\ng(0)", false),
    ("import sys\nsys.setrecursionlimit(10**9)\nsys.setrecursionlimit(-1)", false),
    ("import sys\nsys.setrecursionlimit(50)\ndef f(n):\n    return f(n + 1)\nf(0)", false),
    ("def f(n):\n    return f(n + 1)\nf(0)", false),
    ("def f(n):\n    try:\n        return f(n + 1)\n    except RecursionError:\n        return n\nprint(f(0) > 0)", false),
    ("def f(n):\n    try:\n        return f(n + 1)\n    finally:\n        pass\nf(0)", false),
    ("f = lambda n: f(n + 1)\nf(0)", false),
    ("def a(n):\n    return b(n + 1)\ndef b(n):\n    return a(n + 1)\na(0)", false),
    ("def f(n):\n    return f(n + 1) if n < 10**6 else n\nprint(f(0))", false),
    ("def f(n):\n    return 1 if n <= 0 else n * f(n - 1)\nprint(f(900) % 1000)", false),
    ("def f(n):\n    return 1 if n <= 1 else f(n - 1) + f(n - 2)\nprint(f(15))", false),
    ("def f(n):\n    try:\n        f(n + 1)\n    except RecursionError:\n        f(n + 1)\nf(0)", true),
    ("e = None\nfor i in range(5000):\n    try:\n        raise ValueError(i) from e\n    except ValueError as x:\n        e = x\nraise e", false),
    ("def f(n):\n    try:\n        raise ValueError(n)\n    except ValueError:\n        if n:\n            f(n - 1)\n        else:\n            raise\nf(900)", false),
    ("e = ValueError()\ne.__cause__ = e\nraise e", false),
    ("try:\n    raise ValueError\nexcept ValueError as e:\n    e.__context__ = e\n    raise", false),
    ("x = None\ntry:\n    raise KeyError('k')\nexcept KeyError as e:\n    x = e\nprint(repr(x), x.args)", false),
    ("print(sorted([3, 1, 2], key=lambda v: 1 / 0))", false),
    ("l = [3, 1, 2]\nl.sort(key=lambda v: l.clear())\nprint(l)", false),
    ("l = [3, 1, 2]\nl.sort(key=lambda v: l.append(v))\nprint(l)", false),
    ("l = [3, 1, 2]\nl.sort(key=lambda v: l.pop())\nprint(l)", false),
    ("class K:\n    def __lt__(s, o):\n        raise ValueError('lt')\nprint(sorted([K(), K(), K()]))", false),
    ("l = [5, 3, 1]\nclass K:\n    def __init__(s, v):\n        s.v = v\n    def __lt__(s, o):\n        l.clear()\n        return s.v < o.v\nl = [K(i) for i in range(10)]\nl.sort()\nprint(len(l))", false),
    ("class H:\n    def __hash__(s):\n        return 1\n    def __eq__(s, o):\n        d.clear()\n        return False\nd = {}\nd[H()] = 1\nd[H()] = 2\nprint(len(d))", false),
    ("class H:\n    def __hash__(s):\n        return 1\n    def __eq__(s, o):\n        d[len(d) + 100] = 1\n        return False\nd = {}\nd[H()] = 1\nd[H()] = 2\nprint(len(d))", false),
    ("class H:\n    def __hash__(s):\n        return 1\n    def __eq__(s, o):\n        st.clear()\n        return False\nst = set()\nst.add(H())\nst.add(H())\nprint(len(st))", false),
    ("class E:\n    def __eq__(s, o):\n        l.clear()\n        return False\nl = [E(), E(), E()]\nprint(E() in l, l.count(1))", false),
    ("class E:\n    def __eq__(s, o):\n        l.append(E())\n        return False\nl = [E(), E()]\nprint(l.index(0) if 0 in l else -1)", true),
    ("class E:\n    def __eq__(s, o):\n        del l[:]\n        return True\nl = [E(), E(), E()]\nl.remove(1)\nprint(l)", false),
    ("class R:\n    def __repr__(s):\n        l.clear()\n        return 'R'\nl = [R(), R(), R()]\nprint(l)", false),
    ("class R:\n    def __repr__(s):\n        d.clear()\n        return 'R'\nd = {1: R(), 2: R()}\nprint(d)", false),
    ("class R:\n    def __repr__(s):\n        l.append(1)\n        return 'R'\nl = [R()]\nprint(l)", false),
    ("class R:\n    def __hash__(s):\n        raise KeyError('h')\nprint({R(): 1})", false),
    ("class R:\n    def __hash__(s):\n        return 2**100\nprint(len({R(): 1}))", false),
    ("class R:\n    def __hash__(s):\n        return -1\nprint(len({R(), R()}))", false),
    ("class R:\n    def __len__(s):\n        return 2**100\nprint(len(R()))", false),
    ("class R:\n    def __index__(s):\n        return 2\nprint([1, 2, 3][R()], 'abc' * R())", false),
    ("l = [1, 2, 3]\nprint(max(l, key=lambda v: l.append(v)))", true),
    ("l = [1, 2, 3]\nprint(sum(l.append(1) or 1 for x in l if len(l) < 100000))", false),
    ("l = [1]\nfor x in l:\n    l.append(x)", true),
    ("l = [1, 2, 3, 4]\nfor x in l:\n    l.remove(x)\nprint(l)", false),
    ("l = [1, 2, 3, 4]\nfor x in l:\n    l.pop()\nprint(l)", false),
    ("l = list(range(10))\nfor i, x in enumerate(l):\n    del l[i]\nprint(l)", false),
    ("d = {1: 1, 2: 2}\nfor k in d:\n    d[k + 10] = 1", false),
    ("d = {1: 1, 2: 2}\nfor k in d:\n    del d[k]", false),
    ("d = {1: 1, 2: 2}\nfor k in d:\n    d[k] = 5\nprint(d)", false),
    ("d = {1: 1, 2: 2}\nfor k in d:\n    d.pop(k)\n    d[k] = 0", false),
    ("d = {1: 1, 2: 2}\nfor k, v in d.items():\n    d.clear()", false),
    ("s = {1, 2, 3}\nfor x in s:\n    s.add(x + 10)", false),
    ("s = {1, 2, 3}\nfor x in s:\n    s.discard(x)", false),
    ("it = iter([1, 2, 3, 4, 5, 6])\nprint(list(zip(it, it, it)))", false),
    ("g = (x for x in range(3))\nprint(list(g), list(g), sum(g))", false),
    ("g = (1 / 0 for _ in [1])\nprint(sum(g))", false),
    ("g = (x for x in range(10))\nprint(next(g), [y for y in g if y in g])", false),
    ("print(*range(100000))", false),
    ("for i in range(20000):\n    print(i, '你好' * 10)", false),
    ("import sys\nfor i in range(20000):\n    print(i, 'err', file=sys.stderr)", false),
    ("print('x' * 2000000)", false),
    ("x = 1.0\nfor i in range(2000):\n    x = x * 1e10\nprint(x, x - x, -x)", false),
    ("print(10**300 * 1.0, float(10**400))", false),
    ("print(10**400 / 3)", false),
    ("print(2**1000 // 3 ** 50, 2**1000 % -(3 ** 50), divmod(-(2**200), 7 ** 30))", false),
    ("print(round(123.456, -400), round(2**100, -3), round(1.5, 2**63), round(5, -(2**63)))", false),
    ("x = -9223372036854775807 - 1\nprint(x // -1, x % -1, -x, abs(x), x * -1, divmod(x, -1), x >> 63, x << 1, ~x)", false),
    ("x = -9223372036854775807 - 1\nprint(x - 1, x + x, x * x, x ** 2, x // 1, x / -1, int(x / -1))", false),
    ("x = 9223372036854775807\nprint(x + 1, x * 2, -x - 2, x << 1, x ** 2, (x + 1) // -1, pow(x, x, x + 2))", false),
    ("print(pow(2, 64, 1), pow(3, -1, 7), pow(0, -1, 5))", false),
    ("print(pow(2, 3, 0))", false),
    ("print(pow(0, -1))", false),
    ("print(1 << 63, 1 << 64, -1 << 63, 1 >> 64, -1 >> 10**20, 5 >> 2**63)", false),
    ("print(1 << -1)", false),
    ("print(1 << 2**63)", false),
    ("print(int(1e19), int(-9.3e18), int(2.0**63), int(-2.0**63))", false),
    ("print(int(float('inf')))", false),
    ("print(int(float('nan')))", false),
    ("print(float(2**1024))", false),
    ("print(hash(-1), hash(-2), hash(2**64), hash(-(2**63)), hash(1.5), hash(float('inf')), hash(-0.0))", false),
    ("print(hash(float('nan')) == hash(float('nan')))", false),
    ("print('abc'[::-9223372036854775808], [1, 2][9223372036854775807:], 'abc'[2**63:], 'abc'[-(2**63):])", false),
    ("print(range(10)[::-(2**63)], list(range(0, 10, 2**63)), range(-(2**63), 2**63)[2**63])", false),
    ("print(len(range(-(2**63), 2**63)))", false),
    ("print(len(range(2**64)))", false),
    ("print(list(range(0, 10, 0)))", false),
    ("print(range(10**20)[10**19], 10**19 in range(10**20), range(10**20).index(5))", false),
    ("print('{:,}'.format(-(2**63)), '%d' % -(2**63), f'{-(2**63):x}', f'{2**64:_b}'[:9])", false),
    ("print('x'.ljust(2**63))", false),
    ("print('x'.center(2**62))", false),
    ("print([0] * 3 * -(2**63), 'ab' * -(2**63), (1,) * 0)", false),
    ("print(list(range(5))[::0])", false),
    ("x = [1, 2, 3]\nx[1:2] = x\nprint(x)\nx[::-1] = x\nprint(x)", false),
    ("x = [1, 2, 3]\nx[::2] = [1]", false),
    ("x = list(range(10))\ndel x[::-1]\nprint(x)\nx = list(range(10))\ndel x[::3]\ndel x[::2**63]\nprint(x)", false),
    ("x = list(range(10))\nx[2**63:] = [1]\nx[:-(2**63)] = [2]\nprint(x)", false),
    ("print('abc'.split(None, -1), 'a,b'.split(',', 2**63), 'abc'.replace('', '-'), 'abc'.replace('', '-', 2**63))", false),
    ("print('abc'.find('', 10), 'abc'.count(''), 'a'.startswith(('a', 'b')), 'x'.zfill(-1), '你好'.center(9, '世'))", false),
    ("print('abc'.index('z'))", false),
    ("print('a'.split(''))", false),
    ("print('ß'.upper(), 'İ'.lower(), len('İ'.lower()), 'ﬃ'.upper(), 'ǅ'.title(), 'Σ'.lower())", false),
    ("print('e\\u0301' == '\\u00e9', len('e\\u0301'), 'e\\u0301'[::-1])", false),
    ("print(chr(0x10FFFF), len(chr(0x10FFFF)))", false),
    ("s = chr(0xD800)\nprint(len(s), repr(s), s == '\\ud800')", false),
    ("print(chr(0xDFFF))", false),
    ("s = '\\udc80abc'\nprint(s.upper(), s[1:], s * 2 == s + s)", false),
    ("print(chr(0x110000))", false),
    ("print('%c' % 0x110000)", false),
    ("print('%c' % 0xD800)", false),
    ("print(ord(''))", false),
    ("print(ord('ab'))", false),
    ("print(int('١٢٣'), float('１２.５'), int('٣', 16))", false),
    ("print(int('1' * 100, 36) % 1000, int('-0x_1f', 0), int('  42  '), int('4_2'))", false),
    ("print(int('_42'))", false),
    ("print(float('  -inf '), float('1_0.5'), float('-nan'))", false),
    ("print(float('0x1p3'))", false),
    ("print(format(2**100, ','), format(1.5, ''), format(-0.0, '+.0f'), format(1e300 * 10, 'f'), format(123, '=+#010x'))", false),
    ("print(format(1.0, '.500f')[:10], format(2**70, 'e'), format(10**30, '.3g'), format(0.1, '.60g'))", false),
    ("print('{:.99999999999f}'.format(1.0))", false),
    ("print(f'{1:{10**10}}')", false),
    ("print(f'{3.5:>{2**63}}')", false),
    ("print('%*d' % (-5, 1), '%-*d|' % (3, 2), '%.*f' % (2, 3.14159))", false),
    ("print('%s %s' % (1,))", false),
    ("print('%s' % (1, 2))", false),
    ("print('%d' % 2**100, '%x' % -(2**70), '%o' % 8, '%e' % 2**100, '%.3g' % -(2**63))", false),
    ("print('%(a)s %(b)r' % {'a': 1, 'b': '你'})", false),
    ("print('%(a)s' % {})", false),
    ("print('%z' % 1)", false),
    ("print('%' % ())", false),
    ("print('{0}{1}{0}{}'.format(1, 2))", false),
    ("print('{a[0]} {a[1]!r:>4} {b.real}'.format(a=[1, 'x'], b=2))", false),
    ("print('{:{}{}}'.format(1, '>', 5), '{!s:^5}'.format(None), '{0:{1}}'.format(3.14159, '.2f'))", false),
    ("print('{'.format(1))", false),
    ("print('{0[}'.format(1))", false),
    ("print('{:d}'.format('x'))", false),
    ("print({**{1: 2}, 1: 3}, {*'ab', *'bc'} == {'a', 'b', 'c'}, [*'ab', *range(2)])", false),
    ("print(dict(a=1, **{'a': 2}))", false),
    ("def f(**k):\n    return k\nprint(f(**{'a': 1}, b=2), f(**{'a': 1}, a=2))", false),
    ("def f(a, b=[]):\n    b.append(a)\n    return b\nprint(f(1), f(2), f(3, []))", false),
    ("def f(a, /, b, *, c=3):\n    return a, b, c\nprint(f(1, 2), f(1, b=2, c=4))\nprint(f(a=1, b=2))", false),
    ("def f(*a, **k):\n    return len(a), sorted(k)\nprint(f(*range(1000), **{str(i): i for i in range(100)}))", false),
    ("def f(a):\n    pass\nf(*range(10**6))", false),
    ("print(1, 2, sep=None, end=None)\nprint(sep='')\nprint('a', 'b', sep='你', end='!\\n')", false),
    ("print(isinstance(1, (int, (str, float))), isinstance(True, int), issubclass(bool, int))", false),
    ("print(isinstance(1, 2))", false),
    ("import random\nrandom.seed(12345)\nprint([random.randint(0, 100) for _ in range(10)], random.random())", false),
    ("import random\nrandom.seed('lockstep')\nprint(random.random())\nrandom.seed(2**200)\nprint(random.getrandbits(100))", false),
    ("import random\nrandom.seed(-7)\nl = list(range(50))\nrandom.shuffle(l)\nprint(l[:5], random.sample(l, 3), random.choice('你好世界'))", false),
    ("import random\nrandom.seed(1.5)\nrandom.seed(None)\nprint(0 <= random.random() < 1)", false),
    ("import random\nprint(random.randrange(0))", false),
    ("import random\nprint(random.getrandbits(10**9) > 0)", false),
    ("import random\nprint(random.sample(range(10**18), 3) is not None, random.randrange(10**30) >= 0)", false),
    ("import time\nt = time.time()\ntime.sleep(0.001)\nprint(time.time() >= t)", false),
    ("import time\ntime.sleep(-1)", false),
    ("import time\ntime.sleep(float('nan'))", false),
    ("import math\nprint(math.factorial(2000) % 1000, math.gcd(2**100, 6**50), math.isqrt(10**100))", false),
    ("import math\nprint(math.factorial(10**6) % 10)", false),
    ("import math\nprint(math.sqrt(-1))", false),
    ("import math\nprint(math.log(0))", false),
    ("import math\nprint(math.floor(float('inf')))", false),
    ("import math\nprint(math.floor(2**100 + 0.5), math.ceil(-1e300), math.exp(1000))", false),
    ("import math\nprint(math.isqrt(-1))", false),
    ("import sys\nsys.exit(0)", false),
    ("import sys\nsys.exit(3)", false),
    ("import sys\nsys.exit('bye 再见')", false),
    ("import sys\nsys.exit(2**100)", false),
    ("raise SystemExit(None)", false),
    ("raise KeyboardInterrupt", false),
    ("raise BaseException('b')", false),
    ("raise StopIteration", false),
    ("raise ValueError from TypeError('t')", false),
    ("raise ValueError from 1", false),
    ("raise", false),
    ("raise 5", false),
    ("try:\n    1 / 0\nfinally:\n    raise KeyError('f')", false),
    ("def g():\n    try:\n        return 1\n    finally:\n        return 2\nprint(g())", false),
    ("def g():\n    for i in range(3):\n        try:\n            return i\n        finally:\n            continue\n    return 'done'\nprint(g())", false),
    ("def g():\n    while True:\n        try:\n            raise ValueError\n        finally:\n            break\n    return 'b'\nprint(g())", false),
    ("def g():\n    try:\n        raise ValueError('a')\n    except ValueError:\n        raise TypeError('b')\n    finally:\n        print('fin')\ng()", false),
    ("try:\n    try:\n        raise ValueError(1)\n    finally:\n        raise TypeError(2)\nexcept TypeError as e:\n    print(repr(e), repr(e.__context__))", false),
    ("try:\n    pass\nexcept 1:\n    pass\nelse:\n    print('else')", false),
    ("try:\n    1 / 0\nexcept 1:\n    pass", false),
    ("try:\n    1 / 0\nexcept (ValueError, 1):\n    pass", false),
    ("class E(Exception):\n    def __init__(self):\n        raise ValueError('in init')\nraise E()", false),
    ("class E(Exception):\n    def __str__(self):\n        raise E()\nraise E()", false),
    ("class E(Exception):\n    def __str__(self):\n        return 1\nraise E()", false),
    ("class E(Exception):\n    def __repr__(self):\n        return repr(self)\nprint(repr(E()))", false),
    ("class CM:\n    def __enter__(self):\n        return 1\n    def __exit__(self, *a):\n        return True\nwith CM() as c:\n    1 / 0\nprint('suppressed', c)", false),
    ("class CM:\n    def __enter__(self):\n        raise ValueError('enter')\n    def __exit__(self, *a):\n        print('no exit')\nwith CM():\n    print('no body')", false),
    ("class CM:\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        raise KeyError('exit')\nwith CM(), CM():\n    raise ValueError('body')", false),
    ("class CM:\n    def __enter__(self):\n        return self\nwith CM():\n    pass", false),
    ("with 1:\n    pass", false),
    ("for i in range(3):\n    class CM:\n        def __enter__(s):\n            return s\n        def __exit__(s, *a):\n            return True\n    with CM():\n        break\nprint(i)", false),
    ("x = 5\ndef f():\n    global x\n    del x\nf()\nprint(x)", false),
    ("def f():\n    x = 1\n    def g():\n        nonlocal x\n        del x\n    g()\n    return x\nf()", false),
    ("def f():\n    print(x)\n    x = 1\nf()", false),
    ("def f():\n    x = 0\n    def g():\n        nonlocal x\n        x += 1\n        return x\n    return g\nh = f()\nprint(h(), h(), h.__name__)", false),
    ("del undefined_thing", false),
    ("x = [1]\ndel x[5]", false),
    ("x = {}\ndel x['k']", false),
    ("class A:\n    pass\ndel A().x", false),
    ("class A:\n    x = [y for y in range(3)]\n    z = [x for _ in range(2)]\nprint(A.x)", false),
    ("class A:\n    def f(self):\n        return __class__\nprint(A().f())", false),
    ("class A:\n    def f(self):\n        return super().f()\nA().f()", false),
    ("class A:\n    def __init__(self):\n        super().__init__(1, 2)\nA()", false),
    ("class A(int):\n    pass\nprint(A(3) + 1)", false),
    ("class A(dict):\n    pass\na = A()\na[1] = 2\nprint(a)", false),
    ("class A(list):\n    pass\nprint(A([1]))", false),
    ("class A(Exception, ValueError):\n    pass", false),
    ("class A:\n    pass\nclass B(A):\n    pass\nprint(isinstance(B(), A), issubclass(B, B), B.__mro__ if hasattr(B, '__mro__') else 0)", false),
    ("class A:\n    __slots__ = ('x',)\nA().y = 1", false),
    ("print(type(1)(5), type('s')(3), type(None), type(type))", false),
    ("print(getattr(1, 'x'))", false),
    ("setattr(1, 'x', 2)", false),
    ("print(hasattr(1, 2))", false),
    ("print(next(iter([])))", false),
    ("print(iter(1))", false),
    ("print(sum([[1]] * 100, []), sum([0.1] * 10), sum(range(10**6)))", false),
    ("print(sum(['a', 'b'], ''))", false),
    ("print(max([]), min(1))", false),
    ("print(max([], default=None), max(1, 2, key=lambda x: -x), min('你好'))", false),
    ("print(sorted([3, 'a']))", false),
    ("print(sorted([[1], [0, 2], []]), sorted({3: 1, 1: 2}), sorted('hello', reverse=True))", false),
    ("print(list(map(lambda a, b: a + b, [1, 2], [3])), list(filter(None, [0, 1, '', 'a'])))", false),
    ("print(list(zip()), list(zip('ab', range(10**20))), list(enumerate('ab', 2**63)))", false),
    ("print(dict(zip('abc', range(3))), dict([(1, 2)], x=3), dict(((1, 2, 3),)))", false),
    ("print(all([]), any([]), all(x > 0 for x in [1, 2]), any(1 / x for x in [1, 0]))", false),
    ("print(list(reversed(range(5))), list(reversed('abc')), reversed({}))", false),
    ("print(abs(-(2**100)), abs(-0.0), abs(True), abs('x'))", false),
    ("print(divmod(7, -2), divmod(-7.5, 2), divmod(2**100, -3), divmod(1, 0))", false),
    ("print(1 % 0.0)", false),
    ("print(0.0 ** -1)", false),
    ("print((-8) ** 0.5, 2 ** -1.5, (-2) ** -2, 0 ** 0, 10 ** -400)", false),
    ("print(1e308 * 10 - 1e308 * 10, float('inf') * 0, -float('nan'))", false),
    ("print(bin(-(2**70)), hex(-1), oct(2**63), bin(0))", false),
    ("print(repr(1e16), repr(1e-5), str(123456789012345678.0), 0.1 + 0.2, 1 / 3, -1e-320)", false),
    ("print(True + True, True * 'ab', -True, ~False, True << 70, True / 2, True // False)", false),
    ("print(None + 1)", false),
    ("print([] + ())", false),
    ("print({} | {1: 2}, {1} | {2}, {1, 2} ^ {2, 3}, {1} - {1}, {1, 2} & {2}, {1} <= {1, 2})", false),
    ("print([1, 2] < [1, 2, 3], (1, 'a') < (1, 'b'), 'a' < 'b' < 'c', [1] == [1.0], 1 == 1.0 == True)", false),
    ("print([1, 'a'] < [1, 2])", false),
    ("print(1 < 'a')", false),
    ("print(float('nan') == float('nan'), float('nan') in [float('nan')], 2**53 + 1 == float(2**53 + 1))", false),
    ("print(10**400 > float('inf'), -(10**400) < float('-inf'), 10**400 == float('inf'), 2**1024 > 1e308)", false),
    ("print(1 if [] else 2, not [0], [] or {} or 'x', 0 and 1 / 0)", false),
    ("print((lambda: 0)(1))", false),
    ("print((lambda *a, **k: (a, k))(1, 2, x=3))", false),
    ("print((lambda x, y=2, *a, z=9, **k: (x, y, a, z, k))(1, z=3, w=4))", false),
    ("x = (y := 10) + y\nprint(x, y, [z := 1, z + 1])", false),
    ("print([x for x in range(3) if (w := x) > 0], w)", false),
    ("print([[i * j for j in range(i)] for i in range(4)], {k: v for k, v in zip('ab', 'cd')}, {c for c in 'hello'})", false),
    ("print([x for x in [1, 2] for x in [x, x * 10]])", false),
    ("print(''.join(str(i) for i in range(10)), tuple(x for x in 'ab'), set(x % 3 for x in range(10)))", false),
    ("a, *b, c = range(5)\nprint(a, b, c)\n(d, e), f = 'xy', 3\nprint(d, e, f)\n[g, [h, *i]] = [1, (2, 3, 4)]\nprint(g, h, i)", false),
    ("a, b = 1", false),
    ("a, b = [1, 2, 3]", false),
    ("a, *b, c = [1]", false),
    ("a = b = c = [1]\na.append(2)\nprint(b, c is a)", false),
    ("x = {}\nx[[]] = 1", false),
    ("print({[]: 1})", false),
    ("print(set([[]]))", false),
    ("print(hash([]))", false),
    ("x = (1, 2)\nx[0] = 1", false),
    ("x = 'abc'\nx[0] = 'z'", false),
    ("x = [1]\nx.y = 2", false),
    ("print(None())", false),
    ("print(1())", false),
    ("print([][0])", false),
    ("print({}[1])", false),
    ("print(undefined_name)", false),
    ("assert False, 'msg 你好'", false),
    ("assert 1, 'fine'\nassert [], []", false),
    ("for x in 1:\n    pass", false),
    ("print(*None)", false),
    ("print(*[1], **{'sep': 1})", false),
    ("print(1, end=1)", false),
    ("x = [[]] * 3\nx[0].append(x)\nprint(x)", false),
    ("l = []\nl.append(l)\nprint(l, l == l, str(l), len(repr(l)))", false),
    ("d = {}\nd[1] = d\nprint(d, d == d)", false),
    ("l = []\nl.append(l)\nprint(l < l)", false),
    ("l = [1]\nl.append(l)\nl.sort()", false),
    ("l = []\nl.append(l)\nl2 = []\nl2.append(l2)\nprint(l == l2)", false),
    ("class A:\n    pass\na = A()\na.me = a\na.l = [a]\nprint(type(a.l[0].me.me).__name__)", false),
    ("def f():\n    return f\nprint(f()()()() is f)", false),
    ("x = 0\nwhile x < 10**6:\n    x += 1\nprint(x)", false),
    ("s = ''\nfor i in range(20000):\n    s += '你'\nprint(len(s))", false),
    ("l = []\nfor i in range(200000):\n    l.append(i)\nprint(sum(l), l[-1], l.index(199999))", false),
    ("d = {}\nfor i in range(100000):\n    d[str(i)] = i\nfor i in range(0, 100000, 2):\n    del d[str(i)]\nprint(len(d), list(d)[:3])", false),
    ("s = set()\nfor i in range(100000):\n    s.add(i * 7919 % 100003)\nprint(len(s))", false),
    ("l = []\nwhile True:\n    l.append([0] * 10000)", false),
    ("s = 'ab'\nwhile True:\n    s = s + s", false),
    ("d = {}\ni = 0\nwhile True:\n    d[i] = 'x' * 1000\n    i += 1", false),
    ("x = 2\nwhile True:\n    x = x * x", false),
    ("while True:\n    pass", true),
    ("while 1:\n    x = [1] * 10", true),
    ("def f():\n    while True:\n        pass\nf()", true),
    ("x = 0\nwhile x != 10:\n    x += 3", true),
    ("i = 0\nwhile i < 10:\n    try:\n        continue\n    finally:\n        pass\n    i += 1", true),
    ("for i in iter(int, 1):\n    pass", true),
    ("def g():\n    yield 1\nprint(list(g()))", false),
    ("async def f():\n    pass", false),
    ("@staticmethod\ndef f():\n    pass", false),
    ("match 1:\n    case 1:\n        pass", false),
    ("import threading\nprint(threading.current_thread().name)", false),
    ("import numpy", false),
    ("import os\nprint(os.getpid() > 0)", false),
    ("from math import *\nprint(pi)", false),
    ("from math import sqrt as s, floor\nprint(s(4), floor(2.5))", false),
    ("import math as m, sys as y\nprint(m.pi > 3, y.maxsize > 0)", false),
    ("import math.nothing", false),
    ("from . import x", false),
    ("try:\n    import numpy\nexcept ImportError as e:\n    print('no numpy', e)", false),
    ("try:\n    import threading\nexcept Exception:\n    threading = None\nprint(threading is None)", false),
    ("exec('print(1)')", false),
    ("print(eval('1 + 1'))", false),
    ("print(globals() is not None, locals() is not None)", false),
    ("print(__name__, __builtins__ is not None)", false),
    ("x: int = 5\ny: list\nprint(x)", false),
    ("print(b'bytes')", false),
    ("print(1j)", false),
    ("print(...)", false),
    ("print('\\N{DASH}')", false),
    ("print(f'{1!z}')", false),
    ("print(f'{}')", false),
    ("print(f'{x=}', f'{1 + 1 = }')", false),
    ("print(f\"{'a' 'b'}\", f'{3.14159:.{2}f}', f'{\"nest\"}', f'{{}}', f'{1:{\"\"}>{3}}')", false),
    ("print(f'{f\"{1}\"}')", false),
    ("print(1 if True else 2 if False else 3, [1, 2][True], 'abc'[-1:-4:-1])", false),
    ("print(global_undefined.attr)", false),
    ("def f(a, a):\n    pass", false),
    ("def f():\n    nonlocal x", false),
    ("nonlocal x", false),
    ("return 5", false),
    ("break", false),
    ("continue", false),
    ("def f():\n    global x\n    x = 1\n    global x", false),
    ("class C:\n    return 1", false),
    ("x = 1 +", false),
    ("x = (1,\n", false),
    ("if True:\npass", false),
    ("  x = 1", false),
    ("if True:\n        x = 1\n    y = 2", false),
    ("if True:\n\tx = 1\n        y = 2", false),
    ("'unterminated", false),
    ("\"\"\"never ends", false),
    ("x = 1 \\\n  + 2\nprint(x)", false),
    ("x = [\n1,\n2,\n]\nprint(x)", false),
    ("print(1);print(2); x = 3;", false),
    ("if 1: print('one-line if'); print('same')", false),
    ("class A: x = 1; y = 2\nprint(A.x + A.y)", false),
    ("for i in range(3): print(i, end=' ')\nelse: print()", false),
    ("while False: pass\nelse: print('while-else')", false),
    ("x = 0\nfor i in range(10):\n    for j in range(10):\n        if j > i:\n            break\n        if (i + j) % 3:\n            continue\n        x += i * j\n    else:\n        x -= 1\nprint(x)", false),
    ("x = 1\nx += x\nx -= -x\nx *= x\nx //= 3\nx **= 2\nx %= 1000\nx <<= 70\nx >>= 65\nx &= 0xFFFF\nx |= 1\nx ^= 3\nx /= 7\nprint(x)", false),
    ("l = [1, 2]\nl += 'ab'\nl *= 2\nt = (1,)\nt += (2,)\nt *= 3\ns = 'a'\ns *= 3\nprint(l, t, s)", false),
    ("l = [1]\nl += 5", false),
    ("d = {'a': 1}\nd['a'] += 1\nd.setdefault('b', []).append(3)\nd |= {'c': 0}\nprint(d)", false),
    ("o = type('O', (), {})", false),
    ("print(id(1) == id(1), id([]) is not None)", false),
    ("print(callable(print), callable(1), repr(print)[:10], repr(len)[:10])", false),
    ("print(str(), int(), float(), list(), dict(), tuple(), set(), bool(), frozenset())", false),
    ("print(str(b=1))", false),
    ("print(int('10', 99))", false),
    ("print(int('0x10', 16), int('z', 36), int('-11', 2), int(' 1_0 ', 0) if 0 else 0)", false),
    ("print(int(2.9), int(-2.9), int('-0'), float('1e500'), float(True), int(True))", false),
    ("print(int([]))", false),
    ("print(round(float('inf')))", false),
    ("print(round(2.5), round(3.5), round(-2.5), round(0.125, 2), round(2.675, 2), round(1234, -2), round(-1350, -2))", false),
    ("print('a' 'b' '你', 'x' + 'y' * 3, 'abc' * True)", false),
    ("print('abc' in 'xabcx', '' in '', 1 in [1.0], None in [None], 'a' in {'a': 1}, 2 in range(0, 10, 2))", false),
    ("print('a' in 1)", false),
    ("print(1 in 'a')", false),
    ("print([1, 2, 3][1:], [1, 2, 3][-2:], [1, 2, 3][::-2], [1, 2, 3][5:1:-1], 'hello'[1:-1:2], (1, 2, 3)[::-1])", false),
    ("print('abc'[1.5])", false),
    ("print([1][-10**20])", false),
    ("print('abc'[10**20])", false),
    ("x = [1]\nx[10**20] = 1", false),
    ("print('x' * -1, [None] * -5, 'x' * (2**63 - 1) if 0 else 1)", false),
    ("print(' '.join([1]))", false),
    ("print(', '.join(map(str, range(5))), '-'.join('你好'), ''.join([]))", false),
];

type Specials = (Vec<(&'static str, bool)>, Vec<&'static str>);

/// SPECIALS split once into those that compile and those the compiler
/// refuses (a SyntaxError, unsupported syntax or module).
fn specials() -> &'static Specials {
    static S: OnceLock<Specials> = OnceLock::new();
    S.get_or_init(|| {
        let (mut runnable, mut refused) = (Vec::new(), Vec::new());
        for &(src, hangs) in SPECIALS {
            let compiles =
                catch_unwind(|| lockstep_python::compile(src, "special.py").is_ok()).unwrap_or(false);
            if compiles {
                runnable.push((src, hangs));
            } else {
                refused.push(src);
            }
        }
        (runnable, refused)
    })
}

// ---------------------------------------------------------------- generator

#[derive(Clone, Copy)]
enum Ty {
    Int,
    Float,
    Str,
    StrList,
    List,
    Dict,
    Bool,
}

#[derive(Clone)]
struct Func {
    name: String,
    nargs: usize,
    /// Rough work of one call (statements executed), to keep the total
    /// work of a program bounded by construction.
    cost: u64,
}

/// The most work (in rough statement executions) a generated program may
/// do when it is not labelled.
const WORK_CAP: u64 = 50_000;

/// An expression usable before `.attr`, `[i]` or `(args)`: a number
/// literal needs parentheses (`(10).real`), a negative one too.
fn primary(e: String) -> String {
    match e.chars().next() {
        Some(c) if c.is_ascii_digit() || c == '-' || c == '.' => format!("({e})"),
        _ => e,
    }
}

/// One generated program in the making.
struct Gen<'r> {
    r: &'r mut Rng,
    lines: Vec<String>,
    ind: usize,
    /// Why this program may legitimately not terminate (None: it must).
    hang: Option<&'static str>,
    /// Names an expression may read (module level, then the current scope).
    names: Vec<String>,
    /// Names bound only as loop counters: never assignment targets.
    counters: usize,
    funcs: Vec<Func>,
    classes: Vec<String>,
    cms: Vec<String>,
    loops: usize,
    blocks: usize,
    in_func: usize,
    fresh: usize,
    /// Inside a 3.11 f-string expression: no backslashes, no double quotes.
    in_fstr: bool,
    /// How many times the code being generated runs per call of the
    /// enclosing function (or per program), and the work so far.
    mult: u64,
    cost: u64,
    /// Parameters of the enclosing functions (for `nonlocal`), and names
    /// assigned at module level (for `global`).
    enclosing: Vec<Vec<String>>,
    module_names: Vec<String>,
}

impl Gen<'_> {
    fn line(&mut self, s: &str) {
        for l in s.split('\n') {
            self.lines.push(format!("{}{}", "    ".repeat(self.ind), l));
        }
    }
    fn fresh(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }
    fn var(&mut self) -> String {
        if self.names.is_empty() || self.r.one_in(40) {
            return self
                .r
                .pick(&["undefined_name", "x", "self", "e", "args"])
                .to_string();
        }
        let i = self.r.below(self.names.len());
        self.names[i].clone()
    }
    /// A name to assign to: an existing one or a fresh one.
    fn target(&mut self) -> String {
        if !self.names.is_empty() && self.r.one_in(2) {
            let i = self.r.below(self.names.len());
            return self.names[i].clone();
        }
        let n = self.fresh("v");
        self.names.push(n.clone());
        if self.in_func == 0 {
            self.module_names.push(n.clone());
        }
        n
    }

    fn atom(&mut self) -> String {
        match self.r.below(12) {
            0..=3 if !self.names.is_empty() => self.var(),
            0..=3 => self.r.pick(INTS).to_string(),
            4 | 5 => self.r.pick(INTS).to_string(),
            6 => self.r.pick(FLOATS).to_string(),
            7 | 8 => {
                if !self.in_fstr && self.r.one_in(4) {
                    self.r.pick(ESC_STRS).to_string()
                } else {
                    self.r.pick(PLAIN_STRS).to_string()
                }
            }
            9 => self
                .r
                .pick(&["None", "True", "False", "[]", "{}", "()", "set()"])
                .to_string(),
            10 => {
                let n = self.r.below(6);
                format!(
                    "[{}]",
                    (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
                )
            }
            _ => format!("range({})", self.r.pick(SMALL)),
        }
    }

    /// A small iterable whose iteration is bounded by construction.
    fn iterable(&mut self, d: usize) -> String {
        match self.r.below(10) {
            0 | 1 => format!("range({})", self.r.range(0, 6)),
            2 => format!(
                "range({}, {}, {})",
                self.r.pick(SMALL),
                self.r.range(0, 8),
                self.r.pick(&["1", "2", "-1", "3"])
            ),
            3 => format!("[{}, {}, {}]", self.expr(d), self.expr(d), self.expr(d)),
            4 => self.r.pick(PLAIN_STRS).to_string(),
            5 => format!(
                "{{{}: {}, {}: {}}}",
                self.expr(d),
                self.expr(d),
                self.expr(d),
                self.expr(d)
            ),
            6 => format!("enumerate({})", self.r.pick(PLAIN_STRS)),
            7 => format!("zip(range(3), {})", self.r.pick(PLAIN_STRS)),
            8 => {
                let v = self.fresh("g");
                format!("({v} * 2 for {v} in range({}))", self.r.range(0, 5))
            }
            // Anything at all, cut to at most 8 items (a lazy zip).
            _ => {
                let e = self.expr(d);
                format!("(p for p, _ in zip({e}, range(8)))")
            }
        }
    }

    /// A well-typed expression (it evaluates without an exception, mostly):
    /// most programs should run far, not stop at their first TypeError.
    fn typed(&mut self, ty: Ty, d: usize) -> String {
        let d = if d == 0 || self.r.one_in(3) { 0 } else { d - 1 };
        let leaf = d == 0;
        match ty {
            Ty::Int if leaf => self
                .r
                .pick(&[
                    "0",
                    "1",
                    "2",
                    "7",
                    "-3",
                    "42",
                    "255",
                    "10**20",
                    "-(2**63)",
                    "9223372036854775807",
                    "True",
                ])
                .to_string(),
            Ty::Int => match self.r.below(14) {
                0 => format!("({} + {})", self.typed(Ty::Int, d), self.typed(Ty::Int, d)),
                1 => format!("({} - {})", self.typed(Ty::Int, d), self.typed(Ty::Int, d)),
                2 => format!("({} * {})", self.typed(Ty::Int, d), self.r.pick(SMALL)),
                3 => format!(
                    "({} // {})",
                    self.typed(Ty::Int, d),
                    self.r.pick(&["1", "-1", "3", "-7", "10**10"])
                ),
                4 => format!(
                    "({} % {})",
                    self.typed(Ty::Int, d),
                    self.r.pick(&["1", "-1", "3", "-7", "2**64"])
                ),
                5 => format!(
                    "({} ** {})",
                    self.typed(Ty::Int, d),
                    self.r.pick(&["0", "1", "2", "3"])
                ),
                6 => format!(
                    "({} << {}) >> 3",
                    self.typed(Ty::Int, d),
                    self.r.pick(&["0", "1", "63", "64"])
                ),
                7 => format!(
                    "({} & {} | {} ^ {})",
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Int, d)
                ),
                8 => format!("len({})", {
                    let t = *self.r.pick(&[Ty::Str, Ty::List, Ty::Dict]);
                    self.typed(t, d)
                }),
                9 => format!("sum({})", self.typed(Ty::List, d)),
                10 => format!(
                    "max({}, {}, {})",
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Int, d)
                ),
                11 => format!("round({})", self.typed(Ty::Float, d)),
                12 => format!(
                    "int({})",
                    self.r
                        .pick(&["'42'", "' -7 '", "'1_000'", "'0'", "3.99", "-2.5", "'١٢'"])
                ),
                _ => format!(
                    "({} if {} else {})",
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Bool, d),
                    self.typed(Ty::Int, d)
                ),
            },
            Ty::Float if leaf => self
                .r
                .pick(&["0.5", "-1.25", "3.14159", "1e100", "2.0", "1e-9", "-0.0"])
                .to_string(),
            Ty::Float => match self.r.below(7) {
                0 => format!("({} + {})", self.typed(Ty::Float, d), self.typed(Ty::Float, d)),
                1 => format!("({} * {})", self.typed(Ty::Float, d), self.typed(Ty::Float, d)),
                2 => format!(
                    "({} / {})",
                    self.typed(Ty::Int, d),
                    self.r.pick(&["3", "-7", "0.5", "1e300"])
                ),
                3 => format!("float({})", self.typed(Ty::Int, d)),
                4 => format!("math.sqrt(abs({}))", self.typed(Ty::Float, d)),
                5 => format!(
                    "round({}, {})",
                    self.typed(Ty::Float, d),
                    self.r.pick(&["0", "2", "-1", "5"])
                ),
                _ => format!("(random.random() * {})", self.typed(Ty::Int, d)),
            },
            Ty::Str if leaf => self.r.pick(PLAIN_STRS).to_string(),
            Ty::Str => match self.r.below(13) {
                0 => format!("({} + {})", self.typed(Ty::Str, d), self.typed(Ty::Str, d)),
                1 => format!("({} * {})", self.typed(Ty::Str, d), self.r.pick(SMALL)),
                2 => format!("str({})", {
                    let t = *self.r.pick(&[Ty::Int, Ty::Float, Ty::List, Ty::Dict]);
                    self.typed(t, d)
                }),
                3 => format!("repr({})", {
                    let t = *self.r.pick(&[Ty::Str, Ty::Float, Ty::List]);
                    self.typed(t, d)
                }),
                4 | 5 if !self.in_fstr => {
                    self.in_fstr = true;
                    let (i, f, t) = (
                        self.typed(Ty::Int, d),
                        self.typed(Ty::Float, d),
                        self.typed(Ty::Str, d),
                    );
                    let is = *self.r.pick(&[
                        "", "d", "x", "#o", ",", "_", ">8", "<6", "^9", "+", "08d", "b", "=+10",
                    ]);
                    let fs = *self
                        .r
                        .pick(&["", ".2f", ".3e", "g", "%", ">12.1f", ",.2f", "+.0f", ".10g"]);
                    let ss = *self.r.pick(&["", ">10", "<3", "^7", "*^9", ".2"]);
                    self.in_fstr = false;
                    format!("f\"{{ {i} :{is}}} {{ {f} :{fs}}} {{ {t} !r:{ss}}}\"")
                }
                6 => format!(
                    "('%d|%5.2f|%s|%r|%x|%-4s|' % ({}, {}, {}, {}, {}, {}))",
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Float, d),
                    self.typed(Ty::Str, d),
                    self.typed(Ty::List, d),
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Str, d)
                ),
                7 => {
                    let m = *self.r.pick(&[
                        "upper()",
                        "lower()",
                        "strip()",
                        "title()",
                        "swapcase()",
                        "casefold()",
                        "lstrip('a')",
                    ]);
                    format!("{}.{m}", self.typed(Ty::Str, d))
                }
                8 => format!(
                    "{}[{}:{}:{}]",
                    self.typed(Ty::Str, d),
                    self.r.pick(SMALL),
                    self.r.pick(SMALL),
                    self.r.pick(&["1", "-1", "2", "None"])
                ),
                9 => format!("'-'.join({})", self.typed(Ty::StrList, d)),
                10 => format!(
                    "{}.replace({}, {})",
                    self.typed(Ty::Str, d),
                    self.r.pick(PLAIN_STRS),
                    self.r.pick(PLAIN_STRS)
                ),
                11 => format!(
                    "'{{}}:{{!r}}'.format({}, {})",
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Str, d)
                ),
                _ => format!(
                    "{}.center({}, '*')",
                    self.typed(Ty::Str, d),
                    self.r.pick(&["0", "5", "11"])
                ),
            },
            Ty::StrList => match self.r.below(3) {
                0 => format!("[{}, {}]", self.typed(Ty::Str, d), self.typed(Ty::Str, d)),
                1 => format!("{}.split()", self.typed(Ty::Str, d)),
                _ => format!("[str(v) for v in {}]", self.typed(Ty::List, d)),
            },
            Ty::List if leaf => self
                .r
                .pick(&["[]", "[1, 2, 3]", "[-5, 10**30, 0]", "list(range(5))"])
                .to_string(),
            Ty::List => match self.r.below(7) {
                0 => format!("[{}, {}]", self.typed(Ty::Int, d), self.typed(Ty::Int, d)),
                1 => format!("({} + {})", self.typed(Ty::List, d), self.typed(Ty::List, d)),
                2 => format!(
                    "sorted({}, reverse={})",
                    self.typed(Ty::List, d),
                    self.r.pick(&["True", "False"])
                ),
                3 => format!("{}[::-1]", self.typed(Ty::List, d)),
                4 => format!("[v * 2 for v in {} if v % 3]", self.typed(Ty::List, d)),
                5 => format!("list(range({}))", self.r.range(0, 9)),
                _ => format!("sorted({}, key=lambda v: (v % 3, -v))", self.typed(Ty::List, d)),
            },
            Ty::Dict if leaf => self.r.pick(&["{}", "{'a': 1}", "{1: 2, 3: 4}"]).to_string(),
            Ty::Dict => match self.r.below(3) {
                0 => format!("{{{}: {}}}", self.typed(Ty::Str, d), self.typed(Ty::Int, d)),
                1 => format!("{{v: v * v for v in {}}}", self.typed(Ty::List, d)),
                _ => format!(
                    "dict(zip({}, {}))",
                    self.typed(Ty::StrList, d),
                    self.typed(Ty::List, d)
                ),
            },
            Ty::Bool => match self.r.below(4) {
                0 => format!(
                    "({} < {} <= {})",
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Int, d),
                    self.typed(Ty::Int, d)
                ),
                1 => format!("({} in {})", self.typed(Ty::Str, d), self.typed(Ty::Str, d)),
                2 => format!("({} == {})", self.typed(Ty::List, d), self.typed(Ty::List, d)),
                _ => format!("(not {} or {})", self.typed(Ty::Bool, 0), self.typed(Ty::Int, d)),
            },
        }
    }

    fn expr(&mut self, d: usize) -> String {
        if d > 0 && self.r.one_in(3) {
            let ty = *self
                .r
                .pick(&[Ty::Int, Ty::Float, Ty::Str, Ty::Str, Ty::List, Ty::Dict, Ty::Bool]);
            return self.typed(ty, d);
        }
        if d == 0 || self.r.one_in(4) {
            return self.atom();
        }
        let d = d - 1;
        match self.r.below(34) {
            0..=3 => {
                let op = *self.r.pick(BINOPS);
                let a = self.expr(d);
                let b = match op {
                    // Keep the work bounded: big exponents and shifts are
                    // SPECIALS' business.
                    "**" => self
                        .r
                        .pick(&["0", "1", "2", "3", "5", "-1", "-2", "0.5", "10", "-0.5"])
                        .to_string(),
                    "<<" => self
                        .r
                        .pick(&["0", "1", "3", "10", "63", "64", "100", "-1"])
                        .to_string(),
                    _ => self.expr(d),
                };
                format!("({a} {op} {b})")
            }
            4 => {
                let op = self.r.pick(&["-", "+", "~", "not "]).to_string();
                format!("({op}{})", self.expr(d))
            }
            5 | 6 => {
                let n = self.r.range(1, 3);
                let mut s = format!("({}", self.expr(d));
                for _ in 0..n {
                    let op = *self.r.pick(CMPOPS);
                    let _ = write!(s, " {op} {}", self.expr(d));
                }
                s.push(')');
                s
            }
            7 => {
                let op = self.r.pick(&["and", "or"]).to_string();
                format!("({} {op} {})", self.expr(d), self.expr(d))
            }
            8 => format!("({} if {} else {})", self.expr(d), self.expr(d), self.expr(d)),
            9 => {
                let n = self.r.below(4);
                let mut items: Vec<String> = (0..n).map(|_| self.expr(d)).collect();
                if self.r.one_in(5) {
                    items.push(format!("*{}", self.expr(d)));
                }
                match self.r.below(3) {
                    0 => format!("[{}]", items.join(", ")),
                    1 if items.is_empty() => "()".into(),
                    1 => format!("({},)", items.join(", ")),
                    _ if items.is_empty() => "set()".into(),
                    _ => format!("{{{}}}", items.join(", ")),
                }
            }
            10 => {
                let n = self.r.below(4);
                let mut items: Vec<String> = (0..n)
                    .map(|_| format!("{}: {}", self.expr(d), self.expr(d)))
                    .collect();
                if self.r.one_in(5) {
                    items.push(format!("**{}", self.expr(d)));
                }
                format!("{{{}}}", items.join(", "))
            }
            11 | 12 => self.comprehension(d),
            13 => self.lambda(d),
            14 | 15 => {
                let f = *self.r.pick(BUILTINS1);
                let a = self.expr(d);
                if f == "sorted" && self.r.one_in(2) {
                    let k = self.lambda_body("k", d);
                    return format!(
                        "sorted({a}, key=lambda k: {k}, reverse={})",
                        self.r.pick(&["True", "False"])
                    );
                }
                format!("{f}({a})")
            }
            16 => {
                let f = *self.r.pick(BUILTINS2);
                format!("{f}({}, {})", self.expr(d), self.expr(d))
            }
            17 | 18 => {
                let (m, n) = *self.r.pick(METHODS);
                let recv = self.expr(d);
                let recv = primary(recv);
                let args: Vec<String> = (0..n).map(|_| self.expr(d)).collect();
                format!("{recv}.{m}({})", args.join(", "))
            }
            19 => format!("{}[{}]", primary(self.expr(d)), self.expr(d)),
            20 => {
                let parts: Vec<String> = (0..3)
                    .map(|_| {
                        if self.r.one_in(3) {
                            String::new()
                        } else {
                            self.expr(d)
                        }
                    })
                    .collect();
                format!(
                    "{}[{}:{}:{}]",
                    primary(self.expr(d)),
                    parts[0],
                    parts[1],
                    parts[2]
                )
            }
            21 => {
                let attr = *self.r.pick(&[
                    "x",
                    "tag",
                    "real",
                    "imag",
                    "__class__",
                    "__name__",
                    "args",
                    "attr",
                    "upper",
                ]);
                format!("{}.{attr}", primary(self.expr(d)))
            }
            22 | 23 if !self.in_fstr => self.fstring(d),
            22 | 23 => self.atom(),
            24 => self.percent(d),
            25 => {
                let fmt = *self.r.pick(&[
                    "'{} {}'",
                    "'{0} {1} {0}'",
                    "'{!r:>6}|{}'",
                    "'{:^9}{:,}'",
                    "'{a}{b}'",
                    "'{:{}}'",
                    "'{0[0]}{1}'",
                    "'你{}好{}'",
                ]);
                if fmt.contains("{a}") {
                    format!("{fmt}.format(a={}, b={})", self.expr(d), self.expr(d))
                } else {
                    format!("{fmt}.format({}, {})", self.expr(d), self.expr(d))
                }
            }
            26 if !self.funcs.is_empty() => {
                let f = self.r.pick(&self.funcs).clone();
                let add = self.mult.saturating_mul(f.cost);
                if self.cost.saturating_add(add) > WORK_CAP {
                    return self.atom();
                }
                self.cost += add;
                let mut args: Vec<String> = (0..f.nargs).map(|_| self.expr(d)).collect();
                if self.r.one_in(6) {
                    args.push(self.expr(d));
                }
                if self.r.one_in(8) {
                    args.push(format!("kw={}", self.expr(d)));
                }
                format!("{}({})", f.name, args.join(", "))
            }
            27 if !self.classes.is_empty() => {
                let c = self.r.pick(&self.classes).clone();
                let n = self.r.below(3);
                let args: Vec<String> = (0..n).map(|_| self.expr(d)).collect();
                format!("{c}({})", args.join(", "))
            }
            28 => {
                let m = *self.r.pick(MODULE_EXPRS);
                let x = self.expr(d);
                let y = self.r.pick(SMALL).to_string();
                format!("({})", m.replace('X', &x).replace('Y', &y))
            }
            29 if !self.in_fstr => {
                let v = self.fresh("w");
                let e = self.expr(d);
                self.names.push(v.clone());
                format!("({v} := {e})")
            }
            30 => format!("{}({})", primary(self.expr(d)), self.expr(d)),
            31 => format!(
                "{}.{}",
                primary(self.expr(d)),
                self.r.pick(&["append", "keys", "get", "upper", "x"])
            ),
            _ => self.atom(),
        }
    }

    fn lambda_body(&mut self, param: &str, d: usize) -> String {
        self.names.push(param.to_string());
        let b = self.expr(d);
        self.names.pop();
        b
    }

    fn lambda(&mut self, d: usize) -> String {
        let params = *self
            .r
            .pick(&["", "a", "a, b=1", "*a", "a, *r, **k", "**k", "a=[]"]);
        for p in ["a", "b", "r", "k"] {
            if params.contains(p) {
                self.names.push(p.to_string());
            }
        }
        let body = self.expr(d);
        for p in ["a", "b", "r", "k"] {
            if params.contains(p) {
                self.names.pop();
            }
        }
        let n = self.r.below(3);
        let args: Vec<String> = (0..n).map(|_| self.expr(d)).collect();
        format!("(lambda {params}: {body})({})", args.join(", "))
    }

    fn comprehension(&mut self, d: usize) -> String {
        let v = self.fresh("c");
        let it = self.iterable(d);
        let saved_mult = self.mult;
        self.mult = self.mult.saturating_mul(32);
        self.names.push(v.clone());
        let e = self.expr(d);
        let cond = if self.r.one_in(3) {
            format!(" if {}", self.expr(d))
        } else {
            String::new()
        };
        let inner = if self.r.one_in(5) {
            let w = self.fresh("c");
            let s = format!(" for {w} in range({})", self.r.range(0, 4));
            self.names.push(w);
            s
        } else {
            String::new()
        };
        let e2 = self.expr(d);
        self.mult = saved_mult;
        self.names
            .truncate(self.names.len() - if inner.is_empty() { 1 } else { 2 });
        match self.r.below(6) {
            0 | 1 => format!("[{e} for {v} in {it}{cond}{inner}]"),
            2 => format!("{{{e}: {e2} for {v} in {it}{cond}}}"),
            3 => format!("{{{e} for {v} in {it}{cond}}}"),
            _ => {
                let f = *self.r.pick(&[
                    "sum", "list", "tuple", "any", "all", "max", "min", "sorted", "set", "''.join",
                ]);
                format!("{f}({e} for {v} in {it}{cond}{inner})")
            }
        }
    }

    fn fstring(&mut self, d: usize) -> String {
        self.in_fstr = true;
        let mut s = String::from("f\"");
        for _ in 0..self.r.range(1, 3) {
            if self.r.one_in(2) {
                s.push_str(self.r.pick(&["x=", " ", "你好 ", "{{", "}}", "%d", "😀", ":"]));
            }
            let e = self.expr(d);
            let conv = *self.r.pick(&["", "", "", "!r", "!s", "!a"]);
            let spec = if self.r.one_in(2) {
                format!(":{}", self.r.pick(SPECS))
            } else if self.r.one_in(6) {
                format!(":{{ {} }}", self.expr(0))
            } else {
                String::new()
            };
            let _ = write!(s, "{{ {e} {conv}{spec}}}");
        }
        s.push('"');
        self.in_fstr = false;
        s
    }

    fn percent(&mut self, d: usize) -> String {
        let fmt = *self.r.pick(&[
            "'%s'",
            "'%d'",
            "'%r'",
            "'%f'",
            "'%0.2f'",
            "'%5d'",
            "'%x'",
            "'%-5s|'",
            "'%s %s'",
            "'%d%%'",
            "'%c'",
            "'%e'",
            "'%g'",
            "'%o'",
            "'%5.1f%%'",
            "'%(k)s'",
            "'%+05d'",
            "'%#x'",
            "'%.3s'",
            "'你%s好'",
        ]);
        let arg = match self.r.below(3) {
            0 => self.expr(d),
            1 => format!("({}, {})", self.expr(d), self.expr(d)),
            _ => format!("{{'k': {}}}", self.expr(d)),
        };
        format!("({fmt} % {arg})")
    }

    // ------------------------------------------------------------ statements

    fn block(&mut self, header: &str, n: usize) {
        self.line(header);
        self.ind += 1;
        self.blocks += 1;
        let before = self.lines.len();
        for _ in 0..n {
            self.stmt();
        }
        if self.lines.len() == before {
            self.line("pass");
        }
        self.blocks -= 1;
        self.ind -= 1;
    }

    fn body_len(&mut self) -> usize {
        self.r.range(1, 3)
    }

    fn stmt(&mut self) {
        self.cost = self.cost.saturating_add(self.mult);
        // Compound statements only while the work stays bounded.
        let deep = self.blocks >= 3 || self.cost.saturating_add(self.mult.saturating_mul(64)) > WORK_CAP;
        // Snippets that do much work once run at top level only.
        let top = self.in_func == 0 && self.mult == 1;
        let e = |g: &mut Self| g.expr(3);
        match self.r.below(if deep { 20 } else { 40 }) {
            0..=3 => {
                let t = self.target();
                let v = e(self);
                self.line(&format!("{t} = {v}"));
            }
            4 => {
                let t = self.target();
                let op = *self.r.pick(AUGOPS);
                let v = if op == "**=" || op == "<<=" {
                    self.r.pick(SMALL).to_string()
                } else {
                    e(self)
                };
                self.line(&format!("{t} {op} {v}"));
            }
            5 => {
                let (a, b) = (self.target(), self.target());
                let rhs = match self.r.below(4) {
                    0 => format!("{}, {}", e(self), e(self)),
                    1 => format!("{b}, {a}"),
                    _ => e(self),
                };
                let lhs = *self.r.pick(&[
                    "{A}, {B}",
                    "{A}, *{B}",
                    "*{A}, {B}",
                    "[{A}, {B}]",
                    "({A}, {B})",
                    "{A} = {B}",
                ]);
                let lhs = lhs.replace("{A}", &a).replace("{B}", &b);
                self.line(&format!("{lhs} = {rhs}"));
            }
            6 => {
                let (t, i, v) = (self.var(), e(self), e(self));
                let form = *self.r.pick(&[
                    "{T}[{I}] = {V}",
                    "{T}[{I}:] = {V}",
                    "{T}[::{I}] = {V}",
                    "{T}.x = {V}",
                    "{T}.attr = {V}",
                ]);
                self.line(&form.replace("{T}", &t).replace("{I}", &i).replace("{V}", &v));
            }
            7..=9 => {
                let n = self.r.range(1, 3);
                let args: Vec<String> = (0..n).map(|_| e(self)).collect();
                let tail = *self.r.pick(&[
                    "",
                    "",
                    "",
                    ", sep='|'",
                    ", end=''",
                    ", sep='', end='\\n'",
                    ", file=sys.stderr",
                    ", flush=True",
                ]);
                self.line(&format!("print({}{tail})", args.join(", ")));
            }
            10 => {
                let v = e(self);
                self.line(&v);
            }
            11 if top => self.special(),
            12 => {
                let v = self.var();
                let form = *self.r.pick(&[
                    "del {V}",
                    "del {V}[0]",
                    "del {V}[1:]",
                    "del {V}.x",
                    "del {V}, {V}",
                ]);
                self.line(&form.replace("{V}", &v));
                // A deleted name may be read again: a NameError is fine.
            }
            13 => {
                let (c, m) = (e(self), e(self));
                self.line(&format!("assert {c}, {m}"));
            }
            14 => {
                let x = *self.r.pick(EXC_NAMES);
                let form = *self.r.pick(&[
                    "raise {X}",
                    "raise {X}({E})",
                    "raise {X}({E}) from None",
                    "raise {X} from {Y}",
                    "raise",
                ]);
                let v = e(self);
                let y = *self.r.pick(EXC_NAMES);
                self.line(&form.replace("{X}", x).replace("{E}", &v).replace("{Y}", y));
            }
            15 if self.loops > 0 => {
                let kw = *self.r.pick(&["break", "continue"]);
                let c = e(self);
                self.line(&format!("if {c}:"));
                self.ind += 1;
                self.line(kw);
                self.ind -= 1;
            }
            16 if self.in_func > 0 => {
                let v = e(self);
                self.line(&format!("return {v}"));
            }
            17 => {
                let m = *self.r.pick(&[
                    "sys",
                    "math",
                    "random",
                    "time",
                    "threading",
                    "os",
                    "json",
                    "collections",
                    "math.nothing",
                ]);
                let supported = matches!(m, "sys" | "math" | "random" | "time");
                // An unsupported import refuses the whole program: rarely.
                if !supported && !self.r.one_in(30) || self.r.one_in(2) {
                    self.line("try:");
                    self.ind += 1;
                    self.line(&format!("import {m}"));
                    self.ind -= 1;
                    self.line("except ImportError as ie:");
                    self.ind += 1;
                    self.line("print('no', ie)");
                    self.ind -= 1;
                } else {
                    self.line(&format!("import {m}"));
                }
            }
            18 => self.line("pass"),
            19 => {
                let v = e(self);
                self.line(&format!("random.seed({v})"));
            }
            // Compound statements.
            20..=23 => self.if_stmt(),
            24..=26 => self.for_stmt(),
            27 | 28 => self.while_stmt(),
            29 | 30 => self.try_stmt(),
            31 => self.with_stmt(),
            32 | 33 if self.in_func < 2 => self.def_stmt(),
            34 if self.in_func == 0 && self.blocks == 0 => self.class_stmt(),
            35 if top && self.r.one_in(4) => self.deep_syntax(),
            36 if top => self.mutate_while_iterating(),
            37 if top => self.recursion(),
            _ => {
                let v = e(self);
                let t = self.target();
                self.line(&format!("{t} = {v}"));
            }
        }
    }

    fn special(&mut self) {
        let (runnable, refused) = specials();
        // One the compiler refuses refuses the whole program: rarely.
        let (src, hangs) = if self.r.one_in(25) && !refused.is_empty() {
            (*self.r.pick(refused), false)
        } else {
            *self.r.pick(runnable)
        };
        if hangs {
            self.hang = Some("a special snippet that may not terminate");
        }
        // Wrap in a try so that the program goes on after it (sometimes).
        if self.r.one_in(2) {
            self.line("try:");
            self.ind += 1;
            self.line(src);
            self.ind -= 1;
            let x = *self.r.pick(&[
                "Exception",
                "BaseException",
                "RecursionError",
                "MemoryError",
                "ValueError",
            ]);
            self.line(&format!("except {x} as ex:"));
            self.ind += 1;
            self.line("print(type(ex).__name__, str(ex)[:60])");
            self.ind -= 1;
        } else {
            self.line(src);
        }
    }

    fn if_stmt(&mut self) {
        let c = self.expr(3);
        let n = self.body_len();
        self.block(&format!("if {c}:"), n);
        for _ in 0..self.r.below(3) {
            let c = self.expr(2);
            let n = self.body_len();
            self.block(&format!("elif {c}:"), n);
        }
        if self.r.one_in(2) {
            let n = self.body_len();
            self.block("else:", n);
        }
    }

    fn for_stmt(&mut self) {
        let it = self.iterable(2);
        let v = self.fresh("i");
        let target = match self.r.below(5) {
            0 => {
                let w = self.fresh("j");
                self.names.push(w.clone());
                format!("{v}, {w}")
            }
            _ => v.clone(),
        };
        self.names.push(v);
        self.loops += 1;
        let n = self.body_len();
        let saved_mult = self.mult;
        self.mult = self.mult.saturating_mul(8);
        self.block(&format!("for {target} in {it}:"), n);
        self.mult = saved_mult;
        self.loops -= 1;
        if self.r.one_in(4) {
            let n = self.body_len();
            self.block("else:", n);
        }
    }

    fn while_stmt(&mut self) {
        let w = self.fresh("n");
        let k = self.r.range(0, 6);
        self.line(&format!("{w} = 0"));
        self.loops += 1;
        if self.r.one_in(2) {
            self.line(&format!("while {w} < {k}:"));
            self.ind += 1;
            self.line(&format!("{w} += 1"));
        } else {
            self.line("while True:");
            self.ind += 1;
            self.line(&format!("{w} += 1"));
            self.line(&format!("if {w} > {k}:"));
            self.line("    break");
        }
        self.blocks += 1;
        let saved_mult = self.mult;
        self.mult = self.mult.saturating_mul(k as u64 + 1);
        for _ in 0..self.body_len() {
            self.stmt();
        }
        self.mult = saved_mult;
        self.blocks -= 1;
        self.ind -= 1;
        self.loops -= 1;
        if self.r.one_in(4) {
            let n = self.body_len();
            self.block("else:", n);
        }
        self.counters += 1;
    }

    fn try_stmt(&mut self) {
        let n = self.body_len();
        self.block("try:", n);
        let handlers = self.r.below(3);
        let finally = handlers == 0 || self.r.one_in(2);
        for _ in 0..handlers {
            let h = match self.r.below(4) {
                0 => "except:".to_string(),
                1 => format!("except {}:", self.r.pick(EXC_NAMES)),
                2 => format!(
                    "except ({}, {}) as e:",
                    self.r.pick(EXC_NAMES),
                    self.r.pick(EXC_NAMES)
                ),
                _ => format!("except {} as e:", self.r.pick(EXC_NAMES)),
            };
            self.names.push("e".into());
            let n = self.body_len();
            self.block(&h, n);
            self.names.pop();
        }
        if handlers > 0 && self.r.one_in(3) {
            let n = self.body_len();
            self.block("else:", n);
        }
        if finally {
            self.line("finally:");
            self.ind += 1;
            self.blocks += 1;
            match self.r.below(6) {
                0 => {
                    let v = self.expr(2);
                    self.line(&format!("raise ValueError({v})"));
                }
                1 if self.in_func > 0 => self.line("return 'from finally'"),
                2 if self.loops > 0 => {
                    let kw = *self.r.pick(&["break", "continue"]);
                    self.line(kw);
                }
                _ => {
                    for _ in 0..self.body_len() {
                        self.stmt();
                    }
                    self.line("pass");
                }
            }
            self.blocks -= 1;
            self.ind -= 1;
        }
    }

    fn cm_class(&mut self) -> String {
        let c = self.fresh("CM");
        self.line(&format!("class {c}:"));
        self.ind += 1;
        self.line("def __init__(self, tag=0):\n    self.tag = tag");
        let enter = *self.r.pick(&[
            "return self",
            "return self.tag",
            "raise ValueError('enter')",
            "print('enter', self.tag)\nreturn self",
            "return None",
        ]);
        self.line(&format!(
            "def __enter__(self):\n    {}",
            enter.replace('\n', "\n    ")
        ));
        let exit = *self.r.pick(&[
            "return True",
            "return False",
            "print('exit', et.__name__ if et else None)",
            "raise KeyError('exit')",
            "return et is ValueError",
            "return 1 / 0",
        ]);
        self.line(&format!("def __exit__(self, et, ev, tb):\n    {exit}"));
        self.ind -= 1;
        self.cms.push(c.clone());
        c
    }

    fn with_stmt(&mut self) {
        let c = if self.cms.is_empty() || self.r.one_in(3) {
            self.cm_class()
        } else {
            self.r.pick(&self.cms).clone()
        };
        let v = self.fresh("m");
        let mut header = format!("with {c}({}) as {v}", self.expr(1));
        if self.r.one_in(3) {
            let _ = write!(header, ", {c}() as {v}b");
        }
        if self.r.one_in(10) {
            header = format!("with {}", self.expr(2));
        }
        header.push(':');
        self.names.push(v);
        let n = self.body_len();
        self.block(&header, n);
    }

    fn def_stmt(&mut self) {
        let name = self.fresh("f");
        let (params, nargs, bound): (String, usize, Vec<&str>) = match self.r.below(8) {
            0 => (String::new(), 0, vec![]),
            1 => ("a".into(), 1, vec!["a"]),
            2 => (format!("a, b={}", self.expr(1)), 1, vec!["a", "b"]),
            3 => ("*args".into(), 0, vec!["args"]),
            4 => ("a, *args, **kw".into(), 1, vec!["a", "args", "kw"]),
            5 => (format!("a, b, *, c={}", self.expr(1)), 2, vec!["a", "b", "c"]),
            6 => ("a=[]".into(), 0, vec!["a"]),
            _ => ("a, /, b=2, **kw".into(), 1, vec!["a", "b", "kw"]),
        };
        self.line(&format!("def {name}({params}):"));
        self.ind += 1;
        // global / nonlocal first in the body (a use before them is a
        // SyntaxError that would refuse the whole program).
        if self.r.one_in(3) {
            if let Some(outer) = self.enclosing.last().cloned() {
                if let Some(p) = outer.iter().find(|p| !bound.contains(&p.as_str())) {
                    self.line(&format!("nonlocal {p}"));
                }
            } else if let Some(g) = self
                .module_names
                .iter()
                .find(|g| !bound.contains(&g.as_str()))
                .cloned()
            {
                self.line(&format!("global {g}"));
            }
        }
        let saved_names = self.names.clone();
        let saved_loops = self.loops;
        self.loops = 0;
        self.in_func += 1;
        let saved_blocks = self.blocks;
        self.blocks = 0;
        let (saved_mult, saved_cost) = (self.mult, self.cost);
        self.mult = 1;
        self.cost = 1;
        self.names.extend(bound.iter().map(|s| s.to_string()));
        self.enclosing.push(bound.iter().map(|s| s.to_string()).collect());
        for _ in 0..self.r.range(1, 4) {
            self.stmt();
        }
        let v = self.expr(3);
        self.line(&format!("return {v}"));
        let cost = self.cost;
        self.enclosing.pop();
        self.mult = saved_mult;
        self.cost = saved_cost;
        self.blocks = saved_blocks;
        self.in_func -= 1;
        self.loops = saved_loops;
        self.names = saved_names;
        self.ind -= 1;
        // Defined after its body: no function calls itself unless on purpose.
        self.funcs.push(Func {
            name: name.clone(),
            nargs,
            cost,
        });
        if self.r.one_in(2) && self.cost.saturating_add(self.mult.saturating_mul(cost)) <= WORK_CAP {
            self.cost += self.mult.saturating_mul(cost);
            let args: Vec<String> = (0..nargs).map(|_| self.expr(2)).collect();
            self.line(&format!("print({name}({}))", args.join(", ")));
        }
    }

    fn class_stmt(&mut self) {
        let name = self.fresh("C");
        let base = if self.r.one_in(3) {
            if !self.classes.is_empty() && self.r.one_in(2) {
                format!("({})", self.r.pick(&self.classes))
            } else {
                format!(
                    "({})",
                    self.r.pick(&[
                        "object",
                        "Exception",
                        "ValueError",
                        "int",
                        "list",
                        "dict",
                        "KeyError"
                    ])
                )
            }
        } else {
            String::new()
        };
        self.line(&format!("class {name}{base}:"));
        self.ind += 1;
        self.in_func += 1;
        let saved = self.names.clone();
        let a = self.expr(2);
        self.line(&format!("attr = {a}"));
        // __init__
        let dflt = self.expr(1);
        self.line(&format!("def __init__(self, x={dflt}, *rest):"));
        self.ind += 1;
        if !base.is_empty() && self.r.one_in(2) {
            self.line("super().__init__()");
        }
        self.line("self.x = x");
        if self.r.one_in(6) {
            self.line("if rest:\n    raise ValueError('init', rest)");
        }
        self.ind -= 1;
        self.names = vec!["self".into(), "other".into()];
        self.names.extend(saved.iter().cloned());
        let dunders: &[(&str, &[&str])] = &[
            (
                "__repr__(self)",
                &[
                    "return f'{NAME}({self.x!r})'",
                    "return repr(self.x) + '你'",
                    "return 1",
                    "raise ValueError('repr')",
                    "return repr(self)",
                    "return str([self.x, self.x])",
                ],
            ),
            (
                "__str__(self)",
                &["return 'str:' + str(self.x)", "return str(self)", "return None"],
            ),
            (
                "__eq__(self, other)",
                &[
                    "return self.x == getattr(other, 'x', other)",
                    "return NotImplemented",
                    "raise TypeError('eq')",
                    "return self == other",
                    "return 1 / 0",
                    "return [self]",
                ],
            ),
            (
                "__hash__(self)",
                &[
                    "return hash(self.x)",
                    "return 7",
                    "return 'x'",
                    "return hash(self)",
                    "raise KeyError('h')",
                    "return 2**80",
                    "return -1",
                ],
            ),
            (
                "__lt__(self, other)",
                &[
                    "return str(self.x) < str(getattr(other, 'x', other))",
                    "return sorted([self, other]) and True",
                    "raise ValueError('lt')",
                    "return NotImplemented",
                    "return self.x < other",
                ],
            ),
            (
                "__len__(self)",
                &[
                    "return 3",
                    "return -1",
                    "return len(self)",
                    "return 2**70",
                    "return 'x'",
                ],
            ),
            (
                "__bool__(self)",
                &["return False", "return 1", "return bool(self)"],
            ),
            (
                "__add__(self, other)",
                &[
                    "return NAME(self.x + getattr(other, 'x', other))",
                    "return NotImplemented",
                    "return self + other",
                ],
            ),
            (
                "__iter__(self)",
                &["return iter([self.x, 1])", "return self", "return 1"],
            ),
            (
                // Never `return i`: old-style iteration would never end.
                "__getitem__(self, i)",
                &["return [1, 2, 3][i]", "return self.x[i]", "raise IndexError(i)"],
            ),
            ("__contains__(self, o)", &["return True", "return o in self"]),
            ("__call__(self, *a)", &["return a", "return self(*a)"]),
            ("__enter__(self)", &["return self"]),
            ("__exit__(self, *a)", &["return True", "return False"]),
            (
                "method(self, y=1)",
                &[
                    "return self.x * y",
                    "return self.method(y)",
                    "return [self.x] * y",
                ],
            ),
        ];
        for _ in 0..self.r.range(1, 5) {
            let (sig, bodies) = *self.r.pick(dunders);
            let body = self.r.pick(bodies).replace("NAME", &name);
            self.line(&format!("def {sig}:\n    {body}"));
        }
        if self.r.one_in(3) {
            self.line("def helper(self):");
            self.ind += 1;
            self.names.push("self".into());
            for _ in 0..self.body_len() {
                self.stmt();
            }
            self.line("return self.x");
            self.ind -= 1;
        }
        self.names = saved;
        self.in_func -= 1;
        self.ind -= 1;
        self.classes.push(name.clone());
        // Exercise the dunders.
        let o = self.fresh("o");
        let a1 = self.expr(1);
        self.line("try:");
        self.ind += 1;
        self.line(&format!("{o} = {name}({a1})"));
        let uses = *self.r.pick(&[
            "print(repr(O), str(O), O == O, O != 1)",
            "print(sorted([O, O, {N}(2)]) is not None)",
            "print(len({O: 1, {N}(): 2}), O in [1, O], O in {O})",
            "print(bool(O), len(O))",
            "print(O + O, O + 1)",
            "print(list(O)[:3], O[0], 1 in O)",
            "print(O(), O.method(2), O.helper())",
            "print(f'{O} {O!r:>20}', '%s %r' % (O, O))",
            "print(max([O, O]), min(O, O), {N}.attr)",
            "with O as q:\n    print(q)",
            "print([O] == [O], (O,) < (O,), {1: O} == {1: O})",
        ]);
        self.line(&uses.replace('O', &o).replace("{N}", &name));
        self.ind -= 1;
        self.line("except Exception as ex:");
        self.line("    print('caught', type(ex).__name__)");
        self.names.push(o);
    }

    /// Syntax nested deeply: the parser's and compiler's recursion at and
    /// past the nesting bound (200), with one kind of bracket or prefix.
    fn deep_syntax(&mut self) {
        let n = *self
            .r
            .pick(&[5usize, 20, 50, 60, 100, 150, 199, 200, 201, 300, 1000, 5000]);
        let (open, close) = *self.r.pick(&[
            ("(", ")"),
            ("[", "]"),
            ("{1: ", "}"),
            ("{", "}"),
            ("str(", ")"),
            ("len([", "])"),
            ("(lambda: ", ")()"),
            ("[0, ", "][1]"),
            ("(1, ", ")[1]"),
            ("-", ""),
            ("not ", ""),
            ("~(", ")"),
            ("await ", ""),
            ("lambda: ", ""),
            ("f'{", "}'"),
            ("1 if ", " else 2"),
            ("[c for c in ", "]"),
            ("*", ""),
        ]);
        let v = self.fresh("deep");
        self.line(&format!("{v} = {}1{}", open.repeat(n), close.repeat(n)));
        self.line(&format!("print(repr({v})[:20])"));
    }

    fn mutate_while_iterating(&mut self) {
        let forms: &[(&str, bool)] = &[
            ("l = [1, 2, 3]\nfor x in l:\n    l.remove(x)\nprint(l)", false),
            (
                "l = [1, 2, 3]\nfor x in l:\n    if len(l) < 50:\n        l.append(x)\nprint(len(l))",
                false,
            ),
            ("l = [1, 2, 3]\nfor x in l:\n    l.insert(0, x)", true),
            ("l = [1, 2, 3]\nfor x in l:\n    del l[0]\nprint(l)", false),
            ("l = [1, 2, 3]\nfor x in l:\n    l.clear()\nprint(l)", false),
            ("l = [1, 2, 3]\nfor x in l:\n    l[:] = l[1:]\nprint(l)", false),
            (
                "l = list(range(8))\nfor x in reversed(l):\n    l.pop()\nprint(l)",
                false,
            ),
            (
                "l = list(range(8))\nfor i, x in enumerate(l):\n    l.sort(reverse=True)\nprint(l)",
                false,
            ),
            ("d = {1: 1, 2: 2}\nfor k in d:\n    d[k + 10] = 1", false),
            ("d = {1: 1, 2: 2}\nfor k in d.keys():\n    del d[k]", false),
            (
                "d = {1: 1, 2: 2}\nfor v in d.values():\n    d.pop(1, None)",
                false,
            ),
            ("d = {1: 1}\nfor k in d:\n    d.pop(k)\n    d[k + 1] = 1", false),
            (
                "d = {1: 1, 2: 2}\nfor k in list(d):\n    del d[k]\nprint(d)",
                false,
            ),
            ("s = {1, 2, 3}\nfor x in s:\n    s.add(x * 10)", false),
            ("s = {1, 2, 3}\nfor x in s:\n    s.remove(x)", false),
            ("s = 'abc'\nfor c in s:\n    s += c\nprint(s)", false),
            (
                "l = [[1], [2]]\nfor x in l:\n    x.append(x)\nprint(len(l), l[0][0])",
                false,
            ),
        ];
        let (src, hangs) = *self.r.pick(forms);
        if hangs {
            self.hang = Some("a list grown while iterated");
        }
        self.line("try:");
        self.ind += 1;
        self.line(src);
        self.ind -= 1;
        self.line("except RuntimeError as ex:\n    print('mutated', ex)");
    }

    fn recursion(&mut self) {
        let f = self.fresh("r");
        let mut callable = true;
        // The exponential (labelled) form rarely: a labelled program checks
        // nothing but the abort.
        let k = match self.r.below(30) {
            0 => 5,
            k => k % 5,
        };
        match k {
            0 => {
                let n = *self.r.pick(&["5", "50", "500", "990", "1000", "5000", "-3"]);
                self.line(&format!(
                    "def {f}(n):\n    if n <= 0:\n        return 0\n    return n + {f}(n - 1)\ntry:\n    print({f}({n}))\nexcept RecursionError as ex:\n    print('deep', ex)"
                ));
            }
            1 => self.line(&format!("def {f}(n):\n    return {f}(n + 1)\n{f}(0)")),
            2 => self.line(&format!(
                "def {f}(n, acc=[]):\n    acc.append(n)\n    return {f}(n + 1, acc) if n < 3000 else len(acc)\ntry:\n    print({f}(0))\nexcept RecursionError:\n    print('recursion')"
            )),
            3 => {
                // Exponential: never called again with other arguments.
                callable = false;
                let n = self.r.range(0, 16);
                self.line(&format!(
                    "def {f}(n):\n    return n if n < 2 else {f}(n - 1) + {f}(n - 2)\nprint({f}({n}))"
                ));
            }
            4 => self.line(&format!(
                "def {f}(n):\n    try:\n        return {f}(n + 1)\n    except RecursionError:\n        return -n\nprint({f}(0) < 0)"
            )),
            _ => {
                // Unbounded and catching RecursionError at every level: exponential.
                callable = false;
                self.hang = Some("recursion that retries after RecursionError");
                self.line(&format!(
                    "def {f}(n):\n    try:\n        {f}(n + 1)\n    except RecursionError:\n        {f}(n + 1)\n{f}(0)"
                ));
            }
        }
        if callable {
            self.funcs.push(Func {
                name: f,
                nargs: 1,
                cost: 3000,
            });
        }
    }
}

/// A generated program and why it may not terminate, if it may not.
fn generate(r: &mut Rng) -> (String, Option<&'static str>) {
    let mut g = Gen {
        r,
        lines: Vec::new(),
        ind: 0,
        hang: None,
        names: Vec::new(),
        counters: 0,
        funcs: Vec::new(),
        classes: Vec::new(),
        cms: Vec::new(),
        loops: 0,
        blocks: 0,
        in_func: 0,
        fresh: 0,
        in_fstr: false,
        mult: 1,
        cost: 0,
        enclosing: Vec::new(),
        module_names: Vec::new(),
    };
    if !g.r.one_in(5) {
        g.line("import sys, math, random, time");
    }
    if g.r.one_in(3) {
        let s = g.r.below(1000);
        g.line(&format!("random.seed({s})"));
    }
    let n = g.r.range(3, 14);
    for _ in 0..n {
        if g.r.one_in(8) {
            g.stmt();
        } else {
            // Most statements in a try, so that one error does not end
            // the program before the rest has run.
            g.line("try:");
            g.ind += 1;
            g.blocks += 1;
            g.stmt();
            g.blocks -= 1;
            g.ind -= 1;
            g.line("except Exception as ex:\n    print('E', type(ex).__name__)");
        }
    }
    // Rarely, a plain infinite loop (to check that abort stops it).
    if g.r.one_in(400) {
        g.hang = Some("while True without a break");
        let spin = *g.r.pick(&[
            "while True:\n    pass",
            "while 1:\n    x = [1]",
            "def spin():\n    while True:\n        pass\nspin()",
        ]);
        g.line(spin);
    }
    let _ = g.counters;
    let mut s = g.lines.join("\n");
    s.push('\n');
    (s, g.hang)
}

// ---------------------------------------------------------------- mutation

fn corpus() -> &'static Vec<String> {
    static C: OnceLock<Vec<String>> = OnceLock::new();
    C.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/python");
        let mut files: Vec<PathBuf> = Vec::new();
        for folder in ["lang", "threads", "notes"] {
            if let Ok(rd) = std::fs::read_dir(root.join(folder)) {
                files.extend(
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().map(|x| x == "py").unwrap_or(false)),
                );
            }
        }
        files.sort();
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect()
    })
}

const TOKENS: &[&str] = &[
    "if ",
    "else:",
    "elif ",
    "while ",
    "for ",
    " in ",
    "def ",
    "class ",
    "return ",
    "yield ",
    "lambda ",
    "try:",
    "except ",
    "finally:",
    "with ",
    " as ",
    "global ",
    "nonlocal ",
    "del ",
    "pass",
    "break",
    "continue",
    "not ",
    " and ",
    " or ",
    " is ",
    "None",
    "True",
    "**",
    "//",
    ":=",
    "...",
    "f'",
    "%",
    "*",
    ",",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "\\",
    "\n",
    "\t",
    "'",
    "\"",
    "\"\"\"",
    "#",
    "@",
    "=",
    "==",
    "-",
    "~",
    "0x",
    "1e",
    "9223372036854775808",
    "10**",
    "你",
    "😀",
    "\u{200b}",
    "\u{0}",
    "\r",
    "import ",
    "from ",
    "raise ",
    "assert ",
    ";",
    "print(",
    ".",
];

fn char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(src: &str, r: &mut Rng) -> String {
    let mut s = src.to_string();
    for _ in 0..r.range(1, 3) {
        let mut lines: Vec<String> = s.lines().map(|l| l.to_string()).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        let i = r.below(n);
        match r.below(10) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = r.below(n);
                lines.swap(i, j);
            }
            3 => {
                // Change one line's indentation.
                let l = lines[i].trim_start().to_string();
                let ws = lines[i].len() - l.len();
                let new = match r.below(4) {
                    0 => ws + 4,
                    1 => ws.saturating_sub(4),
                    2 => ws + 1,
                    _ => 0,
                };
                let pad = if r.one_in(5) {
                    "\t".repeat(new / 4 + 1)
                } else {
                    " ".repeat(new)
                };
                lines[i] = format!("{pad}{l}");
            }
            4 => {
                // Splice lines from another corpus program.
                let c = corpus();
                if !c.is_empty() {
                    let other: Vec<&str> = c[r.below(c.len())].lines().collect();
                    if !other.is_empty() {
                        let a = r.below(other.len());
                        let b = (a + r.range(1, 6)).min(other.len());
                        for (k, l) in other[a..b].iter().enumerate() {
                            lines.insert((i + k).min(lines.len()), l.to_string());
                        }
                    }
                }
            }
            5 => {
                // Duplicate a block of lines.
                let b = (i + r.range(1, 8)).min(n);
                let block: Vec<String> = lines[i..b].to_vec();
                let at = r.below(n + 1);
                for (k, l) in block.into_iter().enumerate() {
                    lines.insert(at + k, l);
                }
            }
            6 => {
                // Replace a number with an extreme one.
                let l = &lines[i];
                if let Some(p) = l.find(|c: char| c.is_ascii_digit()) {
                    let end = l[p..]
                        .find(|c: char| !c.is_ascii_digit())
                        .map(|e| p + e)
                        .unwrap_or(l.len());
                    let with = *r.pick(&[
                        "0",
                        "-1",
                        "9223372036854775807",
                        "10**20",
                        "2**63",
                        "(-2**63)",
                        "100000",
                        "1e308",
                        "3.5",
                    ]);
                    lines[i] = format!("{}{}{}", &l[..p], with, &l[end..]);
                }
            }
            7 => {
                // Comment out or uncomment.
                if let Some(rest) = lines[i].trim_start().strip_prefix('#') {
                    lines[i] = rest.to_string();
                } else {
                    lines[i] = format!("# {}", lines[i]);
                }
            }
            _ => {
                // Character-level edits on the whole text.
                s = lines.join("\n");
                if s.is_empty() {
                    s.push_str(r.pick(TOKENS));
                    continue;
                }
                let at = char_boundary(&s, r.below(s.len() + 1));
                match r.below(5) {
                    0 => {
                        // Flip a character.
                        let end = s[at..].chars().next().map(|c| at + c.len_utf8()).unwrap_or(at);
                        let c = *r.pick(&[
                            "(", ")", "[", "]", "{", "}", ":", "'", "\"", " ", "\t", "\n", "0", "9", "x",
                            "_", "=", ".", ",", "中", "\\", "#", "%", "-",
                        ]);
                        s.replace_range(at..end, c);
                    }
                    1 => s.insert_str(at, r.pick(&["(", ")", "[", "]", "{", "}", "((", "))"])),
                    2 => s.truncate(at),
                    3 => s.insert_str(at, r.pick(TOKENS)),
                    _ => {
                        // Delete a span.
                        let end = char_boundary(&s, at + r.range(1, 20));
                        s.replace_range(at..end, "");
                    }
                }
                continue;
            }
        }
        s = lines.join("\n");
        if r.one_in(3) {
            s.push('\n');
        }
    }
    s
}

// ---------------------------------------------------------------- programs

/// Seed -> (program, why it may not terminate). Deterministic.
fn program(seed: u64) -> (String, Option<&'static str>) {
    let mut r = Rng::new(seed);
    match seed % 10 {
        0..=5 => generate(&mut r),
        6 | 7 => {
            let (src, _) = generate(&mut r);
            (mutate(&src, &mut r), Some("mutated"))
        }
        _ => {
            let c = corpus();
            if c.is_empty() {
                return generate(&mut r);
            }
            let src = c[r.below(c.len())].clone();
            (mutate(&src, &mut r), Some("mutated"))
        }
    }
}

// ---------------------------------------------------------------- running

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Ok,
    PyError,
    Refused,
    Timeout,
    /// Past the bound once, finished with RETRY_FACTOR times the time.
    Slow,
    Runaway,
    Unstoppable,
    Panic,
    Crash,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Ok => "ok",
            Class::PyError => "pyerror",
            Class::Refused => "refused",
            Class::Timeout => "timeout",
            Class::Slow => "slow",
            Class::Runaway => "runaway",
            Class::Unstoppable => "unstoppable",
            Class::Panic => "panic",
            Class::Crash => "crash",
        }
    }
    fn parse(s: &str) -> Option<Class> {
        [
            Class::Ok,
            Class::PyError,
            Class::Refused,
            Class::Timeout,
            Class::Slow,
            Class::Runaway,
            Class::Unstoppable,
            Class::Panic,
            Class::Crash,
        ]
        .into_iter()
        .find(|c| c.name() == s)
    }
    fn bad(self) -> bool {
        matches!(
            self,
            Class::Runaway | Class::Unstoppable | Class::Panic | Class::Crash
        )
    }
}

fn limits() -> (Duration, Duration, Duration) {
    let ms = |var: &str, dflt: u64| {
        Duration::from_millis(
            std::env::var(var)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(dflt),
        )
    };
    // Unlabelled programs get long enough to finish even in a debug build;
    // labelled ones only need to show that the abort stops them.
    let slow = if cfg!(debug_assertions) { 10_000 } else { 3_000 };
    (
        ms("LOCKSTEP_PY_FUZZ_TIMEOUT_MS", slow),
        ms("LOCKSTEP_PY_FUZZ_LABELLED_MS", 250),
        ms("LOCKSTEP_PY_FUZZ_ABORT_MS", 5_000),
    )
}

struct Ran {
    class: Class,
    ms: u128,
    leaked: isize,
    /// Milliseconds from the abort to the end of the run (0: not aborted).
    stop_ms: u128,
    out: String,
    err: String,
}

/// Runs one program as the page would: compile, then the main thread on
/// the 1 MiB-stack pool, with the default memory and output bounds.
/// An unlabelled program past its bound runs again with this many times
/// the time before it counts as a runaway.
const RETRY_FACTOR: u32 = if cfg!(debug_assertions) { 3 } else { 5 };

fn run_one(src: &str, labelled: bool) -> Ran {
    let (limit, labelled_limit, _) = limits();
    let ran = run_limited(src, labelled, if labelled { labelled_limit } else { limit });
    if ran.class != Class::Runaway {
        return ran;
    }
    // A loaded machine (2 cores, others building) can stretch a run past
    // its bound: a runaway must also run away with a few times the time.
    let again = run_limited(src, labelled, limit * RETRY_FACTOR);
    match again.class {
        Class::Ok | Class::PyError => Ran {
            class: Class::Slow,
            ..again
        },
        _ => again,
    }
}

fn run_limited(src: &str, labelled: bool, limit: Duration) -> Ran {
    let (_, _, abort_grace) = limits();
    let t0 = Instant::now();
    let cap = Arc::new(Capture::default());
    let config = RunConfig::default();
    let out = Arc::new(Output::new(cap.clone(), config.output_limit));
    let panics0 = PANICS.load(Ordering::SeqCst);
    let done = |class: Class, leaked: isize| Ran {
        class,
        ms: t0.elapsed().as_millis(),
        leaked,
        stop_ms: 0,
        out: cap.out.lock().map(|s| s.clone()).unwrap_or_default(),
        err: cap.err.lock().map(|s| s.clone()).unwrap_or_default(),
    };
    let program = match catch_unwind(AssertUnwindSafe(|| lockstep_python::compile(src, "fuzz.py"))) {
        Err(_) => return done(Class::Panic, 0),
        Ok(Err(e)) => {
            let mut r = done(Class::Refused, 0);
            r.err = format!("{}: {} (line {}, column {})", e.kind, e.msg, e.line, e.col);
            return r;
        }
        Ok(Ok(p)) => p,
    };
    let result: Arc<Mutex<Option<Outcome>>> = Arc::new(Mutex::new(None));
    let r2 = result.clone();
    let opts = RunOptions {
        seed: config.seed,
        ..Default::default()
    };
    let run = Run::start(shared_pool(), opts, move |ctx| {
        let o = lockstep_python::run_main(ctx, program, out, config);
        if let Ok(mut g) = r2.lock() {
            *g = Some(o);
        }
        Ok(())
    });
    let Ok(run) = run else {
        return done(Class::PyError, 0);
    };
    let mut aborted_at: Option<Instant> = None;
    loop {
        // Drain the trace as the page does (and drop it).
        let mut log = TraceLog::default();
        let (_, finished) = run.poll(&mut log);
        if finished {
            break;
        }
        match aborted_at {
            None if t0.elapsed() > limit => {
                run.abort();
                aborted_at = Some(Instant::now());
            }
            Some(a) if a.elapsed() > abort_grace => {
                // Leave it running on its pool thread; the pool is large.
                return done(Class::Unstoppable, 0);
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_micros(300));
    }
    let outcome = result.lock().ok().and_then(|mut g| g.take());
    let panicked = PANICS.load(Ordering::SeqCst) != panics0;
    let Some(o) = outcome else {
        return done(Class::Panic, 0);
    };
    if panicked {
        return done(Class::Panic, o.leaked_objects);
    }
    let stop_ms = aborted_at.map(|a| a.elapsed().as_millis()).unwrap_or(0);
    let class = if aborted_at.is_some() {
        if labelled {
            Class::Timeout
        } else {
            Class::Runaway
        }
    } else if o.exit_code == 0 {
        Class::Ok
    } else {
        Class::PyError
    };
    let mut r = done(class, o.leaked_objects);
    r.stop_ms = stop_ms;
    r
}

/// The child side: runs seeds `start..start+count`, one line per program.
fn child(start: u64, count: u64) {
    let h = std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .name("fuzz-harness".into())
        .spawn(move || {
            for seed in start..start + count {
                let (src, label) = program(seed);
                let ran = run_one(&src, label.is_some());
                println!(
                    "@fuzz {seed} {} {} {} {}",
                    ran.class.name(),
                    ran.ms,
                    ran.leaked,
                    ran.stop_ms
                );
            }
        })
        .unwrap_or_else(|e| panic!("cannot start the harness thread: {e}"));
    let _ = h.join();
    println!("@fuzz-done");
}

#[derive(Default)]
struct Tally {
    results: BTreeMap<u64, (Class, u128, isize)>,
    /// The slowest stop after an abort: (milliseconds, seed).
    slowest_stop: (u128, u64),
    crash_notes: BTreeMap<u64, String>,
}

/// Runs seeds in a child process of this test binary; returns the seeds
/// it reported and, if it died, the seed it died on and what it printed.
/// One program's result as a child reports it: seed, class, milliseconds,
/// leaked objects, milliseconds from abort to stop.
type Reported = (u64, Class, u128, isize, u128);

fn run_batch(start: u64, count: u64) -> (Vec<Reported>, Option<String>) {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(exe)
        .args(["fuzz_child", "--exact", "--nocapture", "--test-threads", "1"])
        .env(BATCH_ENV, format!("{start}:{count}"))
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run the fuzz child: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut got = Vec::new();
    let mut finished = false;
    for l in stdout.lines() {
        // The harness prints "test fuzz_child ... " before the first line.
        let l = l.find("@fuzz").map(|i| &l[i..]).unwrap_or("");
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.first() == Some(&"@fuzz-done") {
            finished = true;
        }
        if f.len() == 6 && f[0] == "@fuzz" {
            if let (Ok(seed), Some(c), Ok(ms), Ok(leaked), Ok(stop)) = (
                f[1].parse::<u64>(),
                Class::parse(f[2]),
                f[3].parse::<u128>(),
                f[4].parse::<isize>(),
                f[5].parse::<u128>(),
            ) {
                got.push((seed, c, ms, leaked, stop));
            }
        }
    }
    if finished && out.status.success() && got.len() as u64 == count {
        return (got, None);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
    let note = format!(
        "child exited with {}; its stderr ends:\n{}",
        out.status,
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    );
    (got, Some(note))
}

fn env_u64(var: &str, dflt: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(dflt)
}

#[test]
fn fuzz_child() {
    let Ok(spec) = std::env::var(BATCH_ENV) else {
        return;
    };
    let (a, b) = spec.split_once(':').unwrap_or(("0", "0"));
    let (start, count) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
    child(start, count);
}

#[test]
fn fuzz() {
    if std::env::var(BATCH_ENV).is_ok() {
        return;
    }
    let show = std::env::var("LOCKSTEP_PY_FUZZ_SHOW").ok();
    let file = std::env::var("LOCKSTEP_PY_FUZZ_FILE").ok();
    if show.is_some() || file.is_some() {
        let seed: u64 = show.and_then(|s| s.trim().parse().ok()).unwrap_or(0);
        let (src, label) = match file {
            Some(f) => (
                std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{f}: {e}")),
                None,
            ),
            None => program(seed),
        };
        println!("--- seed {seed} (label: {label:?}) ---\n{src}--- end ---");
        // On a worker-sized stack, as in the batch children.
        let (src2, labelled) = (src.clone(), label.is_some());
        let ran = std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn(move || run_one(&src2, labelled))
            .unwrap_or_else(|e| panic!("{e}"))
            .join()
            .unwrap_or_else(|_| panic!("the run panicked"));
        println!(
            "class {} in {} ms, leaked {}\n--- stdout ---\n{}--- stderr ---\n{}",
            ran.class.name(),
            ran.ms,
            ran.leaked,
            ran.out,
            ran.err
        );
        return;
    }
    let total = env_u64("LOCKSTEP_PY_FUZZ", 3000);
    let first = env_u64("LOCKSTEP_PY_FUZZ_START", 0);
    let jobs = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(8);
    let t0 = Instant::now();
    // Work queue of (start, count) ranges; a crashed child requeues the
    // seeds after the one it died on.
    let queue: Mutex<Vec<(u64, u64)>> = Mutex::new(
        (0..total.div_ceil(BATCH))
            .rev()
            .map(|b| {
                let s = first + b * BATCH;
                (s, BATCH.min(first + total - s))
            })
            .collect(),
    );
    let tally = Mutex::new(Tally::default());
    let progress = AtomicUsize::new(0);
    std::thread::scope(|sc| {
        for _ in 0..jobs {
            sc.spawn(|| {
                while let Some((start, count)) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    let (got, died) = run_batch(start, count);
                    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
                    for &(seed, c, ms, leaked, stop) in &got {
                        t.results.insert(seed, (c, ms, leaked));
                        t.slowest_stop = t.slowest_stop.max((stop, seed));
                    }
                    if let Some(note) = died {
                        let reported: std::collections::HashSet<u64> = got.iter().map(|g| g.0).collect();
                        if let Some(dead) = (start..start + count).find(|s| !reported.contains(s)) {
                            t.results.insert(dead, (Class::Crash, 0, 0));
                            t.crash_notes.insert(dead, note);
                            if dead + 1 < start + count {
                                if let Ok(mut q) = queue.lock() {
                                    q.push((dead + 1, start + count - dead - 1));
                                }
                            }
                        }
                    }
                    let done = progress.fetch_add(got.len(), Ordering::SeqCst) + got.len();
                    if total >= 20_000 && done / 10_000 != (done - got.len()) / 10_000 {
                        eprintln!("fuzz: {done} programs, {:?}", t0.elapsed());
                    }
                }
            });
        }
    });
    let t = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    let count = |c: Class| t.results.values().filter(|r| r.0 == c).count();
    let summary = format!(
        "fuzz: {} programs, {} ok, {} python errors, {} syntax errors/refusals, {} timeouts (labelled), {} panics, {} runaways",
        t.results.len(),
        count(Class::Ok),
        count(Class::PyError),
        count(Class::Refused),
        count(Class::Timeout),
        count(Class::Panic),
        count(Class::Runaway) + count(Class::Unstoppable),
    );
    let slowest = t
        .results
        .iter()
        .filter(|r| r.1 .0 != Class::Timeout)
        .max_by_key(|r| r.1 .1);
    let leaky_seeds: Vec<u64> = t.results.iter().filter(|r| r.1 .2 != 0).map(|r| *r.0).collect();
    let leaky = leaky_seeds.len();
    println!("{summary}");
    println!(
        "fuzz: {} slow (past the bound, done with {}x the time), {} crashes, {} did not stop after abort, {} runs leaked objects, slowest non-timeout run {:?}, \
         slowest stop after an abort {} ms (seed {}), seeds {}..{}, {:?}",
        count(Class::Slow),
        RETRY_FACTOR,
        count(Class::Crash),
        count(Class::Unstoppable),
        leaky,
        slowest.map(|(s, r)| (*s, r.1)),
        t.slowest_stop.0,
        t.slowest_stop.1,
        first,
        first + total,
        t0.elapsed()
    );
    let mut kinds = String::new();
    for (name, range) in [
        ("generated", 0..=5),
        ("mutated generated", 6..=7),
        ("mutated corpus", 8..=9),
    ] {
        let of_kind: Vec<Class> = t
            .results
            .iter()
            .filter(|(s, _)| range.contains(&(*s % 10)))
            .map(|(_, r)| r.0)
            .collect();
        let n = |c: Class| of_kind.iter().filter(|k| **k == c).count();
        let _ = write!(
            kinds,
            "; {name}: {} ({} ok, {} python errors, {} refused, {} timeouts)",
            of_kind.len(),
            n(Class::Ok),
            n(Class::PyError),
            n(Class::Refused),
            n(Class::Timeout)
        );
    }
    println!("fuzz: by kind{kinds}");
    if leaky > 0 {
        println!(
            "fuzz: seeds that leaked objects (first 20): {:?}",
            &leaky_seeds[..leaky.min(20)]
        );
    }
    let bad: Vec<(u64, Class)> = t
        .results
        .iter()
        .filter(|r| r.1 .0.bad())
        .map(|(s, r)| (*s, r.0))
        .collect();
    // A run's teardown frees every object (cycles included, daemon threads
    // waited for): anything alive after it is a leak across runs.
    assert!(
        leaky == 0,
        "{summary}\n{leaky} runs leaked objects, seeds {:?}; see one with LOCKSTEP_PY_FUZZ_SHOW=seed",
        &leaky_seeds[..leaky.min(20)]
    );
    if bad.is_empty() {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    let _ = std::fs::create_dir_all(&dir);
    let mut report = String::new();
    for (seed, c) in &bad {
        let (src, label) = program(*seed);
        let path = dir.join(format!("seed-{seed}.py"));
        let _ = std::fs::write(&path, &src);
        let shown: String = src.chars().take(3000).collect();
        let _ = writeln!(
            report,
            "=== seed {seed}: {} (label {label:?}), written to {}\n{shown}",
            c.name(),
            path.display()
        );
        if let Some(n) = t.crash_notes.get(seed) {
            let _ = writeln!(report, "--- {n}");
        }
    }
    panic!("{summary}\n{} bad programs:\n{report}", bad.len());
}

// ---------------------------------------------------------------- found

/// Interpreter bugs the fuzzer found, kept as regression programs (an
/// open one is `#[ignore]`d until its fix lands).
/// A stack overflow kills the test binary, so each runs in a child.
fn regression(src: &str, want_out: &str) {
    regression_as(src, "ok", want_out)
}

/// As `regression`, for a program whose run ends as `want_class`.
fn regression_as(src: &str, want_class: &str, want_out: &str) {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("regression-{:016x}.py", {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in src.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        h
    }));
    std::fs::write(&path, src).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(exe)
        .args(["fuzz", "--exact", "--nocapture", "--test-threads", "1"])
        .env("LOCKSTEP_PY_FUZZ_FILE", &path)
        .env("LOCKSTEP_PY_FUZZ_TIMEOUT_MS", "5000")
        .env("LOCKSTEP_PY_FUZZ_ABORT_MS", "2000")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{src}\nthe process died: {}\n{stderr}",
        out.status
    );
    let class = stdout
        .lines()
        .find(|l| l.starts_with("class ") && l.contains(" ms, leaked "))
        .unwrap_or("");
    assert!(
        class.starts_with(&format!("class {want_class} ")),
        "{src}\n{class}\n{stdout}"
    );
    let got = stdout
        .split("--- stdout ---\n")
        .last()
        .and_then(|s| s.split("--- stderr ---").next())
        .unwrap_or("");
    assert_eq!(got, want_out, "{src}");
}

/// Found at seed 1700 (and 2355, 5700): hashing a tuple nested a few
/// hundred deep overflows a worker's 1 MiB stack (700 levels in a debug
/// build); the process dies. CPython 3.11 prints True. Fixed: nested
/// tuples hash with an explicit stack (`Vm::hash_tuple`).
#[test]
fn found_hash_of_deep_tuple_overflows_the_stack() {
    regression(
        "t = ()\nfor _ in range(100000):\n    t = (t,)\nprint(hash(t) != 0)\n",
        "True\n",
    );
}

/// Found at seed 5201: a set whose element's `__eq__` clears the set
/// while `add` probes: the interpreter loops forever in native code and
/// `Run::abort` does not stop it. CPython 3.11 prints 1. The cause was a
/// deadlock, not a loop: `contains` held the set's lock while calling
/// `__eq__`, and `clear` waited for it. Now it compares a snapshot.
#[test]
fn found_set_add_with_eq_clearing_the_set_never_ends() {
    regression(
        "class H:\n    def __hash__(s):\n        return 1\n    def __eq__(s, o):\n        st.clear()\n        return False\nst = set()\nst.add(H())\nst.add(H())\nprint(len(st))\n",
        "1\n",
    );
}

/// Found at seed 4132: repeating an empty list or tuple a huge number of
/// times loops natively over the count (`[] * 2**31`, `() * 2**40`) and
/// cannot be aborted. CPython 3.11 returns the empty value at once.
#[test]
fn found_empty_sequence_times_huge_count_never_ends() {
    regression("print([] * (2**31), () * (2**40), [] * (2**62))\n", "[] () []\n");
}

/// Found by hand next to the above: comparing two tuples nested deeply
/// (`==`, `<`) overflows the stack; nested lists raise RecursionError as
/// they should. CPython 3.11: RecursionError (maximum recursion depth
/// exceeded in comparison). Fixed: `simple_eq` leaves tuples nested past
/// 16 levels to `Vm::eq`, which counts each level.
#[test]
fn found_deep_tuple_comparison_overflows_the_stack() {
    regression(
        "t = ()\nfor _ in range(100000):\n    t = (t,)\nu = ()\nfor _ in range(100000):\n    u = (u,)\ntry:\n    print(t == u)\nexcept RecursionError:\n    print('RecursionError')\n",
        "RecursionError\n",
    );
}

/// Found at seeds 2404 and 2614: strings of up to 4096 bytes (and
/// integers of any size) are not charged to the run's memory budget, so
/// `while True: d[i] = 'x' * 1000` grows past the 256 MiB budget without
/// a MemoryError (780 MB after 30 s here, then the machine's memory).
/// Here 100,000 strings of 4,000 bytes (400 MB) fit in the 256 MiB budget.
/// Fixed: every string and big int is charged, small ones in per-thread
/// batches (`heap::charge_small`).
#[test]
fn found_small_strings_and_ints_escape_the_memory_budget() {
    regression(
        "l = []\ntry:\n    for i in range(100000):\n        l.append('x' * 4000 + str(i))\nexcept MemoryError:\n    l = None\n    print('MemoryError')\n",
        "MemoryError\n",
    );
}

/// Found by hand next to the above: `==` between two dicts, or two
/// frozensets, nested deeply overflows the stack as tuples do.
/// CPython 3.11: RecursionError. Fixed: dict and set equality count a
/// native level each.
#[test]
fn found_deep_dict_and_frozenset_equality_overflow_the_stack() {
    regression(
        "d = {}\nfor _ in range(100000):\n    d = {'k': d}\ne = {}\nfor _ in range(100000):\n    e = {'k': e}\ntry:\n    print(d == e)\nexcept RecursionError:\n    print('RecursionError')\n",
        "RecursionError\n",
    );
    regression(
        "s = frozenset()\nfor _ in range(50000):\n    s = frozenset([s])\nu = frozenset()\nfor _ in range(50000):\n    u = frozenset([u])\ntry:\n    print(s == u)\nexcept RecursionError:\n    print('RecursionError')\n",
        "RecursionError\n",
    );
}

/// Found by hand (then by the generator's deep_syntax): compiling syntax
/// nested well inside the 200-level bound overflows a 1 MiB stack (the
/// page's worker stack) in a debug build: 100 nested list displays
/// `[[[...1...]]]`, 55 nested calls `str(str(...))`, 150 nested dicts,
/// subscripts or lambdas; and `x = await await ... 1` is not bounded at
/// all (1000 awaits overflow 1 MiB, 5000 overflow 2 MiB). 200 plain
/// parentheses pass. The process dies. Fixed: debug builds compile the
/// interpreter and its parser at opt-level 1 (root Cargo.toml); every
/// construct then passes at 199 levels, as release builds did already.
#[test]
fn found_compiling_nested_displays_overflows_a_worker_stack() {
    let deep = |open: &str, close: &str, n: usize| {
        format!(
            "x = {}1{}\nprint(len(str(x)) > 0)\n",
            open.repeat(n),
            close.repeat(n)
        )
    };
    regression(&deep("[", "]", 150), "True\n");
    regression(&deep("str(", ")", 150), "True\n");
}

/// `await` repeated is not counted by the nesting bound: the parser
/// recurses once per `await` and overflows (the process dies) instead of
/// a SyntaxError. Fixed: `await`, `yield` and `lambda` count as prefix
/// operators in the parser's precheck (100 in a row at most).
#[test]
fn found_await_chain_overflows_the_parser() {
    regression_as(&format!("x = {}1\n", "await ".repeat(5000)), "refused", "");
}

/// Found at seed 90930 (release run): slicing with a start of 1 or more
/// and the step `2**63 - 1` overflows the index arithmetic of
/// `slice_indices` (py/src/vm/ops.rs): "attempt to add with overflow" in
/// a debug build, "index out of bounds: the len is 2 but the index is
/// 9223372036854775808" in release. Strings, lists and tuples alike.
/// CPython 3.11 prints 'b' [2].
#[test]
fn found_slice_step_near_i64_max_panics() {
    regression(
        "print(repr('ab'[1::9223372036854775807]), [1, 2][1::9223372036854775807], (1, 2)[-1::2**63 - 1])\n",
        "'b' [2] (2,)\n",
    );
}

/// Found at seed 69125 (release run): `s += '你'` in a loop at module
/// level recounted the code points of the whole string on every append
/// (100,000 appends took about 4 s in a release build). CPython 3.11 is
/// quadratic there too (a global's string has two references, so it is
/// copied: 300,000 appends of '你' take 14 s here); in a function it
/// appends in place, and so do we. Now the copy never recounts: the
/// release CLI takes 9 s at module level, 40 ms in a function
/// (CPython 120 ms).
#[test]
fn found_string_append_in_a_loop_is_quadratic() {
    regression(
        "def f(n):\n    s = ''\n    for i in range(n):\n        s += '你'\n    return s\nprint(len(f(300000)))\ns = ''\nfor i in range(20000):\n    s += '你'\nprint(len(s))\n",
        "300000\n20000\n",
    );
}
