# Subclassing multiprocessing.Process and overriding run().
import multiprocessing as mp

class Squarer(mp.Process):
    def __init__(self, n, q):
        super().__init__()
        self.n = n
        self.q = q

    def run(self):
        self.q.put((self.n, self.n * self.n, self.name))

if __name__ == "__main__":
    q = mp.Queue()
    ps = [Squarer(i, q) for i in range(1, 4)]
    for p in ps:
        p.start()
    results = sorted(q.get() for _ in ps)
    for p in ps:
        p.join()
    for r in results:
        print(r)
    print([p.exitcode for p in ps])
