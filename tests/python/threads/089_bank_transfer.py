# Transfers between accounts under per-account locks (ordered); the total is invariant.
import threading
import random

accounts = [100] * 6
locks = [threading.Lock() for _ in accounts]

def transfers(seed):
    for _ in range(300):
        a, b = random.sample(range(len(accounts)), 2)
        amount = random.randint(1, 10)
        lo, hi = min(a, b), max(a, b)
        with locks[lo]:
            with locks[hi]:
                if accounts[a] >= amount:
                    accounts[a] -= amount
                    accounts[b] += amount

random.seed(5)
threads = [threading.Thread(target=transfers, args=(s,)) for s in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("total:", sum(accounts))
print("no negative balance:", all(x >= 0 for x in accounts))
