# title: Three at the table
# title.zh: 三人同桌
# story: Three philosophers sit at a round table with one fork between each
#   pair. To eat, a philosopher picks up the fork on the left, then the one
#   on the right, eats, and puts both down.
# story.zh: 三位哲学家围坐在一张圆桌旁，每两人之间放着一把叉子。要吃饭时，哲学家先拿起左边的叉子，再拿起右边的，吃完后把两把都放下。
# goal: deadlock
# hint: Every philosopher needs two forks, and every fork is wanted by two philosophers.
# hint.zh: 每位哲学家需要两把叉子，而每把叉子都有两位哲学家想要。
# hint: What if everyone is holding one fork?
# hint.zh: 如果每个人手里都拿着一把叉子，会怎样？
# hint: Let each philosopher in turn pick up the left fork, and only then try for the right one.
# hint.zh: 让每位哲学家依次拿起左边的叉子，都拿起之后再让他们去拿右边的。
# promise: prints "meals [1, 1, 1]"
# promise.zh: 打印 "meals [1, 1, 1]"
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
