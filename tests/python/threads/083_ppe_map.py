# ProcessPoolExecutor.map keeps input order; submit results read in submit order.
from concurrent.futures import ProcessPoolExecutor

def collatz_len(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as ex:
        print(list(ex.map(collatz_len, [1, 6, 7, 27, 97])))
        futs = [ex.submit(collatz_len, n) for n in (3, 9, 871)]
        print([f.result() for f in futs])
