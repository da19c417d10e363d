# Default arguments are evaluated once: the mutable default pitfall.
def append_to(x, target=[]):
    target.append(x)
    return target
print(append_to(1))
print(append_to(2))
print(append_to(3, []))
print(append_to(4))
def append_safe(x, target=None):
    if target is None:
        target = []
    target.append(x)
    return target
print(append_safe(1), append_safe(2))
value = 10
def show(v=value):
    return v
value = 20
print(show(), show(5))
def counter(d={}):
    d["n"] = d.get("n", 0) + 1
    return d["n"]
print(counter(), counter(), counter({}), counter())
def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ann"), greet("Bob", "Hi"), greet("Cid", punct="?"))
def power(base, exp=2):
    return base ** exp
print(power(3), power(3, 3), power(exp=0, base=9))
