# Polling loop: wait(timeout) returns False until a worker sets the Event.
import threading

done = threading.Event()
step = threading.Event()
ticks = 0

def worker():
    step.wait(2)
    done.set()

t = threading.Thread(target=worker)
t.start()
while not done.wait(0.005):
    ticks += 1
    if ticks == 3:
        step.set()
t.join()
print("ticks before done >= 3:", ticks >= 3)
print("done:", done.is_set())
