# Executor.map re-raises a task's exception when iteration reaches that item.
from concurrent.futures import ThreadPoolExecutor

def inv(x):
    return 10 // x

with ThreadPoolExecutor(2) as ex:
    got = []
    try:
        for r in ex.map(inv, [1, 2, 0, 5]):
            got.append(r)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    print(got)
