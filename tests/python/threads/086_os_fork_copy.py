# After fork the child has a copy of the parent's data; changes do not come back.
import os

data = {"count": 1, "items": [1, 2]}
pid = os.fork()
if pid == 0:
    data["count"] = 100
    data["items"].append(3)
    print("child sees:", data, flush=True)
    os._exit(0)
os.waitpid(pid, 0)
print("parent sees:", data)
