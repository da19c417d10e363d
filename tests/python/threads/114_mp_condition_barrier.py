# multiprocessing.Condition and Barrier work across processes: their state
# is shared, not copied into each child.
import multiprocessing as mp


def waiter(cond, flag, q):
    with cond:
        while flag.value == 0:
            cond.wait(5)
        q.put("woke with flag %d" % flag.value)


def party(b, q, i):
    b.wait(5)
    q.put(i)


if __name__ == "__main__":
    cond = mp.Condition()
    flag = mp.Value("i", 0)
    q = mp.Queue()
    p = mp.Process(target=waiter, args=(cond, flag, q))
    p.start()
    with cond:
        flag.value = 7
        cond.notify()
    print(q.get())
    p.join()
    b = mp.Barrier(3)
    ps = [mp.Process(target=party, args=(b, q, i)) for i in range(3)]
    for x in ps:
        x.start()
    print(sorted(q.get() for _ in ps))
    for x in ps:
        x.join()
    print([x.exitcode for x in ps], b.parties, b.broken)
