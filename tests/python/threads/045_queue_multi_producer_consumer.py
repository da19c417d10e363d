# Several producers and consumers; results are sorted before printing.
import queue
import threading

q = queue.Queue(maxsize=3)
results = []
lock = threading.Lock()
PRODUCERS, CONSUMERS, PER = 3, 2, 10

def producer(p):
    for i in range(PER):
        q.put((p, i))

def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        with lock:
            results.append(item)
        q.task_done()

prods = [threading.Thread(target=producer, args=(p,)) for p in range(PRODUCERS)]
cons = [threading.Thread(target=consumer) for _ in range(CONSUMERS)]
for t in prods + cons:
    t.start()
for t in prods:
    t.join()
for _ in cons:
    q.put(None)
for t in cons:
    t.join()
print(len(results), len(set(results)))
for p in range(PRODUCERS):
    mine = [i for (pp, i) in results if pp == p]
    print(p, sorted(mine) == list(range(PER)))
