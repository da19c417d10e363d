# active_count() and enumerate() while workers block, and after they finish.
import threading

hold = threading.Event()
started = threading.Barrier(4)

def blocked():
    started.wait()
    hold.wait(2)

threads = [threading.Thread(target=blocked, name=f"w{i}") for i in range(3)]
for t in threads:
    t.start()
started.wait()
print("active:", threading.active_count())
print(sorted(t.name for t in threading.enumerate()))
hold.set()
for t in threads:
    t.join()
print("active after:", threading.active_count())
print([t.name for t in threading.enumerate()])
