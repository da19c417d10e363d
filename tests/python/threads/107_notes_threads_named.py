# The notes' first thread example with joins added so the two lines come out in a fixed order.
import threading

def run(n):
    print("current task：", n)

if __name__ == "__main__":
    t1 = threading.Thread(target=run, args=("thread 1",))
    t2 = threading.Thread(target=run, args=("thread 2",))
    t1.start()
    t1.join()
    t2.start()
    t2.join()
    print(t1.name, "/", t2.name)
