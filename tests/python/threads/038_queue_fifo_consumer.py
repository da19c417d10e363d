# queue.Queue with one producer and one consumer preserves FIFO order.
import queue
import threading

q = queue.Queue()
received = []

def consumer():
    while True:
        item = q.get()
        if item is None:
            break
        received.append(item)

c = threading.Thread(target=consumer)
c.start()
for word in ["A", "B", "C", "D", "进程", "线程"]:
    q.put(word)
q.put(None)
c.join()
print(received)
print("empty:", q.empty(), "size:", q.qsize())
