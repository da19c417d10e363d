# Default names: a thread with a target is "Thread-N (target)"; numbers count up.
import threading

def work():
    pass

def other_job():
    pass

t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work)
t3 = threading.Thread(target=other_job)
named = threading.Thread(target=work, name="custom")
t4 = threading.Thread(target=work)
for t in [t1, t2, t3, named, t4]:
    print(t.name)
for t in [t1, t2, t3, named, t4]:
    t.start()
    t.join()
print(threading.current_thread().name)
print(threading.main_thread().name)
