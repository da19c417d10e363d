# current_thread().name inside each thread, collected and printed after joins.
import threading

seen = {}
lock = threading.Lock()

def report(tag):
    name = threading.current_thread().name
    with lock:
        seen[tag] = name

threads = []
for i in range(4):
    threads.append(threading.Thread(target=report, args=(i,)))
threads.append(threading.Thread(target=report, args=("named",), name="thread 1"))
for t in threads:
    t.start()
for t in threads:
    t.join()
for tag in [0, 1, 2, 3, "named"]:
    print(tag, "->", seen[tag])
print("main is", threading.current_thread().name)
print(threading.current_thread() is threading.main_thread())
