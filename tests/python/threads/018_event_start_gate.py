# Many threads wait on one Event used as a start gate.
import threading

go = threading.Event()
ready = []
ran = []
lock = threading.Lock()

def runner(i):
    with lock:
        ready.append(i)
    go.wait()
    with lock:
        ran.append(i)

threads = [threading.Thread(target=runner, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
while True:
    with lock:
        if len(ready) == 5:
            break
    go.wait(0.001)
print("ran before gate:", ran)
go.set()
for t in threads:
    t.join()
print("ran after gate:", sorted(ran))
