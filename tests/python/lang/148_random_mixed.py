# Mixing random calls: every call advances the same generator.
import random
random.seed(99)
print(random.random())
print(random.randint(1, 10))
print(random.choice(["x", "y", "z"]))
xs = [1, 2, 3, 4, 5]
random.shuffle(xs)
print(xs)
print(random.sample(xs, 2))
print(random.uniform(0, 1))
print(random.randint(1, 1000000))
random.seed(99)
replay = [random.random(), random.randint(1, 10), random.choice(["x", "y", "z"])]
print(replay)
from random import randint, seed
seed(7)
print([randint(1, 4) for _ in range(10)])
random.seed(7)
print([random.choice([1, 2, 3, 4]) for _ in range(10)])
