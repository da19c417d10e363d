# Timer runs its function once after a delay; join waits for it.
import threading
import time

fired = []
gate = threading.Event()
start = time.monotonic()

def ring(msg):
    gate.wait(2)
    fired.append((msg, time.monotonic() - start >= 0.02))

t = threading.Timer(0.03, ring, args=("ding",))
t.start()
print("started, fired yet:", fired)
gate.set()
t.join()
print("after join:", fired)
print("alive:", t.is_alive())
t2 = threading.Timer(0.01, ring, kwargs={"msg": "dong"})
t2.start()
t2.join()
print(fired[-1][0])
