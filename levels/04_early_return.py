# title: Sold out
# title.zh: 售罄
# story: One ticket is left and two sellers are at work. Each seller takes the
#   lock to sell, and checks again once it holds the lock, in case the last
#   ticket went while it waited.
# story.zh: 只剩最后一张票，两个售票员在工作。每个售票员都要先拿到锁才卖票，拿到锁之后还会再检查一次，以防在等锁期间最后一张票已经卖掉了。
# goal: deadlock
# hint: Every path out of the locked part must release the lock.
# hint.zh: 离开加锁部分的每一条路径都必须释放锁。
# hint: Which path leaves the function while the lock is still held? Who needs the lock after that?
# hint.zh: 哪条路径在仍然持有锁的时候离开了函数？之后谁还需要这把锁？
# hint: Let both sellers see one ticket at the first check, let one sell it, then let the other take the lock.
# hint.zh: 让两个售票员在第一次检查时都看到还有一张票，让其中一个把它卖掉，再让另一个去拿锁。
# promise: prints "sold 1, left 0"
# promise.zh: 打印 "sold 1, left 0"
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
