# title: Busy printer
# story: One printer, three documents, and a semaphore so that one job prints
#   at a time. A job that finds the printer busy leaves its document in the
#   tray, and the `finally` always gives the printer back.
# goal: critical
# hint: A Semaphore is only a counter: release() adds one, whoever calls it.
# hint: Which path calls release() without having acquired?
# hint: While one job is printing, let a second find the printer busy and leave; then send in the third.
# promise: prints "printed ['letter', 'poster', 'report'], tray []"
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
