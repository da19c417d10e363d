# title: One copy, two readers
# story: The library has one copy of a book and two readers who want it. A
#   reader who finds no copy joins the waiting list, and every function
#   that touches the copies or the list takes the lock first.
# goal: deadlock
# hint: Follow `borrow` when it finds no copies left: which functions does it call, and what do they do first?
# hint: A plain Lock does not know who holds it. Taking it again, even from the same thread, waits forever.
# hint: Let both readers see one copy, let Ada borrow it, then let Bo into `borrow`.
# promise: prints "copies: 0, waiting: 1"
# solution: 1.2.1.1.1.1.1.1.2.2.2.2.2

import threading

copies = 1
waiting = []
lock = threading.Lock()


def join_waiting_list(name):
    with lock:
        waiting.append(name)


def borrow(name):
    global copies
    with lock:
        if copies == 0:
            join_waiting_list(name)
            return
        copies -= 1


def reader(name):
    if copies > 0:
        borrow(name)
    else:
        join_waiting_list(name)


ada = threading.Thread(target=reader, args=("Ada",))
bo = threading.Thread(target=reader, args=("Bo",))
ada.start()
bo.start()
ada.join()
bo.join()

print(f"copies: {copies}, waiting: {len(waiting)}")
