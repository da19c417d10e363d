# After close(), apply_async and map raise ValueError('Pool not running');
# join() before close() raises ValueError too.
from multiprocessing import Pool

def f(x):
    return x

if __name__ == "__main__":
    p = Pool(2)
    try:
        p.join()
    except ValueError as e:
        print("join before close:", e)
    p.close()
    try:
        p.apply_async(f, (1,))
    except ValueError as e:
        print("apply_async after close:", e)
    try:
        p.map(f, [1, 2])
    except ValueError as e:
        print("map after close:", e)
    p.join()
    p.terminate()
    print("terminated")
