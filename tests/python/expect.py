#!/usr/bin/env python3
"""Make and check the CPython expectations of the Lockstep Python test corpus.

    python3 tests/python/expect.py                 # regenerate every expectation
    python3 tests/python/expect.py --check         # compare with the committed files (CI)
    python3 tests/python/expect.py --check --runs 5 lang/007_int_pow.py threads/

Every program under lang/, threads/ and notes/ runs under CPython (`python3`, which
must be 3.11) with cwd = the program's folder, PYTHONHASHSEED=0 and
PYTHONIOENCODING=utf-8. Next to PROGRAM.py it writes:

    PROGRAM.out     the exact stdout bytes
    PROGRAM.exit    the exit code, only when it is not 0
    PROGRAM.err     the last non-empty line of stderr, only when the exit code is not 0
                    (e.g. "ZeroDivisionError: division by zero")
    PROGRAM.stderr  only when the exit code is 0 but stderr is not empty (an uncaught
                    exception in a thread or a child process): the stderr lines that
                    start in column 0, minus "Traceback (most recent call last):",
                    i.e. "Exception in thread NAME:" and the final exception lines,
                    without file paths or source lines

A program whose first line is `# expect: skip (reason)` is skipped.

--check regenerates into memory and exits 1 listing every program whose committed
expectation differs. It runs every program --runs times (default 2): the first run
with CPython's default stdout buffering for a pipe, the second with
PYTHONUNBUFFERED=1, later runs alternate. Runs that disagree with each other are
reported as nondeterministic (or buffering-sensitive), so an expectation never
depends on timing or on how the interpreter under test buffers stdout.

notes/ programs are compared as notes/manifest.toml says (masks for pids and times,
order-free line sets, one-of alternatives); their .out files still hold one run's
exact bytes.
"""

import argparse
import concurrent.futures
import difflib
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FOLDERS = ["lang", "threads", "notes"]
DEFAULT_TIMEOUT = {"lang": 10.0, "threads": 15.0, "notes": 60.0}
SUFFIXES = [".out", ".exit", ".err", ".stderr"]


class Program:
    def __init__(self, path: Path, folder: str, spec: dict):
        self.path = path
        self.folder = folder
        self.name = f"{folder}/{path.name}"
        self.compare = spec.get("compare", "exact")
        self.masks = [(re.compile(p, re.M), r) for p, r in spec.get("masks", [])]
        self.alternatives = spec.get("alternatives", [])
        self.env = dict(spec.get("env", {}))
        self.timeout = float(spec.get("timeout", DEFAULT_TIMEOUT[folder]))
        self.stdout = spec.get("stdout", "pipe")
        self.skip = None
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first.startswith("# expect: skip"):
            self.skip = first[len("# expect: skip"):].strip() or "(no reason given)"
        elif spec.get("needs") == "site":
            # CPython fetches through SiteProxy (the bundled site's pages of
            # the hosts the notes name), as Lockstep's requests serves them.
            self.env["HTTP_PROXY"] = "<site>"
        elif spec.get("needs"):
            self.skip = f"(needs: {spec['needs']})"

    def base(self) -> Path:
        return self.path.with_suffix("")

    def normalize_out(self, out: bytes) -> str:
        text = out.decode("utf-8", errors="replace")
        for rx, repl in self.masks:
            text = rx.sub(repl, text)
        if self.compare == "sorted-lines":
            text = "\n".join(sorted(text.splitlines()))
        elif self.compare == "one-of":
            if text in self.alternatives:
                text = "<one of the manifest's alternatives>"
        elif self.compare not in ("exact", "masked"):
            raise SystemExit(f"{self.name}: unknown compare mode {self.compare!r}")
        return text


def load_programs(selected):
    manifests = {}
    for folder in FOLDERS:
        m = ROOT / folder / "manifest.toml"
        if m.exists():
            with open(m, "rb") as fh:
                data = tomllib.load(fh)
            defaults = data.get("defaults", {})
            specs = {}
            for entry in data.get("program", []):
                spec = dict(defaults)
                spec.update(entry)
                spec["env"] = {**defaults.get("env", {}), **entry.get("env", {})}
                specs[entry["file"]] = spec
            manifests[folder] = (defaults, specs)
    programs = []
    for folder in FOLDERS:
        d = ROOT / folder
        if not d.is_dir():
            continue
        defaults, specs = manifests.get(folder, ({}, {}))
        for path in sorted(d.glob("*.py")):
            spec = specs.get(path.name, defaults)
            programs.append(Program(path, folder, spec))
    if selected:
        wanted = []
        for s in selected:
            p = Path(s)
            p = (Path.cwd() / p).resolve() if not p.is_absolute() else p.resolve()
            wanted.append(p)

        def chosen(prog):
            return any(prog.path == w or w in prog.path.parents for w in wanted)

        programs = [p for p in programs if chosen(p)]
    return programs


class SiteProxy:
    """An HTTP proxy on 127.0.0.1 serving www/site/hosts/HOST/PATH for
    http://HOST/PATH (index.html for a path ending in /), 404 otherwise:
    what Lockstep's requests fetches, so CPython's expectation for a
    program that needs the site is generated, not written by hand."""

    url = None

    @classmethod
    def start(cls):
        if cls.url:
            return cls.url
        import http.server
        hosts = ROOT.parent.parent / "www" / "site" / "hosts"

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                rest = self.path.split("://", 1)[-1]
                host, _, path = rest.partition("/")
                path = "/" + path.split("?")[0].split("#")[0]
                if path.endswith("/"):
                    path += "index.html"
                f = hosts / host.lower() / path.lstrip("/")
                ok = ".." not in path and f.is_file()
                body = f.read_bytes() if ok else b""
                self.send_response(200 if ok else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{server.server_address[1]}"
        return cls.url


def child_env(prog: Program, unbuffered: bool) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTHON") or k in ("PYTHONHOME",)}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    env.update(prog.env)
    if env.get("HTTP_PROXY") == "<site>":
        env["HTTP_PROXY"] = SiteProxy.start()
        env.pop("NO_PROXY", None)
        env.pop("no_proxy", None)
    return env


def stderr_summary(err: str) -> str:
    keep = []
    for line in err.splitlines():
        if not line.strip() or line[0].isspace():
            continue
        if line.startswith("Traceback (most recent call last):"):
            continue
        keep.append(line.rstrip())
    return "\n".join(keep) + "\n" if keep else ""


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _run_pipe(cmd, cwd, env, timeout):
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise RuntimeError(f"timed out after {timeout:g} s")
    return proc.returncode, out, err


def _run_tty(cmd, cwd, env, timeout):
    """stdout on a pseudo-terminal (line-buffered, as at a terminal), without CR-LF."""
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, start_new_session=True)
    os.close(slave)
    err_chunks = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()))
    reader.start()
    deadline = time.monotonic() + timeout
    out = bytearray()
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
    if timed_out:
        _kill_group(proc)
    try:
        proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.wait()
        timed_out = True
    reader.join()
    if timed_out:
        raise RuntimeError(f"timed out after {timeout:g} s")
    return proc.returncode, bytes(out), b"".join(err_chunks)


def run_once(python, prog: Program, unbuffered: bool):
    """Return the expectation files (suffix -> bytes) of one run, or raise."""
    runner = _run_tty if prog.stdout == "tty" else _run_pipe
    code, stdout, stderr = runner([python, prog.path.name], prog.path.parent,
                                  child_env(prog, unbuffered), prog.timeout)
    files = {".out": stdout}
    err = stderr.decode("utf-8", errors="replace")
    if code != 0:
        lines = [l.rstrip() for l in err.splitlines() if l.strip()]
        files[".exit"] = f"{code}\n".encode()
        files[".err"] = ((lines[-1] if lines else "") + "\n").encode()
    else:
        summary = stderr_summary(err)
        if summary:
            files[".stderr"] = summary.encode()
    return files


def comparable(prog: Program, files: dict) -> dict:
    """The view of a run's files that tests compare (masks and modes applied)."""
    view = {}
    for suffix, data in files.items():
        if suffix == ".out":
            view[suffix] = prog.normalize_out(data)
        else:
            view[suffix] = data.decode("utf-8", errors="replace")
    return view


def committed(prog: Program) -> dict:
    files = {}
    for suffix in SUFFIXES:
        p = prog.base().with_suffix(suffix)
        if p.exists():
            files[suffix] = p.read_bytes()
    return files


def describe_diff(a: dict, b: dict, label_a: str, label_b: str) -> str:
    out = []
    for suffix in SUFFIXES:
        x, y = a.get(suffix), b.get(suffix)
        if x == y:
            continue
        if x is None or y is None:
            out.append(f"    {suffix}: {'missing' if x is None else 'present'} in {label_a}, "
                       f"{'missing' if y is None else 'present'} in {label_b}")
            continue
        diff = list(difflib.unified_diff(x.splitlines(), y.splitlines(), label_a + suffix,
                                         label_b + suffix, n=1, lineterm=""))
        out.extend("    " + l for l in diff[:14])
        if len(diff) > 14:
            out.append(f"    ... ({len(diff) - 14} more diff lines)")
    return "\n".join(out)


def regenerate(python, prog: Program):
    files = run_once(python, prog, unbuffered=False)
    for suffix in SUFFIXES:
        p = prog.base().with_suffix(suffix)
        if suffix in files:
            p.write_bytes(files[suffix])
        elif p.exists():
            p.unlink()
    return None


def check(python, prog: Program, runs: int):
    views = []
    alternate = prog.stdout != "tty"
    for i in range(runs):
        views.append(comparable(prog, run_once(python, prog, alternate and i % 2 == 1)))
    for i in range(1, runs):
        if views[i] != views[0]:
            kind = ("differs between the buffered run 1 and the unbuffered run "
                    f"{i + 1} (buffering-sensitive or nondeterministic)"
                    if alternate and i % 2 == 1
                    else f"nondeterministic: runs 1 and {i + 1} differ")
            return kind + "\n" + describe_diff(views[0], views[i], "run1", f"run{i + 1}")
    want = comparable(prog, committed(prog))
    if ".out" not in want:
        return "no committed expectation (run expect.py without --check)"
    if want != views[0]:
        return "differs from the committed expectation\n" + describe_diff(
            want, views[0], "committed", "python3")
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="programs or folders to limit the run to")
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed expectations; exit 1 on any difference")
    ap.add_argument("--runs", type=int, default=2,
                    help="runs per program in --check (default 2; >= 2 flags nondeterminism)")
    ap.add_argument("-j", "--jobs", type=int, default=max(2, os.cpu_count() or 2),
                    help="programs run in parallel")
    ap.add_argument("--python", default=shutil.which("python3") or "python3",
                    help="the CPython 3.11 to run (default: python3 on PATH)")
    args = ap.parse_args()

    version = subprocess.run([args.python, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True).stdout.strip()
    if not version.startswith("3.11."):
        print(f"warning: {args.python} is Python {version or '?'}, expectations are for 3.11",
              file=sys.stderr)

    programs = load_programs(args.paths)
    todo = [p for p in programs if not p.skip]
    skipped = [p for p in programs if p.skip]

    def task(prog):
        try:
            if args.check:
                return prog, check(args.python, prog, max(1, args.runs))
            return prog, regenerate(args.python, prog)
        except RuntimeError as e:
            return prog, str(e)

    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        for prog, problem in ex.map(task, todo):
            if problem:
                failures.append((prog.name, problem))
    failed_programs = len(failures)

    if args.check:
        known = {p.base() for p in programs}
        whole = [Path(x).resolve() for x in args.paths]
        scope = [f for f in FOLDERS if not args.paths
                 or any(w == ROOT / f or w == ROOT for w in whole)]
        for folder in scope:
            for f in sorted((ROOT / folder).glob("*")):
                if f.suffix in SUFFIXES and f.with_suffix("") not in known:
                    failures.append((f"{folder}/{f.name}", "orphan expectation (no such program)"))

    for name, problem in failures:
        print(f"FAIL {name}: {problem}")
    for prog in skipped:
        print(f"skip {prog.name} {prog.skip}")
    counts = {}
    for p in todo:
        counts[p.folder] = counts.get(p.folder, 0) + 1
    per_folder = ", ".join(f"{f} {counts[f]}" for f in FOLDERS if f in counts)
    mode = f"checked, {max(1, args.runs)} runs each" if args.check else "regenerated"
    print(f"{len(todo) - failed_programs} passed, {len(failures)} failed, {len(skipped)} skipped "
          f"({per_folder}; {mode}; CPython {version})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
