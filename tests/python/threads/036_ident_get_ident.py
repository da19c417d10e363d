# get_ident() inside a thread equals that thread's ident; idents differ while alive.
import threading

ids = {}
gate = threading.Barrier(3)

def record(key):
    ids[key] = (threading.get_ident(), threading.current_thread().ident)
    gate.wait()

threads = [threading.Thread(target=record, args=(k,)) for k in ("a", "b")]
for t in threads:
    t.start()
gate.wait()
for t in threads:
    t.join()
print(all(a == b for a, b in ids.values()))
print(ids["a"][0] != ids["b"][0])
print(threading.get_ident() == threading.main_thread().ident)
print([ids[k][0] == t.ident for k, t in zip("ab", threads)])
