# title: Woken for nothing
# story: Two hungry threads wait for fruit while a picker puts two pieces in the
#   basket, calling notify() after each. An eater waits only if the basket
#   is empty.
# goal: exception
# hint: Waking up from wait() does not mean you are next to hold the lock.
# hint: Between notify() and the woken eater taking the lock back, another eater may come in and take the fruit.
# hint: Let one eater wait; let the picker add an apple and notify; before the woken eater runs, let the other eater arrive.
# promise: prints "eaten ['apple', 'pear']"
# solution: 1.1.1.1.3.3.3.2.2.2.2.2.1.1.1

import threading

basket = []
eaten = []
cond = threading.Condition()


def eat():
    with cond:
        if not basket:
            cond.wait()  # wait for some fruit
        eaten.append(basket.pop())


def pick_fruit():
    for fruit in ["apple", "pear"]:
        with cond:
            basket.append(fruit)
            cond.notify()


eater1 = threading.Thread(target=eat)
eater2 = threading.Thread(target=eat)
picker = threading.Thread(target=pick_fruit)
eater1.start()
eater2.start()
picker.start()
eater1.join()
eater2.join()
picker.join()

print(f"eaten {sorted(eaten)}")
