# Two threads take two locks in opposite order; timeouts expose the would-be deadlock.
import threading

a = threading.Lock()
b = threading.Lock()
both_hold_one = threading.Barrier(2)
outcome = {}

def worker(name, first, second):
    with first:
        both_hold_one.wait()
        got = second.acquire(timeout=0.03)
        outcome[name] = got
        if got:
            second.release()
        both_hold_one.wait()

t1 = threading.Thread(target=worker, args=("t1", a, b))
t2 = threading.Thread(target=worker, args=("t2", b, a))
t1.start()
t2.start()
t1.join()
t2.join()
print(sorted(outcome.items()))
print("locks free:", not a.locked() and not b.locked())
