# Notes snippet 2 of 8 (section 进程池（Pool）): Pool(4), 10 apply_async tasks sleeping 1-4 s.
# Changes: indentation repaired only (the sleeps stay 1-4 s, so a run takes 4-12 s).
# Compare: masked (pids -> <PID>, durations -> <T>) and line set, order free:
#   the 22 lines are fixed, their order depends on the random sleeps. Also check by
#   hand or harness: first line 父进程开始, last line 父进程结束。, at most 4 distinct pids
#   in the worker lines, and each "结束" line comes after its own "开始" line.
from multiprocessing.pool import Pool
from time import sleep, time
import random
import os

def run(name):
    print("%s子进程开始，进程ID：%d" % (name, os.getpid()))
    start = time()
    sleep(random.choice([1, 2, 3, 4]))
    end = time()
    print("%s子进程结束，进程ID：%d。耗时%0.2f" % (name, os.getpid(), end-start))


if __name__ == "__main__":
    print("父进程开始")
    p = Pool(4)
    for i in range(10):
        p.apply_async(run, args=(i,))
    p.close()
    p.join()
    print("父进程结束。")
    p.terminate()
