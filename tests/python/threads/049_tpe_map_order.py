# Executor.map yields results in input order regardless of completion order.
from concurrent.futures import ThreadPoolExecutor
import time

def work(x):
    time.sleep(0.02 if x % 2 == 0 else 0.001)
    return x * 10

with ThreadPoolExecutor(3) as ex:
    print(list(ex.map(work, range(8))))
    print(list(ex.map(lambda a, b: a + b, [1, 2, 3], [10, 20, 30, 40])))
    print(list(ex.map(str.upper, ["线程", "pool", "map"])))
