# as_completed yields futures as they finish; results are sorted before printing.
from concurrent.futures import ThreadPoolExecutor, as_completed
import time

def job(n):
    time.sleep(0.005 * (n % 3))
    return n, n ** 3

with ThreadPoolExecutor(max_workers=4) as ex:
    futs = {ex.submit(job, n): n for n in range(8)}
    results = []
    for f in as_completed(futs):
        n, cube = f.result()
        results.append((futs[f], cube))
print(sorted(results))
print(len(results))
