# join(timeout) returns while the thread still runs; is_alive tells them apart.
import threading

release = threading.Event()

def slow():
    release.wait(2)

t = threading.Thread(target=slow)
print("before start:", t.is_alive())
t.start()
print("running:", t.is_alive())
t.join(0.02)
print("after join(0.02):", t.is_alive())
release.set()
t.join()
print("after join():", t.is_alive())
t.join(0.01)
print("joining a finished thread is fine")
