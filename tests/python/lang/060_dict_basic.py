# dict basics: insertion order, get, setdefault, membership, len.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d))
print(d["a"], d.get("a"), d.get("z"), d.get("z", "default"))
print("a" in d, "z" in d, 1 in d, "z" not in d)
print(d.setdefault("a", 100), d.setdefault("new", []), d)
d.setdefault("new", []).append(1)
d.setdefault("new", []).append(2)
print(d["new"])
print(list(d), list(d.keys()), list(d.values()))
for k in d:
    print(k, d[k])
print({}, dict(), dict(a=1, b=2), dict([("x", 1), ("y", 2)]))
print(dict({"a": 1}, b=2), dict(zip("abc", range(3))))
keys = {1: "int", 1.5: "float", (1, 2): "tuple", None: "none", True: "bool?"}
print(keys)
print(keys[1], keys[(1, 2)], keys[None])
counts = {}
for w in "a b a c b a".split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(str({"k": "v"}), repr({"k": [1, {"n": None}]}))
