# Process details learners meet: kill() and terminate() exit codes and repr,
# parent_process() in a child, close(), and what cannot cross to a process.
import multiprocessing as mp
import time


def spin():
    while True:
        time.sleep(0.01)


def parent_name(q):
    q.put(mp.parent_process().name)


if __name__ == "__main__":
    for how in ["terminate", "kill"]:
        p = mp.Process(target=spin, name="spinner")
        p.start()
        getattr(p, how)()
        p.join()
        print(how, p.exitcode, repr(p).split(" ")[-1])
    q = mp.Queue()
    p = mp.Process(target=parent_name, args=(q,))
    p.start()
    print("parent_process in the child:", q.get(), mp.parent_process())
    p.join()
    p.close()
    try:
        p.is_alive()
    except ValueError as e:
        print("after close:", e)
    with mp.Pool(1) as pool:
        try:
            pool.map(lambda x: x, [1])
        except Exception as e:
            print("lambda to a pool:", type(e).__name__)
    s = mp.Semaphore(3)
    s.acquire()
    print("get_value:", s.get_value())
