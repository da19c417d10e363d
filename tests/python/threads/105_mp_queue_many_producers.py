# Several producer processes feed one mp.Queue; the parent sorts what it receives.
import multiprocessing as mp

def producer(pid_tag, q):
    for i in range(4):
        q.put((pid_tag, i))

if __name__ == "__main__":
    q = mp.Queue()
    ps = [mp.Process(target=producer, args=(tag, q)) for tag in "xyz"]
    for p in ps:
        p.start()
    items = [q.get() for _ in range(12)]
    for p in ps:
        p.join()
    print(sorted(items))
    print([p.exitcode for p in ps])
