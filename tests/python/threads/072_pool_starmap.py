# Pool.starmap unpacks argument tuples; order preserved.
from multiprocessing import Pool

def power(base, exp):
    return base ** exp

if __name__ == "__main__":
    with Pool(3) as pool:
        print(pool.starmap(power, [(2, 10), (3, 3), (10, 2), (7, 0)]))
        print(pool.starmap(max, [(1, 5), (9, 2)]))
