# Semaphore(0) blocks; acquire(False) and timeouts return False; release wakes a waiter.
import threading

s = threading.Semaphore(0)
print(s.acquire(False))
print(s.acquire(timeout=0.01))
got = []

def waiter():
    got.append(s.acquire(timeout=2))

t = threading.Thread(target=waiter)
t.start()
s.release()
t.join()
print("waiter got it:", got)
s.release(3)
print([s.acquire(False) for _ in range(4)])
