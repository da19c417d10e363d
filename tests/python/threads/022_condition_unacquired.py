# wait/notify on a Condition whose lock is not held raise RuntimeError.
import threading

c = threading.Condition()
for action in ["wait", "notify", "notify_all"]:
    try:
        if action == "wait":
            c.wait(0.01)
        elif action == "notify":
            c.notify()
        else:
            c.notify_all()
    except RuntimeError as e:
        print(action, "->", e)
lock = threading.Lock()
c2 = threading.Condition(lock)
with c2:
    print("lock held through condition:", lock.locked())
print("after:", lock.locked())
