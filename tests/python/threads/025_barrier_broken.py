# A Barrier wait that times out breaks the barrier for everyone.
import threading

b = threading.Barrier(2, timeout=0.02)
try:
    b.wait()
except threading.BrokenBarrierError as e:
    print("BrokenBarrierError", repr(str(e)))
print("broken:", b.broken)
b.reset()
print("after reset:", b.broken)
b2 = threading.Barrier(3)
b2.abort()
try:
    b2.wait()
except threading.BrokenBarrierError:
    print("aborted barrier raises")
action_log = []
b3 = threading.Barrier(2, action=lambda: action_log.append("action ran"))
t = threading.Thread(target=b3.wait)
t.start()
b3.wait()
t.join()
print(action_log)
