# A Lock protecting a read-modify-write with an explicit gap.
import threading
import time

counter = 0
lock = threading.Lock()

def add(times):
    global counter
    for _ in range(times):
        with lock:
            value = counter
            time.sleep(0)
            counter = value + 1

threads = [threading.Thread(target=add, args=(200,)) for _ in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter =", counter)
print("lock released:", not lock.locked())
