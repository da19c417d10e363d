# daemon flags: default False, inherited from the creating thread, settable before start.
import threading

def noop():
    pass

t = threading.Thread(target=noop)
print("default:", t.daemon)
d = threading.Thread(target=noop, daemon=True)
print("explicit:", d.daemon)
t.daemon = True
print("set before start:", t.daemon)
inherited = {}

def spawn():
    child = threading.Thread(target=noop)
    inherited["child"] = child.daemon

p = threading.Thread(target=spawn, daemon=True)
p.start()
p.join()
print("child of daemon thread:", inherited["child"])
s = threading.Thread(target=noop)
s.start()
s.join()
try:
    s.daemon = True
except RuntimeError as e:
    print("RuntimeError:", e)
print("main thread daemon:", threading.current_thread().daemon)
