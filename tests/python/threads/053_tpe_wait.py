# concurrent.futures.wait with ALL_COMPLETED and FIRST_COMPLETED.
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED, ALL_COMPLETED
import threading

gate = threading.Event()

def blocked(i):
    gate.wait(2)
    return i

def quick(i):
    return i

with ThreadPoolExecutor(4) as ex:
    fast = ex.submit(quick, 0)
    slow = [ex.submit(blocked, i) for i in range(1, 4)]
    done, not_done = wait([fast] + slow, return_when=FIRST_COMPLETED)
    print("first completed:", [f.result() for f in done], len(not_done))
    gate.set()
    done, not_done = wait(slow, return_when=ALL_COMPLETED)
    print("all completed:", sorted(f.result() for f in done), len(not_done))
    done, not_done = wait([ex.submit(blocked, 9)], timeout=1)
    print(len(done), len(not_done))
