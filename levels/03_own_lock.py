# title: Bring your own lock
# story: This time the programmer remembered the lock: each visit to the
#   page is counted inside `with lock:`. Show that two threads can still be
#   in the counting line at the same time.
# goal: critical
# hint: A lock only keeps out threads that use the same lock.
# hint: Where is the lock made, and how many times is that line run?
# hint: Step the first thread into the `with`, then step the second thread in too: each holds a lock of its own.
# promise: prints "visits: 2"
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
