# current_process() in the parent, cpu_count() positivity, pid relations (values not printed).
import multiprocessing as mp
import os

def report(q):
    q.put((os.getppid(), mp.current_process().name))

if __name__ == "__main__":
    me = mp.current_process()
    print(me.name, me.pid == os.getpid())
    print(mp.cpu_count() >= 1, os.cpu_count() == mp.cpu_count())
    q = mp.Queue()
    p = mp.Process(target=report, args=(q,))
    p.start()
    ppid, name = q.get()
    p.join()
    print(ppid == os.getpid(), name, p.pid != os.getpid(), isinstance(p.pid, int))
