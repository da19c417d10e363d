# Pool.apply blocks for one result; map_async gives an AsyncResult with wait/ready/get.
from multiprocessing import Pool

def cube(x):
    return x ** 3

def fail(x):
    raise KeyError(x)

if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.apply(cube, (3,)))
        ar = pool.map_async(cube, [1, 2, 3])
        ar.wait()
        print(ar.ready(), ar.get())
        bad = pool.apply_async(fail, ("k",))
        bad.wait()
        print(bad.ready())
        try:
            bad.get()
        except KeyError as e:
            print("KeyError re-raised in parent:", repr(e))
        print(pool.apply_async(cube, (4,)).get(timeout=2))
