# pop, popitem, update, del, clear.
d = {"a": 1, "b": 2, "c": 3, "d": 4}
print(d.pop("b"), d)
print(d.pop("zz", "fallback"), d.pop("zz", None))
print(d.popitem(), d)
d.update({"e": 5, "a": 100})
print(d)
d.update(f=6, g=7)
print(d)
d.update([("h", 8)])
print(d)
del d["a"]
print(d)
try:
    d.pop("missing")
except KeyError as e:
    print("KeyError:", e)
try:
    del d["missing"]
except KeyError as e:
    print("KeyError:", e)
d.clear()
print(d, len(d))
try:
    d.popitem()
except KeyError as e:
    print("KeyError:", e)
x = {"a": 1}
y = x
x |= {"b": 2}
print(y, x | {"c": 3}, y)
