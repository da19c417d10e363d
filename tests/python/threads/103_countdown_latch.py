# A countdown latch built from a Condition: main waits until every worker counted down.
import threading

class Latch:
    def __init__(self, n):
        self.n = n
        self.cond = threading.Condition()

    def count_down(self):
        with self.cond:
            self.n -= 1
            if self.n == 0:
                self.cond.notify_all()

    def wait(self):
        with self.cond:
            while self.n > 0:
                self.cond.wait()

latch = Latch(6)
finished = []
lock = threading.Lock()

def worker(i):
    with lock:
        finished.append(i)
    latch.count_down()

for i in range(6):
    threading.Thread(target=worker, args=(i,)).start()
latch.wait()
print("latch open, finished:", sorted(finished))
print("count:", latch.n)
