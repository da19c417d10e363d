# The notes' process-lock program with the lock around the whole loop, sleeps shortened,
# and the second process started after the first finishes so the printed order is fixed.
import multiprocessing as mp
import time

def job(v, num, l):
    l.acquire()
    for _ in range(5):
        time.sleep(0.005)
        v.value += num
        print(v.value, end="|")
    l.release()

def multicore():
    l = mp.Lock()
    v = mp.Value("i", 0)
    p1 = mp.Process(target=job, args=(v, 1, l))
    p2 = mp.Process(target=job, args=(v, 3, l))
    p1.start()
    p1.join()
    p2.start()
    p2.join()
    print()
    print("final:", v.value)

if __name__ == "__main__":
    multicore()
