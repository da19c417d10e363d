# del on list items, slices, and extended slices.
xs = list(range(10))
del xs[0]
print(xs)
del xs[-1]
print(xs)
del xs[2:4]
print(xs)
del xs[::2]
print(xs)
del xs[:]
print(xs, len(xs))
ys = ["a", "b", "c", "d", "e"]
del ys[1], ys[1]
print(ys)
try:
    del ys[10]
except IndexError as e:
    print("IndexError:", e)
del ys[10:20]
print(ys)
grid = [[1, 2, 3], [4, 5, 6]]
del grid[1][0]
del grid[0][-1]
print(grid)
d = {"a": 1, "b": 2}
lst = [d, d]
del lst[0]["a"]
print(lst)
