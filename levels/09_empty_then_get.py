# title: Is there any left?
# story: Three jobs wait in a queue and two workers share them out. Each
#   worker keeps taking jobs while the queue is not empty, then goes home.
# goal: deadlock
# hint: `empty()` tells you about the queue as it was, not as it will be.
# hint: `get()` on an empty queue waits until something is put in. Will anything be?
# hint: When one job is left, let both workers see a non-empty queue before either takes it.
# promise: prints "squares [1, 4, 9]"
# solution: 1.1.1.1.1.1.1.2.2.2.2.1

import queue
import threading

jobs = queue.Queue()
for n in [1, 2, 3]:
    jobs.put(n)
squares = []


def worker():
    while not jobs.empty():
        n = jobs.get()
        squares.append(n * n)


w1 = threading.Thread(target=worker)
w2 = threading.Thread(target=worker)
w1.start()
w2.start()
w1.join()
w2.join()

print(f"squares {sorted(squares)}")
