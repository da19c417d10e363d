# random.randint and random.randrange-free integer draws after seeding.
import random
random.seed(1)
print([random.randint(1, 6) for _ in range(20)])
random.seed(2)
print([random.randint(0, 100) for _ in range(10)])
random.seed(3)
print([random.randint(-5, 5) for _ in range(12)])
random.seed(4)
print(random.randint(0, 2 ** 64), random.randint(10 ** 20, 10 ** 21))
random.seed(5)
counts = {}
for _ in range(600):
    r = random.randint(1, 3)
    counts[r] = counts.get(r, 0) + 1
print(sorted(counts.items()))
random.seed(6)
print([random.randint(7, 7) for _ in range(3)])
try:
    random.randint(5, 1)
except ValueError as e:
    print("ValueError:", e)
