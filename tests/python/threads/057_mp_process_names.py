# Process names default to Process-N; current_process() inside the child.
import multiprocessing as mp

def show():
    me = mp.current_process()
    print("child sees name:", me.name)

if __name__ == "__main__":
    print("parent:", mp.current_process().name)
    procs = [mp.Process(target=show) for _ in range(3)]
    named = mp.Process(target=show, name="worker-x")
    print([p.name for p in procs], named.name)
    for p in procs + [named]:
        p.start()
        p.join()
    print([p.exitcode for p in procs + [named]])
