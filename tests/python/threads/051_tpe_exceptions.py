# Exceptions inside executor tasks are re-raised by result() and returned by exception().
from concurrent.futures import ThreadPoolExecutor

def risky(x):
    if x == 3:
        raise ValueError(f"bad input {x}")
    return 100 // x

with ThreadPoolExecutor(2) as ex:
    futs = [ex.submit(risky, x) for x in [1, 2, 3, 0, 5]]
    for f in futs:
        try:
            print("result:", f.result())
        except ValueError as e:
            print("ValueError:", e)
        except ZeroDivisionError as e:
            print("ZeroDivisionError:", e)
    print([repr(f.exception()) for f in futs])
