# An RLock owned by one thread cannot be released or taken by another.
import threading

r = threading.RLock()
r.acquire()
outcome = {}

def intruder():
    try:
        r.release()
    except RuntimeError as e:
        outcome["release"] = str(e)
    outcome["acquire"] = r.acquire(timeout=0.02)

t = threading.Thread(target=intruder)
t.start()
t.join()
print(outcome["release"])
print("other thread could acquire:", outcome["acquire"])
r.release()
t2 = threading.Thread(target=lambda: outcome.update(after=r.acquire(False)))
t2.start()
t2.join()
print("after owner released:", outcome["after"])
