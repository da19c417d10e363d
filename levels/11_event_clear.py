# title: Missed the doorbell
# title.zh: 错过的门铃
# story: A courier leaves two parcels on the porch and rings the doorbell
#   after each one. The resident waits for the bell, takes in every parcel
#   on the porch, and resets the bell for the next ring.
# story.zh: 快递员把两个包裹放到门廊上，每放一个就按一次门铃。住户等门铃响，把门廊上的包裹全部拿进屋，然后重置门铃，等下一次铃响。
# goal: deadlock
# hint: An Event remembers only one thing: set or not set. It does not count rings.
# hint.zh: 事件（Event）只记得一件事：已设置或未设置。它不会数铃响了几次。
# hint: What if the bell rings again after the resident has emptied the porch, but before the reset?
# hint.zh: 如果住户已经把门廊清空、但还没重置门铃时，门铃又响了，会怎样？
# hint: Let the resident wait; let the courier drop the books and ring; let the resident take them in; now let the courier finish before the resident resets the bell.
# hint.zh: 让住户等待；让快递员放下书并按铃；让住户把书拿进屋；然后让快递员在住户重置门铃之前做完。
# promise: prints "taken in ['books', 'shoes']"
# promise.zh: 打印 "taken in ['books', 'shoes']"
# solution: 2.2.1.1.2.2.2.2.2.1.1.2.2.2

import threading

doorbell = threading.Event()
porch = []
taken_in = []


def deliver():
    for parcel in ["books", "shoes"]:
        porch.append(parcel)
        doorbell.set()  # ring


def take_in():
    while len(taken_in) < 2:
        doorbell.wait()
        while porch:
            taken_in.append(porch.pop(0))
        doorbell.clear()  # ready for the next ring


courier = threading.Thread(target=deliver)
resident = threading.Thread(target=take_in)
courier.start()
resident.start()
courier.join()
resident.join()

print(f"taken in {taken_in}")
