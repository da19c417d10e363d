# A Barrier separates phases: every phase-1 record precedes every phase-2 record.
import threading

N = 4
barrier = threading.Barrier(N)
log = []
lock = threading.Lock()

def worker(i):
    for phase in (1, 2, 3):
        with lock:
            log.append((phase, i))
        barrier.wait()

threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
phases = [p for p, _ in log]
print(phases == sorted(phases))
for phase in (1, 2, 3):
    print(phase, sorted(i for p, i in log if p == phase))
