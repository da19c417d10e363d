# title: Three at the table
# story: Three philosophers sit at a round table with one fork between each
#   pair. To eat, a philosopher picks up the fork on the left, then the one
#   on the right, eats, and puts both down.
# goal: deadlock
# hint: Every philosopher needs two forks, and every fork is wanted by two philosophers.
# hint: What if everyone is holding one fork?
# hint: Let each philosopher in turn pick up the left fork, and only then try for the right one.
# promise: prints "meals [1, 1, 1]"
# solution: 1.1.1.2.2.2.3.3.3.3.1.2

import threading

forks = [threading.Lock(), threading.Lock(), threading.Lock()]
meals = [0, 0, 0]


def dine(seat):
    left = forks[seat]
    right = forks[(seat + 1) % 3]
    with left:
        with right:
            meals[seat] += 1


p0 = threading.Thread(target=dine, args=(0,))
p1 = threading.Thread(target=dine, args=(1,))
p2 = threading.Thread(target=dine, args=(2,))
p0.start()
p1.start()
p2.start()
p0.join()
p1.join()
p2.join()

print(f"meals {meals}")
