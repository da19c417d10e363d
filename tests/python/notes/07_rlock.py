# Notes snippet 7 of 8 (section 线程锁, RLock): each thread holds an RLock twice, sleeping 1 s.
# Changes: indentation repaired only (the holds are serialised: ~5 s run).
# Compare: line set, order free ("thread Thread-1 get mutex" .. "thread Thread-5 get
#   mutex", each once; the order is whoever gets the lock next).
import threading
import time
# Lock普通锁不可嵌套，RLock普通锁可嵌套
mutex = threading.RLock()

class MyThread(threading.Thread):
    def run(self):
        if mutex.acquire(1):
            print("thread " + self.name + " get mutex")
            time.sleep(1)
            mutex.acquire()
            mutex.release()
        mutex.release()

if __name__ == '__main__':
    for i in range(5):
        t = MyThread()
        t.start()
