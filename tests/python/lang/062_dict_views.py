# keys(), values(), items() views: printing, live updates, conversions.
d = {"one": 1, "two": 2, "three": 3}
k = d.keys()
v = d.values()
it = d.items()
print(k)
print(v)
print(it)
d["four"] = 4
print(k, len(k))
print(list(v), sum(v), max(v))
print(list(it)[-1], ("one", 1) in it, "two" in k, 2 in v)
print(sorted(k), sorted(v, reverse=True))
print(list(zip(d.keys(), d.values())))
print([key for key, val in d.items() if val % 2 == 0])
print({val: key for key, val in d.items()})
print(dict(d.items()) == d)
empty = {}
print(empty.keys(), empty.values(), empty.items())
print(list(reversed(d)), list(reversed(d.values())))
