# Pool workers are processes named ForkPoolWorker-N; we print only the sorted set.
import multiprocessing as mp

def who(_):
    return mp.current_process().name

if __name__ == "__main__":
    with mp.Pool(2) as pool:
        names = pool.map(who, range(20), chunksize=1)
    print(len(names), set(names) <= {"ForkPoolWorker-1", "ForkPoolWorker-2"})
    p = mp.Process(target=who, args=(0,))
    print(p.name)
