# ThreadPoolExecutor worker threads are named ThreadPoolExecutor-N_M.
from concurrent.futures import ThreadPoolExecutor
import threading

def name():
    return threading.current_thread().name

with ThreadPoolExecutor(max_workers=1) as ex:
    print(sorted(set(ex.map(lambda _: name(), range(5)))))
with ThreadPoolExecutor(max_workers=1) as ex:
    print(ex.submit(name).result())
with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fetch") as ex:
    print(ex.submit(name).result())
t = threading.Thread(target=lambda: None)
print(t.name)
