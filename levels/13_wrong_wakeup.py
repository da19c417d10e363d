# title: The wrong one wakes up
# story: A baker puts buns on a shelf that holds one, and two customers buy a
#   bun each. This time everyone waits in a `while` loop, and whoever
#   changes the shelf calls notify().
# goal: deadlock
# hint: The baker and the customers all wait on the same Condition.
# hint: notify() wakes one waiter, the one that has waited longest: not necessarily the one who can go on.
# hint: Let both customers wait before the first bun is baked, and let the baker wait on a full shelf before a customer takes the bun.
# promise: prints "sold ['bun 1', 'bun 2']"
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
