# task_done/join: join returns once every item has been marked done.
import queue
import threading

q = queue.Queue()
processed = []
lock = threading.Lock()

def worker():
    while True:
        item = q.get()
        with lock:
            processed.append(item * 2)
        q.task_done()

for _ in range(3):
    threading.Thread(target=worker, daemon=True).start()
for i in range(20):
    q.put(i)
q.join()
print("all tasks done:", len(processed))
print(sorted(processed))
print("queue empty:", q.empty())
