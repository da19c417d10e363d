# Strings made on eight threads and freed on the main thread, twenty rounds.
# (Found in review: the memory budget's per-thread batches lost what a
# thread had not flushed when it ended, the count wrapped below zero, and
# round 1 raised MemoryError.)
import threading

results = []


def work(k):
    for i in range(60):
        results.append("item %d from %d" % (i, k) + "." * 40)


for rnd in range(20):
    ts = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(rnd, len(results))
    results = []
