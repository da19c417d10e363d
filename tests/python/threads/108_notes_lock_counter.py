# The notes' thread-lock example (5 MyThread subclasses), sleep shortened to 0.01 s;
# which thread produced which number varies, so values and names are printed sorted.
import threading
import time

num = 0
mutex = threading.Lock()
produced = []

class MyThread(threading.Thread):
    def run(self):
        global num
        time.sleep(0.01)
        if mutex.acquire(1):
            num = num + 1
            produced.append((num, self.name))
        mutex.release()

if __name__ == "__main__":
    threads = [MyThread() for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("final num:", num)
    print(sorted(v for v, _ in produced))
    print(sorted(n for _, n in produced))
