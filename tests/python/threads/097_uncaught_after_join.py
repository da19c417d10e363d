# Threads finish, then the main thread raises: exit code 1, stdout kept.
import threading

results = []
ts = [threading.Thread(target=results.append, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results))
raise RuntimeError(f"main failed after {len(results)} results")
