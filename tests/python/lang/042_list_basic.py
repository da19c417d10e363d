# list: append, extend, insert, pop, remove.
xs = []
xs.append(1)
xs.append([2, 3])
xs.extend([4, 5])
xs.extend("ab")
xs.extend(range(2))
print(xs, len(xs))
xs.insert(0, "first")
xs.insert(100, "last")
xs.insert(-1, "before-last")
xs.insert(-100, "very-first")
print(xs)
print(xs.pop(), xs.pop(0), xs.pop(2), xs.pop(-2))
print(xs)
xs.remove("a")
print(xs)
ys = [3, 1, 3, 2, 3]
ys.remove(3)
print(ys)
r = ys.append(9)
print(r, ys)
ys += [10]
ys += (11, 12)
ys += "z"
print(ys)
zs = ys
zs.append("shared")
print(ys is zs, ys[-1])
ws = ys + ["new"]
print(ws is ys, len(ws), len(ys))
print(list(), list("hi"), list((1, 2)), list(range(3)), list({"a": 1, "b": 2}))
