# Notes snippet 6 of 8 (section 线程锁): five MyThread subclasses, sleep 1 s, num += 1 under a Lock.
# Changes: indentation repaired only (~1 s run).
# Compare: masked (Thread-N -> Thread-<N>) and line set, order free. Which thread
#   produces which value varies; unmasked, the names are Thread-1..Thread-5 once each
#   and the values 1..5 once each.
import threading
import time

num = 0
mutex = threading.Lock()

class MyThread(threading.Thread):
    def run(self):
        global num
        time.sleep(1)

        if mutex.acquire(1):    # 加锁
            num = num + 1
            print(f'{self.name} : num value is  {num}')
        mutex.release()   #解锁

if __name__ == '__main__':
    for i in range(5):
        t = MyThread()
        t.start()
