# title: Woken for nothing
# title.zh: 白白被唤醒
# story: Two hungry threads wait for fruit while a picker puts two pieces in the
#   basket, calling notify() after each. An eater waits only if the basket
#   is empty.
# story.zh: 两个饥饿的线程在等水果，采摘者往篮子里放两个水果，每放一个就调用一次 notify()。吃水果的线程只在篮子为空时才等待。
# goal: exception
# hint: Waking up from wait() does not mean you are next to hold the lock.
# hint.zh: 从 wait() 中醒来，并不意味着下一个拿到锁的就是你。
# hint: Between notify() and the woken eater taking the lock back, another eater may come in and take the fruit.
# hint.zh: 在 notify() 之后、被唤醒的线程重新拿到锁之前，另一个吃水果的线程可能进来把水果拿走。
# hint: Let one eater wait; let the picker add an apple and notify; before the woken eater runs, let the other eater arrive.
# hint.zh: 让一个吃水果的线程等待；让采摘者放进苹果并调用 notify()；在被唤醒的线程运行之前，让另一个吃水果的线程到来。
# promise: prints "eaten ['apple', 'pear']"
# promise.zh: 打印 "eaten ['apple', 'pear']"
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
