# RLock is re-entrant for its owner and must be released as often as acquired.
import threading

r = threading.RLock()
print(r.acquire(), r.acquire(), r.acquire(False))
r.release()
r.release()
r.release()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)

def recursive(n):
    with r:
        if n == 0:
            return 0
        return n + recursive(n - 1)

print(recursive(10))
plain = threading.Lock()
plain.acquire()
print("Lock second acquire (non-blocking):", plain.acquire(False))
plain.release()
