# with over a user class: __enter__/__exit__ order and the `as` value.
class Resource:
    def __init__(self, name):
        self.name = name
        print(f"init {name}")
    def __enter__(self):
        print(f"enter {self.name}")
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print(f"exit {self.name}: {exc_type} {exc!r} tb_is_none={tb is None}")
        return False
with Resource("a") as value:
    print("body got", value)
print("after with")
try:
    with Resource("b") as v:
        print("body raising")
        raise ValueError("inside")
        print("not reached")
except ValueError as e:
    print("propagated", repr(e))
def early_return():
    with Resource("c"):
        return "returned from with"
print(early_return())
for i in range(2):
    with Resource(f"loop{i}"):
        if i == 0:
            continue
        print("second iteration body")
with Resource("noas"):
    print("no as target")
