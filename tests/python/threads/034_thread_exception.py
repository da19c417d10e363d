# An uncaught exception in a thread prints to stderr; the program continues (exit 0).
import threading

def boom():
    raise ValueError("worker failed")

def fine(out):
    out.append("fine finished")

out = []
t = threading.Thread(target=boom)
t.start()
t.join()
print("main continues after the failed thread")
print("failed thread alive:", t.is_alive())
t2 = threading.Thread(target=fine, args=(out,))
t2.start()
t2.join()
print(out)
