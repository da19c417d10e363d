# Self-referencing containers print with ... instead of recursing forever.
a = [1, 2]
a.append(a)
print(a)
b = []
b.append(b)
print(b, len(b))
d = {"name": "loop"}
d["self"] = d
print(d)
x = [1]
y = [x]
x.append(y)
print(x)
print(y)
t = ([],)
t[0].append(t)
print(t)
nested = {"list": []}
nested["list"].append(nested)
print(nested)
print(a[2][2][2][0], b[0][0] is b)
print(str(a) == repr(a))
