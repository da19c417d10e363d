# Notes snippet 4 of 8 (section 进程池间通信): writer/reader processes over multiprocessing.Queue.
# Changes: indentation repaired only (1 s between puts kept, ~4 s run).
# Compare: masked (pids -> <PID>) and line set, order free. Fixed order within that set:
#   A B C D in that order, 结束Write after D, 父进程结束 last. The two 启动 lines race.
#   The reader is terminate()d while blocked in get(), so its last print never runs.
#   stdout is a terminal (manifest: stdout = "tty"), line-buffered as in the notes: with a
#   piped, block-buffered stdout CPython loses the terminated reader's lines (启动Read,
#   A..D) because a terminate()d process never flushes.
from multiprocessing import Process, Queue
import os, time

def write(q):
    print("启动Write子进程：%s" % os.getpid())
    for i in ["A", "B", "C", "D"]:
        q.put(i)  # 写入队列
        time.sleep(1)
    print("结束Write子进程：%s" % os.getpid())

def read(q):
    print("启动Read子进程：%s" % os.getpid())
    while True:  # 阻塞，等待获取write的值
        value = q.get(True)
        print(value)
    print("结束Read子进程：%s" % os.getpid())  # 不会执行

if __name__ == "__main__":
    # 父进程创建队列，并传递给子进程
    q = Queue()
    pw = Process(target=write, args=(q,))
    pr = Process(target=read, args=(q,))
    pw.start()
    pr.start()

    pw.join()
    # pr进程是一个死循环，无法等待其结束，只能强行结束
    # （写进程结束了，所以读进程也可以结束了）
    pr.terminate()
    print("父进程结束")
