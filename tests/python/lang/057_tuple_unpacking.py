# Tuple unpacking: swaps, nesting, loops, unpacking from any iterable.
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "xyz"
print(x, y, z)
(p, q), r = (1, 2), 3
print(p, q, r)
[m, n] = [10, 20]
print(m, n)
first, (second, (third, fourth)) = 1, (2, (3, 4))
print(first, second, third, fourth)
for i, (name, score) in enumerate([("ann", 90), ("bob", 85)]):
    print(i, name, score)
for k, v in {"a": 1, "b": 2}.items():
    print(k, v)
i, j = range(2)
print(i, j)
a = b = c = 0
a, b, c = c + 1, a + 2, b + 3
print(a, b, c)
xs = [0, 0, 0]
i = 0
i, xs[i] = 1, 5
print(i, xs)
d = {}
d["x"], d["y"] = 1, 2
print(d)
(a, b), = [(7, 8)]
print(a, b)
