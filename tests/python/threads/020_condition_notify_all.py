# notify_all wakes every waiter; each re-checks its predicate.
import threading

cond = threading.Condition()
stage = 0
woke = []

def waiter(i):
    with cond:
        while stage < 1:
            cond.wait()
        woke.append(i)

threads = [threading.Thread(target=waiter, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
with cond:
    stage = 1
    cond.notify_all()
for t in threads:
    t.join()
print(sorted(woke))
with cond:
    print("wait with timeout returns:", cond.wait(0.01))
