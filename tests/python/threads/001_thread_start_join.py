# Start threads, join them all, then print results collected in a list (sorted).
import threading

results = []
lock = threading.Lock()

def work(n):
    value = n * n
    with lock:
        results.append(value)

threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
print(len(results), sum(results))
print(all(not t.is_alive() for t in threads))
