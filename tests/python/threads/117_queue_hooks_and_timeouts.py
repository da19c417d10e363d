# queue.Queue: a subclass overriding CPython's hooks runs them; an unbounded
# put ignores its timeout; a fractional maxsize; LIFO and priority orders.
import queue, threading
class Dedup(queue.Queue):
    def _init(self, maxsize):
        self.queue = []
    def _qsize(self):
        return len(self.queue)
    def _put(self, item):
        if item not in self.queue:
            self.queue.append(item)
    def _get(self):
        return self.queue.pop(0)
d = Dedup()
for x in [1, 2, 1, 3]:
    d.put(x)
print(d.qsize(), d.queue, d.get(), isinstance(d, queue.Queue))
q = queue.Queue()
q.put(1, timeout=-1)
q.put(2, timeout="a")
print(q.qsize())
h = queue.Queue(maxsize=2.5)
for i in range(3):
    h.put(i)
print(h.full(), h.qsize())
try:
    h.put(9, timeout=-1)
except ValueError as e:
    print("ValueError", e)
try:
    h.put_nowait(9)
except queue.Full:
    print("Full")
l = queue.LifoQueue()
for i in range(3): l.put(i)
print([l.get() for _ in range(3)])
p = queue.PriorityQueue()
for i in [3, 1, 2]: p.put(i)
print([p.get() for _ in range(3)])
q = queue.Queue()
q.put(1); q.get(); q.task_done()
try:
    q.task_done()
except ValueError as e:
    print("ValueError", e)
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("Empty")
