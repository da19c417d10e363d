# random.sample and random.uniform after seeding.
import random
random.seed(20)
print(random.sample(range(100), 5))
print(random.sample(["a", "b", "c", "d"], 4))
print(random.sample([1, 2, 3], 0))
random.seed(21)
print([random.uniform(1, 2) for _ in range(3)])
print(random.uniform(-10, 10), random.uniform(5, 5))
random.seed(22)
print(random.sample(range(10 ** 6), 3))
print(random.sample("abcdefghij", 3))
try:
    random.sample([1, 2], 3)
except ValueError as e:
    print("ValueError:", e)
random.seed(23)
print(round(random.uniform(0, 100), 3), f"{random.uniform(0, 1):.5f}")
