#!/usr/bin/env python3
"""Play a challenge level under CPython 3.11 with a chosen schedule.

    python3 levels/tools/schedule.py LEVEL.py POLICY [SEED]

POLICY is `sticky` (run the lowest-numbered runnable thread until it
finishes or blocks, then the next), `lowest` (always step the
lowest-numbered runnable thread), `highest` (as `sticky`, but the
highest-numbered runnable thread first), `random` (a random runnable thread at
every step, seeded by SEED) or `solution` (the level's winning
interleaving from levels/tools/solutions.py, then `sticky`).

This is a model of challenge mode, not the page: every thread is held at
each checkpoint and exactly one is let through at a time. Checkpoints are
each line of the level, each load or store of a data global (so
`counter += 1` splits into its load and its store), each item read and
write (`x[k]`, `x[k] = v`), and each acquire and release of a Lock or
RLock, including the locks inside Condition, Semaphore, Event, Barrier and
queue.Queue. A thread that does not reach its next checkpoint within
BLOCK seconds is blocked. Threads are numbered as the page names them:
0 is the main thread, N is the N-th thread started.

Environment: START_BLOCKS=1 makes Thread.start() wait until the new thread
has been stepped once (as on the page, where start() waits for the new
thread's start-up event); SCHEDULE_LOG=1 adds every step to the report.

The last line on stderr is `@@ {json}`: outcome (`ok`, `deadlock`,
`exception`, `critical`, `stuck` for a script that could not go on,
`limit`), the step count and what happened.
"""
import _thread
import dis
import json
import os
import random
import sys
import threading
import time
import types

BLOCK = 0.12  # seconds without arriving at a checkpoint: blocked
SETTLE = 0.003  # seconds to let woken threads reach their checkpoints
MAX_STEPS = 5000

REAL_LOCK = _thread.allocate_lock
REAL_RLOCK = _thread.RLock


class Rec:
    def __init__(self, num, thread):
        self.num = num
        self.thread = thread
        self.gate = REAL_LOCK()
        self.gate.acquire()
        self.state = "new"  # "at" a checkpoint, "running" (granted), "done"
        self.info = None  # (kind, line, detail)
        self.entered = False


class S:
    level = None
    lock = REAL_LOCK()
    recs = {}  # num -> Rec
    started = []  # Thread objects in start order
    main_ident = None
    main_done = False
    arrivals = 0
    exceptions = []
    log = []
    critical_lines = set()


def current_rec(create=True):
    ident = _thread.get_ident()
    with S.lock:
        if ident == S.main_ident:
            num, th = 0, threading.main_thread()
        else:
            # newest first: a finished thread's ident can be reused
            for i in range(len(S.started) - 1, -1, -1):
                t = S.started[i]
                if t._ident == ident:
                    num, th = i + 1, t
                    break
            else:
                return None
        rec = S.recs.get(num)
        if rec is None and create:
            rec = S.recs[num] = Rec(num, th)
        return rec


def level_line():
    f = sys._getframe(1)
    while f is not None:
        if f.f_code.co_filename == S.level:
            return f.f_lineno
        f = f.f_back
    return 0


# START_BLOCKS=1: a new thread's own start-up (setting the event that
# Thread.start() waits on) is a checkpoint too, so start() blocks until the
# new thread is stepped, as on the page.
START_BLOCKS = os.environ.get("START_BLOCKS") == "1"


def checkpoint(kind, detail=None):
    rec = current_rec()
    if rec is None or not (rec.entered or (START_BLOCKS and rec.num > 0)):
        return
    line = level_line()
    with S.lock:
        rec.state = "at"
        rec.info = (kind, line, detail)
        S.arrivals += 1
    rec.gate.acquire()


# --- traced locks -----------------------------------------------------------


class CheckedLock:
    def __init__(self):
        self._l = REAL_LOCK()
        self._owner = None

    def acquire(self, blocking=True, timeout=-1):
        checkpoint("acquire", id(self))
        got = self._l.acquire(blocking, timeout)
        if got:
            self._owner = _thread.get_ident()
        return got

    def release(self):
        checkpoint("release", id(self))
        self._owner = None
        self._l.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    def locked(self):
        return self._l.locked()

    def _is_owned(self):
        return self._owner == _thread.get_ident()

    def _at_fork_reinit(self):
        self._l._at_fork_reinit()


class CheckedRLock:
    def __init__(self):
        self._l = REAL_RLOCK()

    def acquire(self, blocking=True, timeout=-1):
        checkpoint("acquire", id(self))
        return self._l.acquire(blocking, timeout)

    def release(self):
        checkpoint("release", id(self))
        self._l.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    def _is_owned(self):
        return self._l._is_owned()

    def _release_save(self):
        checkpoint("release", id(self))
        return self._l._release_save()

    def _acquire_restore(self, state):
        checkpoint("acquire", id(self))
        self._l._acquire_restore(state)


threading.Lock = CheckedLock
threading.RLock = CheckedRLock

_orig_start = threading.Thread.start


def _start(self):
    with S.lock:
        S.started.append(self)
    _orig_start(self)


threading.Thread.start = _start


def _excepthook(args):
    rec = current_rec(create=False)
    S.exceptions.append(
        {
            "thread": rec.num if rec else None,
            "type": args.exc_type.__name__,
            "message": str(args.exc_value),
        }
    )
    sys.__stderr__.write(
        f"Exception in thread {args.thread.name}: "
        f"{args.exc_type.__name__}: {args.exc_value}\n"
    )


threading.excepthook = _excepthook

# --- tracing the level's own code ------------------------------------------

OPS = {
    "LOAD_GLOBAL": "load",
    "LOAD_NAME": "load",
    "STORE_GLOBAL": "store",
    "STORE_NAME": "store",
    "BINARY_SUBSCR": "getitem",
    "STORE_SUBSCR": "setitem",
    "DELETE_SUBSCR": "delitem",
}
_opcache = {}


def _ops(code):
    m = _opcache.get(code)
    if m is None:
        m = _opcache[code] = {
            i.offset: (OPS[i.opname], i.argval)
            for i in dis.get_instructions(code)
            if i.opname in OPS
        }
    return m


def _is_data(frame, name):
    if name in frame.f_globals:
        v = frame.f_globals[name]
    elif name in frame.f_builtins:
        return False
    else:
        return True  # a store of a new global
    if isinstance(v, (types.ModuleType, type)) or callable(v):
        return False
    return type(v).__module__ in ("builtins",)


def _local_trace(frame, event, arg):
    if event == "line":
        checkpoint("line")
    elif event == "opcode":
        op = _ops(frame.f_code).get(frame.f_lasti)
        if op is not None:
            kind, name = op
            if kind in ("load", "store"):
                if _is_data(frame, name):
                    checkpoint(kind, name)
            else:
                checkpoint(kind)
    return _local_trace


def _global_trace(frame, event, arg):
    if event == "call" and frame.f_code.co_filename == S.level:
        rec = current_rec()
        if rec is not None:
            rec.entered = True
        frame.f_trace_opcodes = True
        return _local_trace
    return None


# --- the controller ---------------------------------------------------------


def alive(rec):
    if rec.num == 0:
        return not S.main_done
    t = rec.thread
    # a thread still starting up is not is_alive() yet, but it lives
    return not t._started.is_set() or t.is_alive()


def runnable():
    with S.lock:
        return sorted(n for n, r in S.recs.items() if r.state == "at")


def finished():
    """The program is over: main is done and no non-daemon thread lives."""
    if not S.main_done:
        return False
    for t in S.started:
        if (not t._started.is_set() or t.is_alive()) and not t.daemon:
            return False
    return True


def grant(num):
    rec = S.recs[num]
    with S.lock:
        rec.state = "running"
    S.log.append((num,) + tuple(rec.info))
    rec.gate.release()
    deadline = time.monotonic() + BLOCK
    while time.monotonic() < deadline:
        if rec.state == "at" or not alive(rec):
            break
        time.sleep(0.0002)
    settle()


def settle():
    while True:
        n = S.arrivals
        time.sleep(SETTLE)
        if S.arrivals == n:
            return


def critical_now():
    with S.lock:
        on = [
            n
            for n, r in S.recs.items()
            if r.state == "at" and r.info[1] in S.critical_lines
        ]
    return on if len(on) >= 2 else None


def wait_for_arrival():
    """Nobody is at a checkpoint: wait for one, or for the end."""
    deadline = time.monotonic() + BLOCK * 3
    while time.monotonic() < deadline:
        if runnable() or finished():
            return True
        time.sleep(0.001)
    return False


WAIT = -1  # a policy's answer: nobody yet, look again


class Sticky:
    def __init__(self):
        self.cur = None

    def choose(self, at):
        if self.cur in at:
            return self.cur
        self.cur = at[0]
        return self.cur


class StickyHighest(Sticky):
    def choose(self, at):
        if self.cur in at:
            return self.cur
        self.cur = at[-1]
        return self.cur


class Lowest:
    def choose(self, at):
        return at[0]


class Random:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def choose(self, at):
        return self.rng.choice(at)


class Script:
    """Directives (thread, until): until is a line number, 'load NAME',
    'store NAME', '@text' (the line containing text), 'block' (until it is not at a checkpoint), 'end', or an
    int step count as '+K'. Then `sticky`."""

    def __init__(self, steps, source):
        self.steps = [(n, self.resolve(u, source)) for n, u in steps]
        self.count = None
        self.after = Sticky()
        self.stuck = None
        self.patience = None

    @staticmethod
    def resolve(until, source):
        # '@text': the line whose code contains text (once in the program)
        if isinstance(until, str) and until.startswith("@"):
            lines = source.split("\n")
            found = [i + 1 for i, ln in enumerate(lines)
                     if not ln.startswith("#") and until[1:] in ln.split("  #")[0]]
            if len(found) != 1:
                sys.exit(f"{until!r} matches lines {found}")
            return found[0]
        return until

    def done(self, num, until):
        rec = S.recs.get(num)
        if until == "end":
            return rec is not None and not alive(rec)
        if until == "block":
            return rec is not None and rec.state != "at"
        if rec is None or rec.state != "at":
            return False
        kind, line, detail = rec.info
        if isinstance(until, int):
            return line == until
        if until.startswith("+"):
            if self.count is None:
                self.count = int(until[1:])
            return self.count == 0
        k, _, name = until.partition(" ")
        return kind == k and detail == name

    def choose(self, at):
        while self.steps:
            num, until = self.steps[0]
            if self.done(num, until):
                self.steps.pop(0)
                self.count = None
                continue
            rec = S.recs.get(num)
            if rec is None or not rec.entered:
                # let main start the thread, and new threads start up
                if 0 in at:
                    return 0
                starting = [n for n in at if not S.recs[n].entered]
                if starting:
                    return starting[0]
            if num not in at:
                # a thread still starting, or just woken: give it time
                if self.patience is None:
                    self.patience = time.monotonic() + 2.0
                if time.monotonic() < self.patience:
                    time.sleep(0.01)
                    return WAIT
                self.stuck = f"thread {num} cannot run to {until!r} " + repr([(r.num, r.state, r.entered, r.info, alive(r)) for r in S.recs.values()])
                return None
            self.patience = None
            if self.count is not None:
                self.count -= 1
            return num
        return self.after.choose(at)


def controller(policy, goal):
    outcome = None
    detail = None
    steps = 0
    # the main thread's first checkpoint
    wait_for_arrival()
    while True:
        if S.exceptions:
            outcome, detail = "exception", S.exceptions[0]
            break
        on = critical_now()
        if on:
            outcome, detail = "critical", {"threads": on}
            break
        at = runnable()
        if not at:
            if finished():
                outcome = "ok"
                break
            if not wait_for_arrival():
                if finished():
                    outcome = "ok"
                    break
                blocked = [n for n, r in S.recs.items() if alive(r)]
                outcome, detail = "deadlock", {"blocked": blocked}
                break
            continue
        if steps >= MAX_STEPS:
            outcome = "limit"
            break
        num = policy.choose(at)
        if num == WAIT:
            continue
        if num is None:
            outcome, detail = "stuck", policy.stuck
            break
        grant(num)
        steps += 1
    # let the output of finished runs flush before reporting
    sys.stdout.flush()
    report = {"outcome": outcome, "detail": detail, "steps": steps}
    if os.environ.get("SCHEDULE_LOG"):
        report["log"] = S.log
    sys.__stderr__.write("@@ " + json.dumps(report) + "\n")
    sys.__stderr__.flush()
    os._exit(0)


def header(path):
    meta = {"hint": []}
    with open(path) as f:
        lines = f.read().split("\n")
    for ln in lines:
        if not ln.startswith("#"):
            break
        body = ln[1:].strip()
        key, sep, val = body.partition(":")
        if sep and key in ("title", "story", "goal", "promise"):
            meta[key] = val.strip()
        elif sep and key == "hint":
            meta["hint"].append(val.strip())
    crit = {i + 1 for i, ln in enumerate(lines) if ln.rstrip().endswith("# critical")}
    return meta, crit


def main():
    path = os.path.abspath(sys.argv[1])
    policy_name = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    meta, crit = header(path)
    S.level = path
    S.critical_lines = crit
    if policy_name == "sticky":
        policy = Sticky()
    elif policy_name == "highest":
        policy = StickyHighest()
    elif policy_name == "lowest":
        policy = Lowest()
    elif policy_name == "random":
        policy = Random(seed)
    elif policy_name == "solution":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        sys.dont_write_bytecode = True
        from solutions import SOLUTIONS

        with open(path) as f:
            policy = Script(SOLUTIONS[os.path.basename(path)], f.read())
    else:
        sys.exit(f"unknown policy {policy_name}")
    S.main_ident = _thread.get_ident()
    with open(path) as f:
        code = compile(f.read(), path, "exec")
    ctl = threading.Thread(
        target=controller, args=(policy, meta.get("goal")), name="controller", daemon=True
    )
    _orig_start(ctl)
    g = {"__name__": "__main__", "__file__": path}
    sys.settrace(_global_trace)
    threading.settrace(_global_trace)
    try:
        exec(code, g)
    except BaseException as e:  # the main thread's uncaught exception
        sys.settrace(None)
        S.exceptions.append({"thread": 0, "type": type(e).__name__, "message": str(e)})
        sys.__stderr__.write(f"Traceback: {type(e).__name__}: {e}\n")
    sys.settrace(None)
    S.main_done = True
    with S.lock:
        S.recs[0].state = "done"
    ctl.join()


if __name__ == "__main__":
    main()
