# Notes snippet 3 of 8 (section 进程锁): two processes add 1 and 3 five times under mp.Lock.
# Changes: indentation repaired only (0.1 s sleeps kept, ~1 s run).
# Compare: one of two exact outputs, depending on which process takes the lock first:
#   "1|2|3|4|5|8|11|14|17|20|" or "3|6|9|12|15|16|17|18|19|20|" (no trailing newline).
import multiprocessing as mp
import time

# 在job()中设置进程锁的使用，保证运行时一个进程的对锁内内容的独占
def job(v, num, l):
    l.acquire() # 锁住
    for _ in range(5):
        time.sleep(0.1)
        v.value += num # 获取共享内存
        print(v.value, end="|")
    l.release() # 释放

def multicore():
    l = mp.Lock() # 定义一个进程锁
    v = mp.Value('i', 0) # 定义共享内存
    # 进程锁的信息传入各个进程中
    p1 = mp.Process(target=job, args=(v,1,l))
    p2 = mp.Process(target=job, args=(v,3,l))
    p1.start()
    p2.start()
    p1.join()
    p2.join()

if __name__ == '__main__':
    multicore()
