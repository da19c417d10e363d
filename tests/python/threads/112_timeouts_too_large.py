# Timeouts and sleeps too large for CPython's clock raise OverflowError
# (found by the fuzzer: Event.wait(2**63) overflowed the demo clock).
import threading
import time

e = threading.Event()
e.set()
calls = [
    ("sleep", lambda t: time.sleep(t)),
    ("Event.wait", lambda t: e.wait(t)),
    ("Lock.acquire", lambda t: threading.Lock().acquire(True, t)),
    ("Condition.wait", lambda t: threading.Condition().wait(t)),
]
for t in (2**63, -(2**63), 10**10, 1e10, float("inf")):
    for name, f in calls:
        try:
            print(name, t, "->", f(t))
        except (OverflowError, RuntimeError, ValueError) as x:
            print(name, t, type(x).__name__ + ":", x)
print(threading.TIMEOUT_MAX)
