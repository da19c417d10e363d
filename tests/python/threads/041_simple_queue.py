# SimpleQueue: put/get/empty/qsize, and a producer thread feeding main.
import queue
import threading

sq = queue.SimpleQueue()
print(sq.empty(), sq.qsize())
sq.put(1)
sq.put_nowait(2)
print(sq.qsize(), sq.get(), sq.get_nowait(), sq.empty())
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("SimpleQueue get timed out")

def produce():
    for i in range(5):
        sq.put(i * i)

t = threading.Thread(target=produce)
t.start()
print([sq.get() for _ in range(5)])
t.join()
