# Several context managers in one with statement exit in reverse order.
class CM:
    def __init__(self, name, fail_enter=False):
        self.name = name
        self.fail_enter = fail_enter
    def __enter__(self):
        if self.fail_enter:
            print("enter failing", self.name)
            raise RuntimeError("cannot enter " + self.name)
        print("enter", self.name)
        return self.name
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return False
with CM("a") as a, CM("b") as b, CM("c") as c:
    print("body", a, b, c)
try:
    with CM("x") as x, CM("y"):
        raise KeyError("k")
except KeyError as e:
    print("caught", repr(e))
try:
    with CM("p"), CM("q", fail_enter=True), CM("r"):
        print("not reached")
except RuntimeError as e:
    print("caught", e)
with CM("outer"):
    with CM("inner"):
        print("nested body")
