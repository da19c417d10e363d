# Queue(maxsize=1) between one producer and one consumer: items arrive in order.
import queue
import threading

q = queue.Queue(maxsize=1)
got = []

def consumer():
    for _ in range(8):
        got.append(q.get())
        q.task_done()

c = threading.Thread(target=consumer)
c.start()
for i in range(8):
    q.put(i * i)
q.join()
c.join()
print(got)
print(q.qsize(), q.empty(), q.full())
