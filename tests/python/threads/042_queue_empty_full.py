# queue.Empty and queue.Full: raised by the *_nowait calls; their str() is empty.
import queue

q = queue.Queue(maxsize=2)
print(q.maxsize, q.empty(), q.full())
q.put("a")
q.put_nowait("b")
print(q.qsize(), q.full())
try:
    q.put_nowait("c")
except queue.Full as e:
    print("Full raised, str:", repr(str(e)), "repr:", repr(e))
try:
    q.put("c", block=False)
except queue.Full:
    print("Full again with block=False")
print(q.get(), q.get_nowait())
try:
    q.get_nowait()
except queue.Empty as e:
    print("Empty raised, str:", repr(str(e)), "repr:", repr(e))
print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception))
unbounded = queue.Queue()
print(unbounded.maxsize, unbounded.full())
