# A relay: each thread waits for the previous thread's Event, so output order is fixed.
import threading

N = 5
events = [threading.Event() for _ in range(N + 1)]
order = []

def runner(i):
    events[i].wait(2)
    order.append(f"runner {i} ({threading.current_thread().name})")
    events[i + 1].set()

threads = [threading.Thread(target=runner, args=(i,), name=f"leg-{i}") for i in reversed(range(N))]
for t in threads:
    t.start()
events[0].set()
events[N].wait(2)
for t in threads:
    t.join()
print("\n".join(order))
