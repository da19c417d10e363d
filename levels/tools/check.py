#!/usr/bin/env python3
"""Check every level under CPython: `sticky` and `lowest` must not win (and
print the promise), `solution` must win with the level's goal, each with
thread start-up free and with start() blocking until the new thread is
stepped (START_BLOCKS). `random` schedules are counted (how often a player
stepping threads at random would win); `highest` (sticky, highest-numbered
thread first) is reported, not judged.

    python3 levels/tools/check.py [--random N] [LEVEL.py ...]
"""
import concurrent.futures
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = os.path.dirname(HERE)


def play(level, policy, seed=0, start_blocks=0):
    env = dict(os.environ, START_BLOCKS=str(start_blocks))
    p = subprocess.run(
        [sys.executable, os.path.join(HERE, "schedule.py"), level, policy, str(seed)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    lines = [ln for ln in p.stderr.splitlines() if ln.startswith("@@ ")]
    if not lines:
        return {"outcome": "harness-error", "detail": p.stderr[-500:]}, p.stdout
    return json.loads(lines[-1][3:]), p.stdout


def goal_and_promise(level):
    goal = promise = None
    with open(level) as f:
        for ln in f:
            if ln.startswith("# goal:"):
                goal = ln.split(":", 1)[1].strip()
            if ln.startswith("# promise:"):
                promise = ln.split(":", 1)[1].strip()
    return goal, promise


def main():
    args = sys.argv[1:]
    n_random = 20
    if args[:1] == ["--random"]:
        n_random = int(args[1])
        args = args[2:]
    levels = args or sorted(glob.glob(os.path.join(LEVELS, "[0-9][0-9]_*.py")))
    ok = True
    for level in levels:
        name = os.path.basename(level)
        goal, promise = goal_and_promise(level)
        jobs = []
        for sb in (0, 1):
            jobs += [("sticky", 0, sb)] * 2 + [("lowest", 0, sb)] * 2
            jobs += [("solution", 0, sb)] * 2 + [("highest", 0, sb)]
        jobs += [("random", s, s % 2) for s in range(n_random)]
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            results = list(ex.map(lambda j: (j, play(level, *j)), jobs))
        bad = []
        wins = 0
        highest = set()
        for (policy, seed, sb), (r, out) in results:
            o = r["outcome"]
            if policy == "highest":
                highest.add(o)
                continue
            if policy in ("sticky", "lowest"):
                if o != "ok":
                    bad.append(f"{policy}: {o} {r.get('detail')}")
                elif promise and promise.startswith("prints "):
                    want = promise[len("prints ") :].strip('"')
                    if out.strip() != want:
                        bad.append(f"{policy}: printed {out.strip()!r}, promise {want!r}")
            elif policy == "solution":
                if o != goal:
                    bad.append(f"solution: {o} {r.get('detail')}")
            elif o == goal:
                wins += 1
            elif o not in ("ok",):
                bad.append(f"random {seed}: {o} {r.get('detail')}")
        status = "ok" if not bad else "FAIL"
        ok &= not bad
        print(
            f"{name:28} {goal:9} {status:4}  random wins {wins}/{n_random}"
            f"  highest-first: {'/'.join(sorted(highest))}"
        )
        for b in bad:
            print("    " + b)
        sys.stdout.flush()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
