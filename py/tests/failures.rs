//! Failing well: every bound is a clean Python error, nothing panics, and a
//! run's memory is returned when it ends.

use lockstep_core::run::{Run, RunOptions};
use lockstep_python::native::{run_source, shared_pool, NativeRun, PANICS};
use lockstep_python::output::Output;
use lockstep_python::{Capture, RunConfig};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn run_with(src: &str, config: RunConfig) -> (NativeRun, String, String) {
    let cap = Arc::new(Capture::default());
    let r = run_source(
        shared_pool(),
        src,
        "prog.py",
        cap.clone(),
        config,
        1.0,
        Some(Duration::from_secs(30)),
    );
    let out = cap.out.lock().map(|s| s.clone()).unwrap_or_default();
    let err = cap.err.lock().map(|s| s.clone()).unwrap_or_default();
    (r, out, err)
}

fn run(src: &str) -> (NativeRun, String, String) {
    run_with(src, RunConfig::default())
}

fn last_line(s: &str) -> &str {
    s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
}

#[test]
fn recursion_error_at_cpythons_depth() {
    // CPython 3.11 prints 998: the module frame plus 999 frames of f.
    let (r, out, _) = run("m = 0\ndef f(n):\n    global m\n    m = n\n    f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(m, e)\n");
    assert_eq!(out, "998 maximum recursion depth exceeded\n");
    assert_eq!(r.outcome.exit_code, 0);
    let (r, _, err) = run("def f(n):\n    return f(n + 1)\nf(0)\n");
    assert_eq!(r.outcome.exit_code, 1);
    assert_eq!(
        last_line(&err),
        "RecursionError: maximum recursion depth exceeded"
    );
    assert!(err.contains("[Previous line repeated 996 more times]"), "{err}");
}

#[test]
fn memory_error_quickly() {
    for src in [
        "x = [0] * 10**12",
        "x = 'a' * 10**12",
        "x = 2 ** 10**9",
        "x = (1,) * 10**10",
        "x = 1 << 10**10",
        "l = []\nwhile True:\n    l.append([0] * 10000)",
        "s = 'ab'\nwhile True:\n    s = s + s",
    ] {
        let t = Instant::now();
        let cfg = RunConfig {
            memory_limit: 32 << 20,
            ..Default::default()
        };
        let (r, _, err) = run_with(src, cfg);
        assert_eq!(last_line(&err), "MemoryError", "{src}: {err}");
        assert_eq!(r.outcome.exit_code, 1);
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{src} took {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn output_is_bounded() {
    let cfg = RunConfig {
        output_limit: 64 << 10,
        ..Default::default()
    };
    let (r, out, err) = run_with(
        "for i in range(100000):\n    print('line', i)\nimport sys\nprint('done', file=sys.stderr)\n",
        cfg,
    );
    assert_eq!(r.outcome.exit_code, 0);
    assert!(out.len() <= 64 << 10, "{}", out.len());
    assert!(err.contains("[output truncated"), "{err}");
}

#[test]
fn infinite_loop_stops_on_abort() {
    for src in [
        "while True:\n    pass\n",
        "def f():\n    while 1:\n        x = [1]\nf()\n",
        "x = 0\nwhile True:\n    x += 1\n",
    ] {
        let program = lockstep_python::compile(src, "loop.py").unwrap_or_else(|e| panic!("{e:?}"));
        let out = Arc::new(Output::new(Arc::new(Capture::default()), 1 << 20));
        let run = Run::start(shared_pool(), RunOptions::default(), move |ctx| {
            let o = lockstep_python::run_main(ctx, program, out, RunConfig::default());
            assert_eq!(o.exit_code, 130);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(100));
        assert!(!run.is_done());
        let t = Instant::now();
        run.abort();
        while !run.is_done() {
            assert!(t.elapsed() < Duration::from_secs(2), "did not stop");
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

#[test]
fn nesting_is_bounded_before_parsing() {
    let deep = |n: usize| format!("x = {}1{}\nprint(x)\n", "(".repeat(n), ")".repeat(n));
    // 200 levels parse and run, on a thread with a worker's 1 MiB stack.
    let src = deep(200);
    let h = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || lockstep_python::compile(&src, "deep.py").is_ok())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(h.join().unwrap_or(false));
    let (_, out, _) = run(&deep(200));
    assert_eq!(out, "1\n");
    let (r, _, err) = run(&deep(201));
    assert_eq!(r.outcome.exit_code, 1);
    assert_eq!(last_line(&err), "SyntaxError: too many nested parentheses");
    let (_, _, err) = run(&format!("x = {}1{}", "[".repeat(5000), "]".repeat(5000)));
    assert_eq!(last_line(&err), "SyntaxError: too many nested parentheses");
    let (_, _, err) = run(&format!("x = {}1", "-".repeat(10000)));
    assert!(last_line(&err).starts_with("SyntaxError"), "{err}");
    let (_, _, err) = run(&format!("x = 1{}", " + 1".repeat(5000)));
    assert!(last_line(&err).starts_with("SyntaxError"), "{err}");
    // Statement nesting: CPython's 20 nested blocks.
    let mut s = String::new();
    for i in 0..21 {
        s.push_str(&format!("{}for i{} in range(1):\n", "    ".repeat(i), i));
    }
    s.push_str(&format!("{}pass\n", "    ".repeat(21)));
    let (_, _, err) = run(&s);
    assert_eq!(last_line(&err), "SyntaxError: too many statically nested blocks");
    let (_, _, err) = run(&"x = 1\n".repeat(60000));
    assert!(last_line(&err).contains("program too long"), "{err}");
}

#[test]
fn unsupported_reported_before_running() {
    for (src, want) in [
        (
            "print('ran')\ndef g():\n    yield 1\n",
            "NotImplementedError: yield (generators) is not supported in Lockstep yet",
        ),
        (
            "print('ran')\nimport numpy\n",
            "ModuleNotFoundError: No module named 'numpy'",
        ),
        (
            "print('ran')\nmatch 1:\n    case 1:\n        pass\n",
            "NotImplementedError: match is not supported in Lockstep yet",
        ),
        (
            "print('ran')\nasync def f():\n    pass\n",
            "NotImplementedError: async def is not supported in Lockstep yet",
        ),
        (
            "print('ran')\n@dec\ndef f():\n    pass\n",
            "NotImplementedError: a decorator is not supported in Lockstep yet",
        ),
    ] {
        let (r, out, err) = run(src);
        assert_eq!(out, "", "{src}");
        assert_eq!(r.outcome.exit_code, 1);
        assert!(err.contains(want), "{src}: {err}");
    }
}

#[test]
fn nothing_panics_on_nasty_inputs() {
    let before = PANICS.load(Ordering::SeqCst);
    let nasty = [
        "",
        "\n\n",
        "(",
        ")",
        "'",
        "\"\"\"",
        "\\",
        "\t\tx",
        "x = = 1",
        "def",
        "class",
        "lambda: (yield)",
        "f(**{1: 2})",
        "f(*1)",
        "x = {}\nx[[]] = 1",
        "a, b = 1",
        "a, *b, c = [1]",
        "[][0]",
        "{}[1]",
        "None()",
        "1()",
        "x = 1\nx.y = 2",
        "del x",
        "import sys\nsys.exit('bye')",
        "raise",
        "raise 1",
        "raise ValueError from 1",
        "try:\n    pass\nexcept 1:\n    pass",
        "try:\n    1/0\nexcept 1:\n    pass",
        "assert False, 'msg'",
        "for x in 1: pass",
        "print(*[1], **{'sep': 1})",
        "print(sep=1)",
        "'%d' % 'x'",
        "'%(a)s' % 1",
        "'{'.format(1)",
        "'{0[}'.format(1)",
        "format(1, 'zz')",
        "f'{1:{2}}'",
        "int('9' * 5000)",
        "str(10 ** 5000)",
        "float('1e999')",
        "round(1e308, -400)",
        "round(float('inf'))",
        "2 ** -1.5",
        "(-8) ** 0.5",
        "1 % 0.0",
        "divmod(1, 0)",
        "[1, 2].sort(key=lambda x: 1/0)",
        "sorted([3, 'a'])",
        "max([])",
        "min(1)",
        "chr(-1)",
        "chr(10**20)",
        "list(range(10**18))",
        "range(10**30)",
        "x = range(5)[10**20]",
        "'abc'[10**20]",
        "[1][-10**20]",
        "'abc' * -1",
        "[None] * -5",
        "x = [1]\nx[10**20] = 1",
        "import random\nrandom.seed(1)\nrandom.choice([])",
        "import random\nrandom.randrange(0)",
        "import random\nrandom.sample([1], 5)",
        "import time\ntime.sleep(-1)",
        "class A:\n    def __eq__(s, o): return 1/0\n{A(): 1}",
        "class A:\n    def __hash__(s): return 'x'\n{A()}",
        "class A:\n    def __len__(s): return -1\nlen(A())",
        "class A:\n    def __iter__(s): return 1\nlist(A())",
        "class A:\n    def __str__(s): return 1\nprint(A())",
        "class A(int): pass",
        "class A(dict): pass\nA()",
        "x = []\nx.append(x)\nprint(x == x)",
        "x = []\nx.append(x)\nprint(x < x)",
        "d = {}\nd[1] = d\nprint(d == d)",
        "super()",
        "def f(a, a): pass",
        "def f(*, a): pass\nf(1)",
        "def f(): nonlocal x",
        "nonlocal x",
        "global x\nprint(x)",
        "print(__name__, __builtins__)",
        "x: int\nprint(x)",
        "'\\N{DASH}'",
        "b'bytes'",
        "1j",
        "...",
        "x = ...",
        "print(...)",
        "async def f(): pass",
        "await x",
        "lambda *a, **k: 0",
        "{**1}",
        "[*1]",
        "print(*None)",
        "(lambda: 0)(1)",
        "iter(1)",
        "next([])",
        "next(iter([]))",
        "getattr(1, 'x')",
        "setattr(1, 'x', 2)",
        "hasattr(1, 2)",
        "isinstance(1, 2)",
        "issubclass(1, int)",
        "x = 0\nwhile x < 10**6: x += 1",
        "'a'.join([1])",
        "'a'.split('')",
        "'%*d' % (10**10, 1)",
        "f'{1:>1000000000}'",
        "'{:>1000000000}'.format(1)",
        "'x'.center(10**12)",
        "'x'.zfill(10**12)",
        "'x' * (2**62)",
        "[0] * (2**62)",
        "sum([[1]] * 100, [])",
        "x = [[]] * 10\nx[0].append(x)\nprint(x)",
        "import sys\nsys.setrecursionlimit(10**9)",
        "import sys\nsys.setrecursionlimit(-1)",
        "import math\nmath.factorial(10**6)",
        "import math\nmath.sqrt(-1)",
        "import math\nmath.log(0)",
        "print(1, end=1)",
        "int('0x10', 16)",
        "int('10', 99)",
        "float('nan') == float('nan')",
        "hash([])",
        "hash({})",
        "{[]: 1}",
        "set([[]])",
        "frozenset([[]])",
        "del [][0]",
        "x = (1, 2)\nx[0] = 1",
        "a = b = c",
        "True = 1",
        "def f(x=[]): x.append(x); return x\nprint(f())",
        "class A:\n    x = [y for y in range(3)]\nprint(A.x)",
        "class A:\n    def f(self): return __class__\nprint(A().f())",
        "class E(Exception):\n    def __init__(self): pass\nraise E()",
        "class E(Exception):\n    def __str__(self): raise E()\nraise E()",
        "try:\n    raise KeyError\nexcept KeyError as e:\n    raise e from e",
        "def g():\n    try:\n        return 1\n    finally:\n        return 2\nprint(g())",
        "with 1: pass",
        "class C:\n    def __enter__(s): return s\nwith C(): pass",
        "for i in range(3):\n    try:\n        break\n    finally:\n        print(i)",
        "x = (i for i in range(3))\nnext(x)\nprint(list(x), list(x))",
        "g = (1/0 for _ in [1])\nlist(g)",
        "g = (x for x in [1])\nnext(g); next(g)",
    ];
    for src in nasty {
        let (r, _, _) = run(src);
        assert!(!r.timed_out, "{src:?} ran away");
        assert!(
            r.outcome.error.as_deref() != Some("the run ended without an outcome"),
            "{src:?} panicked"
        );
    }
    assert_eq!(PANICS.load(Ordering::SeqCst), before, "a run panicked");
}

#[test]
fn cycles_are_freed_at_run_end() {
    let src = "l = []\nl.append(l)\nd = {}\nd['d'] = d\nclass A:\n    pass\na = A()\na.me = a\nA.inst = a\n\
               def f():\n    return f\ng = [f, l, d]\ns = {1, 2}\nx = [s, g]\nx.append(x)\n\
               def outer():\n    y = []\n    def inner():\n        return y\n    y.append(inner)\n    return inner\nz = outer()\n";
    let (r, _, _) = run(src);
    assert_eq!(r.outcome.leaked_objects, 0);
    let base = lockstep_python::heap::LIVE_OBJECTS.load(Ordering::SeqCst);
    for _ in 0..1000 {
        let (r, _, _) = run(src);
        assert_eq!(r.outcome.exit_code, 0);
        assert_eq!(r.outcome.leaked_objects, 0);
    }
    // Other tests run concurrently in this binary; allow their live objects
    // but not a per-run leak (1000 runs would leave thousands).
    let after = lockstep_python::heap::LIVE_OBJECTS.load(Ordering::SeqCst);
    assert!(after - base < 500, "live objects grew from {base} to {after}");
}

fn python3(src: &str) -> Option<String> {
    let o = std::process::Command::new("python3")
        .arg("-c")
        .arg(src)
        .output()
        .ok()?;
    if !o.status.success() {
        return None;
    }
    String::from_utf8(o.stdout).ok()
}

#[test]
fn random_matches_cpython() {
    let mut src = String::from("import random\n");
    for seed in ["0", "1", "2", "5", "42", "12345", "2**32 + 7", "10**30", "-3"] {
        src.push_str(&format!(
            "random.seed({seed})\nprint(random.random(), random.randint(1, 10), random.randrange(0, 100, 7), random.uniform(2, 5))\n\
             l = list(range(20))\nrandom.shuffle(l)\nprint(l, random.choice('abcdefg'), random.sample(range(1000), 8), random.sample(l, 3))\n\
             print(random.getrandbits(70), random.randrange(10**20), random.choices('abc', k=5), random.choices([1, 2, 3], weights=[5, 1, 1], k=4))\n"
        ));
    }
    src.push_str("random.seed('lockstep')\nprint(random.random())\n");
    let Some(want) = python3(&src) else {
        eprintln!("python3 not available: skipped");
        return;
    };
    let (_, out, err) = run(&src);
    assert_eq!(out, want, "{err}");
}

#[test]
fn number_formatting_matches_cpython() {
    let floats = [
        "0.1",
        "1.0",
        "-0.0",
        "1e16",
        "1e15",
        "123456789012345678.0",
        "1e-5",
        "0.0001",
        "1.5e-7",
        "3.141592653589793",
        "2.5",
        "1/3",
        "2/3",
        "1e300*10",
        "-1e300*10",
        "float('nan')",
        "1e22",
        "5e-324",
        "0.1+0.2",
        "100.0",
        "1234.5678",
    ];
    let specs = [
        "", ".2f", ".0f", "10.3f", "<10", ">10", "^10", "+", " ", "e", ".3e", "E", "g", ".3g", "G", "%",
        ".1%", ",", "_", "010.2f", "+.2e", "#g", ".10g", ",.2f",
    ];
    let mut src = String::new();
    for f in floats {
        src.push_str(&format!(
            "x = {f}\nprint(repr(x), str(x), round(x, 2) if x == x and abs(x) < 1e300 else '-', "
        ));
        for s in specs {
            src.push_str(&format!("format(x, '{s}'), "));
        }
        src.push_str("'%5.2f|%e|%g|%r' % (x, x, x, x))\n");
    }
    for i in ["0", "7", "-42", "255", "10**20", "-(2**70)", "True"] {
        src.push_str(&format!(
            "x = {i}\nprint(format(x, 'd'), format(x, '08d'), format(x, 'x'), format(x, '#X'), format(x, 'b'), format(x, 'o'), \
             format(x, ','), format(x, '_'), format(x, '+'), format(x, '^9'), '%5d|%-5d|%05d|%x|%o' % (x, x, x, x, x), f'{{x!r:>6}}')\n"
        ));
    }
    for r in [
        "round(2.5)",
        "round(3.5)",
        "round(-2.5)",
        "round(0.125, 2)",
        "round(2.675, 2)",
        "round(1234, -2)",
        "round(1250, -2)",
        "round(-1350, -2)",
    ] {
        src.push_str(&format!("print({r})\n"));
    }
    let Some(want) = python3(&src) else {
        eprintln!("python3 not available: skipped");
        return;
    };
    let (_, out, err) = run(&src);
    let (a, b): (Vec<&str>, Vec<&str>) = (out.lines().collect(), want.lines().collect());
    for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
        assert_eq!(x, y, "line {}", i + 1);
    }
    assert_eq!(out, want, "{err}");
}

/// Programs cut and shuffled from the corpus: whatever they do, the
/// interpreter must not panic or run away.
#[test]
fn mutated_corpus_never_panics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/python/lang");
    let Ok(rd) = std::fs::read_dir(&dir) else { return };
    let mut files: Vec<_> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map(|x| x == "py").unwrap_or(false))
        .collect();
    files.sort();
    let before = PANICS.load(Ordering::SeqCst);
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut runs = 0;
    for f in files {
        let Ok(src) = std::fs::read_to_string(&f) else {
            continue;
        };
        let lines: Vec<&str> = src.lines().collect();
        if lines.is_empty() {
            continue;
        }
        for k in 0..4 {
            let mutated = match k {
                // Cut at a random byte (on a char boundary).
                0 => {
                    let mut cut = (next() as usize) % src.len().max(1);
                    while !src.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    src[..cut].to_string()
                }
                // Drop a random line.
                1 => {
                    let i = (next() as usize) % lines.len();
                    lines
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, l)| *l)
                        .collect::<Vec<_>>()
                        .join("\n")
                }
                // Swap two lines.
                2 => {
                    let mut l = lines.clone();
                    let (a, b) = ((next() as usize) % l.len(), (next() as usize) % l.len());
                    l.swap(a, b);
                    l.join("\n")
                }
                // Duplicate a line with extra indentation.
                _ => {
                    let i = (next() as usize) % lines.len();
                    let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                    l.insert(i, format!("    {}", lines[i]));
                    l.join("\n")
                }
            };
            let cfg = RunConfig {
                memory_limit: 64 << 20,
                ..Default::default()
            };
            let cap = Arc::new(Capture::default());
            let r = run_source(
                shared_pool(),
                &mutated,
                "m.py",
                cap,
                cfg,
                1.0,
                Some(Duration::from_secs(10)),
            );
            assert!(
                r.outcome.error.as_deref() != Some("the run ended without an outcome"),
                "{}: mutation {k} panicked:\n{mutated}",
                f.display()
            );
            runs += 1;
        }
    }
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        before,
        "a mutated program panicked"
    );
    println!("{runs} mutated programs ran without a panic");
}
