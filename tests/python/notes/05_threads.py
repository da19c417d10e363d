# Notes snippet 5 of 8 (section 多线程): two threads named by their argument.
# Changes: indentation repaired only. No join: the program ends when both threads end.
# Compare: line set, order free (thread 1 almost always prints first, but nothing
#   orders the two prints).
import threading

# 这个函数名可随便定义
def run(n):
    print("current task：", n)

if __name__ == "__main__":
    t1 = threading.Thread(target=run, args=("thread 1",))
    t2 = threading.Thread(target=run, args=("thread 2",))
    t1.start()
    t2.start()
