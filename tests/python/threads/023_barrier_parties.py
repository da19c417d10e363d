# Barrier: parties, n_waiting and distinct wait() return indices.
import threading

b = threading.Barrier(3)
print(b.parties, b.n_waiting, b.broken)
indices = []
lock = threading.Lock()

def arrive():
    idx = b.wait()
    with lock:
        indices.append(idx)

threads = [threading.Thread(target=arrive) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(indices))
print(b.n_waiting, b.broken)
