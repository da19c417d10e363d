# `with lock:` releases on exceptions too.
import threading

lock = threading.Lock()
log = []

def risky(i):
    try:
        with lock:
            log.append(i)
            if i % 2:
                raise ValueError(f"odd {i}")
    except ValueError as e:
        with lock:
            log.append(str(e))

threads = [threading.Thread(target=risky, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(x for x in log if isinstance(x, int)))
print(sorted(x for x in log if isinstance(x, str)))
print("locked at end:", lock.locked())
