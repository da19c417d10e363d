# Subclassing Thread and overriding run(); results stored on the object.
import threading

class SumWorker(threading.Thread):
    def __init__(self, numbers):
        super().__init__()
        self.numbers = numbers
        self.result = None

    def run(self):
        total = 0
        for n in self.numbers:
            total += n
        self.result = total

chunks = [range(0, 100), range(100, 200), range(200, 300)]
workers = [SumWorker(c) for c in chunks]
for w in workers:
    w.start()
for w in workers:
    w.join()
print([w.result for w in workers])
print(sum(w.result for w in workers), sum(range(300)))
print([w.name for w in workers])
