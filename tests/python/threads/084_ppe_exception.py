# Exceptions raised in a ProcessPoolExecutor worker are re-raised by result().
from concurrent.futures import ProcessPoolExecutor

def check(x):
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x ** 0.5

if __name__ == "__main__":
    with ProcessPoolExecutor(2) as ex:
        futs = [ex.submit(check, v) for v in (4, -1, 9)]
        for f in futs:
            try:
                print(f.result())
            except ValueError as e:
                print("ValueError:", e)
