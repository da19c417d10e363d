# title: Bring your own lock
# title.zh: 自带一把锁
# story: This time the programmer remembered the lock: each visit to the
#   page is counted inside `with lock:`. Show that two threads can still be
#   in the counting line at the same time.
# story.zh: 这一次程序员记得加锁了：页面的每次访问都在 `with lock:` 里计数。请证明两个线程仍然可以同时处在计数的那一行。
# goal: critical
# hint: A lock only keeps out threads that use the same lock.
# hint.zh: 锁只能挡住使用同一把锁的线程。
# hint: Where is the lock made, and how many times is that line run?
# hint.zh: 锁是在哪里创建的？创建它的那一行运行了几次？
# hint: Step the first thread into the `with`, then step the second thread in too: each holds a lock of its own.
# hint.zh: 让第一个线程单步进入 `with`，再让第二个线程也进去：它们各自持有自己的一把锁。
# promise: prints "visits: 2"
# promise.zh: 打印 "visits: 2"
# solution: 1.1.2.2

import threading

visits = 0


def count_visit():
    global visits
    lock = threading.Lock()
    with lock:
        visits += 1  # critical


t1 = threading.Thread(target=count_visit)
t2 = threading.Thread(target=count_visit)
t1.start()
t2.start()
t1.join()
t2.join()

print(f"visits: {visits}")
