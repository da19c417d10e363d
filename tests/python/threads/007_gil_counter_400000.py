# Four threads each do `n += 1` 100000 times: CPython 3.11's GIL gives 400000.
import threading

n = 0

def work():
    global n
    for _ in range(100000):
        n += 1

threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(n)
