# A Semaphore guarding 3 "connections" handed out from a list under a lock.
import threading
import time

conns = ["c0", "c1", "c2"]
pool_lock = threading.Lock()
sem = threading.Semaphore(len(conns))
used = []

def job(i):
    with sem:
        with pool_lock:
            conn = conns.pop()
        time.sleep(0.002)
        with pool_lock:
            used.append((i, conn))
            conns.append(conn)

threads = [threading.Thread(target=job, args=(i,)) for i in range(9)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(i for i, _ in used))
print(sorted(set(c for _, c in used)) <= ["c0", "c1", "c2"], sorted(conns))
