# apply_async returns AsyncResults; get() in submit order gives submit-order results.
from multiprocessing.pool import Pool
import time

def run(name):
    time.sleep(0.01 * (name % 3))
    return f"task {name} done"

if __name__ == "__main__":
    p = Pool(4)
    results = [p.apply_async(run, args=(i,)) for i in range(10)]
    p.close()
    p.join()
    for r in results:
        print(r.get())
    print(all(r.ready() for r in results))
