# A Semaphore(2) never lets more than two workers in at once.
import threading
import time

sem = threading.Semaphore(2)
state_lock = threading.Lock()
active = 0
peak = 0
done = []

def worker(i):
    global active, peak
    with sem:
        with state_lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.01)
        with state_lock:
            active -= 1
            done.append(i)

threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("peak <= 2:", peak <= 2)
print("all done:", sorted(done))
print("active now:", active)
