# get/put with timeouts raise Empty/Full after waiting.
import queue
import time

q = queue.Queue(1)
t0 = time.monotonic()
try:
    q.get(timeout=0.02)
except queue.Empty:
    print("get timed out after >= 0.02s:", time.monotonic() - t0 >= 0.015)
q.put(1)
t0 = time.monotonic()
try:
    q.put(2, timeout=0.02)
except queue.Full:
    print("put timed out after >= 0.02s:", time.monotonic() - t0 >= 0.015)
try:
    q.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)
print(q.get(True, 0.01))
