# A fork copies threading's objects in the state it finds them: a held lock
# stays held in the child, a semaphore keeps its count, other threads'
# Thread objects are stopped. multiprocessing's objects are shared instead.
import multiprocessing as mp
import threading
import time

sem = threading.BoundedSemaphore(2)
held = threading.Lock()
plain = threading.Lock()


def child(q):
    q.put((sem.acquire(False), sem.acquire(False), sem.acquire(False)))
    q.put((held.locked(), held.acquire(timeout=0.05), plain.acquire(False)))
    t0 = time.monotonic()
    worker.join()
    q.put((worker.is_alive(), time.monotonic() - t0 < 0.5))


if __name__ == "__main__":
    sem.acquire()
    held.acquire()
    worker = threading.Thread(target=time.sleep, args=(1,))
    worker.start()
    q = mp.Queue()
    p = mp.Process(target=child, args=(q,))
    p.start()
    print("child semaphore:", q.get())
    print("child locks:", q.get())
    print("child sees the worker thread:", q.get())
    p.join()
    print("parent semaphore:", sem.acquire(False), sem.acquire(False))
    print("parent locks:", held.locked(), plain.locked())
    worker.join()
