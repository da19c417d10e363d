# Thread lifecycle: new -> alive -> finished; ident assigned at start.
import threading

inside = threading.Event()
proceed = threading.Event()

def body():
    inside.set()
    proceed.wait(2)

t = threading.Thread(target=body, name="life")
print(t.name, "alive:", t.is_alive(), "ident:", t.ident)
t.start()
inside.wait(2)
print("alive while running:", t.is_alive(), "ident is int:", isinstance(t.ident, int))
proceed.set()
t.join()
print("alive after join:", t.is_alive(), "ident kept:", t.ident is not None)
print(repr(t).startswith("<Thread(life, stopped"))
