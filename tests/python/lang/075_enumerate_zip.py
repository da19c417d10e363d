# enumerate and zip.
names = ["ann", "bob", "cid"]
print(list(enumerate(names)))
print(list(enumerate(names, 1)), list(enumerate(names, start=-1)))
for i, n in enumerate(names, 10):
    print(i, n)
print(list(zip(names, [1, 2, 3])))
print(list(zip("abcd", range(2))))
print(list(zip([1, 2], "xy", (True, False))))
print(list(zip()), list(zip([])))
pairs = [("a", 1), ("b", 2), ("c", 3)]
letters, numbers = zip(*pairs)
print(letters, numbers)
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(*matrix)])
print(dict(zip(names, map(len, names))))
e = enumerate("xy")
print(next(e), next(e))
z = zip([1, 2], [3, 4])
print(next(z), list(z), list(z))
for (i, a), b in zip(enumerate("pq"), "rs"):
    print(i, a, b)
