# title: Busy printer
# title.zh: 打印机正忙
# story: One printer, three documents, and a semaphore so that one job prints
#   at a time. A job that finds the printer busy leaves its document in the
#   tray, and the `finally` always gives the printer back.
# story.zh: 一台打印机、三份文档，再加一个信号量，保证一次只有一个任务在打印。发现打印机正忙的任务会把文档留在托盘里，而 `finally` 总会把打印机交还出去。
# goal: critical
# hint: A Semaphore is only a counter: release() adds one, whoever calls it.
# hint.zh: 信号量（Semaphore）只是一个计数器：release() 就是加一，不管是谁调用的。
# hint: Which path calls release() without having acquired?
# hint.zh: 哪条路径没有获取就调用了 release()？
# hint: While one job is printing, let a second find the printer busy and leave; then send in the third.
# hint.zh: 在一个任务打印时，让第二个任务发现打印机正忙并离开；然后放第三个任务进来。
# promise: prints "printed ['letter', 'poster', 'report'], tray []"
# promise.zh: 打印 "printed ['letter', 'poster', 'report'], tray []"
# solution: 1.2.2.2.3

import threading

printer = threading.Semaphore(1)
printed = []
tray = []


def print_now(doc):
    try:
        if not printer.acquire(blocking=False):
            tray.append(doc)  # printer busy: leave it in the tray
            return
        printed.append(doc)  # critical
    finally:
        printer.release()


job1 = threading.Thread(target=print_now, args=("report",))
job2 = threading.Thread(target=print_now, args=("letter",))
job3 = threading.Thread(target=print_now, args=("poster",))
job1.start()
job2.start()
job3.start()
job1.join()
job2.join()
job3.join()

print(f"printed {sorted(printed)}, tray {tray}")
