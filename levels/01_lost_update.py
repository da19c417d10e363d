# title: One plus one
# title.zh: 一加一
# story: Two threads each add one to a shared counter, and the program checks
#   the total once both have finished.
# story.zh: 两个线程各给一个共享计数器加一，两个线程都结束后，程序检查总数。
# goal: exception
# hint: `counter += 1` is not one step: the thread reads counter, adds one, then writes it back.
# hint.zh: `counter += 1` 不是一步：线程先读取 counter，加一，再把结果写回去。
# hint: What if both threads read counter before either writes it back?
# hint.zh: 如果两个线程都在对方写回之前读取了 counter，会怎样？
# hint: Step one thread until it has read counter (0), then let the other read it too; now let both write.
# hint.zh: 单步运行一个线程，直到它读取了 counter（0），再让另一个线程也读取它；然后让两个线程都写回。
# promise: prints "counter is 2"
# promise.zh: 打印 "counter is 2"
# solution: 1.2.2.1

import threading

counter = 0


def add_one():
    global counter
    counter += 1


t1 = threading.Thread(target=add_one)
t2 = threading.Thread(target=add_one)
t1.start()
t2.start()
t1.join()
t2.join()

assert counter == 2, f"counter is {counter}"
print(f"counter is {counter}")
