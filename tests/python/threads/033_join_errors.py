# join() before start and join() of the current thread raise RuntimeError.
import threading

t = threading.Thread(target=lambda: None)
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
result = {}

def self_join():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        result["msg"] = str(e)

s = threading.Thread(target=self_join)
s.start()
s.join()
print("inside thread:", result["msg"])
