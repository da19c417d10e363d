# threading.local gives every thread its own attribute namespace.
import threading

data = threading.local()
data.value = "main"
seen = {}
lock = threading.Lock()

def worker(i):
    before = hasattr(data, "value")
    data.value = f"worker {i}"
    data.items = [i] * i
    with lock:
        seen[i] = (before, data.value, data.items)

threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for i in sorted(seen):
    print(i, seen[i])
print("main still sees:", data.value)
try:
    data.items
except AttributeError as e:
    print("AttributeError:", e)
