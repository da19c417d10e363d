# Seeded simulation: dice histogram and a random walk.
import random
random.seed(2024)
rolls = [random.randint(1, 6) + random.randint(1, 6) for _ in range(360)]
hist = {}
for r in rolls:
    hist[r] = hist.get(r, 0) + 1
for total in range(2, 13):
    n = hist.get(total, 0)
    print(f"{total:>2} {n:>3} {'*' * (n // 4)}")
pos = 0
walk = []
for _ in range(20):
    pos += random.choice([-1, 1])
    walk.append(pos)
print(walk, max(walk), min(walk))
print(round(random.uniform(-1, 1), 6), random.sample(range(1, 50), 6))
