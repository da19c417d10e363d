# title: Is there any left?
# title.zh: 还有剩下的吗？
# story: Three jobs wait in a queue and two workers share them out. Each
#   worker keeps taking jobs while the queue is not empty, then goes home.
# story.zh: 队列里有三个任务，由两个工作线程分着做。每个工作线程只要队列不为空就继续取任务，队列空了就下班回家。
# goal: deadlock
# hint: `empty()` tells you about the queue as it was, not as it will be.
# hint.zh: `empty()` 告诉你的是队列刚才的样子，而不是它接下来的样子。
# hint: `get()` on an empty queue waits until something is put in. Will anything be?
# hint.zh: 在空队列上调用 `get()` 会一直等到有东西放进来。还会有东西放进来吗？
# hint: When one job is left, let both workers see a non-empty queue before either takes it.
# hint.zh: 当只剩一个任务时，让两个工作线程都看到队列不为空，然后才让其中一个取走它。
# promise: prints "squares [1, 4, 9]"
# promise.zh: 打印 "squares [1, 4, 9]"
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
