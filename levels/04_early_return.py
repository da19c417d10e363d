# title: Sold out
# story: One ticket is left and two sellers are at work. Each seller takes the
#   lock to sell, and checks again once it holds the lock, in case the last
#   ticket went while it waited.
# goal: deadlock
# hint: Every path out of the locked part must release the lock.
# hint: Which path leaves the function while the lock is still held? Who needs the lock after that?
# hint: Let both sellers see one ticket at the first check, let one sell it, then let the other take the lock.
# promise: prints "sold 1, left 0"
# solution: 1.2.1.1.1.1.1.1.1.2.2

import threading

tickets = 1
sold = 0
lock = threading.Lock()


def sell_ticket():
    global tickets, sold
    if tickets == 0:
        return  # sold out: no need to queue
    lock.acquire()
    if tickets == 0:
        return  # the last one went while we queued
    tickets -= 1
    sold += 1
    lock.release()


seller1 = threading.Thread(target=sell_ticket)
seller2 = threading.Thread(target=sell_ticket)
seller1.start()
seller2.start()
seller1.join()
seller2.join()

with lock:
    print(f"sold {sold}, left {tickets}")
