# JoinableQueue: the parent joins the queue after a worker process marks every item done.
import multiprocessing as mp

def worker(q, total):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        with total.get_lock():
            total.value += item
        q.task_done()

if __name__ == "__main__":
    q = mp.JoinableQueue()
    total = mp.Value("i", 0)
    p = mp.Process(target=worker, args=(q, total))
    p.start()
    for i in range(1, 11):
        q.put(i)
    q.join()
    print("sum after join:", total.value)
    q.put(None)
    p.join()
    print("worker exitcode:", p.exitcode)
