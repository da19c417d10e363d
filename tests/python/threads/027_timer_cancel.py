# A cancelled Timer never runs its function; cancel() wakes it early.
import threading
import time

ran = []
t = threading.Timer(10, lambda: ran.append("should not run"))
t.start()
start = time.monotonic()
t.cancel()
t.join()
print("ran:", ran)
print("cancel ended the 10 s wait early:", time.monotonic() - start < 1)
print("alive:", t.is_alive())
t0 = threading.Timer(0.01, lambda: ran.append("cancelled before start"))
t0.cancel()
t0.start()
t0.join()
print("ran:", ran)
t2 = threading.Timer(0.01, lambda: ran.append("runs"))
t2.start()
t2.join()
t2.cancel()
print("ran:", ran)
