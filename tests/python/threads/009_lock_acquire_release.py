# Lock.acquire/release/locked, non-blocking acquire and timeouts.
import threading

l = threading.Lock()
print(l.locked())
print(l.acquire())
print(l.locked())
print(l.acquire(False))
print(l.acquire(blocking=False))
print(l.acquire(timeout=0.01))
l.release()
print(l.locked())
print(l.acquire(True, 0.01))
l.release()
with l:
    print("inside with:", l.locked())
print("after with:", l.locked())
try:
    l.acquire(False, 1)
except ValueError as e:
    print("ValueError:", e)
