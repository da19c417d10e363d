# random.choice and random.shuffle after seeding.
import random
random.seed(10)
print([random.choice([1, 2, 3, 4]) for _ in range(15)])
random.seed(11)
print([random.choice("abcdefg") for _ in range(10)])
print(random.choice(("only",)), random.choice(range(100, 200)))
random.seed(12)
deck = list(range(10))
random.shuffle(deck)
print(deck)
random.shuffle(deck)
print(deck)
words = ["进程", "线程", "锁", "队列", "池"]
random.seed(13)
random.shuffle(words)
print(words)
try:
    random.choice([])
except IndexError as e:
    print("IndexError:", e)
random.seed(14)
print(sorted(random.choice([1, 2, 3, 4]) for _ in range(10)))
