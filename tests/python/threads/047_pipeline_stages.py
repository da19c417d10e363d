# A three-stage pipeline of queues, each stage a single thread (order preserved).
import queue
import threading

q1, q2, q3 = queue.Queue(), queue.Queue(), queue.Queue()
STOP = None  # sentinel: no stage ever produces None

def stage(inq, outq, fn):
    while True:
        item = inq.get()
        if item is STOP:
            outq.put(STOP)
            return
        outq.put(fn(item))

t1 = threading.Thread(target=stage, args=(q1, q2, lambda x: x + 1))
t2 = threading.Thread(target=stage, args=(q2, q3, lambda x: x * 10))
t1.start()
t2.start()
for i in range(6):
    q1.put(i)
q1.put(STOP)
out = []
while True:
    item = q3.get()
    if item is STOP:
        break
    out.append(item)
t1.join()
t2.join()
print(out)
