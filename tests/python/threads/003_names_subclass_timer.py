# Thread subclasses without a target and Timers get plain "Thread-N" names.
import threading

class Worker(threading.Thread):
    def run(self):
        pass

def fn():
    pass

a = Worker()
b = threading.Thread(target=fn)
c = threading.Timer(0.01, fn)
d = Worker(name="explicit")
e = threading.Thread()
f = threading.Thread(target=lambda: None)
for t in [a, b, c, d, e, f]:
    print(type(t).__name__, t.name)
for t in [a, b, c, d, e, f]:
    t.start()
for t in [a, b, c, d, e, f]:
    t.join()
print("done")
