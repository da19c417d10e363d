# Processes get a copy of globals: the parent's counter is unchanged (contrast with threads).
import multiprocessing as mp
import threading

counter = 0

def bump(n):
    global counter
    for _ in range(n):
        counter += 1
    print("in child/thread counter =", counter)

if __name__ == "__main__":
    procs = [mp.Process(target=bump, args=(5,)) for _ in range(2)]
    for p in procs:
        p.start()
        p.join()
    print("parent after processes:", counter)
    threads = [threading.Thread(target=bump, args=(5,)) for _ in range(2)]
    for t in threads:
        t.start()
        t.join()
    print("parent after threads:", counter)
