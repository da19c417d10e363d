# multiprocessing Pool.map returns results in input order.
from multiprocessing import Pool

def square(x):
    return x * x

if __name__ == "__main__":
    with Pool(4) as pool:
        print(pool.map(square, range(10)))
        print(pool.map(square, []))
        print(pool.map(len, ["a", "bb", "ccc"], chunksize=2))
