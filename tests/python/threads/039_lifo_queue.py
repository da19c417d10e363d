# LifoQueue returns the newest item first.
import queue

q = queue.LifoQueue()
for i in range(5):
    q.put(i)
print(q.qsize(), [q.get() for _ in range(5)])
q.put("x")
q.put("y")
print(q.get_nowait(), q.get(block=False), q.empty())
try:
    q.get_nowait()
except queue.Empty:
    print("LifoQueue empty")
