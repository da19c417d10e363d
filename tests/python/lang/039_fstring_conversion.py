# !r / !s conversions and nested spec fields in f-strings.
class Thing:
    def __str__(self):
        return "Thing-str"
    def __repr__(self):
        return "Thing()"
t = Thing()
print(f"{t} {t!s} {t!r}")
print(f"{[t, t]}")
print(f"{'a b'!r} {'a b'!s}")
for width in [4, 8]:
    for prec in [1, 3]:
        print(f"[{3.14159:{width}.{prec}f}]")
align = "<"
fill = "."
print(f"[{'ab':{fill}{align}6}]")
print(f"[{42:{'>'}{'+'}{8}}]")
data = {"a": 1.5, "bb": 22.25, "ccc": 333.125}
width = max(len(k) for k in data)
for k, v in data.items():
    print(f"{k:>{width}} = {v:7.2f}")
print(f"{'%d items' % 3}")
print(f"{'{} {}'.format(1, 2)}")
