# mp.Event signals across processes.
import multiprocessing as mp

def waiter(ev, out):
    out.put(("waiting", ev.is_set()))
    ev.wait(5)
    out.put(("released", ev.is_set()))

if __name__ == "__main__":
    ev = mp.Event()
    out = mp.Queue()
    p = mp.Process(target=waiter, args=(ev, out))
    p.start()
    print(out.get())
    ev.set()
    print(out.get())
    p.join()
    print(ev.is_set(), ev.wait(0))
