# title: The wrong one wakes up
# title.zh: 唤醒错了人
# story: A baker puts buns on a shelf that holds one, and two customers buy a
#   bun each. This time everyone waits in a `while` loop, and whoever
#   changes the shelf calls notify().
# story.zh: 面包师把面包放到一个只能放一个的架子上，两位顾客各买一个。这一次每个人都在 `while` 循环里等待，谁改变了架子，谁就调用 notify()。
# goal: deadlock
# hint: The baker and the customers all wait on the same Condition.
# hint.zh: 面包师和顾客都在同一个条件变量（Condition）上等待。
# hint: notify() wakes one waiter, the one that has waited longest: not necessarily the one who can go on.
# hint.zh: notify() 只唤醒一个等待者，也就是等得最久的那个：不一定是能继续往下走的那个。
# hint: Let both customers wait before the first bun is baked, and let the baker wait on a full shelf before a customer takes the bun.
# hint.zh: 在第一个面包烤好之前，让两位顾客都开始等待；在顾客拿走面包之前，让面包师因为架子已满而等待。
# promise: prints "sold ['bun 1', 'bun 2']"
# promise.zh: 打印 "sold ['bun 1', 'bun 2']"
# solution: 2.2.2.2.3.3.3.3.1.1.1.1.1.1.1.1.2.2.2.2.2.3.3.3.3

import threading

shelf = []
sold = []
cond = threading.Condition()


def bake():
    for bun in ["bun 1", "bun 2"]:
        with cond:
            while len(shelf) == 1:  # shelf full: wait for a customer
                cond.wait()
            shelf.append(bun)
            cond.notify()


def buy():
    with cond:
        while not shelf:  # shelf empty: wait for the baker
            cond.wait()
        sold.append(shelf.pop())
        cond.notify()


baker = threading.Thread(target=bake)
customer1 = threading.Thread(target=buy)
customer2 = threading.Thread(target=buy)
baker.start()
customer1.start()
customer2.start()
baker.join()
customer1.join()
customer2.join()

print(f"sold {sorted(sold)}")
