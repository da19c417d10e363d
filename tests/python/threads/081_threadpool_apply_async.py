# multiprocessing.pool.ThreadPool: apply_async results read in submit order; shared memory is visible.
from multiprocessing.pool import ThreadPool
import threading

shared = []
lock = threading.Lock()

def task(i):
    with lock:
        shared.append(i)
    return i * 100

with ThreadPool(3) as pool:
    rs = [pool.apply_async(task, (i,)) for i in range(6)]
    print([r.get() for r in rs])
    print(pool.starmap(lambda a, b: a - b, [(5, 1), (9, 4)]))
    print(list(pool.imap(lambda x: -x, [1, 2, 3])))
print(sorted(shared))
