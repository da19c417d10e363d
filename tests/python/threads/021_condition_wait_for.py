# Condition.wait_for with a predicate and with a timeout.
import threading

cond = threading.Condition()
items = []

def add_items():
    for i in range(5):
        with cond:
            items.append(i)
            cond.notify()

t = threading.Thread(target=add_items)
with cond:
    t.start()
    ok = cond.wait_for(lambda: len(items) == 5, timeout=2)
    print("predicate met:", ok, items)
t.join()
with cond:
    print("timed out:", cond.wait_for(lambda: len(items) > 10, timeout=0.01))
