# imap preserves order; imap_unordered does not, so its results are sorted.
from multiprocessing import Pool
import time

def slow_double(x):
    time.sleep(0.002 * (5 - x % 5))
    return x * 2

if __name__ == "__main__":
    with Pool(3) as pool:
        print(list(pool.imap(slow_double, range(10))))
        print(sorted(pool.imap_unordered(slow_double, range(10))))
        it = pool.imap(slow_double, [7, 8])
        print(next(it), next(it))
