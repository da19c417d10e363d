# An RLock taken recursively inside several threads; totals exact.
import threading

lock = threading.RLock()
total = 0

def add_tree(depth):
    global total
    with lock:
        total += 1
        if depth > 0:
            add_tree(depth - 1)
            add_tree(depth - 1)

threads = [threading.Thread(target=add_tree, args=(5,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(total, 4 * (2 ** 6 - 1))
