# A daemon thread still blocked at exit does not keep the program alive.
import threading

never = threading.Event()
started = threading.Event()

def background():
    started.set()
    never.wait()

t = threading.Thread(target=background, daemon=True)
t.start()
started.wait(2)
print("daemon alive at end of main:", t.is_alive())
print("main done")
