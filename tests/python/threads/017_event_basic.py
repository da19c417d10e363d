# Event: set, is_set, clear and wait with timeouts.
import threading

e = threading.Event()
print(e.is_set())
print(e.wait(0.01))
e.set()
print(e.is_set(), e.wait(), e.wait(0))
e.clear()
print(e.is_set(), e.wait(0.01))
flag = []

def setter():
    flag.append("setting")
    e.set()

t = threading.Thread(target=setter)
t.start()
print("wait returned", e.wait(2))
t.join()
print(flag)
