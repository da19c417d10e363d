# RLock hold counting as in the notes' nested-lock example, made observable.
import threading

mutex = threading.RLock()
log = []

class MyThread(threading.Thread):
    def run(self):
        if mutex.acquire(1):
            depth = 1
            mutex.acquire()
            depth += 1
            log.append((self.name, depth))
            mutex.release()
        mutex.release()

if __name__ == "__main__":
    ts = [MyThread() for _ in range(5)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(sorted(log))
    print("free afterwards:", mutex.acquire(False))
    mutex.release()
