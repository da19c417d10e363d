# ThreadPoolExecutor: futures read in submit order give results in submit order.
from concurrent.futures import ThreadPoolExecutor
import time

def slow_square(n):
    time.sleep(0.01 * (5 - n))
    return n * n

with ThreadPoolExecutor(max_workers=4) as ex:
    futures = [ex.submit(slow_square, i) for i in range(5)]
    print([f.result() for f in futures])
print([f.done() for f in futures])
