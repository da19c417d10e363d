# __exit__ returning True suppresses the exception.
class Suppress:
    def __init__(self, *types):
        self.types = types
        self.caught = None
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, self.types):
            self.caught = exc
            print("suppressed", repr(exc))
            return True
        return False
with Suppress(KeyError) as s:
    {}["missing"]
    print("not reached")
print("continued; caught =", repr(s.caught))
with Suppress(ZeroDivisionError, ValueError):
    int("nope")
try:
    with Suppress(KeyError):
        [][0]
except IndexError as e:
    print("IndexError escaped:", e)
with Suppress(Exception) as s2:
    pass
print("no exception ->", s2.caught)
class Truthy:
    def __enter__(self):
        return None
    def __exit__(self, *args):
        return 1
with Truthy():
    raise RuntimeError("swallowed by truthy 1")
print("after truthy")
