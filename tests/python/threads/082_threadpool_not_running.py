# ThreadPool after close(): ValueError('Pool not running').
from multiprocessing.pool import ThreadPool

pool = ThreadPool(2)
print(pool.map(abs, [-1, -2, 3]))
pool.close()
try:
    pool.apply_async(abs, (-5,))
except ValueError as e:
    print("ValueError:", e)
try:
    pool.map(abs, [1])
except ValueError as e:
    print("ValueError:", e)
pool.join()
print("joined")
