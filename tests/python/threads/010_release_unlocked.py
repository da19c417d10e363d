# Releasing an unlocked Lock raises RuntimeError('release unlocked lock').
import threading

l = threading.Lock()
try:
    l.release()
except RuntimeError as e:
    print("RuntimeError:", e)
l.acquire()
l.release()
try:
    l.release()
except RuntimeError as e:
    print("again:", e)

other = threading.Lock()
other.acquire()

def release_from_other_thread():
    other.release()
    print("a Lock can be released by another thread")

t = threading.Thread(target=release_from_other_thread)
t.start()
t.join()
print("other locked:", other.locked())
