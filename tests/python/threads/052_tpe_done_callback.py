# add_done_callback runs after completion; callbacks collected and sorted.
from concurrent.futures import ThreadPoolExecutor
import threading

seen = []
lock = threading.Lock()

def cb(fut):
    with lock:
        seen.append(fut.result())

with ThreadPoolExecutor(3) as ex:
    for i in range(6):
        ex.submit(lambda v: v * 7, i).add_done_callback(cb)
print(sorted(seen))
with ThreadPoolExecutor(1) as ex:
    f = ex.submit(lambda: "done already")
    f.result()
    late = []
    f.add_done_callback(lambda fut: late.append(fut.result()))
    print("callback on finished future runs immediately:", late)
