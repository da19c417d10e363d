# title: One copy, two readers
# title.zh: 一本书，两位读者
# story: The library has one copy of a book and two readers who want it. A
#   reader who finds no copy joins the waiting list, and every function
#   that changes the copies or the list takes the lock first.
# story.zh: 图书馆里这本书只有一册，两位读者都想借。没有书可借的读者会登记到等候名单上，而每个修改馆藏数量或名单的函数都会先获取锁。
# goal: deadlock
# hint: Follow `borrow` when it finds no copies left: which functions does it call, and what do they do first?
# hint.zh: 跟着 `borrow` 走，看它发现书已借完时会怎样：它调用了哪些函数？这些函数第一件事做什么？
# hint: A plain Lock does not know who holds it. Taking it again, even from the same thread, waits forever.
# hint.zh: 普通的 Lock 不知道是谁持有它。再次获取它，即使是同一个线程，也会永远等下去。
# hint: Let both readers see one copy, let Ada borrow it, then let Bo into `borrow`.
# hint.zh: 让两位读者都看到还有一本，让 Ada 借走它，然后让 Bo 进入 `borrow`。
# promise: prints "copies: 0, waiting: 1"
# promise.zh: 打印 "copies: 0, waiting: 1"
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
